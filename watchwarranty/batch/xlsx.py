"""The xlsx report: what a dealer opens in a spreadsheet. openpyxl's write-only mode streams
the rows to disk, so memory stays flat however long the inventory.

The header row is frozen, dates are date cells, columns are as wide as their first rows need,
and each row's status cell is filled by how the watch stands (expired, expiring soon, covered,
depending on a fact not given, or an error), so the state of a whole inventory shows at a
glance.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from watchwarranty.batch.answer import Answer
from watchwarranty.batch.read import Row

if TYPE_CHECKING:
    from watchwarranty.batch.people import Summary

# Rows measured for the column widths; the rest are streamed as they come.
MEASURED_ROWS = 200
MAX_WIDTH = 60
# The most characters an Excel cell holds.
MAX_CELL_CHARS = 32_767
DATE_WIDTH = 10


# What a sheet cannot store (control characters, lone surrogates, which make the file one
# Excel refuses to open), and text it would read as a formula or an error value.
_UNSTORABLE = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff]")
_NEEDS_CARE = re.compile(f"{_UNSTORABLE.pattern}|[=#]")


def _storable(text: str) -> str:
    # A replacement character shows where what could not be stored was.
    return _UNSTORABLE.sub("\ufffd", text)


class Standing(Enum):
    """How a row stands, each with its fill: light tints of red, amber, green, blue and grey
    that keep black text readable, on screen and printed. Blue, apart from red and green, is a
    cover that depends on a fact the inventory does not give."""

    EXPIRED = "F8CBAD"
    SOON = "FFE699"
    COVERED = "C6EFCE"
    DEPENDS = "BDD7EE"
    ERROR = "D9D9D9"

    @staticmethod
    def of(answer: Answer, soon_days: int) -> Standing:
        verdict = answer.verdict
        if verdict is None:
            return Standing.ERROR
        if verdict.status == "depends":
            return Standing.DEPENDS
        if not verdict.covered:
            return Standing.EXPIRED
        return Standing.SOON if verdict.days_left <= soon_days else Standing.COVERED


def _width(value: object) -> int:
    if isinstance(value, datetime):
        return DATE_WIDTH + 6  # and " 15:30"
    if isinstance(value, date):
        return DATE_WIDTH
    text = str(value)
    # Chinese characters take two columns of a spreadsheet's grid, as on a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class XlsxReport:
    """Writes the report's rows to ``target`` (a path or a binary file) as they come."""

    def __init__(
        self,
        target: str | IO[bytes],
        columns: Sequence[str],
        results: Sequence[str],
        *,
        date_columns: Sequence[int] = (),
        soon_days: int = 90,
        labels: Sequence[str] | None = None,
        title: str | None = None,
        summary: Summary | None = None,
    ) -> None:
        self._target = target
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(title)
        self._width = len(columns) + len(results)
        # The header people read (labels) over the keys the result columns are found by.
        self._header = [*columns, *(labels or results)]
        self._summary = summary
        self._rows = 0
        # Result columns that hold ISO dates, and the input's own date columns.
        result_dates = {"base_expiry", "extended_expiry", "effective_expiry", "register_by"}
        result_dates |= {"expiry_if_registered", "possible_expiry"}
        result_dates |= {"service_guarantee_expiry", "legal_guarantee_expiry"}
        self._dates = set(date_columns) | {
            len(columns) + index
            for index, name in enumerate(results)
            if any(name.endswith(key) for key in result_dates)
        }
        self._status = next(
            len(columns) + index for index, name in enumerate(results) if name.endswith("status")
        )
        self._soon_days = soon_days
        self._fills = {
            standing: PatternFill("solid", start_color=standing.value) for standing in Standing
        }
        self._pending: list[list[Any]] | None = []
        # Cells cut to MAX_CELL_CHARS, for the run to say so.
        self.cut = 0

    def write(self, row: Row, answer: Answer) -> None:
        """Add one row: the input's cells (or a workbook's own values), then the answer."""
        self._rows += 1
        if self._summary is not None:
            self._summary.count(row, answer)
        values: list[Any] = list(row.values if row.values is not None else row.cells)
        values.extend(answer.values())
        for index in self._dates:
            value = values[index]
            if isinstance(value, str) and len(value) == 10:
                with contextlib.suppress(ValueError):
                    values[index] = date.fromisoformat(value)
            elif isinstance(value, str) and len(value) == 19 and value[10] == " ":
                # A date cell with a time of day (a sale's): a datetime cell again.
                with contextlib.suppress(ValueError):
                    values[index] = datetime.fromisoformat(value)
        strings = "".join(value for value in values if isinstance(value, str))
        if len(strings) > MAX_CELL_CHARS or _NEEDS_CARE.search(strings):
            values = [self._safe(value) for value in values]
        cell = WriteOnlyCell(self._sheet, value=values[self._status])
        cell.fill = self._fills[Standing.of(answer, self._soon_days)]
        values[self._status] = cell
        if self._pending is not None:
            self._pending.append(values)
            if len(self._pending) >= MEASURED_ROWS:
                self._flush()
        else:
            self._sheet.append(values)

    def _safe(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = _storable(value)
        if len(value) > MAX_CELL_CHARS:
            # Excel refuses a longer cell; openpyxl would write one and the file not open.
            value = value[: MAX_CELL_CHARS - 1] + "…"
            self.cut += 1
        if (value.startswith("=") and len(value) > 1) or value in ERROR_CODES:
            # Text from an inventory is never run as a formula, nor read as an error value.
            cell = WriteOnlyCell(self._sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def _flush(self) -> None:
        pending, self._pending = self._pending or [], None
        widths = [_width(name) for name in self._header]
        for values in pending:
            for index, value in enumerate(values):
                shown = value.value if isinstance(value, Cell) else value
                if shown is not None:
                    widths[index] = max(widths[index], _width(shown))
        for index, width in enumerate(widths, start=1):
            # Two characters of margin, as a spreadsheet's own "fit" leaves.
            dimension = self._sheet.column_dimensions[get_column_letter(index)]
            dimension.width = min(width + 2, MAX_WIDTH)
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name in self._header:
            cell = WriteOnlyCell(self._sheet, value=_storable(name))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        self._sheet.append(header)
        for values in pending:
            self._sheet.append(values)

    def close(self) -> None:
        """Finish the file."""
        if self._pending is not None:
            self._flush()
        # A filter on every column, so a shop can pick one brand or one status at once.
        last = get_column_letter(max(len(self._header), 1))
        self._sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        if self._summary is not None:
            from watchwarranty.i18n import _

            sheet = self._workbook.create_sheet(_("Summary"))
            sheet.column_dimensions["A"].width = 24
            for values in self._summary.rows():
                sheet.append(values)
        # openpyxl's own save makes a zip it does not close when a write fails: its __del__
        # would then try again and print a traceback. This one is closed here, either way.
        from openpyxl.writer.excel import ExcelWriter

        archive = zipfile.ZipFile(self._target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        try:
            ExcelWriter(self._workbook, archive).save()
        except BaseException:
            with contextlib.suppress(Exception):
                archive.close()
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the rows written so far and the temporary file openpyxl keeps them in (in
        $TMPDIR, removed only at a normal exit otherwise)."""
        sheet: Any = self._sheet
        writer = sheet._writer
        for generator in (sheet._rows, writer.xf if writer is not None else None):
            if generator is not None:
                # Closing finishes the XML, which can fail as the first write did.
                with contextlib.suppress(Exception):
                    generator.close()
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
            sheet._writer = None
