"""Sweeps generated from the rules: what no hand-written boundary list would catch.

For every brand, the sweep asks the engine for the answer to one watch of each kind the brand's
rules tell apart (a movement, region and store group each), bought on every day from 1990 to ten
years after the brand's newest policy, and reports:

- ``overlap``: two policies in force from the same day that can both apply to one watch with
  neither narrower than the other (the answer would rest on the order of the file);
- ``move``: an answer that changes on a day the rules do not declare as a boundary;
- ``missing-case``: a declared boundary without a case bought on each side of it.

Everything it knows about what the rules mean it learns from ``evaluate``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from itertools import pairwise, product
from typing import NamedTuple

from watchwarranty.engine.calendar import add_duration
from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.model import Brand, Duration, Purchase, RuleBook, Verdict
from watchwarranty.rules.overlap import ambiguous_pairs

FIRST_DAY = date(1990, 1, 1)
YEARS_AFTER = 10
# A region no rule names: the watch bought anywhere else.
_ELSEWHERE = "ZZ"
# Answers as of a day after every cover ends: what is asked is the cover, not what is left of it.
_AS_OF = date(2200, 1, 1)


class Finding(NamedTuple):
    """One thing the sweep found: its kind (overlap, move, missing-case), the brand, the day,
    and what it is about (policy ids, or the watch that was asked about)."""

    kind: str
    brand: str
    day: date
    about: tuple[str, ...]


class Watch(NamedTuple):
    """One kind of watch the brand's rules tell apart."""

    movement: str | None
    region: str | None
    store: str | None

    def label(self) -> str:
        """The facts that make it this kind, for a finding."""
        facts = [("movement", self.movement), ("region", self.region), ("store", self.store)]
        return ", ".join(f"{name} {value}" for name, value in facts if value) or "any watch"


def boundaries(brand: Brand) -> dict[date, str]:
    """The days the brand's rules declare its answers may change on, each with the rule."""
    days: dict[date, str] = {}
    for policy in brand.policies:
        if policy.month_only:
            # A purchase inside a month-only start month gets the earlier terms.
            start = policy.effective
            last = calendar.monthrange(start.year, start.month)[1]
            days[start.replace(day=last) + timedelta(days=1)] = policy.id
        else:
            days[policy.effective] = policy.id
        for extension in policy.extensions:
            if extension.registration_opens is None:
                continue
            # The first purchase whose base warranty still runs when registration opens: the
            # rule declares it through registration_opens and the base's length.
            first = _first_day_running(extension.registration_opens, policy.base)
            for day in (first - timedelta(days=1), first, first + timedelta(days=1)):
                days.setdefault(day, extension.id)
    return days


def _first_day_running(opens: date, length: Duration) -> date:
    day = opens - timedelta(days=length.total_months * 31)
    while add_duration(day, length) < opens:
        day += timedelta(days=1)
    return day


def case_days(brand: Brand) -> set[date]:
    """The purchase days each side of every dated policy boundary that cases must cover."""
    days: set[date] = set()
    for policy in brand.policies:
        start = policy.effective
        if policy.month_only:
            last = calendar.monthrange(start.year, start.month)[1]
            days |= {start - timedelta(days=1), start.replace(day=last) + timedelta(days=1)}
        else:
            days |= {start - timedelta(days=1), start}
    return days


def watches(brand: Brand) -> list[Watch]:
    """One watch of each kind the brand's rules tell apart."""
    used = brand.facts_used
    movements: list[str | None] = [None]
    if "movement" in used:
        movements = [group[0] for group in brand.movement_groups]
    regions: list[str | None] = [None]
    if "region" in used:
        regions = [_ELSEWHERE, *(group[0] for group in brand.region_groups)]
    found = [Watch(m, r, None) for m, r in product(movements, regions)]
    if "store" in used:
        for group in brand.store_groups:
            store = group[0]
            found += [Watch(m, store.region, store.id) for m in movements]
    return found


def _shape(verdict: Verdict) -> tuple[object, ...]:
    """What an answer says, apart from the dates that move with the purchase day itself."""
    start = verdict.purchase.purchased_on
    return (
        tuple(rule.id for rule in verdict.rules),
        verdict.base,
        verdict.extension,
        _months_between(start, verdict.effective_expiry),
    )


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    # A month-end is a whole month from a later day of a longer month (31 March to 30 April).
    whole = end.day >= start.day or end.day == calendar.monthrange(end.year, end.month)[1]
    return months if whole else months - 1


def _answer(rules: RuleBook, brand: Brand, watch: Watch, day: date) -> tuple[object, ...]:
    """The answer's shape for the watch bought on ``day``, unregistered and registered."""
    shapes: list[object] = []
    for registered in (None, True) if _registers(brand) else (None,):
        purchase = Purchase(
            brand.id,
            day,
            region=watch.region,
            movement=watch.movement,
            store=watch.store,
            registered=registered,
        )
        try:
            shapes.append(_shape(evaluate(purchase, rules, as_of=_AS_OF)))
        except WatchWarrantyError as error:
            shapes.append(("error", str(error)))
    return tuple(shapes)


def _registers(brand: Brand) -> bool:
    """Whether registering can change any of the brand's answers."""
    return any(
        policy.requires_registration
        or any(extension.requires_registration for extension in policy.extensions)
        for policy in brand.policies
    )


def moves(rules: RuleBook, brand: Brand, *, step: int = 1) -> Iterator[Finding]:
    """Days a watch's answer changes that the rules do not declare (every ``step`` days)."""
    declared = boundaries(brand)
    newest = max(policy.effective for policy in brand.policies)
    last = date(max(newest.year, FIRST_DAY.year) + YEARS_AFTER, 12, 31)
    days = _walk(FIRST_DAY, last, step, declared)
    for watch in watches(brand):
        before = _answer(rules, brand, watch, days[0])
        for previous, day in pairwise(days):
            now = _answer(rules, brand, watch, day)
            if now != before and not _declared_between(previous, day, declared):
                yield Finding("move", brand.id, day, (watch.label(),))
            before = now


def _walk(first: date, last: date, step: int, declared: Mapping[date, str]) -> list[date]:
    days = {first + timedelta(days=offset) for offset in range(0, (last - first).days + 1, step)}
    # Each side of every declared day is always visited, whatever the step.
    days |= {day + timedelta(days=shift) for day in declared for shift in (-1, 0)}
    return sorted(day for day in days | {last} if first <= day <= last)


def _declared_between(previous: date, day: date, declared: Mapping[date, str]) -> bool:
    return any(previous < boundary <= day for boundary in declared)


def overlaps(rules: RuleBook, brand: Brand) -> Iterator[Finding]:
    """Policies of one day that can both apply to one watch, neither narrower."""
    for first, second in ambiguous_pairs(brand.policies, rules.kinds, brand.stores):
        yield Finding("overlap", brand.id, first.effective, (first.id, second.id))


def missing_cases(brand: Brand, covered: Iterable[date]) -> Iterator[Finding]:
    """Declared boundaries without a case bought on the day (``covered``: the cases' days)."""
    for day in sorted(case_days(brand) - set(covered)):
        yield Finding("missing-case", brand.id, day, ())


def sweep(
    rules: RuleBook,
    cases: Mapping[str, Iterable[date]] | None = None,
    *,
    step: int = 1,
    brands: Iterable[str] | None = None,
) -> list[Finding]:
    """Every finding for the brands named (all by default); ``cases`` maps a brand id to the
    purchase days its cases cover (None: cases are not looked at)."""
    found: list[Finding] = []
    for brand_id in brands if brands is not None else sorted(rules.brands):
        brand = rules.brands[brand_id]
        found += overlaps(rules, brand)
        found += moves(rules, brand, step=step)
        if cases is not None:
            found += missing_cases(brand, cases.get(brand_id, ()))
    return found
