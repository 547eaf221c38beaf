"""Human sentences for the engine's notes and reasons, kept apart from the engine's logic.

The engine returns Message codes with arguments; this catalogue is the one place that turns
them into text, so a translation replaces templates here and nowhere else.
"""

from __future__ import annotations

from datetime import date

from .model import Message

CATALOGUE: dict[str, str] = {
    # notes
    "month-only": (
        "{rule}: the source gives only the month ({month}), so a purchase in that month gets "
        "the earlier terms; the newer ones may apply"
    ),
    "rule-note": "{text}",
    "no-consent": (
        "{rule} requires accepting the brand's marketing messages; without that consent the "
        "brand may refuse it, so it is not counted"
    ),
    "not-transferable": (
        "{rule}: the source does not say the extension passes to a later owner, so it is not "
        "counted for a second-hand watch"
    ),
    "no-deadline": (
        "{rule}: the source names no registration deadline; the dates shown assume registration "
        "while the base warranty runs"
    ),
    "registered-late-note": "{rule}: registration came after the last day, {deadline}",
    "registered-early-note": (
        "{rule}: registration came before the programme accepted it ({opens}); register again"
    ),
    "registered-date-unknown": "{rule}: registration date not given; assumed to have been in time",
    "register-by": "Register by {deadline} to extend cover to {expiry}",
    "registration-closed": "{rule}: the last day to register was {deadline}",
    "unknown-movement": "Movement not given; if it is {values}, cover runs to {expiry}",
    "unknown-movement-if-registered": (
        "Movement not given; if it is {values}, registering in time gives cover to {expiry}"
    ),
    "unknown-region": "Region not given; if bought in {values}, cover runs to {expiry}",
    "unknown-region-if-registered": (
        "Region not given; if bought in {values}, registering in time gives cover to {expiry}"
    ),
    "unknown-store": "Store not given; if bought at {values}, cover runs to {expiry}",
    "unknown-store-if-registered": (
        "Store not given; if bought at {values}, registering in time gives cover to {expiry}"
    ),
    "unconfirmed-start": (
        "{rule}: the source does not say when these terms began, so they count only for "
        "purchases from {effective}; had they applied earlier, cover could be up to {best}"
    ),
    "unchecked": (
        "{rule} applies only to {condition}, which this tool cannot check, so it is not "
        "counted; if it applies, cover runs to {expiry}"
    ),
    "unchecked-registered": (
        "{rule} applies only to {condition}, which this tool cannot check, so it is not "
        "counted; if it applies and the watch is registered in time, cover runs to {expiry}"
    ),
    "not-high-confidence": (
        "This answer rests on sources that are not the brand's own page: {rules}"
    ),
    # reasons in the explain trace
    "unchecked-step": "applies only to {condition}, which cannot be checked here",
    "starts-later": "starts {effective}, after the purchase",
    "month-only-step": "starts some day in {month}, the month of purchase",
    "needs-movement": "needs movement {wanted}; the watch has {found}",
    "needs-region": "needs a purchase in {wanted}; bought {found}",
    "needs-store": "needs a purchase at a named store; bought {found}",
    "needs-movement-not-given": "needs movement {wanted}; movement not given",
    "needs-region-not-given": "needs a purchase in {wanted}; region not given",
    "needs-store-not-given": "needs a purchase at a named store; store not given",
    "needs-consent": "needs consent to the brand's marketing messages",
    "not-transferable-step": "not known to pass to a later owner",
    "in-force": "in force for purchases from {effective}",
    "default-applies": "no brand policy applies, so the default does",
    "automatic": "granted without registration",
    "registered-in-time": "registered on {registered_on}, in time",
    "registered-late": "registered on {registered_on}, after the deadline {deadline}",
    "registered-early": "registered on {registered_on}, before registration opened on {opens}",
    "registered-assumed": "registered, date not given: assumed in time",
    "not-registered": "not registered; the deadline is {deadline}",
}


def render(message: Message) -> str:
    """The English sentence for a message, with dates written as YYYY-MM-DD."""
    args = {key: _text(value) for key, value in message.args}
    return CATALOGUE[message.code].format(**args)


def _text(value: str | int | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
