"""Parquet in and out of `batch`, for warehouse users. pyarrow (the ``arrow`` extra) is imported
only here, and only when a Parquet file is read or written.

A Parquet file is read a record batch at a time; each cell becomes the text a CSV cell would
hold (watchwarranty.arrow.cell_texts: a timestamp its day, a null an empty cell), so its rows are
answered, counted and reported like any other input's. A Parquet report writes a Parquet input's
columns as they came, each of its own type (taken from the record batches the rows point into),
a text input's as text, and the result columns typed as answer_batch types them
(result_arrays).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from watchwarranty.batch.answer import Answer
from watchwarranty.batch.columns import fact_indexes
from watchwarranty.batch.read import Inventory, ReadOptions, Row, TypedColumn
from watchwarranty.errors import InputError
from watchwarranty.i18n import _

# Rows held before they are written as one record batch (a row group of the file).
ROWS_PER_BATCH = 65_536


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet; InputError, saying what to install, without them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            _("Parquet needs pyarrow"),
            _("install it with: pip install 'watchwarranty[arrow]'"),
        ) from None
    return pyarrow, pyarrow.parquet


def read_parquet(binary: IO[bytes], options: ReadOptions) -> Inventory:
    """The inventory in a Parquet file; InputError when it is not one or lacks a required
    column. Parquet keeps its index at the end: a pipe is read whole first."""
    pa, pq = _pyarrow()
    from watchwarranty.arrow import cell_texts

    source = binary if binary.seekable() else io.BytesIO(binary.read())
    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as error:
        raise InputError(
            _("cannot read the Parquet file: {error}").format(error=error),
            _("give a Parquet file, or name the input's format with --input-format"),
        ) from None
    columns = list(parquet.schema_arrow.names)
    try:
        indexes = fact_indexes(columns, options.chosen)
    except InputError:
        parquet.close()
        raise
    schema = parquet.schema_arrow
    typed = [TypedColumn(index, schema.field(index)) for index in range(len(columns))]
    inventory = Inventory(columns, close=parquet.close, typed=typed)

    total = parquet.metadata.num_rows
    read = [0]

    def rows() -> Iterator[Row]:
        number = 0
        for batch in parquet.iter_batches(batch_size=ROWS_PER_BATCH):
            texts = [cell_texts(column) for column in batch.columns]
            for place, cells in enumerate(zip(*texts, strict=True)):
                number += 1
                read[0] = number
                if not any(cell.strip() for cell in cells):
                    inventory.skipped += 1
                    continue
                facts = tuple(cells[index] if index >= 0 else "" for index in indexes)
                yield Row(number, list(cells), facts, source=(batch, place))

    inventory.rows = rows()
    if total:
        inventory.share = lambda: read[0] / total
    return inventory


class ParquetReport:
    """The rows and their answers as a Parquet file, written a record batch at a time to
    ``sink``: a path, or a binary file open for writing (which stays open). With ``typed``
    (a Parquet input's columns), the input's cells are written as they came, typed."""

    def __init__(
        self,
        sink: str | Path | IO[bytes],
        columns: Sequence[str],
        results: Sequence[str],
        *,
        typed: Sequence[TypedColumn] | None = None,
    ) -> None:
        pa, pq = _pyarrow()
        from watchwarranty.arrow import result_types

        self._pa = pa
        self._width = len(columns)
        self._typed = typed
        if typed is None:
            fields = [pa.field(name, pa.string()) for name in columns]
        else:
            fields = [column.field for column in typed]
        fields += [
            pa.field(name, kind) for name, kind in zip(results, result_types(), strict=True)
        ]
        self._schema = pa.schema(fields)
        self._writer = pq.ParquetWriter(
            str(sink) if isinstance(sink, Path) else sink, self._schema
        )
        self._rows: list[list[str]] = []
        self._sources: list[tuple[Any, int]] = []
        self._answers: list[Answer] = []

    def write(self, row: Row, answer: Answer) -> None:
        """Add ``row`` and its answer; a batch is written once enough are held."""
        cells = row.cells
        if row.problem is not None:
            # A cell JSON held as a lone surrogate cannot be written as UTF-8: a ? stands in.
            cells = [cell.encode("utf-8", "replace").decode("utf-8") for cell in cells]
        self._rows.append(cells)
        if self._typed is not None:
            # Only a Parquet inventory's rows, each with its record batch, come with types.
            assert row.source is not None
            self._sources.append(row.source)
        self._answers.append(answer)
        if len(self._rows) >= ROWS_PER_BATCH:
            self._flush()

    def _flush(self) -> None:
        from watchwarranty.arrow import result_arrays

        if not self._rows:
            return
        pa = self._pa
        if self._typed is None:
            inputs = [
                pa.array([cells[index] for cells in self._rows], pa.string())
                for index in range(self._width)
            ]
        else:
            inputs = self._typed_inputs(self._typed)
        arrays = [*inputs, *result_arrays(self._answers)]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._rows, self._sources, self._answers = [], [], []

    def _typed_inputs(self, typed: Sequence[TypedColumn]) -> list[Any]:
        """The ``typed`` columns of the rows held, taken from their record batches: blank rows
        left out, the rest in order, every value and null as it came."""
        pa = self._pa
        pieces: list[list[Any]] = []
        # Rows come a record batch after another; a batch compared by == would be read whole.
        for _identity, run in itertools.groupby(self._sources, key=lambda source: id(source[0])):
            sources = list(run)
            batch = sources[0][0]
            places = pa.array([place for _batch, place in sources], pa.int64())
            pieces.append([batch.column(column.position).take(places) for column in typed])
        return [
            pa.concat_arrays([piece[number] for piece in pieces]) for number in range(len(typed))
        ]

    def close(self) -> None:
        """Write what is held and the file's footer."""
        try:
            self._flush()
        finally:
            self._writer.close()
