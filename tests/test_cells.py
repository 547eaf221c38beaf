"""Python values as the text of a batch cell: what check_many and answer_batch read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from watchwarranty.inputs.cells import cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("2020-03-01", "2020-03-01"),
        (date(2020, 3, 1), "2020-03-01"),
        (datetime(2020, 3, 1, 23, 59), "2020-03-01"),
        # The day the timestamp names where it was taken, not in UTC.
        (datetime(2020, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=8))), "2020-03-01"),
        (datetime(2020, 3, 1, 23, 0, tzinfo=UTC), "2020-03-01"),
        (True, "true"),
        (False, "false"),
        (7, "7"),
        (2.5, "2.5"),
        (float("nan"), ""),
        (["a", 1], '["a", 1]'),
        ({"a": "是"}, '{"a": "是"}'),
    ],
)
def test_a_value_is_the_cell_a_spreadsheet_would_hold(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_pandas_and_numpy_missing_values_are_empty_cells() -> None:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    assert [cell_text(value) for value in (pd.NaT, pd.NA, np.nan, np.float64("nan"))] == [""] * 4
    assert cell_text(pd.Timestamp("2020-03-01 22:00")) == "2020-03-01"
    assert cell_text(np.int64(5)) == "5"
    assert cell_text(np.datetime64("2020-03-01")) == "2020-03-01"
