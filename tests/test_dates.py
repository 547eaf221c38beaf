from __future__ import annotations

import calendar
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from watchwarranty.engine.calendar import add_duration
from watchwarranty.errors import DateError
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import Duration

MONTHS = list(calendar.month_name)[1:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-03-01", date(2020, 3, 1)),
        ("2020/03/01", date(2020, 3, 1)),
        ("2020.3.1", date(2020, 3, 1)),
        ("2020年3月1日", date(2020, 3, 1)),
        ("2020年03月01日", date(2020, 3, 1)),
        ("２０２０年３月１日", date(2020, 3, 1)),
        (" 2020 年 3 月 1 日 ", date(2020, 3, 1)),
        ("1 March 2020", date(2020, 3, 1)),
        ("March 1, 2020", date(2020, 3, 1)),
        ("13/05/2020", date(2020, 5, 13)),
        ("05/13/2020", date(2020, 5, 13)),
        ("05/05/2020", date(2020, 5, 5)),
        ("2020-02-29", date(2020, 2, 29)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("05/06/2020", "could be 2020-06-05 or 2020-05-06"),
        ("2021-02-29", "February 2021 has 28 days"),
        ("2021-13-01", "there is no month 13"),
        ("01/02/20", "two-digit year"),
        ("20-01-02", "two-digit year"),
        ("March 2020", "missing its day or month"),
        ("1 March 20", "no four-digit year"),
        ("", "empty"),
        ("tomorrow", "no four-digit year"),
        ("2020", "cannot read"),
        ("32 March 2020", "cannot read"),
        ("2020-03-01 10:00 tomorrow", "cannot read"),
    ],
)
def test_refused_forms_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(dates)
def test_iso_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == day


def _reading(text: str) -> date | str:
    try:
        return parse_date(text)
    except DateError as error:
        return type(error).__name__


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True))
def test_iso_shortcut_agrees_with_the_full_reading(text: str) -> None:
    # Padding the text keeps it off the shortcut for plain ISO dates.
    assert _reading(text) == _reading(f" {text} ")


@given(dates, st.sampled_from(["/", "."]))
def test_year_first_separators_round_trip(day: date, sep: str) -> None:
    assert parse_date(f"{day.year}{sep}{day.month}{sep}{day.day}") == day


@given(dates)
def test_chinese_round_trip(day: date) -> None:
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day


@given(dates)
def test_month_name_round_trips(day: date) -> None:
    month = MONTHS[day.month - 1]
    assert parse_date(f"{day.day} {month} {day.year}") == day
    assert parse_date(f"{month} {day.day}, {day.year}") == day


@given(dates)
def test_day_month_year_is_accepted_only_when_unmistakable(day: date) -> None:
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    if day.day <= 12 and day.day != day.month:
        with pytest.raises(DateError, match="ambiguous"):
            parse_date(text)
    else:
        assert parse_date(text) == day


def test_leap_day_purchase_expires_on_28_february() -> None:
    assert add_duration(date(2020, 2, 29), Duration(5)) == date(2025, 2, 28)
    assert add_duration(date(2020, 2, 29), Duration(4)) == date(2024, 2, 29)


def test_months_are_calendar_months() -> None:
    assert add_duration(date(2018, 8, 31), Duration(2, 18)) == date(2022, 2, 28)


@given(dates, st.integers(0, 20), st.integers(0, 36))
def test_longer_duration_never_ends_earlier(day: date, years: int, months: int) -> None:
    shorter = add_duration(day, Duration(years, months))
    longer = add_duration(day, Duration(years, months + 1))
    assert day <= shorter < longer


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(0, 50), st.integers(0, 60))
def test_add_duration_agrees_with_relativedelta(day: date, years: int, months: int) -> None:
    expected = day + relativedelta(years=years, months=months)
    assert add_duration(day, Duration(years, months)) == expected
