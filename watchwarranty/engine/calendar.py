"""Warranty date arithmetic: a length of cover from a day, in calendar months."""

from __future__ import annotations

from datetime import date

from watchwarranty.errors import DateError
from watchwarranty.i18n import _
from watchwarranty.model import Duration

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_duration(start: date, length: Duration) -> date:
    """The day a warranty of ``length`` from ``start`` ends (the anniversary, covered in full).

    Calendar months, clamped to the month's last day as dateutil's relativedelta does: a watch
    bought on 29 February ends on 28 February of a common year. Written out because it runs
    for every batch row.
    """
    return add_months(start, length.total_months)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole calendar months (backwards when negative), clamped likewise."""
    months += start.month - 1
    year = start.year + months // 12
    month = months % 12 + 1
    if not 1 <= year <= 9999:
        # A date Python cannot hold is an answer nobody can use, never a crash.
        raise DateError(
            _("{start} and {months} months is past 9999-12-31, too far in the future").format(
                start=start.isoformat(), months=months - start.month + 1
            ),
            _("check the dates and durations given"),
        )
    return date(year, month, min(start.day, _month_days(year, month)))
