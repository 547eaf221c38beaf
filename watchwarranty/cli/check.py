"""`watchwarranty check`: one watch, in a table, JSON or CSV."""

# No `from __future__ import annotations`: Typer reads a command's annotations on every run,
# and as strings it compiles and evaluates each one (~2.5% of `check`'s start-up).

import sys
from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.cli.application import (
    AsOfOption,
    Command,
    DateOrderOption,
    ExitStatus,
    LangOption,
    RocYearsOption,
    RulesOption,
    app,
    apply_language,
    examples,
)
from watchwarranty.cli.watch import (
    ActivatedOnOption,
    AssumeOption,
    BrandArgument,
    CurrencyOption,
    MovementOption,
    NoConsentOption,
    PriceOption,
    PurchaseDateArgument,
    RegionOption,
    RegisteredOnOption,
    RegisteredOption,
    SecondHandOption,
    ServicedOnOption,
    ServiceKindOption,
    SoldOnOption,
    StoreOption,
    evaluate_watch,
)
from watchwarranty.i18n import _
from watchwarranty.model import Verdict
from watchwarranty.render import OutputFormat


@app.command(
    cls=Command,
    help=_("Is this watch covered, until when, and what must the owner still do to get more?"),
    epilog=examples("check"),
)
def check(
    brand: BrandArgument,
    purchase_date: PurchaseDateArgument,
    region: RegionOption = None,
    registered: RegisteredOption = None,
    registered_on: RegisteredOnOption = None,
    movement: MovementOption = None,
    store: StoreOption = None,
    second_hand: SecondHandOption = None,
    no_marketing_consent: NoConsentOption = False,
    activated_on: ActivatedOnOption = None,
    serviced_on: ServicedOnOption = None,
    assume: AssumeOption = None,
    service_kind: ServiceKindOption = None,
    price: PriceOption = None,
    currency: CurrencyOption = None,
    sold_on: SoldOnOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", case_sensitive=False, help=_("Output format.")),
    ] = OutputFormat.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help=_("Also show every rule considered, and why."))
    ] = False,
    timeline: Annotated[
        bool,
        typer.Option(
            "--timeline", help=_("Also draw the warranty as a line from purchase to expiry.")
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help=_(
                "Print nothing; exit 0 if covered whatever the facts not given, 1 if not "
                "covered in any reading, 3 if it depends on a fact not given."
            ),
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help=_(
                "Also write the answer to FILE (.json, .jsonl, .csv, .xlsx, .parquet); the screen "
                "shows --format."
            ),
        ),
    ] = None,
    date_order: DateOrderOption = None,
    roc_years: RocYearsOption = False,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Is this watch covered, until when, and what must the owner still do to get more?"""
    apply_language(lang)
    verdict = evaluate_watch(
        rules_path=rules_path,
        as_of=as_of,
        brand=brand,
        purchase_date=purchase_date,
        region=region,
        registered=registered,
        registered_on=registered_on,
        movement=movement,
        store=store,
        second_hand=second_hand,
        no_marketing_consent=no_marketing_consent,
        activated_on=activated_on,
        serviced_on=serviced_on,
        assume=assume,
        service_kind=service_kind,
        price=price,
        currency=currency,
        sold_on=sold_on,
        explain=explain,
    )

    if output is not None:
        # The file takes --format, else its extension's; the screen shows what --format asks
        # for (the table by default), so `--format json -o a.json | jq` reads JSON too.
        _save(verdict, output, output_format, explain=explain)
    if quiet:
        raise typer.Exit(_QUIET_STATUS[verdict.status])
    if output_format is OutputFormat.JSON:
        from watchwarranty.render.serial import render_json

        sys.stdout.write(render_json(verdict, explain=explain))
    elif output_format is OutputFormat.CSV:
        from watchwarranty.render.serial import render_csv

        sys.stdout.write(render_csv(verdict))
    else:
        from watchwarranty.render.output import console, emit
        from watchwarranty.render.table import render_guarantees, render_table

        out = console()
        parts = [render_table(verdict, explain=explain)]
        clocks = render_guarantees(verdict)
        if clocks is not None:
            parts.append(clocks)
        if timeline:
            from watchwarranty.render.timeline import render_timeline

            parts.append(render_timeline(verdict, fancy=out.is_terminal, width=out.width))
        emit(out, *parts)


# A script asking "is it covered?" must not take "maybe" for yes, nor for a plain no: 3 says
# "give the fact that decides" (depends_on names it).
_QUIET_STATUS = {
    "active": ExitStatus.OK,
    "expired": ExitStatus.ATTENTION,
    "depends": ExitStatus.DEPENDS,
}


def _save(verdict: Verdict, path: Path, output_format: OutputFormat, *, explain: bool) -> None:
    from watchwarranty.batch.write import ReportFormat, save_verdict
    from watchwarranty.cli.application import one_line_errors

    with one_line_errors():
        named = None if output_format is OutputFormat.TABLE else ReportFormat(output_format.value)
        save_verdict(verdict, path, named or ReportFormat.of(path), explain=explain)
