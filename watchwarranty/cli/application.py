"""The Typer app, the exit statuses, and the one place where expected failures become one line."""

# No `from __future__ import annotations`: Typer reads a command's annotations on every run,
# and as strings it compiles and evaluates each one (~2.5% of `check`'s start-up).

import codecs
import contextlib
import errno
import gc
import io
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import IntEnum, StrEnum, unique
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

from watchwarranty.errors import OutputError, RulesError, WatchWarrantyError
from watchwarranty.i18n import (
    _,
    chinese,
    detect_language,
    join_any,
    language_named,
    learn,
    use_language,
)
from watchwarranty.inputs.dates import (
    DateOrder,
    date_order_for_command,
    forget_command_options,
    parse_date,
    roc_years_for_command,
    today,
)
from watchwarranty.model import RuleBook
from watchwarranty.render.safe import printable
from watchwarranty.rules import default_rules_path, load_layered, load_rules, user_rules_path

PROG = "watchwarranty"


@unique
class ExitStatus(IntEnum):
    """What the exit status tells a shell script."""

    OK = 0
    ATTENTION = 1
    BAD_INPUT = 2
    DEPENDS = 3
    INTERNAL_ERROR = 70  # EX_SOFTWARE in BSD's sysexits.h
    OUTPUT_ERROR = 74  # EX_IOERR
    INTERRUPTED = 130
    BROKEN_PIPE = 141  # 128 + SIGPIPE, as the shell reports a process the signal killed


EXIT_STATUS_MEANING = {
    ExitStatus.OK: "Success. An expired warranty is an answer, not a failure.",
    ExitStatus.ATTENTION: (
        "`check -q`: not covered on the as-of date in any reading of the facts not given. "
        "`batch`: at least one row had an error, "
        "and every row is still written (the row's `error` column says what). `rules test`: a "
        "case failed. `rules sweep`: a finding. `rules diff`: some answers move."
    ),
    ExitStatus.BAD_INPUT: (
        "Bad input: usage, brand, date, region, movement, store or rules file (your own rules "
        "file too, when others can change it), a `batch` input without a usable header or "
        'that cannot be read ("cannot read FILE"), a workbook too large or broken to read, '
        "or an output that is the input. One line on stderr says what and how to fix it; no "
        "output file is changed."
    ),
    ExitStatus.DEPENDS: (
        "`check -q`: may be covered, depending on a fact not given (the answer's `depends_on` "
        "names which); not certainly covered, so a script must not take it for 0."
    ),
    ExitStatus.INTERNAL_ERROR: (
        "A bug in watchwarranty. One line on stderr names it and where to report it; "
        "`WATCHWARRANTY_DEBUG=1` shows the traceback."
    ),
    ExitStatus.OUTPUT_ERROR: (
        "An output could not be written (disk full, stdout closed, a file that cannot be "
        "created, a stdout encoding that cannot hold the answer), in every command alike. One "
        "line on stderr names it; the file it would have replaced is left as it was."
    ),
    ExitStatus.INTERRUPTED: (
        "Interrupted (Ctrl-C); every output file is left as it was before the run. SIGTERM "
        "and SIGHUP do the same, then end the process by their signal (143 and 129 in a shell)."
    ),
    ExitStatus.BROKEN_PIPE: (
        "The reader of the output went away (say, `head -1` had read enough): killed by "
        "SIGPIPE, quietly, as standard Unix tools are."
    ),
}


def _say(line: str) -> None:
    # typer.echo, not a Rich console: Rich would wrap a long message onto several lines.
    # When stderr is gone too, the exit status is all that is left to say it.
    with contextlib.suppress(OSError):
        typer.echo(printable(line), err=True)


def fail(message: str, hint: str | None = None, *, kind: str = "bad-input") -> NoReturn:
    """Say what went wrong on stderr and exit 2."""
    _say_error(kind, ExitStatus.BAD_INPUT, message, hint)
    raise SystemExit(ExitStatus.BAD_INPUT)


# Set from the command line: with --format json, a script reads the error as JSON too.
_json_errors = False


def _wants_json(args: list[str]) -> bool:
    for index, argument in enumerate(args):
        if argument == "--":
            break
        if argument == "--format" and index + 1 < len(args):
            value = args[index + 1]
        elif argument.startswith("--format="):
            value = argument.partition("=")[2]
        else:
            continue
        return value.lower() in ("json", "jsonl")
    return False


def _say_error(kind: str, status: int, message: str, hint: str | None) -> None:
    """One line on stderr: prose for people, or one JSON object when the output is JSON (the
    kind and status stable for scripts, the message and hint in the reader's language)."""
    if _json_errors:
        import json

        said = {"error": kind, "code": int(status), "message": message, "hint": hint}
        _say(json.dumps(said, ensure_ascii=False))
    elif hint:
        _say(error_line(_("{message}; {hint}").format(message=message, hint=hint)))
    else:
        _say(error_line(message))


def error_line(message: str) -> str:
    """The line an error is said in: the program, then "error:" in the reader's language."""
    # Chinese puts a full-width colon after a label, so the separator is translated with it.
    return f"{PROG}: " + _("error: {message}").format(message=message)


def output_failed(error: OSError, path: object = None, *, message: str = "") -> NoReturn:
    """A write that failed: one line on stderr and exit 74; a closed pipe ends the run quietly."""
    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        _die_of_sigpipe()
    where = _("the output") if path is None else str(path)
    reason = error.strerror or str(error)
    message = message or _("cannot write {path}: {reason}").format(path=where, reason=reason)
    _say_error("output", ExitStatus.OUTPUT_ERROR, message, None)
    if path is None:
        # Python would flush what stdout still holds at exit, fail again, and print a
        # traceback-like "Exception ignored" with status 120 (a full disk, /dev/full).
        _drop_buffered_stdout()
    raise SystemExit(ExitStatus.OUTPUT_ERROR)


def _drop_buffered_stdout() -> None:
    """Point stdout at /dev/null, so that what it still buffers goes nowhere at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _die_of_sigpipe() -> NoReturn:
    """End as `head`'s other writers do: killed by SIGPIPE, so the shell sees 141 and says
    nothing. What is still buffered for the closed pipe is dropped, not flushed at exit."""
    _drop_buffered_stdout()
    if _in_real_process:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    raise SystemExit(ExitStatus.BROKEN_PIPE)


# Only the console script may kill its own process; in a test runner the status says it.
_in_real_process = False


def running_as_program() -> None:
    """Called by the console script: a closed pipe ends this process by its signal, as it ends
    `cat` or `grep`. Python ignores SIGPIPE and raises BrokenPipeError instead, which Click
    would turn into exit 1 ("a row had an error") before we could see it."""
    global _in_real_process
    _in_real_process = True
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


class _ClosedStream(io.TextIOBase):
    """Stands for stdout when the shell closed it (`>&-`): writing to it fails as a write to a
    closed descriptor does, instead of Python's silent None."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    @property
    def buffer(self) -> Any:
        return self

    def isatty(self) -> bool:
        return False


def _taken_out(args: list[str], option: str) -> tuple[list[str], list[str]]:
    """Every value ``option`` is given (``--x V`` or ``--x=V``, before ``--``), in order, taken
    out of the command line wherever it stands, so every command and group accepts it; and the
    arguments without it."""
    values: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        argument = args[index]
        if argument == "--":
            rest.extend(args[index:])
            break
        if argument == option and index + 1 < len(args):
            values.append(args[index + 1])
            index += 2
        elif argument.startswith(option + "="):
            values.append(argument.partition("=")[2])
            index += 1
        else:
            rest.append(argument)
            index += 1
    return values, rest


def _configured() -> dict[str, str]:
    """The config file's defaults; the module that reads it is loaded only when it is there."""
    from watchwarranty.rules.places import user_config_file

    path = user_config_file()
    try:
        if path is None or not path.is_file():
            return {}
    except OSError:
        # A config folder that cannot be searched holds the user's rules file too: the rules'
        # loading says "cannot read" for it, and `rules path` shows it.
        return {}
    from watchwarranty.config import read_defaults

    return read_defaults()


def _colour_in(args: list[str]) -> list[str]:
    """``--color`` taken out of the command line wherever it stands (before ``--``) and put in
    force; the arguments without it."""
    chosen, rest = _taken_out(args, "--color")
    if not chosen:
        if "watchwarranty.render.output" in sys.modules:
            # Each run starts from "auto": a test runner calls the app many times in one
            # process. A run that loaded no output module yet has nothing to undo.
            sys.modules["watchwarranty.render.output"].use_colour("auto")
        return rest
    from watchwarranty.render.output import use_colour

    use_colour("auto")
    for value in chosen:
        if value.lower() not in ("auto", "always", "never"):
            fail(
                _("invalid value for {name}: {reason}").format(
                    name="'--color'",
                    reason=_("{value} is not one of {choices}").format(
                        value=repr(value), choices=join_any(["'auto'", "'always'", "'never'"])
                    ),
                ),
                kind="usage",
            )
        use_colour(value.lower())
    return rest


def choose_language(args: list[str], configured: str | None = None) -> list[str]:
    """Write in ``--lang``, else the config file's, else as the locale environment asks; the
    arguments left."""
    given, rest = _taken_out(args, "--lang")
    if not given:
        use_language(configured or detect_language(os.environ))
        return rest
    chosen = given[-1]
    # zh-TW, zh_HK and zh_Hant ask for Traditional as a locale name would; zh is Simplified.
    language = language_named(chosen)
    if language is None:
        fail(
            _("invalid value for '--lang': {value!r} is not one of 'en', 'zh', 'zh-hant'").format(
                value=chosen
            )
        )
    use_language(language)
    return rest


# Typer's options panel puts names, type and help side by side; when the help would have fewer
# cells than this, Rich cuts names and types to "…" instead, so each option is stacked.
NARROWEST_HELP = 30


@contextmanager
def _help_wrapped() -> Iterator[None]:
    """Typer's help lays each description out with Rich, which breaks lines at spaces only: a
    Chinese description (which has none) is one word, cut to "…" in the options panel at 80
    columns. No Typer setting reaches it (rich_markup_mode, the panel's styles), so while help
    is printed, the text Typer makes is laid out by render.wrap, which breaks it as it should,
    and a narrow terminal gets the options stacked, each one's help under its name."""
    from rich.text import Text
    from typer import rich_utils

    from watchwarranty.cli.clickwords import arguments_untyped, help_words
    from watchwarranty.render.output import colour
    from watchwarranty.render.wrap import Wrapped

    make = rich_utils._make_rich_text
    panel = rich_utils._print_options_panel

    def wrapped(*, text: str, style: str = "", markup_mode: Any) -> Any:
        made = make(text=text, style=style, markup_mode=markup_mode)
        return Wrapped(made) if isinstance(made, Text) else made

    def options_panel(**kwargs: Any) -> None:
        with arguments_untyped(kwargs["params"]):
            if _fits_side_by_side(kwargs["params"], kwargs["ctx"], kwargs["console"].width):
                panel(**kwargs)
            else:
                _stacked_options_panel(**kwargs)

    rich_utils._make_rich_text = wrapped
    rich_utils._print_options_panel = options_panel
    # --color reaches the help's console through Typer's own settings.
    terminal, system = rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM
    chosen = colour()
    if chosen == "never":
        rich_utils.COLOR_SYSTEM = None
    elif chosen == "always":
        rich_utils.FORCE_TERMINAL = True
    try:
        with help_words():
            yield
    finally:
        rich_utils._make_rich_text = make
        rich_utils._print_options_panel = panel
        rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = terminal, system


def _fits_side_by_side(params: list[Any], ctx: Any, width: int) -> bool:
    from rich.cells import cell_len

    names = [cell_len(",".join(param.opts)) for param in params]
    # A flag's other name (--no-bom) has a column of its own.
    others = [cell_len(",".join(getattr(param, "secondary_opts", ()))) for param in params]
    # A number's range ([0<=x<=36500]) is shown after its type.
    kinds = [
        cell_len(param.make_metavar(ctx=ctx))
        + (
            cell_len(param.type._describe_range()) + 3
            if hasattr(param.type, "_describe_range")
            else 0
        )
        for param in params
    ]
    # The panel's borders, the "*" column, the short names (-q) and the padding between.
    around = 14
    widest = max(names, default=0) + max(others, default=0) + max(kinds, default=0)
    return widest + around + NARROWEST_HELP <= width


def _stacked_options_panel(
    *, name: str, params: list[Any], ctx: Any, markup_mode: Any, console: Any
) -> None:
    """Typer's options panel for a narrow terminal: each option's names, type and "*" if it is
    required on one line, and its help (Typer's own) on the lines below, indented."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from typer import rich_utils
    from typer.core import TyperArgument

    from watchwarranty.render.wrap import Wrapped

    if not params:
        return
    grid = Table.grid()
    grid.add_column()
    for param in params:
        if isinstance(param, TyperArgument):
            names = [param.metavar or param.name or ""]
            kind = param.type.get_metavar(param=param, ctx=ctx)
        else:
            names = [*param.opts, *param.secondary_opts]
            kind = "" if param.is_flag else param.make_metavar(ctx=ctx)
        head = Text.assemble(
            ("* " if param.required else "", rich_utils.STYLE_REQUIRED_SHORT),
            (", ".join(names), rich_utils.STYLE_OPTION),
            (f" {kind}" if kind else "", rich_utils.STYLE_TYPES),
        )
        grid.add_row(Wrapped(head))
        help_text = rich_utils._get_parameter_help(param=param, ctx=ctx, markup_mode=markup_mode)
        grid.add_row(Padding(help_text, (0, 0, 0, 4)))
    console.print(
        Panel(
            grid,
            border_style=rich_utils.STYLE_OPTIONS_PANEL_BORDER,
            title=name,
            title_align=rich_utils.ALIGN_OPTIONS_PANEL,
        )
    )


class _OwnWords:
    """Click's usage line and help option, in the reader's language (see cli.clickwords)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from watchwarranty.cli.clickwords import usage_pieces, usage_prefix

        pieces = usage_pieces(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=usage_prefix())

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        # Click asks for it on every run, to parse -h: said here, not in cli.clickwords, which
        # only an error or help needs loaded.
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class HelpGroup(_OwnWords, TyperGroup):
    """A group whose help wraps Chinese as it should (see ``_help_wrapped``)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # Typer's completion options come with English help of their own.
        said = {
            "install_completion": _("Install completion for the current shell."),
            "show_completion": _("Show completion for the current shell, to copy or change it."),
        }
        for param in self.params:
            if param.name in said:
                param.help = said[param.name]  # type: ignore[attr-defined]
        with _help_wrapped():
            super().format_help(ctx, formatter)


class _OneLineErrorGroup(HelpGroup):
    """Click prints usage errors as a multi-line box; we promise one line and exit 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone_mode = kwargs.get("standalone_mode", True)
        # Let Click raise its errors to us instead of printing them itself.
        kwargs["standalone_mode"] = False
        arguments = list(args[0] if args else kwargs.get("args") or sys.argv[1:])
        args = ()
        forget_command_options()
        global _json_errors
        _json_errors = _wants_json(arguments)
        columns = os.environ.get("COLUMNS")
        if columns is not None and not (columns.isdigit() and int(columns) > 0):
            # COLUMNS=0 (or junk) says nothing about the terminal; Rich, and so Typer's help,
            # would take it for no room at all and print nothing.
            del os.environ["COLUMNS"]
        try:
            defaults = _configured()
        except WatchWarrantyError as error:
            choose_language(arguments)
            fail(error.message, error.hint)
        kwargs["args"] = _colour_in(choose_language(arguments, defaults.get("lang")))
        if defaults:
            from watchwarranty.config import default_map

            # Click's own mechanism: a value on the command line wins over these.
            kwargs["default_map"] = default_map(defaults)
        _refuse_undecodable(kwargs["args"])
        if sys.stdout is None:
            sys.stdout = _ClosedStream()
        try:
            result = super().main(*args, **kwargs)
            # What is still buffered must fail here, where it can be reported, not at exit.
            sys.stdout.flush()
        except NoArgsIsHelpError:
            # A bare command asks for its help, which is an answer: Typer's Rich help printed
            # it on stdout as the error was made.
            result = ExitStatus.OK
        except UsageError as error:
            from watchwarranty.cli.clickwords import said

            command = error.ctx.command_path if error.ctx is not None else PROG
            hint = _("see '{command} --help'").format(command=command)
            fail(said(error), hint, kind="usage")
        except ClickException as error:
            from watchwarranty.cli.clickwords import said

            fail(said(error), kind="usage")
        except typer.Abort:
            raise SystemExit(ExitStatus.INTERRUPTED) from None
        except OSError as error:
            output_failed(error)
        except UnicodeEncodeError as error:
            if codecs.lookup(error.encoding).name == "utf-8":
                _crash(error)  # text no encoding holds (a lone surrogate) reached an output
            _unencodable(error)
        except Exception as error:
            _crash(error)
        if not standalone_mode:
            return result
        raise SystemExit(result if isinstance(result, int) else ExitStatus.OK)


def _refuse_undecodable(arguments: list[str]) -> None:
    # Bytes the locale cannot decode reach Python as lone surrogates, which no output can hold.
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            with contextlib.suppress(ValueError):
                if os.path.lexists(argument):
                    continue  # a file's name in another encoding still names the file
            shown = argument.encode("utf-8", "backslashreplace").decode("ascii")
            fail(
                _(
                    "the argument {argument} is not text in the locale's encoding; "
                    "write it in UTF-8"
                ).format(argument=shown)
            )


def _unencodable(error: UnicodeEncodeError) -> NoReturn:
    """Stdout in an encoding that cannot hold the answer (PYTHONIOENCODING=ascii): 74."""
    char = error.object[error.start : error.start + 1]
    message = _(
        "cannot write the output: its encoding, {encoding}, cannot hold {char!r}; "
        "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale"
    ).format(encoding=error.encoding, char=char)
    _say_error("output", ExitStatus.OUTPUT_ERROR, message, None)
    raise SystemExit(ExitStatus.OUTPUT_ERROR)


# Options that say opposite things without being one flag's two forms: a watch not registered
# has no registration day.
_CONTRADICTING = (("--not-registered", "--registered-on"),)


def _refuse_contradictions(params: list[Any], ctx: Any, args: list[str]) -> None:
    """A usage error for two options that contradict each other (--registered and
    --not-registered): Click would let the last one win, silently."""
    if ctx.resilient_parsing:
        return  # a shell asking for completions
    position: dict[str, int] = {}
    for index, argument in enumerate(args):
        if argument == "--":
            break
        if argument.startswith("--"):
            position.setdefault(argument.partition("=")[0], index)
    pairs = [
        (first, second)
        for param in params
        for first in param.opts
        for second in getattr(param, "secondary_opts", ())
    ]
    known = {
        option
        for param in params
        for option in (*param.opts, *getattr(param, "secondary_opts", ()))
    }
    pairs += [pair for pair in _CONTRADICTING if known.issuperset(pair)]
    clashes = [
        sorted(pair, key=position.__getitem__)
        for pair in pairs
        if all(option in position for option in pair)
    ]
    if clashes:
        first, second = min(clashes, key=lambda pair: position[pair[1]])
        message = _("{first} and {second} contradict each other").format(
            first=first, second=second
        )
        raise UsageError(message, ctx=ctx)


class Command(_OwnWords, TyperCommand):
    """A command whose usage line names its arguments as the README does (BRAND, not {BRAND}):
    Typer braces required arguments, which reads as shell brace expansion; whose help wraps
    Chinese as it should (see ``_help_wrapped``); and which refuses options that contradict
    each other rather than let the last one win."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [piece.strip("{}") for piece in super().collect_usage_pieces(ctx)]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _refuse_contradictions(self.params, ctx, args)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _help_wrapped():
            super().format_help(ctx, formatter)


def _crash(error: Exception) -> NoReturn:
    """A bug: one line that says so and where to report it; never an inventory on screen."""
    if os.environ.get("WATCHWARRANTY_DEBUG"):
        raise error
    from watchwarranty import __version__

    what = " ".join(f"{type(error).__name__}: {error}".split())
    hint = _(
        "this is a bug in watchwarranty {version}; please report it with the command that "
        "caused it (README, 'Reporting a bug'); WATCHWARRANTY_DEBUG=1 shows the traceback"
    ).format(version=__version__)
    if _json_errors:
        _say_error("internal", ExitStatus.INTERNAL_ERROR, what, hint)
    else:
        _say(f"{PROG}: " + _("internal error: {message}").format(message=f"{what}; {hint}"))
    raise SystemExit(ExitStatus.INTERNAL_ERROR)


def examples(command: str = "") -> str:
    """The end of a command's help: its worked examples from examples.txt, one a line."""
    prefix = f"{PROG} {command}".rstrip()
    lines = [
        line
        for line in Path(__file__).with_name("examples.txt").read_text("utf-8").splitlines()
        if line.startswith(prefix + " ") and not line.startswith("#")
    ]
    if not command:
        firsts: dict[str, str] = {}
        for line in lines:
            firsts.setdefault(line.split()[1], line)
        lines = list(firsts.values())
    heading = _("Examples:")
    return "\n".join([heading, *(f"  $ {line}" for line in lines)])


# -h as well as --help, on every command: Click hands the names down to each subcommand.
CONTEXT: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    # Click would wrap the usage line itself, at no fewer than 50 columns, and Rich then wrap
    # its lines again: at 40 columns "PURCHASE_DATE" came out split. Rich alone wraps it.
    "terminal_width": 10_000,
    "max_content_width": 10_000,
}

app = typer.Typer(
    cls=_OneLineErrorGroup,
    name=PROG,
    help=_("How long a luxury watch's maker warranty runs, and what to do to get more of it."),
    epilog=examples(),
    context_settings=CONTEXT,
    # The console script turns completion on when the shell asks for it (see cli.main): its
    # options belong to the bare command, and every other run is spared loading it.
    add_completion=False,
    no_args_is_help=True,
    # Inventories and owners' details must never end up on screen in a traceback.
    pretty_exceptions_show_locals=False,
)


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn any expected failure inside the block into one stderr line and exit 2 (74 for an
    output that could not be written)."""
    try:
        yield
    except OutputError as error:
        output_failed(error.error, message=str(error))
    except WatchWarrantyError as error:
        fail(error.message, error.hint, kind=_KINDS.get(type(error).__name__, "bad-input"))


# What kind of error a script is told, by the exception's class (errors.py).
_KINDS = {
    "UnknownBrandError": "unknown-brand",
    "DateError": "bad-date",
    "RulesError": "bad-rules",
    "RunError": "cannot-run",
}


def load(
    rules_path: Path | None, *, overlaps_allowed: bool = False, strict: bool = False
) -> RuleBook:
    """The rules file given (it replaces the shipped one), or the shipped rules with the
    user's own file laid over them; ``strict`` for `rules check` (see load_rules)."""
    if rules_path is not None:
        rules = load_rules(rules_path, overlaps_allowed=overlaps_allowed, strict=strict)
    elif (user := user_rules_path()) is None:
        rules = load_rules(default_rules_path(), overlaps_allowed=overlaps_allowed, strict=strict)
    else:
        rules = load_layered(
            default_rules_path(), user, overlaps_allowed=overlaps_allowed, strict=strict
        )
    if chinese():
        # Store names and conditions reach sentences as the rules write them.
        learn(rules)
    return rules


def as_of_day(text: str | None) -> date:
    """The --as-of date, or today."""
    return parse_date(text) if text is not None else today()


class Colour(StrEnum):
    """The ``--color`` choices."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class Language(StrEnum):
    """The ``--lang`` choices."""

    EN = "en"
    ZH = "zh"
    ZH_HANT = "zh-hant"


def apply_language(chosen: Language | None) -> None:
    """Write in ``--lang``. The group takes ``--lang`` out of the command line wherever it
    stands and chooses the language before any command runs, so this rarely sees one."""
    if chosen is not None:
        use_language(chosen.value)


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        envvar="WATCHWARRANTY_RULES",
        metavar="PATH",
        help=_("Use this rules file instead of the shipped one."),
        dir_okay=False,
    ),
]
DateOrderOption = Annotated[
    DateOrder | None,
    typer.Option(
        "--date-order",
        case_sensitive=False,
        # Set before any date is read, even --as-of's, and undone when the command ends.
        callback=date_order_for_command,
        is_eager=True,
        help=_("Read dates like 03/01/2020 as day/month (dmy) or month/day (mdy)."),
    ),
]
RocYearsOption = Annotated[
    bool,
    typer.Option(
        "--roc-years",
        callback=roc_years_for_command,
        is_eager=True,
        help=_("Read a year of 2 or 3 digits first (112/1/3) as a 民國 (ROC) year: 2023-01-03."),
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help=_("Answer as on this day instead of today.")),
]
# How an inventory's sheet and columns are found: `batch` and `rules diff --inventory` alike.
SheetOption = Annotated[
    str | None,
    typer.Option(metavar="NAME", help=_("The workbook's sheet to read (default: the first).")),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        metavar="FIELD=HEADER",
        help=_("Read FIELD (e.g. purchase_date) from the column named HEADER; repeatable."),
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager", help=_("Print straight to the terminal, even if longer than the screen.")
    ),
]
ColorOption = Annotated[
    Colour | None,
    typer.Option(
        "--color",
        case_sensitive=False,
        help=_(
            "Colour: auto (on a terminal, unless NO_COLOR is set), always or never; "
            "accepted anywhere on the command line."
        ),
        show_default=False,
    ),
]
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        case_sensitive=False,
        help=_(
            "Language for people: en, zh (Simplified) or zh-hant (Traditional; also zh-TW, "
            "zh-HK); by default from LANGUAGE, LC_ALL, LC_MESSAGES or LANG."
        ),
        show_default=False,
    ),
]


def _show_version(value: bool) -> None:
    if value:
        from watchwarranty import __version__

        typer.echo(f"{PROG} {__version__}")
        typer.echo(rules_line(os.environ.get("WATCHWARRANTY_RULES")))
        raise typer.Exit(ExitStatus.OK)


def rules_line(chosen: str | None) -> str:
    """Which rules answer: their version and fingerprint, or why they cannot be read."""
    try:
        rules = load(Path(chosen) if chosen else None)
    except RulesError as error:
        return printable(
            _("rules: cannot be read ({problem}); 'watchwarranty rules check' lists why").format(
                problem=error.problems[0]
            )
        )
    return _("rules: version {version}, fingerprint {fingerprint}").format(
        version=rules.version or _("none given"), fingerprint=rules.fingerprint
    )


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            is_eager=True,
            callback=_show_version,
            help=_("Print the version and exit."),
        ),
    ] = False,
    lang: LangOption = None,
    # Taken out of the command line by the group wherever it stands; declared here for help.
    color: ColorOption = None,
) -> None:
    """How long a luxury watch's maker warranty runs, and what to do to get more of it."""
    # Start-up is over (see main): what it made stays, out of the collector's way.
    gc.freeze()
    gc.enable()
