"""The engine's vocabulary: rules as loaded from rules.toml, a purchase, and the verdict.

Every record is an immutable NamedTuple rather than a frozen dataclass: making these thirteen
classes as dataclasses took ~8 ms of every run's start-up, against ~1 ms as NamedTuples.

No ``from __future__ import annotations`` here: a NamedTuple compiles each field's annotation
given as text into a ForwardRef when its class is made, which for these 170 fields took ~1.5 ms
of every start. Only the names not yet defined where they are used are quoted.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
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
    def of_months(months: int) -> "Duration":
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


# What a rule id takes to name the open term of a later owner keeping the extension, and the
# one of a registration after the base warranty's last day still earning it.
TRANSFER_SUFFIX = ":transfer"
LATE_SUFFIX = ":late"


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
    unchecked_condition_zh: str | None = None
    # Earned by a service at the brand (its date: Purchase.serviced_on) instead of a
    # registration, within ``service_within`` of the day cover starts (None: while the base
    # warranty runs).
    requires_service: bool = False
    service_within: Duration | None = None
    # What the cover includes or leaves out ("the movement only"), shown with the answer.
    scope: Phrase | None = None
    # A condition the owner meets by their own choice ("the repair goes to the brand's own
    # service studio"): the extension is counted, and the answer says what it rests on.
    owner_condition: Phrase | None = None

    @property
    def transfer_term(self) -> str:
        """The id of the open term "a later owner keeps this extension", for ``--assume``
        where the sources do not say (``transferable`` is None). Its own id, not the
        extension's: the extension's id names its ``unchecked_condition``, a term of its own.
        A rule id never holds ":", so the two never clash."""
        return self.id + TRANSFER_SUFFIX

    @property
    def late_term(self) -> str:
        """The id of the open term "a registration after the base warranty's last day still
        earns this extension", where the source names no deadline (``deadline_stated`` false):
        the certain answer takes the base's last day as the deadline, the longest does not."""
        return self.id + LATE_SUFFIX


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
    name_zh: str | None = None


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
    # The facts any of the brand's rules read: "movement", "region", "store", and
    # "registration", "activation", "service", "second_hand", "assume" (a term no purchase
    # fact can show). A fact the rules do not read is never tried for its possible values.
    facts_used: frozenset[str] = frozenset()
    # Movement kinds, and stores, that every rule of the brand treats alike, in groups: a
    # movement or store not given need be tried once a group, not once a value.
    movement_groups: tuple[tuple[str, ...], ...] = ()
    region_groups: tuple[tuple[str, ...], ...] = ()
    store_groups: tuple[tuple[Store, ...], ...] = ()
    # The brand's guarantee on its own service work, newest first (none: not known).
    service_guarantees: tuple["ServiceGuarantee", ...] = ()


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
    # The seller's legal guarantee, by jurisdiction id ("EU", "CN"), and each region's one.
    laws: Mapping[str, "Law"] = {}
    law_index: Mapping[str, str] = {}
    # The rules' own version (rules.toml `version`, semantic: a change that moves any answer is
    # at least minor); None for a file that gives none. "+local" marks the user's file laid over.
    version: str | None = None
    # The first 12 hex digits of the SHA-256 of the bytes read (shipped file, then the user's):
    # two answers with the same fingerprint came from the same rules.
    fingerprint: str = ""
    # brand id -> the aliases the user's own rules file gives it (added to the shipped ones).
    user_aliases: Mapping[str, frozenset[str]] = {}


class Purchase(NamedTuple):
    """What the owner knows about a watch. ``None`` always means "not known", never "no"."""

    brand: str
    purchased_on: date
    region: str | None = None
    movement: str | None = None
    store: str | None = None
    # True: registered (on ``registered_on`` when known); False: not registered; None: not said.
    registered: bool | None = None
    registered_on: date | None = None
    # True: the holder is a later owner; False: the first owner; None: not said.
    second_hand: bool | None = None
    # Whether the owner would accept the brand's marketing messages when registering later; a
    # registration already made implies whatever consent it needed.
    marketing_consent: bool = True
    # The warranty card's activation or the delivery, for brands that count cover from it.
    activated_on: date | None = None
    # The day the watch was serviced by the brand, for extensions a service earns.
    serviced_on: date | None = None
    # Ids of rules whose condition no purchase fact can show (an unconfirmed start, a term
    # the sources leave open) that the owner says held for this watch.
    assumed: frozenset[str] = frozenset()
    # What that service was ("complete" or "other"), for the brand's service guarantee.
    service_kind: str | None = None
    # The price paid and its ISO 4217 currency, for laws whose period depends on the price.
    price: Decimal | None = None
    currency: str | None = None
    # The second-hand sale to this owner: the seller's legal guarantee runs from it.
    sold_on: date | None = None


ArgValue = str | int | date | Duration | Phrase


class Message(NamedTuple):
    """A note or reason as data: a code from the message catalogue and its arguments."""

    code: str
    args: tuple[tuple[str, ArgValue], ...] = ()

    @staticmethod
    def of(code: str, **args: ArgValue) -> "Message":
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


class Dependence(NamedTuple):
    """A fact not given that, given alone with this value, gives this cover."""

    fact: str
    value: str
    expiry: date


class Verdict(NamedTuple):
    """The answer for one purchase on one day, with the reasoning that led to it.

    ``effective_expiry`` is the cover that holds whatever the facts not given are (never
    overstated); ``possible_expiry`` the longest cover any reading of them reaches (never
    understated); ``depends_on`` the facts that separate the two.
    """

    purchase: Purchase
    brand_name: str
    brand_name_zh: str | None
    as_of: date
    base: Duration
    base_expiry: date
    extension: Duration | None
    extended_expiry: date | None
    effective_expiry: date
    possible_expiry: date
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
    depends_on: tuple[Dependence, ...] = ()
    # The facts not given whose value changes the answer.
    unknown: tuple[str, ...] = ()
    # Where registering earns only in some readings (open to a first owner, or where a term the
    # sources leave open holds), no promise is made (register_by is None), but the last day it
    # earns there and what it reaches: a deadline reminders and filters must not lose.
    register_by_if_open: date | None = None
    expiry_if_open: date | None = None
    # The two clocks beside the maker's warranty; None when not asked for (never in evaluate).
    guarantees: "Guarantees | None" = None
    # Which rules gave the answer (RuleBook.version and .fingerprint), so that two reports that
    # disagree can be told apart from a bug.
    rules_version: str | None = None
    rules_fingerprint: str = ""

    @property
    def covered(self) -> bool:
        """Covered on ``as_of`` whatever the facts not given are (through the expiry day)."""
        return self.as_of <= self.effective_expiry

    @property
    def may_be_covered(self) -> bool:
        """Covered on ``as_of`` in at least one reading of the facts not given."""
        return self.as_of <= self.possible_expiry

    @property
    def may_register_by(self) -> date | None:
        """The last day registering still earns more cover in at least one reading: the
        promise's (``register_by``), else the one where registering is open."""
        return self.register_by or self.register_by_if_open

    @property
    def status(self) -> str:
        """The stable word scripts read: ``active`` (covered in every reading of the facts
        not given), ``depends`` (in some) or ``expired`` (in none)."""
        if self.covered:
            return "active"
        return "depends" if self.may_be_covered else "expired"

    @property
    def days_left(self) -> int:
        """Days from ``as_of`` to the effective expiry; negative once it has passed."""
        return (self.effective_expiry - self.as_of).days


# -- the two other clocks: the brand's service guarantee and the seller's legal guarantee ------


class ServiceKind(StrEnum):
    """What a service at the brand was: a complete service (overhaul), or any other work."""

    COMPLETE = "complete"
    OTHER = "other"


class Covers(StrEnum):
    """What a service guarantee answers for."""

    WORK = "work"
    WORK_AND_PARTS = "work-and-parts"
    WATCH = "watch"


class ServiceGuarantee(NamedTuple):
    """A brand's guarantee on its own service, for services on or after ``effective``."""

    id: str
    title: str
    effective: date
    length: Duration
    covers: Covers
    source: str
    confidence: Confidence
    # The service kinds it follows; None: any service.
    kinds: frozenset[str] | None = None
    title_zh: str | None = None
    note: str | None = None
    note_zh: str | None = None
    # What it leaves out ("crowns and push-pieces not included").
    scope: Phrase | None = None


class PriceBand(NamedTuple):
    """A period a law sets for goods priced from ``lowest`` (in the terms' currency) up."""

    lowest: Decimal
    period: Duration


class LegalTerms(NamedTuple):
    """A jurisdiction's seller's guarantee for sales on or after ``effective``."""

    id: str
    title: str
    effective: date
    source: str
    confidence: Confidence
    # The seller answers for defects that appear within it; None: the law fixes no period.
    period: Duration | None = None
    # For a second-hand sale, the shortest period the law lets the parties agree (None: the
    # same period as a new watch's).
    second_hand_period: Duration | None = None
    # Defects appearing within it are presumed present at delivery (the buyer need not prove).
    presumption: Duration | None = None
    # A repair under the guarantee extends it once by this much.
    repair_extension: Duration | None = None
    # Periods by price, lowest band first, in ``currency``; when given they replace ``period``.
    price_bands: tuple[PriceBand, ...] = ()
    currency: str | None = None
    # False: the law does not say how it treats a second-hand sale, so no period is claimed.
    second_hand_covered: bool = True
    # Who answers for it: always the seller, never the maker.
    owed_by: str = "seller"
    # "delivery" or "sale", as the law words it.
    runs_from: str = "delivery"
    title_zh: str | None = None
    note: str | None = None
    note_zh: str | None = None


class Law(NamedTuple):
    """A jurisdiction: its name, the regions (ISO 3166) it covers, its terms newest first."""

    id: str
    name: str
    regions: frozenset[str]
    terms: tuple[LegalTerms, ...]
    name_zh: str | None = None


class Clock(NamedTuple):
    """One guarantee's end for a watch, the rule it comes from, and what the answer rests on.

    ``expiry`` None: not known (the notes say why); never a guess.
    """

    expiry: date | None
    rule: ServiceGuarantee | LegalTerms | None = None
    notes: tuple[Message, ...] = ()
    # The jurisdiction whose law it is (legal guarantee only).
    jurisdiction: Law | None = None


class Guarantees(NamedTuple):
    """The brand's service guarantee and the seller's legal guarantee, shown apart from the
    maker's warranty, which they never lengthen."""

    service: Clock
    legal: Clock
