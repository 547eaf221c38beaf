"""Where a sheet's header row is: dealers' sheets often start with a title ("2026年12月 库存表",
merged across the columns) and a blank row, and the header below them."""

from __future__ import annotations

from collections.abc import Sequence

from watchwarranty.batch.columns import FACT_COLUMNS, REQUIRED_COLUMNS, fact_indexes
from watchwarranty.errors import InputError
from watchwarranty.i18n import _

# How far down the header is looked for: a title block is a few rows, never a page.
HEADER_SEARCH_ROWS = 20


def names_facts(names: Sequence[str], chosen: dict[str, str]) -> bool:
    """Whether a row of names names every required fact (--column's choices counted)."""
    try:
        indexes = fact_indexes(names, chosen, require=False)
    except InputError:
        return False  # a --column names a header this row lacks
    return all(indexes[FACT_COLUMNS.index(field)] >= 0 for field in REQUIRED_COLUMNS)


def header_found_note(number: int) -> str:
    """What is said when the header is not the first row."""
    return _(
        "the header is row {number}: the rows above it are a title, not read "
        "(pass --header-row N to choose another)"
    ).format(number=number)
