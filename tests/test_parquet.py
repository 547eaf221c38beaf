"""`batch` reads and writes Parquet, for warehouse users: the same rows and answers as CSV, the
result columns typed as answer_batch types them; without pyarrow, one line says what to install."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Invoke

from watchwarranty.batch.answer import RESULT_COLUMNS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
arrow = pytest.importorskip("watchwarranty.arrow")

AS_OF = "2026-11-25"
INVENTORY = (
    "sku,brand,purchase_date,registered\n"
    "S1,cartier,2020-03-01,yes\n"
    "S2,Rolx,2020-03-01,\n"
    "S3,欧米茄,2019年6月30日,\n"
    "S4,omega,2021-02-29,\n"
)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        # depends_on's records, as batch's CSV cell says them.
        return "; ".join(f"{e['fact']}={e['value']}: {e['expiry'].isoformat()}" for e in value)
    return value.isoformat() if isinstance(value, date) else str(value)


def test_batch_writes_parquet_with_typed_results(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text(INVENTORY, encoding="utf-8")
    target = tmp_path / "answers.parquet"
    invoke("batch", str(source), "--as-of", AS_OF, "-o", str(target), "-q", expect=1)
    table = pq.read_table(target)
    assert table.schema.names == ["sku", "brand", "purchase_date", "registered", *RESULT_COLUMNS]
    assert table.schema.field("sku").type == pa.string()
    assert table.schema.field("effective_expiry").type == pa.date32()
    assert table.schema.field("days_left").type == pa.int32()
    as_csv = _csv_rows(invoke("batch", str(source), "--as-of", AS_OF, expect=1).stdout)
    written = [{name: _as_text(value) for name, value in row.items()} for row in table.to_pylist()]
    assert written == as_csv


def test_format_parquet_names_it_whatever_the_extension(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "answers.bin"
    invoke("batch", "-", "--format", "parquet", "-o", str(target), input=INVENTORY, expect=1)
    assert pq.read_table(target).num_rows == 4


def test_batch_reads_parquet_by_its_types(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "inventory.parquet"
    table = pa.table(
        {
            "sku": ["S1", "S2", "S3", "S4"],
            "品牌": pa.array(["cartier", None, "omega", "cartier"], pa.large_string()),
            "purchase_date": pa.array(
                [datetime(2020, 3, 1, 23, 0), datetime(2020, 3, 1), None, datetime(2019, 6, 30)],
                pa.timestamp("ms"),
            ),
            "registered": [True, None, False, None],
            "price": [1, 2, 3, 4],
        }
    )
    pq.write_table(table, source, row_group_size=2)
    result = invoke("batch", str(source), "--as-of", AS_OF, expect=1)
    rows = _csv_rows(result.stdout)
    assert [row["sku"] for row in rows] == ["S1", "S2", "S3", "S4"]
    assert rows[0]["purchase_date"] == "2020-03-01"
    assert rows[0]["registered"] == "true"
    assert rows[0]["price"] == "1"
    same = _csv_rows(
        invoke(
            "batch",
            "-",
            "--as-of",
            AS_OF,
            input="sku,brand,purchase_date,registered\nS1,cartier,2020-03-01,yes\n",
        ).stdout
    )
    assert {key: rows[0][key] for key in RESULT_COLUMNS} == {
        key: same[0][key] for key in RESULT_COLUMNS
    }
    assert rows[1]["error"].startswith("the brand is empty")
    assert rows[2]["error"] != ""
    assert rows[3]["error"] == ""
    assert result.stderr.splitlines() == [
        "watchwarranty: line 2: " + rows[1]["error"],
        "watchwarranty: line 3: " + rows[2]["error"],
    ]


def test_parquet_in_and_out_is_answer_batchs_answer(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    table = pa.table({"brand": ["cartier", "omega"], "purchase_date": [date(2020, 3, 1)] * 2})
    pq.write_table(table, source)
    target = tmp_path / "out.parquet"
    invoke("batch", str(source), "--as-of", AS_OF, "-o", str(target))
    written = pq.read_table(target).select(list(RESULT_COLUMNS))
    from watchwarranty.api import load_rules

    expected = arrow.answer_table(table, load_rules(), as_of=AS_OF).select(list(RESULT_COLUMNS))
    assert written.to_pylist() == expected.to_pylist()


def _typed_inventory() -> pa.Table:
    """An inventory as a warehouse keeps it: every column typed, nulls here and there, in
    record batches of two rows (so a report batch gathers rows from several)."""
    return pa.table(
        {
            "sku": pa.array([101, 102, None, 104, 105], pa.int64()),
            "brand": ["cartier", "omega", "cartier", None, "Rolx"],
            "purchase_date": pa.array(
                [date(2020, 3, 1), date(2021, 7, 7), None, date(2022, 1, 3), date(2020, 1, 1)],
                pa.date32(),
            ),
            "price": pa.array([5600.5, None, 7100.0, 1.25, 0.0], pa.float64()),
            "registered": pa.array([True, False, None, True, False], pa.bool_()),
            "stock": pa.array([1, 2, 3, None, 5], pa.int16()),
            "sold_at": pa.array(
                [datetime(2020, 3, 1, 15, 30), None, None, None, None], pa.timestamp("ms")
            ),
            "shop": pa.array(["北京", "上海", "北京", None, "上海"]).dictionary_encode(),
        }
    )


INPUT_NAMES = [
    "sku",
    "brand",
    "purchase_date",
    "price",
    "registered",
    "stock",
    "sold_at",
    "shop",
]


def test_a_parquet_report_keeps_the_inputs_own_types(invoke: Invoke, tmp_path: Path) -> None:
    table = _typed_inventory()
    source = tmp_path / "in.parquet"
    pq.write_table(table, source, row_group_size=2)
    target = tmp_path / "out.parquet"
    invoke("batch", str(source), "--as-of", AS_OF, "-o", str(target), "-q", expect=1)
    written = pq.read_table(target)
    given = pq.read_table(source)
    assert written.schema.names == [*INPUT_NAMES, *RESULT_COLUMNS]
    for name in INPUT_NAMES:
        assert written.schema.field(name).type == given.schema.field(name).type, name
    # Same rows in the same order, every value (nulls included) as it came.
    assert written.select(INPUT_NAMES).to_pylist() == given.to_pylist()
    assert written.schema.field("effective_expiry").type == pa.date32()
    assert written.schema.field("days_left").type == pa.int32()
    assert pa.types.is_list(written.schema.field("depends_on").type)
    errors = written.column("error").to_pylist()
    assert [error is not None for error in errors] == [False, False, True, True, True]


def test_a_typed_parquet_report_refreshed_keeps_its_types(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(_typed_inventory(), source, row_group_size=2)
    first = tmp_path / "first.parquet"
    invoke("batch", str(source), "--as-of", AS_OF, "-o", str(first), "-q", expect=1)
    again = tmp_path / "again.parquet"
    refreshed = invoke("batch", str(first), "--as-of", AS_OF, "-o", str(again), "-q", expect=1)
    assert "its result columns" in refreshed.stderr
    assert pq.read_table(again).schema == pq.read_table(first).schema
    given = pq.read_table(source).schema
    assert [pq.read_table(again).schema.field(name).type for name in INPUT_NAMES] == [
        given.field(name).type for name in INPUT_NAMES
    ]
    assert pq.read_table(again).to_pylist() == pq.read_table(first).to_pylist()


def test_a_parquet_file_without_a_required_column_is_one_line(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"brand": ["cartier"], "sold": ["2020-03-01"]}), source)
    result = invoke("batch", str(source), expect=2)
    assert result.stderr.startswith(
        "watchwarranty: error: the header has no purchase_date column (columns found: brand, sold)"
    )
    assert len(result.stderr.splitlines()) == 1


def test_a_file_that_is_not_parquet_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    source.write_bytes(b"PAR1 but not really")
    result = invoke("batch", str(source), expect=2)
    assert "cannot read" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_without_pyarrow_parquet_is_one_line_naming_the_extra(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [name for name in sys.modules if name.startswith("pyarrow")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "watchwarranty.batch.parquet", raising=False)
    monkeypatch.delitem(sys.modules, "watchwarranty.arrow", raising=False)
    result = invoke("batch", "-", "-o", str(tmp_path / "x.parquet"), input=INVENTORY, expect=2)
    assert result.stderr == (
        "watchwarranty: error: Parquet needs pyarrow; "
        "install it with: pip install 'watchwarranty[arrow]'\n"
    )
    source = tmp_path / "in.parquet"
    source.write_bytes(b"PAR1")
    assert invoke("batch", str(source), expect=2).stderr == result.stderr


def test_check_writes_a_one_row_parquet(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "one.parquet"
    invoke("check", "cartier", "2020-03-01", "--as-of", AS_OF, "-o", str(target))
    (row,) = pq.read_table(target).to_pylist()
    assert row["effective_expiry"] == date(2022, 3, 1)
    assert row["brand"] == "Cartier"


def test_a_parquet_report_needs_a_file(invoke: Invoke) -> None:
    result = invoke("batch", "-", "--format", "parquet", input=INVENTORY, expect=2)
    assert result.stderr == (
        "watchwarranty: error: a Parquet report cannot go to stdout; pass -o FILE.parquet\n"
    )
    assert result.stdout == ""
