"""Labelled lines (a watch's answer, its notes, batch's summary) as a borderless Rich table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from watchwarranty.render.wrap import Wrapped

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
    the width left (render.wrap: Chinese between characters, a word wider than the column
    folded rather than losing its end). A str value is text as written: markup in rule data is
    not interpreted."""
    from rich.table import Table

    grid = Table.grid(padding=(0, GAP))
    grid.add_column(no_wrap=True, style=label_style)
    grid.add_column()
    for label, value in rows:
        text = Text(value) if isinstance(value, str) else value
        grid.add_row(label, Wrapped(text) if isinstance(text, Text) else text)
    return grid
