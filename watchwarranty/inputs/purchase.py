"""Turning what a user typed (command-line values, later batch cells) into a Purchase."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from watchwarranty.errors import InputError
from watchwarranty.i18n import _, join_any, series
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import Brand, Purchase, RuleBook, ServiceKind
from watchwarranty.rules import find_brand, normalise_name
from watchwarranty.rules.lookup import named_store

# A price: digits, optionally grouped by commas, and decimals. No sign: a price is not negative.
_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Names buyers write for a currency, beside its ISO 4217 code; ¥ and $ are left out on purpose,
# since each stands for more than one currency.
_CURRENCY_NAMES = {
    "rmb": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "元": "CNY",
    "€": "EUR",
    "欧元": "EUR",
    "歐元": "EUR",
    "£": "GBP",
    "fr.": "CHF",
}
_SERVICE_KIND_NAMES = {"全面保养": "complete", "全面保養": "complete", "其他": "other"}
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

    # The name nearest what was typed, as the rules spell it: "automatc" is a misspelt
    # "automatic", which the rules count as mechanical, but the reader typed the former.
    spelt = {
        normalise_name(name): name
        for movement_id, movement in rules.movements.items()
        for name in (movement_id, *movement.aliases)
    }
    close = difflib.get_close_matches(key, spelt, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(spelt[name] for name in close))
    hint = (
        _("did you mean {names}?").format(names=join_any(suggestions))
        if suggestions
        else _("use one of: {choices}").format(choices=series(list(rules.movements)))
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
    second_hand: bool | None = None,
    marketing_consent: bool = True,
    activated_on: str | None = None,
    serviced_on: str | None = None,
    assume: Sequence[str] = (),
    service_kind: str | None = None,
    price: str | None = None,
    currency: str | None = None,
    sold_on: str | None = None,
    refuse_close_store: bool = False,
) -> Purchase:
    """Validate every field and build the Purchase; raises InputError on the first bad one.
    A store the rules do not name is "another shop" (None); with ``refuse_close_store`` one
    spelt like a named store is refused (see rules.lookup.named_store)."""
    found = find_brand(rules, brand)
    purchased_on = parse_date(purchase_date)
    registration_day = parse_date(registered_on) if registered_on else None
    if registration_day is not None and registered is False:
        # Neither is dropped for the other: a shop's two cells disagree.
        raise InputError(
            _("a registration date is given for a watch said not to be registered"),
            _("leave out one of the two"),
        )
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
        assumed=frozenset(_rule_id(found, text) for text in assume),
        service_kind=parse_service_kind(service_kind) if service_kind else None,
        **parse_price(price, currency),
        sold_on=parse_date(sold_on) if sold_on else None,
    )


def _rule_id(brand: Brand, text: str) -> str:
    """The id of one of the brand's policies or extensions, as ``--assume`` names it, or of an
    extension's transfer the sources leave open (Extension.transfer_term), or of a
    registration after the base's last day where the source names no deadline
    (Extension.late_term)."""
    ids = [policy.id for policy in brand.policies]
    for policy in brand.policies:
        for extension in policy.extensions:
            ids.append(extension.id)
            if extension.transferable is None:
                ids.append(extension.transfer_term)
            if extension.requires_registration and not extension.deadline_stated:
                ids.append(extension.late_term)
    if text.strip() in ids:
        for policy in brand.policies:
            for extension in policy.extensions:
                if extension.id != text.strip() or extension.unchecked_condition is not None:
                    continue
                if extension.transferable is None:
                    # Its id names no open term: a later owner keeping it is a term of its own,
                    # which the id alone once confirmed.
                    raise InputError(
                        _("{rule!r} has no condition to assume").format(rule=extension.id),
                        _("a later owner keeping it is --assume {term}").format(
                            term=extension.transfer_term
                        ),
                    )
        return text.strip()
    import difflib  # only on this error path

    close = difflib.get_close_matches(text.strip(), ids, n=3, cutoff=0.6)
    hint = (
        _("did you mean {names}?").format(names=_(" or ").join(close))
        if close
        else _("'watchwarranty rules show {brand}' lists its rule ids").format(brand=brand.id)
    )
    raise InputError(_("{brand} has no rule {text!r}").format(brand=brand.name, text=text), hint)


def parse_service_kind(text: str) -> str:
    """``complete`` or ``other``, as the rules' service terms name them."""
    folded = text.strip().casefold()
    kinds = {kind.value: kind.value for kind in ServiceKind} | _SERVICE_KIND_NAMES
    if folded in kinds:
        return kinds[folded]
    raise InputError(
        _("unknown service kind {text!r}").format(text=text),
        _("use one of: {choices}").format(choices=", ".join(kind.value for kind in ServiceKind)),
    )


def parse_price(price: str | None, currency: str | None) -> dict[str, Any]:
    """The price paid and its ISO 4217 currency; either may be missing (the answer says where
    the law needs it), neither may be wrong."""
    amount = price.strip() if price else ""
    code = currency.strip() if currency else ""
    if not amount and not code:
        return {}
    if not amount:
        # A currency alone says nothing yet; the answer asks for the price where it matters.
        return {"currency": _currency(code, currency)}
    if amount.startswith("-"):
        raise InputError(
            _("price {text!r} is negative").format(text=price), _("give the price paid")
        )
    value = None
    if _AMOUNT.fullmatch(amount):
        try:
            value = Decimal(amount.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            value = None
    if value is None or not value.is_finite():
        raise InputError(
            _("price {text!r} is not an amount").format(text=price),
            _("write a number such as 12000 or 12,000.50"),
        )
    return {"price": value, "currency": _currency(code, currency) if code else None}


def _currency(code: str, given: str | None) -> str:
    folded = _CURRENCY_NAMES.get(code.casefold(), code.upper())
    from watchwarranty.inputs.currency_codes import CODES

    if folded not in CODES:
        raise InputError(
            _("unknown currency {text!r}").format(text=given),
            _("use an ISO 4217 code such as CNY, EUR, CHF or USD"),
        )
    return folded
