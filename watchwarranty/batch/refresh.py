"""Last month's report as this month's input: the result columns a report ends with are
recognised, under their keys or their headers for people in any language, and answered afresh
instead of refused, so that a report can be refreshed as it is.

Only a report's own trailing block counts: three result columns or more, at the end, each once.
An inventory with one column of its own called "status" is not a report, and is still refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from watchwarranty.batch.answer import RESULT_COLUMNS
from watchwarranty.batch.people import RESULT_LABELS
from watchwarranty.batch.read import Inventory, Row
from watchwarranty.i18n import LANGUAGES, _, language, use_language

# Fewer result columns than this at the end are an inventory's own names, not a report's.
MIN_RESULT_COLUMNS = 3


def _names_of_results(prefix: str) -> dict[str, str]:
    """Every name a report gives a result column -> its key: the key, and its label in each
    language (with ``prefix`` before either)."""
    names = {prefix + key: key for key in RESULT_COLUMNS}
    current = language()
    try:
        for each in LANGUAGES:
            use_language(each)
            for key in RESULT_COLUMNS:
                template = RESULT_LABELS.get(key)
                if template:
                    names.setdefault(prefix + _(template), key)
    finally:
        use_language(current)
    return names


def report_columns(columns: Sequence[str], prefix: str = "") -> list[int]:
    """The indexes of the result columns a report ends with; empty when it is no report."""
    names = _names_of_results(prefix)
    seen: set[str] = set()
    found: list[int] = []
    for index in range(len(columns) - 1, -1, -1):
        key = names.get(columns[index].strip())
        if key is None or key in seen:
            break
        seen.add(key)
        found.append(index)
    return sorted(found) if len(found) >= MIN_RESULT_COLUMNS else []


def without_columns(inventory: Inventory, dropped: Sequence[int]) -> Inventory:
    """The inventory with the ``dropped`` columns taken out of its columns and rows."""
    gone = set(dropped)
    names = [inventory.columns[index] for index in dropped]
    kept = [index for index in range(len(inventory.columns)) if index not in gone]
    refreshed = Inventory(
        [inventory.columns[index] for index in kept],
        skipped=inventory.skipped,
        left_out=inventory.left_out,
        share=inventory.share,
        close=inventory.close,
        notes=inventory.notes,
        typed=None if inventory.typed is None else [inventory.typed[index] for index in kept],
    )

    def rows() -> Iterator[Row]:
        for row in inventory.rows:
            refreshed.sheet_row = inventory.sheet_row
            values = row.values
            record = row.record
            if record is not None:
                record = {key: value for key, value in record.items() if key not in names}
            yield row._replace(
                cells=[row.cells[index] for index in kept if index < len(row.cells)],
                values=None if values is None else [values[i] for i in kept if i < len(values)],
                record=record,
            )
        refreshed.skipped = inventory.skipped

    refreshed.rows = rows()
    return refreshed
