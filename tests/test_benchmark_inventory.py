"""The generated inventory the batch benchmark measures is what it claims: every row under the
header, with about 1% bad rows. A shifted column makes most rows errors, which answer much faster
and flatter every figure."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from conftest import Invoke

HERE = Path(__file__).resolve().parent.parent / "benchmarks" / "inventory.py"


def test_the_benchmark_inventory_has_a_cell_for_every_column_and_few_errors(
    invoke: Invoke, tmp_path: Path
) -> None:
    spec = importlib.util.spec_from_file_location("inventory", HERE)
    assert spec is not None and spec.loader is not None
    inventory = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inventory)
    path = tmp_path / "inventory.csv"
    inventory.write_inventory(path, 2000)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert {len(row) for row in rows} == {len(rows[0])}
    price = rows[0].index("price")
    assert all(row[price].isdigit() for row in rows[1:])  # the price is in the price column
    result = invoke("batch", str(path), "--as-of", "2026-11-25", "-q", "--summary", expect=1)
    errors = int(result.stderr.split("errors")[1].split()[0])
    assert 5 <= errors <= 60, result.stderr
