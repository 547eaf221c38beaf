"""`rules sweep`: overlaps, answers that move on no declared boundary, and boundaries without
cases, found by asking the engine about every day; nothing on the shipped rules."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import DATA, Invoke

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import RulesError
from watchwarranty.model import Purchase, RuleBook
from watchwarranty.rules import load_rules, parse_rules
from watchwarranty.rules import sweep as sweep_module
from watchwarranty.rules.casefile import shipped_cases_dir
from watchwarranty.rules.sweep import Finding, sweep

PLANTED = DATA / "sweep-planted.toml"
PLANTED_CASES = DATA / "sweep-cases"


def test_the_shipped_rules_and_cases_sweep_clean(invoke: Invoke) -> None:
    # Every 30th day here (each side of every boundary always); `rules sweep` walks every day.
    result = invoke("rules", "sweep", "--step", "30", "--cases", str(shipped_cases_dir()))
    assert result.stdout == ""
    assert result.stderr.endswith(" brands swept: 0 findings\n")


def test_a_planted_overlap_and_a_boundary_without_a_case_are_found() -> None:
    rules = load_rules(PLANTED, overlaps_allowed=True)
    covered = {"planted": [date(2010, 1, 1), date(2014, 12, 31), date(2015, 1, 1)]}
    assert sweep(rules, covered, step=30) == [
        Finding(
            "overlap", "planted", date(2015, 1, 1), ("planted-cn-2015", "planted-quartz-2015")
        ),
        Finding("missing-case", "planted", date(2009, 12, 31), ()),
    ]


def test_rules_check_refuses_the_ambiguous_overlap(invoke: Invoke) -> None:
    result = invoke("rules", "check", str(PLANTED), expect=2)
    assert result.stderr == (
        f"watchwarranty: error: {PLANTED}: brands.planted.policies: policies 'planted-cn-2015' "
        "and 'planted-quartz-2015' start on the same day and can both apply to one watch, "
        "neither narrower than the other; say which one wins: add a policy for the watches "
        "both take in, or narrow one of them\n"
    )


def test_the_sweep_command_reports_the_planted_findings_and_exits_1(invoke: Invoke) -> None:
    args = ("rules", "sweep", str(PLANTED), "--cases", str(PLANTED_CASES), "--step", "30")
    text = invoke(*args, expect=1)
    assert text.stdout == (
        "planted: policies 'planted-cn-2015' and 'planted-quartz-2015' both apply from "
        "2015-01-01 to a watch both take in, neither narrower: say which one wins\n"
        "planted: no case bought on 2009-12-31, beside a boundary; add one\n"
    )
    assert text.stderr == "1 brand swept: 2 findings\n"
    records = json.loads(invoke(*args, "--format", "json", expect=1).stdout)
    assert [(r["kind"], r["day"]) for r in records] == [
        ("overlap", "2015-01-01"),
        ("missing-case", "2009-12-31"),
    ]


def test_an_answer_that_moves_on_no_declared_day_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_rules(PLANTED, overlaps_allowed=True)
    real = sweep_module.evaluate

    def drifting(purchase: Purchase, rules: RuleBook, *, as_of: date) -> object:
        # An engine whose answer changes on a day no rule names.
        verdict = real(purchase, rules, as_of=as_of)
        if purchase.purchased_on >= date(2012, 6, 5):
            later = verdict.effective_expiry + timedelta(days=400)
            return verdict._replace(effective_expiry=later)
        return verdict

    monkeypatch.setattr(sweep_module, "evaluate", drifting)
    moved = [f for f in sweep(rules, step=1) if f.kind == "move"]
    assert {f.day for f in moved} == {date(2012, 6, 5)}
    assert "movement mechanical, region ZZ" in {f.about[0] for f in moved}


def test_a_file_that_does_not_parse_is_reported_as_rules_check_does(
    invoke: Invoke, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = \n", encoding="utf-8")
    swept = invoke("rules", "sweep", str(broken), expect=2).stderr
    assert swept == invoke("rules", "check", str(broken), expect=2).stderr


_SAME_DAY = """
schema = 1
[movements.mechanical]
[movements.quartz]
[default]
id = "d"
title = "d"
base = "2 years"
source = "test"
confidence = "high"
[brands.b]
name = "B"
[[brands.b.policies]]
id = "wide"
title = "wide"
effective = 2015-01-01
movements = ["mechanical", "quartz"]
base = "3 years"
source = "test"
confidence = "high"
[[brands.b.policies]]
id = "narrow"
title = "narrow"
effective = 2015-01-01
movements = ["mechanical"]
base = "5 years"
source = "test"
confidence = "high"
"""


def test_of_two_policies_of_one_day_the_narrower_wins_whatever_the_file_order() -> None:
    rules = parse_rules(_SAME_DAY)
    verdict = evaluate(
        Purchase("b", date(2016, 1, 1), movement="mechanical"), rules, as_of=date(2016, 1, 1)
    )
    assert [rule.id for rule in verdict.rules] == ["narrow"]


def test_identical_conditions_on_one_day_keep_their_own_message() -> None:
    text = _SAME_DAY.replace('movements = ["mechanical"]', 'movements = ["mechanical", "quartz"]')
    with pytest.raises(RulesError, match="start on the same day with the same conditions"):
        parse_rules(text)
