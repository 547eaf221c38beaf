"""The arguments and options that describe one watch, shared by `check` and `remind`."""

from __future__ import annotations

import contextlib
import re
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
    """The names that start with what was typed, sorted, each as the shell must receive it."""
    import os

    folded = incomplete.casefold()
    found = sorted(
        {name for name in names if name.casefold().startswith(folded)}, key=str.casefold
    )
    # Bash inserts what it is given as it is (Typer's script has no quoting of its own), so a
    # name with a space would become two arguments; zsh and fish quote for themselves.
    if os.environ.get("_WATCHWARRANTY_COMPLETE") == "complete_bash":
        return [re.sub(_SHELL_SPECIAL, r"\\\g<0>", name) for name in found]
    return found


# Compiled (and kept by re) only when bash asks for a completion, not at every start.
_SHELL_SPECIAL = r"[\s'\"\\$`!&;|<>()*?\[\]{}#~]"


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
    """Movement kinds the rules declare and the common names they answer to, for the shell."""
    rules = _rules_for_completion()
    movements = rules.movements.items() if rules is not None else ()
    return _matching(
        [name for kind, movement in movements for name in (kind, *movement.aliases)], incomplete
    )


def complete_store(incomplete: str) -> list[str]:
    """The stores of the brand on the command line (every brand's when it names none yet), by
    id and name, for the shell."""
    from watchwarranty.errors import InputError
    from watchwarranty.rules import find_brand

    rules = _rules_for_completion()
    if rules is None:
        return []
    brands = list(rules.brands.values())
    # Typer hands a completion neither the parsed parameters nor the words; the shell's own
    # variables have them. The brand is the first word on the line that names one (the
    # program's and command's names, dates and codes do not).
    for word in _words_typed()[1:]:
        if word.startswith("-"):
            continue
        with contextlib.suppress(InputError):
            brands = [find_brand(rules, word)]
            break
    names = [
        name
        for brand in brands
        for store in brand.stores
        for name in (store.id, store.name, *store.aliases)
    ]
    return _matching(names, incomplete)


def _words_typed() -> list[str]:
    import os
    import shlex

    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        return shlex.split(line)
    except ValueError:  # an open quote, as the word being completed may have
        return line.split()


def complete_region(incomplete: str) -> list[str]:
    """Regions by ISO 3166 code and by name, in English, Simplified and Traditional Chinese,
    for the shell."""
    from watchwarranty.inputs.region_names import DISPLAY

    return _matching(
        [name for code, names in DISPLAY.items() for name in (code, *names)], incomplete
    )


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
        metavar="REGION",
        help=_("Where it was bought: ISO 3166 code or country name (CN, China, 中国)."),
        autocompletion=complete_region,
    ),
]
RegisteredOption = Annotated[
    bool | None,
    typer.Option(
        "--registered/--not-registered",
        show_default=False,
        help=_(
            "Registered with the brand (the date not known), or not registered. Left out: not "
            "known, and the answer says what each would give."
        ),
    ),
]
RegisteredOnOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help=_("The day the watch was registered with the brand.")),
]
MovementOption = Annotated[
    str | None,
    typer.Option(
        metavar="KIND",
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
        metavar="NAME",
        help=_("The shop it was bought at, as the rules name it."),
        autocompletion=complete_store,
    ),
]
ActivatedOnOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help=_(
            "The day the warranty card was activated, or the watch delivered, for brands that "
            "count cover from it."
        ),
    ),
]
ServicedOnOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help=_("The day the brand serviced the watch, for extensions a service earns."),
    ),
]
ServiceKindOption = Annotated[
    str | None,
    typer.Option(
        metavar="complete|other",
        help=_("What the brand's service was, for its service guarantee: complete or other."),
    ),
]
PriceOption = Annotated[
    str | None,
    typer.Option(
        metavar="AMOUNT",
        help=_("The price paid (with --currency), for laws whose period depends on it."),
    ),
]
CurrencyOption = Annotated[
    str | None,
    typer.Option(metavar="CODE", help=_("The price's ISO 4217 currency: CNY, EUR, CHF, ...")),
]
SoldOnOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help=_(
            "The day of the second-hand sale to this owner: the seller's legal guarantee runs "
            "from it (with --second-hand)."
        ),
    ),
]
SecondHandOption = Annotated[
    bool | None,
    typer.Option(
        "--second-hand/--first-owner",
        show_default=False,
        help=_(
            "The holder is a later owner, or the first. Left out: not known, and the answer "
            "says what each would give."
        ),
    ),
]
AssumeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--assume",
        metavar="RULE_ID",
        help=_(
            "A term the sources leave open (an undated start, a condition the tool cannot "
            "check, RULE_ID:transfer for a later owner keeping an extension the sources do not "
            "say passes on, RULE_ID:late for a registration after the base warranty's last day "
            "where the source names no deadline) that you know held for this watch; the "
            "answer's depends_on names them."
        ),
    ),
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
    registered: bool | None,
    registered_on: str | None,
    movement: str | None,
    store: str | None,
    second_hand: bool | None,
    no_marketing_consent: bool,
    explain: bool,
    activated_on: str | None = None,
    serviced_on: str | None = None,
    assume: list[str] | None = None,
    service_kind: str | None = None,
    price: str | None = None,
    currency: str | None = None,
    sold_on: str | None = None,
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
            registered=registered,
            registered_on=registered_on,
            second_hand=second_hand,
            marketing_consent=not no_marketing_consent,
            activated_on=activated_on,
            serviced_on=serviced_on,
            assume=assume or (),
            service_kind=service_kind,
            price=price,
            currency=currency,
            sold_on=sold_on,
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
