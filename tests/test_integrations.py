"""Each engine docs/api.md plugs answer_batch into gives answer_batch's answers, row for row, on
generated inventories (bad rows included) and on columns of the wrong type, without an error
inside the engine."""

from __future__ import annotations

import csv
import importlib.util
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

import watchwarranty
from watchwarranty.batch.answer import RESULT_COLUMNS

pa = pytest.importorskip("pyarrow")
arrow = pytest.importorskip("watchwarranty.arrow")

AS_OF = "2026-11-25"
GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "inventory.py"


@pytest.fixture(scope="module")
def rules() -> watchwarranty.RuleBook:
    return watchwarranty.load_rules()


@pytest.fixture(scope="module")
def text_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    spec = importlib.util.spec_from_file_location("inventory", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("engines") / "inventory.csv"
    module.write_inventory(path, 500)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def table(text_rows: list[dict[str, str]]) -> Any:
    """The generated rows with their activation as a date, their service as a timestamp late
    in the day, a missing one as null, and the price as a number, as a warehouse holds them."""
    rows: list[dict[str, object]] = []
    for text in text_rows:
        row: dict[str, object] = dict(text)
        activated, serviced = text["activated_on"], text["serviced_on"]
        row["activated_on"] = date.fromisoformat(activated) if activated else None
        row["serviced_on"] = (
            datetime.combine(date.fromisoformat(serviced), time(22)) if serviced else None
        )
        row["price"] = int(text["price"])
        rows.append(row)
    typed = pa.Table.from_pylist(rows)
    assert typed.schema.field("serviced_on").type == pa.timestamp("us")
    return typed


@pytest.fixture(scope="module")
def expected(
    text_rows: list[dict[str, str]], rules: watchwarranty.RuleBook
) -> list[dict[str, Any]]:
    """The answers for the rows as text, as batch reads a CSV."""
    answered = arrow.answer_table(pa.Table.from_pylist(text_rows), rules, as_of=AS_OF)
    results = answered.select(list(RESULT_COLUMNS)).to_pylist()
    assert 0 < sum(row["error"] is not None for row in results) < 30
    return results


def test_typed_columns_give_the_texts_answers(
    table: Any, rules: watchwarranty.RuleBook, expected: list[dict[str, Any]]
) -> None:
    answered = arrow.answer_table(table, rules, as_of=AS_OF)
    assert _results(answered.to_pylist()) == expected


def _results(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{name: row[name] for name in RESULT_COLUMNS} for row in rows]


def test_duckdb(table: Any, rules: watchwarranty.RuleBook, expected: list[dict[str, Any]]) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.from_arrow(table).create("inventory")
    reader = con.cursor().sql("SELECT * FROM inventory").to_arrow_reader(100)
    answered = pa.RecordBatchReader.from_batches(  # noqa: F841 - SQL reads it by name
        arrow.result_schema(reader.schema),
        (arrow.answer_batch(batch, rules, as_of=AS_OF) for batch in reader),
    )
    got = con.sql("SELECT * FROM answered ORDER BY sku").to_arrow_table().to_pylist()
    assert _results(got) == expected


def test_polars(table: Any, rules: watchwarranty.RuleBook, expected: list[dict[str, Any]]) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(table).lazy()
    schema = pl.from_arrow(arrow.result_schema(table.schema).empty_table()).schema
    answered = frame.map_batches(
        lambda batch: pl.from_arrow(arrow.answer_table(batch.to_arrow(), rules, as_of=AS_OF)),
        schema=schema,
    ).collect()
    assert _results(answered.to_dicts()) == expected


def test_pandas(table: Any, rules: watchwarranty.RuleBook, expected: list[dict[str, Any]]) -> None:
    pd = pytest.importorskip("pandas")
    frame = table.to_pandas()
    # pandas holds the dates as datetime64 and a missing one as NaT: each is still its day.
    assert str(frame["serviced_on"].dtype).startswith("datetime64")
    answered = arrow.answer_table(
        pa.Table.from_pandas(frame, preserve_index=False), rules, as_of=AS_OF
    )
    assert _results(answered.to_pylist()) == expected
    assert isinstance(answered.to_pandas(), pd.DataFrame)


def test_dask_on_two_workers(
    table: Any, rules: watchwarranty.RuleBook, expected: list[dict[str, Any]]
) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("dask.distributed")
    frame = table.to_pandas()

    def answer_frame(part: Any) -> Any:
        part_table = pa.Table.from_pandas(part, preserve_index=False)
        return arrow.answer_table(part_table, rules, as_of=AS_OF).to_pandas()

    # Threads: two worker processes take seconds to start, and the answers do not depend on it.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        parts = dd.from_pandas(frame, npartitions=4)
        answered = parts.map_partitions(answer_frame, meta=answer_frame(frame.head(0))).compute()
    got = pa.Table.from_pandas(answered, preserve_index=False)
    assert _results(got.cast(arrow.result_schema(table.schema)).to_pylist()) == expected


def test_wrong_types_are_row_errors_inside_an_engine(rules: watchwarranty.RuleBook) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.LazyFrame(
        {
            "brand": [7, None, 9],
            "purchase_date": [1.5, None, 2.0],
            "registered": ["maybe", None, "yes"],
        }
    )
    schema = pl.from_arrow(
        arrow.result_schema(frame.head(0).collect().to_arrow().schema).empty_table()
    ).schema
    answered = frame.map_batches(
        lambda batch: pl.from_arrow(arrow.answer_table(batch.to_arrow(), rules, as_of=AS_OF)),
        schema=schema,
    ).collect()
    assert answered.height == 3
    assert answered["error"].null_count() == 0
    assert answered["effective_expiry"].null_count() == 3
