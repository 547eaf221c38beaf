"""Reminders for the dates an owner must not miss: the last day to register, and each expiry.

Pure: a verdict in, events out. Their UIDs depend only on the watch and the kind of event, so a
calendar program that imports the file again updates the events instead of adding copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from watchwarranty.i18n import _, format_date, phrase, title
from watchwarranty.model import Extension, Outcome, Phrase, Policy, Purchase, Verdict


@dataclass(frozen=True, slots=True)
class Reminder:
    """One all-day event, with an alarm ``alarm_days`` before it."""

    uid: str
    day: date
    summary: str
    description: str
    alarm_days: int


def watch_key(purchase: Purchase, identity: str | None = None) -> str:
    """What identifies a watch across runs: its own id when given (a SKU, a serial), else the
    facts about it that never change."""
    if identity:
        return f"id:{identity}"
    return "|".join(
        str(part or "")
        for part in (purchase.brand, purchase.purchased_on, purchase.region, purchase.store)
    )


def reminders(
    verdict: Verdict, brand_name: str, *, key: str, remind_before: int
) -> list[Reminder]:
    """The events still ahead of ``verdict.as_of``: registration deadline and expiry."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    sources = _sources(rule for rule in verdict.rules)
    # The registration reminder cites the extensions it would earn.
    earnable = _sources(s.rule for s in verdict.steps if s.outcome is Outcome.NOT_EARNED)
    events = []
    deadline = verdict.may_register_by
    if deadline is not None and deadline >= verdict.as_of:
        what = _register_words(verdict, deadline)
        events.append(
            Reminder(
                uid=f"{digest}-register@watchwarranty",
                day=deadline,
                summary=_("Register your {brand} watch").format(brand=brand_name),
                description=what
                + "\n"
                + _("Source: {sources}").format(sources=earnable or sources),
                alarm_days=remind_before,
            )
        )
    if verdict.effective_expiry >= verdict.as_of:
        what = _("The {brand} warranty covers the watch through {day}.").format(
            brand=brand_name, day=format_date(verdict.effective_expiry)
        )
        events.append(
            Reminder(
                uid=f"{digest}-expiry@watchwarranty",
                day=verdict.effective_expiry,
                summary=_("{brand} warranty ends").format(brand=brand_name),
                description=what + "\n" + _("Source: {sources}").format(sources=sources),
                alarm_days=remind_before,
            )
        )
    events.extend(_guarantee_reminders(verdict, brand_name, digest, remind_before))
    return events


def _guarantee_reminders(
    verdict: Verdict, brand_name: str, digest: str, remind_before: int
) -> list[Reminder]:
    """The ends still ahead of the brand's service guarantee and the seller's legal guarantee:
    each its own event, since neither is the maker's warranty."""
    clocks = verdict.guarantees
    if clocks is None:
        return []
    events = []
    service, legal = clocks.service, clocks.legal
    if service.expiry is not None and service.rule is not None and service.expiry >= verdict.as_of:
        what = _("{brand}'s guarantee on its service covers it through {day}.").format(
            brand=brand_name, day=format_date(service.expiry)
        )
        events.append(
            Reminder(
                uid=f"{digest}-service@watchwarranty",
                day=service.expiry,
                summary=_("{brand} service guarantee ends").format(brand=brand_name),
                description=what
                + "\n"
                + _("Source: {sources}").format(
                    sources=f"{phrase(Phrase(service.rule.title, service.rule.title_zh))}: "
                    f"{service.rule.source}"
                ),
                alarm_days=remind_before,
            )
        )
    if legal.expiry is not None and legal.rule is not None and legal.expiry >= verdict.as_of:
        what = _(
            "The seller's legal guarantee on the {brand} watch runs through {day}: the seller, "
            "not the maker, answers for defects until then."
        ).format(brand=brand_name, day=format_date(legal.expiry))
        events.append(
            Reminder(
                uid=f"{digest}-legal@watchwarranty",
                day=legal.expiry,
                summary=_("Seller's legal guarantee on your {brand} watch ends").format(
                    brand=brand_name
                ),
                description=what
                + "\n"
                + _("Source: {sources}").format(
                    sources=f"{phrase(Phrase(legal.rule.title, legal.rule.title_zh))}: "
                    f"{legal.rule.source}"
                ),
                alarm_days=remind_before,
            )
        )
    return events


def _register_words(verdict: Verdict, deadline: date) -> str:
    if verdict.register_by is None and verdict.expiry_if_open is not None:
        # No promise: registering earns only where it is open to the holder.
        return _(
            "Where registering is open to this watch and its holder (it depends on facts not "
            "given), register it with the brand by {day} to extend its cover to {expiry}."
        ).format(day=format_date(deadline), expiry=format_date(verdict.expiry_if_open))
    gain = verdict.expiry_if_registered
    if gain:
        return _(
            "Register the watch with the brand by {day} to extend its cover to {expiry}."
        ).format(day=format_date(deadline), expiry=format_date(gain))
    return _("Register the watch with the brand by {day}.").format(day=format_date(deadline))


def _sources(rules: Iterable[Policy | Extension]) -> str:
    return "; ".join(f"{title(rule)}: {rule.source}" for rule in rules)
