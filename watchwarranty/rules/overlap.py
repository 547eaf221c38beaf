"""Which watches a rule's conditions take in, as sets: whether two policies can both apply to one
watch, and whether one is narrower than the other (takes in only watches the other does too).

Of two policies in force from the same day that can both apply, the engine tries the narrower
first; when neither is narrower the answer would rest on the order of the file, so the loader
refuses the pair and `rules sweep` reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations

from watchwarranty.model import Conditions, Policy, Store

# The watches some conditions take in, fact by fact (movements, regions, stores); None: every
# value of that fact. A plain tuple: a NamedTuple class costs ~1 ms of every run's start-up.
Reach = tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None]


def reach(
    when: Conditions, kinds: Mapping[str, frozenset[str]], stores: Mapping[str, Store]
) -> Reach:
    """The declared movement kinds, regions and store ids ``when`` takes in."""
    movements = None
    if when.movements is not None:
        # A rule for mechanical watches takes in co-axial ones too.
        movements = frozenset(kind for kind, of in kinds.items() if of & when.movements)
    regions = when.regions
    if when.stores is not None:
        # A store implies its region: a rule on stores only reaches their regions.
        placed = {stores[shop].region for shop in when.stores if shop in stores}
        if None not in placed:
            found = frozenset(region for region in placed if region is not None)
            regions = found if regions is None else regions & found
    return (movements, regions, when.stores)


def _meet(one: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    if one is None:
        return other
    return one if other is None else one & other


def can_both_apply(one: Reach, other: Reach, stores: Mapping[str, Store]) -> bool:
    """Whether some watch meets both: every fact can take a value both take in."""
    met = [_meet(a, b) for a, b in zip(one, other, strict=True)]
    if any(values is not None and not values for values in met):
        return False
    shops, regions = met[2], met[1]
    if shops is None or regions is None:
        return True
    return any(stores[shop].region in (None, *regions) for shop in shops if shop in stores)


def narrower(one: Reach, other: Reach) -> bool:
    """Whether every watch ``one`` takes in, ``other`` takes in too."""
    return all(b is None or (a is not None and a <= b) for a, b in zip(one, other, strict=True))


def ambiguous_pairs(
    policies: Iterable[Policy],
    kinds: Mapping[str, frozenset[str]],
    stores: Iterable[Store],
) -> Iterator[tuple[Policy, Policy]]:
    """Pairs of policies in force from the same day that can both apply to one watch, neither
    narrower than the other (identical conditions included: each is then as narrow)."""
    by_day: dict[object, list[Policy]] = {}
    for policy in policies:
        by_day.setdefault(policy.effective, []).append(policy)
    if len(by_day) == sum(map(len, by_day.values())):
        return  # no two start the same day
    shops = {store.id: store for store in stores}
    for same_day in by_day.values():
        for one, other in combinations(same_day, 2):
            a, b = reach(one.when, kinds, shops), reach(other.when, kinds, shops)
            if not can_both_apply(a, b, shops):
                continue
            if a == b or not (narrower(a, b) or narrower(b, a)):
                yield one, other


def narrowest_first(
    policies: list[Policy], kinds: Mapping[str, frozenset[str]], stores: Iterable[Store]
) -> list[Policy]:
    """``policies`` (newest first) with, among those of one day, a narrower one always tried
    before a wider one; otherwise in the order given."""
    days = [policy.effective for policy in policies]
    if len(set(days)) == len(days):
        return list(policies)  # no two start the same day: nothing to order
    shops = {store.id: store for store in stores}
    ordered: list[Policy] = []
    pending = list(policies)
    while pending:
        day = pending[0].effective
        same_day = [policy for policy in pending if policy.effective == day]
        reaches = {policy.id: reach(policy.when, kinds, shops) for policy in same_day}
        while same_day:
            # A partial order: some policy of the day always has none narrower left.
            pick = next(policy for policy in same_day if not _wider(policy, same_day, reaches))
            same_day.remove(pick)
            ordered.append(pick)
        pending = [policy for policy in pending if policy.effective != day]
    return ordered


def _wider(policy: Policy, group: list[Policy], reaches: Mapping[str, Reach]) -> bool:
    mine = reaches[policy.id]
    return any(reaches[other.id] != mine and narrower(reaches[other.id], mine) for other in group)
