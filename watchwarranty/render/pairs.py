"""Labelled lines (a watch's answer, its notes, batch's summary) as a borderless Rich table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

# Cells between the widest label and the values.
GAP = 2


def Pairs(
    rows: Sequence[tuple[str, RenderableType]],
    *,
    label_style: str = "",
) -> Table:
    """Rows of a label and a value: labels in a column as wide as the widest, values wrapped in
    the width left. A str value is text as written: markup in rule data is not interpreted."""
    from rich.table import Table

    grid = Table.grid(padding=(0, GAP))
    grid.add_column(no_wrap=True, style=label_style)
    # A word wider than the column (a long number, a path) folds rather than losing its end.
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, Text(value) if isinstance(value, str) else value)
    return grid
