"""The warranty engine: a purchase and the rules in, a verdict out. No I/O, no clock.

Facts the owner did not give (movement, region, store) are not guessed. The engine evaluates
every value they could take, keeps the reading with the shortest cover, and notes which value
would give more: an unknown fact never yields longer cover than a known one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from .dates import add_duration, add_months
from .errors import InputError, UnknownBrandError
from .i18n import _
from .model import (
    ELSEWHERE,
    Brand,
    Conditions,
    Confidence,
    Duration,
    Extension,
    Message,
    Outcome,
    Phrase,
    Policy,
    Purchase,
    RuleBook,
    Step,
    Store,
    Verdict,
)
from .rules import find_store


class _World(NamedTuple):
    """One complete assignment of the facts the rules look at."""

    movement: str | None
    region: str | None
    store: Store | None  # None: a shop the rules do not name
    # Facts the owner did not give, whose value here is one possibility among several.
    assumed: frozenset[str] = frozenset()


class _Pending(NamedTuple):
    """An extension that registering could still earn, and its registration window."""

    extension: Extension
    opens: date
    deadline: date


def evaluate(purchase: Purchase, rules: RuleBook, *, as_of: date) -> Verdict:
    """The warranty of ``purchase`` as it stands on ``as_of``.

    Raises InputError when the facts contradict each other (bought after ``as_of``, registered
    before purchase, a store in another region than the one given).
    """
    if purchase.purchased_on > as_of:
        raise InputError(
            _("purchase date {purchased_on} is after {as_of}").format(
                purchased_on=purchase.purchased_on, as_of=as_of
            ),
            _("check the purchase date, or pass --as-of a later date"),
        )
    if purchase.registered_on is not None and purchase.registered_on < purchase.purchased_on:
        raise InputError(
            _(
                "registration date {registered_on} is before the purchase date {purchased_on}"
            ).format(registered_on=purchase.registered_on, purchased_on=purchase.purchased_on),
            _("check both dates"),
        )
    brand = rules.brands.get(purchase.brand)
    if brand is None:
        raise UnknownBrandError(
            _("unknown brand {text!r}").format(text=purchase.brand),
            _("pass a brand id from the rules, e.g. find_brand(rules, name).id"),
        )
    worlds = list(_worlds(brand, rules, purchase))
    verdicts = [_evaluate_world(brand, rules, purchase, world, as_of) for world in worlds]
    if len(verdicts) == 1:
        return verdicts[0]
    # min() keeps the first of equal readings; _worlds lists the least special values first.
    chosen_index = min(range(len(verdicts)), key=lambda index: _score(verdicts[index]))
    chosen = verdicts[chosen_index]
    alternatives = tuple(_alternative_notes(worlds, verdicts, chosen, rules))
    if not alternatives:
        return chosen
    return chosen._replace(notes=chosen.notes + alternatives)


def _score(verdict: Verdict) -> tuple[date, date]:
    return verdict.effective_expiry, verdict.expiry_if_registered or verdict.effective_expiry


# -- the facts that are not known ------------------------------------------------------------


def _worlds(brand: Brand, rules: RuleBook, purchase: Purchase) -> Iterator[_World]:
    used = brand.facts_used
    store: Store | None = None
    store_known = purchase.store is not None
    if purchase.store is not None:
        store = find_store(brand, purchase.store)
    region = purchase.region
    if store is not None and store.region is not None:
        if region is not None and region != store.region:
            raise InputError(
                _("store {store!r} is in {store_region}, not {region}").format(
                    store=store.name, store_region=store.region, region=region
                ),
                _("use --region {store_region} or leave --region out").format(
                    store_region=store.region
                ),
            )
        region = store.region

    assumed: set[str] = set()
    movements: Sequence[str | None] = [purchase.movement]
    if purchase.movement is None and "movement" in used:
        movements = list(rules.movements)
        assumed.add("movement")
    regions: Sequence[str | None] = [region]
    if region is None and "region" in used:
        regions = [ELSEWHERE, *sorted(regions_named(brand))]
        assumed.add("region")
    stores: Sequence[Store | None] = [store]
    if not store_known and "store" in used:
        stores = [None, *brand.stores]
        assumed.add("store")

    for movement, world_region, world_store in itertools.product(movements, regions, stores):
        if world_store is not None and world_store.region not in (None, world_region):
            continue
        yield _World(movement, world_region, world_store, frozenset(assumed))


def regions_named(brand: Brand) -> set[str]:
    """Every region the brand's rules or stores name: the regions whose answers can differ."""
    named = {store.region for store in brand.stores if store.region is not None}
    for policy in brand.policies:
        named |= policy.when.regions or set()
        for extension in policy.extensions:
            named |= extension.when.regions or set()
    return named


def _alternative_notes(
    worlds: list[_World], verdicts: list[Verdict], chosen: Verdict, rules: RuleBook
) -> Iterator[Message]:
    """For each fact that was not given, the values of it that would give longer cover."""
    for fact in ("movement", "region", "store"):
        best: dict[str, Verdict] = {}
        for world, verdict in zip(worlds, verdicts, strict=True):
            label = _label(world, fact)
            if label not in best or _score(verdict) > _score(best[label]):
                best[label] = verdict
        if len(best) < 2:
            continue
        by_outcome: dict[tuple[date, date], list[str]] = {}
        for label, verdict in best.items():
            if _score(verdict) > _score(chosen):
                by_outcome.setdefault(_score(verdict), []).append(label)
        for (effective, if_registered), labels in sorted(by_outcome.items()):
            if fact == "movement":
                # "mechanical" already says it; its kinds (co-axial, ...) need not be listed.
                labels = [
                    label
                    for label in labels
                    if not any(
                        other != label and _movement_matches(label, frozenset([other]), rules)
                        for other in labels
                    )
                ]
            values = " or ".join(labels)
            if effective > chosen.effective_expiry:
                yield Message.of(f"unknown-{fact}", values=values, expiry=effective)
            else:
                yield Message.of(
                    f"unknown-{fact}-if-registered", values=values, expiry=if_registered
                )


def _label(world: _World, fact: str) -> str:
    if fact == "movement":
        return world.movement or ELSEWHERE
    if fact == "region":
        return world.region or ELSEWHERE
    return world.store.name if world.store is not None else ELSEWHERE


# -- one complete set of facts ---------------------------------------------------------------


def _failed_condition(when: Conditions, world: _World, rules: RuleBook) -> Message | None:
    if when.movements is not None and not _movement_matches(world.movement, when.movements, rules):
        wanted = ", ".join(sorted(when.movements))
        if "movement" in world.assumed:
            return Message.of("needs-movement-not-given", wanted=wanted)
        return Message.of("needs-movement", wanted=wanted, found=world.movement or ELSEWHERE)
    if when.regions is not None and world.region not in when.regions:
        wanted = ", ".join(sorted(when.regions))
        if "region" in world.assumed:
            return Message.of("needs-region-not-given", wanted=wanted)
        return Message.of("needs-region", wanted=wanted, found=world.region or ELSEWHERE)
    if when.stores is not None and (world.store is None or world.store.id not in when.stores):
        if "store" in world.assumed:
            return Message.of("needs-store-not-given")
        return Message.of(
            "needs-store", found=world.store.name if world.store is not None else ELSEWHERE
        )
    return None


def _movement_matches(movement: str | None, wanted: frozenset[str], rules: RuleBook) -> bool:
    # Walk up kind_of so that a rule for mechanical watches also covers co-axial ones.
    seen: set[str] = set()
    while movement is not None and movement not in seen:
        if movement in wanted:
            return True
        seen.add(movement)
        declared = rules.movements.get(movement)
        movement = declared.kind_of if declared is not None else None
    return False


def _policy_in_force(
    brand: Brand, rules: RuleBook, purchased_on: date, world: _World
) -> tuple[Policy, list[Step], list[Message]]:
    steps: list[Step] = []
    notes: list[Message] = []
    undated: list[Policy] = []
    for policy in brand.policies:
        if policy.effective > purchased_on:
            if not policy.start_confirmed and _failed_condition(policy.when, world, rules) is None:
                undated.append(policy)
            steps.append(
                Step(
                    policy,
                    Outcome.NOT_IN_FORCE,
                    Message.of("starts-later", effective=policy.effective),
                )
            )
            continue
        failed = _failed_condition(policy.when, world, rules)
        if failed is not None:
            steps.append(Step(policy, Outcome.CONDITION_FAILED, failed))
            continue
        in_start_month = (purchased_on.year, purchased_on.month) == (
            policy.effective.year,
            policy.effective.month,
        )
        if policy.month_only and in_start_month:
            month = policy.effective.strftime("%Y-%m")
            steps.append(
                Step(policy, Outcome.NOT_IN_FORCE, Message.of("month-only-step", month=month))
            )
            notes.append(Message.of("month-only", rule=_title(policy), month=month))
            continue
        steps.append(
            Step(policy, Outcome.APPLIED, Message.of("in-force", effective=policy.effective))
        )
        if policy.note:
            notes.append(Message.of("rule-note", text=Phrase(policy.note, policy.note_zh)))
        return policy, steps, notes + _undated_notes(undated, policy)
    default = rules.default_policy
    steps.append(Step(default, Outcome.APPLIED, Message.of("default-applies")))
    return default, steps, notes + _undated_notes(undated, default)


def _title(rule: Policy | Extension) -> Phrase:
    return Phrase(rule.title, rule.title_zh)


def _titles(rules: Sequence[Policy | Extension]) -> Phrase:
    chinese = "；".join(rule.title_zh or rule.title for rule in rules)
    return Phrase("; ".join(rule.title for rule in rules), chinese)


def _best_case(policy: Policy) -> Duration:
    return _total(policy.base, policy.extensions)


def _undated_notes(undated: list[Policy], chosen: Policy) -> list[Message]:
    """Newer terms whose start the source does not date, where they could give more."""
    return [
        Message.of(
            "unconfirmed-start",
            rule=_title(policy),
            effective=policy.effective,
            best=_best_case(policy),
        )
        for policy in undated
        if _best_case(policy) > _best_case(chosen)
    ]


def _total(base: Duration, extensions: Sequence[Extension]) -> Duration:
    # A cap limits what its own extension adds ("extends to 5 years in all"); capping the whole
    # total instead would let earning a second extension shorten the cover.
    months = base.total_months
    for extension in extensions:
        added = extension.adds.total_months
        if extension.cap is not None:
            added = max(0, min(added, extension.cap.total_months - months))
        months += added
    return Duration.of_months(months)


def _evaluate_world(
    brand: Brand, rules: RuleBook, purchase: Purchase, world: _World, as_of: date
) -> Verdict:
    purchased_on = purchase.purchased_on
    policy, steps, notes = _policy_in_force(brand, rules, purchased_on, world)
    base_expiry = add_duration(purchased_on, policy.base)
    granted: list[Extension] = []
    pending: list[_Pending] = []
    unchecked: list[Extension] = []

    for extension in policy.extensions:

        def record(outcome: Outcome, reason: Message, rule: Extension = extension) -> None:
            steps.append(Step(rule, outcome, reason))

        failed = _failed_condition(extension.when, world, rules)
        if failed is not None:
            record(Outcome.CONDITION_FAILED, failed)
            continue
        if extension.unchecked_condition is not None:
            record(
                Outcome.CONDITION_FAILED,
                Message.of("unchecked-step", condition=extension.unchecked_condition),
            )
            unchecked.append(extension)
            continue
        if extension.requires_marketing_consent and not purchase.marketing_consent:
            record(Outcome.CONDITION_FAILED, Message.of("needs-consent"))
            notes.append(Message.of("no-consent", rule=_title(extension)))
            continue
        if purchase.second_hand and extension.transferable is not True:
            record(Outcome.CONDITION_FAILED, Message.of("not-transferable-step"))
            notes.append(Message.of("not-transferable", rule=_title(extension)))
            continue
        if extension.note:
            notes.append(Message.of("rule-note", text=Phrase(extension.note, extension.note_zh)))
        if not extension.requires_registration:
            granted.append(extension)
            record(Outcome.APPLIED, Message.of("automatic"))
            continue

        opens = max(purchased_on, extension.registration_opens or purchased_on)
        deadline = base_expiry
        if not extension.deadline_stated and (purchase.registered or as_of <= deadline):
            notes.append(Message.of("no-deadline", rule=_title(extension)))
        registered_on = purchase.registered_on
        if registered_on is not None and opens <= registered_on <= deadline:
            granted.append(extension)
            record(Outcome.APPLIED, Message.of("registered-in-time", registered_on=registered_on))
        elif registered_on is not None and registered_on > deadline:
            record(
                Outcome.NOT_EARNED,
                Message.of("registered-late", registered_on=registered_on, deadline=deadline),
            )
            notes.append(
                Message.of("registered-late-note", rule=_title(extension), deadline=deadline)
            )
        elif registered_on is not None:
            record(
                Outcome.NOT_EARNED,
                Message.of("registered-early", registered_on=registered_on, opens=opens),
            )
            notes.append(Message.of("registered-early-note", rule=_title(extension), opens=opens))
        elif purchase.registered:
            granted.append(extension)
            record(Outcome.ASSUMED, Message.of("registered-assumed"))
            notes.append(Message.of("registered-date-unknown", rule=_title(extension)))
        else:
            record(Outcome.NOT_EARNED, Message.of("not-registered", deadline=deadline))
            pending.append(_Pending(extension, opens, deadline))

    total = _total(policy.base, granted)
    earned = total > policy.base
    extended_expiry = add_duration(purchased_on, total) if earned else None
    effective_expiry = extended_expiry or base_expiry

    still_open = [p for p in pending if as_of <= p.deadline]
    register_by = max((p.deadline for p in still_open), default=None)
    registrable_now = [p.extension for p in still_open if p.opens <= as_of]
    if_registered_total = _total(policy.base, [*granted, *registrable_now])
    expiry_if_registered = None
    if if_registered_total > total:
        expiry_if_registered = add_duration(purchased_on, if_registered_total)
    if register_by is not None:
        potential = add_duration(
            purchased_on, _total(policy.base, [*granted, *(p.extension for p in still_open)])
        )
        if potential > effective_expiry:
            notes.append(Message.of("register-by", deadline=register_by, expiry=potential))
    closed: dict[date, list[Extension]] = {}
    for missed in pending:
        if missed.deadline < as_of:
            closed.setdefault(missed.deadline, []).append(missed.extension)
    for deadline, missed_rules in closed.items():
        notes.append(
            Message.of("registration-closed", rule=_titles(missed_rules), deadline=deadline)
        )

    for extension in unchecked:
        if_met = add_duration(purchased_on, _total(policy.base, [*granted, extension]))
        if if_met > effective_expiry:
            code = "unchecked-registered" if extension.requires_registration else "unchecked"
            notes.append(
                Message.of(
                    code,
                    rule=_title(extension),
                    condition=extension.unchecked_condition or "",
                    expiry=if_met,
                )
            )

    applied: list[Policy | Extension] = [policy, *granted]
    hedged = [rule for rule in applied if rule.confidence is not Confidence.HIGH]
    if hedged:
        notes.append(Message.of("not-high-confidence", rules=_titles(hedged)))
    return Verdict(
        purchase=purchase,
        brand_name=brand.name,
        brand_name_zh=brand.name_zh,
        as_of=as_of,
        base=policy.base,
        base_expiry=base_expiry,
        extension=Duration.of_months(total.total_months - policy.base.total_months)
        if earned
        else None,
        extended_expiry=extended_expiry,
        effective_expiry=effective_expiry,
        register_by=register_by,
        expiry_if_registered=expiry_if_registered,
        rules=tuple(applied),
        notes=tuple(dict.fromkeys(notes)),
        steps=tuple(steps),
    )


# -- what an answer depends on --------------------------------------------------------------


class Sensitivity(NamedTuple):
    """What the answers for one brand on one as-of day depend on, besides the brand.

    Take two purchases of the brand that agree on every fact in ``facts`` and differ only in
    their purchase dates ``d`` (and registration dates ``r``). When ``d`` falls between the
    same two ``purchase`` boundaries and, if registered on a known day, ``r`` falls between the
    same two ``registration_opens`` days and on the same side of ``d`` plus each of ``bases``,
    the engine makes the same choices for both: the same rules, the same status, and every date
    of the answer the same number of months after ``d``. Batch relies on this to evaluate each
    shape of answer once, so every fact and every date comparison ``evaluate`` reads must be
    reflected here; the tests sweep every purchase day to hold this.

    Two facts agree when they are equal, or for a given region when neither is in ``regions``
    (the rules treat all others as ELSEWHERE), or for a movement when ``movements`` maps both
    to the same kind (every rule of the brand takes them alike).
    """

    facts: frozenset[str]
    purchase: tuple[date, ...]
    registration_opens: tuple[date, ...]
    bases: tuple[Duration, ...]
    regions: frozenset[str]
    movements: Mapping[str, str]


def sensitivity(
    brand: Brand, rules: RuleBook, as_of: date, given: Purchase | None = None
) -> Sensitivity:
    """What answers for ``brand`` on ``as_of`` depend on, besides the brand.

    With ``given``, only for purchases that agree with it on region, movement and store, on
    whether they were registered, second-hand and with consent, and on whether a registration
    date is known (its other facts are not read). A rule whose conditions none of them can meet
    never applies to them, and an extension they cannot earn never lengthens their cover, so
    fewer purchase days divide their answers. Raises InputError when ``given``'s store and
    region contradict each other.
    """
    policies = [*brand.policies, rules.default_policy]
    extensions = [extension for policy in policies for extension in policy.extensions]
    earnable = extensions
    if given is not None:
        worlds = list(_worlds(brand, rules, given))

        def possible(rule: Policy | Extension) -> bool:
            return any(_failed_condition(rule.when, world, rules) is None for world in worlds)

        policies = [policy for policy in brand.policies if possible(policy)]
        policies.append(rules.default_policy)
        extensions = [ext for policy in policies for ext in policy.extensions if possible(ext)]
        # One held back still sets register_by, but its deadline ends with the base cover: a
        # length counted below in any case.
        earnable = [extension for extension in extensions if _earnable(extension, given)]
    facts = set(brand.facts_used)
    if brand.stores:
        # A named store implies its region, and contradicts another one given.
        facts |= {"store", "region"}
    if extensions:
        facts.add("second_hand")
    if any(extension.requires_registration for extension in extensions):
        facts.add("registered")
    if any(extension.requires_marketing_consent for extension in extensions):
        facts.add("marketing_consent")

    days = {as_of + timedelta(days=1)}  # bought after as_of: an error, not an answer
    # A policy can be in force from its effective date until a newer one that these purchases
    # always meet starts: a day outside that span, where its cover would cross as_of, divides
    # none of their answers. (Without ``given``, every policy's span is left open.)
    newest_start = date.max
    for policy in policies:
        start = policy.effective
        if policy.month_only:
            # Within the month it starts in, the policy before it still applies.
            start = add_months(policy.effective.replace(day=1), 1)
        if start >= newest_start:
            continue  # a newer policy always comes first
        days.add(start)
        # Deadlines end with the base cover, and the status turns on the cover's total: each
        # length a verdict can reach crosses as_of on its own day.
        grantable = [extension for extension in policy.extensions if extension in earnable]
        for count in range(len(grantable) + 1):
            for granted in itertools.combinations(grantable, count):
                day = _first_reaching(as_of, _total(policy.base, granted))
                if start < day < newest_start:
                    days.add(day)
        if given is not None and all(
            _failed_condition(policy.when, world, rules) is None for world in worlds
        ):
            newest_start = min(newest_start, start)

    every_rule: list[Policy | Extension] = [*policies, *extensions]
    wanted = sorted(
        {tuple(sorted(rule.when.movements)) for rule in every_rule if rule.when.movements}
    )
    alike: dict[tuple[bool, ...], str] = {}
    movements = {
        movement: alike.setdefault(
            tuple(_movement_matches(movement, frozenset(kinds), rules) for kinds in wanted),
            movement,
        )
        for movement in rules.movements
    }
    return Sensitivity(
        facts=frozenset(facts),
        purchase=tuple(sorted(days)),
        registration_opens=tuple(
            sorted({ext.registration_opens for ext in extensions if ext.registration_opens})
        ),
        bases=tuple(sorted({policy.base for policy in policies})),
        regions=frozenset(regions_named(brand)),
        movements=movements,
    )


def _earnable(extension: Extension, purchase: Purchase) -> bool:
    """Whether ``_evaluate_world`` could grant ``extension`` to ``purchase`` where its
    conditions hold."""
    return (
        extension.unchecked_condition is None
        and (purchase.marketing_consent or not extension.requires_marketing_consent)
        and (not purchase.second_hand or extension.transferable is True)
        and (not extension.requires_registration or bool(purchase.registered))
    )


def _first_reaching(as_of: date, length: Duration) -> date:
    """The first purchase day whose cover of ``length`` still runs on ``as_of``."""
    # Month-end clamping makes add_duration flat in places: step forward to the exact day.
    day = add_months(as_of, -length.total_months)
    while add_duration(day, length) < as_of:
        day += timedelta(days=1)
    return day
