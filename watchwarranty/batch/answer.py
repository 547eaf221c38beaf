"""One row's answer: its cells read into a Purchase and handed to the engine, the same
``evaluate`` that `check` calls. Nothing here knows what the rules mean."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from watchwarranty.engine import evaluate
from watchwarranty.errors import WatchWarrantyError
from watchwarranty.inputs.purchase import build_purchase, parse_flag
from watchwarranty.model import RuleBook, Verdict
from watchwarranty.render.records import (
    GUARANTEE_KEYS,
    RESULT_KEYS,
    Scalar,
    conditions_text,
    guarantee_values,
    notes_text,
    result_values,
)

# The columns every output row gets after the input's own: what the answer rests on is part of
# it (a cover valid only if the sale was registered, honoured only where bought, ...).
# The rules' version and fingerprint come last: which rules gave the row's answer (or error).
RESULT_COLUMNS = (
    "brand_name",
    *RESULT_KEYS,
    "notes",
    "conditions",
    *GUARANTEE_KEYS,
    "error",
    "rules_version",
    "rules_fingerprint",
)
_NO_RESULT: tuple[Scalar, ...] = (None,) * len(RESULT_KEYS)
_NO_CLOCKS: tuple[Scalar, ...] = (None,) * len(GUARANTEE_KEYS)


class Answer(NamedTuple):
    """A row's verdict, or the one line that says why there is none."""

    verdict: Verdict | None
    error: str | None = None
    rules_version: str | None = None
    rules_fingerprint: str | None = None

    def values(self) -> tuple[Scalar, ...]:
        """The values of RESULT_COLUMNS, in order; None where there is none."""
        if self.verdict is None:
            rules = (self.rules_version, self.rules_fingerprint)
            return (None, *_NO_RESULT, None, None, *_NO_CLOCKS, self.error, *rules)
        verdict = self.verdict
        return (
            verdict.brand_name,
            *result_values(verdict),
            notes_text(verdict) or None,
            conditions_text(verdict) or None,
            *guarantee_values(verdict),
            None,
            verdict.rules_version,
            verdict.rules_fingerprint,
        )


class Answerer:
    """Answers rows of one run: the rules and the as-of day are the run's."""

    def __init__(self, rules: RuleBook, *, as_of: date, explain: bool = False) -> None:
        self.rules = rules
        self.as_of = as_of
        # Reminders name the rules a watch could still earn: they need the engine's steps.
        self.explain = explain

    def answer(self, facts: tuple[str, ...]) -> Answer:
        """The answer for a row whose fact cells (batch.read.FACT_COLUMNS) are ``facts``."""
        brand, bought, region, registered, registered_on, movement, store, *flags = facts
        second, consent, activated_on, serviced_on, *clocks = flags
        service_kind, price, currency, sold_on = clocks
        try:
            purchase = build_purchase(
                self.rules,
                brand=brand,
                purchase_date=bought,
                region=region.strip() or None,
                movement=movement.strip() or None,
                store=store.strip() or None,
                registered=parse_flag("registered", registered, empty=None),
                registered_on=registered_on.strip() or None,
                # An empty cell is "not stated", as for `registered`: the answer says what
                # each reading would give.
                second_hand=parse_flag("second_hand", second, empty=None),
                marketing_consent=bool(parse_flag("marketing_consent", consent, empty=True)),
                activated_on=activated_on.strip() or None,
                serviced_on=serviced_on.strip() or None,
                service_kind=service_kind.strip() or None,
                price=price.strip() or None,
                currency=currency.strip() or None,
                sold_on=sold_on.strip() or None,
            )
            return Answer(evaluate(purchase, self.rules, as_of=self.as_of, explain=self.explain))
        except WatchWarrantyError as error:
            return self.refuse(str(error))

    def refuse(self, problem: str) -> Answer:
        """A row these rules give no answer for, and why; the rules are named all the same."""
        return Answer(None, problem, self.rules.version, self.rules.fingerprint)
