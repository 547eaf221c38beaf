"""Turning what a user typed (command-line values, later batch cells) into a Purchase."""

from __future__ import annotations

from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import Purchase, RuleBook
from watchwarranty.rules import find_brand, normalise_name
from watchwarranty.rules.lookup import named_store

_YES = frozenset({"true", "yes", "y", "1", "是", "t"})
_NO = frozenset({"false", "no", "n", "0", "否", "f"})


def parse_flag(name: str, text: str, *, empty: bool | None) -> bool | None:
    """A yes/no cell: true/false, yes/no, 1/0 or 是/否; ``empty`` when the cell is blank."""
    folded = text.strip().casefold()
    if not folded:
        return empty
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise InputError(
        _("{column} {text!r} is not yes or no").format(column=name, text=text),
        _("write true/false, yes/no, 1/0 or 是/否"),
    )


def parse_movement(rules: RuleBook, text: str) -> str:
    """A movement kind declared in the rules, by its id or any name it answers to, without
    regard to case, spaces or hyphens."""
    names = rules.movement_index
    key = normalise_name(text)
    if key in names:
        return names[key]
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[name] for name in close))
    hint = (
        _("did you mean {names}?").format(names=_(" or ").join(suggestions))
        if suggestions
        else _("use one of: {choices}").format(choices=", ".join(rules.movements))
    )
    raise InputError(_("unknown movement {text!r}").format(text=text), hint)


def build_purchase(
    rules: RuleBook,
    *,
    brand: str,
    purchase_date: str,
    region: str | None = None,
    movement: str | None = None,
    store: str | None = None,
    registered: bool | None = None,
    registered_on: str | None = None,
    second_hand: bool = False,
    marketing_consent: bool = True,
    activated_on: str | None = None,
    serviced_on: str | None = None,
    refuse_close_store: bool = False,
) -> Purchase:
    """Validate every field and build the Purchase; raises InputError on the first bad one.
    A store the rules do not name is "another shop" (None); with ``refuse_close_store`` one
    spelt like a named store is refused (see rules.lookup.named_store)."""
    found = find_brand(rules, brand)
    purchased_on = parse_date(purchase_date)
    registration_day = parse_date(registered_on) if registered_on else None
    region_code = None
    if region:
        # The table of region names loads only when a region is actually given.
        from watchwarranty.inputs.regions import parse_region

        region_code = parse_region(region)
    return Purchase(
        brand=found.id,
        purchased_on=purchased_on,
        region=region_code,
        movement=parse_movement(rules, movement) if movement else None,
        store=named_store(found, store, refuse_close=refuse_close_store) if store else None,
        registered=True if registration_day is not None else registered,
        registered_on=registration_day,
        second_hand=second_hand,
        marketing_consent=marketing_consent,
        activated_on=parse_date(activated_on) if activated_on else None,
        serviced_on=parse_date(serviced_on) if serviced_on else None,
    )
