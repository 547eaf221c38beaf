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
    join_all,
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
    # the brand's service guarantee (engine/guarantees.py)
    "service-terms-unknown": N_(
        "{brand}'s service guarantee is not in the rules: no source they trust gives its terms"
    ),
    "service-not-given": N_("no service date given (--serviced-on)"),
    "service-before-terms": N_(
        "the rules know the brand's service terms only for services from {since}"
    ),
    "service-kind-not-covered": N_(
        "the brand's service terms in force then give no guarantee after a {kind} service"
    ),
    "service-if-kind": N_("after a {kind} service: guaranteed to {expiry}"),
    "service-owner-not-given": N_(
        "depends on who had the watch serviced: for the owner who had it serviced, to {expiry}; "
        "no source says whether it passes to a later owner (give --first-owner, or "
        "--second-hand and --sold-on)"
    ),
    "service-sale-not-given": N_(
        "to {expiry} if this owner had the watch serviced; no source says whether the service "
        "guarantee passes to a later owner (give --sold-on)"
    ),
    "service-before-sale": N_(
        "the watch was serviced before its sale to this owner on {sold_on}, and no source says "
        "whether the service guarantee passes to a later owner: if it does, to {expiry}"
    ),
    # the seller's legal guarantee (engine/guarantees.py)
    "legal-owner-not-given": N_(
        "depends on who sold the watch to its holder: to the first owner, the seller owes it "
        "to {expiry}; to a later owner, from that sale (give --first-owner, or --second-hand "
        "and --sold-on)"
    ),
    "legal-no-region": N_("give the region of the sale (--region) for the seller's guarantee"),
    "legal-region-unknown": N_("the rules hold no seller's legal guarantee for {region}"),
    "legal-needs-sold-on": N_(
        "a second-hand watch's legal guarantee runs from its sale to this owner: give the sale "
        "date (--sold-on)"
    ),
    "legal-before-terms": N_("the rules hold this law's terms only for sales from {since}"),
    "legal-presumption": N_("defects appearing by {until} are presumed present at delivery"),
    "legal-second-hand-unknown": N_(
        "the law does not say how it treats a second-hand sale, so no period is claimed"
    ),
    "legal-needs-price": N_("the period depends on the price: give the price in {currency}"),
    "legal-price-currency": N_(
        "the law's price bands are in {currency}: give the price in {currency}"
    ),
    "legal-band-applied": N_("a price of {price} {currency}: {period}"),
    "legal-band": N_("from {lowest} {currency}: {period}"),
    "legal-no-period": N_("the law sets no fixed period"),
    "legal-second-hand-shortened": N_(
        "a second-hand sale may shorten it to this by contract, where the law allows; "
        "unless it did, it runs to {expiry}"
    ),
    "legal-from-delivery": N_(
        "counted from the sale on {day}; the law counts from delivery, which may be later"
    ),
    "legal-repair-extension": N_(
        "a repair under this guarantee extends it once by {length}, to {expiry}"
    ),
    # notes
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
    "registered-late-if-note": N_(
        "{rule}: a registration after the last day, {deadline}, earns nothing (the registration "
        "day was not given)"
    ),
    "registered-early-if-note": N_(
        "{rule}: a registration before the programme accepted it ({opens}) earns nothing (the "
        "registration day was not given)"
    ),
    "registered-early-note": N_(
        "{rule}: registration came before the programme accepted it ({opens}); register again"
    ),
    "register-by": N_("Register by {deadline} to extend cover to {expiry}"),
    "register-by-if-open": N_(
        "Where registering is open to this watch and its holder (it depends on facts not "
        "given), registering by {deadline} extends cover to {expiry}"
    ),
    "registration-never-open": N_(
        "{rule}: registration opened on {opens}, after this watch's base warranty ended on "
        "{end}, so it cannot be earned"
    ),
    "registration-closed": N_("{rule}: the last day to register was {deadline}"),
    # what a fact not given would change: "covered to {expiry} if ..."
    "depends-movement": N_("If the movement is {values}, cover runs to {expiry}"),
    "depends-region": N_("If bought in {values}, cover runs to {expiry}"),
    "depends-store": N_("If bought at {values}, cover runs to {expiry}"),
    "depends-first-owner": N_("If the holder is the first owner, cover runs to {expiry}"),
    "depends-later-owner": N_("If the holder is a later owner, cover runs to {expiry}"),
    "depends-registered": N_("If the sale was registered, cover runs to {expiry}"),
    "depends-not-registered": N_("If the sale was not registered, cover runs to {expiry}"),
    "depends-registered-on": N_(
        "If it was registered between {first} and {last}, cover runs to {expiry}"
    ),
    "depends-serviced-on": N_(
        "If the brand serviced it between {first} and {last}, cover runs to {expiry}"
    ),
    "depends-activated-on": N_(
        "If the warranty was activated (or the watch delivered) on {day}, cover runs to {expiry}"
    ),
    "depends-unconfirmed-start": N_(
        "{rule}: the sources date these terms only from {effective}; if they already applied, "
        "cover runs to {expiry}"
    ),
    "depends-month-only": N_(
        "{rule}: the source gives only the month ({month}); if these terms applied to this "
        "purchase, cover runs to {expiry}"
    ),
    "depends-unchecked": N_(
        "{rule} applies only to {condition}, which this tool cannot check; if it applies, "
        "cover runs to {expiry}"
    ),
    "depends-transfer": N_(
        "{rule}: the sources do not say it passes to a later owner; if it does, cover runs to "
        "{expiry}"
    ),
    "depends-late": N_(
        "{rule}: the source names no registration deadline; if a registration after the base "
        "warranty's last day still counts, cover runs to {expiry}"
    ),
    "depends-together-terms": N_(
        "The longest cover counts these terms the sources leave open (--assume takes each): "
        "{terms}"
    ),
    "depends-together": N_(
        "Cover may run to {expiry}, depending on these facts together: {facts}"
    ),
    "not-high-confidence": N_(
        "This answer rests on sources that are not the brand's own page: {rules}"
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
    "base-registered-late-if": N_(
        "{rule}: a sale registered after the warranty's last day, {deadline}, gets no cover "
        "from it (the registration day was not given)"
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
    "honoured-only-in": N_(
        "{rule}: honoured only in {regions}, where the watch was bought; service elsewhere "
        "may refuse these terms"
    ),
    "scope": N_("What it covers: {scope} ({rule})"),
    "owner-condition": N_("{rule}: only if {condition}"),
    "assumed-term": N_("{rule}: counted as you said it holds (the sources leave it open)"),
    "assumed-late": N_(
        "{rule}: a registration after the base warranty's last day counted, as you said (the "
        "source names no deadline)"
    ),
    "assumed-transfer": N_(
        "{rule}: counted as passing to a later owner, as you said (the sources do not say)"
    ),
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
    "assumed-in-force": N_("taken as in force (the sources date it from {effective})"),
    "default-applies": N_("no brand policy applies, so the default does"),
    "automatic": N_("granted without registration"),
    "registered-in-time": N_("registered on {registered_on}, in time"),
    "registered-late": N_("registered on {registered_on}, after the deadline {deadline}"),
    "registered-early": N_("registered on {registered_on}, before registration opened on {opens}"),
    "not-registered": N_("not registered; the deadline is {deadline}"),
    "registered-late-counted": N_(
        "registered after the base warranty's last day, {deadline}: counted, as the source "
        "names no deadline"
    ),
    "registered-in-time-if": N_(
        "if registered from {opens} to {deadline}, in time (the registration day was not given)"
    ),
    "registered-late-if": N_(
        "if registered after the deadline {deadline} (the registration day was not given)"
    ),
    "registered-early-if": N_(
        "if registered before registration opened on {opens} (the registration day was not given)"
    ),
    "serviced-in-time": N_("serviced by the brand on {serviced_on}, in time"),
    "serviced-outside": N_(
        "serviced on {serviced_on}, outside the window from {opens} to {deadline}"
    ),
    "not-serviced": N_("no service given; the last day for one is {deadline}"),
    "never-open-step": N_(
        "registration opened on {opens}, after the base warranty ended on {deadline}"
    ),
}


# The facts not given, as a sentence names them ("depends-together").
_FACTS = {
    "movement": N_("the movement"),
    "region": N_("where it was bought"),
    "store": N_("the shop"),
    "second_hand": N_("first or later owner"),
    "registered": N_("registration"),
    "activated_on": N_("the activation day"),
    "serviced_on": N_("a service by the brand"),
    "assume": N_("terms the sources leave open"),
}


def render(message: Message) -> str:
    """The sentence for a message in the active language."""
    fact = next((fact for fact in _ELSEWHERE if f"-{fact}" in message.code), None)
    if message.code == "honoured-only-in":
        fact = "region"
    args = {}
    for key, value in message.args:
        if key == "facts" and isinstance(value, str):
            args[key] = join_all([_(_FACTS.get(fact, fact)) for fact in value.split(", ")])
        elif isinstance(value, str) and (key in _LISTS or key == "found"):
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
