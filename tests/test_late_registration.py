"""An extension whose source names no registration deadline (``deadline_stated`` false).

The certain answer takes the base warranty's last day as the deadline; a registration after it
may still count, so the longest answer counts it, and ``--assume RULE_ID:late`` confirms it.
"""

from __future__ import annotations

from datetime import date

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.inputs.purchase import build_purchase
from watchwarranty.messages import render
from watchwarranty.model import Purchase, RuleBook, Verdict
from watchwarranty.rules import parse_rules

RULES = """\
schema = 1

[default]
id = "late-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.open]
name = "Open Co"

[[brands.open.policies]]
id = "open-2020"
title = "Two years; three with registration"
effective = 2020-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.open.policies.extensions]]
id = "open-registration"
title = "Registration adds 1 year"
adds = "1 year"
requires_registration = true
transferable = true
source = "test"
confidence = "high"

[brands.stated]
name = "Stated Co"

[[brands.stated.policies]]
id = "stated-2020"
title = "Two years; three with registration while the base runs"
effective = 2020-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.stated.policies.extensions]]
id = "stated-registration"
title = "Registration adds 1 year"
adds = "1 year"
requires_registration = true
registration_deadline = "base"
transferable = true
source = "test"
confidence = "high"
"""

BOUGHT = date(2023, 1, 31)
LATE_DAY = date(2025, 6, 1)
AS_OF = date(2026, 12, 7)
LATE = "open-registration:late"


def rules() -> RuleBook:
    return parse_rules(RULES, origin="late.toml")


def check(purchase: Purchase) -> Verdict:
    return evaluate(purchase, rules(), as_of=AS_OF, explain=True)


def test_a_late_registration_may_count_where_no_deadline_is_stated() -> None:
    verdict = check(Purchase("open", BOUGHT, registered_on=LATE_DAY))
    assert verdict.effective_expiry == date(2025, 1, 31)
    assert verdict.possible_expiry == date(2026, 1, 31)
    assert [(d.fact, d.value, d.expiry) for d in verdict.depends_on] == [
        ("assume", LATE, date(2026, 1, 31))
    ]
    [note] = [render(n) for n in verdict.notes if n.code == "depends-late"]
    assert "2026-01-31" in note


def test_confirmed_the_late_registration_counts() -> None:
    verdict = check(Purchase("open", BOUGHT, registered_on=LATE_DAY, assumed=frozenset({LATE})))
    assert verdict.effective_expiry == date(2026, 1, 31)
    assert "assumed-late" in [c.code for c in verdict.conditions]


def test_a_stated_deadline_leaves_nothing_open() -> None:
    verdict = check(Purchase("stated", BOUGHT, registered_on=LATE_DAY))
    assert verdict.effective_expiry == verdict.possible_expiry == date(2025, 1, 31)
    assert verdict.depends_on == ()


def test_a_registration_in_time_has_no_late_term() -> None:
    verdict = check(Purchase("open", BOUGHT, registered_on=date(2023, 2, 1)))
    assert verdict.effective_expiry == verdict.possible_expiry == date(2026, 1, 31)
    assert verdict.depends_on == ()


def test_a_registration_day_not_given_may_be_late() -> None:
    verdict = check(Purchase("open", BOUGHT, registered=True))
    assert verdict.effective_expiry == date(2025, 1, 31)
    assert verdict.possible_expiry == date(2026, 1, 31)


def test_the_late_term_is_an_id_assume_accepts() -> None:
    purchase = build_purchase(rules(), brand="open", purchase_date="2023-01-31", assume=[LATE])
    assert purchase.assumed == {LATE}
