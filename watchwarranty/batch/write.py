"""Batch output: each input row followed by its answer, as CSV, JSON Lines, a JSON array, or an
xlsx report (batch.xlsx); the format named, or the output file's extension."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer
from watchwarranty.batch.read import Row, TypedColumn
from watchwarranty.errors import InputError, OutputError
from watchwarranty.i18n import _
from watchwarranty.model import Verdict
from watchwarranty.render.spreadsheet import SafeCsvWriter, delimiter_for

if TYPE_CHECKING:
    from watchwarranty.batch.xlsx import XlsxReport

if TYPE_CHECKING:
    from watchwarranty.batch.people import Summary


class ReportFormat(StrEnum):
    """The ``batch --format`` choices: one output row per input row."""

    CSV = "csv"
    JSONL = "jsonl"
    JSON = "json"
    XLSX = "xlsx"
    PARQUET = "parquet"

    @staticmethod
    def of(path: Path) -> ReportFormat:
        """The format an output file's extension names; InputError for any other."""
        suffix = path.suffix.lower().lstrip(".")
        # A .tsv or .tab file is CSV separated by tabs (render.spreadsheet.delimiter_for).
        aliases = {"ndjson": "jsonl", "tsv": "csv", "tab": "csv", "txt": "csv", "pq": "parquet"}
        try:
            return ReportFormat(aliases.get(suffix, suffix))
        except ValueError:
            raise InputError(
                _("cannot tell the format of {path} from its extension").format(path=path.name),
                _("end it in .csv, .tsv, .jsonl, .json, .xlsx or .parquet, or pass --format"),
            ) from None


class BatchWriter(Protocol):
    """Writes one output row per input row."""

    def write(self, row: Row, answer: Answer) -> None:
        """Write ``row`` with its answer."""

    def close(self) -> None:
        """Finish the output (a closing bracket, a workbook's last part)."""


class BatchCsvWriter:
    """CSV: the input's columns, then the result columns; an empty cell means none."""

    def __init__(
        self,
        stream: TextIO,
        columns: Sequence[str],
        results: Sequence[str],
        *,
        raw: bool = False,
        delimiter: str = ",",
    ) -> None:
        self._writer = SafeCsvWriter(stream, raw=raw, delimiter=delimiter)
        # A JSON key can be a lone surrogate, which UTF-8 cannot hold: a ? stands in.
        header = [name.encode("utf-8", "replace").decode("utf-8") for name in columns]
        self._writer.writerow([*header, *results])

    def write(self, row: Row, answer: Answer) -> None:
        """Write one input row followed by its result cells."""
        cells = row.cells
        if row.problem is not None:
            # A cell JSON held as a lone surrogate cannot be written as UTF-8: a ? stands in.
            cells = [cell.encode("utf-8", "replace").decode("utf-8") for cell in cells]
        values = ["" if value is None else value for value in answer.values()]
        self._writer.writerow([*cells, *values])

    def close(self) -> None:
        """Nothing is left to write."""


class BatchJsonlWriter:
    """JSON Lines: the input object, then the result keys; null means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str], results: Sequence[str]) -> None:
        # JSON Lines has no header: each object names its own keys, so two columns of one name
        # (or none) would be one key, and a cell lost.
        self._stream = stream
        self._columns = distinct_keys(columns)
        self._results = list(results)

    def _json(self, row: Row, answer: Answer) -> str:
        record: dict[str, Any] = (
            dict(row.record)
            if row.record is not None
            else dict(zip(self._columns, row.cells, strict=True))
        )
        record.update(zip(self._results, answer.values(), strict=True))
        # A row that could not be read may hold text UTF-8 cannot: escape it all as ASCII.
        ascii_only = row.problem is not None
        return json.dumps(record, ensure_ascii=ascii_only)

    def write(self, row: Row, answer: Answer) -> None:
        """Write one object: the row as read, with the result keys added."""
        self._stream.write(self._json(row, answer) + "\n")

    def close(self) -> None:
        """Nothing is left to write."""


def distinct_keys(columns: Sequence[str]) -> list[str]:
    """The columns as JSON keys: an empty name becomes column_N (N its place), and a name seen
    before gets _2, _3, ... after it."""
    keys: list[str] = []
    seen: set[str] = set()
    for number, name in enumerate(columns, start=1):
        key = name or f"column_{number}"
        suffix = 2
        while key in seen:
            key = f"{name or f'column_{number}'}_{suffix}"
            suffix += 1
        seen.add(key)
        keys.append(key)
    return keys


class BatchJsonWriter(BatchJsonlWriter):
    """A JSON array of the same objects as JSON Lines, written as they come."""

    def __init__(self, stream: TextIO, columns: Sequence[str], results: Sequence[str]) -> None:
        super().__init__(stream, columns, results)
        self._separator = "[\n"

    def write(self, row: Row, answer: Answer) -> None:
        """Write one object of the array."""
        self._stream.write(self._separator + self._json(row, answer))
        self._separator = ",\n"

    def close(self) -> None:
        """Close the array (an empty one when no row was written)."""
        self._stream.write("[]\n" if self._separator == "[\n" else "\n]\n")


class Output:
    """Where the rows go: stdout, or ``target`` (the -o file's replacement, see
    render.atomic), in the format asked for. ``close`` finishes the output; ``discard``
    drops what was written after a failure, the workbook's own temporary files included."""

    def __init__(
        self,
        output_format: ReportFormat,
        target: BinaryIO | None,
        columns: Sequence[str],
        results: Sequence[str],
        *,
        name: Path | None = None,
        stdout: TextIO,
        bom: bool | None = None,
        date_columns: Sequence[int] = (),
        soon_days: int = 90,
        labels: Sequence[str] | None = None,
        sheet_title: str | None = None,
        summary: Summary | None = None,
        raw_csv: bool = False,
        typed: Sequence[TypedColumn] | None = None,
    ) -> None:
        self._name = name
        self._text: io.TextIOWrapper | None = None
        # Where CSV and JSON go, for flush; a workbook or a Parquet file is only whole at the end.
        self._stream: TextIO | None = None
        self._writer: BatchWriter
        self._report: XlsxReport | None = None
        if output_format is ReportFormat.XLSX:
            if target is None:
                raise InputError(_("an xlsx report cannot go to stdout"), _("pass -o FILE.xlsx"))
            from watchwarranty.batch.xlsx import XlsxReport

            self._writer = self._report = XlsxReport(
                target,
                columns,
                results,
                date_columns=date_columns,
                soon_days=soon_days,
                labels=labels,
                title=sheet_title,
                summary=summary,
            )
            return
        if output_format is ReportFormat.PARQUET:
            if target is None:
                raise InputError(
                    _("a Parquet report cannot go to stdout"), _("pass -o FILE.parquet")
                )
            from watchwarranty.batch.parquet import ParquetReport

            self._writer = ParquetReport(target, columns, results, typed=typed)
            return
        stream: TextIO = stdout
        if target is not None:
            stream = self._text = io.TextIOWrapper(target, encoding="utf-8", newline="")
        # Excel on Windows reads a CSV without a byte-order mark as the local code page: a
        # file meant for a spreadsheet gets one unless told not to; a pipe does not.
        if output_format is ReportFormat.CSV and (target is not None if bom is None else bom):
            stream.write("\ufeff")
        kinds: dict[ReportFormat, Callable[[TextIO, Sequence[str], Sequence[str]], BatchWriter]]
        kinds = {
            ReportFormat.CSV: functools.partial(
                BatchCsvWriter, raw=raw_csv, delimiter=delimiter_for(name)
            ),
            ReportFormat.JSONL: BatchJsonlWriter,
            ReportFormat.JSON: BatchJsonWriter,
        }
        # CSV is for people too (labels); JSON is for scripts: its keys never change.
        shown = labels if labels is not None and output_format is ReportFormat.CSV else results
        self._writer = kinds[output_format](stream, columns, shown)
        self._stream = stream

    def write(self, row: Row, answer: Answer) -> None:
        """Write ``row`` with its answer."""
        try:
            self._writer.write(row, answer)
        except OSError as error:
            raise self._failed(error) from None

    def flush(self) -> None:
        """Send on the rows written so far, to stdout or the -o file (nothing for a workbook or
        Parquet, which are whole only when closed)."""
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as error:
            raise self._failed(error) from None

    def close(self) -> None:
        """Finish the output; the file it went to stays open, for its replacement to commit."""
        self._stream = None
        try:
            self._writer.close()
            if self._text is not None:
                self._text.flush()
                self._text.detach()
        except OSError as error:
            raise self._failed(error) from None

    @property
    def cut(self) -> int:
        """How many cells were cut to fit an xlsx cell."""
        return self._report.cut if self._report is not None else 0

    def discard(self) -> None:
        """Drop what was written, quietly: the run is failing for another reason already."""
        if self._report is not None:
            self._report.discard()
        if self._text is not None:
            # Closed here, not by the garbage collector, whose flush would fail on its own.
            with contextlib.suppress(OSError, ValueError):
                self._text.close()

    def _failed(self, error: OSError) -> OSError | OutputError:
        # Stdout's own failures (a closed pipe above all) are the group handler's to report.
        return error if self._name is None else OutputError(self._name, error)


def save_verdict(
    verdict: Verdict, path: Path, output_format: ReportFormat, *, explain: bool = False
) -> None:
    """`check -o FILE`: one watch's answer in the file, as `check --format` writes it (JSON,
    CSV with a byte-order mark for spreadsheets), or as a one-row batch (JSON Lines, xlsx);
    written whole or not at all (render.atomic)."""
    from watchwarranty.render.atomic import replacing
    from watchwarranty.render.serial import render_csv, render_json

    with replacing(path) as target:
        if output_format is ReportFormat.PARQUET:
            from watchwarranty.batch.parquet import ParquetReport

            parquet = ParquetReport(target, ["brand", "purchase_date"], RESULT_COLUMNS)
            cells = [verdict.brand_name, verdict.purchase.purchased_on.isoformat()]
            parquet.write(Row(1, cells, ()), Answer(verdict))
            parquet.close()
            return
        if output_format is ReportFormat.XLSX:
            from watchwarranty.batch.people import PeopleAnswer, brand_label, people_labels
            from watchwarranty.i18n import chinese

            # A workbook is for people: in Chinese, as batch writes one (headers, status words,
            # the brand's name, the sheet's), keys otherwise.
            for_people = chinese()
            purchase = verdict.purchase
            brand = brand_label(verdict) if for_people else verdict.brand_name
            cells = [brand, purchase.purchased_on.isoformat()]
            report = Output(
                ReportFormat.XLSX,
                target,
                [_("Brand"), _("Purchased")] if for_people else ["brand", "purchase_date"],
                RESULT_COLUMNS,
                name=path,
                stdout=sys.stdout,
                date_columns=[1],
                labels=people_labels(RESULT_COLUMNS, "") if for_people else None,
                sheet_title=_("Warranties"),
            )
            try:
                report.write(Row(1, cells, ()), (PeopleAnswer if for_people else Answer)(verdict))
                report.close()
            except BaseException:
                report.discard()
                raise
            return
        if output_format is ReportFormat.CSV:
            text = "\ufeff" + render_csv(verdict, delimiter=delimiter_for(path))
        elif output_format is ReportFormat.JSON:
            text = render_json(verdict, explain=explain)
        else:
            text = json.dumps(
                json.loads(render_json(verdict, explain=explain)), ensure_ascii=False
            )
            text += "\n"
        try:
            target.write(text.encode("utf-8"))
        except OSError as error:
            raise OutputError(path, error) from None
