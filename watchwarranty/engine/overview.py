"""What a brand's rules say at a glance: its cover today, and its policies over time.

Built on the engine rather than read off the rules, so the overview cannot disagree with
`check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.i18n import (
    N_,
    _,
    format_date,
    format_duration,
    join_any,
    phrase,
    region_name,
)
from watchwarranty.model import (
    Brand,
    Confidence,
    Duration,
    Extension,
    Phrase,
    Policy,
    Purchase,
    RuleBook,
    Start,
)


@dataclass(frozen=True, slots=True)
class BrandSummary:
    """A brand's cover for a watch bought on ``on``: with nothing known, and at best."""

    brand: Brand
    base: Duration
    best: Duration
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Period:
    """One policy of a brand's timeline, from its start to the day before its successor."""

    policy: Policy
    until: date | None
    from_user: bool


def summarise(rules: RuleBook, brand: Brand, *, on: date) -> BrandSummary:
    """The brand's cover for a watch bought and asked about on ``on``: the least any reading of
    the facts not given gives, and the most (registered and serviced that day, the movement and
    shop that give most), as the engine answers it. Bought that day, it has its first owner."""
    verdict = evaluate(Purchase(brand.id, on, second_hand=False), rules, as_of=on)
    return BrandSummary(
        brand=brand,
        base=_length(on, verdict.effective_expiry),
        best=_length(on, verdict.possible_expiry),
        confidence=verdict.rules[0].confidence,
    )


def _length(start: date, end: date) -> Duration:
    return Duration.of_months((end.year - start.year) * 12 + end.month - start.month)


def timeline(rules: RuleBook, brand: Brand) -> list[Period]:
    """The brand's policies oldest first, each running until a successor that covers it.

    The first period is the rule book's default, for watches no brand policy reaches.
    """
    ordered = [rules.default_policy, *sorted(brand.policies, key=lambda policy: policy.effective)]
    periods = []
    for index, policy in enumerate(ordered):
        successor = next(
            (
                later
                for later in ordered[index + 1 :]
                if later.effective > policy.effective and _covers(later, policy)
            ),
            None,
        )
        until = successor.effective - timedelta(days=1) if successor else None
        periods.append(Period(policy, until, policy.id in rules.user_rule_ids))
    return periods


def _covers(later: Policy, earlier: Policy) -> bool:
    """Whether every watch the earlier policy applies to is also one the later one applies to."""
    for fact in ("movements", "regions", "stores"):
        wanted: frozenset[str] | None = getattr(later.when, fact)
        had: frozenset[str] | None = getattr(earlier.when, fact)
        if wanted is not None and (had is None or not had <= wanted):
            return False
    return True


def extension_terms(extension: Extension) -> list[str]:
    """The conditions of an extension as short phrases, for a timeline."""
    terms = []
    if extension.requires_service:
        window = extension.service_within
        terms.append(
            _("a service by the brand within {length}").format(length=format_duration(window))
            if window is not None
            else _("a service by the brand while the base warranty runs")
        )
    elif extension.requires_registration:
        if extension.deadline_stated:
            terms.append(_("registration (while the base warranty runs)"))
        else:
            terms.append(_("registration (no deadline named)"))
        if extension.registration_opens:
            terms.append(
                _("registrations from {day}").format(day=format_date(extension.registration_opens))
            )
    else:
        terms.append(_("automatic"))
    if extension.requires_marketing_consent:
        terms.append(_("marketing consent"))
    if extension.cap:
        terms.append(_("at most {length} in all").format(length=format_duration(extension.cap)))
    if extension.transferable is True:
        terms.append(_("passes to later owners"))
    elif extension.transferable is False:
        terms.append(_("does not pass to later owners"))
    if extension.unchecked_condition:
        terms.append(
            _("only {condition} (not checked)").format(
                condition=phrase(
                    Phrase(extension.unchecked_condition, extension.unchecked_condition_zh)
                )
            )
        )
    if extension.scope is not None:
        terms.append(_("what it covers: {scope}").format(scope=phrase(extension.scope)))
    return terms


_STARTS = {
    Start.ACTIVATION: N_("counted from the warranty card's activation"),
    Start.DELIVERY: N_("counted from the delivery"),
}


def policy_terms(policy: Policy) -> list[str]:
    """What a policy's cover hangs on, beyond its dates and conditions, as short phrases."""
    terms = []
    if policy.starts in _STARTS:
        terms.append(_(_STARTS[policy.starts]))
    if policy.requires_registration:
        terms.append(_("valid only once the sale is registered"))
    if policy.transferable is False:
        terms.append(_("stays with the first owner"))
    elif policy.transferable is True:
        terms.append(_("passes to later owners"))
    if policy.only_where_bought and policy.when.regions is not None:
        regions = join_any([region_name(code) for code in sorted(policy.when.regions)])
        terms.append(_("honoured only in {regions}").format(regions=regions))
    if policy.cap is not None:
        terms.append(_("at most {length} in all").format(length=format_duration(policy.cap)))
    if policy.scope is not None:
        terms.append(_("what it covers: {scope}").format(scope=phrase(policy.scope)))
    return terms
