"""One engine, one answer: `batch`, ``check_many``, ``answer_batch``, the API's ``check`` and the
command line's `check` agree on every one of 10,000 generated rows (benchmarks/inventory.py:
brands by every name, dates in several spellings, flags, regions, stores, ~1% bad rows)."""

from __future__ import annotations

import csv
import importlib.util
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

import watchwarranty
from watchwarranty.batch.answer import RESULT_COLUMNS
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.inputs.purchase import parse_flag
from watchwarranty.render.records import RESULT_KEYS

pa = pytest.importorskip("pyarrow")
arrow = pytest.importorskip("watchwarranty.arrow")

ROWS = 10_000
AS_OF = "2026-11-25"
GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "inventory.py"


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("inventory", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("same") / "inventory.csv"
    module.write_inventory(path, ROWS)
    return path


@pytest.fixture(scope="module")
def rows(inventory: Path) -> list[dict[str, str]]:
    with inventory.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def batch_results(inventory: Path) -> list[dict[str, Any]]:
    from typer.testing import CliRunner

    from watchwarranty.cli import app

    result = CliRunner().invoke(
        app, ["batch", str(inventory), "--as-of", AS_OF, "--format", "jsonl", "-q"]
    )
    assert result.exit_code == 1, result.output  # the bad rows
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return [{name: record[name] for name in RESULT_COLUMNS} for record in records]


def _text(value: object) -> object:
    if isinstance(value, list):
        # Arrow gives depends_on as records; a batch cell says the same as `fact=value: expiry`.
        cells = [
            f"{entry['fact']}={entry['value']}: {entry['expiry'].isoformat()}" for entry in value
        ]
        return "; ".join(cells) or None
    return value.isoformat() if isinstance(value, date) else value


def _api_check(rules: watchwarranty.RuleBook, row: dict[str, str]) -> watchwarranty.Answer:
    """The row asked through ``check``'s keyword arguments, as a caller with typed values would."""
    try:
        return watchwarranty.check(
            rules,
            brand=row["brand"],
            purchase_date=row["purchase_date"],
            region=row["region"] or None,
            registered=parse_flag("registered", row["registered"], empty=None),
            registered_on=row["registered_on"] or None,
            movement=row["movement"] or None,
            store=row["store"] or None,
            second_hand=parse_flag("second_hand", row["second_hand"], empty=None),
            marketing_consent=bool(
                parse_flag("marketing_consent", row["marketing_consent"], empty=True)
            ),
            activated_on=row["activated_on"] or None,
            serviced_on=row["serviced_on"] or None,
            service_kind=row.get("service_kind") or None,
            price=row.get("price") or None,
            currency=row.get("currency") or None,
            sold_on=row.get("sold_on") or None,
            as_of=AS_OF,
        )
    except WatchWarrantyError as error:
        return watchwarranty.Answer(
            None, str(error), rules_version=rules.version, rules_fingerprint=rules.fingerprint
        )


def test_the_generated_rows_are_mostly_answers(batch_results: list[dict[str, Any]]) -> None:
    assert len(batch_results) == ROWS
    errors = sum(result["error"] is not None for result in batch_results)
    assert 0 < errors < ROWS * 0.03


def test_check_many_gives_batchs_answers(
    rows: list[dict[str, str]], batch_results: list[dict[str, Any]]
) -> None:
    rules = watchwarranty.load_rules()
    answers = [answer.columns() for answer in watchwarranty.check_many(rules, rows, as_of=AS_OF)]
    assert answers == batch_results


def test_answer_batch_gives_batchs_answers(
    rows: list[dict[str, str]], batch_results: list[dict[str, Any]]
) -> None:
    rules = watchwarranty.load_rules()
    table = pa.Table.from_pylist(rows)
    answered = arrow.answer_table(table, rules, as_of=AS_OF).select(list(RESULT_COLUMNS))
    assert len(table.to_batches()) >= 1
    got = [{name: _text(value) for name, value in row.items()} for row in answered.to_pylist()]
    for number, (mine, theirs) in enumerate(zip(got, batch_results, strict=True)):
        assert mine == theirs, (
            number,
            {k: (v, theirs[k]) for k, v in mine.items() if v != theirs[k]},
        )


def test_the_apis_check_gives_batchs_answers(
    rows: list[dict[str, str]], batch_results: list[dict[str, Any]]
) -> None:
    rules = watchwarranty.load_rules()
    answers = [_api_check(rules, row).columns() for row in rows]
    assert answers == batch_results


def test_the_command_lines_check_gives_batchs_answers(
    invoke: Invoke, rows: list[dict[str, str]], batch_results: list[dict[str, Any]]
) -> None:
    # Every 100th row: `check` runs one watch per call. Its --registered cannot say "no".
    sample = [number for number in range(0, ROWS, 100) if rows[number]["registered"] != "no"]
    for number in sample:
        row = rows[number]
        args = [row["brand"], row["purchase_date"], "--as-of", AS_OF, "--format", "json"]
        for fact in ("region", "registered_on", "movement", "store", "activated_on"):
            if row[fact]:
                args += ["--" + fact.replace("_", "-"), row[fact]]
        if row["serviced_on"]:
            args += ["--serviced-on", row["serviced_on"]]
        if parse_flag("registered", row["registered"], empty=None):
            args.append("--registered")
        second_hand = parse_flag("second_hand", row["second_hand"], empty=None)
        if second_hand is not None:
            args.append("--second-hand" if second_hand else "--first-owner")
        if not parse_flag("marketing_consent", row["marketing_consent"], empty=True):
            args.append("--no-marketing-consent")
        expected = batch_results[number]
        result = invoke("check", *args, expect=0 if expected["error"] is None else 2)
        if expected["error"] is None:
            printed = json.loads(result.stdout)
            conditions = " | ".join(condition["text"] for condition in printed["conditions"])
            depends = "; ".join(
                f"{entry['fact']}={entry['value']}: {entry['expiry']}"
                for entry in printed["depends_on"]
            )
            as_a_row = {
                "brand_name": printed["brand"],
                **{key: printed[key] for key in RESULT_KEYS},
                "depends_on": depends or None,
                "conditions": conditions or None,
                "error": None,
            }
            assert as_a_row == {key: expected[key] for key in as_a_row}, row
        else:
            # With --format json the error is JSON too: its message and hint, which a batch row
            # joins with "; ".
            said = json.loads(result.stderr)
            text = "; ".join(part for part in (said["message"], said.get("hint")) if part)
            assert expected["error"] in text, row
    assert len(sample) > 60
