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
from watchwarranty.model import RuleBook
from watchwarranty.render.records import RESULT_KEYS, Scalar, result_values
from watchwarranty.rules.lookup import normalise_name

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
    unchanged = _Unchanged(old.rules, new.rules)
    for row in inventory.rows:
        comparison.rows += 1
        if row.problem is not None:
            # The row cannot be read at all: the same error under both rules.
            error = (*_NO_RESULT, row.problem)
            comparison.errors += 1
            yield RowChange(row, row.facts[0] if row.facts else "", error, error, moved=False)
            continue
        before_answer = old.answer(row.facts)
        # The same brand under the same rules: the same answer, without asking again.
        same = unchanged.brand_named(row.facts[0])
        after_answer = before_answer if same else new.answer(row.facts)
        before, after = outcome(before_answer), outcome(after_answer)
        verdict = after_answer.verdict or before_answer.verdict
        brand = verdict.brand_name if verdict is not None else unchanged.name_of(row.facts[0])
        if before == after:
            if before_answer.verdict is None:
                comparison.errors += 1
                yield RowChange(row, brand, before, after, moved=False)
            continue
        comparison.moved += 1
        comparison.by_brand[brand] += 1
        yield RowChange(row, brand, before, after, moved=True)


class _Unchanged:
    """Which brands both rules give the same answers for, so that their rows need no engine.

    The engine is a pure function of the purchase, the rules and the day; a row's purchase
    depends on the rules only through the brand it names. So when everything in the two
    RuleBooks but their brands is equal (any field added to RuleBook later is compared too),
    a row naming one brand, equal in both, gets the same answer under both.
    """

    def __init__(self, old: RuleBook, new: RuleBook) -> None:
        self.old = old
        self.new = new
        self.rest_equal = _rest(old) == _rest(new)
        self._same: dict[str, bool] = {}

    def brand_named(self, text: str) -> bool:
        """Whether ``text`` names one brand in both rules, with the same rules in both."""
        if not self.rest_equal:
            return False
        key = normalise_name(text)
        brand_id = self.old.brand_index.get(key)
        if brand_id is None or self.new.brand_index.get(key) != brand_id:
            return False
        same = self._same.get(brand_id)
        if same is None:
            same = self._same[brand_id] = self.old.brands[brand_id] == self.new.brands[brand_id]
        return same

    def name_of(self, text: str) -> str:
        """The brand's name under either rules, for the count by brand; else the text."""
        key = normalise_name(text)
        for rules in (self.new, self.old):
            brand_id = rules.brand_index.get(key)
            if brand_id is not None:
                return rules.brands[brand_id].name
        return text.strip()


def _rest(rules: RuleBook) -> RuleBook:
    # What says which rules these are, not what they mean, is left out with the brands.
    return rules._replace(
        brands={},
        brand_index={},
        origin="",
        user_rule_ids=frozenset(),
        version=None,
        fingerprint="",
    )
