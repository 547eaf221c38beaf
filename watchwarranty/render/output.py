"""Writing renderables to a stream: Rich lays them out; this only decides the width and drops
the padding Rich leaves at the end of a line, which a pipe or a diff would keep."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Piped output is not wrapped (a URL or a note stays on its line) unless COLUMNS asks for it.
UNWRAPPED = 10_000


def console(*, stderr: bool = False) -> Console:
    """A console for data text: no markup guessing, no emoji codes, and the terminal's width,
    or no wrapping when the output is not a terminal."""
    from rich.console import Console

    made = Console(stderr=stderr, highlight=False, emoji=False)
    if not made.is_terminal and not os.environ.get("COLUMNS"):
        made.width = UNWRAPPED
    return made


def emit(target: Console, *renderables: RenderableType) -> None:
    """Print, each line without trailing spaces."""
    from rich.segment import Segment, Segments

    out: list[Segment] = []
    for renderable in renderables:
        # Not render_lines: it crops each line to the width, and a URL must run past the edge
        # whole rather than lose its end (render.wrap keeps every other line within it).
        for line in Segment.split_lines(target.render(renderable, target.options)):
            while line and not line[-1].text.strip() and not line[-1].control:
                line.pop()
            if line:
                last = line[-1]
                line[-1] = Segment(last.text.rstrip(), last.style, last.control)
            out.extend(line)
            out.append(Segment.line())
    target.print(Segments(out), crop=False, soft_wrap=True)
