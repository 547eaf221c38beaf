"""brands and rules check/show/test/path, and the user's own rules file laid over the shipped one."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from conftest import ACME, Invoke

from watchwarranty.model import RuleBook


def user_rules(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "watchwarranty" / "rules.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_brands_json_lists_every_brand_with_its_cover(invoke: Invoke) -> None:
    records = json.loads(invoke("brands", "--format", "json", "--as-of", "2026-11-25").stdout)
    assert len(records) >= 25
    by_id = {record["id"]: record for record in records}
    assert by_id["cartier"] == {
        "id": "cartier",
        "name": "Cartier",
        "name_zh": "卡地亚",
        "aliases": ["卡地亞"],
        "base_years": 2,
        "best_years": 8,
        "confidence": "high",
        "unconfirmed_starts": [],
    }
    assert (by_id["tudor"]["base_years"], by_id["oris"]["best_years"]) == (5, 10)
    assert all(record["name_zh"] for record in records)


def test_brands_csv_and_table(invoke: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("brands", "--format", "csv").stdout)))
    assert rows[1]["name"] == "Omega" and rows[1]["aliases"] == "歐米茄|奧米茄|欧米伽|歐米伽"
    table = invoke("brands").stdout
    assert "Jaeger-LeCoultre" in table and "积家" in table


def test_rules_show_gives_the_timeline(invoke: Invoke) -> None:
    record = json.loads(invoke("rules", "show", "欧米茄", "--format", "json").stdout)
    assert [(p["id"], p["from"], p["until"]) for p in record["policies"]] == [
        ("industry-2-years", None, "2018-06-30"),
        ("omega-co-axial-si14-2011-12", "2011-12", "2018-06-30"),
        ("omega-co-axial-36-months", "2011-12-01", "2018-06-30"),
        ("omega-2018-07", "2018-07-01", None),
    ]
    assert record["policies"][2]["conditions"] == {"movements": ["co-axial"]}
    cartier = json.loads(invoke("rules", "show", "cartier", "--format", "json").stdout)
    assert cartier["policies"][1]["extensions"][0]["terms"] == [
        "registration (while the base warranty runs)",
        "registrations from 2019-11-12",
        "marketing consent",
        "passes to later owners",
    ]
    table = invoke("rules", "show", "cartier").stdout
    assert "2017-11-12 to now" in table and "+ 6 years" in table


def test_rules_show_unknown_brand_is_one_line(invoke: Invoke) -> None:
    result = invoke("rules", "show", "omgea", expect=2)
    assert result.stderr == "watchwarranty: error: unknown brand 'omgea'; did you mean Omega?\n"


def test_rules_check_accepts_the_shipped_rules(invoke: Invoke, shipped: RuleBook) -> None:
    out = invoke("rules", "check").stdout
    assert out.endswith("no problems\n") and f" {len(shipped.brands)} brands," in out


def test_rules_check_lists_every_problem(invoke: Invoke, tmp_path: Path) -> None:
    broken = tmp_path / "rules.toml"
    text = ACME.read_text(encoding="utf-8").replace('base = "5 years"', 'base = "0 years"')
    broken.write_text(text.replace('confidence = "low"', 'confidence = "sure"'), encoding="utf-8")
    result = invoke("rules", "check", str(broken), expect=2)
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"watchwarranty: error: {broken}: brands.acme.") for line in lines)
    assert result.stdout == ""


def test_rules_test_runs_the_shipped_cases(invoke: Invoke) -> None:
    last = invoke("rules", "test").stdout.splitlines()[-1]
    passed, failed = (int(part.split()[0]) for part in last.split(", "))
    assert passed >= 80 and failed == 0


def test_rules_test_reports_each_failure_and_exits_1(invoke: Invoke, tmp_path: Path) -> None:
    cases = tmp_path / "mine.toml"
    cases.write_text(
        '[[case]]\nname = "right"\ninput = { brand = "rolex", purchase_date = "2015-07-01" }\n'
        'expect = { effective_expiry = "2020-07-01" }\n\n'
        '[[case]]\nname = "wrong"\ninput = { brand = "rolex", purchase_date = "2015-06-30" }\n'
        'expect = { effective_expiry = "2020-06-30" }\n',
        encoding="utf-8",
    )
    result = invoke("rules", "test", str(cases), expect=1)
    assert result.stdout.splitlines() == [
        "FAILED mine.toml: wrong: effective_expiry: expected '2020-06-30', got '2018-06-30'",
        "1 passed, 1 failed",
    ]


def test_rules_test_with_a_missing_case_file_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("rules", "test", str(tmp_path / "none.toml"), expect=2)
    assert "no such case file" in result.stderr and result.stderr.count("\n") == 1


def test_rules_path_names_both_files(invoke: Invoke) -> None:
    out = invoke("rules", "path").stdout
    assert "shipped rules:" in out and "rules.toml" in out
    assert "(not present)" in out and "in use:         the shipped rules" in out


def test_the_users_rules_replace_a_policy_and_add_a_brand(invoke: Invoke) -> None:
    user_rules(
        '[brands.rolex]\n[[brands.rolex.policies]]\nid = "rolex-2015-07"\ntitle = "Six years"\n'
        'effective = 2015-07-01\nbase = "6 years"\nsource = "my dealer"\nconfidence = "low"\n\n'
        '[brands.acme]\nname = "Acme"\n[[brands.acme.policies]]\nid = "acme-1"\ntitle = "Ten years"\n'
        'effective = 2000-01-01\nbase = "10 years"\nsource = "mine"\nconfidence = "low"\n'
    )
    rolex = json.loads(invoke("check", "劳力士", "2016-01-01", "--format", "json").stdout)
    assert rolex["effective_expiry"] == "2022-01-01"
    acme = json.loads(invoke("check", "acme", "2016-01-01", "--format", "json").stdout)
    assert acme["effective_expiry"] == "2026-01-01"
    shown = json.loads(invoke("rules", "show", "rolex", "--format", "json").stdout)
    assert [p["from_user_rules"] for p in shown["policies"]] == [False, False, True]
    assert "[your rules]" in invoke("rules", "show", "rolex").stdout
    assert "(present)" in invoke("rules", "path").stdout


def test_rules_option_replaces_the_shipped_and_users_rules(invoke: Invoke) -> None:
    user_rules('[brands.rolex]\nname = "Rolex!"\n')
    result = invoke("check", "rolex", "2016-01-01", "--rules", str(ACME), expect=2)
    assert "unknown brand 'rolex'" in result.stderr


@pytest.mark.parametrize(
    "command", [["check", "rolex", "2020-01-01"], ["brands"], ["rules", "check"]]
)
def test_a_broken_user_file_is_an_error_naming_it(invoke: Invoke, command: list[str]) -> None:
    path = user_rules('[brands.rolex]\nnmae = "typo"\n')
    result = invoke(*command, expect=2)
    assert str(path) in result.stderr
    assert "brands.rolex.nmae: unknown key 'nmae'; did you mean 'name'?" in result.stderr


def test_the_unconfirmed_starts_are_listed_in_the_readers_language(invoke: Invoke) -> None:
    english = invoke("rules", "show").stdout
    chinese = invoke("rules", "show", "--lang", "zh").stdout
    assert "My IWC: 2 years, 8 with registration" in english
    assert "My IWC: 2 years" not in chinese and "My IWC：保修 2 年，注册后 8 年" in chinese
    # The ids are what a user types: the same in every language.
    assert "iwc-my-iwc" in chinese
