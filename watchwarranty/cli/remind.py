"""`watchwarranty remind`: a calendar file with the dates an owner must not miss."""

# No `from __future__ import annotations`: Typer reads a command's annotations on every run,
# and as strings it compiles and evaluates each one (~2.5% of `check`'s start-up).

import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.cli.application import (
    AsOfOption,
    Command,
    LangOption,
    RulesOption,
    app,
    apply_language,
    examples,
    one_line_errors,
    output_failed,
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
    RemindBeforeOption,
    SecondHandOption,
    ServicedOnOption,
    ServiceKindOption,
    SoldOnOption,
    StoreOption,
    evaluate_watch,
)
from watchwarranty.errors import OutputError
from watchwarranty.i18n import _, format_date, ngettext
from watchwarranty.render.atomic import replacing
from watchwarranty.render.safe import printable


@app.command(
    cls=Command,
    help=_(
        "Write an iCalendar file with the registration deadline and the expiry still ahead, "
        "each with an alarm."
    ),
    epilog=examples("remind"),
)
def remind(
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
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=_("Write the calendar here (FILE.ics) instead of stdout."),
        ),
    ] = None,
    remind_before: RemindBeforeOption = 30,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Write an iCalendar file with the registration deadline and the expiry still ahead."""
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
        explain=True,
    )
    from watchwarranty.engine.reminders import reminders, watch_key
    from watchwarranty.render.ics import IcsWriter
    from watchwarranty.render.table import verdict_brand_name

    events = reminders(
        verdict,
        verdict_brand_name(verdict),
        key=watch_key(verdict.purchase),
        remind_before=remind_before,
    )
    if not events:
        # RFC 5545 wants at least one event in a calendar: with nothing ahead there is no file.
        typer.echo(
            printable(
                _(
                    "nothing to remind: the {brand} warranty ended on {day} and nothing can "
                    "extend it any more; no calendar written"
                ).format(
                    brand=verdict_brand_name(verdict), day=format_date(verdict.effective_expiry)
                )
            ),
            err=True,
        )
        return
    stamp = datetime.combine(verdict.as_of, time(), tzinfo=UTC)
    if output is None:
        try:
            writer = IcsWriter(sys.stdout.buffer, stamp=stamp)
            writer.write(events)
            writer.close()
            sys.stdout.buffer.flush()
        except OSError as error:
            output_failed(error)
    else:
        with one_line_errors(), replacing(output) as stream:
            try:
                writer = IcsWriter(stream, stamp=stamp)
                writer.write(events)
                writer.close()
            except OSError as error:
                raise OutputError(output, error) from None
    if output:
        typer.echo(
            printable(
                ngettext(
                    "{count} reminder written to {path}",
                    "{count} reminders written to {path}",
                    len(events),
                ).format(count=len(events), path=output)
            ),
            err=True,
        )
