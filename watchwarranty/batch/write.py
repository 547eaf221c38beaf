"""Batch output: each input row followed by its answer, as CSV or JSON Lines (stdlib only)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, Protocol, TextIO, assert_never

from watchwarranty.batch.answer import Answer
from watchwarranty.batch.read import Row
from watchwarranty.render import BatchFormat


class BatchWriter(Protocol):
    """Writes one output row per input row."""

    def write(self, row: Row, answer: Answer) -> None:
        """Write ``row`` with its answer."""


class BatchCsvWriter:
    """CSV: the input's columns, then the result columns; an empty cell means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str], results: Sequence[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow([*columns, *results])

    def write(self, row: Row, answer: Answer) -> None:
        """Write one input row followed by its result cells."""
        cells = row.cells
        if row.problem is not None:
            # A cell JSON held as a lone surrogate cannot be written as UTF-8: a ? stands in.
            cells = [cell.encode("utf-8", "replace").decode("utf-8") for cell in cells]
        values = ["" if value is None else value for value in answer.values()]
        self._writer.writerow([*cells, *values])


class BatchJsonlWriter:
    """JSON Lines: the input object, then the result keys; null means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str], results: Sequence[str]) -> None:
        # JSON Lines has no header: each object names its own keys.
        self._stream = stream
        self._columns = list(columns)
        self._results = list(results)

    def write(self, row: Row, answer: Answer) -> None:
        """Write one object: the row as read, with the result keys added."""
        record: dict[str, Any] = (
            dict(row.record)
            if row.record is not None
            else dict(zip(self._columns, row.cells, strict=True))
        )
        record.update(zip(self._results, answer.values(), strict=True))
        # A row that could not be read may hold text UTF-8 cannot: escape it all as ASCII.
        ascii_only = row.problem is not None
        self._stream.write(json.dumps(record, ensure_ascii=ascii_only) + "\n")


def batch_writer(
    output_format: BatchFormat, stream: TextIO, columns: Sequence[str], results: Sequence[str]
) -> BatchWriter:
    """The writer for a batch output format; it writes the header (if any) at once."""
    match output_format:
        case BatchFormat.CSV:
            return BatchCsvWriter(stream, columns, results)
        case BatchFormat.JSONL:
            return BatchJsonlWriter(stream, columns, results)
        case _:
            assert_never(output_format)
