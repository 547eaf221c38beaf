"""Rule cases written as data (tests/cases/<brand>.toml), run over the shipped rules.toml.

Each case's input is what `check` takes; its expectations are keys of the JSON record ("" for
null) and sentences the notes must include. A brand's dated boundaries must all be covered.
"""

from __future__ import annotations

import calendar
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from watchwarranty.dates import parse_date
from watchwarranty.engine import evaluate
from watchwarranty.inputs import build_purchase
from watchwarranty.model import RuleBook
from watchwarranty.render.records import to_record
from watchwarranty.rules import default_rules_path, load_rules

CASES = Path(__file__).parent / "cases"
DEFAULT_AS_OF = "2026-11-25"


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            cases.append((path.stem, case))
    return cases


ALL_CASES = _load()


@pytest.mark.parametrize(("brand_file", "case"), ALL_CASES, ids=[c["name"] for _, c in ALL_CASES])
def test_case(shipped: RuleBook, brand_file: str, case: dict[str, Any]) -> None:
    given = dict(case["input"])
    as_of = parse_date(given.pop("as_of", DEFAULT_AS_OF))
    purchase = build_purchase(shipped, **given)
    assert purchase.brand == brand_file, "a case file holds one brand's cases"
    record = to_record(evaluate(purchase, shipped, as_of=as_of))
    for key, expected in case.get("expect", {}).items():
        assert (record[key] if record[key] is not None else "") == expected, key
    for fragment in case.get("notes_include", []):
        assert any(fragment in note for note in record["notes"]), record["notes"]


def _boundary_days(rules: RuleBook, brand_id: str) -> set[date]:
    """The days each side of every dated boundary that a brand's cases must cover."""
    days: set[date] = set()
    for policy in rules.brands[brand_id].policies:
        start = policy.effective
        if policy.month_only:
            last = calendar.monthrange(start.year, start.month)[1]
            days |= {start - timedelta(days=1), start.replace(day=last) + timedelta(days=1)}
        else:
            days |= {start - timedelta(days=1), start}
    return days


@pytest.mark.parametrize("brand_id", sorted(load_rules(default_rules_path()).brands))
def test_every_boundary_has_cases_on_both_sides(shipped: RuleBook, brand_id: str) -> None:
    covered = {
        parse_date(case["input"]["purchase_date"]) for stem, case in ALL_CASES if stem == brand_id
    }
    missing = sorted(_boundary_days(shipped, brand_id) - covered)
    assert not missing, f"add cases to tests/cases/{brand_id}.toml bought on {missing}"


def test_every_brand_has_a_case_file(shipped: RuleBook) -> None:
    assert {stem for stem, _ in ALL_CASES} == set(shipped.brands)
