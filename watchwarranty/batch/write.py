"""Batch output: each input row followed by its answer, as CSV, JSON Lines, a JSON array, or an
xlsx report (batch.xlsx); the format named, or the output file's extension."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TextIO

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer
from watchwarranty.batch.read import Row
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.model import Verdict


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
        aliases = {"ndjson": "jsonl", "tsv": "csv", "txt": "csv", "pq": "parquet"}
        try:
            return ReportFormat(aliases.get(suffix, suffix))
        except ValueError:
            raise InputError(
                _("cannot tell the format of {path} from its extension").format(path=path.name),
                _("end it in .csv, .jsonl, .json, .xlsx or .parquet, or pass --format"),
            ) from None


class BatchWriter(Protocol):
    """Writes one output row per input row."""

    def write(self, row: Row, answer: Answer) -> None:
        """Write ``row`` with its answer."""

    def close(self) -> None:
        """Finish the output (a closing bracket, a workbook's last part)."""


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

    def close(self) -> None:
        """Nothing is left to write."""


class BatchJsonlWriter:
    """JSON Lines: the input object, then the result keys; null means none."""

    def __init__(self, stream: TextIO, columns: Sequence[str], results: Sequence[str]) -> None:
        # JSON Lines has no header: each object names its own keys.
        self._stream = stream
        self._columns = list(columns)
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
    """Where the rows go: stdout or the -o file, in the format asked for; closes what it
    opened."""

    def __init__(
        self,
        output_format: ReportFormat,
        path: Path | None,
        columns: Sequence[str],
        results: Sequence[str],
        *,
        stdout: TextIO,
        bom: bool | None = None,
        date_columns: Sequence[int] = (),
        soon_days: int = 90,
    ) -> None:
        self._file: TextIO | None = None
        self._writer: BatchWriter
        if output_format is ReportFormat.XLSX:
            if path is None:
                raise InputError(_("an xlsx report cannot go to stdout"), _("pass -o FILE.xlsx"))
            from watchwarranty.batch.xlsx import XlsxReport

            _check_writable(path)
            self._writer = XlsxReport(
                str(path), columns, results, date_columns=date_columns, soon_days=soon_days
            )
            return
        if output_format is ReportFormat.PARQUET:
            if path is None:
                raise InputError(
                    _("a Parquet report cannot go to stdout"), _("pass -o FILE.parquet")
                )
            from watchwarranty.batch.parquet import ParquetReport

            _check_writable(path)
            self._writer = ParquetReport(path, columns, results)
            return
        stream = stdout
        if path is not None:
            try:
                stream = self._file = path.open("w", encoding="utf-8", newline="")
            except OSError as error:
                raise _cannot_write(path, error) from None
        # Excel on Windows reads a CSV without a byte-order mark as the local code page: a
        # file meant for a spreadsheet gets one unless told not to; a pipe does not.
        if output_format is ReportFormat.CSV and (path is not None if bom is None else bom):
            stream.write("\ufeff")
        kinds: dict[ReportFormat, Callable[[TextIO, Sequence[str], Sequence[str]], BatchWriter]]
        kinds = {
            ReportFormat.CSV: BatchCsvWriter,
            ReportFormat.JSONL: BatchJsonlWriter,
            ReportFormat.JSON: BatchJsonWriter,
        }
        self._writer = kinds[output_format](stream, columns, results)

    def write(self, row: Row, answer: Answer) -> None:
        """Write ``row`` with its answer."""
        self._writer.write(row, answer)

    def close(self) -> None:
        """Finish the output, and close the file if it opened one."""
        try:
            self._writer.close()
        finally:
            if self._file is not None:
                self._file.close()


def _cannot_write(path: Path, error: OSError) -> InputError:
    return InputError(
        _("cannot write {path}: {reason}").format(path=path, reason=error.strerror),
        _("check the path"),
    )


def _check_writable(path: Path) -> None:
    # The workbook is only saved at the end: a path it cannot be saved to is found out first.
    try:
        path.open("ab").close()
    except OSError as error:
        raise _cannot_write(path, error) from None


def save_verdict(
    verdict: Verdict, path: Path, output_format: ReportFormat, *, explain: bool = False
) -> None:
    """`check -o FILE`: one watch's answer in the file, as `check --format` writes it (JSON,
    CSV with a byte-order mark for spreadsheets), or as a one-row batch (JSON Lines, xlsx)."""
    from watchwarranty.render.serial import render_csv, render_json

    if output_format in (ReportFormat.XLSX, ReportFormat.PARQUET):
        _check_writable(path)
        purchase = verdict.purchase
        cells = [verdict.brand_name, purchase.purchased_on.isoformat()]
        columns = ["brand", "purchase_date"]
        report: BatchWriter
        if output_format is ReportFormat.PARQUET:
            from watchwarranty.batch.parquet import ParquetReport

            report = ParquetReport(path, columns, RESULT_COLUMNS)
        else:
            from watchwarranty.batch.xlsx import XlsxReport

            report = XlsxReport(str(path), columns, RESULT_COLUMNS, date_columns=[1])
        report.write(Row(1, cells, ()), Answer(verdict))
        report.close()
        return
    if output_format is ReportFormat.CSV:
        text = "\ufeff" + render_csv(verdict)
    elif output_format is ReportFormat.JSON:
        text = render_json(verdict, explain=explain)
    else:
        text = json.dumps(json.loads(render_json(verdict, explain=explain)), ensure_ascii=False)
        text += "\n"
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise _cannot_write(path, error) from None
