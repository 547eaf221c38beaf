"""Each warranty mechanic on a fictitious brand (tests/data/mechanics.toml): both sides of every
boundary, and the notes and conditions that say what an answer rests on."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke

from watchwarranty.engine import evaluate
from watchwarranty.errors import InputError
from watchwarranty.messages import render
from watchwarranty.model import Purchase, RuleBook, Verdict
from watchwarranty.rules import load_rules

MECHANICS = Path(__file__).parent / "data" / "mechanics.toml"
BOUGHT = date(2020, 1, 1)


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return load_rules(MECHANICS)


def answer(rules: RuleBook, as_of: date = date(2020, 6, 1), **facts: object) -> Verdict:
    return evaluate(Purchase(**{"purchased_on": BOUGHT, **facts}), rules, as_of=as_of)  # type: ignore[arg-type]


def codes(verdict: Verdict) -> set[str]:
    return {message.code for message in (*verdict.notes, *verdict.conditions)}


# -- a cap on the whole cover ------------------------------------------------------------------


def test_a_policy_cap_limits_base_and_extensions_together(rules: RuleBook) -> None:
    registered = answer(rules, brand="capco", registered_on=date(2020, 2, 1), second_hand=False)
    assert registered.effective_expiry == date(2028, 1, 1)  # 2 + 7 = 9 years, capped at 8
    assert "capped" in codes(registered)
    unregistered = answer(rules, brand="capco", registered=False, second_hand=False)
    assert unregistered.expiry_if_registered == date(2028, 1, 1)
    assert unregistered.effective_expiry == date(2022, 1, 1)


# -- cover counted from the activation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("activated_on", "expires"),
    [(BOUGHT, date(2022, 1, 1)), (date(2020, 3, 15), date(2022, 3, 15))],
)
def test_cover_counts_from_the_activation_when_given(
    rules: RuleBook, activated_on: date, expires: date
) -> None:
    verdict = answer(
        rules, brand="cardco", activated_on=activated_on, registered=False, second_hand=False
    )
    assert verdict.effective_expiry == verdict.possible_expiry == expires
    assert verdict.register_by == expires  # the registration window runs from the same day


def test_an_activation_day_not_given_is_any_day_from_the_sale_to_as_of(rules: RuleBook) -> None:
    verdict = answer(rules, brand="cardco", registered=False, second_hand=False)
    # Activated at the sale gives the least; activated on the as-of day the most.
    assert verdict.effective_expiry == date(2022, 1, 1)
    assert verdict.possible_expiry == date(2022, 6, 1)
    assert ("activated_on", "2020-06-01", date(2022, 6, 1)) in verdict.depends_on
    # The registration window closes earliest when cover started at the sale.
    assert verdict.register_by == date(2022, 1, 1)


def test_a_registration_before_a_later_activation_earns_nothing(rules: RuleBook) -> None:
    registered: dict[str, object] = {
        "brand": "cardco",
        "registered_on": BOUGHT,
        "second_hand": False,
    }
    same_day = answer(rules, activated_on=BOUGHT, **registered)
    later = answer(rules, activated_on=date(2020, 1, 2), **registered)
    unknown = answer(rules, **registered)
    assert later.effective_expiry < same_day.effective_expiry
    # Not given, the activation day may be the later one: the answer never claims more.
    assert unknown.effective_expiry == min(later.effective_expiry, same_day.effective_expiry)
    assert unknown.possible_expiry >= same_day.effective_expiry


def test_an_activation_before_the_sale_or_after_as_of_is_refused(rules: RuleBook) -> None:
    with pytest.raises(InputError, match="before the purchase date"):
        answer(rules, brand="cardco", activated_on=date(2019, 12, 31))
    with pytest.raises(InputError, match="is after 2020-06-01"):
        answer(rules, brand="cardco", activated_on=date(2020, 6, 2))


def test_an_activation_date_for_a_brand_counting_from_the_sale_changes_nothing(
    rules: RuleBook,
) -> None:
    verdict = answer(rules, brand="scopeco", activated_on=date(2020, 3, 1))
    assert verdict.effective_expiry == date(2025, 1, 1)
    assert "activation-unused" in codes(verdict)


# -- a base warranty valid only once registered ------------------------------------------------


def test_without_a_registration_no_cover_is_counted_and_registering_is_offered(
    rules: RuleBook,
) -> None:
    verdict = answer(rules, brand="regco")
    assert verdict.effective_expiry == BOUGHT
    assert not verdict.covered
    assert (verdict.register_by, verdict.expiry_if_registered) == (
        date(2023, 1, 1),
        date(2023, 1, 1),
    )
    assert "base-needs-registration" in codes(verdict)


@pytest.mark.parametrize(
    ("registered_on", "expires"),
    [(date(2023, 1, 1), date(2023, 1, 1)), (date(2023, 1, 2), BOUGHT)],
)
def test_a_base_registration_counts_up_to_the_base_warranty_s_last_day(
    rules: RuleBook, registered_on: date, expires: date
) -> None:
    verdict = answer(rules, as_of=date(2023, 6, 1), brand="regco", registered_on=registered_on)
    assert verdict.effective_expiry == expires
    assert (verdict.register_by, verdict.expiry_if_registered) == (None, None)


def test_registered_without_a_date_is_any_day_from_the_sale_to_as_of(rules: RuleBook) -> None:
    # Every day to as-of is before the base warranty's last day: certainly in time.
    verdict = answer(rules, brand="regco", registered=True)
    assert verdict.effective_expiry == date(2023, 1, 1)
    assert verdict.status == "active" and not verdict.depends_on
    # Some days to as-of are after it: covered only if it was registered in time.
    later = answer(rules, as_of=date(2023, 6, 1), brand="regco", registered=True)
    assert (later.effective_expiry, later.possible_expiry) == (BOUGHT, date(2023, 1, 1))
    assert [(d.fact, d.value) for d in later.depends_on] == [
        ("registered_on", "2020-01-01/2023-01-01")
    ]


def test_after_the_base_warranty_s_last_day_registering_is_no_longer_offered(
    rules: RuleBook,
) -> None:
    verdict = answer(rules, as_of=date(2023, 1, 2), brand="regco")
    assert (verdict.register_by, verdict.expiry_if_registered) == (None, None)
    assert "base-never-registered" in codes(verdict)


# -- a base that stays with the first owner ----------------------------------------------------


@pytest.mark.parametrize(("second_hand", "expires"), [(False, date(2023, 1, 1)), (True, BOUGHT)])
def test_a_base_that_does_not_pass_to_a_later_owner(
    rules: RuleBook, second_hand: bool, expires: date
) -> None:
    verdict = answer(rules, brand="firstco", second_hand=second_hand)
    assert verdict.effective_expiry == expires
    assert ("base-not-transferable" in codes(verdict)) is second_hand


# -- terms honoured only where bought, and scope -----------------------------------------------


@pytest.mark.parametrize(
    ("region", "expires", "condition"),
    [("CN", date(2023, 1, 1), True), ("US", date(2022, 1, 1), False)],
)
def test_terms_honoured_only_where_bought_say_so(
    rules: RuleBook, region: str, expires: date, condition: bool
) -> None:
    verdict = answer(rules, brand="localco", region=region)
    assert verdict.effective_expiry == expires
    assert ("honoured-only-in" in codes(verdict)) is condition


def test_what_the_cover_leaves_out_is_shown_with_the_answer(rules: RuleBook) -> None:
    verdict = answer(rules, brand="scopeco")
    assert [render(condition) for condition in verdict.conditions] == [
        "What it covers: the movement only; straps 2 years (Five years)"
    ]


# -- an extension a service earns --------------------------------------------------------------


@pytest.mark.parametrize(
    ("serviced_on", "expires", "note"),
    [
        (date(2023, 1, 1), date(2025, 1, 1), None),  # the window's last day
        (date(2023, 1, 2), date(2023, 1, 1), "serviced-outside-note"),
        (BOUGHT, date(2025, 1, 1), None),
    ],
)
def test_a_service_within_its_window_earns_the_extension(
    rules: RuleBook, serviced_on: date, expires: date, note: str | None
) -> None:
    verdict = answer(
        rules,
        as_of=date(2023, 6, 1),
        brand="serviceco",
        serviced_on=serviced_on,
        second_hand=False,
    )
    assert verdict.effective_expiry == expires
    if note is not None:
        assert note in codes(verdict)


def test_without_a_service_the_answer_says_by_when_and_for_how_long(rules: RuleBook) -> None:
    verdict = answer(rules, brand="serviceco", second_hand=False)
    assert verdict.effective_expiry == date(2023, 1, 1)
    # Not given, a service may already have been done in its window.
    assert verdict.possible_expiry == date(2025, 1, 1)
    notes = [render(note) for note in verdict.notes]
    assert (
        "A service within 3 years adds 2 years: a service by the brand by 2023-01-01 extends "
        "cover to 2025-01-01" in notes
    )
    missed = answer(rules, as_of=date(2023, 1, 2), brand="serviceco", second_hand=False)
    assert "service-missed" in codes(missed)


def test_a_service_date_for_a_brand_without_service_terms_changes_nothing(
    rules: RuleBook,
) -> None:
    verdict = answer(rules, brand="scopeco", serviced_on=date(2020, 3, 1))
    assert verdict.effective_expiry == date(2025, 1, 1)
    assert "service-unused" in codes(verdict)


def test_a_service_before_the_sale_or_after_as_of_is_refused(rules: RuleBook) -> None:
    with pytest.raises(InputError, match="service date 2019-12-31 is before"):
        answer(rules, brand="serviceco", serviced_on=date(2019, 12, 31))
    with pytest.raises(InputError, match="service date 2020-06-02 is after"):
        answer(rules, brand="serviceco", serviced_on=date(2020, 6, 2))


# -- finer movement kinds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("movement", "expires"),
    [("si14", date(2024, 1, 1)), ("co-axial", date(2023, 1, 1)), ("quartz", date(2022, 1, 1))],
)
def test_a_finer_movement_kind_gets_its_own_tier(
    rules: RuleBook, movement: str, expires: date
) -> None:
    assert answer(rules, brand="tierco", movement=movement).effective_expiry == expires


def test_an_unknown_movement_names_each_tier_that_would_give_more(rules: RuleBook) -> None:
    verdict = answer(rules, brand="tierco")
    assert verdict.effective_expiry == date(2022, 1, 1)
    assert [render(note) for note in verdict.notes] == [
        "If the movement is co-axial, cover runs to 2023-01-01",
        "If the movement is si14, cover runs to 2024-01-01",
    ]


# -- from the command line and in batch --------------------------------------------------------


def test_check_takes_the_activation_and_service_days(invoke: Invoke) -> None:
    rules = ("--rules", str(MECHANICS), "--as-of", "2023-06-01", "--format", "json")
    activated = invoke("check", "cardco", "2020-01-01", "--activated-on", "2020-03-15", *rules)
    assert json.loads(activated.stdout)["effective_expiry"] == "2022-03-15"
    serviced = invoke(
        "check", "serviceco", "2020-01-01", "--serviced-on", "2022-12-01", "--first-owner", *rules
    )
    assert json.loads(serviced.stdout)["effective_expiry"] == "2025-01-01"
    restricted = json.loads(invoke("check", "regco", "2020-01-01", "--registered", *rules).stdout)
    assert (restricted["effective_expiry"], restricted["possible_expiry"]) == (
        "2020-01-01",
        "2023-01-01",
    )
    assert restricted["depends_on"] == [
        {"fact": "registered_on", "value": "2020-01-01/2023-01-01", "expiry": "2023-01-01"}
    ]


@pytest.mark.parametrize(
    ("option", "day", "message"),
    [
        ("--activated-on", "2019-12-31", "activation or delivery date 2019-12-31 is before"),
        ("--activated-on", "2023-06-02", "activation or delivery date 2023-06-02 is after"),
        ("--serviced-on", "2019-12-31", "service date 2019-12-31 is before the purchase date"),
        ("--serviced-on", "2023-02-30", "is not a real date"),
    ],
)
def test_a_bad_activation_or_service_day_is_one_line_and_exit_2(
    invoke: Invoke, option: str, day: str, message: str
) -> None:
    result = invoke(
        "check",
        "cardco",
        "2020-01-01",
        option,
        day,
        "--rules",
        str(MECHANICS),
        "--as-of",
        "2023-06-01",
        expect=2,
    )
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_the_table_shows_what_the_answer_rests_on_in_both_languages(invoke: Invoke) -> None:
    args = ("check", "scopeco", "2020-01-01", "--rules", str(MECHANICS), "--as-of", "2021-01-01")
    english = invoke(*args).stdout
    assert (
        "Conditions\n•  What it covers: the movement only; straps 2 years (Five years)\n"
        in english
    )
    chinese = invoke(*args, "--lang", "zh").stdout
    assert "前提条件" in chinese and "仅限机芯；表带 2 年" in chinese


def test_batch_reads_activation_and_service_columns_and_reports_bad_ones(invoke: Invoke) -> None:
    text = (
        "brand,purchase_date,activated_on,serviced_on,second_hand\n"
        "cardco,2020-01-01,2020-03-15,,no\n"
        "serviceco,2020-01-01,,2022-12-01,no\n"
        "serviceco,2020-01-01,,2019-01-01,no\n"
    )
    result = invoke(
        "batch", "-", "--rules", str(MECHANICS), "--as-of", "2023-06-01", input=text, expect=1
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["effective_expiry"], row["error"][:40]) for row in rows] == [
        ("2022-03-15", ""),
        ("2025-01-01", ""),
        ("", "service date 2019-01-01 is before the pu"),
    ]


def test_rules_show_says_each_mechanic_in_words(invoke: Invoke) -> None:
    shown = invoke("rules", "show", "cardco", "--rules", str(MECHANICS)).stdout
    assert "terms: counted from the warranty card's activation" in shown
    record = json.loads(
        invoke("rules", "show", "regco", "--rules", str(MECHANICS), "--format", "json").stdout
    )
    assert record["policies"][1]["terms"] == ["valid only once the sale is registered"]
    service = json.loads(
        invoke("rules", "show", "serviceco", "--rules", str(MECHANICS), "--format", "json").stdout
    )
    assert service["policies"][1]["extensions"][0]["terms"][0] == (
        "a service by the brand within 3 years"
    )
    chinese = invoke("rules", "show", "firstco", "--rules", str(MECHANICS), "--lang", "zh").stdout
    assert "条款：只属于首位表主" in chinese
