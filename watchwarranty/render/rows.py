"""Batch output: each input row followed by its result, as CSV or JSON Lines (stdlib only)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO, assert_never

from watchwarranty.batch import RESULT_COLUMNS, Result, Row
from watchwarranty.render import BatchFormat


class BatchCsvWriter:
    """Batch output as CSV: the input's columns, then the result columns; "" means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str], *, header: bool = True) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        if header:
            self._writer.writerow([*columns, *RESULT_COLUMNS])

    def write(self, row: Row, result: Result) -> None:
        """Write one input row followed by its result cells."""
        self._writer.writerow([*row.cells, *result])


class BatchJsonlWriter:
    """Batch output as JSON Lines: the input object, then the result keys (null means none)."""

    def __init__(self, stream: TextIO, columns: Sequence[str], *, header: bool = True) -> None:
        # JSON Lines has no header: each object names its own keys.
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
    output_format: BatchFormat, stream: TextIO, columns: Sequence[str], *, header: bool = True
) -> BatchCsvWriter | BatchJsonlWriter:
    """The writer for a batch output format; writes the header (if any, and asked for) at once."""
    match output_format:
        case BatchFormat.CSV:
            return BatchCsvWriter(stream, columns, header=header)
        case BatchFormat.JSONL:
            return BatchJsonlWriter(stream, columns, header=header)
        case _:
            assert_never(output_format)
