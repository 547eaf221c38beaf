"""Whole inventories: rows of CSV or JSON Lines in, one result per row out, streaming.

A bad row becomes a result with an error message (the same one `check` would print); it never
stops the run. Only a problem with the run itself (no brand column, undecodable input) raises.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, TextIO

from .dates import parse_date
from .engine import evaluate
from .errors import InputError, WatchWarrantyError
from .i18n import _
from .inputs import build_purchase
from .model import RuleBook, Verdict

# The input columns the engine reads, in the order of the cache key; all others pass through.
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
)
REQUIRED_COLUMNS = ("brand", "purchase_date")
RESULT_COLUMNS = (
    "brand_name",
    "base_expiry",
    "extended_expiry",
    "effective_expiry",
    "status",
    "days_left",
    "register_by",
    "expiry_if_registered",
    "error",
)
_YES = {"true", "yes", "y", "1", "是", "t"}
_NO = {"false", "no", "n", "0", "否", "f"}
# Identical rows cost one evaluation; the bound keeps memory flat on any inventory.
CACHE_ROWS = 16_384


class InputFormat(StrEnum):
    """How batch input is written."""

    CSV = "csv"
    JSONL = "jsonl"

    @staticmethod
    def guess(name: str) -> InputFormat:
        """JSON Lines for .jsonl/.ndjson/.json files, CSV otherwise (and for stdin)."""
        lowered = name.lower()
        if lowered.endswith((".jsonl", ".ndjson", ".json")):
            return InputFormat.JSONL
        return InputFormat.CSV


class Result(NamedTuple):
    """One row's answer as output cells: ISO dates, "" for none, or an error and nothing else."""

    brand_name: str = ""
    base_expiry: str = ""
    extended_expiry: str = ""
    effective_expiry: str = ""
    status: str = ""
    days_left: str = ""
    register_by: str = ""
    expiry_if_registered: str = ""
    error: str = ""


class Row(NamedTuple):
    """An input row: its line, its cells under the input's columns, and the engine's facts.

    ``record`` is the whole JSON object of a JSON Lines row, so keys beyond the columns of the
    first line still pass through; ``problem`` is set when the line could not be read at all.
    """

    line: int
    cells: list[str]
    facts: tuple[str, ...]
    record: dict[str, Any] | None = None
    problem: str | None = None


class Rows(NamedTuple):
    """The input's column names and its rows, read lazily."""

    columns: list[str]
    rows: Iterator[Row]


def read_rows(stream: TextIO, input_format: InputFormat) -> Rows:
    """Read the header (CSV) or nothing (JSON Lines) now, and the rows as they are iterated.

    Raises InputError when the input cannot be a batch (no brand or purchase_date column).
    """
    if input_format is InputFormat.CSV:
        return _read_csv(stream)
    return _read_jsonl(stream)


def _read_csv(stream: TextIO) -> Rows:
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise InputError(_("the input is empty"), _("give a CSV file with a header row"))
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise InputError(
            _("the CSV header has no {columns} column").format(columns=_(" or ").join(missing)),
            _("name the columns in the first row: {columns}").format(
                columns=", ".join(FACT_COLUMNS)
            ),
        )
    width = len(header)
    positions = [header.index(name) if name in header else None for name in FACT_COLUMNS]

    def rows() -> Iterator[Row]:
        for cells in reader:
            if not cells:
                continue
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            yield Row(
                reader.line_num, cells, tuple(cells[i] if i is not None else "" for i in positions)
            )

    return Rows(header, rows())


def _read_jsonl(stream: TextIO) -> Rows:
    # JSON Lines has no header: the columns are those of the first object, plus the facts.
    lines = enumerate(stream, 1)
    first: tuple[int, str] | None = None
    for number, text in lines:
        if text.strip():
            first = (number, text)
            break
    first_object = _json_object(first[1]) if first else None
    columns = list(first_object) if isinstance(first_object, dict) else list(REQUIRED_COLUMNS)

    blank = ("",) * len(FACT_COLUMNS)

    def rows() -> Iterator[Row]:
        pending: Iterable[tuple[int, str]] = [first] if first else []
        for number, text in itertools.chain(pending, lines):
            if not text.strip():
                continue
            record = _json_object(text)
            if not isinstance(record, dict):
                problem = _("the line is not a JSON object; write one {…} object a line")
                yield Row(number, [""] * len(columns), blank, None, problem)
                continue
            cells = [_cell_text(record.get(name)) for name in columns]
            facts = tuple(_cell_text(record.get(name)) for name in FACT_COLUMNS)
            yield Row(number, cells, facts, record)

    return Rows(columns, rows())


def _json_object(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flag(column: str, text: str, *, empty: bool | None) -> bool | None:
    folded = text.strip().casefold()
    if not folded:
        return empty
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise InputError(
        _("{column} {text!r} is not yes or no").format(column=column, text=text),
        _("write true/false, yes/no, 1/0 or 是/否"),
    )


class Evaluator:
    """Evaluates rows against one rule book on one day, remembering answers it has given."""

    def __init__(self, rules: RuleBook, *, as_of: date) -> None:
        self.rules = rules
        self.as_of = as_of
        self._cached = lru_cache(maxsize=CACHE_ROWS)(self._evaluate)
        self.keep_verdicts = False
        # Dates repeat across rows that differ otherwise; parse each spelling once.
        self._parse_date = lru_cache(maxsize=CACHE_ROWS)(parse_date)

    def answer(self, row: Row) -> Result:
        """The row's result; identical facts are evaluated once."""
        if row.problem is not None:
            return Result(error=row.problem)
        return self._cached(row.facts)[0]

    def verdict(self, row: Row) -> Verdict | None:
        """The row's verdict (None for a bad row), when ``keep_verdicts`` was set first."""
        if row.problem is not None:
            return None
        return self._cached(row.facts)[1]

    def _evaluate(self, facts: tuple[str, ...]) -> tuple[Result, Verdict | None]:
        (
            brand,
            purchase_date,
            region,
            registered,
            registered_on,
            movement,
            store,
            second,
            consent,
        ) = facts
        try:
            purchase = build_purchase(
                self.rules,
                brand=brand,
                purchase_date=purchase_date,
                region=region.strip() or None,
                movement=movement.strip() or None,
                store=store.strip() or None,
                registered=_flag("registered", registered, empty=None),
                registered_on=registered_on.strip() or None,
                second_hand=bool(_flag("second_hand", second, empty=False)),
                marketing_consent=bool(_flag("marketing_consent", consent, empty=True)),
                parse=self._parse_date,
            )
            verdict = evaluate(purchase, self.rules, as_of=self.as_of)
        except WatchWarrantyError as error:
            return Result(error=str(error)), None

        def iso(day: date | None) -> str:
            return day.isoformat() if day is not None else ""

        result = Result(
            brand_name=verdict.brand_name,
            base_expiry=iso(verdict.base_expiry),
            extended_expiry=iso(verdict.extended_expiry),
            effective_expiry=iso(verdict.effective_expiry),
            status=verdict.status,
            days_left=str(verdict.days_left),
            register_by=iso(verdict.register_by),
            expiry_if_registered=iso(verdict.expiry_if_registered),
        )
        # Verdicts are kept only when asked for (batch --ics), to keep the cache small.
        return result, verdict if self.keep_verdicts else None
