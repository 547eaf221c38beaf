"""JSON and CSV text over records; standard library only, so these formats never load Rich."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, TextIO, assert_never

from watchwarranty.batch import RESULT_COLUMNS, Result, Row
from watchwarranty.model import Verdict
from watchwarranty.render import BatchFormat

from .records import SCALAR_KEYS, to_record, to_trace


def render_json(verdict: Verdict, *, explain: bool = False) -> str:
    """One JSON object; with ``explain`` it also carries the ``trace`` of rules considered."""
    record: dict[str, Any] = to_record(verdict)
    if explain:
        record["trace"] = to_trace(verdict)
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def render_csv(verdict: Verdict) -> str:
    """A header row and one row of the scalar keys; an empty cell means none."""
    record = to_record(verdict)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SCALAR_KEYS)
    writer.writerow(["" if record[key] is None else record[key] for key in SCALAR_KEYS])
    return buffer.getvalue()


class BatchCsvWriter:
    """Batch output as CSV: the input's columns, then the result columns; "" means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow([*columns, *RESULT_COLUMNS])

    def write(self, row: Row, result: Result) -> None:
        """Write one input row followed by its result cells."""
        self._writer.writerow(row.cells + list(result))


class BatchJsonlWriter:
    """Batch output as JSON Lines: the input object, then the result keys (null means none)."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        self._stream = stream
        self._columns = list(columns)

    def write(self, row: Row, result: Result) -> None:
        """Write one object: the row as read, with the result keys added."""
        record: dict[str, Any] = (
            dict(row.record)
            if row.record is not None
            else dict(zip(self._columns, row.cells, strict=False))
        )
        for key, value in zip(RESULT_COLUMNS, result, strict=True):
            record[key] = value or None
        if result.days_left:
            record["days_left"] = int(result.days_left)
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def batch_writer(
    output_format: BatchFormat, stream: TextIO, columns: Sequence[str]
) -> BatchCsvWriter | BatchJsonlWriter:
    """The writer for a batch output format; writes the header (if any) at once."""
    match output_format:
        case BatchFormat.CSV:
            return BatchCsvWriter(stream, columns)
        case BatchFormat.JSONL:
            return BatchJsonlWriter(stream, columns)
        case _:
            assert_never(output_format)
