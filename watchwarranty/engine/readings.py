"""Every reading of a purchase: one value for each fact the owner did not give.

A fact given has one value. A fact not given has every value it could take, and the engine
answers each reading the same way, whatever the fact: the movement kind, region and store
(once for each group of values the rules treat alike), the first owner or a later one,
registered or not and on which day, the day cover starts (activation or delivery), a service
by the brand or none, and a term the sources leave open (a start they do not date, a start
known only to the month, a condition no purchase fact can show) holding or not.

A day not given is a range, from the purchase to the as-of day. Within it only the days where
some rule's comparison changes need trying: a range is tried at its ends and at the boundaries
the rules put inside it, so a long range costs no more than a short one.
"""

# Annotations are objects, not text: see watchwarranty/model.py (NamedTuple fields as text
# cost every start).

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from watchwarranty.engine.calendar import add_duration, add_months
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.model import (
    ELSEWHERE,
    Brand,
    Conditions,
    Extension,
    Message,
    Policy,
    Purchase,
    RuleBook,
    Start,
    Store,
)
from watchwarranty.rules.lookup import find_store

_DAY = timedelta(days=1)


class Place(NamedTuple):
    """The movement, region and store of one reading."""

    movement: str | None
    region: str | None
    store: Store | None  # None: a shop the rules do not name
    # Facts the owner did not give, whose value here is one possibility among several.
    unknown: frozenset[str] = frozenset()
    # The movement kinds, regions and store names every rule treats as this place's: a fact
    # not given is tried once for each such group, and a note names the whole group.
    movements_alike: tuple[str, ...] = ()
    regions_alike: tuple[str, ...] = ()
    stores_alike: tuple[str, ...] = ()


class Reading(NamedTuple):
    """One complete assignment of every fact the brand's rules read."""

    place: Place
    policy: Policy
    # The id of the open term that puts ``policy`` in force here (its undated or month-only
    # start), or None when the policy is in force whatever the open terms are.
    policy_assumed: str | None
    second_hand: bool
    start: date
    # None: not registered by the as-of day (the owner may still register).
    registered_on: date | None
    serviced_on: date | None
    # Ids of the open terms that hold in this reading (OpenTerm.id: an extension's unchecked
    # condition; a later owner keeping an extension the sources do not say passes on).
    held: frozenset[str]


def readings(brand: Brand, rules: RuleBook, purchase: Purchase, as_of: date) -> Iterator[Reading]:
    """Every reading of ``purchase``, the least special values first (so that of two readings
    with the same answer the plainer one is named)."""
    owners: tuple[bool, ...] = (bool(purchase.second_hand),)
    if purchase.second_hand is None and "second_hand" in brand.facts_used:
        owners = (False, True)
    for place in places(brand, rules, purchase):
        for policy, policy_assumed in policy_candidates(brand, rules, purchase, place):
            # Registered after the base's last day, an extension whose source names no
            # deadline may still count: the late readings' terms (most policies have none).
            late_terms = any(map(_deadline_open, policy.extensions))
            for second_hand in owners:
                helds = _held(policy, place, rules, purchase, second_hand=second_hand)
                for start in _start_days(policy, purchase, as_of):
                    serviced = _service_days(policy, purchase, start, as_of)
                    # Every late day of one start has the same terms: worked out once.
                    late_helds = None
                    for registered_on in _registration_days(policy, purchase, start, as_of):
                        terms = helds
                        late_after = (
                            _late_after(policy, start, registered_on) if late_terms else None
                        )
                        if late_after is not None:
                            if late_helds is None:
                                late_helds = _held(
                                    policy,
                                    place,
                                    rules,
                                    purchase,
                                    second_hand=second_hand,
                                    late_after=late_after,
                                )
                            terms = late_helds
                        for serviced_on, held in itertools.product(serviced, terms):
                            yield Reading(
                                place,
                                policy,
                                policy_assumed,
                                second_hand,
                                start,
                                registered_on,
                                serviced_on,
                                held,
                            )


# -- movement, region and store --------------------------------------------------------------


def places(brand: Brand, rules: RuleBook, purchase: Purchase) -> Iterator[Place]:
    """Every movement, region and store the watch could have, once a group of alike values."""
    used = brand.facts_used
    if not ({"movement", "region", "store"} & used) and not brand.stores:
        # Most brands' rules look at none of these: the watch's own facts are the one place.
        yield Place(purchase.movement, purchase.region, None)
        return
    store: Store | None = None
    store_known = purchase.store is not None
    if purchase.store is not None:
        store = find_store(brand, purchase.store)
    region = purchase.region
    if store is not None and store.region is not None:
        if region is not None and region != store.region:
            raise InputError(
                _("store {store!r} is in {store_region}, not {region}").format(
                    store=store.name, store_region=store.region, region=region
                ),
                _("use --region {store_region} or leave --region out").format(
                    store_region=store.region
                ),
            )
        region = store.region

    unknown: set[str] = set()
    movements: Sequence[tuple[str, ...]] = [(purchase.movement,) if purchase.movement else ()]
    if purchase.movement is None and "movement" in used:
        movements = brand.movement_groups
        unknown.add("movement")
    regions: Sequence[tuple[str, ...]] = [(region,) if region is not None else ()]
    if region is None and "region" in used:
        regions = [(ELSEWHERE,), *brand.region_groups]
        unknown.add("region")
    stores: Sequence[tuple[Store, ...]] = [(store,) if store is not None else ()]
    if not store_known and "store" in used:
        stores = [(), *brand.store_groups]
        unknown.add("store")

    facts = frozenset(unknown)
    for alike, regions_alike, shops in itertools.product(movements, regions, stores):
        place_region = regions_alike[0] if regions_alike else None
        place_store = shops[0] if shops else None
        if place_store is not None and place_store.region not in (None, place_region):
            continue
        movement = alike[0] if alike else None
        names = tuple(shop.name for shop in shops)
        yield Place(movement, place_region, place_store, facts, alike, regions_alike, names)


def failed_condition(when: Conditions, place: Place, rules: RuleBook) -> Message | None:
    """Why a place does not meet a rule's conditions, or None when it does."""
    if when.movements is not None and not movement_matches(place.movement, when.movements, rules):
        wanted = ", ".join(sorted(when.movements))
        if "movement" in place.unknown:
            return Message.of("needs-movement-not-given", wanted=wanted)
        return Message.of("needs-movement", wanted=wanted, found=place.movement or ELSEWHERE)
    if when.regions is not None and place.region not in when.regions:
        wanted = ", ".join(sorted(when.regions))
        if "region" in place.unknown:
            return Message.of("needs-region-not-given", wanted=wanted)
        return Message.of("needs-region", wanted=wanted, found=place.region or ELSEWHERE)
    if when.stores is not None and (place.store is None or place.store.id not in when.stores):
        if "store" in place.unknown:
            return Message.of("needs-store-not-given")
        return Message.of(
            "needs-store", found=place.store.name if place.store is not None else ELSEWHERE
        )
    return None


def movement_matches(movement: str | None, wanted: frozenset[str], rules: RuleBook) -> bool:
    """A rule for mechanical watches also covers co-axial ones: rules.kinds lists each kind
    with every kind it is a kind of."""
    return movement is not None and not wanted.isdisjoint(rules.kinds.get(movement, (movement,)))


# -- which terms were in force ---------------------------------------------------------------


def policy_candidates(
    brand: Brand, rules: RuleBook, purchase: Purchase, place: Place
) -> list[tuple[Policy, str | None]]:
    """The policies that may be in force for this place, each with the open term that puts it
    there (None for the one in force whatever those terms are).

    Newest first. A policy the sources date only from some day (start_confirmed = false) may
    already have been in force before it; one they place only in a month may have started after
    a purchase in that month, or after a dated policy of the same month.
    """
    purchased_on = purchase.purchased_on
    candidates: list[tuple[Policy, str | None]] = []
    for index, policy in enumerate(brand.policies):
        if failed_condition(policy.when, place, rules) is not None:
            continue
        if policy.effective > purchased_on:
            if not policy.start_confirmed:
                candidates.append((policy, policy.id))
            continue
        if policy.month_only and _same_month(purchased_on, policy.effective):
            candidates.append((policy, policy.id))
            continue
        candidates.append((policy, None))
        # A month-only policy of a dated one's month may have started after it (two of the
        # same month count as starting the same day: the narrower is tried first).
        candidates += [
            (rival, rival.id)
            for rival in brand.policies[index + 1 :]
            if rival.month_only
            and not policy.month_only
            and _same_month(rival.effective, policy.effective)
            and failed_condition(rival.when, place, rules) is None
        ]
        break
    else:
        candidates.append((rules.default_policy, None))
    for policy, assumption in candidates:
        if assumption is not None and assumption in purchase.assumed:
            # The owner says this open term held: it is in force, and what it displaced is not.
            return [(policy, None)]
    # The certain reading first: answers that tie name the plainer terms.
    certain = [candidate for candidate in candidates if candidate[1] is None]
    return certain + [candidate for candidate in candidates if candidate[1] is not None]


def _same_month(one: date, other: date) -> bool:
    return (one.year, one.month) == (other.year, other.month)


# -- the days not given ----------------------------------------------------------------------


def stretches(lo: date, hi: date, boundaries: Iterable[date]) -> list[tuple[date, date]]:
    """``lo``..``hi`` cut at each boundary (the first day of a new stretch) inside it."""
    firsts = sorted({lo, *(day for day in boundaries if lo < day <= hi)})
    lasts = [day - _DAY for day in firsts[1:]] + [hi]
    return list(zip(firsts, lasts, strict=True))


def _registers(policy: Policy) -> list[Extension]:
    return [extension for extension in policy.extensions if extension.requires_registration]


def registration_boundaries(policy: Policy, start: date) -> list[date]:
    """The days where a registration's outcome changes: each window's opening, and the day
    after the base warranty's last (every registration window closes with the base)."""
    base_expiry = add_duration(start, policy.base)
    opens = [max(start, extension.registration_opens or start) for extension in _registers(policy)]
    return [start, *opens, base_expiry + _DAY]


def _registration_days(
    policy: Policy, purchase: Purchase, start: date, as_of: date
) -> list[date | None]:
    if purchase.registered_on is not None:
        return [purchase.registered_on]
    if not policy.requires_registration and not _registers(policy):
        return [None]
    days: list[date | None] = [None] if purchase.registered is not True else []
    if purchase.registered is not False:
        cuts = stretches(purchase.purchased_on, as_of, registration_boundaries(policy, start))
        days += [first for first, _last in cuts]
    return days


def _services(policy: Policy) -> list[Extension]:
    return [extension for extension in policy.extensions if extension.requires_service]


def service_boundaries(policy: Policy, start: date) -> list[date]:
    """The days where a service's outcome changes: each service window's first and the day
    after its last."""
    days = [start]
    for extension in _services(policy):
        days.append(add_duration(start, extension.service_within or policy.base) + _DAY)
    return days


def _service_days(
    policy: Policy, purchase: Purchase, start: date, as_of: date
) -> list[date | None]:
    if purchase.serviced_on is not None or not _services(policy):
        return [purchase.serviced_on]
    cuts = stretches(purchase.purchased_on, as_of, service_boundaries(policy, start))
    return [None, *(first for first, _last in cuts)]


def _start_days(policy: Policy, purchase: Purchase, as_of: date) -> list[date]:
    """The day cover starts: the sale, or the activation or delivery day given; not given, any
    day from the sale to the as-of day. Cover grows with a later start, so of each stretch
    between the days where a rule's comparison changes both ends are tried."""
    if policy.starts is Start.SALE:
        return [purchase.purchased_on]
    if purchase.activated_on is not None:
        return [purchase.activated_on]
    lengths = {policy.base.total_months} | {
        (extension.service_within or policy.base).total_months for extension in _services(policy)
    }
    anchors = [as_of]
    # From the day after the sale on, a registration or service on the day of the sale comes
    # before cover starts.
    boundaries: list[date] = [purchase.purchased_on + _DAY]
    for given in (purchase.registered_on, purchase.serviced_on):
        if given is not None:
            # A registration or service before cover starts does not count; one after the
            # window has closed does not either.
            boundaries.append(given + _DAY)
            anchors.append(given)
    for extension in _registers(policy):
        if extension.registration_opens is not None:
            boundaries.append(extension.registration_opens)
            anchors.append(extension.registration_opens)
    boundaries += [_first_start(anchor, months) for anchor in anchors for months in lengths]
    days: set[date] = set()
    for first, last in stretches(purchase.purchased_on, as_of, boundaries):
        days.update((first, last))
    return sorted(days)


def _first_start(anchor: date, months: int) -> date:
    """The first start whose window of ``months`` reaches ``anchor``. Calendar months are
    uneven (a month from 31 January ends on 28 February), so the day is found by stepping."""
    start = add_months(anchor, -months)
    while add_months(start, months) < anchor:
        start += _DAY
    while add_months(start - _DAY, months) >= anchor:
        start -= _DAY
    return start


# -- terms the sources leave open ------------------------------------------------------------


class OpenTerm(NamedTuple):
    """A term the sources leave open for an extension, holding in some readings only."""

    # What ``--assume`` names it by: the extension's id for its unchecked condition,
    # Extension.transfer_term for a later owner keeping it, Extension.late_term for a
    # registration after the base's last day earning it.
    id: str
    extension: Extension
    # "condition", "transfer" or "late".
    kind: str


def _deadline_open(extension: Extension) -> bool:
    return extension.requires_registration and not extension.deadline_stated


def open_terms(
    policy: Policy,
    place: Place,
    rules: RuleBook,
    *,
    second_hand: bool,
    late_after: date | None = None,
) -> list[OpenTerm]:
    """The open terms of the policy's extensions: a condition no purchase fact can show, (for
    a later owner) a transfer the sources do not state, and (for a registration after
    ``late_after``, the base's last day) a deadline the source does not state. One extension
    may have several, and each is a term of its own: confirming one never counts another."""
    terms = []
    for extension in policy.extensions:
        if failed_condition(extension.when, place, rules) is not None:
            continue
        if extension.unchecked_condition is not None:
            terms.append(OpenTerm(extension.id, extension, "condition"))
        if second_hand and extension.transferable is None:
            terms.append(OpenTerm(extension.transfer_term, extension, "transfer"))
        if (
            late_after is not None
            and _deadline_open(extension)
            # A programme that opened after the base's last day earns nothing anyway.
            and (extension.registration_opens or late_after) <= late_after
        ):
            terms.append(OpenTerm(extension.late_term, extension, "late"))
    return terms


def reading_terms(reading: Reading, rules: RuleBook) -> list[OpenTerm]:
    """The open terms of one reading: its owner's, and its registration day's."""
    policy = reading.policy
    late_after = None
    if any(map(_deadline_open, policy.extensions)):
        late_after = _late_after(policy, reading.start, reading.registered_on)
    return open_terms(
        policy, reading.place, rules, second_hand=reading.second_hand, late_after=late_after
    )


def _late_after(policy: Policy, start: date, registered_on: date | None) -> date | None:
    """The base's last day when ``registered_on`` comes after it (a registration that an
    extension whose source names no deadline may still count), else None."""
    if registered_on is None:
        return None
    base_expiry = add_duration(start, policy.base)
    return base_expiry if registered_on > base_expiry else None


def _held(
    policy: Policy,
    place: Place,
    rules: RuleBook,
    purchase: Purchase,
    *,
    second_hand: bool,
    late_after: date | None = None,
) -> list[frozenset[str]]:
    terms = {
        term.id
        for term in open_terms(
            policy, place, rules, second_hand=second_hand, late_after=late_after
        )
    }
    given = frozenset(terms & purchase.assumed)
    if terms <= given:
        return [given]
    # Holding a term never shortens cover, so none and all of them bound every mix.
    return [given, frozenset(terms)]
