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

# Chinese characters and fullwidth marks: CJK radicals to ideographs, compatibility ideographs,
# CJK compatibility forms, fullwidth and halfwidth forms. Compared by code point: a regular
# expression class this wide took ~1.5 ms to compile, a share of every run's start-up.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))
# What follows a number as its unit: 3 年, 18个月, 2020年3月1日.
_UNITS = ("个月", "年", "月", "日", "号", "天", "周", "岁", "个")


def _is_cjk(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _number_with_unit(text: str, position: int) -> int:
    """Where a number and its unit starting at ``position`` end (a date written with units
    runs on: 2020年3月1日), or ``position`` when none starts there."""
    end = position
    while end < len(text) and text[end].isdigit():
        cursor = end
        while cursor < len(text) and (text[cursor].isdigit() or text[cursor] in ".,"):
            cursor += 1
        if cursor < len(text) and text[cursor] == " ":
            cursor += 1
        unit = next((unit for unit in _UNITS if text.startswith(unit, cursor)), None)
        if unit is None:
            break
        end = cursor + len(unit)
    return end


def _piece_end(text: str, position: int) -> int:
    """Where the piece a line never breaks inside, starting at ``position``, ends."""
    with_unit = _number_with_unit(text, position)
    if with_unit > position:
        return with_unit
    if _is_cjk(text[position]):
        return position + 1
    end = position
    while end < len(text) and not text[end].isspace() and not _is_cjk(text[end]):
        end += 1
    return end


def _spaces_end(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def units(text: str) -> list[str]:
    """``text`` cut into the pieces a line never breaks inside, each with the spaces after it."""
    pieces: list[str] = []
    position = _spaces_end(text, 0)
    leading = text[:position]
    while position < len(text):
        end = _spaces_end(text, _piece_end(text, position))
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

    def __init__(self, text: Text | str, *, indent: int = 0) -> None:
        self.text = text if isinstance(text, Text) else Text(text)
        # Spaces before every line, outside any container: one would cut a long URL.
        self.indent = indent
        plain = self.text.plain
        # ASCII without a URL breaks only at spaces, as Rich breaks it: Rich lays it out alone
        # (a word wider than the line folds, as here), and the common case costs nothing more.
        self._as_rich_does = plain.isascii() and "://" not in plain and not indent
        if self._as_rich_does and self.text.overflow is None:
            self.text.overflow = "fold"

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self._as_rich_does:
            return self.text.__rich_measure__(console, options)
        plain = self.text.plain
        widest_piece = max((cell_len(piece.rstrip()) for piece in units(plain)), default=0)
        widest_line = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(widest_piece, widest_line).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._as_rich_does:
            yield self.text
            return
        width = max(options.max_width - self.indent, 1)
        lines: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            for piece in line.divide(line_starts(line.plain, width)):
                piece.rstrip()
                lines.append(Text(" " * self.indent) + piece if self.indent else piece)
        result = Text("\n").join(lines)
        result.justify = self.text.justify
        # The lines are made: Rich must neither wrap them again nor fold a long URL.
        result.no_wrap = True
        result.overflow = "ignore"
        yield result
