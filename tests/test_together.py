"""Where no one fact reaches the longest cover, the facts that do, together, are all named."""

from __future__ import annotations

from datetime import date

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.messages import render
from watchwarranty.model import Purchase, RuleBook, Verdict
from watchwarranty.rules import parse_rules

RULES = """\
schema = 1

[default]
id = "together-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.pair]
name = "Pair Co"

[[brands.pair.policies]]
id = "pair-2020"
title = "Two years; eight with registration"
effective = 2020-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.pair.policies.extensions]]
id = "pair-registration"
title = "Registration adds 6 years"
adds = "6 years"
requires_registration = true
registration_deadline = "base"
source = "test"
confidence = "high"
"""

BOUGHT = date(2023, 1, 1)
AS_OF = date(2026, 12, 7)


def check(purchase: Purchase) -> Verdict:
    rules: RuleBook = parse_rules(RULES, origin="together.toml")
    return evaluate(purchase, rules, as_of=AS_OF)


def together(verdict: Verdict) -> str:
    [note] = [render(n) for n in verdict.notes if n.code == "depends-together"]
    return note


def test_registration_and_the_owner_are_named_together() -> None:
    verdict = check(Purchase("pair", BOUGHT))
    assert verdict.effective_expiry == date(2025, 1, 1)
    assert verdict.possible_expiry == date(2031, 1, 1)
    assert verdict.depends_on == ()
    # Registered (on a day in the window) leaves a later owner's transfer open: the owner is
    # one of the facts to give.
    assert set(verdict.unknown) >= {"registered", "second_hand"}
    note = together(verdict)
    assert "registration" in note
    assert "first or later owner" in note


def test_the_facts_named_together_make_the_longest_cover_certain() -> None:
    given = Purchase(
        "pair", BOUGHT, registered=True, registered_on=date(2023, 1, 2), second_hand=False
    )
    assert check(given).effective_expiry == date(2031, 1, 1)


def test_registered_alone_still_names_the_owner() -> None:
    verdict = check(Purchase("pair", BOUGHT, registered=True))
    assert verdict.possible_expiry == date(2031, 1, 1)
    assert "second_hand" in verdict.unknown
    assert "first or later owner" in together(verdict)
