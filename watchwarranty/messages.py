"""Human sentences for the engine's notes and reasons, kept apart from the engine's logic.

The engine returns Message codes with arguments; this catalogue is the one place that turns
them into text, in the active language (see i18n.py), with dates and lengths written for it.
"""

from __future__ import annotations

import re
from datetime import date

from watchwarranty.i18n import (
    N_,
    _,
    format_date,
    format_duration,
    join_any,
    phrase,
    region_name,
    rules_text,
)
from watchwarranty.model import ELSEWHERE, Duration, Message, Phrase

N_("elsewhere")  # ELSEWHERE, marked here for the catalogue

# Arguments the engine hands over as a list it joined itself ("AT or BE", "GB, IE"): said again
# item by item, each in the reader's language, and joined as the language joins alternatives.
_LISTS = ("values", "wanted", "regions")
_LISTED = re.compile(r" or |, ")
# What ELSEWHERE stands for, by the fact a message is about: "if bought in another region",
# never "if bought in elsewhere".
_ELSEWHERE = {
    "region": N_("another region"),
    "store": N_("another shop"),
    "movement": N_("another kind"),
}

CATALOGUE: dict[str, str] = {
    # notes
    "month-only": N_(
        "{rule}: the source gives only the month ({month}), so a purchase in that month gets "
        "the earlier terms; the newer ones may apply"
    ),
    "rule-note": "{text}",
    "no-consent": N_(
        "{rule} requires accepting the brand's marketing messages; without that consent the "
        "brand may refuse it, so it is not counted"
    ),
    "not-transferable": N_(
        "{rule}: the source does not say the extension passes to a later owner, so it is not "
        "counted for a second-hand watch"
    ),
    "no-deadline": N_(
        "{rule}: the source names no registration deadline; the dates shown assume registration "
        "while the base warranty runs"
    ),
    "registered-late-note": N_("{rule}: registration came after the last day, {deadline}"),
    "registered-early-note": N_(
        "{rule}: registration came before the programme accepted it ({opens}); register again"
    ),
    "registered-date-unknown": N_(
        "{rule}: registration date not given; assumed to have been in time"
    ),
    "register-by": N_("Register by {deadline} to extend cover to {expiry}"),
    "registration-never-open": N_(
        "{rule}: registration opened on {opens}, after this watch's base warranty ended on "
        "{end}, so it cannot be earned"
    ),
    "registered-before-opening": N_(
        "{rule}: registration opens on {opens}; a registration before then does not count, so "
        "register again once it opens"
    ),
    "registration-closed": N_("{rule}: the last day to register was {deadline}"),
    "unknown-movement": N_("Movement not given; if it is {values}, cover runs to {expiry}"),
    "unknown-movement-if-registered": N_(
        "Movement not given; if it is {values}, registering in time gives cover to {expiry}"
    ),
    "unknown-region": N_("Region not given; if bought in {values}, cover runs to {expiry}"),
    "unknown-region-if-registered": N_(
        "Region not given; if bought in {values}, registering in time gives cover to {expiry}"
    ),
    "unknown-store": N_("Store not given; if bought at {values}, cover runs to {expiry}"),
    "unknown-store-if-registered": N_(
        "Store not given; if bought at {values}, registering in time gives cover to {expiry}"
    ),
    "unconfirmed-start": N_(
        "{rule}: the source does not say when these terms began, so they count only for "
        "purchases from {effective}; had they applied earlier, cover could be up to {best}"
    ),
    "unchecked": N_(
        "{rule} applies only to {condition}, which this tool cannot check, so it is not "
        "counted; if it applies, cover runs to {expiry}"
    ),
    "unchecked-registered": N_(
        "{rule} applies only to {condition}, which this tool cannot check, so it is not "
        "counted; if it applies and the watch is registered in time, cover runs to {expiry}"
    ),
    "not-high-confidence": N_(
        "This answer rests on sources that are not the brand's own page: {rules}"
    ),
    "counts-from-activation": N_(
        "{rule}: cover counts from the activation of the warranty card; without "
        "--activated-on it is counted from the purchase date, which can only shorten it"
    ),
    "counts-from-delivery": N_(
        "{rule}: cover counts from the delivery; without --activated-on (the delivery date) it "
        "is counted from the purchase date, which can only shorten it"
    ),
    "activation-unused": N_(
        "The activation date changed nothing: {rule} counts cover from the sale"
    ),
    "base-needs-registration": N_(
        "{rule}: the warranty is valid only once the sale is registered (by the dealer or the "
        "owner), so no cover is counted until it is; register by {deadline}"
    ),
    "base-never-registered": N_(
        "{rule}: the warranty is valid only once the sale is registered, and no registration "
        "is given"
    ),
    "base-registered-late": N_(
        "{rule}: the sale was registered after the warranty's last day, {deadline}, so it "
        "gives no cover"
    ),
    "base-not-transferable": N_(
        "{rule}: the warranty stays with the first owner, so a later owner has no cover from it"
    ),
    "service-by": N_("{rule}: a service by the brand by {deadline} extends cover to {expiry}"),
    "service-missed": N_("{rule}: the last day for the service was {deadline}"),
    "serviced-outside-note": N_("{rule}: the service counts only from {opens} to {deadline}"),
    "service-unused": N_(
        "The service date changed nothing: {rule} gives no extension for a service"
    ),
    # conditions: what an answer rests on that this tool cannot check
    "base-registered-assumed": N_(
        "Valid only if the sale was registered (by the dealer or the owner): {rule}"
    ),
    "honoured-only-in": N_(
        "{rule}: honoured only in {regions}, where the watch was bought; service elsewhere "
        "may refuse these terms"
    ),
    "scope": N_("What it covers: {scope} ({rule})"),
    "capped": N_("{rule}: at most {cap} of cover in all"),
    # reasons in the explain trace
    "unchecked-step": N_("applies only to {condition}, which cannot be checked here"),
    "starts-later": N_("starts {effective}, after the purchase"),
    "month-only-step": N_("starts some day in {month}, the month of purchase"),
    "needs-movement": N_("needs movement {wanted}; the watch has {found}"),
    "needs-region": N_("needs a purchase in {wanted}; bought {found}"),
    "needs-store": N_("needs a purchase at a named store; bought {found}"),
    "needs-movement-not-given": N_("needs movement {wanted}; movement not given"),
    "needs-region-not-given": N_("needs a purchase in {wanted}; region not given"),
    "needs-store-not-given": N_("needs a purchase at a named store; store not given"),
    "needs-consent": N_("needs consent to the brand's marketing messages"),
    "not-transferable-step": N_("not known to pass to a later owner"),
    "in-force": N_("in force for purchases from {effective}"),
    "default-applies": N_("no brand policy applies, so the default does"),
    "automatic": N_("granted without registration"),
    "registered-in-time": N_("registered on {registered_on}, in time"),
    "registered-late": N_("registered on {registered_on}, after the deadline {deadline}"),
    "registered-early": N_("registered on {registered_on}, before registration opened on {opens}"),
    "registered-assumed": N_("registered, date not given: assumed in time"),
    "not-registered": N_("not registered; the deadline is {deadline}"),
    "serviced-in-time": N_("serviced by the brand on {serviced_on}, in time"),
    "serviced-outside": N_(
        "serviced on {serviced_on}, outside the window from {opens} to {deadline}"
    ),
    "not-serviced": N_("no service given; the last day for one is {deadline}"),
    "never-open-step": N_(
        "registration opened on {opens}, after the base warranty ended on {deadline}"
    ),
}


def render(message: Message) -> str:
    """The sentence for a message in the active language."""
    fact = next((fact for fact in _ELSEWHERE if f"-{fact}" in message.code), None)
    if message.code == "honoured-only-in":
        fact = "region"
    args = {}
    for key, value in message.args:
        if isinstance(value, str) and (key in _LISTS or key == "found"):
            items = _LISTED.split(value) if key in _LISTS else [value]
            args[key] = join_any([_item(item, fact) for item in items])
        else:
            args[key] = _text(value)
    return _(CATALOGUE[message.code]).format(**args)


def _item(value: str, fact: str | None) -> str:
    if value == ELSEWHERE:
        return _(_ELSEWHERE[fact]) if fact is not None else _(ELSEWHERE)
    if fact == "region":
        return region_name(value)
    return rules_text(value)


def _text(value: str | int | date | Duration | Phrase) -> str:
    if isinstance(value, Phrase):
        return phrase(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Duration):
        return format_duration(value)
    if value == ELSEWHERE:
        return _(ELSEWHERE)
    return rules_text(str(value))
