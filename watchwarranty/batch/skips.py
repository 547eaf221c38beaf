"""Rows of a sheet that hold no watch: a totals row (合计, 總計, Total) under the last watch, and
rows numbered ahead and never filled. They are skipped and counted, as blank rows are, so that a
nightly run does not fail on a sheet's furniture; a row that names a brand and a date is never
one of them.

A totals row has a cell that is a totals word (合计, "Grand Total"), or a first filled cell that
starts with one, up to its first digit or punctuation ("Total: 2 watches", 小计：2), and only
numbers in its other cells."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache

from watchwarranty.batch.columns import FACT_COLUMNS
from watchwarranty.batch.read import Row

# Folded (see _fold); Traditional forms are their own entries.
TOTALS_WORDS = frozenset(
    {
        "合计",
        "總計",
        "总计",
        "合計",
        "小计",
        "小計",
        "共计",
        "共計",
        "total",
        "totals",
        "grandtotal",
        "subtotal",
        "sum",
    }
)
_BRAND = FACT_COLUMNS.index("brand")
_PURCHASE_DATE = FACT_COLUMNS.index("purchase_date")
_NOT_LETTERS = re.compile(r"[\W_]+")
_ROW_NUMBER = re.compile(r"\d{1,7}\.?")
# A cell's first words: letters and the spaces between them, up to a digit or punctuation.
_LEADING_WORDS = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")


class Furniture(Enum):
    """Why a row holds no watch."""

    TOTALS = "totals"
    NUMBERED = "numbered"


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).casefold())


def furniture(row: Row) -> tuple[Furniture, str] | None:
    """What the row is, and the cell that shows it, when it holds no watch; None for a row
    to answer (or to report as an error)."""
    facts = row.facts
    if row.problem is not None or (
        facts[_PURCHASE_DATE].strip() and _fold(facts[_BRAND]) not in TOTALS_WORDS
    ):
        return None  # a row with a purchase date and a brand: almost every row, told at once
    filled = [cell.strip() for cell in row.cells if cell.strip()]
    if not facts[_PURCHASE_DATE].strip() or _fold(facts[_BRAND]) in TOTALS_WORDS:
        total = next((cell for cell in filled if _fold(cell) in TOTALS_WORDS), None)
        if (
            total is None
            and filled
            and _starts_totals(filled[0])
            and not any(_LETTER.search(cell) for cell in filled[1:])
        ):
            total = filled[0]
        if total is not None:
            return Furniture.TOTALS, total
    numbered = len(filled) == 1 and _ROW_NUMBER.fullmatch(filled[0])
    if numbered and not any(fact.strip() for fact in facts):
        return Furniture.NUMBERED, filled[0]
    return None


def _starts_totals(cell: str) -> bool:
    """Whether the cell's first words are a totals word: "Total: 2 watches", 小计：2."""
    words = _LEADING_WORDS.match(unicodedata.normalize("NFKC", cell).casefold())
    return words is not None and _fold(words[0]) in TOTALS_WORDS
