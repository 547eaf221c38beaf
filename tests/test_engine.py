"""Engine mechanics on a fictitious brand (tests/data/acme.toml), and properties on real rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import InputError
from watchwarranty.messages import render
from watchwarranty.model import Outcome, Purchase, RuleBook, Verdict
from watchwarranty.rules import find_brand

LATE = date(2040, 1, 1)


def check(rules: RuleBook, purchase: Purchase, as_of: date = LATE) -> Verdict:
    return evaluate(purchase, rules, as_of=as_of, explain=True)


def codes(verdict: Verdict) -> list[str]:
    return [note.code for note in verdict.notes]


def test_default_applies_before_any_brand_policy(acme: RuleBook) -> None:
    verdict = check(acme, Purchase("acme", date(2010, 1, 1), movement="quartz"))
    assert verdict.effective_expiry == date(2012, 1, 1)
    assert [rule.id for rule in verdict.rules] == ["acme-default"]


@pytest.mark.parametrize(
    ("bought", "expires", "month_note"),
    [
        (date(2012, 2, 29), date(2014, 2, 28), False),
        (date(2012, 3, 1), date(2014, 3, 1), True),
        (date(2012, 3, 31), date(2014, 3, 31), True),
        (date(2012, 4, 1), date(2015, 4, 1), False),
    ],
)
def test_month_only_start_gives_the_earlier_terms_inside_that_month(
    acme: RuleBook, bought: date, expires: date, month_note: bool
) -> None:
    verdict = check(acme, Purchase("acme", bought, movement="mechanical"))
    assert verdict.effective_expiry == expires
    # Inside the month the newer terms are a reading of their own, named by their rule id.
    assert ("depends-month-only" in codes(verdict)) is month_note
    if month_note:
        assert verdict.possible_expiry == bought.replace(year=bought.year + 3)
        assert [(d.fact, d.value) for d in verdict.depends_on] == [
            ("assume", "acme-mechanical-2012-03")
        ]


def test_kind_of_lets_a_tourbillon_count_as_mechanical(acme: RuleBook) -> None:
    verdict = check(acme, Purchase("acme", date(2013, 5, 1), movement="tourbillon"))
    assert verdict.effective_expiry == date(2016, 5, 1)


def test_unknown_movement_takes_the_shorter_reading_and_says_what_would_change_it(
    acme: RuleBook,
) -> None:
    verdict = check(acme, Purchase("acme", date(2013, 5, 1)))
    assert verdict.effective_expiry == date(2015, 5, 1)
    assert verdict.possible_expiry == date(2016, 5, 1)
    [note] = [n for n in verdict.notes if n.code == "depends-movement"]
    assert render(note) == "If the movement is mechanical, cover runs to 2016-05-01"
    assert [(d.fact, d.value, d.expiry) for d in verdict.depends_on] == [
        ("movement", "mechanical", date(2016, 5, 1))
    ]


@pytest.mark.parametrize(
    ("bought", "expires"),
    [(date(2015, 6, 30), date(2017, 6, 30)), (date(2015, 7, 1), date(2020, 7, 1))],
)
def test_both_sides_of_an_exact_start_date(acme: RuleBook, bought: date, expires: date) -> None:
    verdict = check(acme, Purchase("acme", bought, movement="quartz"))
    assert verdict.effective_expiry == expires


@pytest.mark.parametrize(
    ("registered_on", "earned", "note"),
    [
        (date(2019, 5, 31), False, "registered-early-note"),
        (date(2019, 6, 1), True, None),
        (date(2021, 1, 10), True, None),
        (date(2021, 1, 11), False, "registered-late-note"),
    ],
)
def test_registration_window_edges(
    acme: RuleBook, registered_on: date, earned: bool, note: str | None
) -> None:
    purchase = Purchase("acme", date(2019, 1, 10), movement="mechanical", store="elsewhere")
    verdict = check(acme, purchase._replace(registered_on=registered_on))
    assert verdict.base_expiry == date(2021, 1, 10)
    assert verdict.extended_expiry == (date(2027, 1, 10) if earned else None)
    assert (note in codes(verdict)) if note else "registered-late-note" not in codes(verdict)


def test_unregistered_watch_is_told_the_deadline_and_the_prize(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), movement="mechanical", region="US")
    verdict = check(acme, purchase, as_of=date(2020, 6, 1))
    assert verdict.extended_expiry is None
    assert verdict.register_by == date(2022, 1, 1)
    assert verdict.expiry_if_registered == date(2028, 1, 1)
    assert "register-by" in codes(verdict)


def test_after_the_deadline_registration_is_no_longer_offered(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), movement="mechanical", region="US")
    verdict = check(acme, purchase._replace(registered=False), as_of=date(2022, 1, 2))
    assert verdict.register_by is None
    assert verdict.expiry_if_registered is None
    assert verdict.status == "expired"
    assert "registration-closed" in codes(verdict)
    # Not said whether it was registered: registered in time, it would still be covered.
    unsaid = check(acme, purchase, as_of=date(2022, 1, 2))
    assert unsaid.status == "depends"
    assert unsaid.register_by is None
    assert ("registered_on", "2020-01-01/2022-01-01") in [
        (d.fact, d.value) for d in unsaid.depends_on
    ]


def test_before_registration_opens_the_deadline_is_shown_but_today_earns_nothing(
    acme: RuleBook,
) -> None:
    purchase = Purchase("acme", date(2019, 1, 10), movement="mechanical", region="US")
    verdict = check(acme, purchase, as_of=date(2019, 3, 1))
    assert verdict.register_by == date(2021, 1, 10)
    assert verdict.expiry_if_registered is None


def test_registered_without_a_date_is_a_range_of_days_not_a_guess(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), movement="mechanical", region="US")
    # Every day from the purchase to as-of is inside the window: certainly earned.
    inside = check(acme, purchase._replace(registered=True), as_of=date(2021, 6, 1))
    assert inside.extended_expiry == date(2028, 1, 1)
    assert inside.status == "active" and inside.depends_on == ()
    # Some days are after the window closed: earned only if it was registered in time.
    later = check(acme, purchase._replace(registered=True), as_of=date(2023, 6, 1))
    assert later.extended_expiry is None
    assert later.possible_expiry == date(2028, 1, 1)
    assert [(d.fact, d.value) for d in later.depends_on] == [
        ("registered_on", "2020-01-01/2022-01-01")
    ]


def test_refusing_marketing_consent_loses_an_extension_that_needs_it(acme: RuleBook) -> None:
    purchase = Purchase(
        "acme",
        date(2020, 1, 1),
        movement="mechanical",
        region="US",
        registered=False,
        marketing_consent=False,
    )
    verdict = check(acme, purchase, date(2020, 6, 1))
    assert verdict.extended_expiry is None
    assert verdict.register_by is None
    assert "no-consent" in codes(verdict)
    # A registration already made implies the consent it needed.
    made = check(acme, purchase._replace(registered=True, registered_on=date(2020, 2, 1)))
    assert made.extended_expiry == date(2028, 1, 1)


def test_second_hand_keeps_only_extensions_known_to_transfer(acme: RuleBook) -> None:
    purchase = Purchase(
        "acme",
        date(2020, 1, 1),
        movement="mechanical",
        store="旗舰店",
        registered_on=date(2020, 1, 5),
        second_hand=False,
    )
    assert check(acme, purchase).extended_expiry == date(2029, 1, 1)
    second = check(acme, purchase._replace(second_hand=True))
    assert second.extended_expiry == date(2028, 1, 1)
    assert "not-transferable" in codes(second)
    # Whether the flagship's extension passes on is open: it does in the longer reading.
    assert second.possible_expiry == date(2029, 1, 1)
    unsaid = check(acme, purchase._replace(second_hand=None))
    assert unsaid.effective_expiry == date(2028, 1, 1)
    assert ("second_hand", "no", date(2029, 1, 1)) in unsaid.depends_on


def test_a_named_store_implies_its_region(acme: RuleBook) -> None:
    purchase = Purchase(
        "acme",
        date(2020, 1, 1),
        movement="mechanical",
        store="acme flagship",
        registered_on=date(2020, 1, 5),
        second_hand=False,
    )
    verdict = check(acme, purchase)
    assert [rule.id for rule in verdict.rules] == [
        "acme-2019-01",
        "acme-registration",
        "acme-flagship",
    ]
    assert "rule-note" in codes(verdict)


def test_a_store_in_another_region_than_given_is_an_error(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), store="Acme Flagship", region="US")
    with pytest.raises(InputError, match="is in CN, not US"):
        check(acme, purchase)


def test_unknown_store_notes_the_store_that_would_give_more(acme: RuleBook) -> None:
    purchase = Purchase(
        "acme", date(2020, 1, 1), movement="mechanical", registered=False, second_hand=False
    )
    verdict = check(acme, purchase, date(2020, 2, 1))
    assert verdict.expiry_if_registered == date(2028, 1, 1)
    # The flagship's extra year needs registering too: no store alone earns it today, so no
    # store is named as deciding; registering is promised the least every store gives.
    assert verdict.depends_on == ()
    registered = check(
        acme, purchase._replace(registered=True, registered_on=date(2020, 1, 5)), date(2020, 2, 1)
    )
    store_notes = [render(n) for n in registered.notes if n.code == "depends-store"]
    assert store_notes == ["If bought at Acme Flagship, cover runs to 2029-01-01"]


def test_an_automatic_extension_with_a_cap_adds_only_up_to_the_cap(acme: RuleBook) -> None:
    purchase = Purchase(
        "acme", date(2020, 1, 1), movement="quartz", region="US", second_hand=False
    )
    alone = check(acme, purchase._replace(registered=False))
    assert alone.extended_expiry == date(2023, 1, 1)
    registered = check(acme, purchase._replace(registered_on=date(2020, 2, 1)))
    assert registered.extended_expiry == date(2028, 1, 1)


def test_no_deadline_in_the_source_is_said(acme: RuleBook) -> None:
    purchase = Purchase("other", date(2020, 1, 1), second_hand=False)
    verdict = check(acme, purchase, date(2020, 2, 1))
    assert verdict.register_by == date(2022, 1, 1)
    assert "no-deadline" in codes(verdict)
    # A later owner may not keep what registering earns: no promise, but what it could give.
    unsaid = check(acme, purchase._replace(second_hand=None), date(2020, 2, 1))
    assert unsaid.register_by is None
    assert "register-by-if-open" in codes(unsaid)
    # The deadline the note names is kept, for reminders and --register-within not to lose it.
    [note] = [note for note in unsaid.notes if note.code == "register-by-if-open"]
    args = dict(note.args)
    assert (unsaid.register_by_if_open, unsaid.expiry_if_open) == (
        args["deadline"],
        args["expiry"],
    )
    assert unsaid.may_register_by == date(2022, 1, 1)
    assert verdict.may_register_by == verdict.register_by


def test_explain_records_rejected_policies_with_reasons(acme: RuleBook) -> None:
    verdict = check(acme, Purchase("acme", date(2016, 1, 1), movement="quartz"))
    assert [(step.rule.id, step.outcome) for step in verdict.steps] == [
        ("acme-2019-01", Outcome.NOT_IN_FORCE),
        ("acme-2015-07", Outcome.APPLIED),
    ]


def test_an_unknown_brand_id_is_an_input_error(acme: RuleBook) -> None:
    with pytest.raises(InputError, match="unknown brand 'nope'"):
        check(acme, Purchase("nope", date(2020, 1, 1)))


def test_contradictory_dates_are_input_errors(acme: RuleBook) -> None:
    with pytest.raises(InputError, match="after 2020-01-01"):
        check(acme, Purchase("acme", date(2020, 1, 2)), date(2020, 1, 1))
    with pytest.raises(InputError, match="before the purchase date"):
        check(acme, Purchase("acme", date(2020, 1, 2), registered_on=date(2020, 1, 1)))


# -- properties over the shipped rules -------------------------------------------------------

purchase_dates = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 11, 1))


@st.composite
def purchases(draw: st.DrawFn, rules: RuleBook) -> tuple[Purchase, date]:
    brand = draw(st.sampled_from(sorted(rules.brands)))
    bought = draw(purchase_dates)
    as_of = draw(st.dates(min_value=bought, max_value=date(2040, 1, 1)))
    stores = [store.name for store in rules.brands[brand].stores]
    purchase = Purchase(
        brand,
        bought,
        region=draw(st.sampled_from([None, "CN", "US", "CH"])),
        movement=draw(st.sampled_from([None, *rules.movements])),
        store=draw(st.sampled_from([None, "a market stall", *stores])),
        second_hand=draw(st.booleans()),
        marketing_consent=draw(st.booleans()),
    )
    return purchase, as_of


def _safe(rules: RuleBook, purchase: Purchase, as_of: date) -> Verdict | None:
    try:
        return evaluate(purchase, rules, as_of=as_of)
    except InputError:  # a store in another region than given
        return None


def _reach(verdict: Verdict) -> tuple[date, date]:
    return verdict.effective_expiry, verdict.expiry_if_registered or verdict.effective_expiry


@settings(max_examples=300)
@given(st.data())
def test_dates_are_ordered_and_status_follows_them(shipped: RuleBook, data: st.DataObject) -> None:
    purchase, as_of = data.draw(purchases(shipped))
    verdict = _safe(shipped, purchase, as_of)
    if verdict is None:
        return
    assert purchase.purchased_on <= verdict.base_expiry <= verdict.effective_expiry
    # No cover at all only where the base itself hangs on a registration or the first owner.
    if verdict.base_expiry == purchase.purchased_on:
        assert {
            "base-needs-registration",
            "base-never-registered",
            "base-registered-late",
            "base-not-transferable",
        } & {note.code for note in verdict.notes}
    assert (verdict.status == "active") == (as_of <= verdict.effective_expiry)
    assert verdict.days_left == (verdict.effective_expiry - as_of).days
    if verdict.register_by is not None:
        assert as_of <= verdict.register_by


@settings(max_examples=300)
@given(st.data())
def test_registering_never_shortens_cover(shipped: RuleBook, data: st.DataObject) -> None:
    purchase, as_of = data.draw(purchases(shipped))
    unregistered = _safe(shipped, purchase, as_of)
    if unregistered is None:
        return
    registered_on = data.draw(st.dates(min_value=purchase.purchased_on, max_value=as_of))
    for registered in (
        purchase._replace(registered=True),
        purchase._replace(registered_on=registered_on),
    ):
        verdict = evaluate(registered, shipped, as_of=as_of)
        assert verdict.effective_expiry >= unregistered.effective_expiry


@settings(max_examples=300)
@given(st.data())
def test_an_unknown_fact_never_gives_longer_cover_than_a_known_value(
    shipped: RuleBook, data: st.DataObject
) -> None:
    purchase, as_of = data.draw(purchases(shipped))
    blank = purchase._replace(movement=None, region=None, store=None)
    unknown = _safe(shipped, blank, as_of)
    assert unknown is not None
    for fact, values in (
        ("movement", list(shipped.movements)),
        ("region", ["CN", "US"]),
        ("store", [s.name for s in shipped.brands[purchase.brand].stores] + ["a market stall"]),
    ):
        for value in values:
            known = _safe(shipped, blank._replace(**{fact: value}), as_of)
            if known is not None:
                assert _reach(unknown) <= _reach(known), (fact, value)
                # What registering today is promised, registering today gives, whatever the fact.
                if unknown.expiry_if_registered is not None:
                    now = _safe(
                        shipped, blank._replace(**{fact: value}, registered_on=as_of), as_of
                    )
                    assert now is not None
                    assert now.effective_expiry >= unknown.expiry_if_registered, (fact, value)


@settings(max_examples=100)
@given(st.data())
def test_every_name_of_a_brand_gives_the_same_answer(
    shipped: RuleBook, data: st.DataObject
) -> None:
    purchase, as_of = data.draw(purchases(shipped))
    brand = shipped.brands[purchase.brand]
    expected = _safe(shipped, purchase, as_of)
    for name in (brand.id, brand.name, brand.name_zh or brand.name, *brand.aliases):
        found = find_brand(shipped, name.upper() if name.isascii() else name)
        assert found.id == brand.id
        assert _safe(shipped, purchase._replace(brand=found.id), as_of) == expected


def test_when_every_reading_ties_the_least_special_one_is_shown(acme: RuleBook) -> None:
    # Past the deadline nothing can be earned, so every store gives the same answer; the answer
    # must not then present a named store's promotion as if the watch had been bought there.
    purchase = Purchase("acme", date(2020, 1, 1), movement="mechanical", region="CN")
    verdict = check(acme, purchase, as_of=date(2023, 1, 1))
    assert "rule-note" not in codes(verdict)
    [flagship] = [step for step in verdict.steps if step.rule.id == "acme-flagship"]
    assert flagship.outcome is Outcome.CONDITION_FAILED
    assert render(flagship.reason) == "needs a purchase at a named store; store not given"


def test_missed_deadlines_are_one_note(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), movement="mechanical", store="旗舰店")
    verdict = check(acme, purchase, as_of=date(2023, 1, 1))
    closed = [render(n) for n in verdict.notes if n.code == "registration-closed"]
    assert closed == [
        "Registration adds 6 years; Flagship promotion adds 1 year: the last day to register "
        "was 2022-01-01"
    ]
    assert "no-deadline" not in codes(verdict)


def test_terms_whose_start_is_not_dated_are_a_reading_of_their_own(acme: RuleBook) -> None:
    registered = Purchase(
        "undated", date(2024, 12, 31), registered_on=date(2025, 1, 2), second_hand=False
    )
    before = check(acme, registered)
    assert before.effective_expiry == date(2026, 12, 31)
    # Eight years if the undated terms applied, ten if the core-collection term holds too.
    assert before.possible_expiry == date(2034, 12, 31)
    [note] = [render(n) for n in before.notes if n.code == "depends-unconfirmed-start"]
    assert note == (
        "Eight years for registered watches: the sources date these terms only from "
        "2025-01-01; if they already applied, cover runs to 2032-12-31"
    )
    assert [(d.fact, d.value) for d in before.depends_on] == [("assume", "undated-2025")]
    assert "depends-together" in codes(before)
    # Said to hold, the undated terms are counted, and the answer says what it rests on.
    assumed = check(acme, registered._replace(assumed=frozenset({"undated-2025"})))
    assert assumed.effective_expiry == date(2032, 12, 31)
    assert "assumed-term" in [c.code for c in assumed.conditions]
    on_the_day = check(acme, registered._replace(purchased_on=date(2025, 1, 1)))
    assert on_the_day.effective_expiry == date(2033, 1, 1)
    assert "depends-unconfirmed-start" not in codes(on_the_day)


def test_an_unchecked_condition_is_a_reading_never_counted_as_certain(acme: RuleBook) -> None:
    purchase = Purchase(
        "undated", date(2025, 1, 1), registered_on=date(2025, 1, 2), second_hand=False
    )
    verdict = check(acme, purchase)
    assert [rule.id for rule in verdict.rules] == ["undated-2025", "undated-registration"]
    assert verdict.possible_expiry == date(2035, 1, 1)
    [note] = [render(n) for n in verdict.notes if n.code == "depends-unchecked"]
    assert note == (
        "Core collection adds 2 years applies only to core-collection watches, which this tool "
        "cannot check; if it applies, cover runs to 2035-01-01"
    )
    assert ("assume", "undated-core", date(2035, 1, 1)) in verdict.depends_on


def test_an_answer_resting_on_a_weaker_source_says_so(acme: RuleBook) -> None:
    strong = check(acme, Purchase("acme", date(2016, 1, 1), movement="quartz"))
    assert "not-high-confidence" not in codes(strong)
    weak = check(
        acme,
        Purchase(
            "acme",
            date(2020, 1, 1),
            movement="mechanical",
            store="旗舰店",
            registered_on=date(2020, 1, 5),
            second_hand=False,
        ),
    )
    [note] = [render(n) for n in weak.notes if n.code == "not-high-confidence"]
    assert note == (
        "This answer rests on sources that are not the brand's own page: "
        "Flagship promotion adds 1 year"
    )


# -- engine bugs: each test failed before its fix ----------------------------------------------

FIXES = """
schema = 1
[movements.mechanical]
[movements.quartz]
[default]
id = "fix-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.capped]
name = "Capped"
[[brands.capped.policies]]
id = "capped-2015"
title = "Two years, more when earned"
effective = 2015-01-01
base = "2 years"
source = "test"
confidence = "high"
[[brands.capped.policies.extensions]]
id = "capped-registration"
title = "Registration: 5 years in all"
adds = "6 years"
cap = "5 years"
requires_registration = true
registration_deadline = "base"
source = "test"
confidence = "high"
[[brands.capped.policies.extensions]]
id = "capped-automatic"
title = "One more year for everyone"
adds = "1 year"
source = "test"
confidence = "high"

[brands.late]
name = "Late Opener"
[[brands.late.policies]]
id = "late-2015"
title = "Two years, eight when registered"
effective = 2015-01-01
base = "2 years"
source = "test"
confidence = "high"
[[brands.late.policies.extensions]]
id = "late-registration"
title = "Registration adds 6 years"
adds = "6 years"
requires_registration = true
registration_opens = 2019-01-01
registration_deadline = "base"
source = "test"
confidence = "high"

[brands.split]
name = "Split"
[[brands.split.policies]]
id = "split-mechanical"
title = "Mechanical: 2 years, 8 when registered"
effective = 2015-01-01
base = "2 years"
movements = ["mechanical"]
source = "test"
confidence = "high"
[[brands.split.policies.extensions]]
id = "split-registration"
title = "Registration adds 6 years"
adds = "6 years"
requires_registration = true
registration_deadline = "base"
source = "test"
confidence = "high"
[[brands.split.policies]]
id = "split-quartz"
title = "Quartz: 3 years"
effective = 2015-01-01
base = "3 years"
movements = ["quartz"]
source = "test"
confidence = "high"
"""


@pytest.fixture(scope="module")
def fixes() -> RuleBook:
    from watchwarranty.rules import parse_rules

    return parse_rules(FIXES, origin="fixes.toml")


def test_durations_compare_by_their_whole_length() -> None:
    from watchwarranty.model import Duration

    assert Duration(2, 18) == Duration(3, 6)
    assert hash(Duration(2, 18)) == hash(Duration(3, 6))
    assert Duration(2, 18) < Duration(3, 7)
    assert Duration(2, 18) > Duration(3, 5)
    assert max(Duration(2, 18), Duration(3, 5)) == Duration(2, 18)


def test_a_base_of_years_and_many_months_is_no_extension(shipped: RuleBook) -> None:
    verdict = check(shipped, Purchase("tudor", date(2019, 2, 25)), as_of=date(2020, 2, 29))
    assert verdict.base_expiry == date(2022, 8, 25)
    assert (verdict.extension, verdict.extended_expiry) == (None, None)
    assert verdict.effective_expiry == date(2022, 8, 25)


def test_caps_apply_in_the_same_order_for_the_promise_and_the_verdict(fixes: RuleBook) -> None:
    bought = date(2020, 1, 1)
    first_owner = Purchase("capped", bought, second_hand=False)
    unregistered = check(fixes, first_owner._replace(registered=False), as_of=date(2020, 6, 1))
    registered = check(
        fixes, first_owner._replace(registered_on=date(2020, 6, 1)), as_of=date(2020, 6, 1)
    )
    assert unregistered.effective_expiry == date(2023, 1, 1)
    assert registered.effective_expiry == date(2026, 1, 1)
    assert unregistered.expiry_if_registered == registered.effective_expiry
    notes = [render(note) for note in unregistered.notes]
    assert "Register by 2022-01-01 to extend cover to 2026-01-01" in notes


def test_a_registration_window_that_opens_after_the_base_ends_promises_nothing(
    fixes: RuleBook,
) -> None:
    bought = date(2015, 6, 1)
    verdict = check(fixes, Purchase("late", bought), as_of=date(2016, 1, 1))
    assert (verdict.register_by, verdict.expiry_if_registered) == (None, None)
    assert "register-by" not in codes(verdict)
    assert "registration-never-open" in codes(verdict)
    assumed = check(fixes, Purchase("late", bought, registered=True), as_of=date(2020, 1, 1))
    assert assumed.effective_expiry == date(2017, 6, 1)
    assert assumed.extended_expiry is None


def test_the_promise_of_registering_holds_in_every_reading_of_an_unknown_fact(
    fixes: RuleBook,
) -> None:
    bought = date(2020, 1, 1)
    verdict = check(
        fixes,
        Purchase("split", bought, registered=False, second_hand=False),
        as_of=date(2020, 6, 1),
    )
    assert verdict.effective_expiry == date(2022, 1, 1)  # mechanical: the shorter reading
    # Registering gives 8 years to a mechanical watch, but a quartz one keeps its 3 years.
    assert verdict.expiry_if_registered == date(2023, 1, 1)
    notes = [render(note) for note in verdict.notes]
    assert "Register by 2022-01-01 to extend cover to 2023-01-01" in notes
    assert all("2028-01-01" not in note or "mechanical" in note for note in notes)


def test_a_registration_after_the_as_of_day_is_an_input_error(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2020, 1, 1), registered_on=date(2021, 1, 2))
    with pytest.raises(InputError, match="registration date 2021-01-02 is after 2021-01-01"):
        check(acme, purchase, as_of=date(2021, 1, 1))


def test_registered_does_not_count_before_the_scheme_opened(acme: RuleBook) -> None:
    purchase = Purchase("acme", date(2019, 1, 10), registered=True)
    before = check(acme, purchase, as_of=date(2019, 5, 31))
    assert before.effective_expiry == date(2021, 1, 10)
    assert not before.depends_on
    assert "registered-early-note" in codes(before)
    # On the opening day a registration of that day counts; one of an earlier day does not.
    after = check(acme, purchase, as_of=date(2019, 6, 1))
    assert after.effective_expiry == date(2021, 1, 10)
    assert ("registered_on", "2019-06-01", date(2027, 1, 10)) in after.depends_on


def test_an_expiry_past_the_calendar_is_an_input_error(acme: RuleBook) -> None:
    with pytest.raises(InputError, match="too far in the future"):
        check(acme, Purchase("acme", date(9998, 6, 1)), as_of=date(9998, 6, 2))


@settings(max_examples=200)
@given(st.data())
def test_values_grouped_as_alike_give_the_same_answer(
    shipped: RuleBook, data: st.DataObject
) -> None:
    """The engine tries a fact not given once per group of values its rules treat alike; every
    member of a group must give the same answer, or the grouping hides a shorter reading."""
    brand = shipped.brands[data.draw(st.sampled_from(sorted(shipped.brands)))]
    bought = data.draw(purchase_dates)
    as_of = data.draw(st.dates(min_value=bought, max_value=date(2040, 1, 1)))
    groups = [("movement", group) for group in brand.movement_groups] + [
        ("region", group) for group in brand.region_groups
    ]
    for fact, group in groups:
        answers = {
            _reach(verdict)
            for value in group
            if (verdict := _safe(shipped, Purchase(brand.id, bought, **{fact: value}), as_of))
            is not None
        }
        assert len(answers) <= 1, (brand.id, fact, group)


# -- issue: answers that say what is certain and what depends ----------------------------------
# Each of these failed on the engine that took one reading of a fact not given.

TWO_REGIONS = """
schema = 1
[default]
id = "d"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"
[brands.tworeg]
name = "Two Regions"
[[brands.tworeg.policies]]
id = "tworeg-jp"
title = "Japan: 30 months, 4 more years for registering"
effective = 2020-01-01
base = "30 months"
regions = ["JP"]
requires_registration = true
source = "test"
confidence = "high"
[[brands.tworeg.policies.extensions]]
id = "tworeg-jp-registration"
title = "Registering adds 4 years"
adds = "4 years"
requires_registration = true
registration_deadline = "base"
source = "test"
confidence = "high"
[[brands.tworeg.policies]]
id = "tworeg-elsewhere"
title = "41 months"
effective = 2020-01-01
base = "41 months"
regions = ["US"]
requires_registration = true
source = "test"
confidence = "high"
[brands.months]
name = "Month Only"
[[brands.months.policies]]
id = "months-dated"
title = "Six years"
effective = 2012-04-28
base = "6 years"
source = "test"
confidence = "high"
[[brands.months.policies]]
id = "months-month-only"
title = "Three years"
effective = "2012-04"
base = "3 years"
source = "test"
confidence = "high"
"""


@pytest.fixture(scope="module")
def depends_rules() -> RuleBook:
    from watchwarranty.rules import parse_rules

    return parse_rules(TWO_REGIONS, origin="depends.toml")


def test_register_by_is_the_last_day_that_earns_in_every_reading(depends_rules: RuleBook) -> None:
    # In Japan the window closes 30 months after the sale; elsewhere 41. Not knowing where,
    # a later deadline would promise what registering then no longer earns in Japan.
    purchase = Purchase("tworeg", date(2021, 1, 1), registered=False, second_hand=False)
    verdict = evaluate(purchase, depends_rules, as_of=date(2021, 2, 1))
    assert verdict.register_by == date(2023, 7, 1)
    late = purchase._replace(registered=True, registered_on=date(2023, 7, 2), region="JP")
    assert evaluate(late, depends_rules, as_of=date(2023, 7, 2)).effective_expiry == date(
        2021, 1, 1
    )


def test_a_month_only_start_against_a_dated_one_of_that_month_takes_the_shorter(
    depends_rules: RuleBook,
) -> None:
    # The month-only policy may have started after the dated one: either may be in force.
    verdict = evaluate(
        Purchase("months", date(2012, 5, 10)), depends_rules, as_of=date(2013, 1, 1)
    )
    assert verdict.effective_expiry == date(2015, 5, 10)
    assert verdict.possible_expiry == date(2018, 5, 10)


def test_an_activation_day_not_given_is_a_range_not_the_sale_standing_in(
    shipped: RuleBook,
) -> None:
    registered = Purchase(
        "tag-heuer",
        date(2021, 8, 31),
        movement="manufacture",
        registered=True,
        registered_on=date(2021, 8, 31),
        second_hand=False,
    )
    unknown = evaluate(registered, shipped, as_of=date(2021, 9, 1))
    later = evaluate(
        registered._replace(activated_on=date(2021, 9, 1)), shipped, as_of=date(2021, 9, 1)
    )
    # A registration before the activation earns nothing: not given, the answer never says more.
    assert later.effective_expiry == date(2023, 9, 1)
    assert unknown.effective_expiry <= later.effective_expiry


def test_facts_assumed_names_only_facts_whose_value_changes_the_answer(shipped: RuleBook) -> None:
    # Rolex's rules read no fact: nothing not given changes its answer.
    rolex = evaluate(Purchase("rolex", date(2020, 1, 1)), shipped, as_of=date(2021, 1, 1))
    assert rolex.unknown == ()
    # An Audemars Piguet bought in 2025 at a shop not given, in a region not given: the region
    # alone never earns the boutique's years, so it is not promised as if it did.
    ap = evaluate(
        Purchase(
            "audemars-piguet", date(2025, 3, 1), registered_on=date(2025, 3, 10), second_hand=False
        ),
        shipped,
        as_of=date(2026, 1, 1),
    )
    by_region = [d for d in ap.depends_on if d.fact == "region"]
    for dependence in by_region:
        given = evaluate(
            Purchase(
                "audemars-piguet",
                date(2025, 3, 1),
                region=dependence.value,
                registered_on=date(2025, 3, 10),
                second_hand=False,
            ),
            shipped,
            as_of=date(2026, 1, 1),
        )
        assert given.effective_expiry == dependence.expiry
