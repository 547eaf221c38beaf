"""The command line: reads arguments, the clock and the environment, calls the engine, and hands
the verdict to a renderer. Every expected failure leaves through one place, as one line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import IntEnum, unique
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperGroup

from .dates import parse_date
from .engine import evaluate
from .errors import WatchWarrantyError
from .inputs import build_purchase
from .model import RuleBook
from .render import OutputFormat
from .rules import default_rules_path, load_rules

PROG = "watchwarranty"


@unique
class ExitStatus(IntEnum):
    """What the exit status tells a shell script."""

    OK = 0
    NOT_COVERED = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


EXIT_STATUS_MEANING = {
    ExitStatus.OK: "Success. An expired warranty is an answer, not a failure.",
    ExitStatus.NOT_COVERED: (
        "With `-q`: not covered on the as-of date. "
        "Also an unexpected crash (a bug: please report it)."
    ),
    ExitStatus.BAD_INPUT: (
        "Bad input: usage, brand, date, region, movement, store or rules file. "
        "One line on stderr says what and how to fix it."
    ),
    ExitStatus.INTERRUPTED: "Interrupted (Ctrl-C).",
}


def _fail(message: str) -> NoReturn:
    # typer.echo, not a Rich console: Rich would wrap a long message onto several lines.
    typer.echo(f"{PROG}: error: {message}", err=True)
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
            _fail(f"{error.format_message().rstrip('.')}; see '{command} --help'")
        except ClickException as error:
            _fail(error.format_message())
        except typer.Abort:
            raise SystemExit(ExitStatus.INTERRUPTED) from None
        if not standalone_mode:
            return result
        raise SystemExit(result if isinstance(result, int) else ExitStatus.OK)


app = typer.Typer(
    cls=_OneLineErrorGroup,
    name=PROG,
    help="How long a luxury watch's maker warranty runs, and what to do to get more of it.",
    add_completion=False,
    no_args_is_help=True,
    # Inventories and owners' details must never end up on screen in a traceback.
    pretty_exceptions_show_locals=False,
)


@contextmanager
def _one_line_errors() -> Iterator[None]:
    try:
        yield
    except WatchWarrantyError as error:
        _fail(str(error))


def _load(rules_path: Path | None) -> RuleBook:
    return load_rules(rules_path or default_rules_path())


@app.callback()
def _main() -> None:
    """How long a luxury watch's maker warranty runs, and what to do to get more of it."""


@app.command()
def check(
    brand: Annotated[
        str, typer.Argument(help="Brand name or alias, in English or Chinese (see rules.toml).")
    ],
    purchase_date: Annotated[
        str,
        typer.Argument(
            metavar="PURCHASE_DATE",
            help="First retail sale (the warranty card's date): 2020-03-01, 2020年3月1日.",
        ),
    ],
    region: Annotated[
        str | None,
        typer.Option(help="Where it was bought: ISO 3166 code or country name (CN, China, 中国)."),
    ] = None,
    registered: Annotated[
        bool, typer.Option("--registered", help="Registered in time; the date is not known.")
    ] = False,
    registered_on: Annotated[
        str | None, typer.Option(help="The day the watch was registered with the brand.")
    ] = None,
    movement: Annotated[
        str | None, typer.Option(help="Movement kind: mechanical, quartz, co-axial.")
    ] = None,
    store: Annotated[str | None, typer.Option(help="The shop it was bought at.")] = None,
    second_hand: Annotated[
        bool, typer.Option("--second-hand", help="The holder is a later owner.")
    ] = False,
    no_marketing_consent: Annotated[
        bool,
        typer.Option(
            "--no-marketing-consent", help="The owner refuses the brand's marketing messages."
        ),
    ] = False,
    as_of: Annotated[
        str | None, typer.Option(help="Answer as on this day instead of today.")
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", case_sensitive=False, help="Output format."),
    ] = OutputFormat.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also show every rule considered, and why.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print nothing; exit 0 if covered, 1 if not."),
    ] = False,
    rules_path: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            envvar="WATCHWARRANTY_RULES",
            help="Use this rules file instead of the shipped one.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Is this watch covered, until when, and what must the owner still do to get more?"""
    with _one_line_errors():
        rules = _load(rules_path)
        purchase = build_purchase(
            rules,
            brand=brand,
            purchase_date=purchase_date,
            region=region,
            movement=movement,
            store=store,
            registered=True if registered else None,
            registered_on=registered_on,
            second_hand=second_hand,
            marketing_consent=not no_marketing_consent,
        )
        verdict = evaluate(
            purchase, rules, as_of=parse_date(as_of) if as_of is not None else date.today()
        )

    if quiet:
        raise typer.Exit(ExitStatus.OK if verdict.covered else ExitStatus.NOT_COVERED)
    if output_format is OutputFormat.JSON:
        from .render.serial import render_json

        sys.stdout.write(render_json(verdict, explain=explain))
    elif output_format is OutputFormat.CSV:
        from .render.serial import render_csv

        sys.stdout.write(render_csv(verdict))
    else:
        from rich.console import Console

        from .render.table import render_table

        Console(highlight=False).print(render_table(verdict, explain=explain))


def main() -> None:
    """Console-script entry point."""
    app(prog_name=PROG)
