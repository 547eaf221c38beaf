"""The Typer app, the exit statuses, and the one place where expected failures become one line."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import IntEnum, StrEnum, unique
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperGroup

from watchwarranty.errors import WatchWarrantyError
from watchwarranty.i18n import _, detect_language, use_language
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import RuleBook
from watchwarranty.rules import default_rules_path, load_layered, load_rules, user_rules_path

PROG = "watchwarranty"


@unique
class ExitStatus(IntEnum):
    """What the exit status tells a shell script."""

    OK = 0
    ATTENTION = 1
    BAD_INPUT = 2
    INTERNAL_ERROR = 70  # EX_SOFTWARE in BSD's sysexits.h
    INTERRUPTED = 130


EXIT_STATUS_MEANING = {
    ExitStatus.OK: "Success. An expired warranty is an answer, not a failure.",
    ExitStatus.ATTENTION: (
        "`check -q`: not covered on the as-of date. `batch`: at least one row had an error, "
        "and every row is still written (the row's `error` column says what)."
    ),
    ExitStatus.BAD_INPUT: (
        "Bad input: usage, brand, date, region, movement, store or rules file, or a `batch` "
        "input without a usable header. One line on stderr says what and how to fix it."
    ),
    ExitStatus.INTERNAL_ERROR: (
        "A bug in watchwarranty. One line on stderr names it and where to report it; "
        "`WATCHWARRANTY_DEBUG=1` shows the traceback."
    ),
    ExitStatus.INTERRUPTED: "Interrupted (Ctrl-C).",
}


def fail(message: str) -> NoReturn:
    """Print one error line on stderr and exit 2."""
    # typer.echo, not a Rich console: Rich would wrap a long message onto several lines.
    label = _("error")
    typer.echo(f"{PROG}: {label}: {message}", err=True)
    raise SystemExit(ExitStatus.BAD_INPUT)


class _OneLineErrorGroup(TyperGroup):
    """Click prints usage errors as a multi-line box; we promise one line and exit 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone_mode = kwargs.get("standalone_mode", True)
        # Let Click raise its errors to us instead of printing them itself.
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else PROG
            hint = _("see '{command} --help'").format(command=command)
            fail(f"{error.format_message().rstrip('.')}; {hint}")
        except ClickException as error:
            fail(error.format_message())
        except typer.Abort:
            raise SystemExit(ExitStatus.INTERRUPTED) from None
        except Exception as error:
            _crash(error)
        if not standalone_mode:
            return result
        raise SystemExit(result if isinstance(result, int) else ExitStatus.OK)


def _crash(error: Exception) -> NoReturn:
    """A bug: one line that says so and where to report it; never an inventory on screen."""
    if os.environ.get("WATCHWARRANTY_DEBUG"):
        raise error
    from watchwarranty import __version__

    what = " ".join(f"{type(error).__name__}: {error}".split())
    label = _("internal error")
    hint = _(
        "this is a bug in watchwarranty {version}; please report it with the command that "
        "caused it (README, 'Reporting a bug'); WATCHWARRANTY_DEBUG=1 shows the traceback"
    ).format(version=__version__)
    typer.echo(f"{PROG}: {label}: {what}; {hint}", err=True)
    raise SystemExit(ExitStatus.INTERNAL_ERROR)


app = typer.Typer(
    cls=_OneLineErrorGroup,
    name=PROG,
    help=_("How long a luxury watch's maker warranty runs, and what to do to get more of it."),
    add_completion=False,
    no_args_is_help=True,
    # Inventories and owners' details must never end up on screen in a traceback.
    pretty_exceptions_show_locals=False,
)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn any expected failure inside the block into one stderr line and exit 2."""
    try:
        yield
    except WatchWarrantyError as error:
        fail(str(error))


def load(rules_path: Path | None) -> RuleBook:
    """The rules file given (it replaces the shipped one), or the shipped rules with the
    user's own file laid over them."""
    if rules_path is not None:
        return load_rules(rules_path)
    user = user_rules_path()
    if user is None:
        return load_rules(default_rules_path())
    return load_layered(default_rules_path(), user)


def as_of_day(text: str | None) -> date:
    """The --as-of date, or today: the only place that reads the clock."""
    return parse_date(text) if text is not None else date.today()


class Language(StrEnum):
    """The ``--lang`` choices."""

    EN = "en"
    ZH = "zh"


def apply_language(chosen: Language | None) -> None:
    """Write in ``--lang``, else in the language the locale environment asks for."""
    use_language(chosen.value if chosen is not None else detect_language(os.environ))


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        envvar="WATCHWARRANTY_RULES",
        help=_("Use this rules file instead of the shipped one."),
        dir_okay=False,
    ),
]
AsOfOption = Annotated[str | None, typer.Option(help=_("Answer as on this day instead of today."))]
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        case_sensitive=False,
        help=_("Language for people: en or zh (default: from LC_ALL, LC_MESSAGES, LANG)."),
        show_default=False,
    ),
]


@app.callback()
def _main() -> None:
    """How long a luxury watch's maker warranty runs, and what to do to get more of it."""
    # Start-up is over (see main): what it made stays, out of the collector's way.
    gc.freeze()
    gc.enable()
