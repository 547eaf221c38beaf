"""An input cut into blocks of whole rows, so that rows can be answered a block at a time (and
blocks in parallel) without ever holding the whole input in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, NamedTuple

# Big enough that handing a block to a worker costs nothing measurable, small enough that a
# few blocks in flight keep memory flat.
BLOCK_BYTES = 1 << 18
_QUOTE = b'"'
# A quote opens a quoted cell only at the start of a cell: after a comma or a line's end.
_CELL_STARTS = frozenset(b",\r\n")


class Block(NamedTuple):
    """Whole rows of the input, the number of lines before them, and where they end."""

    data: bytes
    lines_before: int
    end: int


def blocks(stream: IO[bytes], *, csv_quotes: bool, size: int = BLOCK_BYTES) -> Iterator[Block]:
    """The stream's bytes as blocks of about ``size`` bytes, each cut after a whole row.

    With ``csv_quotes``, a line end inside a quoted CSV cell does not end a row. Only a row
    longer than ``size`` makes a block longer.
    """
    pending = b""
    lines = 0
    offset = 0
    while chunk := stream.read(size):
        pending += chunk
        cut = _last_row_end(pending) if csv_quotes else pending.rfind(b"\n") + 1
        if not cut:
            continue
        block, pending = pending[:cut], pending[cut:]
        offset += cut
        yield Block(block, lines, offset)
        lines += block.count(b"\n")
    if pending:
        yield Block(pending, lines, offset + len(pending))


def _last_row_end(data: bytes) -> int:
    """Just after the last line end outside quoted cells in ``data``, which starts a row; 0 if
    there is none.

    Follows the csv module's reading: a quote at the start of a cell opens a quoted cell, two
    quotes inside one stand for a quote, the next single quote closes it, and any other quote
    is an ordinary character.
    """
    safe_end = -1
    outside_from = 0
    position = data.find(_QUOTE)
    while position != -1:
        if position and data[position - 1] not in _CELL_STARTS:
            position = data.find(_QUOTE, position + 1)  # a quote inside an unquoted cell
            continue
        safe_end = max(safe_end, data.rfind(b"\n", outside_from, position))
        closing = data.find(_QUOTE, position + 1)
        while closing != -1 and data[closing + 1 : closing + 2] == _QUOTE:
            closing = data.find(_QUOTE, closing + 2)
        if closing == -1:
            return safe_end + 1  # still open: no line end after it is known to end a row
        outside_from = closing + 1
        position = data.find(_QUOTE, outside_from)
    return max(safe_end, data.rfind(b"\n", outside_from)) + 1
