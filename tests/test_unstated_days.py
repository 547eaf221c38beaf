"""A day the owner did not give is never told as a fact.

With ``--registered`` and no day, the answer shown is one reading of the day (the shortest);
its words may say what a registration on some days would not earn, never that the registration
came on a day.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.messages import render
from watchwarranty.model import Message, Purchase, RuleBook, Verdict
from watchwarranty.rules import default_rules_path, load_rules, parse_rules

RULES = """\
schema = 1

[default]
id = "days-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.late]
name = "Late Co"

[[brands.late.policies]]
id = "late-2017"
title = "Two years; eight with registration"
effective = 2017-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.late.policies.extensions]]
id = "late-registration"
title = "Registration adds 6 years"
adds = "6 years"
requires_registration = true
registration_deadline = "base"
registration_opens = 2019-05-15
transferable = true
source = "test"
confidence = "high"

[brands.sealed]
name = "Sealed Co"

[[brands.sealed.policies]]
id = "sealed-2017"
title = "Two years, once the sale is registered"
effective = 2017-01-01
base = "2 years"
requires_registration = true
source = "test"
confidence = "high"
"""

SHIPPED = load_rules(default_rules_path())
AS_OF = date(2026, 12, 7)
# What a registration or service on one day did: said only of a day the owner gave.
DAY_TOLD = {
    "registered-late-note",
    "registered-early-note",
    "base-registered-late",
    "registered-in-time",
    "registered-late",
    "registered-early",
    "serviced-in-time",
    "serviced-outside",
    "serviced-outside-note",
}
EARLY = {"registered-early-note", "registered-early"}


def rules() -> RuleBook:
    return parse_rules(RULES, origin="days.toml")


def told(verdict: Verdict) -> list[Message]:
    steps = [step.reason for step in verdict.steps]
    return [*verdict.notes, *verdict.conditions, *steps]


def check(rules: RuleBook, purchase: Purchase) -> Verdict:
    return evaluate(purchase, rules, as_of=AS_OF, explain=True)


def test_a_registration_day_not_given_is_not_said_to_be_late() -> None:
    verdict = check(rules(), Purchase("late", date(2021, 6, 15), registered=True))
    assert verdict.effective_expiry == date(2023, 6, 15)
    assert not DAY_TOLD & {message.code for message in told(verdict)}
    said = " ".join(render(message) for message in told(verdict))
    assert "came after" not in said
    assert "2023-06-16" not in said
    assert "registration day was not given" in said


def test_a_registration_day_not_given_is_not_said_to_be_early() -> None:
    verdict = check(rules(), Purchase("late", date(2018, 6, 1), registered=True))
    assert verdict.effective_expiry == date(2020, 6, 1)
    assert not DAY_TOLD & {message.code for message in told(verdict)}
    said = " ".join(render(message) for message in told(verdict))
    assert "register again" not in said
    assert "2018-06-01," not in said


def test_a_base_registration_day_not_given_is_not_said_to_be_late() -> None:
    verdict = check(rules(), Purchase("sealed", date(2021, 6, 15), registered=True))
    assert not DAY_TOLD & {message.code for message in told(verdict)}


def test_a_day_given_is_told() -> None:
    late = Purchase("late", date(2021, 6, 15), registered_on=date(2023, 6, 16))
    assert "registered-late-note" in [n.code for n in check(rules(), late).notes]
    early = Purchase("late", date(2018, 6, 1), registered_on=date(2018, 6, 1))
    assert "registered-early-note" in [n.code for n in check(rules(), early).notes]


@settings(max_examples=150)
@given(
    brand=st.sampled_from(sorted(SHIPPED.brands)),
    bought=st.dates(date(2012, 1, 1), date(2026, 6, 1)),
    registered=st.sampled_from([None, True]),
    second_hand=st.sampled_from([None, False, True]),
)
def test_no_shipped_answer_tells_a_day_not_given(
    brand: str, bought: date, registered: bool | None, second_hand: bool | None
) -> None:
    purchase = Purchase(brand, bought, registered=registered, second_hand=second_hand)
    verdict = check(SHIPPED, purchase)
    # (Before a programme opens, every day a registration could have come is early: said so.)
    assert not (DAY_TOLD - EARLY) & {message.code for message in told(verdict)}


def test_before_the_programme_opens_every_registration_was_early() -> None:
    purchase = Purchase("late", date(2018, 6, 1), registered=True)
    verdict = evaluate(purchase, rules(), as_of=date(2019, 5, 14), explain=True)
    assert "registered-early-note" in [n.code for n in verdict.notes]
