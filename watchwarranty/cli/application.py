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

from watchwarranty.dates import parse_date
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.i18n import _, detect_language, use_language
from watchwarranty.model import RuleBook
from watchwarranty.places import user_cache_dir
from watchwarranty.rulecache import load_cached
from watchwarranty.rules import default_rules_path, load_layered, load_rules, user_rules_path

PROG = "watchwarranty"


@unique
class ExitStatus(IntEnum):
    """What the exit status tells a shell script."""

    OK = 0
    ATTENTION = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


EXIT_STATUS_MEANING = {
    ExitStatus.OK: "Success. An expired warranty is an answer, not a failure.",
    ExitStatus.ATTENTION: (
        "`check -q`: not covered on the as-of date. `batch`: at least one row had an error "
        "(every row is still written). Also an unexpected crash (a bug: please report it)."
    ),
    ExitStatus.BAD_INPUT: (
        "Bad input: usage, brand, date, region, movement, store or rules file; or a `batch` "
        "run that cannot go on (a worker process killed). One line on stderr says what and "
        "how to fix it."
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
        if not standalone_mode:
            return result
        raise SystemExit(result if isinstance(result, int) else ExitStatus.OK)


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
    folder = user_cache_dir()
    shipped, user = default_rules_path(), user_rules_path()
    if rules_path is not None or user is None:
        only = rules_path if rules_path is not None else shipped
        return load_cached([only], lambda: load_rules(only), folder)
    return load_cached([shipped, user], lambda: load_layered(shipped, user), folder)


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
