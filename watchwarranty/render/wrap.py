"""Line breaking for Chinese and mixed text, as a Rich renderable: Rich measures, lays out and
styles it; this only chooses where a line may end.

Rich breaks lines at spaces only, so a Chinese sentence (which has none) is one "word": in a
table cell it is cut to "…", and elsewhere it is folded at any cell, which can split "3 年" or a
date, or start a line with "，". Here a line may end between any two Chinese characters, except
that closing punctuation stays with the character before it, opening punctuation with the one
after it, a number with its unit (3 年, 2020年3月1日), and a run of Latin letters, digits and
symbols (a word, 2022-03-01, a URL) stays whole, as Rich keeps an English word whole. Spaces are
break opportunities, as in Rich. A piece wider than the line is folded, except a URL, which is
never split: it runs past the edge, where a terminal wraps it without breaking it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# Never first on a line (fullwidth and ASCII closing punctuation).
CLOSING = frozenset("，。；：、\uff01？）」』】》〉\u3015”\u2019…,.;:!?)]}%")
# Never last on a line.
OPENING = frozenset("（「『【《〈\u3014“\u2018([{")

_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_UNIT = r"(?:个月|[年月日号天周岁个])"
_PIECE = re.compile(
    # A number with its unit, and a date written with them: 3 年, 2020年3月1日, 18个月.
    rf"\d[\d.,]*\s?{_UNIT}(?:\d[\d.,]*\s?{_UNIT})*"
    # A run of anything else that is not a space or Chinese: a word, a date, a path, a URL.
    rf"|[^\s{_CJK}]+"
    # One Chinese character or fullwidth mark.
    rf"|[{_CJK}]"
)
_SPACES = re.compile(r"\s*")


def units(text: str) -> list[str]:
    """``text`` cut into the pieces a line never breaks inside, each with the spaces after it."""
    pieces: list[str] = []
    position = _SPACES.match(text).end()  # type: ignore[union-attr]
    leading = text[:position]
    while position < len(text):
        found = _PIECE.match(text, position)
        end = found.end() if found else position + 1
        end = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        piece = text[position:end]
        if pieces and (
            (piece[0] in CLOSING and pieces[-1] == pieces[-1].rstrip())
            or (pieces[-1][-1] in OPENING)
        ):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        position = end
    if pieces:
        pieces[0] = leading + pieces[0]
    elif leading:
        pieces.append(leading)
    return pieces


def _is_url(piece: str) -> bool:
    return "://" in piece


def line_starts(text: str, width: int) -> list[int]:
    """The offsets in ``text`` (one line) where each line after the first starts."""
    starts: list[int] = []
    offset = 0  # cells used on the current line
    position = 0
    for piece in units(text):
        bare = cell_len(piece.rstrip())
        if offset and offset + bare > width:
            starts.append(position)
            offset = 0
        if bare > width and not _is_url(piece):
            folded = chop_cells(piece.rstrip(), width)
            inner = position
            for part in folded[:-1]:
                inner += len(part)
                starts.append(inner)
            offset = cell_len(folded[-1]) + cell_len(piece) - bare
        else:
            offset += cell_len(piece)
        position += len(piece)
    return [start for start in starts if 0 < start < len(text)]


class Wrapped:
    """Text that Rich lays out, broken into lines as Chinese and mixed text should be."""

    def __init__(self, text: Text | str) -> None:
        self.text = text if isinstance(text, Text) else Text(text)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest_piece = max((cell_len(piece.rstrip()) for piece in units(plain)), default=0)
        widest_line = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(widest_piece, widest_line).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            for piece in line.divide(line_starts(line.plain, width)):
                piece.rstrip()
                lines.append(piece)
        result = Text("\n").join(lines)
        result.justify = self.text.justify
        # The lines are made: Rich must neither wrap them again nor fold a long URL.
        result.no_wrap = True
        result.overflow = "ignore"
        yield result
