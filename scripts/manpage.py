"""The man page, made from the Typer app itself: every command, its arguments and options with
their help, the exit statuses and the files read. hatch_build.py runs this when a wheel is built
and ships the page as share/man/man1/watchwarranty.1, so it is never committed and never stale.

    .venv/bin/python scripts/manpage.py | man -l -     # read it
    .venv/bin/python scripts/manpage.py PATH           # write it
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _roff(text: str) -> str:
    """Text safe for roff: backslashes doubled, a leading dot or quote escaped, dashes kept."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        ("\\&" + line if line.startswith((".", "'")) else line) for line in text.splitlines()
    )


def _commands(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    for name in sorted(getattr(command, "commands", {})):
        found.extend(_commands(command.commands[name], [*path, name]))
    return found


def _parameters(command: Any, ctx: Any) -> list[str]:
    lines = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            names = param.metavar or (param.name or "").upper()
        else:
            # Long names first; Click keeps the help option's names in a set's order.
            opts = sorted(param.opts, key=lambda name: (not name.startswith("--"), name))
            names = ", ".join([*opts, *param.secondary_opts])
            metavar = "" if param.is_flag else param.make_metavar(ctx=ctx)
            if metavar:
                names += f" {metavar}"
        lines += [".TP", f"\\fB{_roff(names)}\\fR", _roff(param.help or "")]
    return lines


def manpage() -> str:
    """The man page, in English, as roff."""
    os.environ.pop("COLUMNS", None)
    from typer.main import get_command

    from watchwarranty import __version__
    from watchwarranty.cli import EXIT_STATUS_MEANING, app
    from watchwarranty.i18n import use_language

    use_language("en")
    root = get_command(app)
    lines = [
        f'.TH WATCHWARRANTY 1 "" "watchwarranty {__version__}" "User Commands"',
        ".SH NAME",
        "watchwarranty \\- " + _roff(root.help or ""),
        ".SH SYNOPSIS",
        "\\fBwatchwarranty\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        _roff(
            "Tells anyone holding a luxury watch how long the maker's warranty runs, and what "
            "they must still do to get more of it, from the rules in rules.toml. Every command "
            "speaks English or Chinese (--lang en, zh, zh-hant, or the locale)."
        ),
    ]
    for path, command in _commands(root, []):
        ctx = command.make_context(" ".join(["watchwarranty", *path]), [], resilient_parsing=True)
        title = " ".join(["watchwarranty", *path])
        lines += [".SH " + ("OPTIONS" if not path else _roff(title.upper()))]
        if path:
            pieces = " ".join(command.collect_usage_pieces(ctx))
            lines += [f"\\fB{_roff(title)}\\fR {_roff(pieces)}", ".PP", _roff(command.help or "")]
        lines += _parameters(command, ctx)
    lines += [".SH EXIT STATUS"]
    for status, meaning in EXIT_STATUS_MEANING.items():
        lines += [".TP", f"\\fB{int(status)}\\fR", _roff(meaning.replace("`", ""))]
    lines += [
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBWATCHWARRANTY_RULES\\fR",
        _roff("A rules file to use instead of the shipped one."),
        ".TP",
        "\\fBLANGUAGE\\fR, \\fBLC_ALL\\fR, \\fBLC_MESSAGES\\fR, \\fBLANG\\fR",
        _roff("The language for people, as gettext reads them, unless --lang says."),
        ".TP",
        "\\fBNO_COLOR\\fR, \\fBFORCE_COLOR\\fR, \\fBPAGER\\fR, \\fBCOLUMNS\\fR",
        _roff("Colour, the pager for long output, and the width of piped tables."),
        ".SH FILES",
        ".TP",
        "\\fI~/.config/watchwarranty/config.toml\\fR",
        _roff("Defaults set once: a [defaults] table with lang, region, date_order, format."),
        ".TP",
        "\\fI~/.config/watchwarranty/rules.toml\\fR",
        _roff("Your own rules, laid over the shipped ones."),
        ".SH SEE ALSO",
        _roff("The README, and docs/rules.md for the rules file's keys."),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # The sources beside this script, not an installed copy: a build makes the page of the code
    # it packs.
    sys.path.insert(0, str(ROOT))
    page = manpage()
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(page, "utf-8")
    else:
        sys.stdout.write(page)
