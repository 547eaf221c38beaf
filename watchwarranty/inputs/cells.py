"""A Python value as the text of a batch cell, so that a mapping (``check_many``), an Arrow
column or a Parquet file is read by the same code as a CSV cell. What a cell cannot hold
(a date and time, a missing value) is written as the cell a spreadsheet would hold."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from numbers import Real


def cell_text(value: object) -> str:
    """``value`` as a CSV cell holds it: "" for none (None, NaN, NaT), the day of a date or
    of a date and time, true/false, numbers as Python writes them, lists and mappings as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        # A timestamp where a date is meant (pandas, Arrow, Parquet): the day it names, in
        # its own zone. pandas' NaT is a datetime that names no day, and unequal to itself.
        return value.date().isoformat() if value == value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Real):  # numpy's numbers too
        return "" if math.isnan(value) else str(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    try:
        missing = value != value  # a float NaN of numpy's, pandas' NA
        if missing:
            return ""
    except (TypeError, ValueError):  # pandas' NA cannot say whether it equals itself
        return ""
    return str(value)
