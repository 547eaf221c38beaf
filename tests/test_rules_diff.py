"""`rules diff`: policy by policy in words and JSON, and over an inventory exactly the rows two
batch runs answer differently, with their own columns; exit 0, 1 or 2."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from watchwarranty.batch.answer import Answerer
from watchwarranty.batch.columns import FACT_COLUMNS
from watchwarranty.batch.compare import Comparison, compare_rows, outcome
from watchwarranty.batch.read import Inventory, Row
from watchwarranty.render.records import RESULT_KEYS
from watchwarranty.rules import default_rules_path, load_rules, parse_rules
from watchwarranty.rules.diff import Change, diff_rules

SHIPPED = default_rules_path()
INVENTORY = (
    "sku,brand,purchase_date,movement\n"
    "A1,rolex,2015-06-15,\n"
    "A2,rolex,2016-01-01,\n"
    "A3,nobody,2015-06-15,\n"
    "A4,omega,2015-06-15,quartz\n"
    "A5,rolex,not-a-date,\n"
    "A6,劳力士,2015-06-20,\n"
    "A7,omega,2021-02-29,\n"
)


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    """The shipped rules with Rolex's five years starting a month earlier."""
    path = tmp_path / "new.toml"
    path.write_text(_rolex_five_years_from("2015-06-01"), "utf-8")
    return path


def _rolex_five_years_from(day: str) -> str:
    """The shipped rules with the start of Rolex's five years (and nothing else) moved."""
    text = SHIPPED.read_text(encoding="utf-8")
    policy = 'id = "rolex-2015-07"\ntitle = "Five-year guarantee"\ntitle_zh = "五年保修"\n'
    assert text.count(policy + "effective = 2015-07-01") == 1
    return text.replace(policy + "effective = 2015-07-01", policy + f"effective = {day}")


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.csv"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def test_a_moved_date_is_one_change_in_words(invoke: Invoke, moved: Path) -> None:
    assert diff_rules(load_rules(SHIPPED), load_rules(moved)) == [
        Change("rolex", "rolex-2015-07", "changed", "effective", "2015-07-01", "2015-06-01")
    ]
    out = invoke("rules", "diff", str(SHIPPED), str(moved)).stdout
    assert "rolex: rolex-2015-07: effective 2015-07-01 → 2015-06-01\n" in out


def _without_cartier() -> str:
    """The shipped rules without Cartier: its brand table, and its other tables (the service
    guarantee) wherever they stand."""
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("[brands.cartier]")
    end = text.index("\n[brands.", start + 1)
    rest = re.sub(r"\[\[brands\.cartier\.[^\]]*\]\]\n(?:[^\[\n].*\n)*", "", text[end:])
    return text[:start] + rest


def test_added_and_removed_rules_and_brands_are_named(tmp_path: Path) -> None:
    path = tmp_path / "fewer.toml"
    path.write_text(_without_cartier(), encoding="utf-8")
    changes = diff_rules(load_rules(SHIPPED), load_rules(path))
    assert changes[0] == Change("cartier", None, "brand-removed")
    assert {(c.rule, c.what) for c in changes[1:]} == {
        ("cartier-care-2017-11", "rule-removed"),
        ("cartier-care", "rule-removed"),
    }
    back = diff_rules(load_rules(path), load_rules(SHIPPED))
    assert back[0] == Change("cartier", None, "brand-added", new="Cartier")


def test_no_change_exits_0(invoke: Invoke, inventory: Path) -> None:
    result = invoke("rules", "diff", str(SHIPPED), str(SHIPPED), "--inventory", str(inventory))
    assert "no rule changed\n" in result.stdout
    assert "0 of 7 rows move\n" in result.stdout


def _batch(invoke: Invoke, rules: Path, inventory: Path) -> list[dict[str, str]]:
    out = invoke(
        "batch", str(inventory), "--rules", str(rules), "--as-of", "2020-01-01", expect=1
    ).stdout
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))


def test_the_rows_listed_are_exactly_those_two_batch_runs_answer_differently(
    invoke: Invoke, moved: Path, inventory: Path
) -> None:
    before, after = _batch(invoke, SHIPPED, inventory), _batch(invoke, moved, inventory)
    keys = [*RESULT_KEYS, "error"]
    differ = [
        old["sku"]
        for old, new in zip(before, after, strict=True)
        if [old[k] for k in keys] != [new[k] for k in keys]
    ]
    args = ("rules", "diff", str(SHIPPED), str(moved), "--inventory", str(inventory))
    result = invoke(*args, "--as-of", "2020-01-01", "--format", "json", expect=1)
    report = json.loads(result.stdout)
    found = report["inventory"]
    listed = [row["input"]["sku"] for row in found["rows_listed"] if row["moved"]]
    assert listed == differ == ["A1", "A6"]
    assert (found["rows"], found["moved"], found["by_brand"]) == (7, 2, {"Rolex": 2})
    first = found["rows_listed"][0]
    assert first["input"] == {
        "sku": "A1",
        "brand": "rolex",
        "purchase_date": "2015-06-15",
        "movement": "",
    }
    assert (first["old"]["effective_expiry"], first["new"]["effective_expiry"]) == (
        "2018-06-15",
        "2020-06-15",
    )
    assert set(first["old"]) == {*RESULT_KEYS, "error"}
    assert report["old"]["rules_fingerprint"] != report["new"]["rules_fingerprint"]


def test_a_row_neither_rules_can_answer_is_kept_with_its_error_under_both(
    invoke: Invoke, moved: Path, inventory: Path
) -> None:
    args = ("rules", "diff", str(SHIPPED), str(moved), "--inventory", str(inventory))
    out = invoke(*args, "--as-of", "2020-01-01", "--format", "csv", expect=1)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["sku"], r["line"]) for r in rows][-1] == ("A7", "8")
    assert [(r["sku"], r["line"]) for r in rows][:-1] == [
        ("A1", "2"),
        ("A3", "4"),
        ("A5", "6"),
        ("A6", "7"),
    ]
    nobody = rows[1]
    assert nobody["old_error"] == nobody["new_error"] != ""
    assert nobody["old_effective_expiry"] == nobody["new_effective_expiry"] == ""
    assert out.stderr.startswith("2 of 7 rows move\n  Rolex: 2\n")


def test_a_new_brand_moves_its_rows_from_an_error_to_an_answer(
    invoke: Invoke, tmp_path: Path
) -> None:
    old = tmp_path / "old.toml"
    old.write_text(_without_cartier(), encoding="utf-8")
    inventory = tmp_path / "inventory.csv"
    inventory.write_text("brand,purchase_date\ncartier,2020-03-01\n", encoding="utf-8")
    args = ("rules", "diff", str(old), str(SHIPPED), "--inventory", str(inventory))
    report = json.loads(invoke(*args, "--format", "json", expect=1).stdout)
    [row] = report["inventory"]["rows_listed"]
    assert row["old"]["error"].startswith("unknown brand 'cartier'")
    assert (row["new"]["error"], row["new"]["base_expiry"]) == (None, "2022-03-01")


def test_one_argument_lays_a_users_file_over_the_shipped_rules(
    invoke: Invoke, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        "[brands.rolex]\n[[brands.rolex.policies]]\nid = 'rolex-2015-07'\n"
        "title = 'Five-year guarantee'\neffective = 2015-06-01\nbase = '5 years'\n"
        "source = 'http://www.ablogtowatch.com/rolex-5-year-warranty-all-new-watches-10-year-"
        "service-intervals/'\nconfidence = 'medium'\ntitle_zh = '五年保修'\n",
        encoding="utf-8",
    )
    out = invoke("rules", "diff", str(mine)).stdout
    assert "rolex: rolex-2015-07: effective 2015-07-01 → 2015-06-01\n" in out
    assert "+local" in out


def test_a_rules_file_that_does_not_parse_is_reported_as_rules_check_does(
    invoke: Invoke, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = \n", encoding="utf-8")
    said = invoke("rules", "diff", str(SHIPPED), str(broken), expect=2).stderr
    assert said == invoke("rules", "check", str(broken), expect=2).stderr
    assert said.count("\n") == 1


def test_an_inventory_that_cannot_be_read_is_bad_input(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "rules",
        "diff",
        str(SHIPPED),
        str(SHIPPED),
        "--inventory",
        str(tmp_path / "no.csv"),
        expect=2,
    )
    assert result.stderr.startswith("watchwarranty: error: no such file")
    assert result.stderr.count("\n") == 1


def test_a_movement_kind_counted_as_another_is_a_change(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    line = 'title = "co-axial escapement (a mechanical movement)"\nkind_of = "mechanical"\n'
    assert text.count(line) == 1
    path = tmp_path / "kinds.toml"
    path.write_text(
        text.replace(line, 'title = "co-axial escapement (a mechanical movement)"\n'),
        encoding="utf-8",
    )
    changes = diff_rules(load_rules(SHIPPED), load_rules(path))
    assert changes == [Change("[movements]", "co-axial", "changed", "kind_of", "mechanical", None)]


_BRANDS = ["rolex", "Tudor", "帝舵", "omega", "cartier", "nobody", ""]
_MOVED = _rolex_five_years_from("2015-06-01")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(_BRANDS),
            # Around the day the two rules disagree on, and anywhere.
            st.one_of(
                st.dates(min_value=date(2015, 5, 25), max_value=date(2015, 7, 5)),
                st.dates(min_value=date(2013, 1, 1), max_value=date(2021, 12, 31)),
            ),
            st.sampled_from(["", "co-axial", "quartz", "sundial"]),
            st.sampled_from(["", "yes"]),
        ),
        max_size=12,
    )
)
def test_compare_lists_what_two_answerers_say_differently_row_by_row(
    rows: list[tuple[str, date, str, str]],
) -> None:
    """Rows of a brand equal under both rules are answered once; the result must not show it."""
    old_rules, new_rules = load_rules(SHIPPED), parse_rules(_MOVED)
    old, new = (
        Answerer(old_rules, as_of=date(2020, 1, 1)),
        Answerer(new_rules, as_of=date(2020, 1, 1)),
    )

    def facts(brand: str, day: date, movement: str, registered: str) -> tuple[str, ...]:
        given = {"brand": brand, "purchase_date": day.isoformat()}
        given |= {"movement": movement, "registered": registered}
        return tuple(given.get(column, "") for column in FACT_COLUMNS)

    read = [Row(n + 2, [], facts(*row)) for n, row in enumerate(rows)]
    comparison = Comparison()
    listed = [
        (change.row.line, change.moved)
        for change in compare_rows(Inventory([], iter(read)), old, new, comparison)
    ]
    expected = []
    for row in read:
        before, after = outcome(old.answer(row.facts)), outcome(new.answer(row.facts))
        if before != after:
            expected.append((row.line, True))
        elif before[-1] is not None:
            expected.append((row.line, False))
    assert listed == expected
    assert comparison.moved == sum(moved for _line, moved in expected)
