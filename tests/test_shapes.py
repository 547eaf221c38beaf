"""Batch evaluates each shape of answer once and moves it to each row's dates: these tests hold
that moved answer to the engine's own, day by day, for every shipped brand."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from watchwarranty.batch import FACT_COLUMNS, Evaluator, Result, Row
from watchwarranty.dates import add_duration, add_months, months_between
from watchwarranty.engine import _first_reaching, evaluate, sensitivity
from watchwarranty.errors import InputError, WatchWarrantyError
from watchwarranty.inputs import build_purchase
from watchwarranty.model import Duration, Purchase, RuleBook, Verdict
from watchwarranty.rules import default_rules_path, load_rules, parse_rules

AS_OF = date(2024, 6, 1)
FIRST_DAY = date(2010, 6, 1)


def row_of(**facts: str) -> Row:
    cells = [facts.get(name, "") for name in FACT_COLUMNS]
    return Row(1, cells, tuple(cells))


def engine_answer(rules: RuleBook, row: Row, as_of: date) -> Result:
    """What check would say for the row, as batch cells, computed by the engine alone."""
    fresh = Evaluator(rules, as_of=as_of)
    fresh.keep_verdicts = True  # rows kept for their verdicts never take the shortcut
    return fresh.answer(row)


def candidate_days(rules: RuleBook, brand: str, as_of: date) -> set[date]:
    """Every day on which an answer of the brand could change: each policy's start (and for one
    dated by its month only, the next month's), and where each length any of its policies could
    reach crosses ``as_of``. Worked out here without ``sensitivity``, which leaves out the ones
    it judges cannot matter to a row: the sweep must visit those too."""
    days = {as_of + timedelta(days=1)}
    for policy in [*rules.brands[brand].policies, rules.default_policy]:
        days |= {policy.effective, add_months(policy.effective.replace(day=1), 1)}
        for count in range(len(policy.extensions) + 1):
            for granted in itertools.combinations(policy.extensions, count):
                months = policy.base.total_months + sum(e.adds.total_months for e in granted)
                for length in range(policy.base.total_months, months + 1):
                    days.add(_first_reaching(as_of, Duration.of_months(length)))
    return days


def sweep_days(rules: RuleBook, brand: str, stride: int) -> Iterator[date]:
    """Every ``stride``-th day, and each day near one where the brand's answers could change."""
    near = {
        boundary + timedelta(days=offset)
        for boundary in candidate_days(rules, brand, AS_OF)
        if boundary > FIRST_DAY
        for offset in range(-3, 4)
    }
    day = FIRST_DAY
    while day <= AS_OF + timedelta(days=2):
        if (day - FIRST_DAY).days % stride == 0 or day in near:
            yield day
        day += timedelta(days=1)


# Each day is checked with nothing but the date known (the engine then weighs every movement,
# region and store), and with one of these, in turn, through the same evaluator, so that a fact
# missing from the shape's key would mix their answers up.
COMBINATIONS = [
    {"registered": "yes"},
    {"registered_on": 20},
    {"registered_on": 800},
    {"second_hand": "yes", "marketing_consent": "no"},
    {"region": "CN", "movement": "co-axial", "registered": "no"},
    {"store": "北京SKP", "marketing_consent": "no"},
    {"region": "US", "movement": "quartz"},
    {"region": "GB", "movement": "calibre-400"},
    {"region": "CN", "movement": "manufacture"},
    {"region": "US", "store": "北京SKP"},
]


@pytest.mark.parametrize("brand", sorted(load_rules(default_rules_path()).brands))
def test_moved_answers_equal_the_engines_on_every_day(shipped: RuleBook, brand: str) -> None:
    evaluator = Evaluator(shipped, as_of=AS_OF)
    for number, day in enumerate(sweep_days(shipped, brand, stride=3)):
        for facts in ({}, COMBINATIONS[number % len(COMBINATIONS)]):
            cells = {name: str(value) for name, value in facts.items()}
            cells.update(brand=brand, purchase_date=day.isoformat())
            if "registered_on" in facts:
                later = day + timedelta(days=int(facts["registered_on"]))
                cells["registered_on"] = later.isoformat()
            row = row_of(**cells)
            assert evaluator.answer(row) == engine_answer(shipped, row, AS_OF), cells
    # The shortcut was taken: far fewer engine runs than rows.
    assert evaluator.evaluations < 250


rows = st.fixed_dictionaries(
    {
        "brand": st.sampled_from(
            ["omega", "欧米茄", "cartier", "jlc", "rolex", "tudor", "AP", "citizen"]
        ),
        "purchase_date": st.dates(date(2010, 1, 1), date(2024, 12, 31)).map(date.isoformat),
        "region": st.sampled_from(["", "CN", "中国", "US", "HK", "FR"]),
        "registered": st.sampled_from(["", "yes", "no", "是"]),
        "registered_on": st.sampled_from(["", "", "", "2012-02-01", "2019-07-01", "2024-05-31"]),
        "movement": st.sampled_from(["", "co-axial", "quartz", "mechanical", "manufacture"]),
        "store": st.sampled_from(["", "北京SKP", "a market stall"]),
        "second_hand": st.sampled_from(["", "yes", "no"]),
        "marketing_consent": st.sampled_from(["", "no", "yes"]),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(rows, min_size=20, max_size=60), st.dates(date(2015, 1, 1), date(2026, 1, 1)))
def test_one_evaluator_across_many_rows_agrees_with_the_engine(
    shipped: RuleBook, inventory: list[dict[str, str]], as_of: date
) -> None:
    evaluator = Evaluator(shipped, as_of=as_of)
    for cells in inventory:
        row = row_of(**cells)
        assert evaluator.answer(row) == engine_answer(shipped, row, as_of), cells


SHIPPED = load_rules(default_rules_path())


def shape(verdict: Verdict) -> tuple[object, ...]:
    """The verdict's status, and each of its dates as a month count after the purchase."""
    bought = verdict.purchase.purchased_on
    dates = (
        verdict.base_expiry,
        verdict.extended_expiry,
        verdict.effective_expiry,
        verdict.register_by,
        verdict.expiry_if_registered,
    )
    return (verdict.status, *(day and months_between(bought, day) for day in dates))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(SHIPPED.brands)),
    st.fixed_dictionaries(
        {
            "region": st.sampled_from([None, "CN", "US", "HK", "CH", "JP"]),
            "movement": st.sampled_from([None, *SHIPPED.movements]),
            "store": st.sampled_from([None, "北京SKP", "a market stall"]),
            "registered": st.sampled_from([None, True, False]),
            "second_hand": st.booleans(),
            "marketing_consent": st.booleans(),
        }
    ),
    st.dates(date(2012, 1, 1), date(2028, 12, 31)),
    st.lists(st.dates(date(2005, 1, 1), date(2028, 12, 31)), min_size=2, max_size=2),
)
# Bought in December 2011, the month Omega's co-axial terms are dated by, a co-axial watch still
# gets the 2 years before them, which reach back from mid-December 2013 into that month.
@example(
    "omega",
    {"movement": "co-axial"},
    date(2013, 12, 15),
    [date(2011, 12, 10), date(2011, 12, 20)],
)
def test_purchases_no_boundary_of_their_facts_divides_get_answers_of_one_shape(
    brand: str, facts: dict[str, Any], as_of: date, days: list[date]
) -> None:
    # The contract batch rests on, held by the engine alone: with the facts a group of rows
    # shares given, two purchase days between the same two boundaries get the same answer,
    # moved.
    first, second = sorted(days)
    assume(second <= as_of)
    given_facts = Purchase(brand, as_of, **facts)
    try:
        depends = sensitivity(SHIPPED.brands[brand], SHIPPED, as_of, given_facts)
    except InputError:
        assume(False)  # a store in another region: refused, whatever the day
    assume(bisect_right(depends.purchase, first) == bisect_right(depends.purchase, second))
    answers = [
        evaluate(given_facts._replace(purchased_on=day), SHIPPED, as_of=as_of)
        for day in (first, second)
    ]
    assert shape(answers[0]) == shape(answers[1])


def test_a_shape_is_learnt_once_and_moved_to_other_days(shipped: RuleBook) -> None:
    evaluator = Evaluator(shipped, as_of=AS_OF)
    for day in range(1, 29):
        evaluator.answer(row_of(brand="rolex", purchase_date=f"2020-02-{day:02d}"))
    assert evaluator.evaluations == 1
    moved = evaluator.answer(row_of(brand="劳力士", purchase_date="2020-02-29"))
    assert (moved.base_expiry, evaluator.evaluations) == ("2025-02-28", 1)


def test_a_fact_the_brands_rules_ignore_does_not_split_shapes(shipped: RuleBook) -> None:
    evaluator = Evaluator(shipped, as_of=AS_OF)
    for region in ("", "CN", "US", "中国"):
        evaluator.answer(row_of(brand="rolex", purchase_date="2020-02-01", region=region))
    assert evaluator.evaluations == 1


def test_a_policy_the_row_cannot_meet_does_not_split_its_shapes(shipped: RuleBook) -> None:
    # Omega's co-axial terms (4 years) start in December 2011: a quartz watch never meets them,
    # so neither their start nor the day their 4 years reach back from AS_OF divides its answers.
    days = ("2011-06-01", "2012-06-01", "2016-06-01", "2017-06-01")
    evaluator = Evaluator(shipped, as_of=AS_OF)
    for day in days:
        evaluator.answer(row_of(brand="omega", purchase_date=day, movement="quartz"))
    assert evaluator.evaluations == 1
    co_axial = Evaluator(shipped, as_of=AS_OF)
    for day in days:
        co_axial.answer(row_of(brand="omega", purchase_date=day, movement="co-axial"))
    assert co_axial.evaluations == 2


def test_an_extension_the_row_cannot_earn_does_not_split_its_shapes(shipped: RuleBook) -> None:
    # Cartier Care's 8 years from 2019 reach back from mid-2027 to 2019-06-01: only a watch
    # registered for it is still covered on one side of that day and not on the other.
    as_of = date(2027, 6, 1)
    days = ("2019-05-01", "2019-07-01")
    unregistered = Evaluator(shipped, as_of=as_of)
    for day in days:
        unregistered.answer(row_of(brand="cartier", purchase_date=day, registered="no"))
    assert unregistered.evaluations == 1
    registered = Evaluator(shipped, as_of=as_of)
    answers = [
        registered.answer(row_of(brand="cartier", purchase_date=day, registered="yes")).status
        for day in days
    ]
    assert (answers, registered.evaluations) == (["expired", "active"], 2)


def test_a_bad_cell_the_rules_ignore_is_still_an_error(shipped: RuleBook) -> None:
    evaluator = Evaluator(shipped, as_of=AS_OF)
    evaluator.answer(row_of(brand="rolex", purchase_date="2020-02-01"))
    answer = evaluator.answer(row_of(brand="rolex", purchase_date="2020-02-02", region="Atlantis"))
    assert answer.error.startswith("unknown region 'Atlantis'")


def test_a_future_purchase_is_refused_even_inside_a_known_shape(shipped: RuleBook) -> None:
    evaluator = Evaluator(shipped, as_of=AS_OF)
    evaluator.answer(row_of(brand="rolex", purchase_date="2024-05-30"))
    answer = evaluator.answer(row_of(brand="rolex", purchase_date="2024-06-02"))
    assert answer.error.startswith("purchase date 2024-06-02 is after 2024-06-01")


# -- the date arithmetic the shapes rest on ---------------------------------------------------

days = st.dates(date(1990, 1, 1), date(2090, 12, 31))


@given(days, st.integers(-600, 600))
def test_months_between_undoes_add_months(start: date, months: int) -> None:
    assert months_between(start, add_months(start, months)) == months


def test_months_between_refuses_a_day_no_month_count_reaches() -> None:
    assert months_between(date(2020, 1, 31), date(2020, 2, 27)) is None


@given(days, st.integers(1, 120))
def test_first_reaching_is_the_first_purchase_day_still_covered(as_of: date, months: int) -> None:
    length = Duration.of_months(months)
    first = _first_reaching(as_of, length)
    assert add_duration(first, length) >= as_of
    assert add_duration(first - timedelta(days=1), length) < as_of


def test_engine_and_batch_answers_share_their_error_text(shipped: RuleBook) -> None:
    row = row_of(brand="rolex", purchase_date="2021-02-29")
    with pytest.raises(WatchWarrantyError) as raised:
        purchase = build_purchase(shipped, brand="rolex", purchase_date="2021-02-29")
        evaluate(purchase, shipped, as_of=AS_OF)
    assert Evaluator(shipped, as_of=AS_OF).answer(row).error == str(raised.value)


STORE_BUT_NO_STORE_RULES = """
schema = 1
[movements.mechanical]
[default]
id = "default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"
[brands.plain]
name = "Plain"
[[brands.plain.stores]]
id = "harbour"
name = "Harbour Boutique"
region = "HK"
[[brands.plain.policies]]
id = "plain-2015"
title = "Three years"
effective = 2015-01-01
base = "3 years"
source = "test"
confidence = "high"
"""


def test_a_named_store_matters_even_to_rules_that_never_mention_stores() -> None:
    rules = parse_rules(STORE_BUT_NO_STORE_RULES)
    evaluator = Evaluator(rules, as_of=AS_OF)
    shop = {"brand": "plain", "store": "Harbour Boutique"}
    assert not evaluator.answer(row_of(**shop, purchase_date="2020-01-01")).error
    contradiction = evaluator.answer(row_of(**shop, purchase_date="2020-01-02", region="CN"))
    assert contradiction.error.startswith("store 'Harbour Boutique' is in HK, not CN")
