"""CSV that a spreadsheet opens as data. A cell starting with = + - @ (or their full-width
forms, or a tab or CR before them) is run as a formula by Excel, LibreOffice and Google Sheets,
and an inventory is text from anywhere: such a cell gets a ' before it, as OWASP's CSV
injection guidance says, unless it is a plain number (-5 is a number, not a formula). A cell
holding a CR is always quoted: the csv module quotes only the line terminator's characters,
and a bare CR ends a row for most readers. Standard library only."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Cells are joined by a unit separator to be looked at once: most rows need nothing done.
_JOIN = "\x1f"
_NEEDS_CARE = re.compile(f"(?:^|{_JOIN})[{re.escape(FORMULA_STARTS)}]|\r")


def formula_safe(cell: str) -> str:
    """``cell``, with a ' before it when a spreadsheet would run it as a formula."""
    if cell and cell[0] in FORMULA_STARTS and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class SafeCsvWriter:
    """csv.writer's rows, formula-safe unless ``raw``, and with any cell holding a CR quoted;
    separated by ``delimiter`` (a tab for a .tsv file)."""

    def __init__(self, stream: TextIO, *, raw: bool = False, delimiter: str = ",") -> None:
        self._plain = csv.writer(stream, lineterminator="\n", delimiter=delimiter)
        self._quoted = csv.writer(
            stream, lineterminator="\n", quoting=csv.QUOTE_ALL, delimiter=delimiter
        )
        self._raw = raw

    def writerow(self, cells: Sequence[Any]) -> None:
        """Write one row; None and numbers as csv.writer writes them."""
        texts = [cell for cell in cells if isinstance(cell, str)]
        if _NEEDS_CARE.search(_JOIN.join(texts)) is None:
            self._plain.writerow(cells)
            return
        if not self._raw:
            cells = [formula_safe(cell) if isinstance(cell, str) else cell for cell in cells]
        if any("\r" in text for text in texts):
            self._quoted.writerow(cells)
        else:
            self._plain.writerow(cells)


def delimiter_for(path: Path | None) -> str:
    """The cell separator a CSV report's file name asks for: a tab for .tsv and .tab."""
    return "\t" if path is not None and path.suffix.lower() in (".tsv", ".tab") else ","
