"""Whole inventories: rows of CSV or JSON Lines in, one result per row out, streaming.

A bad row becomes a result with an error message (the same one `check` would print); it never
stops the run. Only a problem with the run itself (no brand column, undecodable input) raises.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from .dates import add_months, months_between, parse_date
from .engine import Sensitivity, evaluate, sensitivity
from .errors import InputError, UnknownBrandError, WatchWarrantyError
from .i18n import _
from .inputs import build_purchase, parse_movement
from .model import ELSEWHERE, Brand, Purchase, RuleBook, Verdict
from .rules import find_brand, find_store

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
# Each cache holds at most this many entries, so that memory stays flat on any inventory.
CACHE_ROWS = 16_384
# Rows that go through the engine one by one (bad rows, mostly) seldom repeat: a few are kept.
ROWS_KEPT = 1024
# Purchase dates over decades, in several spellings, each with a few expiries.
DAYS_KEPT = 65_536


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


class Layout(NamedTuple):
    """How an input's rows are laid out: its format, its columns, and for CSV which cells hold
    the engine's facts."""

    input_format: InputFormat
    columns: list[str]
    facts_of: Callable[[list[str]], tuple[str, ...]] | None = None


def csv_layout(header: list[str] | None) -> Layout:
    """The layout of a CSV input with this header row; InputError if it cannot be a batch."""
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
    # A column the header lacks reads as an empty cell put after the row's last.
    pick = itemgetter(*(header.index(name) if name in header else -1 for name in FACT_COLUMNS))
    if all(name in header for name in FACT_COLUMNS):
        return Layout(InputFormat.CSV, header, pick)
    return Layout(InputFormat.CSV, header, lambda cells: pick([*cells, ""]))


def jsonl_layout(first_line: str | None) -> Layout:
    """The layout of a JSON Lines input whose first non-blank line is this one: its columns
    are the keys of that line's object."""
    first_object = _json_object(first_line) if first_line is not None else None
    columns = list(first_object) if isinstance(first_object, dict) else list(REQUIRED_COLUMNS)
    return Layout(InputFormat.JSONL, columns)


def rows_in(layout: Layout, lines: Iterable[str], lines_before: int) -> Iterator[Row]:
    """The rows in ``lines`` (whole rows), numbered from the line after ``lines_before``."""
    if layout.input_format is InputFormat.CSV:
        return _csv_rows(layout, csv.reader(lines), lines_before)
    return _jsonl_rows(layout, lines, lines_before)


def _csv_rows(layout: Layout, reader: Iterator[list[str]], lines_before: int) -> Iterator[Row]:
    assert layout.facts_of is not None
    facts_of = layout.facts_of
    width = len(layout.columns)
    for cells in reader:
        if not cells:
            continue
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        yield Row(lines_before + reader.line_num, cells, facts_of(cells))  # type: ignore[attr-defined]


def _jsonl_rows(layout: Layout, lines: Iterable[str], lines_before: int) -> Iterator[Row]:
    columns = layout.columns
    blank = ("",) * len(FACT_COLUMNS)
    for number, text in enumerate(lines, lines_before + 1):
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


def _flags(cells: tuple[str, str, str]) -> tuple[bool | None, ...]:
    """The registered, second_hand and marketing_consent cells, read."""
    registered, second, consent = cells
    return (
        _flag("registered", registered, empty=None),
        _flag("second_hand", second, empty=False),
        _flag("marketing_consent", consent, empty=True),
    )


def _region(text: str) -> str | None:
    if not text.strip():
        return None
    from .regions import parse_region  # the table of names loads only when one is given

    return parse_region(text.strip())


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


class _Shape(NamedTuple):
    """An answer with each date as a month count after the purchase date (None: no date)."""

    brand_name: str
    status: str
    base: int
    extended: int | None
    effective: int
    register_by: int | None
    if_registered: int | None


# The shape of answers whose dates do not follow the purchase date: such rows are evaluated
# one by one.
_ONE_BY_ONE = _Shape("", "", 0, None, 0, None, None)
# A cell not read yet, and one that cannot be read where None is a value (no region given).
_UNSEEN: Any = object()
_UNREADABLE: Any = object()


class _Day(NamedTuple):
    """A purchase date, its ISO form, and the days some months after it as output cells (ISO
    date, days left), worked out as rows need them."""

    day: date
    iso: str
    later: dict[int, tuple[str, str]]


class _BrandReading(NamedTuple):
    """A brand, and what its answers depend on."""

    brand: Brand
    sensitivity: Sensitivity


class _Profile(NamedTuple):
    """A number for a row's brand and those of its region, movement and store that the
    brand's rules read (never reused); with what the brand's answers depend on, and those
    facts as a purchase (None when its store and region contradict each other)."""

    id: int
    sensitivity: Sensitivity
    brand: Brand
    given: Purchase | None


class _Reading(NamedTuple):
    """A number for a profile with the yes/no facts its rules read and whether a registration
    date is given (never reused); with the purchase days and registration dates that divide
    its answers."""

    id: int
    sensitivity: Sensitivity
    # Its base covers' lengths in months, for the deadlines of registration.
    base_months: tuple[int, ...]


class Evaluator:
    """Evaluates rows against one rule book on one day, remembering answers it has given.

    Rows that agree on the facts their brand's rules read and differ only in their dates get
    answers of one shape between the engine's boundaries (see ``engine.sensitivity``): each
    shape goes through the engine once and is then moved to each row's purchase date. Rows
    with something the engine must refuse, and rows kept for their verdicts, go through the
    engine one by one, with identical rows evaluated once.
    """

    def __init__(self, rules: RuleBook, *, as_of: date) -> None:
        self.rules = rules
        self.as_of = as_of
        self._cached = lru_cache(maxsize=ROWS_KEPT)(self._evaluate_kept)
        self.keep_verdicts = False
        # How many rows went through the engine: the cost the caches below are there to cut.
        self.evaluations = 0
        # What each spelling of a cell says, read once (or _UNREADABLE, and the engine will
        # say why; for dates, None).
        self._brands: dict[str, _BrandReading] = {}
        self._regions: dict[str, str | None] = {}
        self._movements: dict[str, str | None] = {}
        self._flags: dict[tuple[str, str, str], tuple[bool | None, ...]] = {}
        self._masked_flags: dict[tuple[object, ...], tuple[bool | None, ...]] = {}
        # By the spellings of brand, region, movement and store, the facts the rules read.
        self._profiles: dict[tuple[str, ...], _Profile] = {}
        self._profile_numbers: dict[tuple[object, ...], _Profile] = {}
        # By a profile and the spellings of its yes/no cells, the reading they make.
        self._readings: dict[tuple[object, ...], _Reading] = {}
        self._reading_numbers: dict[tuple[object, ...], _Reading] = {}
        self._sensitivities: dict[tuple[object, ...], Sensitivity] = {}
        self._numbers = itertools.count()
        self._days: dict[str, _Day | None] = {}
        self._dates: dict[date, _Day] = {}
        self._shapes: dict[tuple[object, ...], _Shape] = {}
        self._brand_errors: dict[str, UnknownBrandError] = {}

    def answer(self, row: Row) -> Result:
        """The row's result; each shape of answer is evaluated once."""
        if row.problem is not None:
            return Result(error=row.problem)
        return self.answer_facts(row.facts)

    def answer_facts(self, facts: tuple[str, ...]) -> Result:
        """The result for a row's facts (the cells of FACT_COLUMNS, in that order)."""
        # Every row of a batch comes through here: the common way through is written out in
        # one function, each lookup and call saved being one saved for every row.
        if self.keep_verdicts:
            return self._cached(facts)[0]
        brand, day, region, registered, registered_text, movement, store, second, consent = facts
        profile = self._profiles.get((brand, region, movement, store), _UNSEEN)
        if profile is _UNSEEN:
            profile = self._profile(brand, region, movement, store)
        bought = self._days.get(day, _UNSEEN)
        if bought is _UNSEEN:
            bought = self._day(day)
        if profile is _UNREADABLE or bought is None:
            return self._cached(facts)[0]
        dated = registered_text != ""
        reading = self._readings.get((profile.id, registered, second, consent, dated), _UNSEEN)
        if reading is _UNSEEN:
            reading = self._reading(profile, registered, second, consent, dated=dated)
        if reading is _UNREADABLE:
            return self._cached(facts)[0]
        depends = reading.sensitivity
        key: tuple[object, ...]
        if dated:
            registration = self._registration(reading, bought, registered_text)
            if registration is None:
                return self._cached(facts)[0]
            key = (reading.id, bisect_right(depends.purchase, bought.day), registration)
        else:
            key = (reading.id, bisect_right(depends.purchase, bought.day))
        shape = self._shapes.get(key)
        if shape is None:
            return self._learn(facts, key)
        if shape is _ONE_BY_ONE:
            return self._cached(facts)[0]
        return self._moved(shape, bought)

    def verdict(self, row: Row) -> Verdict | None:
        """The row's verdict (None for a bad row), when ``keep_verdicts`` was set first."""
        if row.problem is not None:
            return None
        return self._cached(row.facts)[1]

    def _registration(
        self, reading: _Reading, bought: _Day, registered_text: str
    ) -> tuple[object, ...] | None:
        """Where a known registration date falls among the brand's registration boundaries;
        None when it cannot be read or comes before the purchase."""
        registered_on = self._days.get(registered_text, _UNSEEN)
        if registered_on is _UNSEEN:
            registered_on = self._day(registered_text)
        if registered_on is None or registered_on.day < bought.day:
            return None
        # Whether it came in time for each base cover's end: ISO dates compare as text, and
        # the cover's end is kept with the purchase date for its output cells anyway.
        registered_iso = registered_on.iso
        later = bought.later
        return (
            bisect_right(reading.sensitivity.registration_opens, registered_on.day),
            *[
                registered_iso <= (later.get(months) or self._later(bought, months))[0]
                for months in reading.base_months
            ],
        )

    def _profile(self, brand_text: str, region: str, movement: str, store: str) -> _Profile:
        """The row's brand, and those of its region, movement and store the brand's rules
        read, under a number; _UNREADABLE if a cell cannot be read."""
        reading = self._brands.get(brand_text) or self._read(
            self._brands, brand_text, self._brand_reading
        )
        region_code = self._regions.get(region, _UNSEEN)
        if region_code is _UNSEEN:
            region_code = self._read(self._regions, region, _region)
        movement_id = self._movements.get(movement, _UNSEEN)
        if movement_id is _UNSEEN:
            movement_id = self._read(self._movements, movement, self._movement)
        if _UNREADABLE in (reading, region_code, movement_id):
            profile: _Profile = _UNREADABLE
        else:
            brand, depends = reading
            used = depends.facts
            store_read = None
            if store.strip() and "store" in used:
                # A shop the rules do not name still differs from none: it rules theirs out.
                found = find_store(brand, store.strip())
                store_read = (True, found.id if found is not None else None)
            if region_code is not None and region_code not in depends.regions:
                region_code = ELSEWHERE
            region_read = region_code if "region" in used else None
            movement_read = depends.movements.get(movement_id) if "movement" in used else None
            facts = (brand.id, region_read, movement_read, store_read)
            # Shapes are keyed by a number for the facts, quicker to look up than the facts.
            known = self._profile_numbers.get(facts)
            if known is not None:
                profile = known
            else:
                given: Purchase | None = Purchase(
                    brand.id,
                    self.as_of,
                    region=region_read,
                    movement=movement_read,
                    store=store.strip() if store_read is not None else None,
                )
                try:
                    depends = sensitivity(brand, self.rules, self.as_of, given)
                except WatchWarrantyError:
                    given = None  # a store in another region: every row of it is refused
                profile = _Profile(next(self._numbers), depends, brand, given)
                _bounded(self._profile_numbers)[facts] = profile
        # The same few spellings recur in thousands of keys: keep one copy of each.
        key = tuple(map(sys.intern, (brand_text, region, movement, store)))
        _bounded(self._profiles)[key] = profile
        return profile

    def _reading(
        self, profile: _Profile, registered: str, second: str, consent: str, *, dated: bool
    ) -> _Reading:
        """The profile with the yes/no cells its rules read, under a number; _UNREADABLE if
        one cannot be read."""
        used = profile.sensitivity.facts
        flags = self._masked_flags.get((used, registered, second, consent), _UNSEEN)
        if flags is _UNSEEN:
            flags = self._masked(used, registered, second, consent)
        reading: _Reading = _UNREADABLE
        if flags is not _UNREADABLE:
            key = (profile.id, flags, dated)
            reading = self._reading_numbers.get(key, _UNSEEN)
            if reading is _UNSEEN:
                depends = self._earning(profile, flags, dated=dated)
                base_months = tuple(base.total_months for base in depends.bases)
                reading = _Reading(next(self._numbers), depends, base_months)
                _bounded(self._reading_numbers)[key] = reading
        _bounded(self._readings)[(profile.id, registered, second, consent, dated)] = reading
        return reading

    def _earning(
        self, profile: _Profile, flags: tuple[bool | None, ...], *, dated: bool
    ) -> Sensitivity:
        """What answers depend on for rows of the profile with these yes/no facts: only the
        rules they can meet, and the extensions they can earn, divide their purchase days."""
        if profile.given is None:
            return profile.sensitivity
        registered, second_hand, marketing_consent = flags
        # The engine reads no more of these facts than this (see engine._earnable).
        given = profile.given._replace(
            registered=dated or bool(registered),
            second_hand=bool(second_hand),
            marketing_consent=marketing_consent is not False,
        )
        key = (profile.id, given.registered, given.second_hand, given.marketing_consent)
        depends = self._sensitivities.get(key)
        if depends is None:
            depends = sensitivity(profile.brand, self.rules, self.as_of, given)
            _bounded(self._sensitivities)[key] = depends
        return depends

    def _masked(
        self, used: frozenset[str], registered: str, second: str, consent: str
    ) -> tuple[bool | None, ...]:
        """The yes/no cells the brand's rules read; _UNREADABLE if one cannot be read."""
        read = self._flags.get((registered, second, consent)) or self._read(
            self._flags, (registered, second, consent), _flags
        )
        masked = read
        if read is not _UNREADABLE:
            names = ("registered", "second_hand", "marketing_consent")
            masked = tuple(
                value if name in used else None for name, value in zip(names, read, strict=True)
            )
        _bounded(self._masked_flags)[(used, registered, second, consent)] = masked
        return masked

    @staticmethod
    def _read(cache: dict[_Key, _Value], text: _Key, read: Callable[[_Key], _Value]) -> _Value:
        """``read(text)``, remembered; _UNREADABLE when it raises a WatchWarrantyError."""
        try:
            value = read(text)
        except WatchWarrantyError:
            value = _UNREADABLE
        _bounded(cache)[text] = value
        return value

    def _brand_reading(self, text: str) -> _BrandReading:
        brand = self._find_brand(self.rules, text)
        return _BrandReading(brand, sensitivity(brand, self.rules, self.as_of))

    def _movement(self, text: str) -> str | None:
        return parse_movement(self.rules, text) if text.strip() else None

    def _day(self, text: str) -> _Day | None:
        try:
            parsed = parse_date(text)
        except WatchWarrantyError:
            day = None
        else:
            # Spellings of one date share the dates worked out from it.
            day = self._dates.get(parsed) or _bounded(self._dates, DAYS_KEPT).setdefault(
                parsed, _Day(parsed, parsed.isoformat(), {})
            )
        _bounded(self._days, DAYS_KEPT)[text] = day
        return day

    def _learn(self, facts: tuple[str, ...], key: tuple[object, ...]) -> Result:
        """Answer through the engine, and remember the shape of the answer for other rows."""
        result, verdict = self._evaluate(facts)
        if verdict is not None:
            shape = _shape_of(verdict)
            day = verdict.purchase.purchased_on
            bought = _Day(day, day.isoformat(), {})
            if shape is None or self._moved(shape, bought) != result:
                shape = _ONE_BY_ONE
            _bounded(self._shapes)[key] = shape
        return result

    def _moved(self, shape: _Shape, bought: _Day) -> Result:
        later = bought.later
        effective, days_left = later.get(shape.effective) or self._later(bought, shape.effective)
        if shape.extended is None:
            base = effective  # no extension earned: the cover runs to the base expiry
        else:
            base = (later.get(shape.base) or self._later(bought, shape.base))[0]
        return Result(
            shape.brand_name,
            base,
            # An earned extension is what the cover runs to (checked as the shape was learnt).
            "" if shape.extended is None else effective,
            effective,
            shape.status,
            days_left,
            ""
            if shape.register_by is None
            else (later.get(shape.register_by) or self._later(bought, shape.register_by))[0],
            ""
            if shape.if_registered is None
            else (later.get(shape.if_registered) or self._later(bought, shape.if_registered))[0],
        )

    def _later(self, bought: _Day, months: int) -> tuple[str, str]:
        day = add_months(bought.day, months)
        later = bought.later[months] = (day.isoformat(), str((day - self.as_of).days))
        return later

    def _find_brand(self, rules: RuleBook, text: str) -> Brand:
        # A misspelt brand recurs through an inventory, and suggesting names for it is slow.
        known = self._brand_errors.get(text)
        if known is not None:
            raise known.with_traceback(None)
        try:
            return find_brand(rules, text)
        except UnknownBrandError as error:
            _bounded(self._brand_errors)[text] = error
            raise

    def _evaluate_kept(self, facts: tuple[str, ...]) -> tuple[Result, Verdict | None]:
        result, verdict = self._evaluate(facts)
        # Verdicts are kept only when asked for (batch --ics), to keep the cache small.
        return result, verdict if self.keep_verdicts else None

    def _evaluate(self, facts: tuple[str, ...]) -> tuple[Result, Verdict | None]:
        self.evaluations += 1
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
                find=self._find_brand,
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
        return result, verdict


def _shape_of(verdict: Verdict) -> _Shape | None:
    """The verdict's dates as month counts after its purchase date; None if one is not."""
    bought = verdict.purchase.purchased_on
    counts = [
        None if day is None else months_between(bought, day)
        for day in (
            verdict.extended_expiry,
            verdict.register_by,
            verdict.expiry_if_registered,
        )
    ]
    base = months_between(bought, verdict.base_expiry)
    effective = months_between(bought, verdict.effective_expiry)
    given = (verdict.extended_expiry, verdict.register_by, verdict.expiry_if_registered)
    if base is None or effective is None:
        return None
    if any(count is None and day is not None for count, day in zip(counts, given, strict=True)):
        return None
    extended, register_by, if_registered = counts
    return _Shape(
        verdict.brand_name, verdict.status, base, extended, effective, register_by, if_registered
    )


_Cache = TypeVar("_Cache", bound=dict[Any, Any])
_Value = TypeVar("_Value")
_Key = TypeVar("_Key")


def _bounded(cache: _Cache, limit: int = CACHE_ROWS) -> _Cache:
    """The cache, emptied first when it has grown to ``limit`` entries (memory stays flat)."""
    if len(cache) >= limit:
        cache.clear()
    return cache
