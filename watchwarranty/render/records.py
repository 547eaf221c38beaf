"""The one output contract shared by `check` (JSON, CSV) and `batch` (every row): the scalar keys
of an answer and how each is written. ISO dates, stable words, null (or an empty cell) = none."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from watchwarranty.messages import render
from watchwarranty.model import (
    ArgValue,
    Conditions,
    Duration,
    LegalTerms,
    Message,
    Phrase,
    Policy,
    ServiceGuarantee,
    Verdict,
)

if TYPE_CHECKING:
    # Only brands and rules show need these; check's JSON path must not import them.
    from watchwarranty.engine.overview import BrandSummary, Period

# The answer's own keys: every batch row carries them, after the inventory's columns.
RESULT_KEYS = (
    "base_expiry",
    "extended_expiry",
    "effective_expiry",
    "possible_expiry",
    "status",
    "days_left",
    "register_by",
    "expiry_if_registered",
    "depends_on",
)
# The two clocks beside the maker's warranty, which never move the keys above: the brand's
# service guarantee and the seller's legal guarantee. An expiry is null when not known, and
# its notes say why.
GUARANTEE_KEYS = (
    "service_guarantee_expiry",
    "service_guarantee_scope",
    "service_guarantee_source",
    "service_guarantee_confidence",
    "legal_guarantee_expiry",
    "legal_guarantee_jurisdiction",
    "legal_guarantee_owner",
    "legal_guarantee_source",
    "legal_guarantee_confidence",
)
# Why a clock is null, or what it rests on: sentences in the active language, apart from the
# values above, which are the same in every language (JSON gives each note's code and args).
GUARANTEE_NOTE_KEYS = ("service_guarantee_notes", "legal_guarantee_notes")
SCALAR_KEYS = ("brand", "purchase_date", "as_of", *RESULT_KEYS)

Scalar = str | int | None

# Raised when a key changes meaning or goes away; adding a key leaves it alone.
SCHEMA_VERSION = 3


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def result_values(verdict: Verdict) -> tuple[Scalar, ...]:
    """The values of RESULT_KEYS for a verdict, in that order: one cell each."""
    return (
        _iso(verdict.base_expiry),
        _iso(verdict.extended_expiry),
        _iso(verdict.effective_expiry),
        _iso(verdict.possible_expiry),
        verdict.status,
        verdict.days_left,
        _iso(verdict.register_by),
        _iso(verdict.expiry_if_registered),
        depends_text(verdict) or None,
    )


def depends_text(verdict: Verdict) -> str:
    """``depends_on`` in one cell: ``fact=value: expiry``, joined by ``; ``."""
    return "; ".join(
        f"{entry.fact}={entry.value}: {entry.expiry.isoformat()}" for entry in verdict.depends_on
    )


def depends_record(verdict: Verdict) -> list[dict[str, str]]:
    """``depends_on`` for JSON: each fact, the value that alone gives longer cover, and it."""
    return [
        {"fact": entry.fact, "value": entry.value, "expiry": entry.expiry.isoformat()}
        for entry in verdict.depends_on
    ]


def scalar_values(verdict: Verdict) -> tuple[Scalar, ...]:
    """The values of SCALAR_KEYS, one cell each: what `check --format csv` and every batch row
    write, byte for byte."""
    return (
        verdict.brand_name,
        _iso(verdict.purchase.purchased_on),
        _iso(verdict.as_of),
        *result_values(verdict),
    )


def guarantee_values(verdict: Verdict) -> tuple[Scalar, ...]:
    """The values of GUARANTEE_KEYS for a verdict, in that order."""
    clocks = verdict.guarantees
    if clocks is None:
        return (None,) * len(GUARANTEE_KEYS)
    service, legal = clocks.service, clocks.legal
    service_rule = service.rule if isinstance(service.rule, ServiceGuarantee) else None
    law = legal.jurisdiction
    return (
        _iso(service.expiry),
        service_rule.covers.value if service_rule is not None else None,
        service.rule.source if service.rule is not None else None,
        service.rule.confidence.value if service.rule is not None else None,
        _iso(legal.expiry),
        law.id if law is not None else None,
        legal.rule.owed_by if isinstance(legal.rule, LegalTerms) else None,
        legal.rule.source if legal.rule is not None else None,
        legal.rule.confidence.value if legal.rule is not None else None,
    )


def guarantee_notes(verdict: Verdict) -> tuple[tuple[Message, ...], tuple[Message, ...]]:
    """The notes of the service clock and of the legal clock (GUARANTEE_NOTE_KEYS' order)."""
    clocks = verdict.guarantees
    if clocks is None:
        return (), ()
    return clocks.service.notes, clocks.legal.notes


def to_record(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a JSON-ready dict with exactly the documented keys."""
    return {
        **dict(zip(SCALAR_KEYS, scalar_values(verdict), strict=True)),
        # JSON says what the cell says, as data.
        "depends_on": depends_record(verdict),
        **dict(zip(GUARANTEE_KEYS, guarantee_values(verdict), strict=True)),
        **{
            key: [note_record(note) for note in notes]
            for key, notes in zip(GUARANTEE_NOTE_KEYS, guarantee_notes(verdict), strict=True)
        },
        "rules": [
            {"id": rule.id, "title": rule.title, "source": rule.source} for rule in verdict.rules
        ],
        "notes": [note_record(note) for note in verdict.notes],
        # What the answer rests on that this tool cannot check.
        "conditions": [note_record(condition) for condition in verdict.conditions],
        "facts": facts_record(verdict),
        "schema_version": SCHEMA_VERSION,
        # Which rules gave this answer: RULES-CHANGELOG.md says what each version changed.
        "rules_version": verdict.rules_version,
        "rules_fingerprint": verdict.rules_fingerprint,
    }


def _arg(value: ArgValue) -> str | int:
    if isinstance(value, Duration):
        return f"P{value.years}Y{value.months}M"  # ISO 8601
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Phrase):
        return value.en
    return value


def note_record(note: Message) -> dict[str, Any]:
    """A note for scripts: its stable code, its arguments (ISO dates, ISO 8601 lengths, English
    rule titles) and its sentence in the chosen language."""
    return {
        "code": note.code,
        "args": {key: _arg(value) for key, value in note.args},
        "text": render(note),
    }


def facts_record(verdict: Verdict) -> dict[str, Any]:
    """The facts the answer used: those given, and those it had to assume, each by name."""
    purchase = verdict.purchase
    given = {
        "brand": purchase.brand,
        "purchase_date": _iso(purchase.purchased_on),
        "region": purchase.region,
        "movement": purchase.movement,
        "store": purchase.store,
        "registered": purchase.registered,
        "registered_on": _iso(purchase.registered_on),
        "second_hand": purchase.second_hand,
        "marketing_consent": purchase.marketing_consent,
        "activated_on": _iso(purchase.activated_on),
        "serviced_on": _iso(purchase.serviced_on),
        "assume": sorted(purchase.assumed) or None,
        "service_kind": purchase.service_kind,
        "price": str(purchase.price) if purchase.price is not None else None,
        "currency": purchase.currency,
        "sold_on": _iso(purchase.sold_on),
    }
    return {
        "given": {key: value for key, value in given.items() if value is not None},
        # The facts not given whose value changes the answer.
        "assumed": list(verdict.unknown),
    }


def notes_text(verdict: Verdict) -> str:
    """The notes' sentences in one CSV cell."""
    return " | ".join(render(note) for note in verdict.notes)


def conditions_text(verdict: Verdict) -> str:
    """What the answer rests on, in one CSV cell."""
    return " | ".join(render(condition) for condition in verdict.conditions)


def to_trace(verdict: Verdict) -> list[dict[str, str]]:
    """Every rule the engine considered, as data: the JSON view of ``--explain``."""
    return [
        {
            "id": step.rule.id,
            "title": step.rule.title,
            "outcome": step.outcome.value,
            "reason": render(step.reason),
            "source": step.rule.source,
            "confidence": step.rule.confidence.value,
        }
        for step in verdict.steps
    ]


def _years(length: Duration) -> int | float:
    months = length.total_months
    return months // 12 if months % 12 == 0 else round(months / 12, 2)


def brand_record(summary: BrandSummary) -> dict[str, Any]:
    """One brand for `brands --format json`: names, and its cover for a watch bought today."""
    brand = summary.brand
    return {
        "id": brand.id,
        "name": brand.name,
        "name_zh": brand.name_zh,
        "aliases": list(brand.aliases),
        "base_years": _years(summary.base),
        "best_years": _years(summary.best),
        "confidence": summary.confidence.value,
        # Policies whose start no source confirms: earlier purchases may have had them too.
        "unconfirmed_starts": [
            {"id": policy.id, "from": _start(policy)}
            for policy in brand.policies
            if not policy.start_confirmed
        ],
    }


def period_record(period: Period) -> dict[str, Any]:
    """One policy of `rules show --format json`: when, what, on which conditions, from where."""
    from watchwarranty.engine.overview import extension_terms, policy_terms

    policy = period.policy
    return {
        "id": policy.id,
        "title": policy.title,
        "from": _start(policy),
        "start_confirmed": policy.start_confirmed,
        "until": period.until.isoformat() if period.until else None,
        "base": str(policy.base),
        "conditions": conditions_record(policy.when),
        "terms": policy_terms(policy),
        "extensions": [
            {
                "id": extension.id,
                "title": extension.title,
                "adds": str(extension.adds),
                "terms": extension_terms(extension),
                "conditions": conditions_record(extension.when),
                "source": extension.source,
                "confidence": extension.confidence.value,
            }
            for extension in policy.extensions
        ],
        "note": policy.note,
        "source": policy.source,
        "confidence": policy.confidence.value,
        "from_user_rules": period.from_user,
    }


def policy_start(policy: Policy) -> str | None:
    """A policy's first day as the rules give it (a month when only the month is known)."""
    return _start(policy)


def _start(policy: Policy) -> str | None:
    if policy.effective == date.min:
        return None
    return (
        policy.effective.strftime("%Y-%m") if policy.month_only else policy.effective.isoformat()
    )


def conditions_record(when: Conditions) -> dict[str, list[str]]:
    """The facts a rule needs, as sorted lists; a fact it does not look at is left out."""
    named = {"movements": when.movements, "regions": when.regions, "stores": when.stores}
    return {fact: sorted(values) for fact, values in named.items() if values is not None}
