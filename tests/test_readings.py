"""Properties of the readings: every fact the owner did not give is a set of possible values.

The engine answers each reading of the facts not given and keeps the least cover
(``effective_expiry``) and the most (``possible_expiry``). These tests give the facts one at a
time and check the two answers against what each value, given, answers; they run over the
shipped rules and over small fictitious rules files generated here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, NamedTuple

from hypothesis import HealthCheck, assume, given, note, reject, settings
from hypothesis import strategies as st

from watchwarranty.engine.calendar import add_months
from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import InputError, RulesError
from watchwarranty.model import Brand, Policy, Purchase, RuleBook, Start, Verdict
from watchwarranty.rules import default_rules_path, load_rules, parse_rules

# Loaded here rather than taken from the fixture: a failing example then prints the brand, not
# every shipped rule.
SHIPPED = load_rules(default_rules_path())
DAY = timedelta(days=1)
MARKET_STALL = "a market stall"
# A region no rule names.
NOWHERE = "ZZ"

# -- generated rules files -------------------------------------------------------------------

HEADER = """\
schema = 1

[movements.mechanical]
[movements.quartz]
[movements.tourbillon]
kind_of = "mechanical"

[default]
id = "gen-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.gen]
name = "Gen Co"
"""

STORE = """
[[brands.gen.stores]]
id = "boutique"
name = "Gen Boutique"
region = "CN"
"""

# Few days, so that two policies sometimes start on the same day.
EFFECTIVES = [date(2012, 1, 1), date(2015, 7, 1), date(2018, 3, 31), date(2020, 1, 1)]
OPENS = [date(2014, 6, 1), date(2019, 6, 1), date(2021, 2, 28)]


class Generated(NamedTuple):
    """A fictitious rules file: its blocks, as text, and the facts its rules read."""

    head: str
    blocks: tuple[str, ...]
    reads: frozenset[str]

    def text(self, order: tuple[int, ...] | None = None) -> str:
        blocks = self.blocks if order is None else tuple(self.blocks[i] for i in order)
        return self.head + "".join(blocks)


def _toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


@st.composite
def policy_block(
    draw: st.DrawFn, index: int, *, has_store: bool, plain: bool = False
) -> tuple[str, tuple[object, ...], frozenset[str]]:
    """One [[brands.gen.policies]] block, its (effective, conditions) key, and what it reads."""
    effective = draw(st.sampled_from(EFFECTIVES))
    base = draw(st.integers(1, 5))
    lines = [
        "",
        "[[brands.gen.policies]]",
        f'id = "gen-p{index}"',
        f'title = "Policy {index}"',
        f"effective = {effective.isoformat()}",
        f'base = "{base} years"',
        'source = "test"',
        'confidence = "high"',
    ]
    reads: set[str] = set()
    if plain:
        return "\n".join(lines) + "\n", (effective, None, None, None), frozenset()
    movements = draw(st.sampled_from([None, ("mechanical",), ("quartz",), ("tourbillon",)]))
    regions = draw(st.sampled_from([None, ("CN",), ("US", "JP")]))
    stores = draw(st.sampled_from([None, ("boutique",)])) if has_store else None
    for key, values, fact in (
        ("movements", movements, "movement"),
        ("regions", regions, "region"),
        ("stores", stores, "store"),
    ):
        if values is not None:
            lines.append(f"{key} = {_toml_list(values)}")
            reads.add(fact)
    if draw(st.booleans()):
        lines.append('starts = "activation"')
        reads.add("activation")
    if draw(st.booleans()):
        lines.append("requires_registration = true")
        reads.add("registration")
    if draw(st.booleans()):
        adds = draw(st.integers(1, 6))
        lines += [
            "",
            "[[brands.gen.policies.extensions]]",
            f'id = "gen-p{index}-registration"',
            f'title = "Registration adds {adds} years"',
            f'adds = "{adds} years"',
            "requires_registration = true",
            'source = "test"',
            'confidence = "high"',
        ]
        reads.add("registration")
        opens = draw(st.sampled_from([None, *OPENS]))
        if opens is not None:
            lines.append(f"registration_opens = {opens.isoformat()}")
        if draw(st.booleans()):
            lines.append('registration_deadline = "base"')
        if draw(st.booleans()):
            # A condition no purchase fact shows: an open term, beside the transfer's.
            lines.append('unchecked_condition = "gen watches"')
        transferable = draw(st.sampled_from([None, True, False]))
        if transferable is not None:
            lines.append(f"transferable = {str(transferable).lower()}")
        if transferable is not True:
            reads.add("second_hand")
        if draw(st.booleans()):
            lines.append('movements = ["mechanical"]')
            reads.add("movement")
    if "store" in reads:
        reads.add("region")  # a store implies its region
    return "\n".join(lines) + "\n", (effective, movements, regions, stores), frozenset(reads)


@st.composite
def generated(draw: st.DrawFn, *, plain: bool = False) -> Generated:
    """A brand with 1-3 dated policies (``plain``: one policy without conditions or
    extensions)."""
    has_store = not plain and draw(st.booleans())
    count = 1 if plain else draw(st.integers(1, 3))
    blocks, keys, reads = [], [], set()
    for index in range(count):
        block, key, facts = draw(policy_block(index, has_store=has_store, plain=plain))
        blocks.append(block)
        keys.append(key)
        reads |= facts
    # Two policies of the same day and conditions are an error in a rules file, and so are two
    # that can both apply with neither narrower (`rules check` refuses the ambiguity).
    assume(len(set(keys)) == len(keys))
    found = Generated(HEADER + (STORE if has_store else ""), tuple(blocks), frozenset(reads))
    try:
        parse(found)
    except RulesError:
        reject()
    return found


def parse(gen: Generated, order: tuple[int, ...] | None = None) -> RuleBook:
    return parse_rules(gen.text(order), origin="generated.toml")


# -- purchases -------------------------------------------------------------------------------


class World(NamedTuple):
    rules: RuleBook
    brand: Brand
    gen: Generated | None

    def __repr__(self) -> str:
        # A failing example names the brand, or prints the generated file, not every rule.
        if self.gen is None:
            return f"World(shipped brand {self.brand.id!r})"
        return f"World(generated rules:\n{self.gen.text()})"


def _policies(world: World) -> list[Policy]:
    return [*world.brand.policies, world.rules.default_policy]


def uses_activation(world: World) -> bool:
    return any(policy.starts is not Start.SALE for policy in _policies(world))


def registration_opens(world: World) -> list[date]:
    return [
        extension.registration_opens
        for policy in _policies(world)
        for extension in policy.extensions
        if extension.requires_registration and extension.registration_opens is not None
    ]


def regions(world: World) -> list[str]:
    named = [region for group in world.brand.region_groups for region in group]
    return sorted({*named, "CN", "US", "CH", NOWHERE})


def stores(world: World) -> list[str]:
    return [store.id for store in world.brand.stores] + [MARKET_STALL]


def _registers(brand: Brand) -> bool:
    return any(
        policy.requires_registration
        or any(extension.requires_registration for extension in policy.extensions)
        for policy in brand.policies
    )


@st.composite
def worlds(draw: st.DrawFn, *, registering: bool = False) -> World:
    """The shipped rules, or a generated file; ``registering``: a brand registering can earn
    something from."""
    if draw(st.booleans()):
        names = sorted(SHIPPED.brands)
        if registering:
            names = [name for name in names if _registers(SHIPPED.brands[name])]
        return World(SHIPPED, SHIPPED.brands[draw(st.sampled_from(names))], None)
    gen = draw(generated())
    if registering:
        assume("registration" in gen.reads)
    rules = parse(gen)
    return World(rules, rules.brands["gen"], gen)


def _day(draw: st.DrawFn, lo: date, hi: date) -> date:
    return draw(st.dates(min_value=lo, max_value=hi))


@st.composite
def purchases(
    draw: st.DrawFn, world: World, *, days: int = 12 * 366, since: date = date(2009, 1, 1)
) -> tuple[Purchase, date]:
    """A purchase of the world's brand with any of its facts given or not, and an as-of day
    (sometimes only days after the purchase, so that every day of the range can be tried)."""
    bought = _day(draw, since, date(2026, 6, 30))
    span = draw(st.one_of(st.integers(0, 40), st.integers(0, days)))
    as_of = bought + span * DAY
    registered, registered_on = draw(
        st.sampled_from([(None, False), (False, False), (True, False), (True, True)])
    )
    purchase = Purchase(
        world.brand.id,
        bought,
        region=draw(st.sampled_from([None, *regions(world)])),
        movement=draw(st.sampled_from([None, *world.rules.movements])),
        store=draw(st.sampled_from([None, *stores(world)])),
        registered=registered,
        registered_on=_day(draw, bought, as_of) if registered_on else None,
        second_hand=draw(st.sampled_from([None, False, True])),
        activated_on=draw(st.one_of(st.none(), st.dates(bought, as_of))),
        serviced_on=draw(st.one_of(st.none(), st.dates(bought, as_of))),
    )
    # A store in another region than the one given is refused: leave such a pair out.
    assume(safe(world.rules, purchase, as_of) is not None)
    return purchase, as_of


def safe(rules: RuleBook, purchase: Purchase, as_of: date) -> Verdict | None:
    try:
        return evaluate(purchase, rules, as_of=as_of)
    except InputError:
        return None


# -- the values a fact can take --------------------------------------------------------------


def _months(world: World) -> set[int]:
    months = set()
    for policy in _policies(world):
        months.add(policy.base.total_months)
        for extension in policy.extensions:
            if extension.requires_service:
                months.add((extension.service_within or policy.base).total_months)
    return months


def _first_start(anchor: date, months: int) -> date:
    """The first day whose window of ``months`` reaches ``anchor``."""
    day = add_months(anchor, -months) - 5 * DAY
    while add_months(day, months) < anchor:
        day += DAY
    return day


def _within(days: set[date], lo: date, hi: date) -> list[date]:
    return sorted(day for day in days if lo <= day <= hi)


def registration_days(world: World, purchase: Purchase, as_of: date) -> list[date]:
    """Days to register on: every day of a short range; of a long one its ends and the days
    where a window opens or closes."""
    lo = purchase.purchased_on
    if (as_of - lo).days <= 40:
        return [lo + n * DAY for n in range((as_of - lo).days + 1)]
    days = {lo, as_of}
    for opens in registration_opens(world):
        days |= {opens - DAY, opens}
    starts = {lo} | ({purchase.activated_on} if purchase.activated_on else set())
    for start in starts:
        for months in _months(world):
            end = add_months(start, months)
            days |= {start, end, end + DAY}
    return _within(days, lo, as_of)


def activation_days(world: World, purchase: Purchase, as_of: date) -> list[date]:
    """Days cover could start on: every day of a short range; of a long one its ends and the
    days where a window around a given day begins to reach it."""
    lo = purchase.purchased_on
    if (as_of - lo).days <= 40:
        return [lo + n * DAY for n in range((as_of - lo).days + 1)]
    # The day after the sale is the first on which a registration made at the sale is early.
    days = {lo, lo + DAY, as_of}
    anchors = {as_of, *registration_opens(world)}
    for given_day in (purchase.registered_on, purchase.serviced_on):
        if given_day is not None:
            anchors.add(given_day)
            days |= {given_day, given_day + DAY}
    for opens in registration_opens(world):
        days |= {opens - DAY, opens}
    for anchor in anchors:
        for months in _months(world):
            first = _first_start(anchor, months)
            days |= {first - DAY, first}
    return _within(days, lo, as_of)


Values = list[dict[str, Any]]


def fact_values(world: World, purchase: Purchase, as_of: date) -> Iterator[tuple[str, Values]]:
    """Each fact, with what leaves it out and every value it can take."""
    yield "movement", [{"movement": None}] + [{"movement": m} for m in world.rules.movements]
    yield "region", [{"region": None}] + [{"region": r} for r in regions(world)]
    yield "store", [{"store": None}] + [{"store": s} for s in stores(world)]
    yield "second_hand", [{"second_hand": value} for value in (None, False, True)]
    unregistered = purchase._replace(registered=None, registered_on=None)
    yield (
        "registered",
        [
            {"registered": None, "registered_on": None},
            {"registered": False, "registered_on": None},
            *(
                {"registered": True, "registered_on": day}
                for day in registration_days(world, unregistered, as_of)
            ),
        ],
    )
    no_start = purchase._replace(activated_on=None)
    yield (
        "activated_on",
        [{"activated_on": None}]
        + [{"activated_on": day} for day in activation_days(world, no_start, as_of)],
    )


# -- 1. a fact given lies between the two answers, and the two are its extremes --------------


@settings(max_examples=150)
@given(st.data())
def test_each_fact_given_lies_between_the_answers_and_they_are_its_extremes(
    data: st.DataObject,
) -> None:
    world = data.draw(worlds())
    purchase, as_of = data.draw(purchases(world))
    for fact, (blank, *values) in fact_values(world, purchase, as_of):
        without = purchase._replace(**blank)
        unknown = safe(world.rules, without, as_of)
        assert unknown is not None
        answers = []
        for value in values:
            known = safe(world.rules, without._replace(**value), as_of)
            if known is None:  # a store in another region than the one given
                continue
            assert known.effective_expiry >= unknown.effective_expiry, (fact, value)
            assert known.possible_expiry <= unknown.possible_expiry, (fact, value)
            answers.append(known)
        assert answers, fact
        assert min(a.effective_expiry for a in answers) == unknown.effective_expiry, fact
        assert max(a.possible_expiry for a in answers) == unknown.possible_expiry, fact


# -- 2. registering earlier in the window never gives less -----------------------------------


@settings(max_examples=150)
@given(st.data())
def test_registering_earlier_in_the_window_never_gives_less(
    data: st.DataObject,
) -> None:
    world = data.draw(worlds())
    purchase, as_of = data.draw(purchases(world))
    if uses_activation(world) and purchase.activated_on is None:
        # The window opens with cover's start: give it, so that "in the window" is one range.
        purchase = purchase._replace(
            activated_on=data.draw(st.dates(purchase.purchased_on, as_of))
        )
    start = purchase.activated_on if uses_activation(world) else purchase.purchased_on
    assert start is not None
    opens = max([purchase.purchased_on, start, *registration_opens(world)])
    assume(opens <= as_of)
    first = data.draw(st.dates(opens, as_of), label="earlier")
    later = data.draw(st.dates(first, as_of), label="later")
    answers = []
    for day in (first, later):
        registered = purchase._replace(registered=True, registered_on=day)
        verdict = safe(world.rules, registered, as_of)
        assert verdict is not None
        answers.append(verdict)
    assert answers[0].effective_expiry >= answers[1].effective_expiry
    assert answers[0].possible_expiry >= answers[1].possible_expiry


# -- 3. registering on register_by earns the promise in every reading ------------------------


def _promise(verdict: Verdict) -> date:
    [note_] = [message for message in verdict.notes if message.code == "register-by"]
    args = dict(note_.args)
    assert args["deadline"] == verdict.register_by
    expiry = args["expiry"]
    assert isinstance(expiry, date)
    return expiry


def every_reading(world: World, purchase: Purchase, as_of: date) -> Iterator[Purchase]:
    """The purchase with each fact not given given, one value for each group of values the
    rules treat alike (tests/test_engine.py checks that the members of a group answer alike)."""
    brand = world.brand
    choices: list[list[dict[str, Any]]] = []
    if purchase.movement is None:
        movements = [group[0] for group in brand.movement_groups] or [None]
        choices.append([{"movement": m} for m in movements])
    if purchase.region is None:
        choices.append([{"region": r} for r in [NOWHERE, *(g[0] for g in brand.region_groups)]])
    if purchase.store is None:
        shops = [MARKET_STALL, *(group[0].id for group in brand.store_groups)]
        choices.append([{"store": s} for s in shops])
    if purchase.second_hand is None:
        choices.append([{"second_hand": False}, {"second_hand": True}])
    if purchase.activated_on is None and uses_activation(world):
        lo = purchase.purchased_on
        days = {lo, lo + (as_of - lo) // 2, as_of}
        choices.append([{"activated_on": day} for day in sorted(days)])
    for combination in itertools.product(*choices):
        given_facts: dict[str, Any] = {}
        for part in combination:
            given_facts.update(part)
        yield purchase._replace(**given_facts)


# Most purchases have nothing to promise: many are drawn for each that has.
@settings(max_examples=100, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.data())
def test_registering_by_the_deadline_earns_the_promise_in_every_reading(
    data: st.DataObject,
) -> None:
    world = data.draw(worlds(registering=True))
    purchase, as_of = data.draw(purchases(world, days=366, since=date(2015, 1, 1)))
    purchase = purchase._replace(registered=False, registered_on=None)
    verdict = safe(world.rules, purchase, as_of)
    assert verdict is not None
    assume(verdict.register_by is not None)
    deadline = verdict.register_by
    assert deadline is not None
    promised = _promise(verdict)
    assert promised > verdict.effective_expiry
    missed = []
    for reading in every_reading(world, purchase, as_of):
        on_time = safe(
            world.rules, reading._replace(registered=True, registered_on=deadline), deadline
        )
        if on_time is None:  # a store in another region
            continue
        note(f"reading {reading}")
        assert on_time.effective_expiry >= promised, reading
        late_day = deadline + DAY
        late = evaluate(
            reading._replace(registered=True, registered_on=late_day), world.rules, as_of=late_day
        )
        missed.append(late.effective_expiry < promised)
    assert any(missed), "registering the day after register_by still earns the promise"


# -- 4. every depends_on entry is what giving that fact alone gives --------------------------


def _last_day(value: str) -> date:
    return date.fromisoformat(value.split("/")[-1])


def with_fact(purchase: Purchase, fact: str, value: str) -> Purchase:
    if fact in ("movement", "region", "store"):
        return purchase._replace(**{fact: value})
    if fact == "second_hand":
        return purchase._replace(second_hand={"no": False, "yes": True}[value])
    if fact == "registered":
        return purchase._replace(registered={"no": False, "yes": True}[value])
    if fact == "registered_on":
        return purchase._replace(registered=True, registered_on=_last_day(value))
    if fact in ("activated_on", "serviced_on"):
        return purchase._replace(**{fact: _last_day(value)})
    assert fact == "assume", fact
    return purchase._replace(assumed=purchase.assumed | {value})


@settings(max_examples=200)
@given(st.data())
def test_every_dependence_is_what_giving_that_fact_alone_gives(
    data: st.DataObject,
) -> None:
    world = data.draw(worlds())
    purchase, as_of = data.draw(purchases(world))
    verdict = safe(world.rules, purchase, as_of)
    assert verdict is not None
    for entry in verdict.depends_on:
        assert entry.expiry > verdict.effective_expiry, entry
        alone = evaluate(with_fact(purchase, entry.fact, entry.value), world.rules, as_of=as_of)
        assert alone.effective_expiry == entry.expiry, entry


# -- 5. the order of the policies in the file does not matter --------------------------------


def _answer(verdict: Verdict) -> tuple[object, ...]:
    return (
        verdict.effective_expiry,
        verdict.possible_expiry,
        verdict.status,
        verdict.register_by,
        verdict.expiry_if_registered,
        verdict.depends_on,
        verdict.unknown,
        tuple(rule.id for rule in verdict.rules),
    )


@settings(max_examples=150)
@given(st.data())
def test_the_order_of_policies_in_the_file_does_not_change_the_answer(
    data: st.DataObject,
) -> None:
    gen = data.draw(generated())
    order = tuple(data.draw(st.permutations(range(len(gen.blocks))), label="order"))
    rules, shuffled = parse(gen), parse(gen, order)
    world = World(rules, rules.brands["gen"], gen)
    purchase, as_of = data.draw(purchases(world))
    verdict = evaluate(purchase, rules, as_of=as_of)
    other = evaluate(purchase, shuffled, as_of=as_of)
    assert _answer(verdict) == _answer(other)


# -- 6. a fact the rules never read never makes the answer depend ----------------------------

# What each fact the generated rules may read takes in a purchase, left out.
UNREAD = {
    "movement": {"movement": None},
    "region": {"region": None},
    "store": {"store": None},
    "registration": {"registered": None, "registered_on": None},
    "activation": {"activated_on": None},
    "second_hand": {"second_hand": None},
}


@settings(max_examples=150)
@given(st.data())
def test_a_fact_the_rules_never_read_never_makes_the_answer_depend(
    data: st.DataObject,
) -> None:
    gen = data.draw(st.one_of(generated(plain=True), generated()))
    rules = parse(gen)
    world = World(rules, rules.brands["gen"], gen)
    purchase, as_of = data.draw(purchases(world))
    # Every fact the rules read is given (a day for a registration, to leave no range open)...
    if purchase.registered is not False and purchase.registered_on is None:
        day = data.draw(st.dates(purchase.purchased_on, as_of))
        purchase = purchase._replace(registered=True, registered_on=day)
    given_facts = Purchase(
        purchase.brand,
        purchase.purchased_on,
        region=purchase.region or NOWHERE,
        movement=purchase.movement or "quartz",
        store=purchase.store or MARKET_STALL,
        registered=purchase.registered,
        registered_on=purchase.registered_on,
        second_hand=bool(purchase.second_hand),
        activated_on=purchase.activated_on or purchase.purchased_on,
        # Whether a later owner keeps an extension the rules leave open is a fact they read,
        # and so are a condition no purchase fact shows and a registration deadline the source
        # does not state: each a term of its own.
        assumed=frozenset(
            term
            for policy in world.brand.policies
            for extension in policy.extensions
            for term in (extension.id, extension.transfer_term, extension.late_term)
        ),
    )
    # ...and those it does not are left out.
    for fact in UNREAD.keys() - gen.reads:
        given_facts = given_facts._replace(**UNREAD[fact])
    verdict = safe(rules, given_facts, as_of)
    assume(verdict is not None)
    assert verdict is not None
    note(f"reads {sorted(gen.reads)}; {given_facts}")
    assert verdict.status != "depends"
    assert verdict.possible_expiry == verdict.effective_expiry
    assert verdict.depends_on == ()
    assert verdict.unknown == ()
