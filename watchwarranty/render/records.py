"""The one key contract shared by JSON and CSV output: ISO dates, stable words, null = none."""

from __future__ import annotations

from typing import Any

from watchwarranty.messages import render
from watchwarranty.model import Verdict

SCALAR_KEYS = (
    "brand",
    "purchase_date",
    "as_of",
    "base_expiry",
    "extended_expiry",
    "effective_expiry",
    "status",
    "days_left",
    "register_by",
    "expiry_if_registered",
)


def to_record(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a JSON-ready dict with exactly the documented keys."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "brand": verdict.brand_name,
        "purchase_date": iso(verdict.purchase.purchased_on),
        "as_of": iso(verdict.as_of),
        "base_expiry": iso(verdict.base_expiry),
        "extended_expiry": iso(verdict.extended_expiry),
        "effective_expiry": iso(verdict.effective_expiry),
        "status": verdict.status,
        "days_left": verdict.days_left,
        "register_by": iso(verdict.register_by),
        "expiry_if_registered": iso(verdict.expiry_if_registered),
        "rules": [
            {"id": rule.id, "title": rule.title, "source": rule.source} for rule in verdict.rules
        ],
        "notes": [render(note) for note in verdict.notes],
    }


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
