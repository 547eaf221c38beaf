"""One inventory answered under two sets of rules, row by row: which rows' answers move.

Each row is answered by batch's own Answerer under each rules file; a row moves when any of
the answer's keys (render.records.RESULT_KEYS) or its error differs. A row neither set of rules
can answer is kept, with its error under both, so that no row goes missing from the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from watchwarranty.batch.answer import Answer, Answerer
from watchwarranty.batch.read import Inventory, Row
from watchwarranty.render.records import RESULT_KEYS, Scalar, result_values

# What is compared and reported of each answer, old and new.
COMPARED_KEYS = (*RESULT_KEYS, "error")
_NO_RESULT: tuple[Scalar, ...] = (None,) * len(RESULT_KEYS)


class RowChange(NamedTuple):
    """A row whose answer moved (``moved``) or that neither rules file could answer."""

    row: Row
    brand: str
    old: tuple[Scalar, ...]
    new: tuple[Scalar, ...]
    moved: bool


def outcome(answer: Answer) -> tuple[Scalar, ...]:
    """The values of COMPARED_KEYS for one answer."""
    if answer.verdict is None:
        return (*_NO_RESULT, answer.error)
    return (*result_values(answer.verdict), None)


class Comparison:
    """Counts of the rows read, moved and in error under both, and moved rows by brand."""

    def __init__(self) -> None:
        self.rows = 0
        self.moved = 0
        self.errors = 0
        self.by_brand: Counter[str] = Counter()


def compare_rows(
    inventory: Inventory, old: Answerer, new: Answerer, comparison: Comparison
) -> Iterator[RowChange]:
    """The rows whose answers differ between ``old`` and ``new``, and those neither answers,
    in the inventory's order; ``comparison`` counts as they go."""
    for row in inventory.rows:
        comparison.rows += 1
        if row.problem is not None:
            # The row cannot be read at all: the same error under both rules.
            error = (*_NO_RESULT, row.problem)
            comparison.errors += 1
            yield RowChange(row, "", error, error, moved=False)
            continue
        before_answer = old.answer(row.facts)
        after_answer = new.answer(row.facts)
        before, after = outcome(before_answer), outcome(after_answer)
        if before == after:
            if before_answer.verdict is None:
                comparison.errors += 1
                yield RowChange(row, "", before, after, moved=False)
            continue
        verdict = after_answer.verdict or before_answer.verdict
        brand = verdict.brand_name if verdict is not None else row.facts[0].strip()
        comparison.moved += 1
        comparison.by_brand[brand] += 1
        yield RowChange(row, brand, before, after, moved=True)
