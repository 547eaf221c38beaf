"""Reading dates the way owners write them.

Refuses to guess: a numeric date that reads two ways, a two-digit year, or a date with a part
missing is an error that says how to write it instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from watchwarranty.errors import DateError
from watchwarranty.i18n import N_, _, month_name

_HINT = N_("write it as YYYY-MM-DD, e.g. 2020-03-01")
# The patterns are text, compiled by re on first use and cached there: compiling them all at
# import took ~2 ms of every start, and most runs read dates written one way.
_YEAR_FIRST = r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
_CHINESE = r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"
_YEAR_LAST = r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})"
_TWO_DIGIT_YEAR = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}|\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
_FOUR_DIGITS = r"(?<!\d)\d{4}(?!\d)"
_LETTERS = r"[^\W\d_]"
_SPACES = r"\s+"
# Excel and pandas write a date cell saved as text with its time of day (zero for a date),
# point-of-sale exports with the time of the sale: the day is the date. Chinese and Taiwanese
# Windows put 上午 or 下午 (a.m., p.m.) before the time (2023/01/03 下午 02:25:00), English
# Windows AM or PM after it.
_TIME_OF_DAY = (
    r"(.+?)(?:(?:[ T]|(?=[上下]午))\s*(?:[上下]午\s*|[AaPp]\.?[Mm]\.?\s+)?"
    r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)"
)
_ISO_BASIC = r"((?:19|20)\d\d)(\d\d)(\d\d)"
# 民國 (ROC) years, as Taiwan writes them: year 1 is 1912. Written with 民國 (or 民国, or
# 中華民國 in full) a date is always read so. Without it, a year of two or three digits
# first (112/1/3, 112.01.03, 1120103, 112年1月3日) is read as a 民國 year only under
# --roc-years (or in a batch column whose header says 民國): no Gregorian date since 1900 is
# written with a year of fewer than four digits, so the form cannot be mistaken for another
# one; it is refused otherwise, saying so.
ROC_OFFSET = 1911
_ROC_MARK = r"(?:中[華华])?民[國国](.+)"
_ROC_YEAR_FIRST = r"(\d{1,3})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})[日号號]?)"
_ROC_BASIC = r"(\d{3})(\d{2})(\d{2})"
_SHORT_YEAR_FIRST = r"\d{2,3}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}[日号號]?)|\d{7}"
_THREE_DIGIT_YEAR_FIRST = r"\d{3}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}[日号號]?)|\d{7}"


class DateOrder(StrEnum):
    """The ``--date-order`` choices: how a file writes 03/01/2020."""

    DMY = "dmy"
    MDY = "mdy"


_order: DateOrder | None = None
_roc = False


@contextmanager
def roc_years_of(*, roc: bool) -> Iterator[None]:
    """Read a year of two or three digits first as a 民國 year inside the block."""
    global _roc
    previous, _roc = _roc, roc
    try:
        yield
    finally:
        _roc = previous


def forget_command_options() -> None:
    """Back to no --date-order and no --roc-years: a run starts from these, whatever a run
    before it in the same process left (a command that failed before its context closed)."""
    global _roc, _order
    _roc, _order = False, None


def roc_years_for_command(context: Any, _parameter: Any, roc: bool) -> Any:  # noqa: FBT001
    """The ``--roc-years`` option's callback: holds until the command's context closes."""
    manager = roc_years_of(roc=roc)
    manager.__enter__()
    context.call_on_close(lambda: manager.__exit__(None, None, None))
    return roc


def roc_marked(text: str) -> str:
    """A date cell of a column that holds 民國 years, marked so (民國112/1/3); a date written
    with a four-digit year, or already marked, is left as it is."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if time_of_day := re.fullmatch(_TIME_OF_DAY, folded):
        folded = time_of_day[1]  # 112/1/3 下午 02:25:00: the day is what is marked
    folded = re.sub(_SPACES, "", folded)
    return f"民國{folded}" if re.fullmatch(_SHORT_YEAR_FIRST, folded) else text


@contextmanager
def date_order_of(order: DateOrder | None) -> Iterator[None]:
    """Read slash and dot dates in ``order`` inside the block."""
    global _order
    previous, _order = _order, order
    try:
        yield
    finally:
        _order = previous


def date_order_for_command(context: Any, _parameter: Any, order: DateOrder | None) -> Any:
    """The ``--date-order`` option's callback: the order holds until the command's context
    closes, so one command's order never reaches the next one run in the same process."""
    manager = date_order_of(order)
    manager.__enter__()
    context.call_on_close(lambda: manager.__exit__(None, None, None))
    return order


def given_date_order() -> DateOrder | None:
    """The order --date-order gave (or the block of ``date_order_of`` is in), if any."""
    return _order


def order_shown(text: str) -> DateOrder | None:
    """The order a day-month-year date such as 15/02/2022 can only be read in; None for a
    date that reads either way (03/01/2023) or is not written so."""
    shown = day_month_reading(text)
    return shown if isinstance(shown, DateOrder) else None


@lru_cache(maxsize=8192)
def day_month_reading(text: str) -> DateOrder | bool:
    """How a day-month-year date reads: in one order only, both ways (True), or it is not
    one (False)."""
    if not text or (len(text) == 10 and text[4] == "-"):
        return False  # empty, or ISO: most cells, told at once
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if time_of_day := re.fullmatch(_TIME_OF_DAY, cleaned):
        cleaned = time_of_day[1]
    match = re.fullmatch(_YEAR_LAST, re.sub(_SPACES, "", cleaned))
    if match is None:
        return False
    first, second = int(match[1]), int(match[3])
    if first > 12 >= second >= 1:
        return DateOrder.DMY
    if second > 12 >= first >= 1:
        return DateOrder.MDY
    return first != second and 1 <= first <= 12 and 1 <= second <= 12


def parse_date(text: str) -> date:
    """Read a date given as ISO, ``2020/03/01``, ``2020.03.01``, ``2020年3月1日``,
    ``1 March 2020``, ``March 1, 2020``, ``20200301``, ``2020-03-01 00:00:00`` or an
    unmistakable ``13/05/2020`` (any ``03/01/2020`` under a ``date_order``); or ``today``,
    ``yesterday`` (今天, 昨天).

    Raises DateError, naming both readings when day and month could be swapped.
    """
    days_ago = _DAYS_AGO.get(text.strip().casefold())
    if days_ago is not None:
        return today() - timedelta(days=days_ago)
    return _parse_date(text, _order, _roc)


# A shop checks a watch on the day it sells it, or the day after.
_DAYS_AGO = {"today": 0, "yesterday": 1, "今天": 0, "今日": 0, "昨天": 1, "昨日": 1}


def today() -> date:
    """Today's date: the one place the clock is read."""
    # The owner's calendar day is the local one, which is what a naive date.today() gives.
    return date.today()  # noqa: DTZ011


# The order is part of the key: one process (a test run) may read under several.
@lru_cache(maxsize=8192)
def _parse_date(text: str, order: DateOrder | None, roc: bool) -> date:  # noqa: FBT001
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        # Most dates are ISO already (every batch row has one or two): read those at C speed.
        # Only a real date is taken here; anything else gets the full reading and its message.
        try:
            return _not_too_early(text, date.fromisoformat(text))
        except ValueError:
            pass
    # NFKC folds full-width digits and the ideographic space; ASCII it leaves as it is.
    cleaned = (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()
    if time_of_day := re.fullmatch(_TIME_OF_DAY, cleaned):
        cleaned = time_of_day[1]
    compact = re.sub(_SPACES, "", cleaned)
    if not compact:
        raise DateError(_("the date is empty"), _(_HINT))
    if marked := re.fullmatch(_ROC_MARK, compact):
        return _roc_date(text, marked[1])
    if roc and re.fullmatch(_SHORT_YEAR_FIRST, compact):
        return _roc_date(text, compact)
    if match := re.fullmatch(_YEAR_FIRST, compact):
        return _make(text, int(match[1]), int(match[3]), int(match[4]))
    if match := re.fullmatch(_CHINESE, compact):
        return _make(text, int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(_YEAR_LAST, compact):
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if order is DateOrder.DMY:
            return _make(text, year, second, first)
        if order is DateOrder.MDY:
            return _make(text, year, first, second)
        return _day_month_year(text, first, second, year)
    if match := re.fullmatch(_ISO_BASIC, compact):
        return _make(text, int(match[1]), int(match[2]), int(match[3]))
    if re.fullmatch(_THREE_DIGIT_YEAR_FIRST, compact):
        raise DateError(
            _("date {text!r} has a three-digit year").format(text=text),
            _(
                "if it is a 民國 (ROC) year, pass --roc-years or write it as 民國112年1月3日; "
                "else write it as YYYY-MM-DD"
            ),
        )
    if re.fullmatch(_TWO_DIGIT_YEAR, compact):
        raise DateError(_("date {text!r} has a two-digit year").format(text=text), _(_HINT))
    if re.search(_LETTERS, cleaned):
        return _parse_words(text, cleaned)
    raise DateError(_("cannot read {text!r} as a date").format(text=text), _(_HINT))


def _roc_date(text: str, rest: str) -> date:
    if match := re.fullmatch(_ROC_YEAR_FIRST, rest):
        year = int(match[1]) + ROC_OFFSET
        if match[2]:
            return _make(text, year, int(match[3]), int(match[4]))
        return _make(text, year, int(match[5]), int(match[6]))
    if match := re.fullmatch(_ROC_BASIC, rest):
        return _make(text, int(match[1]) + ROC_OFFSET, int(match[2]), int(match[3]))
    raise DateError(
        _("cannot read {text!r} as a 民國 (ROC) date").format(text=text),
        _("write it as 民國112年1月3日 or 112/1/3, or as YYYY-MM-DD"),
    )


# No maker's warranty reaches back further; an older year is a typing slip.
EARLIEST_YEAR = 1900


def _make(text: str, year: int, month: int, day: int) -> date:
    try:
        made = date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            # Only this error needs it: importing calendar (and locale) cost every run ~1.5 ms.
            import calendar

            days = calendar.monthrange(year, month)[1]
            detail = _("{month_name} {year} has {days} days").format(
                month_name=month_name(month), year=year, days=days
            )
        else:
            detail = _("there is no month {month}").format(month=month)
        raise DateError(
            _("{text!r} is not a real date: {detail}").format(text=text, detail=detail), _(_HINT)
        ) from None
    return _not_too_early(text, made)


def _not_too_early(text: str, day: date) -> date:
    if day.year < EARLIEST_YEAR:
        raise DateError(
            _("date {text!r} is before 1900").format(text=text),
            _("check the year; write the date as YYYY-MM-DD"),
        )
    return day


def _day_month_year(text: str, first: int, second: int, year: int) -> date:
    if first <= 12 and second <= 12 and first != second:
        day_first = _make(text, year, second, first)
        month_first = _make(text, year, first, second)
        raise DateError(
            _("date {text!r} is ambiguous: it could be {first} or {second}").format(
                text=text, first=day_first.isoformat(), second=month_first.isoformat()
            ),
            _("write it as YYYY-MM-DD, or pass --date-order dmy or mdy"),
        )
    if first > 12:
        return _make(text, year, second, first)
    return _make(text, year, first, second)


def _parse_words(text: str, cleaned: str) -> date:
    # Imported here: dateutil.parser costs tens of milliseconds and most dates are numeric.
    from dateutil import parser

    if not re.search(_FOUR_DIGITS, cleaned):
        raise DateError(_("date {text!r} has no four-digit year").format(text=text), _(_HINT))
    # dateutil fills a missing day or month from its default; parsing against two different
    # defaults exposes any part the text left out.
    try:
        first = parser.parse(cleaned, default=_real_default(1))
        second = parser.parse(cleaned, default=_real_default(2))
    except (ValueError, OverflowError):
        raise DateError(_("cannot read {text!r} as a date").format(text=text), _(_HINT)) from None
    if first != second:
        raise DateError(_("date {text!r} is missing its day or month").format(text=text), _(_HINT))
    if first.hour or first.minute or first.second or first.tzinfo:
        raise DateError(_("date {text!r} has a time in it").format(text=text), _(_HINT))
    return _not_too_early(text, first.date())


def _real_default(variant: int) -> datetime:
    # A naive datetime is what dateutil wants as a default; no clock or zone is involved.
    return datetime(2000 + variant, variant, variant)  # noqa: DTZ001
