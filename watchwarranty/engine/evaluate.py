"""The warranty engine: a purchase and the rules in, a verdict out. No I/O, no clock.

Facts the owner did not give are not guessed. The engine answers every reading of them
(engine/readings.py) and keeps two answers: the cover that holds in every reading
(``effective_expiry``, never overstated) and the longest cover any reading reaches
(``possible_expiry``, never understated). The facts that separate the two are named in
``depends_on``, each with the cover that giving it alone would bring, as the engine itself
works it out; what it promises for registering holds in every reading where the watch is not
yet registered.
"""

# Annotations are objects, not text: see watchwarranty/model.py (NamedTuple fields as text
# cost every start).

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import Enum
from functools import partial
from typing import Any, NamedTuple

from watchwarranty.engine.calendar import add_duration, add_months
from watchwarranty.engine.guarantees import guarantees
from watchwarranty.engine.readings import (
    Reading,
    failed_condition,
    movement_matches,
    reading_terms,
    readings,
    registration_boundaries,
    service_boundaries,
    stretches,
)
from watchwarranty.errors import InputError, UnknownBrandError
from watchwarranty.i18n import N_, _
from watchwarranty.model import (
    ELSEWHERE,
    ArgValue,
    Brand,
    Confidence,
    Dependence,
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
    Verdict,
)


class _Pending(NamedTuple):
    """An extension that registering or a service could still earn, and its window."""

    extension: Extension
    opens: date
    deadline: date


class _Answer(NamedTuple):
    """The dates one reading gives, and what registering by its deadline would reach."""

    reading: Reading
    effective_expiry: date
    # The last day registering earns more, where it can (``potential``).
    register_by: date | None
    # What registering on the as-of day would bring, where that is more.
    expiry_if_registered: date | None
    # None: registering can earn nothing more in this reading.
    potential: date | None


def evaluate(
    purchase: Purchase, rules: RuleBook, *, as_of: date, explain: bool = False
) -> Verdict:
    """The maker's warranty of ``purchase`` on ``as_of``, with the brand's service guarantee
    and the seller's legal guarantee beside it (``Verdict.guarantees``, which never moves it).
    """
    verdict = _evaluate_warranty(purchase, rules, as_of=as_of, explain=explain)
    return verdict._replace(guarantees=guarantees(verdict.purchase, rules, as_of=as_of))


def _evaluate_warranty(
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
    answers = _answers(brand, rules, purchase, as_of)
    # min() keeps the first of equal answers; readings() lists the plainest values first.
    chosen = min(answers, key=_expiry)
    # Only the reading shown is told in words (and traced): the others give their dates.
    told = _told(brand, rules, purchase, chosen.reading, as_of, explain=explain)
    verdict = _combined(answers, told)
    if len(answers) == 1:
        return verdict
    return _with_dependences(verdict, brand, rules, purchase, answers)


def _answers(brand: Brand, rules: RuleBook, purchase: Purchase, as_of: date) -> list[_Answer]:
    return [
        _answer(brand, rules, purchase, reading, as_of)
        for reading in readings(brand, rules, purchase, as_of)
    ]


def _expiry(answer: _Answer) -> date:
    return answer.effective_expiry


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
    if purchase.registered is False:
        raise InputError(
            _("a registration date is given for a watch said not to be registered"),
            _("leave out --not-registered, or the registration date"),
        )
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


# -- every reading, weighed together ---------------------------------------------------------


def _combined(answers: list[_Answer], chosen: Verdict) -> Verdict:
    """The certain answer (``chosen``, the shortest reading told in full), the longest any
    reading reaches, and a promise for registering that holds in every reading where
    registering can still earn something."""
    possible = max(answer.effective_expiry for answer in answers)
    chosen = chosen._replace(possible_expiry=possible)
    if len(answers) == 1 and answers[0].potential is None:
        return chosen  # nothing to promise, and nothing promised
    effective = chosen.effective_expiry
    unregistered = [answer for answer in answers if answer.reading.registered_on is None]
    # What registering promises is the least it gives in every reading where the watch is not
    # yet registered; a reading whose cover reaches that anyway needs no registering.
    floor = min(
        (answer.potential or answer.effective_expiry for answer in unregistered),
        default=effective,
    )
    needing = [answer for answer in unregistered if answer.effective_expiry < floor]
    if floor <= effective or not needing:
        chosen = chosen._replace(register_by=None, expiry_if_registered=None)
        return _conditional_promise(chosen, unregistered)
    # The last day that earns in every reading: an unknown fact may close a window earlier.
    register_by = min(answer.register_by for answer in needing if answer.register_by is not None)
    if_registered = min(
        answer.expiry_if_registered or answer.effective_expiry for answer in unregistered
    )
    note = Message.of("register-by", deadline=register_by, expiry=floor)
    return chosen._replace(
        register_by=register_by,
        expiry_if_registered=if_registered if if_registered > effective else None,
        notes=(note, *chosen.notes),
    )


def _conditional_promise(chosen: Verdict, unregistered: list[_Answer]) -> Verdict:
    """Where registering earns something in some readings but not in all (a later owner whose
    extension may not pass on), no promise is made, but the owner is told what it could give."""
    earning = [answer for answer in unregistered if answer.potential is not None]
    if not earning:
        return chosen
    deadline = min(answer.register_by or chosen.as_of for answer in earning)
    reach = min(answer.potential or chosen.as_of for answer in earning)
    if reach <= chosen.effective_expiry:
        return chosen
    note = Message.of("register-by-if-open", deadline=deadline, expiry=reach)
    return chosen._replace(
        notes=(*chosen.notes, note), register_by_if_open=deadline, expiry_if_open=reach
    )


class _Value(NamedTuple):
    """One value a fact not given could take, and how to tell the readings where it holds."""

    fact: str
    value: str
    note: Message
    # The readings that take this value. Given, the fact also keeps the readings it does not
    # matter to (a policy that reads no registration), so these give a screen that can only
    # overstate what the value earns; the purchase with ``given`` is then answered for the
    # truth (kept as the facts to replace: most values never need answering again).
    holds: Callable[[Reading], bool]
    given: dict[str, Any]


def _with_dependences(
    verdict: Verdict, brand: Brand, rules: RuleBook, purchase: Purchase, answers: list[_Answer]
) -> Verdict:
    """``verdict`` with the facts not given that change it: each value that, given alone,
    gives longer certain cover (checked by answering with it given), and every fact whose
    value moves either answer."""
    as_of = verdict.as_of
    outcome = (verdict.effective_expiry, verdict.possible_expiry)
    unknown: set[str] = set()
    best: dict[tuple[str, date], tuple[Dependence, Message]] = {}
    for candidate in _values(brand, rules, purchase, answers, as_of):
        expiries = [
            answer.effective_expiry for answer in answers if candidate.holds(answer.reading)
        ]
        if not expiries:
            continue
        alone = (min(expiries), max(expiries))
        if alone[0] > verdict.effective_expiry:
            # What a value alone earns is answered again, never inferred from the screen.
            with_it = [
                answer.effective_expiry
                for answer in _answers(brand, rules, purchase._replace(**candidate.given), as_of)
            ]
            alone = (min(with_it), max(with_it))
        if alone != outcome:
            unknown.add(candidate.fact)
        if alone[0] > verdict.effective_expiry and (candidate.fact, alone[0]) not in best:
            note = candidate.note._replace(args=(*candidate.note.args, ("expiry", alone[0])))
            best[candidate.fact, alone[0]] = (
                Dependence(candidate.fact, candidate.value, alone[0]),
                note,
            )
    # The facts the shortest and the longest readings disagree on decide too, even where no one
    # of them alone moves either answer.
    shortest = min(answers, key=_expiry).reading
    longest = max(answers, key=_expiry).reading
    unknown |= _differences(shortest, longest)
    entries = _plainest(sorted(best.values(), key=lambda entry: entry[0].expiry))
    notes = [note for _dependence, note in entries]
    if verdict.possible_expiry > verdict.effective_expiry and not any(
        entry.expiry == verdict.possible_expiry for entry, _note in entries
    ):
        # No one fact reaches the longest reading: name the facts that do, together (the
        # renderer names each in the reader's language).
        together = _together(brand, rules, purchase, answers, as_of)
        unknown |= together
        named = dict.fromkeys(_FACT_NAMES.get(fact, fact) for fact in sorted(together))
        facts = ", ".join(named)
        notes.append(Message.of("depends-together", expiry=verdict.possible_expiry, facts=facts))
        if "assume" in together:
            # The open terms the longest reading counts, by the id --assume takes.
            longest = max(answers, key=_expiry).reading
            terms = set(longest.held) - purchase.assumed
            if longest.policy_assumed is not None and longest.policy_assumed not in (
                purchase.assumed
            ):
                terms.add(longest.policy_assumed)
            if terms:
                notes.append(Message.of("depends-together-terms", terms=", ".join(sorted(terms))))
    return verdict._replace(
        depends_on=tuple(dependence for dependence, _note in entries),
        notes=(*verdict.notes, *notes),
        unknown=tuple(sorted(unknown)),
    )


def _together(
    brand: Brand, rules: RuleBook, purchase: Purchase, answers: list[_Answer], as_of: date
) -> set[str]:
    """The facts that, given together the values of the longest reading, make its cover
    certain: those the shortest and the longest readings disagree on, then, answered again with
    those given, those the shortest reading left disagrees on, until it reaches the longest.
    Worked out only where no one fact reaches the longest reading."""
    longest = max(answers, key=_expiry)
    named = _differences(min(answers, key=_expiry).reading, longest.reading)
    while True:
        given = _given_as(longest.reading, named, purchase)
        least = min(_answers(brand, rules, purchase._replace(**given), as_of), key=_expiry)
        more = _differences(least.reading, longest.reading) - named
        if least.effective_expiry >= longest.effective_expiry or not more:
            return named
        named |= more


def _given_as(reading: Reading, facts: set[str], purchase: Purchase) -> dict[str, Any]:
    """The purchase's fields that give ``facts`` the values they take in ``reading``. A
    place the rules do not name is given as one (ELSEWHERE); no service cannot be given, and
    a service never shortens cover."""
    place = reading.place
    given: dict[str, Any] = {}
    if "movement" in facts:
        given["movement"] = place.movement
    if "region" in facts:
        given["region"] = place.region or ELSEWHERE
    if "store" in facts:
        given["store"] = place.store.id if place.store is not None else ELSEWHERE
    if "second_hand" in facts:
        given["second_hand"] = reading.second_hand
    if facts & {"registered", "registered_on"}:
        given["registered"] = reading.registered_on is not None
        given["registered_on"] = reading.registered_on
    if "activated_on" in facts and reading.policy.starts is not Start.SALE:
        given["activated_on"] = reading.start
    if "serviced_on" in facts and reading.serviced_on is not None:
        given["serviced_on"] = reading.serviced_on
    if "assume" in facts:
        assumed = {reading.policy_assumed} if reading.policy_assumed is not None else set()
        given["assumed"] = purchase.assumed | reading.held | assumed
    return given


def _differences(one: Reading, other: Reading) -> set[str]:
    pairs = {
        "movement": (one.place.movement, other.place.movement),
        "region": (one.place.region, other.place.region),
        "store": (one.place.store, other.place.store),
        "second_hand": (one.second_hand, other.second_hand),
        "registered": (one.registered_on is None, other.registered_on is None),
        "registered_on": (one.registered_on, other.registered_on),
        "activated_on": (one.start, other.start),
        "serviced_on": (one.serviced_on, other.serviced_on),
        "assume": ((one.held, one.policy_assumed), (other.held, other.policy_assumed)),
    }
    return {fact for fact, (mine, theirs) in pairs.items() if mine != theirs}


# The facts not given, by the name a sentence gives them (registering's day goes with
# registering); messages.py says each in the reader's language.
_FACT_NAMES = {"registered_on": "registered"}

# A day not given is told by its best stretch alone, and not at all where saying whether the
# thing was done already tells as much.
_DAY_FACTS = {"registered_on": "registered", "serviced_on": None, "activated_on": None}


def _plainest(
    entries: list[tuple[Dependence, Message]],
) -> list[tuple[Dependence, Message]]:
    best_day: dict[str, date] = {}
    for entry, _note in entries:
        if entry.fact in _DAY_FACTS:
            best_day[entry.fact] = max(best_day.get(entry.fact, entry.expiry), entry.expiry)
    kept = []
    for entry, note in entries:
        if entry.fact in _DAY_FACTS:
            plain = _DAY_FACTS[entry.fact]
            told = max(
                (other.expiry for other, _ in entries if plain and other.fact == plain),
                default=None,
            )
            if entry.expiry < best_day[entry.fact] or (told and told >= entry.expiry):
                continue
        kept.append((entry, note))
    return kept


def _values(
    brand: Brand, rules: RuleBook, purchase: Purchase, answers: list[_Answer], as_of: date
) -> Iterator[_Value]:
    """Every value of every fact not given that the readings try."""
    read = [answer.reading for answer in answers]
    unknown = read[0].place.unknown
    if "movement" in unknown:
        for group in dict.fromkeys(reading.place.movements_alike for reading in read):
            labels = [
                kind
                for kind in group
                if not any(
                    other != kind and movement_matches(kind, frozenset([other]), rules)
                    for other in group
                )
            ]
            yield _Value(
                "movement",
                group[0],
                Message.of("depends-movement", values=" or ".join(labels)),
                partial(_movements_are, group),
                {"movement": group[0]},
            )
    if "region" in unknown:
        for group in dict.fromkeys(reading.place.regions_alike for reading in read):
            if group == (ELSEWHERE,):
                continue  # no region can be given that means "elsewhere"
            yield _Value(
                "region",
                group[0],
                Message.of("depends-region", values=", ".join(group)),
                partial(_regions_are, group),
                {"region": group[0]},
            )
    if "store" in unknown:
        for reading in dict.fromkeys(r for r in read if r.place.store is not None):
            store = reading.place.store
            assert store is not None
            yield _Value(
                "store",
                store.id,
                Message.of("depends-store", values=" or ".join(reading.place.stores_alike)),
                partial(_stores_are, reading.place.stores_alike),
                {"store": store.id},
            )
    if purchase.second_hand is None and len({reading.second_hand for reading in read}) > 1:
        for second_hand, word, code in ((False, "no", "depends-first-owner"), (True, "yes", "")):
            yield _Value(
                "second_hand",
                word,
                Message.of(code or "depends-later-owner"),
                partial(_second_hand_is, second_hand),
                {"second_hand": second_hand},
            )
    registered = {reading.registered_on is not None for reading in read}
    if purchase.registered is None and len(registered) > 1:
        for yes, word in ((True, "yes"), (False, "no")):
            yield _Value(
                "registered",
                word,
                Message.of("depends-registered" if yes else "depends-not-registered"),
                partial(_registered_is, yes),
                {"registered": yes},
            )
    if purchase.registered_on is None:
        yield from _day_values(
            purchase,
            read,
            as_of,
            "registered_on",
            "depends-registered-on",
            _registered_on,
            registration_boundaries,
        )
    if purchase.serviced_on is None:
        yield from _day_values(
            purchase,
            read,
            as_of,
            "serviced_on",
            "depends-serviced-on",
            _serviced_on,
            service_boundaries,
        )
    if purchase.activated_on is None:
        starts = sorted(
            {reading.start for reading in read if reading.policy.starts is not Start.SALE}
        )
        for day in starts if len(starts) > 1 else ():
            yield _Value(
                "activated_on",
                day.isoformat(),
                Message.of("depends-activated-on", day=day),
                partial(_starts_on, day),
                {"activated_on": day},
            )
    yield from _open_term_values(brand, rules, purchase, read)


def _movements_are(group: tuple[str, ...], reading: Reading) -> bool:
    return reading.place.movements_alike == group


def _regions_are(group: tuple[str, ...], reading: Reading) -> bool:
    return reading.place.regions_alike == group


def _stores_are(group: tuple[str, ...], reading: Reading) -> bool:
    return reading.place.stores_alike == group


def _second_hand_is(second_hand: bool, reading: Reading) -> bool:  # noqa: FBT001
    return reading.second_hand is second_hand


def _registered_is(registered: bool, reading: Reading) -> bool:  # noqa: FBT001
    return (reading.registered_on is not None) is registered


def _registered_on(reading: Reading) -> date | None:
    return reading.registered_on


def _serviced_on(reading: Reading) -> date | None:
    return reading.serviced_on


def _starts_on(day: date, reading: Reading) -> bool:
    return reading.start == day


def _holds(rule_id: str, reading: Reading) -> bool:
    return rule_id in reading.held or reading.policy_assumed == rule_id


def _day_within(
    day_of: Callable[[Reading], date | None], first: date, last: date, reading: Reading
) -> bool:
    day = day_of(reading)
    return day is not None and first <= day <= last


def _day_values(
    purchase: Purchase,
    read: list[Reading],
    as_of: date,
    fact: str,
    code: str,
    day_of: Callable[[Reading], date | None],
    boundaries: Callable[[Policy, date], list[date]],
) -> Iterator[_Value]:
    """A day not given, as the stretches of days that answer alike."""
    cuts = {
        cut
        for reading in read
        if day_of(reading) is not None
        for cut in stretches(
            purchase.purchased_on, as_of, boundaries(reading.policy, reading.start)
        )
    }
    if len(cuts) < 2 and len({day_of(reading) is None for reading in read}) < 2:
        return
    for first, last in sorted(cuts):
        # Answered again with its last day (the one a note promises); the stretch was cut so
        # that every day in it answers alike for the start it was cut for.
        yield _Value(
            fact,
            f"{first.isoformat()}/{last.isoformat()}" if first != last else first.isoformat(),
            Message.of(code, first=first, last=last),
            partial(_day_within, day_of, first, last),
            _given_day(fact, last),
        )


def _given_day(fact: str, day: date) -> dict[str, Any]:
    if fact == "registered_on":
        return {"registered": True, "registered_on": day}
    return {"serviced_on": day}


def _open_term_values(
    brand: Brand, rules: RuleBook, purchase: Purchase, read: list[Reading]
) -> Iterator[_Value]:
    """The open terms (an undated or month-only start, an unchecked condition, a transfer the
    sources do not state), each assumed to hold on its own."""
    seen: dict[str, Message] = {}
    for reading in read:
        policy = reading.policy
        if reading.policy_assumed is not None and reading.policy_assumed not in seen:
            if policy.month_only:
                seen[policy.id] = Message.of(
                    "depends-month-only",
                    rule=_title(policy),
                    month=policy.effective.strftime("%Y-%m"),
                )
            else:
                seen[policy.id] = Message.of(
                    "depends-unconfirmed-start", rule=_title(policy), effective=policy.effective
                )
        for term in reading_terms(reading, rules):
            if term.id in seen or term.id in purchase.assumed:
                continue
            extension = term.extension
            condition = extension.unchecked_condition
            if term.kind == "late":
                seen[term.id] = Message.of("depends-late", rule=_title(extension))
            elif term.kind == "transfer" or condition is None:
                seen[term.id] = Message.of("depends-transfer", rule=_title(extension))
            else:
                seen[term.id] = Message.of(
                    "depends-unchecked", rule=_title(extension), condition=condition
                )
    for rule_id, note in seen.items():
        yield _Value(
            "assume",
            rule_id,
            note,
            partial(_holds, rule_id),
            {"assumed": purchase.assumed | {rule_id}},
        )


# -- one reading -----------------------------------------------------------------------------


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


class _Words:
    """The notes and conditions of the reading that is shown. Every other reading gives its
    dates only, and its words would be thrown away: for those, a sink that keeps none."""

    def __init__(self, *, keep: bool) -> None:
        self.keep = keep
        self.notes: list[Message] = []
        self.conditions: list[Message] = []

    def note(self, code: str, **args: ArgValue) -> None:
        if self.keep:
            self.notes.append(Message(code, tuple(args.items())))

    def condition(self, code: str, **args: ArgValue) -> None:
        if self.keep:
            self.conditions.append(Message(code, tuple(args.items())))


# Shared by every reading that is not shown: they keep nothing, so one of each does for all.
_UNSAID = _Words(keep=False)
_UNTRACED = _Trace(keep=False)


def _trace_policies(brand: Brand, rules: RuleBook, reading: Reading, trace: _Trace) -> None:
    """Each policy newer than the one in force, and why it is not; then the one in force."""
    chosen = reading.policy
    for policy in brand.policies:
        if policy is chosen:
            break
        failed = failed_condition(policy.when, reading.place, rules)
        if failed is not None:
            trace.add_message(policy, Outcome.CONDITION_FAILED, failed)
        elif policy.month_only:
            trace.add(
                policy,
                Outcome.NOT_IN_FORCE,
                "month-only-step",
                month=policy.effective.strftime("%Y-%m"),
            )
        else:
            trace.add(policy, Outcome.NOT_IN_FORCE, "starts-later", effective=policy.effective)
    if chosen is rules.default_policy:
        trace.add(chosen, Outcome.APPLIED, "default-applies")
    elif reading.policy_assumed is not None:
        trace.add(chosen, Outcome.ASSUMED, "assumed-in-force", effective=chosen.effective)
    else:
        trace.add(chosen, Outcome.APPLIED, "in-force", effective=chosen.effective)


def _title(rule: Policy | Extension) -> Phrase:
    return Phrase(rule.title, rule.title_zh)


def _titles(rules: Sequence[Policy | Extension]) -> Phrase:
    chinese = "；".join(rule.title_zh or rule.title for rule in rules)
    return Phrase("; ".join(rule.title for rule in rules), chinese)


def _months(policy: Policy, earned: Sequence[Extension], *, capped: bool = True) -> int:
    """The months of the policy's base with the ``earned`` extensions added, in the policy's
    own order.

    A cap limits what its own extension adds ("extends to 5 years in all"); capping the whole
    total instead would let earning a second extension shorten the cover. Applying them in one
    fixed order makes every total (the verdict, the promise, the best case) agree.
    """
    months = policy.base.total_months
    if not earned and policy.cap is None:
        return months
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


class _Base(Enum):
    """Whether the base warranty holds for this reading."""

    VALID = "valid"
    # Valid only once the sale is registered, and not registered in this reading.
    NOT_YET_REGISTERED = "not-yet-registered"
    # Never, for this purchase: registered too late, or a later owner of a base that stays
    # with the first.
    NONE = "none"


class _Worked(NamedTuple):
    """What one reading's rules give, before it is put into words."""

    answer: _Answer
    base_expiry: date
    valid: _Base
    granted: list[Extension]
    pending: list[_Pending]
    services: list[_Pending]
    # The months of cover the reading holds now.
    total: int


def _answer(
    brand: Brand, rules: RuleBook, purchase: Purchase, reading: Reading, as_of: date
) -> _Answer:
    """The dates of one reading: every reading but the one shown needs no more."""
    return _work(brand, rules, purchase, reading, as_of, _UNSAID, _UNTRACED).answer


def _told(
    brand: Brand,
    rules: RuleBook,
    purchase: Purchase,
    reading: Reading,
    as_of: date,
    *,
    explain: bool,
) -> Verdict:
    """The verdict of the reading that is shown, in words (and traced when asked)."""
    words = _Words(keep=True)
    trace = _Trace(keep=explain)
    if explain:
        _trace_policies(brand, rules, reading, trace)
    worked = _work(brand, rules, purchase, reading, as_of, words, trace)
    policy, valid = reading.policy, worked.valid
    applied: list[Policy | Extension] = (
        [policy, *worked.granted] if valid is _Base.VALID else [policy]
    )
    answer = worked.answer
    _tail(words, policy, purchase, as_of, valid, applied, worked.pending)
    if valid is _Base.VALID:
        _service_notes(
            policy, worked.services, worked.granted, reading.start, as_of, answer, words
        )
    notes = words.notes
    base_months = policy.base.total_months
    earned = worked.total > base_months
    return Verdict(
        purchase=purchase,
        brand_name=brand.name,
        brand_name_zh=brand.name_zh,
        as_of=as_of,
        base=policy.base if valid is _Base.VALID else Duration(),
        base_expiry=worked.base_expiry if valid is _Base.VALID else reading.start,
        extension=Duration.of_months(worked.total - base_months) if earned else None,
        extended_expiry=answer.effective_expiry if earned else None,
        effective_expiry=answer.effective_expiry,
        possible_expiry=answer.effective_expiry,
        register_by=answer.register_by,
        expiry_if_registered=answer.expiry_if_registered,
        rules=tuple(applied),
        notes=tuple(dict.fromkeys(notes)) if len(notes) > 1 else tuple(notes),
        steps=tuple(trace.steps),
        conditions=tuple(dict.fromkeys(words.conditions)),
        starts_on=reading.start,
        rules_version=rules.version,
        rules_fingerprint=rules.fingerprint,
    )


def _work(
    brand: Brand,
    rules: RuleBook,
    purchase: Purchase,
    reading: Reading,
    as_of: date,
    words: _Words,
    trace: _Trace,
) -> _Worked:
    """The rules of one reading applied: what its facts earn, and what registering or a
    service could still earn."""
    policy = reading.policy
    if words.keep:
        if policy.note:
            words.note("rule-note", text=Phrase(policy.note, policy.note_zh))
        if policy.starts is Start.SALE and purchase.activated_on is not None:
            words.note("activation-unused", rule=_title(policy))
    start = reading.start
    base_expiry = add_duration(start, policy.base)
    granted: list[Extension] = []
    pending: list[_Pending] = []
    services: list[_Pending] = []
    undecided = (
        {term.id for term in reading_terms(reading, rules)}
        if words.keep and purchase.assumed
        else set()
    )

    for extension in policy.extensions:
        failed = failed_condition(extension.when, reading.place, rules)
        if failed is not None:
            trace.add_message(extension, Outcome.CONDITION_FAILED, failed)
            continue
        # The unchecked condition and a later owner's transfer are two terms, each held or not.
        if extension.unchecked_condition is not None and extension.id not in reading.held:
            trace.add(
                extension,
                Outcome.CONDITION_FAILED,
                "unchecked-step",
                condition=extension.unchecked_condition,
            )
            continue
        if (
            reading.second_hand
            and extension.transferable is not True
            and extension.transfer_term not in reading.held
        ):
            trace.add(extension, Outcome.CONDITION_FAILED, "not-transferable-step")
            words.note("not-transferable", rule=_title(extension))
            continue
        if words.keep:
            _extension_words(extension, undecided, purchase, words)
        if extension.requires_service:
            _service(extension, reading, base_expiry, granted, services, words, trace)
        elif not extension.requires_registration:
            granted.append(extension)
            trace.add(extension, Outcome.APPLIED, "automatic")
        else:
            _registered(
                extension, purchase, reading, as_of, base_expiry, granted, pending, words, trace
            )

    base_months = policy.base.total_months
    total = _months(policy, granted)
    still_open = [p for p in pending if as_of <= p.deadline]
    register_by = max((p.deadline for p in still_open), default=None)
    if_registered_total = reachable_total = total
    if still_open:
        registrable_now = [p.extension for p in still_open if p.opens <= as_of]
        if_registered_total = _months(policy, [*granted, *registrable_now])
        reachable_total = _months(policy, [*granted, *(p.extension for p in still_open)])

    # The base itself may hang on a registration, or not pass to a later owner: then no cover
    # counts until that is met, and only registering can restore it.
    valid = _base_valid(
        policy, reading, base_expiry, as_of, words, day_given=purchase.registered_on is not None
    )
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

    effective_expiry = base_expiry if total == base_months else add_months(start, total)
    expiry_if_registered = None
    if if_registered_total > total:
        expiry_if_registered = add_months(start, if_registered_total)
    potential = None
    if register_by is not None and reachable_total > total:
        potential = add_months(start, reachable_total)
    answer = _Answer(
        reading,
        effective_expiry,
        register_by if potential is not None else None,
        expiry_if_registered,
        potential,
    )
    return _Worked(answer, base_expiry, valid, granted, pending, services, total)


def _extension_words(
    extension: Extension, undecided: set[str], purchase: Purchase, words: _Words
) -> None:
    """What is said of an extension whose conditions the reading meets."""
    if extension.id in undecided and extension.id in purchase.assumed:
        words.condition("assumed-term", rule=_title(extension))
    if extension.transfer_term in undecided and extension.transfer_term in purchase.assumed:
        words.condition("assumed-transfer", rule=_title(extension))
    if extension.late_term in undecided and extension.late_term in purchase.assumed:
        words.condition("assumed-late", rule=_title(extension))
    if extension.owner_condition is not None:
        words.condition(
            "owner-condition", rule=_title(extension), condition=extension.owner_condition
        )
    if extension.note:
        words.note("rule-note", text=Phrase(extension.note, extension.note_zh))


def _tail(
    words: _Words,
    policy: Policy,
    purchase: Purchase,
    as_of: date,
    valid: _Base,
    applied: list[Policy | Extension],
    pending: list[_Pending],
) -> None:
    """What is said once the dates are known: caps, closed windows, unused dates, what the
    cover leaves out, weaker sources."""
    if policy.cap is not None and _months(policy, policy.extensions, capped=False) > (
        policy.cap.total_months
    ):
        words.condition("capped", rule=_title(policy), cap=policy.cap)
    closed: dict[date, list[Extension]] = {}
    for missed in pending:
        if missed.deadline < as_of:
            closed.setdefault(missed.deadline, []).append(missed.extension)
    for deadline, missed_rules in closed.items():
        words.note("registration-closed", rule=_titles(missed_rules), deadline=deadline)
    if purchase.serviced_on is not None and not any(
        extension.requires_service for extension in policy.extensions
    ):
        words.note("service-unused", rule=_title(policy))
    for rule in applied if valid is not _Base.NONE else ():
        if rule.scope is not None:
            words.condition("scope", rule=_title(rule), scope=rule.scope)
    if policy.id in purchase.assumed:
        words.condition("assumed-term", rule=_title(policy))
    hedged = [rule for rule in applied if rule.confidence is not Confidence.HIGH]
    if hedged:
        words.note("not-high-confidence", rules=_titles(hedged))


def _registered(
    extension: Extension,
    purchase: Purchase,
    reading: Reading,
    as_of: date,
    deadline: date,
    granted: list[Extension],
    pending: list[_Pending],
    words: _Words,
    trace: _Trace,
) -> None:
    """Grant an extension the reading's registration earns, or keep it as one registering
    could still earn. Every registration window closes with the base (``deadline``)."""
    start = reading.start
    opens = max(start, extension.registration_opens or start)
    if opens > deadline:
        # The programme opened after this watch's base cover ended: nothing to earn.
        trace.add(extension, Outcome.NOT_EARNED, "never-open-step", opens=opens, deadline=deadline)
        words.note("registration-never-open", rule=_title(extension), opens=opens, end=deadline)
        return
    registered_on = reading.registered_on
    if not extension.deadline_stated and (registered_on is not None or as_of <= deadline):
        words.note("no-deadline", rule=_title(extension))
    # A day the owner did not give is this reading's, one of many: what it earns is told as
    # what a registration on such a day earns, never as what the registration did.
    day_given = purchase.registered_on is not None
    if registered_on is not None and opens <= registered_on <= deadline:
        granted.append(extension)
        if day_given:
            trace.add(
                extension, Outcome.APPLIED, "registered-in-time", registered_on=registered_on
            )
        else:
            trace.add(
                extension, Outcome.APPLIED, "registered-in-time-if", opens=opens, deadline=deadline
            )
    elif (
        registered_on is not None
        and registered_on > deadline
        and extension.late_term in reading.held
    ):
        # The source names no deadline, and in this reading a later registration still counts.
        granted.append(extension)
        trace.add(extension, Outcome.APPLIED, "registered-late-counted", deadline=deadline)
    elif registered_on is not None and registered_on > deadline:
        if day_given:
            trace.add(
                extension,
                Outcome.NOT_EARNED,
                "registered-late",
                registered_on=registered_on,
                deadline=deadline,
            )
            words.note("registered-late-note", rule=_title(extension), deadline=deadline)
        else:
            trace.add(extension, Outcome.NOT_EARNED, "registered-late-if", deadline=deadline)
            words.note("registered-late-if-note", rule=_title(extension), deadline=deadline)
    elif registered_on is not None:
        # Before the programme opened, every day a registration could have come was early.
        if day_given or as_of < opens:
            trace.add(
                extension,
                Outcome.NOT_EARNED,
                "registered-early",
                registered_on=registered_on,
                opens=opens,
            )
            words.note("registered-early-note", rule=_title(extension), opens=opens)
        else:
            trace.add(extension, Outcome.NOT_EARNED, "registered-early-if", opens=opens)
            words.note("registered-early-if-note", rule=_title(extension), opens=opens)
    elif extension.requires_marketing_consent and not purchase.marketing_consent:
        # A registration already made implies the consent it needed; one still to make needs it.
        trace.add(extension, Outcome.CONDITION_FAILED, "needs-consent")
        words.note("no-consent", rule=_title(extension))
    else:
        trace.add(extension, Outcome.NOT_EARNED, "not-registered", deadline=deadline)
        pending.append(_Pending(extension, opens, deadline))


def _base_valid(
    policy: Policy,
    reading: Reading,
    base_expiry: date,
    as_of: date,
    words: _Words,
    *,
    day_given: bool,
) -> _Base:
    if reading.second_hand and policy.transferable is False:
        words.note("base-not-transferable", rule=_title(policy))
        return _Base.NONE
    if policy.only_where_bought and policy.when.regions is not None and words.keep:
        regions = ", ".join(sorted(policy.when.regions))
        words.condition("honoured-only-in", rule=_title(policy), regions=regions)
    if not policy.requires_registration:
        return _Base.VALID
    registered_on = reading.registered_on
    if registered_on is not None and registered_on <= base_expiry:
        return _Base.VALID
    if registered_on is not None:
        # A day not given is this reading's: said as what such a day gives (see _registered).
        code = "base-registered-late" if day_given else "base-registered-late-if"
        words.note(code, rule=_title(policy), deadline=base_expiry)
        return _Base.NONE
    if as_of <= base_expiry:
        words.note("base-needs-registration", rule=_title(policy), deadline=base_expiry)
    else:
        words.note("base-never-registered", rule=_title(policy))
    return _Base.NOT_YET_REGISTERED


def _service(
    extension: Extension,
    reading: Reading,
    base_expiry: date,
    granted: list[Extension],
    services: list[_Pending],
    words: _Words,
    trace: _Trace,
) -> None:
    """Grant an extension a service earns, or keep it as one a service could still earn.
    Without a window of its own, a service counts while the base runs (``base_expiry``)."""
    start = reading.start
    deadline = (
        base_expiry
        if extension.service_within is None
        else add_duration(start, extension.service_within)
    )
    serviced_on = reading.serviced_on
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
        words.note("serviced-outside-note", rule=_title(extension), opens=start, deadline=deadline)
        return
    trace.add(extension, Outcome.NOT_EARNED, "not-serviced", deadline=deadline)
    services.append(_Pending(extension, start, deadline))


def _service_notes(
    policy: Policy,
    services: list[_Pending],
    granted: list[Extension],
    start: date,
    as_of: date,
    answer: _Answer,
    words: _Words,
) -> None:
    for service in services:
        if as_of > service.deadline:
            words.note("service-missed", rule=_title(service.extension), deadline=service.deadline)
            continue
        reach = add_months(start, _months(policy, [*granted, service.extension]))
        if reach > answer.effective_expiry:
            words.note(
                "service-by",
                rule=_title(service.extension),
                deadline=service.deadline,
                expiry=reach,
            )
