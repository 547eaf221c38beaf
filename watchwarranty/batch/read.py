"""Reading an inventory a row at a time: CSV (any of four delimiters) through the csv module, JSON
Lines and JSON arrays through json, xlsx workbooks through openpyxl (batch.workbook).

Every line of the input is accounted for. A line that cannot be read (not in its encoding, too
long, not CSV or not a JSON object) becomes a row with a ``problem``, in its place, and the
reading goes on; only a missing or unreadable header stops the run. Nothing holds more than one
row, but a JSON array, which json reads whole.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any, NamedTuple

from watchwarranty.batch.columns import DATE_COLUMNS, FACT_COLUMNS, fact_indexes, fact_keys
from watchwarranty.batch.encodings import (
    ZIP_MAGIC,
    Lines,
    choose_encoding,
    lines_of,
    sample,
)
from watchwarranty.batch.header import HEADER_SEARCH_ROWS, header_found_note, names_facts
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.model import RuleBook

__all__ = [
    "FACT_COLUMNS",
    "InputFormat",
    "Inventory",
    "ReadOptions",
    "Row",
    "TypedColumn",
    "read_inventory",
]

PARQUET_MAGIC = b"PAR1"
# A CSV cell (which may span lines) longer than this is a row's error.
MAX_CELL_CHARS = 128 * 1024
# A JSON array is read whole (json has no streaming reader): its objects take ~10x its size.
MAX_JSON_ARRAY_BYTES = 32 << 20
# The delimiters a header is tried with, in the order that breaks a tie.
DELIMITERS = (",", ";", "\t", "|")


class InputFormat(StrEnum):
    """How batch input is written."""

    CSV = "csv"
    TSV = "tsv"
    JSONL = "jsonl"
    JSON = "json"
    XLSX = "xlsx"
    PARQUET = "parquet"

    @staticmethod
    def guess(name: str, head: bytes) -> InputFormat:
        """By the file's extension, else by its first bytes: a workbook is a zip, Parquet
        starts with PAR1, JSON Lines with {, a JSON array with [; anything else is CSV."""
        suffix = name.lower().rpartition(".")[2] if "." in name else ""
        if suffix in ("xlsx", "xlsm"):
            return InputFormat.XLSX
        if suffix in ("parquet", "pq") or head.startswith(PARQUET_MAGIC):
            return InputFormat.PARQUET
        if suffix in ("jsonl", "ndjson"):
            return InputFormat.JSONL
        if suffix in ("tsv", "tab"):
            return InputFormat.TSV
        if head.startswith(ZIP_MAGIC):
            return InputFormat.XLSX
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # What a UTF-16 file starts with is its first character, not its first byte.
            head = head[:256].decode("utf-16", "ignore").encode("utf-8")
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if start == b"{":
            return InputFormat.JSONL
        if start == b"[":
            return InputFormat.JSON
        return InputFormat.CSV


@dataclass(frozen=True)
class ReadOptions:
    """How to read: each field is a batch option; None means "find out from the input"."""

    input_format: InputFormat | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    # --column FIELD=HEADER, as {field: header}.
    chosen: dict[str, str] = field(default_factory=dict)
    # --columns: JSON keys to write as CSV columns even when the first object lacks them.
    extra_keys: tuple[str, ...] = ()
    serial_dates: bool = False
    # --header-row N: the header is the Nth row (a line of a CSV, a row of a sheet).
    header_row: int | None = None
    # The rules the rows are answered by: their brands tell Big5 from GBK in a file whose
    # header reads the same in both.
    rules: RuleBook | None = field(default=None, repr=False)


class Row(NamedTuple):
    """One input row: where it starts, its cells under the input's columns, and the engine's
    facts. ``record`` is a JSON row's whole object (its keys beyond the columns pass
    through); ``problem`` says why the row could not be read, when it could not; ``values``
    are a workbook row's cells as the workbook holds them (numbers, dates), for a workbook
    report; ``source`` is a Parquet row's record batch and its place in it, for a Parquet
    report."""

    line: int
    cells: list[str]
    facts: tuple[str, ...]
    record: dict[str, Any] | None = None
    problem: str | None = None
    values: list[Any] | None = None
    source: tuple[Any, int] | None = None


class TypedColumn(NamedTuple):
    """An input column with an Arrow type of its own (Parquet's): where it is in the record
    batches rows come from (Row.source), and its field."""

    position: int
    field: Any


@dataclass
class Inventory:
    """An input's columns, and its rows as they are read; what the reading found on the way
    (rows skipped as blank, JSON keys first seen after the first object) grows as it goes."""

    columns: list[str]
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))
    skipped: int = 0
    left_out: dict[str, None] = field(default_factory=dict)
    # The sheet row last read (a workbook's rows are counted, not its bytes).
    sheet_row: int = 0
    # The share of the input read so far, when it can be told.
    share: Callable[[], float | None] = lambda: None
    close: Callable[[], None] = lambda: None
    # What the reading assumed (a header found below a title row), for stderr, said once.
    notes: list[str] = field(default_factory=list)
    # Each column's own type, when the input has types (Parquet); None for text.
    typed: list[TypedColumn] | None = None
    known: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.known = frozenset(self.columns)


def read_inventory(
    binary: IO[bytes], options: ReadOptions | None = None, *, name: str = "-", size: int = 0
) -> Inventory:
    """The inventory in ``binary`` (named ``name``, of ``size`` bytes when known); InputError
    when it has no usable header or an option does not fit it."""
    options = options or ReadOptions()
    head, stream = sample(binary)
    input_format = options.input_format or InputFormat.guess(name, head)
    if input_format is InputFormat.XLSX:
        if not binary.seekable():
            raise InputError(
                _("a workbook cannot be read from stdin"), _("give the .xlsx file's path")
            )
        return _read_xlsx(binary, options, name)
    if input_format is InputFormat.PARQUET:
        from watchwarranty.batch.parquet import read_parquet

        # The file itself when it can seek (Parquet's index is at its end), else the pipe.
        return read_parquet(binary if binary.seekable() else stream, options)
    if options.header_row is not None and input_format in (InputFormat.JSON, InputFormat.JSONL):
        raise InputError(
            _("--header-row is for CSV and xlsx; JSON has no header row"),
            _("leave --header-row out"),
        )
    lines = lines_of(stream, choose_encoding(head, options.encoding, options.rules))
    if input_format is InputFormat.JSON:
        inventory = _read_json_array(stream, lines.encoding, options)
    elif input_format is InputFormat.JSONL:
        inventory = _read_jsonl(lines, options)
    else:
        tab = "\t" if input_format is InputFormat.TSV else None
        inventory = _read_csv(lines, options.delimiter or tab, options)
    if size:
        inventory.share = lambda: min(lines.bytes_read / size, 1.0)
    return inventory


def _facts(cells: list[str], indexes: list[int]) -> tuple[str, ...]:
    return tuple(cells[index] if index >= 0 else "" for index in indexes)


def _fit(cells: list[str], width: int) -> tuple[list[str], str | None]:
    """The cells cut or padded to the header's width, and the problem if cells were lost."""
    if len(cells) > width:
        extra = cells[width:]
        cells = cells[:width]
        # A trailing empty cell (a comma at the end, as spreadsheets export) loses nothing.
        if any(cell.strip() for cell in extra):
            return cells, _(
                "the row has {count} cells but the header names {width}; the extra cells "
                "are not written: quote cells that hold a comma, or name every column"
            ).format(count=width + len(extra), width=width)
    elif len(cells) < width:
        cells += [""] * (width - len(cells))
    return cells, None


# -- CSV ----------------------------------------------------------------------------------------


def _delimiter(header: str, given: str | None) -> str:
    if given is not None:
        if len(given) != 1 or given in '\r\n"':
            raise InputError(
                _("--delimiter {given!r} is not one character").format(given=given),
                _("give one: , ; | or tab"),
            )
        if given not in header:
            raise InputError(
                _("the delimiter {given!r} splits nothing in the header").format(given=given),
                _("leave --delimiter out to have it found, or give the one the file uses"),
            )
        return given

    # csv.Sniffer weighs character counts over many rows and is swayed by the commas in a
    # price or the slashes in a date; the header alone names the columns.
    def width(candidate: str) -> int:
        try:
            return len(next(csv.reader([header], delimiter=candidate), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=width)


def _header_line(
    lines: Lines, delimiter: str | None, options: ReadOptions
) -> tuple[int, str, Iterator[str]]:
    """The header's line number and text, and the lines after it. The header is the line
    --header-row names, else the first of the first lines that names the brand and purchase
    date columns (a title row may stand above it), else the first line that is not blank.
    Lines are read ahead only until the header is found: rows piped in still flow."""

    def names(text: str) -> list[str]:
        try:
            cells = next(csv.reader([text], delimiter=_delimiter(text, delimiter)), [])
        except (csv.Error, InputError):
            return []
        return [cell.strip() for cell in cells]

    texts = iter(lines)
    ahead: list[tuple[int, str]] = []
    limit = options.header_row or HEADER_SEARCH_ROWS
    chosen: tuple[int, str] | None = None
    for text in texts:
        ahead.append((lines.number, text))
        if (
            options.header_row is None
            and text.strip()
            and names_facts(names(text), options.chosen)
        ):
            chosen = ahead[-1]
            break
        if lines.number >= limit:
            break
    filled = [(number, text) for number, text in ahead if text.strip()]
    if not filled:
        raise InputError(_("the input is empty"), _("give a CSV file with a header row"))
    if options.header_row is not None:
        chosen = next((pair for pair in ahead if pair[0] == options.header_row), None)
        if chosen is None or not chosen[1].strip():
            raise InputError(
                _("--header-row {number}: row {number} is empty or past the end").format(
                    number=options.header_row
                ),
                _("give the number of the row that names the columns"),
            )
    elif chosen is None:
        chosen = filled[0]
    rest = [text for number, text in ahead if number > chosen[0]]
    return chosen[0], chosen[1], itertools.chain(rest, texts)


def _read_csv(lines: Lines, delimiter: str | None, options: ReadOptions) -> Inventory:
    csv.field_size_limit(MAX_CELL_CHARS)
    lines.universal = True
    chosen = options.chosen
    number, first, texts = _header_line(lines, delimiter, options)
    # Lines before the header are not the reader's: line numbers count them.
    offset = number - 1
    record = _Record(itertools.chain([first], texts), _delimiter(first, delimiter))
    reader = csv.reader(record, delimiter=record.delimiter, strict=False)
    try:
        header = next(reader)
    except csv.Error as error:
        raise InputError(
            _("cannot read the CSV header: {error}").format(error=error),
            _("give a CSV file whose first row names the columns"),
        ) from None
    problem = lines.problem(1, offset + reader.line_num)
    if problem is not None:
        raise InputError(
            _("cannot read the CSV header: {problem}").format(problem=problem),
            _("give a CSV file whose first row names the columns"),
        )
    columns = [name.strip() for name in header]
    inventory = Inventory(columns)
    record.texts.clear()
    inventory.rows = _csv_rows(inventory, lines, reader, record, fact_indexes(columns, chosen))
    if options.header_row is None and number > 1:
        inventory.notes.append(header_found_note(number))
    return inventory


class _Record:
    """The lines csv.reader reads, with those of the record being read kept: when the reader
    gives up inside a quoted cell (one over the size limit), the rest of that record is
    skipped here, so that its lines do not come back as rows of their own."""

    def __init__(self, texts: Iterator[str], delimiter: str) -> None:
        self._texts = texts
        self.delimiter = delimiter
        self.texts: list[str] = []

    def __iter__(self) -> _Record:
        return self

    def __next__(self) -> str:
        text = next(self._texts)
        self.texts.append(text)
        return text

    def skip_rest(self) -> None:
        """After a csv.Error: read on to the end of the record the reader gave up on."""
        quotes = _Quotes(self.delimiter)
        for text in self.texts:
            quotes.feed(text)
        while quotes.inside and (more := next(self._texts, None)) is not None:
            quotes.feed(more)
        self.texts.clear()


class _Quotes:
    """Whether CSV text, fed a line at a time, is inside a quoted cell, as csv.reader reads it
    (a quote opens a cell only at its start; two quotes inside one stand for one)."""

    def __init__(self, delimiter: str) -> None:
        self.inside = False
        self._at_start = True
        self._opening = re.compile(f'[{re.escape(delimiter)}\r\n]"')
        self._ends = (delimiter, "\r", "\n")

    def feed(self, text: str) -> None:
        position = 0
        while position < len(text):
            if self.inside:
                end = text.find('"', position)
                if end < 0:
                    return
                if text.startswith('"', end + 1):
                    position = end + 2
                    continue
                self.inside, self._at_start, position = False, False, end + 1
                continue
            if self._at_start and text.startswith('"', position):
                self.inside, position = True, position + 1
                continue
            found = self._opening.search(text, position)
            if found is None:
                self._at_start = text.endswith(self._ends)
                return
            self.inside, position = True, found.end()


def _csv_rows(
    inventory: Inventory, lines: Lines, reader: Any, record: _Record, indexes: list[int]
) -> Iterator[Row]:
    width = len(inventory.columns)
    blank = [""] * width
    # Lines counts every physical line, those the reader skipped with a bad record too.
    previous = lines.number
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # What the reader had read of the record is all that is left of its cells.
            read = "".join(record.texts)
            record.skip_rest()
            first, previous = previous + 1, lines.number
            lines.problem(first, previous)
            text = _("cannot read the row as CSV: {error}: {text}").format(
                error=error, text=shown_text(read)
            )
            yield Row(first, blank, _facts(blank, indexes), problem=text)
            continue
        record.texts.clear()
        first, previous = previous + 1, lines.number
        problem = lines.problem(first, previous)
        # The first cell settles almost every row: only a blank one needs the rest looked at.
        if problem is None and (not cells or not cells[0].strip()) and _blank(cells):
            if cells:
                inventory.skipped += 1  # a row of empty cells: a spreadsheet's blank row
            continue
        cells, lost = _fit(cells, width)
        yield Row(first, cells, _facts(cells, indexes), problem=problem or lost)


def _blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


# -- JSON Lines and JSON arrays -----------------------------------------------------------------


def _fact_keys(columns: list[str], options: ReadOptions) -> list[str]:
    """The key each fact is read from: the first object's key that names it, else its own."""
    return fact_keys(columns, options.chosen)


def _with_extra_keys(columns: list[str], options: ReadOptions) -> list[str]:
    return columns + [key for key in options.extra_keys if key not in columns]


def _read_jsonl(lines: Lines, options: ReadOptions) -> Inventory:
    texts = iter(lines)
    first = next((text for text in texts if text.strip()), None)
    first_object = _json_object(first)[0] if first is not None else None
    columns = list(first_object) if first_object is not None else list(FACT_COLUMNS[:2])
    inventory = Inventory(_with_extra_keys(columns, options))
    remaining = itertools.chain([first] if first is not None else [], texts)
    keys = _fact_keys(inventory.columns, options)
    inventory.rows = _jsonl_rows(inventory, lines, remaining, keys)
    return inventory


def _jsonl_rows(
    inventory: Inventory, lines: Lines, texts: Iterator[str], keys: list[str]
) -> Iterator[Row]:
    columns = inventory.columns
    blank = [""] * len(columns)
    empty_facts = ("",) * len(keys)
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
            yield Row(number, blank, empty_facts, problem=problem)
            continue
        row = _record_row(inventory, number, record, problem, keys)
        if row is not None:
            yield row


def _record_row(
    inventory: Inventory,
    number: int,
    record: dict[str, Any],
    problem: str | None,
    keys: list[str],
) -> Row | None:
    """The row for one JSON object; None (and counted as skipped) when every value is empty."""
    if problem is None and all(value is None or value == "" for value in record.values()):
        inventory.skipped += 1
        return None
    if not record.keys() <= inventory.known:
        for key in record:
            if key not in inventory.known:
                inventory.left_out.setdefault(key)
    cells = [_cell_text(record.get(name)) for name in inventory.columns]
    facts = tuple(_cell_text(record.get(key)) for key in keys)
    return Row(number, cells, facts, record, problem)


def _read_json_array(stream: IO[bytes], encoding: str, options: ReadOptions) -> Inventory:
    data = stream.read(MAX_JSON_ARRAY_BYTES + 1)
    if len(data) > MAX_JSON_ARRAY_BYTES:
        raise InputError(
            _("the JSON array is larger than {size} MiB, and an array is read whole").format(
                size=MAX_JSON_ARRAY_BYTES >> 20
            ),
            _("write it as JSON Lines (one object a line), which is read a row at a time"),
        )
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
        items = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError(
            _("cannot read the JSON: {error}").format(error=error),
            _("give an array of objects, [{…}, {…}], or JSON Lines"),
        ) from None
    if not isinstance(items, list):
        raise InputError(
            _("the JSON is not an array of objects"),
            _("give an array of objects, [{…}, {…}], or JSON Lines"),
        )
    # The whole array is in memory already: its columns are every key of every object.
    seen: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            seen.update(dict.fromkeys(item))
    inventory = Inventory(_with_extra_keys(list(seen), options))
    keys = _fact_keys(inventory.columns, options)
    # Only an escape can put a lone surrogate in JSON text: most arrays have none to look for.
    escaped = "\\u" in text.casefold()
    inventory.rows = _json_array_rows(inventory, items, keys, escaped=escaped)
    return inventory


def _json_array_rows(
    inventory: Inventory, items: list[Any], keys: list[str], *, escaped: bool
) -> Iterator[Row]:
    blank = [""] * len(inventory.columns)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            not_object = _("item {number} is not a JSON object").format(number=number)
            yield Row(number, blank, ("",) * len(keys), problem=not_object)
            continue
        problem = _surrogate_in(item) if escaped else None
        row = _record_row(inventory, number, item, problem, keys)
        if row is not None:
            yield row


def _json_object(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The object on a line (None if there is none), and why it cannot be answered: a line
    that is none says its text, its cells being lost with it."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return None, _(
            "the line is not valid JSON (at character {column}): {text}; "
            "write one {{…}} object a line"
        ).format(column=error.colno, text=shown_text(text))
    except (ValueError, RecursionError):
        # ValueError: a number of more digits than Python converts.
        return None, _("the line is not valid JSON: {text}; write one {{…}} object a line").format(
            text=shown_text(text)
        )
    if not isinstance(value, dict):
        return None, _(
            "the line is not a JSON object: {text}; write one {{…}} object a line"
        ).format(text=shown_text(text))
    if "\\u" in text.casefold():
        return value, _surrogate_in(value)
    return value, None


# How much of an unreadable line its error shows: enough to find the watch by.
SHOWN_CHARACTERS = 80


def shown_text(text: str) -> str:
    """A line that could not be read, as its error shows it: quoted, its control characters
    escaped, and cut short with … when long."""
    text = text.rstrip("\r\n")
    if len(text) > SHOWN_CHARACTERS:
        return repr(text[:SHOWN_CHARACTERS]) + "…"
    return repr(text)


def _surrogate_in(value: dict[str, Any]) -> str | None:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # Kept, to be written back escaped, but not answered: no brand or date holds one.
        return _("the line holds a lone UTF-16 surrogate (\\ud800 to \\udfff)")
    return None


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


# -- xlsx -------------------------------------------------------------------------------------


def _read_xlsx(binary: IO[bytes], options: ReadOptions, name: str) -> Inventory:
    from watchwarranty.batch.workbook import open_sheet, sheet_rows, sheet_size

    workbook, worksheet = open_sheet(binary, options.sheet, name)
    rows = sheet_rows(worksheet, name)
    try:
        number, names, rows = _sheet_header(rows, options)
        indexes = fact_indexes(names, options.chosen)
    except InputError:
        workbook.close()
        raise
    inventory = Inventory(names, close=workbook.close)
    if options.header_row is None and number > 1:
        inventory.notes.append(header_found_note(number))
    inventory.rows = _xlsx_rows(inventory, rows, indexes, serial_dates=options.serial_dates)
    total = sheet_size(worksheet)
    if total:
        inventory.share = lambda: min(inventory.sheet_row / total, 1.0)
    return inventory


def _sheet_header(
    rows: Iterator[tuple[int, tuple[Any, ...]]], options: ReadOptions
) -> tuple[int, list[str], Iterator[tuple[int, tuple[Any, ...]]]]:
    """The header row's number and names, and the rows after it: the row --header-row names,
    else the first of the first rows that names the brand and purchase date columns (a title
    row, often merged, may stand above it), else the first row that is not empty."""
    from watchwarranty.batch.workbook import cell_text

    def names_of(values: tuple[Any, ...]) -> list[str]:
        names = [cell_text(value).strip() for value in values]
        while names and not names[-1]:
            names.pop()  # columns a spreadsheet formatted but never filled
        return names

    ahead: list[tuple[int, tuple[Any, ...]]] = []
    limit = options.header_row or HEADER_SEARCH_ROWS
    chosen: tuple[int, tuple[Any, ...]] | None = None
    for number, values in rows:
        ahead.append((number, values))
        if options.header_row is None and names_facts(names_of(values), options.chosen):
            chosen = ahead[-1]
            break
        if number >= limit:
            break
    filled = [(number, values) for number, values in ahead if names_of(values)]
    if not filled:
        raise InputError(
            _("the sheet is empty"), _("give a sheet whose first row names the columns")
        )
    if options.header_row is not None:
        chosen = next((pair for pair in filled if pair[0] == options.header_row), None)
        if chosen is None:
            raise InputError(
                _("--header-row {number}: row {number} is empty or past the end").format(
                    number=options.header_row
                ),
                _("give the number of the row that names the columns"),
            )
    elif chosen is None:
        chosen = filled[0]
    rest = [pair for pair in ahead if pair[0] > chosen[0]]
    return chosen[0], names_of(chosen[1]), itertools.chain(rest, rows)


def _xlsx_rows(
    inventory: Inventory,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    indexes: list[int],
    *,
    serial_dates: bool,
) -> Iterator[Row]:
    from watchwarranty.batch.workbook import cell_text, date_cell_text

    width = len(inventory.columns)
    dates = [
        indexes[FACT_COLUMNS.index(name)]
        for name in DATE_COLUMNS
        if indexes[FACT_COLUMNS.index(name)] >= 0
    ]
    try:
        for number, values in rows:
            inventory.sheet_row = number
            if all(value is None or value == "" for value in values):
                inventory.skipped += 1
                continue
            cells = [cell_text(value) for value in values]
            problem = None
            for index in dates:
                if index < len(values):
                    cells[index], wrong = date_cell_text(values[index], serial_dates=serial_dates)
                    problem = problem or wrong
            cells, lost = _fit(cells, width)
            kept = [*values[:width], *[None] * (width - len(values))]
            for index in dates:
                kept[index] = cells[index]  # as read: a date's ISO text, or the refused number
            yield Row(number, cells, _facts(cells, indexes), None, problem or lost, kept)
    finally:
        inventory.close()
