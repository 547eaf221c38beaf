"""The warranty engine: a purchase and the rules in, a verdict out. No I/O, no clock.

Facts the owner did not give (movement, region, store) are not guessed. The engine evaluates
every value they could take, keeps the reading with the shortest cover, and notes which value
would give more: an unknown fact never yields longer cover than a known one, and what it
promises for registering holds in every reading.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import date
from enum import Enum
from typing import NamedTuple

from watchwarranty.engine.calendar import add_duration, add_months
from watchwarranty.errors import InputError, UnknownBrandError
from watchwarranty.i18n import N_, _
from watchwarranty.model import (
    ELSEWHERE,
    ArgValue,
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
    Start,
    Step,
    Store,
    Verdict,
)
from watchwarranty.rules.lookup import find_store


class _World(NamedTuple):
    """One complete assignment of the facts the rules look at."""

    movement: str | None
    region: str | None
    store: Store | None  # None: a shop the rules do not name
    # Facts the owner did not give, whose value here is one possibility among several.
    assumed: frozenset[str] = frozenset()
    # The movement kinds and store names every rule treats as this world's (its notes name
    # them all): a fact not given is tried once for each such group.
    movements_alike: tuple[str, ...] = ()
    regions_alike: tuple[str, ...] = ()
    stores_alike: tuple[str, ...] = ()


class _Pending(NamedTuple):
    """An extension that registering could still earn, and its registration window."""

    extension: Extension
    opens: date
    deadline: date


class _Reading(NamedTuple):
    """The verdict for one world, and the cover registering by its deadline would reach."""

    verdict: Verdict
    # None: registering can earn nothing more in this world.
    potential: date | None


def evaluate(
    purchase: Purchase, rules: RuleBook, *, as_of: date, explain: bool = False
) -> Verdict:
    """The warranty of ``purchase`` as it stands on ``as_of``.

    With ``explain``, the verdict's ``steps`` record every rule considered and why; without
    it they are left empty, which saves every batch row the work.

    Raises InputError when the facts contradict each other (bought or registered after
    ``as_of``, registered before purchase, a store in another region than the one given).
    """
    _check_dates(purchase, as_of)
    brand = rules.brands.get(purchase.brand)
    if brand is None:
        raise UnknownBrandError(
            _("unknown brand {text!r}").format(text=purchase.brand),
            _("pass a brand id from the rules, e.g. find_brand(rules, name).id"),
        )
    worlds = list(_worlds(brand, rules, purchase))
    readings = [
        _evaluate_world(brand, rules, purchase, world, as_of, explain=explain) for world in worlds
    ]
    # min() keeps the first of equal readings; _worlds lists the least special values first.
    chosen_index = min(range(len(readings)), key=lambda index: _score(readings[index].verdict))
    chosen = readings[chosen_index].verdict
    chosen = _promise(chosen, readings)
    if len(readings) == 1:
        return chosen
    verdicts = [reading.verdict for reading in readings]
    alternatives = tuple(_alternative_notes(worlds, verdicts, chosen, rules))
    if not alternatives:
        return chosen
    return chosen._replace(notes=chosen.notes + alternatives)


def _check_dates(purchase: Purchase, as_of: date) -> None:
    if purchase.purchased_on > as_of:
        raise InputError(
            _("purchase date {purchased_on} is after {as_of}").format(
                purchased_on=purchase.purchased_on, as_of=as_of
            ),
            _("check the purchase date, or pass --as-of a later date"),
        )
    # Marked for the catalogue here, translated only when one is said: every batch row passes.
    for day, before, after in (
        (
            purchase.activated_on,
            N_("activation or delivery date {day} is before the purchase date {purchased_on}"),
            N_("activation or delivery date {day} is after {as_of}"),
        ),
        (
            purchase.serviced_on,
            N_("service date {day} is before the purchase date {purchased_on}"),
            N_("service date {day} is after {as_of}"),
        ),
    ):
        if day is not None and day < purchase.purchased_on:
            raise InputError(
                _(before).format(day=day, purchased_on=purchase.purchased_on),
                _("check both dates"),
            )
        if day is not None and day > as_of:
            raise InputError(
                _(after).format(day=day, as_of=as_of), _("check the date, or pass --as-of")
            )
    registered_on = purchase.registered_on
    if registered_on is None:
        return
    if registered_on < purchase.purchased_on:
        raise InputError(
            _(
                "registration date {registered_on} is before the purchase date {purchased_on}"
            ).format(registered_on=registered_on, purchased_on=purchase.purchased_on),
            _("check both dates"),
        )
    if registered_on > as_of:
        raise InputError(
            _("registration date {registered_on} is after {as_of}").format(
                registered_on=registered_on, as_of=as_of
            ),
            _("a registration not yet made counts for nothing; check the date, or --as-of"),
        )


def _score(verdict: Verdict) -> tuple[date, date]:
    return verdict.effective_expiry, verdict.expiry_if_registered or verdict.effective_expiry


def _promise(chosen: Verdict, readings: list[_Reading]) -> Verdict:
    """The chosen verdict, promising for registering only what every reading would give."""
    if len(readings) == 1 and readings[0].potential is None:
        return chosen  # nothing to promise, and nothing promised
    effective = chosen.effective_expiry
    if_registered = min(
        reading.verdict.expiry_if_registered or reading.verdict.effective_expiry
        for reading in readings
    )
    potential = min(reading.potential or reading.verdict.effective_expiry for reading in readings)
    if potential <= effective:
        return chosen._replace(register_by=None, expiry_if_registered=None)
    assert chosen.register_by is not None  # a reading whose cover can grow has a deadline
    note = Message.of("register-by", deadline=chosen.register_by, expiry=potential)
    return chosen._replace(
        expiry_if_registered=if_registered if if_registered > effective else None,
        notes=(note, *chosen.notes),
    )


# -- the facts that are not known ------------------------------------------------------------


def _worlds(brand: Brand, rules: RuleBook, purchase: Purchase) -> Iterator[_World]:
    used = brand.facts_used
    if not used and not brand.stores:
        # Most brands' rules look at no fact: the watch's own facts are the one world.
        yield _World(purchase.movement, purchase.region, None)
        return
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
    movements: Sequence[tuple[str, ...]] = [(purchase.movement,) if purchase.movement else ()]
    if purchase.movement is None and "movement" in used:
        movements = brand.movement_groups
        assumed.add("movement")
    regions: Sequence[tuple[str, ...]] = [(region,) if region is not None else ()]
    if region is None and "region" in used:
        regions = [(ELSEWHERE,), *brand.region_groups]
        assumed.add("region")
    stores: Sequence[tuple[Store, ...]] = [(store,) if store is not None else ()]
    if not store_known and "store" in used:
        stores = [(), *brand.store_groups]
        assumed.add("store")

    facts = frozenset(assumed)
    for alike, places, shops in itertools.product(movements, regions, stores):
        world_region = places[0] if places else None
        world_store = shops[0] if shops else None
        if world_store is not None and world_store.region not in (None, world_region):
            continue
        movement = alike[0] if alike else None
        names = tuple(shop.name for shop in shops)
        yield _World(movement, world_region, world_store, facts, alike, places, names)


def _alternative_notes(
    worlds: list[_World], verdicts: list[Verdict], chosen: Verdict, rules: RuleBook
) -> Iterator[Message]:
    """For each fact that was not given, the values of it that would give longer cover."""
    for fact in ("movement", "region", "store"):
        best: dict[tuple[str, ...], Verdict] = {}
        for world, verdict in zip(worlds, verdicts, strict=True):
            label = _labels(world, fact)
            if label not in best or _score(verdict) > _score(best[label]):
                best[label] = verdict
        if len(best) < 2:
            continue
        by_outcome: dict[tuple[date, date], list[str]] = {}
        for label, verdict in best.items():
            if _score(verdict) > _score(chosen):
                by_outcome.setdefault(_score(verdict), []).extend(label)
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


def _labels(world: _World, fact: str) -> tuple[str, ...]:
    if fact == "movement":
        return world.movements_alike or (world.movement or ELSEWHERE,)
    if fact == "region":
        return world.regions_alike or (world.region or ELSEWHERE,)
    return world.stores_alike or (ELSEWHERE,)


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
    # A rule for mechanical watches also covers co-axial ones: rules.kinds lists each kind
    # with every kind it is a kind of.
    return movement is not None and not wanted.isdisjoint(rules.kinds.get(movement, (movement,)))


class _Trace:
    """The steps of an explained verdict; when nobody asked for them, a trace that keeps none."""

    def __init__(self, *, keep: bool) -> None:
        self.keep = keep
        self.steps: list[Step] = []

    def add(self, rule: Policy | Extension, outcome: Outcome, code: str, **args: ArgValue) -> None:
        # The reason is built only when kept: most answers are never explained.
        if self.keep:
            self.steps.append(Step(rule, outcome, Message(code, tuple(args.items()))))

    def add_message(self, rule: Policy | Extension, outcome: Outcome, reason: Message) -> None:
        if self.keep:
            self.steps.append(Step(rule, outcome, reason))


def _policy_in_force(
    brand: Brand, rules: RuleBook, purchased_on: date, world: _World, trace: _Trace
) -> tuple[Policy, list[Message]]:
    notes: list[Message] = []
    undated: list[Policy] = []
    for policy in brand.policies:
        if policy.effective > purchased_on:
            if not policy.start_confirmed and _failed_condition(policy.when, world, rules) is None:
                undated.append(policy)
            trace.add(policy, Outcome.NOT_IN_FORCE, "starts-later", effective=policy.effective)
            continue
        failed = _failed_condition(policy.when, world, rules)
        if failed is not None:
            trace.add_message(policy, Outcome.CONDITION_FAILED, failed)
            continue
        in_start_month = (purchased_on.year, purchased_on.month) == (
            policy.effective.year,
            policy.effective.month,
        )
        if policy.month_only and in_start_month:
            month = policy.effective.strftime("%Y-%m")
            trace.add(policy, Outcome.NOT_IN_FORCE, "month-only-step", month=month)
            notes.append(Message.of("month-only", rule=_title(policy), month=month))
            continue
        trace.add(policy, Outcome.APPLIED, "in-force", effective=policy.effective)
        if policy.note:
            notes.append(Message.of("rule-note", text=Phrase(policy.note, policy.note_zh)))
        return policy, notes + _undated_notes(undated, policy)
    default = rules.default_policy
    trace.add(default, Outcome.APPLIED, "default-applies")
    return default, notes + _undated_notes(undated, default)


def _title(rule: Policy | Extension) -> Phrase:
    return Phrase(rule.title, rule.title_zh)


def _titles(rules: Sequence[Policy | Extension]) -> Phrase:
    chinese = "；".join(rule.title_zh or rule.title for rule in rules)
    return Phrase("; ".join(rule.title for rule in rules), chinese)


def _undated_notes(undated: list[Policy], chosen: Policy) -> list[Message]:
    """Newer terms whose start the source does not date, where they could give more."""
    best_chosen = _months(chosen, chosen.extensions)
    return [
        Message.of(
            "unconfirmed-start",
            rule=_title(policy),
            effective=policy.effective,
            best=Duration.of_months(_months(policy, policy.extensions)),
        )
        for policy in undated
        if _months(policy, policy.extensions) > best_chosen
    ]


def _months(policy: Policy, earned: Sequence[Extension], *, capped: bool = True) -> int:
    """The months of the policy's base with the ``earned`` extensions added, in the policy's
    own order.

    A cap limits what its own extension adds ("extends to 5 years in all"); capping the whole
    total instead would let earning a second extension shorten the cover. Applying them in one
    fixed order makes every total (the verdict, the promise, the best case) agree.
    """
    months = policy.base.total_months
    for extension in policy.extensions:
        if extension not in earned:
            continue
        added = extension.adds.total_months
        if extension.cap is not None:
            added = max(0, min(added, extension.cap.total_months - months))
        months += added
    if capped and policy.cap is not None:
        # The policy's most in all, whatever was earned ("8 years at most").
        months = min(months, policy.cap.total_months)
    return months


def _evaluate_world(
    brand: Brand,
    rules: RuleBook,
    purchase: Purchase,
    world: _World,
    as_of: date,
    *,
    explain: bool,
) -> _Reading:
    purchased_on = purchase.purchased_on
    trace = _Trace(keep=explain)
    policy, notes = _policy_in_force(brand, rules, purchased_on, world, trace)
    conditions: list[Message] = []
    start = _start(policy, purchase, notes)
    base_expiry = add_duration(start, policy.base)
    granted: list[Extension] = []
    pending: list[_Pending] = []
    unchecked: list[Extension] = []
    services: list[_Pending] = []

    for extension in policy.extensions:
        failed = _failed_condition(extension.when, world, rules)
        if failed is not None:
            trace.add_message(extension, Outcome.CONDITION_FAILED, failed)
            continue
        if extension.unchecked_condition is not None:
            trace.add(
                extension,
                Outcome.CONDITION_FAILED,
                "unchecked-step",
                condition=extension.unchecked_condition,
            )
            unchecked.append(extension)
            continue
        if extension.requires_marketing_consent and not purchase.marketing_consent:
            trace.add(extension, Outcome.CONDITION_FAILED, "needs-consent")
            notes.append(Message.of("no-consent", rule=_title(extension)))
            continue
        if purchase.second_hand and extension.transferable is not True:
            trace.add(extension, Outcome.CONDITION_FAILED, "not-transferable-step")
            notes.append(Message.of("not-transferable", rule=_title(extension)))
            continue
        if extension.note:
            notes.append(Message.of("rule-note", text=Phrase(extension.note, extension.note_zh)))
        if extension.requires_service:
            _serviced(extension, policy, purchase, start, granted, services, notes, trace)
            continue
        if not extension.requires_registration:
            granted.append(extension)
            trace.add(extension, Outcome.APPLIED, "automatic")
            continue

        opens = max(start, extension.registration_opens or start)
        deadline = base_expiry
        if opens > deadline:
            # The programme opened after this watch's base cover ended: nothing to earn.
            trace.add(
                extension, Outcome.NOT_EARNED, "never-open-step", opens=opens, deadline=deadline
            )
            notes.append(
                Message.of(
                    "registration-never-open", rule=_title(extension), opens=opens, end=deadline
                )
            )
            continue
        if not extension.deadline_stated and (purchase.registered or as_of <= deadline):
            notes.append(Message.of("no-deadline", rule=_title(extension)))
        registered_on = purchase.registered_on
        if registered_on is not None and opens <= registered_on <= deadline:
            granted.append(extension)
            trace.add(
                extension, Outcome.APPLIED, "registered-in-time", registered_on=registered_on
            )
        elif registered_on is not None and registered_on > deadline:
            trace.add(
                extension,
                Outcome.NOT_EARNED,
                "registered-late",
                registered_on=registered_on,
                deadline=deadline,
            )
            notes.append(
                Message.of("registered-late-note", rule=_title(extension), deadline=deadline)
            )
        elif registered_on is not None:
            trace.add(
                extension,
                Outcome.NOT_EARNED,
                "registered-early",
                registered_on=registered_on,
                opens=opens,
            )
            notes.append(Message.of("registered-early-note", rule=_title(extension), opens=opens))
        elif purchase.registered and opens <= as_of:
            granted.append(extension)
            trace.add(extension, Outcome.ASSUMED, "registered-assumed")
            notes.append(Message.of("registered-date-unknown", rule=_title(extension)))
        else:
            if purchase.registered:
                # As of as_of the programme had not opened: no registration could count yet.
                notes.append(
                    Message.of("registered-before-opening", rule=_title(extension), opens=opens)
                )
            trace.add(extension, Outcome.NOT_EARNED, "not-registered", deadline=deadline)
            pending.append(_Pending(extension, opens, deadline))

    base_months = policy.base.total_months
    total = _months(policy, granted)
    still_open = [p for p in pending if as_of <= p.deadline]
    register_by = max((p.deadline for p in still_open), default=None)
    registrable_now = [p.extension for p in still_open if p.opens <= as_of]
    if_registered_total = _months(policy, [*granted, *registrable_now])
    reachable_total = _months(policy, [*granted, *(p.extension for p in still_open)])

    # The base itself may hang on a registration, or not pass to a later owner: then no cover
    # counts until that is met, and only registering can restore it.
    valid = _base_valid(policy, purchase, start, base_expiry, as_of, notes, conditions)
    if valid is _Base.NOT_YET_REGISTERED:
        # Registering the sale by the base's last day brings the base and what it earns.
        total = 0
        if as_of <= base_expiry:
            register_by = base_expiry
        else:
            register_by = None
            if_registered_total = reachable_total = 0
    elif valid is _Base.NONE:
        total = if_registered_total = reachable_total = 0
        register_by = None

    earned = total > base_months
    extended_expiry = add_months(start, total) if earned else None
    effective_expiry = extended_expiry or add_months(start, min(total, base_months))
    expiry_if_registered = None
    if if_registered_total > total:
        expiry_if_registered = add_months(start, if_registered_total)
    potential = None
    if register_by is not None and reachable_total > total:
        potential = add_months(start, reachable_total)
    if policy.cap is not None and _months(policy, policy.extensions, capped=False) > (
        policy.cap.total_months
    ):
        conditions.append(Message.of("capped", rule=_title(policy), cap=policy.cap))

    closed: dict[date, list[Extension]] = {}
    for missed in pending:
        if missed.deadline < as_of:
            closed.setdefault(missed.deadline, []).append(missed.extension)
    for deadline, missed_rules in closed.items():
        notes.append(
            Message.of("registration-closed", rule=_titles(missed_rules), deadline=deadline)
        )
    if valid is _Base.VALID:
        _service_notes(policy, services, granted, start, as_of, effective_expiry, notes)
    if purchase.serviced_on is not None and not any(
        extension.requires_service for extension in policy.extensions
    ):
        notes.append(Message.of("service-unused", rule=_title(policy)))

    for extension in unchecked:
        if_met = add_months(start, _months(policy, [*granted, extension]))
        if valid is _Base.VALID and if_met > effective_expiry:
            code = "unchecked-registered" if extension.requires_registration else "unchecked"
            notes.append(
                Message.of(
                    code,
                    rule=_title(extension),
                    condition=extension.unchecked_condition or "",
                    expiry=if_met,
                )
            )

    applied: list[Policy | Extension] = [policy, *granted] if valid is _Base.VALID else [policy]
    for rule in applied if valid is not _Base.NONE else ():
        if rule.scope is not None:
            conditions.append(Message.of("scope", rule=_title(rule), scope=rule.scope))
    hedged = [rule for rule in applied if rule.confidence is not Confidence.HIGH]
    if hedged:
        notes.append(Message.of("not-high-confidence", rules=_titles(hedged)))
    verdict = Verdict(
        purchase=purchase,
        brand_name=brand.name,
        brand_name_zh=brand.name_zh,
        as_of=as_of,
        base=policy.base if valid is _Base.VALID else Duration(),
        base_expiry=base_expiry if valid is _Base.VALID else start,
        extension=Duration.of_months(total - base_months) if earned else None,
        extended_expiry=extended_expiry,
        effective_expiry=effective_expiry,
        register_by=register_by if potential is not None else None,
        expiry_if_registered=expiry_if_registered,
        rules=tuple(applied),
        notes=tuple(dict.fromkeys(notes)) if len(notes) > 1 else tuple(notes),
        steps=tuple(trace.steps),
        conditions=tuple(dict.fromkeys(conditions)),
        starts_on=start,
        rules_version=rules.version,
        rules_fingerprint=rules.fingerprint,
    )
    return _Reading(verdict, potential)


def _start(policy: Policy, purchase: Purchase, notes: list[Message]) -> date:
    """The day cover is counted from: the sale, or the activation or delivery when the policy
    counts from it and its day is given. Without that day the sale stands in: the activation
    or delivery can only come later, so the answer can only be shorter."""
    if policy.starts is Start.SALE:
        if purchase.activated_on is not None:
            notes.append(Message.of("activation-unused", rule=_title(policy)))
        return purchase.purchased_on
    if purchase.activated_on is None:
        notes.append(Message.of(f"counts-from-{policy.starts.value}", rule=_title(policy)))
        return purchase.purchased_on
    return purchase.activated_on


class _Base(Enum):
    """Whether the base warranty holds for this purchase."""

    VALID = "valid"
    # Valid only once the sale is registered, and not registered as far as we know.
    NOT_YET_REGISTERED = "not-yet-registered"
    # Never, for this purchase: registered too late, or a later owner of a base that stays
    # with the first.
    NONE = "none"


def _base_valid(
    policy: Policy,
    purchase: Purchase,
    start: date,
    base_expiry: date,
    as_of: date,
    notes: list[Message],
    conditions: list[Message],
) -> _Base:
    if purchase.second_hand and policy.transferable is False:
        notes.append(Message.of("base-not-transferable", rule=_title(policy)))
        return _Base.NONE
    if policy.only_where_bought and policy.when.regions is not None:
        regions = ", ".join(sorted(policy.when.regions))
        conditions.append(Message.of("honoured-only-in", rule=_title(policy), regions=regions))
    if not policy.requires_registration:
        return _Base.VALID
    registered_on = purchase.registered_on
    if registered_on is not None and registered_on <= base_expiry:
        return _Base.VALID
    if registered_on is not None:
        notes.append(Message.of("base-registered-late", rule=_title(policy), deadline=base_expiry))
        return _Base.NONE
    if purchase.registered:
        conditions.append(Message.of("base-registered-assumed", rule=_title(policy)))
        return _Base.VALID
    if as_of <= base_expiry:
        notes.append(
            Message.of("base-needs-registration", rule=_title(policy), deadline=base_expiry)
        )
    else:
        notes.append(Message.of("base-never-registered", rule=_title(policy)))
    return _Base.NOT_YET_REGISTERED


def _serviced(
    extension: Extension,
    policy: Policy,
    purchase: Purchase,
    start: date,
    granted: list[Extension],
    services: list[_Pending],
    notes: list[Message],
    trace: _Trace,
) -> None:
    """Grant an extension a service earns, or keep it as one a service could still earn."""
    window = extension.service_within or policy.base
    deadline = add_duration(start, window)
    serviced_on = purchase.serviced_on
    if serviced_on is not None and start <= serviced_on <= deadline:
        granted.append(extension)
        trace.add(extension, Outcome.APPLIED, "serviced-in-time", serviced_on=serviced_on)
        return
    if serviced_on is not None:
        trace.add(
            extension,
            Outcome.NOT_EARNED,
            "serviced-outside",
            serviced_on=serviced_on,
            opens=start,
            deadline=deadline,
        )
        notes.append(
            Message.of(
                "serviced-outside-note", rule=_title(extension), opens=start, deadline=deadline
            )
        )
        return
    trace.add(extension, Outcome.NOT_EARNED, "not-serviced", deadline=deadline)
    services.append(_Pending(extension, start, deadline))


def _service_notes(
    policy: Policy,
    services: list[_Pending],
    granted: list[Extension],
    start: date,
    as_of: date,
    effective_expiry: date,
    notes: list[Message],
) -> None:
    for service in services:
        if as_of > service.deadline:
            notes.append(
                Message.of(
                    "service-missed", rule=_title(service.extension), deadline=service.deadline
                )
            )
            continue
        reach = add_months(start, _months(policy, [*granted, service.extension]))
        if reach > effective_expiry:
            notes.append(
                Message.of(
                    "service-by",
                    rule=_title(service.extension),
                    deadline=service.deadline,
                    expiry=reach,
                )
            )
