"""The arguments and options that describe one watch, shared by `check` and `remind`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.cli.application import PROG, as_of_day, load, one_line_errors
from watchwarranty.engine.evaluate import evaluate
from watchwarranty.i18n import _
from watchwarranty.inputs import build_purchase
from watchwarranty.model import RuleBook, Verdict


def _rules_for_completion() -> RuleBook | None:
    # A shell asking for completions must never see an error: no rules, no suggestions.
    import os

    chosen = os.environ.get("WATCHWARRANTY_RULES")
    try:
        return load(Path(chosen) if chosen else None)
    except Exception:
        return None


def _matching(names: Iterable[str], incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    return [name for name in dict.fromkeys(names) if name.casefold().startswith(folded)]


def complete_brand(incomplete: str) -> list[str]:
    """Brand names and aliases, in English and Chinese, for the shell."""
    rules = _rules_for_completion()
    if rules is None:
        return []
    names = [
        name
        for brand in rules.brands.values()
        for name in (brand.id, brand.name, brand.name_zh, *brand.aliases)
        if name
    ]
    return _matching(names, incomplete)


def complete_movement(incomplete: str) -> list[str]:
    """Movement kinds the rules declare, for the shell."""
    rules = _rules_for_completion()
    return _matching(rules.movements if rules is not None else (), incomplete)


def complete_store(incomplete: str) -> list[str]:
    """Every store the rules name, by id and name, for the shell."""
    rules = _rules_for_completion()
    if rules is None:
        return []
    names = [
        name
        for brand in rules.brands.values()
        for store in brand.stores
        for name in (store.id, store.name, *store.aliases)
    ]
    return _matching(names, incomplete)


def complete_region(incomplete: str) -> list[str]:
    """The regions the rules name, then every ISO 3166 code, for the shell."""
    from watchwarranty.inputs.region_names import NAMES

    rules = _rules_for_completion()
    named = sorted(
        {
            region
            for brand in (rules.brands.values() if rules is not None else ())
            for policy in brand.policies
            for region in policy.when.regions or ()
        }
    )
    return _matching([*named, *sorted(set(NAMES.values()))], incomplete)


BrandArgument = Annotated[
    str,
    typer.Argument(
        metavar="BRAND",
        help=_("Brand name or alias, in English or Chinese (see rules.toml)."),
        autocompletion=complete_brand,
    ),
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
    typer.Option(
        help=_("Where it was bought: ISO 3166 code or country name (CN, China, 中国)."),
        autocompletion=complete_region,
    ),
]
RegisteredOption = Annotated[
    bool, typer.Option("--registered", help=_("Registered in time; the date is not known."))
]
RegisteredOnOption = Annotated[
    str | None, typer.Option(help=_("The day the watch was registered with the brand."))
]
MovementOption = Annotated[
    str | None,
    typer.Option(
        help=_(
            "Movement kind the rules declare, or a common name for it (automatic, 机械, 石英); "
            "'watchwarranty rules movements' lists every kind."
        ),
        autocompletion=complete_movement,
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        help=_("The shop it was bought at, as the rules name it."),
        autocompletion=complete_store,
    ),
]
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
    # Past a century no alarm means anything, and a billion days overflows a date.
    typer.Option(
        min=0, max=36500, metavar="DAYS", help=_("Alarm this many days before each event.")
    ),
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
            refuse_close_store=True,
        )
        verdict = evaluate(purchase, rules, as_of=as_of_day(as_of), explain=explain)
    # Said once the answer stands: bad input is one line on stderr and nothing else.
    from watchwarranty.rules import normalise_name

    if normalise_name(brand) not in rules.brand_index:
        note = _("brand {text!r} is read as {name}").format(text=brand, name=verdict.brand_name)
        sys.stderr.write(f"{PROG}: {note}\n")
    if store and purchase.store is None:
        from watchwarranty.rules.lookup import another_shop_note

        note = another_shop_note(rules.brands[purchase.brand], store)
        sys.stderr.write(f"{PROG}: {note}\n")
    return verdict
