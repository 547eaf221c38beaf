from __future__ import annotations

from pathlib import Path

import pytest

from watchwarranty.errors import RulesError, UnknownBrandError
from watchwarranty.rules import find_brand, load_rules, normalise_name, parse_rules

ACME = Path(__file__).parent / "data" / "acme.toml"

GOOD = ACME.read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(RulesError) as caught:
        parse_rules(text, origin="acme.toml")
    return caught.value.problems


def test_the_fixture_is_valid() -> None:
    rules = parse_rules(GOOD)
    assert sorted(rules.brands) == ["acme", "other", "undated"]
    assert [p.id for p in rules.brands["acme"].policies] == [
        "acme-2019-01",
        "acme-2015-07",
        "acme-mechanical-2012-03",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'base = "5 years"',
            'base_yaers = "5 years"',
            "acme.toml: brands.acme.policies[2].base_yaers: unknown key 'base_yaers'; "
            "did you mean 'base'?",
        ),
        (
            'id = "acme-2015-07"\n',
            "",
            "acme.toml: brands.acme.policies[2]: missing required key 'id'",
        ),
        (
            "effective = 2015-07-01",
            'effective = "2015-13-01"',
            "brands.acme.policies[2].effective: '2015-13-01' is not a date",
        ),
        (
            "effective = 2015-07-01",
            "effective = 2015",
            "brands.acme.policies[2].effective: 2015 is not a date",
        ),
        ('base = "5 years"', 'base = "0 years"', "policies[2].base: '0 years' is not positive"),
        ('base = "5 years"', 'base = "five"', "policies[2].base: 'five' is not a duration"),
        ('base = "5 years"', "base = 5", "policies[2].base: 5 is not a duration"),
        (
            'movements = ["mechanical"]',
            'movements = ["automatic"]',
            "policies[1].movements: unknown value 'automatic'; declare it under [movements]",
        ),
        ('stores = ["flagship"]', 'stores = ["outlet"]', "unknown value 'outlet'"),
        (
            'confidence = "medium"',
            'confidence = "sure"',
            "confidence: 'sure' is not a confidence level; use one of: high, medium, low",
        ),
        (
            'source = "test"\nconfidence = "medium"',
            'confidence = "medium"',
            "brands.acme.policies[1]: missing required key 'source'",
        ),
        ('source = "test"', 'source = ""', "source: is empty"),
        (
            "schema = 1",
            "schema = 9",
            "schema: schema 9 is newer than this watchwarranty reads; upgrade",
        ),
        ('aliases = ["OC"]', 'aliases = ["ACME"]', "name or alias 'ACME' is also used by brand"),
        ('id = "acme-2015-07"', 'id = "acme-2019-01"', "id 'acme-2019-01' is already used"),
        (
            "effective = 2015-07-01",
            "effective = 2019-01-01",
            "start on the same day with the same conditions",
        ),
        ("requires_marketing_consent = true", "requires_marketing_consent = 1", "expected bool"),
        (
            'registration_deadline = "base"',
            'registration_deadline = "whenever"',
            "unknown deadline 'whenever'",
        ),
        (
            'region = "CN"',
            'region = "China"',
            "stores[1].region: 'China' is not a region code",
        ),
        (
            "[[brands.other.policies]]",
            "[brands.other.policies]",
            "brands.other.policies: expected a list of tables",
        ),
        ("schema = 1", "schema = 1\n[x", "not valid TOML"),
        ('kind_of = "mechanical"', "kind_of = []", "movements.tourbillon.kind_of: expected str"),
        (
            'registration_deadline = "base"',
            "registration_deadline = []",
            "unknown deadline []",
        ),
    ],
)
def test_each_mistake_is_reported_with_its_place(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(expected in problem for problem in found), found
    assert all("\n" not in problem for problem in found)
    assert len(found) == len(set(found))


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace('base = "5 years"', 'base = "0 years"').replace(
        'confidence = "low"', 'confidence = "maybe"'
    )
    assert len(problems(text)) >= 3


def test_registration_keys_without_registration_are_refused() -> None:
    text = GOOD.replace(
        "requires_registration = true\nregistration_opens", "registration_opens", 1
    )
    assert any("registration is not required" in p for p in problems(text))


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="no such rules file"):
        load_rules(tmp_path / "nope.toml")


def test_names_fold_case_width_and_punctuation() -> None:
    assert normalise_name("Audemars-Piguet") == normalise_name(" audemars piguet ")
    assert normalise_name("\uff21\uff23\uff2d\uff25")  # full-width == "acme"


def test_unknown_brand_suggests_the_closest() -> None:
    rules = parse_rules(GOOD)
    with pytest.raises(UnknownBrandError, match="did you mean Acme Watches"):
        find_brand(rules, "acmee")
    with pytest.raises(UnknownBrandError, match="run 'watchwarranty brands'"):
        find_brand(rules, "zzzzzz")


def test_of_two_policies_starting_together_the_narrower_movement_kind_comes_first() -> None:
    text = """
schema = 1
[movements.mechanical]
[movements.co-axial]
kind_of = "mechanical"
[movements.si14]
kind_of = "co-axial"
[default]
id = "d"
title = "Two years"
base = "2 years"
source = "test"
confidence = "high"
[brands.acme]
name = "Acme"
[[brands.acme.policies]]
id = "broad"
title = "Co-axial: 3 years"
effective = 2012-01-01
base = "3 years"
movements = ["co-axial"]
source = "test"
confidence = "high"
[[brands.acme.policies]]
id = "narrow"
title = "Silicon co-axial: 4 years"
effective = 2012-01-01
base = "4 years"
movements = ["si14"]
source = "test"
confidence = "high"
"""
    rules = parse_rules(text)
    assert [policy.id for policy in rules.brands["acme"].policies] == ["narrow", "broad"]


MECHANICS = (Path(__file__).parent / "data" / "mechanics.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'starts = "activation"',
            'starts = "invoice"',
            "brands.cardco.policies[1].starts: 'invoice' is not an event cover can start from; "
            "use one of: sale, activation, delivery",
        ),
        (
            'cap = "8 years"',
            'cap = "1 year"',
            "brands.capco.policies[1].cap: the cap 1 year is shorter than the base warranty",
        ),
        (
            'regions = ["CN"]\nonly_where_bought = true',
            "only_where_bought = true",
            "brands.localco.policies[1].only_where_bought: only_where_bought needs the regions",
        ),
        (
            "requires_service = true",
            "requires_service = true\nrequires_registration = true",
            "brands.serviceco.policies[1].extensions[1]: an extension is earned by registering "
            "or by a service, not both",
        ),
        (
            "requires_service = true\n",
            "",
            "extensions[1].service_within: service_within given but no service is required",
        ),
        (
            'scope = "the movement only; straps 2 years"\n',
            "",
            "brands.scopeco.policies[1].scope_zh: scope_zh given without scope",
        ),
        ("transferable = false", 'transferable = "no"', "transferable: expected bool"),
        (
            'aliases = ["机械", "automatic"]',
            'aliases = ["机械", "quartz"]',
            "movements.mechanical.aliases: name 'quartz' is also a name of movement",
        ),
        (
            'id = "capco-2015"\ntitle = "Two years, at most eight in all"\neffective = 2015-01-01\n'
            'base = "2 years"\ncap = "8 years"\nsource = "test"',
            'id = "capco-2015"\ntitle = "Two years, at most eight in all"\neffective = 2015-01-01\n'
            'base = "2 years"\ncap = "8 years"\nsource = "shared/seed/000_31a3b39e4df29e51.txt"',
            "brands.capco.policies[1].source: 'shared/seed/000_31a3b39e4df29e51.txt' is a file "
            "path, which no reader can open",
        ),
    ],
)
def test_each_mistake_in_a_mechanic_is_reported_with_its_place(
    old: str, new: str, expected: str
) -> None:
    assert old in MECHANICS
    found = problems(MECHANICS.replace(old, new, 1))
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    "source",
    [
        "https://example.com/warranty.html",
        '"售后之争再升级", 名表日报 on 名奢网, 2022-12-17',
        "Omega booklet, https://libble.eu/omega-8611/online-manual-296955/?page=0006",
    ],
)
def test_a_url_or_a_publication_is_a_source(source: str) -> None:
    parse_rules(MECHANICS.replace('source = "test"', f"source = '{source}'", 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("schema = 1", "schema = true", "schema: unknown schema True; write schema = 1"),
        ("schema = 1", "schema = 1.0", "schema: unknown schema 1.0; write schema = 1"),
        (
            'base = "5 years"',
            'base = "99999 years"',
            "policies[2].base: '99999 years' is longer than any warranty (100 years at most)",
        ),
        ('base = "5 years"', f'base = "{"9" * 5000} years"', "is not a duration"),
        (
            'movements = ["mechanical"]',
            "movements = []",
            "brands.acme.policies[1].movements: an empty list matches no watch",
        ),
        ('stores = ["flagship"]', "stores = []", "stores: an empty list matches no watch"),
        (
            "[movements.mechanical]",
            '[movements.mechanical]\nkind_of = "tourbillon"',
            "movements.mechanical.kind_of: kind_of goes round in a circle: "
            "mechanical → tourbillon → mechanical",
        ),
        ('name = "Acme Watches"', 'name = "Acme Watches"\n"bad\\nkey" = 1', "bad\\nkey"),
    ],
)
def test_rules_that_would_mislead_or_crash_are_refused(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(expected in problem for problem in found), found
    assert all("\n" not in problem for problem in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schema = 1\nx = " + "9" * 5000, "not valid TOML: Exceeds the limit"),
        ("schema = 1\nx = " + "[" * 50 + "]" * 50, "x[1][1][1][1][1][1][1][1]: nested deeper"),
        ("schema = 1\nx = 10000000", "x: the number is far larger than any rule needs"),
    ],
)
def test_rules_check_refuses_shapes_no_rules_file_has(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1 and expected in found[0], found


def test_a_directory_where_your_rules_file_goes_is_an_error(tmp_path: Path) -> None:
    from watchwarranty.rules import default_rules_path, load_layered

    (tmp_path / "rules.toml").mkdir()
    with pytest.raises(RulesError, match="your rules file is not a file"):
        load_layered(default_rules_path(), tmp_path / "rules.toml")
