"""The arguments and options that describe one watch, shared by `check` and `remind`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.cli.application import as_of_day, load, one_line_errors
from watchwarranty.engine.evaluate import evaluate
from watchwarranty.i18n import _
from watchwarranty.inputs import build_purchase
from watchwarranty.model import Verdict

BrandArgument = Annotated[
    str, typer.Argument(help=_("Brand name or alias, in English or Chinese (see rules.toml)."))
]
PurchaseDateArgument = Annotated[
    str,
    typer.Argument(
        metavar="PURCHASE_DATE",
        help=_("First retail sale (the warranty card's date): 2020-03-01, 2020年3月1日."),
    ),
]
RegionOption = Annotated[
    str | None,
    typer.Option(help=_("Where it was bought: ISO 3166 code or country name (CN, China, 中国).")),
]
RegisteredOption = Annotated[
    bool, typer.Option("--registered", help=_("Registered in time; the date is not known."))
]
RegisteredOnOption = Annotated[
    str | None, typer.Option(help=_("The day the watch was registered with the brand."))
]
MovementOption = Annotated[
    str | None, typer.Option(help=_("Movement kind: mechanical, quartz, co-axial."))
]
StoreOption = Annotated[str | None, typer.Option(help=_("The shop it was bought at."))]
ActivatedOnOption = Annotated[
    str | None,
    typer.Option(
        help=_(
            "The day the warranty card was activated, or the watch delivered, for brands that "
            "count cover from it."
        )
    ),
]
ServicedOnOption = Annotated[
    str | None,
    typer.Option(help=_("The day the brand serviced the watch, for extensions a service earns.")),
]
SecondHandOption = Annotated[
    bool, typer.Option("--second-hand", help=_("The holder is a later owner."))
]
NoConsentOption = Annotated[
    bool,
    typer.Option(
        "--no-marketing-consent", help=_("The owner refuses the brand's marketing messages.")
    ),
]

RemindBeforeOption = Annotated[
    int,
    typer.Option(min=0, metavar="DAYS", help=_("Alarm this many days before each event.")),
]


def evaluate_watch(
    *,
    rules_path: Path | None,
    as_of: str | None,
    brand: str,
    purchase_date: str,
    region: str | None,
    registered: bool,
    registered_on: str | None,
    movement: str | None,
    store: str | None,
    second_hand: bool,
    no_marketing_consent: bool,
    explain: bool,
    activated_on: str | None = None,
    serviced_on: str | None = None,
) -> Verdict:
    """The verdict for the watch the options describe; bad input ends the run with one line.

    ``explain`` keeps the steps the engine took, for --explain and for reminders' sources.
    """
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
            activated_on=activated_on,
            serviced_on=serviced_on,
        )
        return evaluate(purchase, rules, as_of=as_of_day(as_of), explain=explain)
