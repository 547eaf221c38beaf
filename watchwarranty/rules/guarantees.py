"""Reading the two tables beside the brands' warranties: each brand's `service_guarantees` and
the top-level `[law.<JURISDICTION>]` sections. Problems go to the loader, with dotted paths."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from watchwarranty.i18n import N_
from watchwarranty.model import (
    Covers,
    Duration,
    Law,
    LegalTerms,
    PriceBand,
    ServiceGuarantee,
    ServiceKind,
)

if TYPE_CHECKING:
    from watchwarranty.rules.loader import _Loader

_RULE_KEYS = {"id", "title", "title_zh", "source", "confidence", "note", "note_zh"}
SERVICE_KEYS = _RULE_KEYS | {"effective", "length", "covers", "kinds", "scope", "scope_zh"}
LAW_KEYS = {"name", "name_zh", "regions", "terms"}
TERMS_KEYS = _RULE_KEYS | {
    "effective",
    "period",
    "runs_from",
    "owed_by",
    "second_hand_period",
    "second_hand_covered",
    "presumption",
    "repair_extension",
    "currency",
    "price_bands",
}
BAND_KEYS = {"from", "period"}
# What the seller's guarantee runs from, as a rules author may write it: the law says delivery
# (or supply), and the answer counts from the sale day given, which is never later.
RUNS_FROM = ("delivery", "sale")
OWED_BY = ("seller",)
_JURISDICTION = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")


def service_guarantees(loader: _Loader, where: str, raw: Any) -> tuple[ServiceGuarantee, ...]:
    """A brand's `[[…service_guarantees]]`, newest first."""
    found: list[ServiceGuarantee] = []
    for number, entry in enumerate(loader.tables(where, raw), 1):
        guarantee = _service_guarantee(loader, f"{where}[{number}]", entry)
        if guarantee is not None:
            found.append(guarantee)
    seen: dict[tuple[object, ...], str] = {}
    for guarantee in found:
        key = (guarantee.effective, guarantee.kinds)
        if key in seen:
            loader.problem(
                where,
                N_(
                    "service guarantees {first!r} and {second!r} start on the same day for the "
                    "same service kinds"
                ),
                N_("give the later one its own effective date or kinds"),
                first=seen[key],
                second=guarantee.id,
            )
        seen[key] = guarantee.id
    found.sort(key=lambda guarantee: guarantee.effective, reverse=True)
    return tuple(found)


def _service_guarantee(
    loader: _Loader, where: str, raw: dict[str, Any]
) -> ServiceGuarantee | None:
    loader.keys(
        where,
        raw,
        SERVICE_KEYS,
        required={"id", "title", "effective", "length", "covers", "source", "confidence"},
    )
    fields = loader.rule_fields(where, raw)
    effective = loader.day(f"{where}.effective", raw.get("effective"))
    length = loader.duration(f"{where}.length", raw.get("length"))
    covers = loader.choice(
        f"{where}.covers",
        raw.get("covers"),
        Covers.WORK,
        N_("{value!r} is not what a service guarantee covers"),
    )
    kinds = None
    if "kinds" in raw:
        named = loader.strings(f"{where}.kinds", raw["kinds"], '["complete"]')
        for kind in named:
            if kind not in {member.value for member in ServiceKind}:
                loader.problem(
                    f"{where}.kinds",
                    N_("unknown service kind {value!r}"),
                    N_("use one of: {choices}"),
                    value=kind,
                    choices=", ".join(member.value for member in ServiceKind),
                )
        if not named and isinstance(raw["kinds"], list):
            loader.problem(
                f"{where}.kinds",
                N_("an empty list matches no service"),
                N_("name at least one, or remove the key to match every service"),
            )
        kinds = frozenset(named)
    if effective is None or length is None:
        return None
    return ServiceGuarantee(
        effective=effective,
        length=length,
        covers=covers,
        kinds=kinds,
        scope=loader.scope(where, raw),
        **fields,
    )


def laws(loader: _Loader, raw: Any) -> tuple[dict[str, Law], dict[str, str]]:
    """The `[law.*]` sections, and the jurisdiction of each region they name."""
    found: dict[str, Law] = {}
    index: dict[str, str] = {}
    for law_id, entry in loader.table("law", raw).items():
        where = f"law.{law_id}"
        law = _law(loader, where, law_id, loader.table(where, entry))
        if law is None:
            continue
        found[law_id] = law
        for region in sorted(law.regions):
            other = index.setdefault(region, law_id)
            if other != law_id:
                loader.problem(
                    f"{where}.regions",
                    N_("region {region!r} is also in law.{other}"),
                    N_("a region belongs to one jurisdiction only"),
                    region=region,
                    other=other,
                )
    return found, index


def _law(loader: _Loader, where: str, law_id: str, raw: dict[str, Any]) -> Law | None:
    loader.keys(where, raw, LAW_KEYS, required={"name", "regions", "terms"})
    if not _JURISDICTION.fullmatch(law_id):
        loader.problem(
            where,
            N_("jurisdiction key {law_id!r} is not two capital letters"),
            N_("use an ISO 3166 code, or EU, e.g. [law.CN]"),
            law_id=law_id,
        )
    name = loader.text(f"{where}.name", raw.get("name"), '"European Union"') or law_id
    name_zh = loader.optional_text(where, raw, "name_zh", '"欧盟"')
    regions = []
    for region in loader.strings(f"{where}.regions", raw.get("regions", []), '["DE", "FR"]'):
        if loader.region(f"{where}.regions", region) is not None:
            regions.append(region)
    terms = [
        found
        for number, entry in enumerate(loader.tables(f"{where}.terms", raw.get("terms", [])), 1)
        if (found := _terms(loader, f"{where}.terms[{number}]", entry)) is not None
    ]
    if "terms" in raw and not terms and not loader.problems:
        loader.problem(
            f"{where}.terms", N_("no terms"), N_("add at least one [[…terms]] with its source")
        )
    dates = [found.effective for found in terms]
    for duplicate in sorted({day for day in dates if dates.count(day) > 1}):
        loader.problem(
            f"{where}.terms",
            N_("two terms start on {day}"),
            N_("give each its own effective date"),
            day=duplicate.isoformat(),
        )
    terms.sort(key=lambda found: found.effective, reverse=True)
    return Law(law_id, name, frozenset(regions), tuple(terms), name_zh)


def _terms(loader: _Loader, where: str, raw: dict[str, Any]) -> LegalTerms | None:
    loader.keys(
        where,
        raw,
        TERMS_KEYS,
        required={"id", "title", "effective", "runs_from", "owed_by", "source", "confidence"},
    )
    fields = loader.rule_fields(where, raw)
    effective = loader.day(f"{where}.effective", raw.get("effective"))
    for key, allowed in (("runs_from", RUNS_FROM), ("owed_by", OWED_BY)):
        if key in raw and raw[key] not in allowed:
            loader.problem(
                f"{where}.{key}",
                N_("unknown value {value!r}"),
                N_("use one of: {choices}"),
                value=raw[key],
                choices=", ".join(allowed),
            )

    def length(key: str) -> Duration | None:
        return loader.duration(f"{where}.{key}", raw[key]) if key in raw else None

    period = length("period")
    currency = None
    if "currency" in raw:
        currency = loader.text(f"{where}.currency", raw["currency"], '"CNY"')
        if currency is not None and not _CURRENCY.fullmatch(currency):
            loader.problem(
                f"{where}.currency",
                N_("{value!r} is not an ISO 4217 currency code"),
                N_('write e.g. "CNY"'),
                value=currency,
            )
    bands = _bands(loader, where, raw.get("price_bands"), currency)
    if bands and period is not None:
        loader.problem(
            f"{where}.period",
            N_("a period and price bands both given"),
            N_("keep one: the bands give the period by price"),
        )
    covered = loader.flag(where, raw, "second_hand_covered")
    if effective is None:
        return None
    return LegalTerms(
        effective=effective,
        period=period,
        second_hand_period=length("second_hand_period"),
        presumption=length("presumption"),
        repair_extension=length("repair_extension"),
        price_bands=bands,
        currency=currency,
        second_hand_covered=covered is not False,
        owed_by=str(raw.get("owed_by", OWED_BY[0])),
        runs_from=str(raw.get("runs_from", RUNS_FROM[0])),
        **fields,
    )


def _bands(loader: _Loader, where: str, raw: Any, currency: str | None) -> tuple[PriceBand, ...]:
    if raw is None:
        return ()
    bands: list[PriceBand] = []
    for number, entry in enumerate(loader.tables(f"{where}.price_bands", raw), 1):
        here = f"{where}.price_bands[{number}]"
        loader.keys(here, entry, BAND_KEYS, required=BAND_KEYS)
        lowest = entry.get("from")
        if lowest is not None and (
            isinstance(lowest, bool) or not isinstance(lowest, int | float) or lowest < 0
        ):
            loader.problem(
                f"{here}.from",
                N_("{value!r} is not a price"),
                N_("write the band's lowest price as a number, e.g. 100"),
                value=lowest,
            )
            lowest = None
        period = loader.duration(f"{here}.period", entry.get("period"))
        if lowest is not None and period is not None:
            bands.append(PriceBand(Decimal(str(lowest)), period))
    if raw is not None and currency is None:
        loader.problem(
            f"{where}.price_bands",
            N_("price bands given without their currency"),
            N_('add currency = "CNY" (an ISO 4217 code)'),
        )
    if bands and bands[0].lowest != 0:
        loader.problem(
            f"{where}.price_bands",
            N_("the first band starts at {lowest}, so cheaper goods have no period"),
            N_("start the first band at 0"),
            lowest=str(bands[0].lowest),
        )
    if any(later.lowest <= earlier.lowest for earlier, later in itertools.pairwise(bands)):
        loader.problem(
            f"{where}.price_bands",
            N_("the bands are not in rising order of price"),
            N_("list them from the cheapest up"),
        )
    return tuple(bands)
