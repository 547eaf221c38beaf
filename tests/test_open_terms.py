"""Open terms: each term the sources leave open is a reading of its own, named on its own.

An extension can leave two things open at once: a condition no purchase fact shows
(``unchecked_condition``) and, for a later owner, whether it passes on (``transferable`` left
out). Confirming one (``--assume``) must never count the other as certain.
"""

from __future__ import annotations

from datetime import date

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import InputError
from watchwarranty.inputs.purchase import build_purchase
from watchwarranty.messages import render
from watchwarranty.model import Purchase, RuleBook, Verdict
from watchwarranty.rules import parse_rules

RULES = """\
schema = 1

[default]
id = "terms-default"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"

[brands.core]
name = "Core Co"

[[brands.core.policies]]
id = "core-2020"
title = "Two years; eight for registered core-collection watches"
effective = 2020-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.core.policies.extensions]]
id = "core-collection"
title = "Registering a core-collection watch adds 6 years"
adds = "6 years"
requires_registration = true
registration_deadline = "base"
unchecked_condition = "core-collection watches"
source = "test"
confidence = "high"

[brands.plain]
name = "Plain Co"

[[brands.plain.policies]]
id = "plain-2020"
title = "Two years; eight with registration"
effective = 2020-01-01
base = "2 years"
source = "test"
confidence = "high"

[[brands.plain.policies.extensions]]
id = "plain-registration"
title = "Registering adds 6 years"
adds = "6 years"
requires_registration = true
registration_deadline = "base"
source = "test"
confidence = "high"
"""

BOUGHT = date(2023, 5, 31)
AS_OF = date(2026, 12, 7)
BASE_END = date(2025, 5, 31)
EXTENDED_END = date(2031, 5, 31)
CONDITION = "core-collection"
TRANSFER = "core-collection:transfer"


def rules() -> RuleBook:
    return parse_rules(RULES, origin="terms.toml")


def check(purchase: Purchase) -> Verdict:
    return evaluate(purchase, rules(), as_of=AS_OF, explain=True)


def later_owner(*assumed: str) -> Purchase:
    return Purchase(
        "core",
        BOUGHT,
        registered_on=date(2023, 6, 1),
        second_hand=True,
        assumed=frozenset(assumed),
    )


def test_confirming_the_condition_leaves_a_later_owners_transfer_open() -> None:
    verdict = check(later_owner(CONDITION))
    assert verdict.effective_expiry == BASE_END
    assert verdict.possible_expiry == EXTENDED_END
    assert [(d.fact, d.value, d.expiry) for d in verdict.depends_on] == [
        ("assume", TRANSFER, EXTENDED_END)
    ]
    [note] = [render(n) for n in verdict.notes if n.code == "depends-transfer"]
    assert "2031-05-31" in note


def test_confirming_the_transfer_leaves_the_condition_open() -> None:
    verdict = check(later_owner(TRANSFER))
    assert verdict.effective_expiry == BASE_END
    assert verdict.possible_expiry == EXTENDED_END
    assert [(d.fact, d.value, d.expiry) for d in verdict.depends_on] == [
        ("assume", CONDITION, EXTENDED_END)
    ]


def test_both_terms_confirmed_count_the_extension() -> None:
    verdict = check(later_owner(CONDITION, TRANSFER))
    assert verdict.effective_expiry == EXTENDED_END
    assert verdict.possible_expiry == EXTENDED_END
    assert verdict.depends_on == ()
    said = [render(c) for c in verdict.conditions]
    assert len(said) == 2, said


def test_neither_term_alone_is_said_to_reach_the_longer_cover() -> None:
    verdict = check(later_owner())
    assert verdict.effective_expiry == BASE_END
    assert verdict.possible_expiry == EXTENDED_END
    # Each term alone leaves the other open: neither gives the longer cover for certain.
    assert verdict.depends_on == ()
    assert verdict.unknown == ("assume",)
    assert "depends-together" in [n.code for n in verdict.notes]


def test_the_first_owner_has_the_condition_alone_open() -> None:
    verdict = check(later_owner()._replace(second_hand=False))
    assert [(d.fact, d.value, d.expiry) for d in verdict.depends_on] == [
        ("assume", CONDITION, EXTENDED_END)
    ]
    assert check(later_owner(CONDITION)._replace(second_hand=False)).effective_expiry == (
        EXTENDED_END
    )


def test_the_transfer_term_is_an_id_assume_accepts() -> None:
    purchase = build_purchase(
        rules(), brand="core", purchase_date="2023-05-31", assume=[TRANSFER, CONDITION]
    )
    assert purchase.assumed == {TRANSFER, CONDITION}
    try:
        build_purchase(rules(), brand="core", purchase_date="2023-05-31", assume=["core:transfer"])
    except InputError:
        pass
    else:
        raise AssertionError("a policy has no transfer term")


def test_the_terms_needed_together_are_named_by_id() -> None:
    verdict = check(later_owner())
    [note] = [render(n) for n in verdict.notes if n.code == "depends-together-terms"]
    assert note.endswith(f"{CONDITION}, {TRANSFER}")


def test_assuming_an_extension_whose_only_open_term_is_its_transfer_names_that_term() -> None:
    # Before the transfer was a term of its own, the extension's id confirmed it: it is now
    # refused with the id to use, rather than silently counting for nothing.
    try:
        build_purchase(
            rules(), brand="plain", purchase_date="2023-05-31", assume=["plain-registration"]
        )
    except InputError as error:
        assert "plain-registration:transfer" in str(error) + str(error.hint)
    else:
        raise AssertionError("accepted an id that names no open term")
    purchase = build_purchase(
        rules(), brand="plain", purchase_date="2023-05-31", assume=["plain-registration:transfer"]
    )
    assert purchase.assumed == {"plain-registration:transfer"}
