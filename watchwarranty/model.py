"""The engine's vocabulary: rules as loaded from rules.toml, a purchase, and the verdict.

Every record is an immutable NamedTuple rather than a frozen dataclass: making these thirteen
classes as dataclasses took ~8 ms of every run's start-up, against ~1 ms as NamedTuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import NamedTuple

# A region or store outside every one the rules name, as the engine writes it in notes.
ELSEWHERE = "elsewhere"


class Confidence(StrEnum):
    """How far a rule's source can be trusted: the brand's own page, the press, or hearsay."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Start(StrEnum):
    """The event a warranty's cover is counted from."""

    SALE = "sale"
    ACTIVATION = "activation"
    DELIVERY = "delivery"


class Duration(NamedTuple):
    """A warranty length in whole years and months (some interim policies add 18 months).

    Lengths compare by how long they are: "2 years 18 months" equals "3 years 6 months" (a
    tuple's order would rank it below "3 years 5 months").
    """

    years: int = 0
    months: int = 0

    @property
    def total_months(self) -> int:
        """The length in months, for comparing and capping durations."""
        return self.years * 12 + self.months

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self.total_months == other.total_months
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Duration):
            return self.total_months != other.total_months
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.total_months)

    def __lt__(self, other: tuple[int, ...]) -> bool:
        return self.total_months < Duration(*other).total_months

    def __le__(self, other: tuple[int, ...]) -> bool:
        return self.total_months <= Duration(*other).total_months

    def __gt__(self, other: tuple[int, ...]) -> bool:
        return self.total_months > Duration(*other).total_months

    def __ge__(self, other: tuple[int, ...]) -> bool:
        return self.total_months >= Duration(*other).total_months

    @staticmethod
    def of_months(months: int) -> Duration:
        """Normalise a month count into years and months."""
        return Duration(months // 12, months % 12)

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year" + ("s" if self.years != 1 else ""))
        if self.months or not parts:
            parts.append(f"{self.months} month" + ("s" if self.months != 1 else ""))
        return " ".join(parts)


class Phrase(NamedTuple):
    """Text from rules.toml, with its Chinese where the rules give one."""

    en: str
    zh: str | None = None


class Conditions(NamedTuple):
    """Facts a rule needs. ``None`` means the rule does not care about that fact."""

    movements: frozenset[str] | None = None
    regions: frozenset[str] | None = None
    stores: frozenset[str] | None = None

    def facts(self) -> frozenset[str]:
        """The names of the facts these conditions look at."""
        named = {"movement": self.movements, "region": self.regions, "store": self.stores}
        return frozenset(name for name, values in named.items() if values is not None)


class Extension(NamedTuple):
    """Extra years a policy grants on top of its base warranty, automatically or when earned."""

    id: str
    title: str
    adds: Duration
    source: str
    confidence: Confidence
    when: Conditions = Conditions()
    requires_registration: bool = False
    # Registrations made before the programme opened do not count (a programme may open after
    # some of the purchases it covers).
    registration_opens: date | None = None
    # True when the source itself says "while the base warranty runs"; False when the source
    # names no deadline and the engine assumes that one to stay conservative.
    deadline_stated: bool = False
    requires_marketing_consent: bool = False
    # None: the source does not say whether a later owner keeps the extension.
    transferable: bool | None = None
    cap: Duration | None = None
    note: str | None = None
    title_zh: str | None = None
    note_zh: str | None = None
    # A precondition no purchase fact can show ("core-collection watches only"): never counted,
    # but the note says what it would give.
    unchecked_condition: str | None = None
    # Earned by a service at the brand (its date: Purchase.serviced_on) instead of a
    # registration, within ``service_within`` of the day cover starts (None: while the base
    # warranty runs).
    requires_service: bool = False
    service_within: Duration | None = None
    # What the cover includes or leaves out ("the movement only"), shown with the answer.
    scope: Phrase | None = None


class Policy(NamedTuple):
    """The terms a brand gives watches bought on or after ``effective`` that meet ``when``."""

    id: str
    title: str
    effective: date
    base: Duration
    source: str
    confidence: Confidence
    # The source names only the month: purchases inside that month cannot be placed.
    month_only: bool = False
    when: Conditions = Conditions()
    extensions: tuple[Extension, ...] = ()
    note: str | None = None
    title_zh: str | None = None
    note_zh: str | None = None
    # False when the source gives the terms but not when they began: ``effective`` is then only
    # the earliest day the source vouches for, and earlier purchases get the earlier terms.
    start_confirmed: bool = True
    # The most cover the policy gives in all, base and extensions together.
    cap: Duration | None = None
    # The event cover is counted from: the sale, or (given as Purchase.activated_on) the
    # activation of the warranty card or the delivery.
    starts: Start = Start.SALE
    # The base warranty itself is valid only once the sale is registered (by dealer or owner).
    requires_registration: bool = False
    # False: the base warranty does not pass to a later owner. None: the source does not say.
    transferable: bool | None = None
    # The terms are honoured only in the regions the policy names, where the watch was bought.
    only_where_bought: bool = False
    # What the cover includes or leaves out ("straps excluded"), shown with the answer.
    scope: Phrase | None = None


class Store(NamedTuple):
    """A shop named by a rule, with where it is (so a store implies its region)."""

    id: str
    name: str
    region: str | None
    aliases: tuple[str, ...] = ()


class Movement(NamedTuple):
    """A movement kind declared in rules.toml; ``kind_of`` makes co-axial count as mechanical."""

    id: str
    kind_of: str | None = None
    title: str | None = None
    title_zh: str | None = None
    # Other names users type for the kind (机械, automatic, ...).
    aliases: tuple[str, ...] = ()


class Brand(NamedTuple):
    """A watch maker: its names and its policies, newest first."""

    id: str
    name: str
    name_zh: str | None
    aliases: tuple[str, ...]
    policies: tuple[Policy, ...]
    stores: tuple[Store, ...] = ()
    # The facts ("movement", "region", "store") any of the brand's rules look at.
    facts_used: frozenset[str] = frozenset()
    # Movement kinds, and stores, that every rule of the brand treats alike, in groups: a
    # movement or store not given need be tried once a group, not once a value.
    movement_groups: tuple[tuple[str, ...], ...] = ()
    region_groups: tuple[tuple[str, ...], ...] = ()
    store_groups: tuple[tuple[Store, ...], ...] = ()


class RuleBook(NamedTuple):
    """Everything rules.toml says, validated, with lookup indexes built once."""

    schema: int
    default_policy: Policy
    movements: Mapping[str, Movement]
    brands: Mapping[str, Brand]
    # normalised name or alias -> brand id
    brand_index: Mapping[str, str]
    origin: str = "rules.toml"
    # Ids of the policies and extensions that came from the user's own rules file.
    user_rule_ids: frozenset[str] = frozenset()
    # Each movement kind with every kind it is a kind of (co-axial: co-axial, mechanical).
    kinds: Mapping[str, frozenset[str]] = {}
    # normalised movement id or alias -> movement id
    movement_index: Mapping[str, str] = {}
    # brand id -> the aliases the user's own rules file gives it (added to the shipped ones).
    user_aliases: Mapping[str, frozenset[str]] = {}


class Purchase(NamedTuple):
    """What the owner knows about a watch. ``None`` always means "not known", never "no"."""

    brand: str
    purchased_on: date
    region: str | None = None
    movement: str | None = None
    store: str | None = None
    registered: bool | None = None
    registered_on: date | None = None
    second_hand: bool = False
    marketing_consent: bool = True
    # The warranty card's activation or the delivery, for brands that count cover from it.
    activated_on: date | None = None
    # The day the watch was serviced by the brand, for extensions a service earns.
    serviced_on: date | None = None


ArgValue = str | int | date | Duration | Phrase


class Message(NamedTuple):
    """A note or reason as data: a code from the message catalogue and its arguments."""

    code: str
    args: tuple[tuple[str, ArgValue], ...] = ()

    @staticmethod
    def of(code: str, **args: ArgValue) -> Message:
        """Build a message from keyword arguments (kept as a tuple so it is hashable)."""
        return Message(code, tuple(args.items()))


class Outcome(StrEnum):
    """What happened to a rule the engine considered."""

    APPLIED = "applied"
    NOT_IN_FORCE = "not-in-force"
    CONDITION_FAILED = "condition-failed"
    NOT_EARNED = "not-earned"
    ASSUMED = "assumed"


class Step(NamedTuple):
    """One rule the engine considered, what became of it, and why."""

    rule: Policy | Extension
    outcome: Outcome
    reason: Message


class Verdict(NamedTuple):
    """The answer for one purchase on one day, with the reasoning that led to it."""

    purchase: Purchase
    brand_name: str
    brand_name_zh: str | None
    as_of: date
    base: Duration
    base_expiry: date
    extension: Duration | None
    extended_expiry: date | None
    effective_expiry: date
    register_by: date | None
    expiry_if_registered: date | None
    rules: tuple[Policy | Extension, ...]
    notes: tuple[Message, ...]
    steps: tuple[Step, ...] = ()
    # What the answer rests on that this tool cannot check ("valid only if the sale was
    # registered", "honoured only in CN", what the cover leaves out).
    conditions: tuple[Message, ...] = ()
    # The day cover is counted from: the purchase, or the activation or delivery given.
    starts_on: date | None = None

    @property
    def covered(self) -> bool:
        """A warranty covers the watch through its expiry day."""
        return self.as_of <= self.effective_expiry

    @property
    def status(self) -> str:
        """``active`` or ``expired``: the stable word scripts read."""
        return "active" if self.covered else "expired"

    @property
    def days_left(self) -> int:
        """Days from ``as_of`` to the effective expiry; negative once it has passed."""
        return (self.effective_expiry - self.as_of).days
