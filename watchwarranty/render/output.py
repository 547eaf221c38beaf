"""Writing renderables to a stream: Rich lays them out; this decides the width and the colour,
drops the padding Rich leaves at the end of a line (which a pipe or a diff would keep), and
hands output longer than the screen to the reader's pager."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Piped output is not wrapped (a URL or a note stays on its line) unless COLUMNS asks for it.
UNWRAPPED = 10_000


# A table piped to a file or another program is drawn for a reader all the same: as wide as
# COLUMNS says, or as a terminal is by default.
PIPED_TABLE = 80

_colour = "auto"


def use_colour(choice: str) -> None:
    """``--color``: "auto" (a terminal gets colour, NO_COLOR and FORCE_COLOR respected),
    "always" or "never"."""
    global _colour
    _colour = choice


def colour() -> str:
    """The ``--color`` choice in force."""
    return _colour


def console(*, stderr: bool = False, fit: bool = False) -> Console:
    """A console for data text: no markup guessing, no emoji codes, and the terminal's width;
    when the output is not a terminal, COLUMNS's, else no wrapping (or 80 columns, to ``fit``
    a table that would otherwise be drawn as wide as its longest cell)."""
    import shutil

    from rich.console import Console

    options: dict[str, Any] = {}
    if _colour == "never":
        options["color_system"] = None
    elif _colour == "always":
        options.update(force_terminal=True, no_color=False)
    made = Console(stderr=stderr, highlight=False, emoji=False, **options)
    columns = os.environ.get("COLUMNS", "")
    # COLUMNS=0 (or junk) says nothing: Rich would take it for no room at all and print nothing.
    if columns.isdigit() and int(columns) > 0:
        made.width = int(columns)
    elif made.is_terminal:
        made.width = shutil.get_terminal_size().columns
    else:
        made.width = PIPED_TABLE if fit else UNWRAPPED
    return made


def emit(target: Console, *renderables: RenderableType, page: bool = False) -> None:
    """Print, each line without trailing spaces; with ``page``, through the pager when the
    output is longer than the terminal is high."""
    if page and target.is_terminal and _colour != "always":
        with target.capture() as captured:
            _print(target, *renderables)
        text = captured.get()
        if text.count("\n") < target.height or not _paged(text):
            target.file.write(text)
            target.file.flush()
        return
    _print(target, *renderables)


def _paged(text: str) -> bool:
    """Show ``text`` through $PAGER (as git does, a shell command line), else ``less -R``;
    False when there is no pager to run."""
    import subprocess

    command = os.environ.get("PAGER", "less -R")
    if not command.strip():
        return False
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
    except OSError:
        return False
    try:
        assert pager.stdin is not None
        pager.stdin.write(text.encode("utf-8"))
        pager.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: what they wanted
    # The shell's "not found": say it ourselves, straight.
    return pager.wait() != 127


def _print(target: Console, *renderables: RenderableType) -> None:
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
