"""`watchwarranty check`: one watch, in a table, JSON or CSV."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from watchwarranty.engine import evaluate
from watchwarranty.i18n import _
from watchwarranty.inputs import build_purchase
from watchwarranty.render import OutputFormat

from .application import (
    AsOfOption,
    ExitStatus,
    LangOption,
    RulesOption,
    app,
    apply_language,
    as_of_day,
    load,
    one_line_errors,
)


@app.command(
    help=_("Is this watch covered, until when, and what must the owner still do to get more?")
)
def check(
    brand: Annotated[
        str, typer.Argument(help=_("Brand name or alias, in English or Chinese (see rules.toml)."))
    ],
    purchase_date: Annotated[
        str,
        typer.Argument(
            metavar="PURCHASE_DATE",
            help=_("First retail sale (the warranty card's date): 2020-03-01, 2020年3月1日."),
        ),
    ],
    region: Annotated[
        str | None,
        typer.Option(
            help=_("Where it was bought: ISO 3166 code or country name (CN, China, 中国).")
        ),
    ] = None,
    registered: Annotated[
        bool, typer.Option("--registered", help=_("Registered in time; the date is not known."))
    ] = False,
    registered_on: Annotated[
        str | None, typer.Option(help=_("The day the watch was registered with the brand."))
    ] = None,
    movement: Annotated[
        str | None, typer.Option(help=_("Movement kind: mechanical, quartz, co-axial."))
    ] = None,
    store: Annotated[str | None, typer.Option(help=_("The shop it was bought at."))] = None,
    second_hand: Annotated[
        bool, typer.Option("--second-hand", help=_("The holder is a later owner."))
    ] = False,
    no_marketing_consent: Annotated[
        bool,
        typer.Option(
            "--no-marketing-consent", help=_("The owner refuses the brand's marketing messages.")
        ),
    ] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", case_sensitive=False, help=_("Output format.")),
    ] = OutputFormat.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help=_("Also show every rule considered, and why."))
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help=_("Print nothing; exit 0 if covered, 1 if not.")),
    ] = False,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Is this watch covered, until when, and what must the owner still do to get more?"""
    apply_language(lang)
    with one_line_errors():
        rules = load(rules_path)
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
        verdict = evaluate(purchase, rules, as_of=as_of_day(as_of))

    if quiet:
        raise typer.Exit(ExitStatus.OK if verdict.covered else ExitStatus.ATTENTION)
    if output_format is OutputFormat.JSON:
        from watchwarranty.render.serial import render_json

        sys.stdout.write(render_json(verdict, explain=explain))
    elif output_format is OutputFormat.CSV:
        from watchwarranty.render.serial import render_csv

        sys.stdout.write(render_csv(verdict))
    else:
        from rich.console import Console

        from watchwarranty.render.table import render_table

        Console(highlight=False).print(render_table(verdict, explain=explain))
