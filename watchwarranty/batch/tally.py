"""What a batch run answered: counts for the summary, and which rows --expiring-within keeps."""

from __future__ import annotations

from dataclasses import dataclass

from watchwarranty.batch.answer import Answer
from watchwarranty.model import Verdict

# "Expiring soon" in the summary when --expiring-within is not given.
SOON_DAYS = 90


@dataclass
class Tally:
    """How many rows were written, and how they stand."""

    expiring_within: int | None = None
    rows: int = 0
    # Listed last, so that Tally(expiring_within) still reads as it did.
    register_within: int | None = None
    covered: int = 0
    # Covered in some readings of the facts not given, not in all.
    depends: int = 0
    expired: int = 0
    soon: int = 0
    errors: int = 0

    @property
    def soon_days(self) -> int:
        """The days that count as "expiring soon"."""
        return SOON_DAYS if self.expiring_within is None else self.expiring_within

    def keeps(self, answer: Answer) -> bool:
        """Whether the row is written: with --expiring-within, only watches that may still be
        covered and whose cover may end within that many days (a watch whose cover depends on
        a fact not given is one that may still be covered); with --register-within, only
        watches whose last day to register is within that many days (both: both); and rows in
        error."""
        verdict = answer.verdict
        if verdict is None:
            return True
        if self.expiring_within is not None and not self._may_end_within(verdict):
            return False
        if self.register_within is not None:
            deadline = verdict.may_register_by
            if deadline is None:
                return False
            return 0 <= (deadline - verdict.as_of).days <= self.register_within
        return True

    def _may_end_within(self, verdict: Verdict) -> bool:
        assert self.expiring_within is not None
        if verdict.covered:
            return verdict.days_left <= self.expiring_within
        return verdict.may_be_covered and (
            (verdict.possible_expiry - verdict.as_of).days <= self.expiring_within
        )

    def count(self, answer: Answer) -> None:
        """Count a row that is written."""
        self.rows += 1
        verdict = answer.verdict
        if verdict is None:
            self.errors += 1
        elif verdict.status == "depends":
            self.depends += 1
        elif not verdict.covered:
            self.expired += 1
        else:
            self.covered += 1
            if verdict.days_left <= self.soon_days:
                self.soon += 1
