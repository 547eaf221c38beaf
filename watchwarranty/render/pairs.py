"""Labelled lines (a watch's answer, its notes, batch's summary) as a borderless Rich table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from watchwarranty.render.wrap import Wrapped, units

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.table import Table

# Cells between the widest label and the values.
GAP = 2


class Pairs:
    """Rows of a label and a value: labels in a column as wide as the widest, values wrapped in
    the width left (render.wrap: Chinese between characters, a word wider than the column
    folded rather than losing its end). A str value is text as written: markup in rule data is
    not interpreted.

    A table cell cuts what is wider than its column, and a URL is never split: where a value
    holds a URL wider than the width left, each label goes on a line of its own and its value
    under it, indented, so that the URL runs past the edge whole (the terminal wraps
    it) instead of losing its end."""

    def __init__(
        self, rows: Sequence[tuple[str, RenderableType]], *, label_style: str = ""
    ) -> None:
        self.rows = [
            (label, Text(value) if isinstance(value, str) else value) for label, value in rows
        ]
        self.label_style = label_style

    def _grid(self) -> Table:
        from rich.table import Table

        grid = Table.grid(padding=(0, GAP))
        grid.add_column(no_wrap=True, style=self.label_style)
        grid.add_column()
        for label, value in self.rows:
            grid.add_row(label, Wrapped(value) if isinstance(value, Text) else value)
        return grid

    def _fits(self, width: int) -> bool:
        room = width - max((cell_len(label) for label, _value in self.rows), default=0) - GAP
        return all(
            cell_len(piece.rstrip()) <= room
            for _label, value in self.rows
            if isinstance(value, Text) and "://" in value.plain
            for line in value.plain.split("\n")
            for piece in units(line)
            if "://" in piece
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self._grid().__rich_measure__(console, options)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._fits(options.max_width):
            yield self._grid()
            return
        for label, value in self.rows:
            yield Text(label, style=self.label_style)
            yield Wrapped(value, indent=GAP) if isinstance(value, Text) else value
