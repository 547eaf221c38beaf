"""The Python API: load the rules once, then ask about one watch (``check``) or many
(``check_many``). Each answer is the one the command line gives: ``check`` builds the purchase as
`watchwarranty check` does, and ``check_many`` reads each mapping as `watchwarranty batch` reads
a JSON object (the same column names, Chinese headers included) and answers it with batch's own
Answerer. The names documented in docs/api.md are the stable ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.inputs.cells import cell_text
from watchwarranty.inputs.dates import DateOrder, date_order_of, parse_date
from watchwarranty.model import RuleBook, Verdict
from watchwarranty.render.records import Scalar

__all__ = ["Answer", "check", "check_many", "load_rules"]

DateLike = date | str


@dataclass(frozen=True, slots=True)
class Answer:
    """One watch's answer: the engine's ``verdict``, or the ``error`` that says, in one line,
    why there is none (from ``check_many`` only; ``check`` raises instead)."""

    verdict: Verdict | None
    error: str | None = None
    # Whether to_dict carries the trace of every rule considered (check --explain).
    explain: bool = False
    # Which rules gave the answer, or found no answer (a verdict carries its own).
    rules_version: str | None = None
    rules_fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        """Whether there is a verdict."""
        return self.verdict is not None

    def to_dict(self) -> dict[str, Any]:
        """The object `check --format json` prints for this watch; ``{"error": ...}`` for a
        row that has no answer."""
        if self.verdict is None:
            return {"error": self.error}
        from watchwarranty.render.serial import check_record

        return check_record(self.verdict, explain=self.explain)

    def columns(self) -> dict[str, Scalar]:
        """The result columns `batch` adds to a row (brand_name, the answer's keys,
        conditions, error), by name: ISO dates, stable words, None for none."""
        from watchwarranty.batch.answer import RESULT_COLUMNS
        from watchwarranty.batch.answer import Answer as RowAnswer

        values = RowAnswer(
            self.verdict, self.error, self.rules_version, self.rules_fingerprint
        ).values()
        return dict(zip(RESULT_COLUMNS, values, strict=True))


def load_rules(path: str | os.PathLike[str] | None = None) -> RuleBook:
    """The rules to answer with: the shipped rules with the user's own rules file laid over
    them, as the command line loads them; or, given ``path``, that file alone. Load them once
    and pass them to every call. Raises RulesError for a file that cannot be trusted."""
    from pathlib import Path

    from watchwarranty.rules.loader import (
        default_rules_path,
        load_layered,
        user_rules_path,
    )
    from watchwarranty.rules.loader import load_rules as load_file

    if path is not None:
        return load_file(Path(path))
    user = user_rules_path()
    if user is None:
        return load_file(default_rules_path())
    return load_layered(default_rules_path(), user)


def check(
    rules: RuleBook,
    *,
    brand: str,
    purchase_date: DateLike,
    region: str | None = None,
    registered: bool | None = None,
    registered_on: DateLike | None = None,
    movement: str | None = None,
    store: str | None = None,
    second_hand: bool | None = None,
    marketing_consent: bool = True,
    activated_on: DateLike | None = None,
    serviced_on: DateLike | None = None,
    assume: Sequence[str] = (),
    service_kind: str | None = None,
    price: str | None = None,
    currency: str | None = None,
    sold_on: DateLike | None = None,
    as_of: DateLike | None = None,
    date_order: DateOrder | str | None = None,
    explain: bool = False,
) -> Answer:
    """One watch's answer, as `watchwarranty check` gives it. Dates are ``date`` objects or
    text in any spelling the command line reads. ``registered`` and ``second_hand`` None mean
    not stated: the answer then says what each would give.
    Raises an InputError (DateError, UnknownBrandError) for input that cannot be used."""
    from watchwarranty.engine import evaluate
    from watchwarranty.inputs.purchase import build_purchase

    def text(value: DateLike | None) -> str | None:
        return cell_text(value) or None if value is not None else None

    with date_order_of(date_order_named(date_order)):
        purchase = build_purchase(
            rules,
            brand=brand,
            purchase_date=cell_text(purchase_date),
            region=region or None,
            movement=movement or None,
            store=store or None,
            registered=registered,
            registered_on=text(registered_on),
            second_hand=second_hand,
            marketing_consent=marketing_consent,
            activated_on=text(activated_on),
            serviced_on=text(serviced_on),
            assume=assume,
            service_kind=service_kind,
            price=price,
            currency=currency,
            sold_on=text(sold_on),
        )
        day = as_of_day(as_of)
    return Answer(evaluate(purchase, rules, as_of=day, explain=explain), explain=explain)


def check_many(
    rules: RuleBook,
    rows: Iterable[Mapping[str, object]],
    *,
    as_of: DateLike | None = None,
    columns: Mapping[str, str] | None = None,
    date_order: DateOrder | str | None = None,
) -> Iterator[Answer]:
    """An answer for each mapping in ``rows``, in order, as `watchwarranty batch` answers a
    JSON object: keys are matched to facts as batch matches headers (``purchase_date``,
    ``购买日期``, ...; ``columns`` maps a fact to a key, like ``--column``), values may be
    text, dates, timestamps (their day), booleans, numbers or None. A row that cannot be
    answered yields an Answer whose ``error`` says why; nothing is raised for a row."""
    from watchwarranty.batch.answer import Answerer
    from watchwarranty.batch.columns import fact_keys, parse_column_options

    chosen = parse_column_options(f"{field}={key}" for field, key in (columns or {}).items())
    order = date_order_named(date_order)
    with date_order_of(order):
        answerer = Answerer(rules, as_of=as_of_day(as_of))
    keys_for: dict[tuple[str, ...], list[str]] = {}
    not_a_mapping = _("the row is not a mapping of column names to values")
    for row in rows:
        if not isinstance(row, Mapping):
            refused = answerer.refuse(not_a_mapping)
            yield Answer(
                None,
                refused.error,
                rules_version=refused.rules_version,
                rules_fingerprint=refused.rules_fingerprint,
            )
            continue
        names = tuple(str(name) for name in row)
        keys = keys_for.get(names)
        if keys is None:
            keys = keys_for[names] = fact_keys(names, chosen)
        facts = tuple(cell_text(row.get(key)) for key in keys)
        if order is None:
            answer = answerer.answer(facts)
        else:
            # Set for each row only: the generator may be paused between rows.
            with date_order_of(order):
                answer = answerer.answer(facts)
        yield Answer(
            answer.verdict,
            answer.error,
            rules_version=answer.rules_version,
            rules_fingerprint=answer.rules_fingerprint,
        )


def date_order_named(order: DateOrder | str | None) -> DateOrder | None:
    """``date_order`` as given to the API: a DateOrder, its word, or None."""
    if order is None or isinstance(order, DateOrder):
        return order
    try:
        return DateOrder(order.lower())
    except ValueError:
        raise InputError(
            _("date_order {order!r} is not dmy or mdy").format(order=order),
            _("give dmy (day first) or mdy (month first)"),
        ) from None


def as_of_day(value: DateLike | None) -> date:
    """``as_of`` as given to the API: a date, a date's text, or None for today."""
    if value is None:
        # The API's caller, like the command line's, asks about today unless told otherwise.
        return date.today()  # noqa: DTZ011
    return parse_date(cell_text(value))
