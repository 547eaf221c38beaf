"""Rule cases written as data (tests/cases/<brand>.toml), run over the shipped rules.toml with
the same runner as `watchwarranty rules test`. Every dated boundary must have cases."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import RuleBook
from watchwarranty.rules import default_rules_path, find_brand, load_rules
from watchwarranty.rules.casefile import Case, case_files, load_cases, run_case
from watchwarranty.rules.sweep import missing_cases

CASES = Path(__file__).parent / "cases"
SHIPPED = load_rules(default_rules_path())
ALL_CASES = [case for path in case_files([CASES]) for case in load_cases(path)]


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_case(shipped: RuleBook, case: Case) -> None:
    assert find_brand(shipped, case.given["brand"]).id == case.path.stem, "one brand a file"
    assert run_case(shipped, case) == []


@pytest.mark.parametrize("brand_id", sorted(SHIPPED.brands))
def test_every_boundary_has_cases_on_both_sides(shipped: RuleBook, brand_id: str) -> None:
    """The sweep's own list of boundaries (rules sweep reports the same)."""
    covered = {
        parse_date(case.given["purchase_date"]) for case in ALL_CASES if case.path.stem == brand_id
    }
    missing = [finding.day for finding in missing_cases(shipped.brands[brand_id], covered)]
    assert not missing, f"add cases to tests/cases/{brand_id}.toml bought on {missing}"


def test_every_brand_has_a_case_file(shipped: RuleBook) -> None:
    assert {case.path.stem for case in ALL_CASES} == set(shipped.brands)


def test_a_wrong_expectation_is_reported(shipped: RuleBook) -> None:
    case = Case(
        CASES / "rolex.toml",
        "wrong",
        {"brand": "rolex", "purchase_date": "2015-07-01"},
        {"effective_expiry": "2020-07-02"},
        ["no such note"],
    )
    assert run_case(shipped, case) == [
        "effective_expiry: expected '2020-07-02', got '2020-07-01'",
        "no note says 'no such note'",
    ]


def _registration_days(rules: RuleBook, brand_id: str) -> set[date]:
    """The registration days each side of every dated registration opening of a brand."""
    return {
        day
        for policy in rules.brands[brand_id].policies
        for extension in policy.extensions
        if extension.registration_opens is not None
        for day in (extension.registration_opens - timedelta(days=1), extension.registration_opens)
    }


@pytest.mark.parametrize("brand_id", sorted(SHIPPED.brands))
def test_every_registration_opening_has_cases_on_both_sides(
    shipped: RuleBook, brand_id: str
) -> None:
    covered = {
        parse_date(case.given["registered_on"])
        for case in ALL_CASES
        if case.path.stem == brand_id and "registered_on" in case.given
    }
    missing = sorted(_registration_days(shipped, brand_id) - covered)
    assert not missing, f"add cases to tests/cases/{brand_id}.toml registered on {missing}"


def test_every_service_guarantee_start_has_cases_on_both_sides(shipped: RuleBook) -> None:
    for brand_id, brand in sorted(shipped.brands.items()):
        covered = {
            parse_date(case.given["serviced_on"])
            for case in ALL_CASES
            if case.path.stem == brand_id and "serviced_on" in case.given
        }
        for terms in brand.service_guarantees:
            days = {terms.effective - timedelta(days=1), terms.effective}
            assert days <= covered, f"add cases to tests/cases/{brand_id}.toml serviced on {days}"


def test_every_law_start_has_cases_on_both_sides(shipped: RuleBook) -> None:
    sales: dict[str, set[date]] = {}
    for case in ALL_CASES:
        region = case.given.get("region")
        if region in shipped.law_index:
            day = case.given.get("sold_on") or case.given["purchase_date"]
            sales.setdefault(shipped.law_index[region], set()).add(parse_date(day))
    for law in shipped.laws.values():
        for terms in law.terms:
            days = {terms.effective - timedelta(days=1), terms.effective}
            assert days <= sales.get(law.id, set()), f"add {law.id} sales on {sorted(days)}"


def test_every_price_band_has_cases_on_both_sides(shipped: RuleBook) -> None:
    from decimal import Decimal

    prices = {
        Decimal(str(case.given["price"]).replace(",", ""))
        for case in ALL_CASES
        if "price" in case.given
    }
    for law in shipped.laws.values():
        for terms in law.terms:
            for band in terms.price_bands[1:]:
                below = band.lowest - Decimal("0.01")
                assert {below, band.lowest} <= prices, (
                    f"add cases priced {below} and {band.lowest}"
                )
