"""The two clocks beside the maker's warranty: the brand's guarantee on its own service, and the
seller's legal guarantee. Pure functions of the purchase and the rules; no I/O, no clock.

Neither ever lengthens the maker's warranty, and neither is guessed: where the brand's terms,
the kind of service, the law's period or the price it depends on are not known, the clock is
None and its notes say what would settle it (and, where the answer is one of a few, each).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from watchwarranty.engine.calendar import add_duration
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.model import (
    Brand,
    Clock,
    Duration,
    Guarantees,
    LegalTerms,
    Message,
    Phrase,
    Purchase,
    RuleBook,
    ServiceGuarantee,
    ServiceKind,
)


def guarantees(purchase: Purchase, rules: RuleBook, *, as_of: date) -> Guarantees:
    """The service guarantee and the seller's legal guarantee of ``purchase``.

    Raises InputError for facts that contradict each other or the rules: a second-hand sale
    before the first retail sale or after ``as_of``, a sale date for a watch not said to be
    second-hand, a service kind without a service, or one the brand's terms do not name.
    """
    brand = rules.brands[purchase.brand]
    check_guarantee_facts(purchase, brand, as_of)
    return Guarantees(service_clock(brand, purchase), legal_clock(rules, purchase))


def check_guarantee_facts(purchase: Purchase, brand: Brand, as_of: date) -> None:
    """Refuse facts the two clocks cannot use (see ``guarantees``)."""
    sold_on = purchase.sold_on
    if sold_on is not None:
        if not purchase.second_hand:
            raise InputError(
                _("a sale date ({day}) is for a second-hand sale").format(day=sold_on),
                _("add --second-hand, or leave the sale date out"),
            )
        if sold_on < purchase.purchased_on:
            raise InputError(
                _("second-hand sale date {day} is before the purchase date {purchased_on}").format(
                    day=sold_on, purchased_on=purchase.purchased_on
                ),
                _("check both dates"),
            )
        if sold_on > as_of:
            raise InputError(
                _("second-hand sale date {day} is after {as_of}").format(day=sold_on, as_of=as_of),
                _("check the date, or pass --as-of"),
            )
    kind = purchase.service_kind
    if kind is None:
        return
    if purchase.serviced_on is None:
        raise InputError(
            _("a service kind ({kind}) without a service date").format(kind=kind),
            _("add the service date, or leave the kind out"),
        )
    named = declared_kinds(brand)
    if kind not in named:
        raise InputError(
            _("{brand}'s service terms name no {kind!r} service").format(
                brand=brand.name, kind=kind
            ),
            _("use one of: {choices}").format(choices=", ".join(sorted(named))),
        )


def declared_kinds(brand: Brand) -> frozenset[str]:
    """The service kinds a brand's terms tell apart: every kind when none names one."""
    every = frozenset(member.value for member in ServiceKind)
    if not brand.service_guarantees or any(
        terms.kinds is None for terms in brand.service_guarantees
    ):
        return every
    return frozenset().union(*(terms.kinds or every for terms in brand.service_guarantees))


# -- the brand's service guarantee ----------------------------------------------------------


def service_terms(brand: Brand, serviced_on: date, kind: str) -> ServiceGuarantee | None:
    """The brand's terms in force on ``serviced_on`` for a service of ``kind``."""
    for terms in brand.service_guarantees:  # newest first
        if terms.effective <= serviced_on and (terms.kinds is None or kind in terms.kinds):
            return terms
    return None


def service_clock(brand: Brand, purchase: Purchase) -> Clock:
    """When the brand's guarantee on its service ends, or None with the reason."""
    serviced_on = purchase.serviced_on
    if not brand.service_guarantees:
        return Clock(None, notes=(Message.of("service-terms-unknown", brand=brand.name),))
    if serviced_on is None:
        return Clock(None, notes=(Message.of("service-not-given"),))
    kinds = (
        [purchase.service_kind]
        if purchase.service_kind is not None
        else [member.value for member in ServiceKind]
    )
    found = {kind: service_terms(brand, serviced_on, kind) for kind in kinds}
    known = {kind: terms for kind, terms in found.items() if terms is not None}
    if not known:
        earliest = min(terms.effective for terms in brand.service_guarantees)
        if serviced_on < earliest:
            return Clock(None, notes=(Message.of("service-before-terms", since=earliest),))
        return Clock(None, notes=(Message.of("service-kind-not-covered", kind=kinds[0]),))
    ends = {kind: add_duration(serviced_on, terms.length) for kind, terms in known.items()}
    # The kind not given: the shortest end every reading shares, or none when a reading has
    # no guarantee at all; the notes say what each kind would give.
    chosen = min(ends, key=lambda kind: ends[kind])
    notes: list[Message] = []
    for kind, end in sorted(ends.items(), key=lambda item: item[1]):
        if len(kinds) > 1 and (len(known) < len(kinds) or end > ends[chosen]):
            notes.append(Message.of("service-if-kind", kind=kind, expiry=end))
    if len(known) < len(kinds):
        return Clock(None, notes=tuple(notes))
    terms = known[chosen]
    notes.extend(_service_conditions(terms))
    # No source says a service guarantee passes to a later owner, so it is claimed only for the
    # owner who had the watch serviced; for anyone else, the date is what it would give.
    unheld = _not_known_to_hold(purchase, ends[chosen])
    if unheld is not None:
        return Clock(None, terms, (unheld, *notes))
    return Clock(ends[chosen], terms, tuple(notes))


def _not_known_to_hold(purchase: Purchase, expiry: date) -> Message | None:
    """Why the holder may not be the owner who had the watch serviced, or None when they are
    (the first owner, or a later one serviced on or after their own purchase)."""
    if purchase.second_hand is None:
        return Message.of("service-owner-not-given", expiry=expiry)
    if not purchase.second_hand:
        return None
    sold_on, serviced_on = purchase.sold_on, purchase.serviced_on
    if sold_on is None:
        return Message.of("service-sale-not-given", expiry=expiry)
    if serviced_on is not None and serviced_on < sold_on:
        return Message.of("service-before-sale", sold_on=sold_on, expiry=expiry)
    return None


def _service_conditions(terms: ServiceGuarantee) -> list[Message]:
    notes = []
    if terms.scope is not None:
        notes.append(Message.of("rule-note", text=terms.scope))
    if terms.note:
        notes.append(Message.of("rule-note", text=Phrase(terms.note, terms.note_zh)))
    return notes


# -- the seller's legal guarantee -----------------------------------------------------------


def legal_terms(rules: RuleBook, region: str, sold_on: date) -> tuple[str, LegalTerms | None]:
    """The jurisdiction of ``region`` and its terms for a sale on ``sold_on``."""
    law = rules.laws[rules.law_index[region]]
    for terms in law.terms:  # newest first
        if terms.effective <= sold_on:
            return law.id, terms
    return law.id, None


def band_period(terms: LegalTerms, price: Decimal) -> Duration | None:
    """The period of the band ``price`` falls in (bands are lowest first)."""
    found = None
    for band in terms.price_bands:
        if band.lowest <= price:
            found = band.period
    return found


def legal_clock(rules: RuleBook, purchase: Purchase) -> Clock:
    """When the seller's legal guarantee ends, or None with the reason."""
    region = purchase.region
    if region is None:
        return Clock(None, notes=(Message.of("legal-no-region"),))
    if region not in rules.law_index:
        return Clock(None, notes=(Message.of("legal-region-unknown", region=region),))
    law = rules.laws[rules.law_index[region]]
    if purchase.second_hand is None:
        # Who sold the watch to its holder is not said: the first owner's seller owes it from
        # the first sale, a later owner's from a sale of unknown day. No date is certain, so
        # none is given; the first owner's is said, and which fact decides.
        first = legal_clock(rules, purchase._replace(second_hand=False))
        if first.expiry is None:
            return first
        told = Message.of("legal-owner-not-given", expiry=first.expiry)
        return Clock(None, first.rule, (told, *first.notes), first.jurisdiction)
    second_hand = purchase.second_hand
    start = purchase.sold_on if second_hand else purchase.purchased_on
    if start is None:
        return Clock(None, notes=(Message.of("legal-needs-sold-on"),), jurisdiction=law)
    _, terms = legal_terms(rules, region, start)
    if terms is None:
        earliest = min(found.effective for found in law.terms)
        before = (Message.of("legal-before-terms", since=earliest),)
        return Clock(None, notes=before, jurisdiction=law)
    notes: list[Message] = []
    if terms.note:
        notes.append(Message.of("rule-note", text=Phrase(terms.note, terms.note_zh)))
    if terms.presumption is not None:
        notes.append(Message.of("legal-presumption", until=add_duration(start, terms.presumption)))
    if second_hand and not terms.second_hand_covered:
        notes.insert(0, Message.of("legal-second-hand-unknown"))
        return Clock(None, terms, tuple(notes), law)
    period = terms.period
    if terms.price_bands:
        if purchase.price is None or purchase.currency != terms.currency:
            code = "legal-needs-price" if purchase.price is None else "legal-price-currency"
            bands = [
                Message.of(
                    "legal-band",
                    lowest=str(band.lowest),
                    currency=terms.currency or "",
                    period=band.period,
                )
                for band in terms.price_bands
            ]
            notes[:0] = [Message.of(code, currency=terms.currency or ""), *bands]
            return Clock(None, terms, tuple(notes), law)
        period = band_period(terms, purchase.price)
        notes.insert(
            0,
            Message.of(
                "legal-band-applied",
                price=str(purchase.price),
                currency=terms.currency or "",
                period=period or Duration(),
            ),
        )
    if period is None:
        notes.insert(0, Message.of("legal-no-period"))
        return Clock(None, terms, tuple(notes), law)
    expiry = add_duration(start, period)
    if second_hand and terms.second_hand_period is not None and terms.second_hand_period < period:
        notes.insert(0, Message.of("legal-second-hand-shortened", expiry=expiry))
        expiry = add_duration(start, terms.second_hand_period)
    if terms.runs_from == "delivery":
        notes.append(Message.of("legal-from-delivery", day=start))
    if terms.repair_extension is not None:
        notes.append(
            Message.of(
                "legal-repair-extension",
                length=terms.repair_extension,
                expiry=add_duration(expiry, terms.repair_extension),
            )
        )
    return Clock(expiry, terms, tuple(notes), law)
