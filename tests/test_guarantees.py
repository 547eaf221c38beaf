"""The two clocks beside the maker's warranty: the brand's service guarantee and the seller's
legal guarantee. Mechanics on a fictitious rules file; the real facts in tests/cases."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ACME, Invoke

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import InputError, RulesError
from watchwarranty.inputs import build_purchase
from watchwarranty.inputs.currency_codes import CODES
from watchwarranty.model import Purchase, RuleBook
from watchwarranty.render.records import GUARANTEE_KEYS, GUARANTEE_NOTE_KEYS, to_record
from watchwarranty.rules.loader import parse_rules

ROOT = Path(__file__).resolve().parent.parent

CLOCKS = """
[[brands.acme.service_guarantees]]
id = "acme-service-complete"
title = "Acme service guarantee: 2 years after a complete service"
effective = 2020-01-01
length = "2 years"
covers = "work-and-parts"
kinds = ["complete"]
source = "https://acme.example/service"
confidence = "high"

[[brands.acme.service_guarantees]]
id = "acme-service-other"
title = "Acme service guarantee: 6 months after other work"
effective = 2020-01-01
length = "6 months"
covers = "work"
kinds = ["other"]
source = "https://acme.example/service"
confidence = "high"

[[brands.other.service_guarantees]]
id = "other-service-complete"
title = "Other: 1 year after a complete service"
effective = 2020-01-01
length = "1 year"
covers = "work"
kinds = ["complete"]
source = "https://other.example/service"
confidence = "medium"

[law.XA]
name = "Acmeland"
regions = ["DE", "FR"]

[[law.XA.terms]]
id = "xa-old"
title = "Acmeland: 2 years"
effective = 2010-01-01
period = "2 years"
runs_from = "delivery"
owed_by = "seller"
second_hand_period = "1 year"
source = "https://law.example/xa"
confidence = "high"

[[law.XA.terms]]
id = "xa-new"
title = "Acmeland: 2 years, 12 months more after a repair"
effective = 2026-07-31
period = "2 years"
runs_from = "delivery"
owed_by = "seller"
second_hand_period = "1 year"
repair_extension = "12 months"
source = "https://law.example/xa-2026"
confidence = "medium"

[law.XB]
name = "Bandland"
regions = ["CN"]

[[law.XB.terms]]
id = "xb-bands"
title = "Bandland: by price"
effective = 2000-01-01
runs_from = "sale"
owed_by = "seller"
currency = "CNY"
second_hand_covered = false
source = "https://law.example/xb"
confidence = "medium"

[[law.XB.terms.price_bands]]
from = 0
period = "6 months"

[[law.XB.terms.price_bands]]
from = 100
period = "1 year"

[[law.XB.terms.price_bands]]
from = 10000
period = "2 years"

[law.XC]
name = "Nofixland"
regions = ["HK"]

[[law.XC.terms]]
id = "xc-none"
title = "Nofixland: durability"
effective = 2000-01-01
runs_from = "delivery"
owed_by = "seller"
presumption = "6 months"
source = "https://law.example/xc"
confidence = "medium"
"""
GOOD = ACME.read_text(encoding="utf-8") + CLOCKS
AS_OF = date(2027, 1, 1)


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return parse_rules(GOOD, origin="clocks.toml")


def problems(text: str) -> list[str]:
    with pytest.raises(RulesError) as caught:
        parse_rules(text, origin="clocks.toml")
    return caught.value.problems


def clocks(rules: RuleBook, **facts: object) -> tuple[object, ...]:
    given = {"brand": "acme", "purchase_date": "2019-06-01", **facts}
    as_of = given.pop("as_of", AS_OF)
    assert isinstance(as_of, date)
    record = to_record(evaluate(build_purchase(rules, **given), rules, as_of=as_of))  # type: ignore[arg-type]
    notes = tuple(
        " | ".join(note["text"] for note in record[key]) or None for key in GUARANTEE_NOTE_KEYS
    )
    return (
        *(record[key] for key in GUARANTEE_KEYS[:4]),
        notes[0],
        *(record[key] for key in GUARANTEE_KEYS[4:]),
        notes[1],
    )


def service(rules: RuleBook, **facts: object) -> tuple[object, object, object]:
    # The first owner unless a test says otherwise: who had the watch serviced decides the clock.
    values = clocks(rules, **{"second_hand": False, **facts})
    return values[0], values[1], values[4]


def legal(rules: RuleBook, **facts: object) -> tuple[object, object, object]:
    # Sold new unless a test says otherwise: who sold it to the holder decides the clock.
    values = clocks(rules, **{"second_hand": False, **facts})
    return values[5], values[6], values[10]


def test_who_sold_it_not_said_gives_no_legal_date_but_the_first_owners(rules: RuleBook) -> None:
    known = legal(rules, region="DE")
    unsaid = clocks(rules, region="DE")
    assert known[0] is not None
    assert unsaid[5] is None
    assert f"the seller owes it to {known[0]}" in str(unsaid[10])


# -- the rules ---------------------------------------------------------------------------------


def test_the_fictitious_file_loads_both_tables(rules: RuleBook) -> None:
    assert [terms.id for terms in rules.brands["acme"].service_guarantees] == [
        "acme-service-complete",
        "acme-service-other",
    ]
    assert [terms.id for terms in rules.laws["XA"].terms] == ["xa-new", "xa-old"]
    assert rules.law_index == {"DE": "XA", "FR": "XA", "CN": "XB", "HK": "XC"}
    assert [str(band.lowest) for band in rules.laws["XB"].terms[0].price_bands] == [
        "0",
        "100",
        "10000",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'covers = "work-and-parts"',
            'covers = "everything"',
            "clocks.toml: brands.acme.service_guarantees[1].covers: 'everything' is not what a "
            "service guarantee covers; use one of: work, work-and-parts, watch",
        ),
        (
            'kinds = ["complete"]\nsource = "https://acme',
            'kinds = ["full"]\nsource = "https://acme',
            "clocks.toml: brands.acme.service_guarantees[1].kinds: unknown service kind 'full'",
        ),
        (
            'length = "6 months"',
            'lenght = "6 months"',
            "clocks.toml: brands.acme.service_guarantees[2].lenght: unknown key 'lenght'",
        ),
        (
            'regions = ["CN"]',
            'regions = ["CN", "FR"]',
            "clocks.toml: law.XB.regions: region 'FR' is also in law.XA",
        ),
        (
            "[[law.XB.terms.price_bands]]\nfrom = 100",
            "[[law.XB.terms.price_bands]]\nfrom = -100",
            "clocks.toml: law.XB.terms[1].price_bands[2].from: -100 is not a price",
        ),
        (
            "from = 10000",
            "from = 50",
            "clocks.toml: law.XB.terms[1].price_bands: the bands are not in rising order",
        ),
        (
            'currency = "CNY"',
            'currency = "yuan"',
            "clocks.toml: law.XB.terms[1].currency: 'yuan' is not an ISO 4217 currency code",
        ),
        (
            'owed_by = "seller"\nsecond_hand_period = "1 year"\nsource = "https://law.example/xa"',
            'owed_by = "maker"\nsecond_hand_period = "1 year"\nsource = "https://law.example/xa"',
            "clocks.toml: law.XA.terms[1].owed_by: unknown value 'maker'; use one of: seller",
        ),
        (
            'period = "2 years"\nruns_from = "delivery"\nowed_by = "seller"\n'
            'second_hand_period = "1 year"\nrepair',
            'period = "2 yrs"\nruns_from = "delivery"\nowed_by = "seller"\n'
            'second_hand_period = "1 year"\nrepair',
            "clocks.toml: law.XA.terms[2].period: '2 yrs' is not a duration",
        ),
        ("[law.XC]", "[law.nofix]", "clocks.toml: law.nofix: jurisdiction key 'nofix'"),
    ],
)
def test_each_mistake_is_reported_with_its_dotted_path(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(problem.startswith(expected) for problem in found), found


def test_the_shipped_rules_name_every_eu_member_once(shipped: RuleBook) -> None:
    assert len(shipped.laws["EU"].regions) == 27
    assert shipped.law_index["DE"] == "EU"
    assert shipped.law_index["CH"] == "CH"


def test_the_currency_table_is_what_pycountry_gives() -> None:
    spec = importlib.util.spec_from_file_location(
        "currencies_script", ROOT / "scripts" / "currencies.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert frozenset(script.currency_codes()) == CODES, "run scripts/currencies.py"


# -- the service guarantee ---------------------------------------------------------------------


def test_a_complete_service_gets_its_terms_from_the_service_date(rules: RuleBook) -> None:
    assert service(rules, serviced_on="2025-03-10", service_kind="complete") == (
        "2027-03-10",
        "work-and-parts",
        None,
    )
    assert service(rules, serviced_on="2025-03-10", service_kind="other")[:2] == (
        "2025-09-10",
        "work",
    )


def test_a_service_of_unknown_kind_gets_the_shorter_and_a_note_of_the_longer(
    rules: RuleBook,
) -> None:
    assert service(rules, serviced_on="2025-03-10") == (
        "2025-09-10",
        "work",
        "after a complete service: guaranteed to 2027-03-10",
    )


def test_when_one_kind_has_no_guarantee_an_unknown_kind_gets_none(rules: RuleBook) -> None:
    assert service(rules, brand="other", serviced_on="2025-03-10") == (
        None,
        None,
        "after a complete service: guaranteed to 2026-03-10",
    )


def test_no_service_date_or_no_terms_or_too_early_is_null_with_a_note(rules: RuleBook) -> None:
    assert service(rules) == (None, None, "no service date given (--serviced-on)")
    assert service(rules, brand="undated", purchase_date="2019-06-01")[0] is None
    assert service(rules, serviced_on="2019-12-31", service_kind="complete") == (
        None,
        None,
        "the rules know the brand's service terms only for services from 2020-01-01",
    )


def test_a_service_before_the_sale_to_this_owner_is_not_claimed_for_them(
    rules: RuleBook,
) -> None:
    # No source says a service guarantee passes to a later owner: the date is what it would give.
    found = service(
        rules,
        serviced_on="2025-03-10",
        service_kind="complete",
        second_hand=True,
        sold_on="2026-01-01",
        region="DE",
    )
    assert found[0] is None
    assert "serviced before its sale to this owner on 2026-01-01" in str(found[2])
    assert "if it does, to 2027-03-10" in str(found[2])


def test_a_later_owner_whose_sale_day_is_not_given_is_not_claimed_for(rules: RuleBook) -> None:
    found = service(rules, serviced_on="2025-03-10", service_kind="complete", second_hand=True)
    assert found[0] is None
    assert "to 2027-03-10 if this owner had the watch serviced" in str(found[2])


def test_a_later_owner_who_had_the_watch_serviced_holds_the_guarantee(rules: RuleBook) -> None:
    found = service(
        rules,
        serviced_on="2026-02-01",
        service_kind="complete",
        second_hand=True,
        sold_on="2026-01-01",
    )
    assert found[:2] == ("2028-02-01", "work-and-parts")
    assert "later owner" not in str(found[2])


def test_who_holds_the_watch_not_said_gives_no_service_date_but_what_it_would_be(
    rules: RuleBook,
) -> None:
    unsaid = clocks(rules, serviced_on="2025-03-10", service_kind="complete")
    assert unsaid[0] is None
    assert "for the owner who had it serviced, to 2027-03-10" in str(unsaid[4])
    assert service(rules, serviced_on="2025-03-10", service_kind="complete")[0] == "2027-03-10"


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"brand": "other", "serviced_on": "2025-03-10", "service_kind": "other"},
            "Other Co's service terms name no 'other' service; use one of: complete",
        ),
        ({"service_kind": "complete"}, "a service kind (complete) without a service date"),
        ({"serviced_on": "2025-03-10", "service_kind": "full"}, "unknown service kind 'full'"),
    ],
)
def test_a_service_kind_that_cannot_be_used_is_refused(
    rules: RuleBook, facts: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        clocks(rules, **facts)
    assert str(caught.value).startswith(message)


# -- the seller's legal guarantee --------------------------------------------------------------


def test_the_legal_guarantee_runs_from_the_sale_and_is_the_sellers(rules: RuleBook) -> None:
    values = clocks(rules, region="FR", purchase_date="2025-02-01", second_hand=False)
    assert values[5:10] == (
        "2027-02-01",
        "XA",
        "seller",
        "https://law.example/xa",
        "high",
    )


def test_the_repair_extension_applies_to_sales_from_its_day(rules: RuleBook) -> None:
    before = legal(rules, region="DE", purchase_date="2026-07-30")
    on = legal(rules, region="DE", purchase_date="2026-07-31")
    assert before[0] == "2028-07-30"
    assert "extends it once" not in str(before[2])
    assert on[0] == "2028-07-31"
    assert "a repair under this guarantee extends it once by 12 months, to 2029-07-31" in str(
        on[2]
    )


def test_a_second_hand_sale_counts_from_its_own_day_and_may_be_shortened(
    rules: RuleBook,
) -> None:
    found = legal(rules, region="DE", second_hand=True, sold_on="2026-03-01")
    assert found[0] == "2027-03-01"
    assert "unless it did, it runs to 2028-03-01" in str(found[2])
    needs = legal(rules, region="DE", second_hand=True)
    assert needs[0] is None
    assert "give the sale date (--sold-on)" in str(needs[2])


@pytest.mark.parametrize(
    ("price", "expiry"),
    [
        ("99.99", "2025-08-01"),
        ("100", "2026-02-01"),
        ("9,999.99", "2026-02-01"),
        ("10000", "2027-02-01"),
    ],
)
def test_price_bands_set_the_period(rules: RuleBook, price: str, expiry: str) -> None:
    found = legal(rules, region="CN", purchase_date="2025-02-01", price=price, currency="CNY")
    assert found[0] == expiry


def test_price_bands_without_a_price_in_their_currency_give_no_date(rules: RuleBook) -> None:
    none = legal(rules, region="CN", purchase_date="2025-02-01")
    assert none[0] is None
    assert "give the price in CNY" in str(none[2])
    assert "from 10000 CNY: 2 years" in str(none[2])
    other = legal(rules, region="CN", purchase_date="2025-02-01", price="1500", currency="EUR")
    assert other[0] is None
    assert "the law's price bands are in CNY" in str(other[2])


def test_no_region_no_law_no_fixed_period_or_no_second_hand_terms_give_null(
    rules: RuleBook,
) -> None:
    assert legal(rules) == (
        None,
        None,
        "give the region of the sale (--region) for the seller's guarantee",
    )
    assert legal(rules, region="JP")[:2] == (None, None)
    nofix = legal(rules, region="HK", purchase_date="2025-02-01")
    assert nofix[:2] == (None, "XC")
    assert "the law sets no fixed period" in str(nofix[2])
    assert "presumed present at delivery" in str(nofix[2])
    used = legal(
        rules, region="CN", second_hand=True, sold_on="2025-02-01", price="500", currency="CNY"
    )
    assert used[0] is None
    assert "does not say how it treats a second-hand sale" in str(used[2])


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"price": "-5", "currency": "CNY"}, "price '-5' is negative"),
        ({"price": "abc", "currency": "CNY"}, "price 'abc' is not an amount"),
        ({"price": "5", "currency": "XYZ"}, "unknown currency 'XYZ'"),
        ({"sold_on": "2026-01-01"}, "a sale date (2026-01-01) is for a second-hand sale"),
        (
            {"second_hand": True, "sold_on": "2019-05-31"},
            "second-hand sale date 2019-05-31 is before the purchase date 2019-06-01",
        ),
        (
            {"second_hand": True, "sold_on": "2027-01-02"},
            "second-hand sale date 2027-01-02 is after 2027-01-01",
        ),
    ],
)
def test_bad_facts_for_the_legal_guarantee_are_refused(
    rules: RuleBook, facts: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        clocks(rules, **facts)
    assert str(caught.value).startswith(message)


def test_the_clocks_never_move_the_makers_warranty(rules: RuleBook) -> None:
    plain = evaluate(Purchase("acme", date(2019, 6, 1)), rules, as_of=AS_OF)
    full = evaluate(
        Purchase(
            "acme",
            date(2019, 6, 1),
            region="DE",
            second_hand=True,
            serviced_on=date(2025, 3, 10),
            service_kind="complete",
            price=Decimal(12000),
            currency="CNY",
            sold_on=date(2026, 3, 1),
        ),
        rules,
        as_of=AS_OF,
    )
    assert (full.effective_expiry, full.status) == (plain.effective_expiry, plain.status)


# -- the command line --------------------------------------------------------------------------


def test_check_shows_the_three_clocks_apart_with_sources(invoke: Invoke) -> None:
    args = (
        "check", "omega", "2019-05-01", "--region", "DE", "--second-hand",
        "--serviced-on", "2025-03-10", "--service-kind", "complete", "--sold-on", "2026-03-01",
        "--as-of", "2026-12-07",
    )  # fmt: skip
    out = invoke(*args, env={"COLUMNS": "200"}).stdout
    assert "Effective expiry  2024-05-01" in out
    assert "Service guarantee         not known" in out
    assert "Omega's service guarantee is not in the rules" in out
    assert (
        "Seller's legal guarantee  to 2027-03-01, owed by the seller, not the maker "
        "(European Union)" in out
    )
    assert "source: https://eur-lex.europa.eu/eli/dir/2019/771/oj" in out
    record = json.loads(invoke(*args, "--format", "json").stdout)
    assert (record["effective_expiry"], record["legal_guarantee_expiry"]) == (
        "2024-05-01",
        "2027-03-01",
    )
    assert record["legal_guarantee_owner"] == "seller"
    assert record["facts"]["given"]["sold_on"] == "2026-03-01"


def test_a_chinese_sale_at_12000_yuan_is_sanbao_two_years_in_chinese(invoke: Invoke) -> None:
    out = invoke(
        "check", "iwc", "2025-02-01", "--region", "CN", "--first-owner", "--price", "12000",
        "--currency", "人民币", "--serviced-on", "2025-06-01", "--service-kind", "complete",
        "--as-of", "2026-12-07", "--lang", "zh", env={"COLUMNS": "200"},
    ).stdout  # fmt: skip
    assert "卖方法定保证" in out
    assert "至 2027年2月1日，由卖方而非品牌承担（中国大陆）" in out
    assert "价格 12000 CNY：2年" in out
    assert "保养保证" in out
    assert "至 2027年6月1日，涵盖保养工作" in out


def test_check_csv_carries_the_new_keys(invoke: Invoke) -> None:
    out = invoke(
        "check", "tissot", "2024-01-01", "--first-owner", "--serviced-on", "2025-02-01",
        "--format", "csv",
    ).stdout  # fmt: skip
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["service_guarantee_expiry"] == "2027-02-01"
    assert row["service_guarantee_source"].startswith("Tissot service prices page")
    assert row["legal_guarantee_expiry"] == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--price", "-1", "--currency", "EUR"), "watchwarranty: error: price '-1' is negative"),
        (("--price", "12k", "--currency", "EUR"), "watchwarranty: error: price '12k' is not"),
        (("--price", "12", "--currency", "ZZZ"), "watchwarranty: error: unknown currency 'ZZZ'"),
        (("--second-hand", "--sold-on", "2019-01-01"), "watchwarranty: error: second-hand sale"),
        (
            ("--serviced-on", "2025-01-01", "--service-kind", "other"),
            "watchwarranty: error: Vacheron Constantin's service terms name no 'other' service",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    invoke: Invoke, extra: tuple[str, ...], message: str
) -> None:
    result = invoke("check", "vacheron-constantin", "2020-01-01", *extra, expect=2)
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)


def test_batch_reads_the_new_columns_and_makes_a_bad_one_a_row_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "sku,brand,purchase_date,region,second_hand,serviced_on,service_kind,price,currency,sold_on\n"
        "B1,iwc,2025-02-01,CN,no,2025-06-01,complete,12000,CNY,\n"
        "B2,iwc,2025-02-01,CN,no,,,-3,CNY,\n"
        "B3,omega,2019-05-01,DE,yes,,,,,2026-03-01\n",
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", "2026-12-07", expect=1)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["sku"] for row in rows] == ["B1", "B2", "B3"]
    assert (rows[0]["service_guarantee_expiry"], rows[0]["legal_guarantee_expiry"]) == (
        "2027-06-01",
        "2027-02-01",
    )
    assert rows[1]["error"].startswith("price '-3' is negative")
    assert (rows[2]["effective_expiry"], rows[2]["legal_guarantee_expiry"]) == (
        "2024-05-01",
        "2027-03-01",
    )


def test_remind_adds_an_event_for_each_clock_still_ahead(invoke: Invoke) -> None:
    out = invoke(
        "remind", "iwc", "2025-02-01", "--region", "CN", "--first-owner", "--price", "12000",
        "--currency", "CNY",
        "--serviced-on", "2025-06-01", "--service-kind", "complete", "--as-of", "2026-12-07",
    ).stdout  # fmt: skip
    summaries = [line for line in out.splitlines() if line.startswith("SUMMARY:")]
    assert summaries[-2:] == [
        "SUMMARY:IWC service guarantee ends",
        "SUMMARY:Seller's legal guarantee on your IWC watch ends",
    ]
    assert "DTSTART;VALUE=DATE:20270601" in out
    assert "-legal@watchwarranty" in out


def test_batch_ics_carries_the_clocks_too(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "brand,purchase_date,region,price,currency,second_hand\niwc,2025-02-01,CN,12000,CNY,no\n",
        encoding="utf-8",
    )
    calendar = tmp_path / "out.ics"
    invoke("batch", str(path), "--as-of", "2026-12-07", "--ics", str(calendar))
    assert "Seller's legal guarantee on your IWC watch ends" in calendar.read_text("utf-8")


def test_rules_law_shows_a_jurisdiction_by_its_id_or_a_region(invoke: Invoke) -> None:
    out = invoke("rules", "law", "中国", env={"COLUMNS": "200"}).stdout
    assert "Mainland China  regions: CN" in out
    assert "from 10000 CNY: 2 years" in out
    assert "owed by the seller, not the maker" in out
    record = json.loads(invoke("rules", "law", "de", "--format", "json").stdout)
    assert record["id"] == "EU"
    assert [terms["from"] for terms in record["terms"]] == ["2026-07-31", "2022-01-01"]
    assert record["terms"][0]["repair_extension"] == "12 months"
    result = invoke("rules", "law", "Brazil", expect=2)
    assert result.stderr.startswith(
        "watchwarranty: error: the rules hold no seller's legal guarantee for BR"
    )


def test_rules_show_lists_the_service_terms(invoke: Invoke) -> None:
    out = invoke("rules", "show", "vacheron-constantin", env={"COLUMNS": "200"}).stdout
    assert "2 years from the service, covering the work and the parts replaced" in out
    record = json.loads(invoke("rules", "show", "iwc", "--format", "json").stdout)
    assert [(terms["kinds"], terms["length"]) for terms in record["service_guarantees"]] == [
        (["complete"], "24 months"),
        (["other"], "12 months"),
    ]


def test_the_xlsx_report_carries_the_clocks_as_dates(invoke: Invoke, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "inventory.csv"
    path.write_text(
        "brand,purchase_date,region,price,currency,second_hand\niwc,2025-02-01,CN,12000,CNY,no\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.xlsx"
    invoke("batch", str(path), "--as-of", "2026-12-07", "-o", str(report))
    workbook = load_workbook(report, read_only=True)
    sheet = workbook.active
    assert sheet is not None
    header, row = (list(values) for values in sheet.iter_rows(values_only=True))
    workbook.close()
    assert row[header.index("legal_guarantee_owner")] == "seller"
    assert row[header.index("legal_guarantee_expiry")].date() == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--price", "abc", "--currency", "CNY"], "watchwarranty: error: price 'abc' is not"),
        (
            ["--service-kind", "complete"],
            "watchwarranty: error: a service kind (complete) without",
        ),
    ],
)
def test_bad_clock_input_is_one_line_and_exit_2_in_a_real_process(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    import subprocess
    import sys

    args = [sys.executable, "-m", "watchwarranty", "check", "iwc", "2025-02-01", *extra]
    result = subprocess.run(
        args, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
