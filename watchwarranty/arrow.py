"""Arrow in, Arrow out: the one function DuckDB, polars, pandas, Dask and Spark plug in.

``answer_batch`` reads a ``pyarrow.RecordBatch``'s fact columns by the names `batch` reads
(Chinese headers included), turns each cell into the text a CSV cell would hold, answers each
row with batch's own Answerer, and returns the batch with the result columns after its own:
one output row per input row, in order. Result columns are typed from the Verdict's own
annotations (dates as date32, whole numbers as int32, tuples of records as lists of structs),
so a key RESULT_KEYS gains gets its type with it; the rest are strings.

Needs the ``arrow`` extra (``pip install 'watchwarranty[arrow]'``); nothing else imports it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from watchwarranty.batch.answer import RESULT_COLUMNS, Answerer
from watchwarranty.batch.answer import Answer as RowAnswer
from watchwarranty.batch.columns import fact_indexes, parse_column_options
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.inputs.cells import cell_text
from watchwarranty.inputs.dates import DateOrder, date_order_of
from watchwarranty.model import RuleBook, Verdict
from watchwarranty.render.records import RESULT_KEYS

__all__ = ["answer_batch", "answer_table", "result_schema"]


class _Result(NamedTuple):
    """A result column: its name, its Arrow type, and whether it is read from the verdict
    (typed) or from batch's cell values (text)."""

    name: str
    type: pa.DataType
    from_verdict: bool


def result_schema(schema: pa.Schema, *, prefix: str = "") -> pa.Schema:
    """The schema ``answer_batch`` returns for a batch of ``schema``: its fields, then the
    result columns (named with ``prefix`` before each)."""
    fields = [pa.field(prefix + result.name, result.type) for result in _results()]
    return pa.schema([*schema, *fields], metadata=schema.metadata)


def answer_batch(
    batch: pa.RecordBatch,
    rules: RuleBook,
    *,
    as_of: date | str | None = None,
    columns: Mapping[str, str] | None = None,
    prefix: str = "",
    date_order: DateOrder | str | None = None,
) -> pa.RecordBatch:
    """``batch`` with every row's answer in the result columns after its own.

    Columns are matched as `batch` matches headers; ``columns`` maps a fact to a column, like
    ``--column``. A null is an empty cell, a timestamp its day (in its own zone), any other
    type its text, so a number where a brand is meant is that row's ``error``. Raises
    InputError, naming the columns found, when there is no brand or purchase_date column, or
    when a result column's name is taken (``prefix`` names them apart)."""
    from watchwarranty.api import as_of_day, date_order_named

    order = date_order_named(date_order)
    chosen = parse_column_options(f"{field}={name}" for field, name in (columns or {}).items())
    indexes = fact_indexes(batch.schema.names, chosen)
    results = _results()
    names = [prefix + result.name for result in results]
    clashes = [name for name in names if name in batch.schema.names]
    if clashes:
        raise InputError(
            _("the input already has columns named like the results: {names}").format(
                names=", ".join(clashes)
            ),
            _("rename those columns, or pass --prefix warranty_ to name the results apart"),
        )
    rows = batch.num_rows
    cells = [cell_texts(batch.column(index)) if index >= 0 else [""] * rows for index in indexes]
    with date_order_of(order):
        answerer = Answerer(rules, as_of=as_of_day(as_of))
        answers = [answerer.answer(facts) for facts in zip(*cells, strict=True)] if rows else []
    arrays = result_arrays(answers)
    schema = result_schema(batch.schema, prefix=prefix)
    return pa.RecordBatch.from_arrays([*batch.columns, *arrays], schema=schema)


def answer_table(
    table: pa.Table,
    rules: RuleBook,
    *,
    as_of: date | str | None = None,
    columns: Mapping[str, str] | None = None,
    prefix: str = "",
    date_order: DateOrder | str | None = None,
) -> pa.Table:
    """``answer_batch`` over each of ``table``'s batches: the table polars, pandas and DuckDB
    hand over, answered, with ``result_schema`` even when it has no rows."""
    batches = [
        answer_batch(
            batch, rules, as_of=as_of, columns=columns, prefix=prefix, date_order=date_order
        )
        for batch in table.to_batches()
    ]
    if not batches:
        # No batch to find the columns in: they are checked on an empty one.
        empty = pa.RecordBatch.from_pylist([], schema=table.schema)
        batches = [
            answer_batch(
                empty, rules, as_of=as_of, columns=columns, prefix=prefix, date_order=date_order
            )
        ]
    return pa.Table.from_batches(batches, schema=result_schema(table.schema, prefix=prefix))


def result_types() -> list[pa.DataType]:
    """The Arrow type of each of batch's result columns (RESULT_COLUMNS), in order."""
    return [result.type for result in _results()]


def result_arrays(answers: Sequence[RowAnswer]) -> list[pa.Array]:
    """The result columns of ``answers``, typed: what answer_batch adds to a batch, and what
    `batch --format parquet` writes after the input's columns."""
    results = _results()
    rows = len(answers)
    values: list[list[Any]] = [[None] * rows for _result in results]
    for row, answer in enumerate(answers):
        verdict = answer.verdict
        for column, value in enumerate(answer.values()):
            # A text column holds a number as its text, as a CSV cell does.
            values[column][row] = value if value is None or isinstance(value, str) else str(value)
        if verdict is not None:
            for column, result in enumerate(results):
                if result.from_verdict:
                    values[column][row] = _python(getattr(verdict, result.name))
    return [
        pa.array(column, type=result.type) for column, result in zip(values, results, strict=True)
    ]


def cell_texts(column: pa.Array | pa.ChunkedArray) -> list[str]:
    """A column's cells as batch reads them: timestamps as their own day, nulls empty."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_timestamp(column.type):
        if column.type.tz is not None:
            column = pc.local_timestamp(column)
        column = column.cast(pa.date32())
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return [text or "" for text in column.to_pylist()]
    return [cell_text(value) for value in column.to_pylist()]


def _python(value: Any) -> Any:
    # A tuple of records (an answer's depends_on) becomes a list of structs.
    if isinstance(value, tuple):
        return [item._asdict() if hasattr(item, "_asdict") else item for item in value]
    return value


@cache
def _results() -> tuple[_Result, ...]:
    hints = typing.get_type_hints(Verdict)
    results = []
    for name in RESULT_COLUMNS:
        if name not in RESULT_KEYS:
            # brand_name, conditions (one cell of sentences) and error: text, as batch's.
            results.append(_Result(name, pa.string(), from_verdict=False))
            continue
        annotation = hints.get(name)
        member = getattr(Verdict, name, None)
        if annotation is None and isinstance(member, property) and member.fget is not None:
            annotation = typing.get_type_hints(member.fget).get("return")
        arrow_type = _arrow_type(annotation) if annotation is not None else None
        results.append(_Result(name, arrow_type or pa.string(), arrow_type is not None))
    return tuple(results)


def _arrow_type(annotation: Any) -> pa.DataType | None:
    """The Arrow type for a verdict field of this annotation; None for none that fits."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kinds = [kind for kind in typing.get_args(annotation) if kind is not type(None)]
        if len(kinds) != 1:
            return None
        annotation = kinds[0]
    if annotation is date:
        return pa.date32()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int32()
    if annotation is str:
        return pa.string()
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, tuple) and hasattr(item, "_fields"):
            hints = typing.get_type_hints(item)
            fields = [
                pa.field(name, _arrow_type(hints[name]) or pa.string()) for name in item._fields
            ]
            return pa.list_(pa.struct(fields))
    return None
