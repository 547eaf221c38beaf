"""Labelled lines: a column of labels, each followed by its value wrapped in the width left.

A watch's answer is six such lines and its notes a few more; batch's summary is five. Rich's
Table laid them out before, but importing it was 6% of every `check`'s start-up (callgrind:
426 M instructions against 400 M with this); this needs only the Text that the console has
loaded anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

# Narrower than this, a value would wrap a word or two a line: it goes under its label instead.
MIN_VALUE_WIDTH = 12
# Cells between the widest label and the values.
GAP = 2


class Pairs:
    """Rows of a label and a value. Labels are padded to the widest; a value too long for the
    width left wraps under itself. No line carries trailing spaces."""

    def __init__(
        self,
        rows: Sequence[tuple[str, Text | str]],
        *,
        label_style: str = "",
    ) -> None:
        # A str value is text as written: markup in rule data must not be interpreted.
        self.rows = [
            (label, Text(value) if isinstance(value, str) else value) for label, value in rows
        ]
        self.label_style = label_style
        self.label_width = max((cell_len(label) for label, _ in self.rows), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        lead = self.label_width + GAP
        stacked = options.max_width - lead < MIN_VALUE_WIDTH
        # Stacked, a value is indented under its label by two cells.
        value_lead = 2 if stacked else lead
        for label, value in self.rows:
            # The label's style is its span's: as the Text's own it would reach the value too.
            head = Text().append(label, style=self.label_style)
            value_lines = list(value.wrap(console, max(1, options.max_width - value_lead)))
            if stacked or not value_lines:
                lines = [head, *(Text(" " * value_lead).append_text(line) for line in value_lines)]
            else:
                head.append(" " * (lead - head.cell_len))
                lines = [head.append_text(value_lines[0])]
                lines += (Text(" " * lead).append_text(line) for line in value_lines[1:])
            for line in lines:
                line.rstrip()
                yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lead = self.label_width + GAP
        widest = max((value.cell_len for _, value in self.rows), default=0)
        return Measurement(lead + MIN_VALUE_WIDTH, lead + widest).clamp(
            max_width=options.max_width
        )
