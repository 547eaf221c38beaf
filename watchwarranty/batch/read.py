"""Reading an inventory a row at a time: CSV through the csv module, JSON Lines through json.

Every line of the input is accounted for. A line that cannot be read (not UTF-8, too long, not
CSV or not a JSON object) becomes a row with a ``problem``, in its place, and the reading goes
on; only a missing or unreadable header stops the run. Nothing holds more than one row.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from enum import StrEnum
from typing import IO, Any, NamedTuple

from watchwarranty.errors import InputError
from watchwarranty.i18n import _

# The input columns the engine reads; all others pass through untouched.
FACT_COLUMNS = (
    "brand",
    "purchase_date",
    "region",
    "registered",
    "registered_on",
    "movement",
    "store",
    "second_hand",
    "marketing_consent",
    "activated_on",
    "serviced_on",
)
REQUIRED_COLUMNS = ("brand", "purchase_date")
# A physical line, and a CSV cell (which may span lines), longer than this is a row's error:
# memory stays bounded whatever the input holds.
MAX_LINE_BYTES = 1 << 20
MAX_CELL_CHARS = 128 * 1024


class InputFormat(StrEnum):
    """How batch input is written."""

    CSV = "csv"
    JSONL = "jsonl"

    @staticmethod
    def guess(name: str) -> InputFormat:
        """JSON Lines for .jsonl/.ndjson/.json files, CSV otherwise (and for stdin)."""
        if name.lower().endswith((".jsonl", ".ndjson", ".json")):
            return InputFormat.JSONL
        return InputFormat.CSV


class Row(NamedTuple):
    """One input row: where it starts, its cells under the input's columns, and the engine's
    facts. ``record`` is a JSON Lines row's whole object (its keys beyond the columns pass
    through); ``problem`` says why the row could not be read, when it could not."""

    line: int
    cells: list[str]
    facts: tuple[str, ...]
    record: dict[str, Any] | None = None
    problem: str | None = None


class Inventory(NamedTuple):
    """An input's columns, and its rows as they are read."""

    columns: list[str]
    rows: Iterator[Row]


class Lines:
    """The physical lines of a byte stream, each decoded on its own, so that one bad line is
    that line's problem and no other's."""

    def __init__(self, binary: IO[bytes]) -> None:
        self._binary = binary
        self.number = 0
        self.bytes_read = 0
        self._problems: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        read = self._binary.readline
        while raw := read(MAX_LINE_BYTES + 1):
            self.number += 1
            self.bytes_read += len(raw)
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                self._skip_rest_of_line()
                self._problems[self.number] = _(
                    "the line is longer than {limit} bytes; split or shorten it"
                ).format(limit=MAX_LINE_BYTES)
                yield "\n"
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                self._problems[self.number] = _(
                    "the line is not UTF-8 (byte {byte} at byte {position}); save the file as "
                    "UTF-8"
                ).format(byte=f"0x{raw[error.start]:02x}", position=error.start + 1)
                text = raw.decode("utf-8", "replace")
            if self.number == 1:
                text = text.removeprefix("\ufeff")  # Excel's byte-order mark
            yield text

    def _skip_rest_of_line(self) -> None:
        while chunk := self._binary.readline(MAX_LINE_BYTES):
            self.bytes_read += len(chunk)
            if chunk.endswith(b"\n"):
                return

    def problem(self, first: int, last: int) -> str | None:
        """The first problem on physical lines ``first`` to ``last``; forgets them all."""
        found = None
        for number in range(first, last + 1):
            problem = self._problems.pop(number, None)
            found = found or problem
        return found


def read_inventory(binary: IO[bytes], input_format: InputFormat) -> tuple[Lines, Inventory]:
    """The inventory in ``binary``; InputError when it has no usable header."""
    lines = Lines(binary)
    if input_format is InputFormat.CSV:
        return lines, _read_csv(lines)
    return lines, _read_jsonl(lines)


def _fact_indexes(columns: list[str]) -> list[int]:
    return [columns.index(name) if name in columns else -1 for name in FACT_COLUMNS]


def _facts(cells: list[str], indexes: list[int]) -> tuple[str, ...]:
    return tuple(cells[index] if index >= 0 else "" for index in indexes)


# -- CSV ----------------------------------------------------------------------------------------


def _read_csv(lines: Lines) -> Inventory:
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(lines)
    header: list[str] | None = None
    try:
        for cells in reader:
            if cells:
                header = cells
                break
    except csv.Error as error:
        raise InputError(
            _("cannot read the CSV header: {error}").format(error=error),
            _("give a CSV file whose first row names the columns"),
        ) from None
    problem = lines.problem(1, reader.line_num)
    if header is None:
        raise InputError(_("the input is empty"), _("give a CSV file with a header row"))
    if problem is not None:
        raise InputError(
            _("cannot read the CSV header: {problem}").format(problem=problem),
            _("give a CSV file whose first row names the columns"),
        )
    columns = [name.strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise InputError(
            _("the CSV header has no {columns} column").format(columns=_(" or ").join(missing)),
            _("name the columns in the first row: {columns}").format(
                columns=", ".join(FACT_COLUMNS)
            ),
        )
    return Inventory(columns, _csv_rows(lines, reader, columns))


def _csv_rows(lines: Lines, reader: Any, columns: list[str]) -> Iterator[Row]:
    width = len(columns)
    indexes = _fact_indexes(columns)
    blank = [""] * width
    previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            first, previous = previous + 1, reader.line_num
            lines.problem(first, previous)
            text = _("cannot read the row as CSV: {error}").format(error=error)
            yield Row(first, blank, _facts(blank, indexes), problem=text)
            continue
        first, previous = previous + 1, reader.line_num
        problem = lines.problem(first, previous)
        if not cells and problem is None:
            continue  # a blank line
        if len(cells) > width:
            extra = cells[width:]
            cells = cells[:width]
            # A trailing empty cell (a comma at the end, as spreadsheets export) loses nothing.
            if any(cell.strip() for cell in extra) and problem is None:
                problem = _(
                    "the row has {count} cells but the header names {width}; the extra cells "
                    "are not written: quote cells that hold a comma, or name every column"
                ).format(count=width + len(extra), width=width)
        elif len(cells) < width:
            cells += [""] * (width - len(cells))
        yield Row(first, cells, _facts(cells, indexes), problem=problem)


# -- JSON Lines -------------------------------------------------------------------------------


def _read_jsonl(lines: Lines) -> Inventory:
    texts = iter(lines)
    first = next((text for text in texts if text.strip()), None)
    first_object = _json_object(first)[0] if first is not None else None
    columns = list(first_object) if first_object is not None else list(REQUIRED_COLUMNS)
    remaining = itertools.chain([first] if first is not None else [], texts)
    return Inventory(columns, _jsonl_rows(lines, remaining, columns))


def _jsonl_rows(lines: Lines, texts: Iterator[str], columns: list[str]) -> Iterator[Row]:
    indexes = _fact_indexes(columns)
    blank = [""] * len(columns)
    for text in texts:
        # Lines reads one line at a time: the one just read is this text's.
        number = lines.number
        problem = lines.problem(number, number)
        if not text.strip() and problem is None:
            continue
        record = None
        if problem is None:
            record, problem = _json_object(text)
        if record is None:
            yield Row(number, blank, _facts(blank, indexes), problem=problem)
            continue
        cells = [_cell_text(record.get(name)) for name in columns]
        facts = tuple(_cell_text(record.get(name)) for name in FACT_COLUMNS)
        yield Row(number, cells, facts, record, problem)


def _json_object(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The object on a line (None if there is none), and why it cannot be answered."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        # ValueError: bad JSON, or a number of more digits than Python converts.
        return None, _("the line is not valid JSON; write one {…} object a line")
    if not isinstance(value, dict):
        return None, _("the line is not a JSON object; write one {…} object a line")
    if "\\u" in text.casefold():
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            # Kept, to be written back escaped, but not answered: no brand or date holds one.
            return value, _("the line holds a lone UTF-16 surrogate (\\ud800 to \\udfff)")
    return value, None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
