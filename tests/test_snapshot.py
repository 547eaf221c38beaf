"""The whole rule matrix as a committed snapshot: every rules change shows up as a diff.

`pytest --update-snapshots` rewrites tests/snapshots/matrix.json after a deliberate change;
review the diff with the rules change that caused it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.model import Purchase, RuleBook

SNAPSHOT = Path(__file__).parent / "snapshots" / "matrix.json"
AS_OF = date(2026, 11, 25)
FIXED_DAYS = [
    date(2010, 6, 15),
    date(2013, 3, 1),
    date(2016, 2, 29),
    date(2019, 11, 12),
    date(2022, 8, 31),
    date(2025, 6, 1),
]


def grid_days(rules: RuleBook, brand_id: str) -> list[date]:
    days = set(FIXED_DAYS)
    for policy in rules.brands[brand_id].policies:
        days |= {policy.effective - timedelta(days=1), policy.effective}
    return sorted(days)


def matrix(rules: RuleBook) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for brand_id in sorted(rules.brands):
        rows = {}
        for day in grid_days(rules, brand_id):
            # The first owner, not registered, or registered on some day not given; every
            # other fact not given, so each row shows both answers.
            for registered in (False, True):
                purchase = Purchase(brand_id, day, registered=registered, second_hand=False)
                verdict = evaluate(purchase, rules, as_of=AS_OF)
                rows[f"{day.isoformat()} {'registered' if registered else 'unregistered'}"] = {
                    "effective_expiry": verdict.effective_expiry.isoformat(),
                    "possible_expiry": verdict.possible_expiry.isoformat(),
                    "rules": [rule.id for rule in verdict.rules],
                }
        table[brand_id] = rows
    return table


def render(rules: RuleBook) -> str:
    return json.dumps(matrix(rules), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_rule_matrix_matches_its_snapshot(
    shipped: RuleBook, request: pytest.FixtureRequest
) -> None:
    live = render(shipped)
    if request.config.getoption("--update-snapshots"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(live, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot yet: run pytest --update-snapshots"
    assert SNAPSHOT.read_text(encoding="utf-8") == live, (
        "the rules changed their answers: run pytest --update-snapshots and review the diff"
    )
