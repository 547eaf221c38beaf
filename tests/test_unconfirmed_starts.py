"""Every policy whose start no source confirms is listed: in `brands --format json` for each
brand, and across all brands by `rules show` without a brand."""

from __future__ import annotations

import json

from conftest import Invoke

from watchwarranty.model import RuleBook


def _unconfirmed(rules: RuleBook) -> list[tuple[str, str]]:
    return sorted(
        (brand.id, policy.id)
        for brand in rules.brands.values()
        for policy in brand.policies
        if not policy.start_confirmed
    )


def test_brands_json_names_each_brands_unconfirmed_starts(
    invoke: Invoke, shipped: RuleBook
) -> None:
    records = json.loads(invoke("brands", "--format", "json").stdout)
    listed = sorted(
        (record["id"], start["id"]) for record in records for start in record["unconfirmed_starts"]
    )
    assert listed == _unconfirmed(shipped)
    by_id = {record["id"]: record for record in records}
    assert by_id["rado"]["unconfirmed_starts"] == [{"id": "rado-24-months", "from": "2000-01-01"}]
    assert by_id["cartier"]["unconfirmed_starts"] == []


def test_rules_show_without_a_brand_lists_every_unconfirmed_start(
    invoke: Invoke, shipped: RuleBook
) -> None:
    records = json.loads(invoke("rules", "show", "--format", "json").stdout)
    assert sorted((r["brand"], r["id"]) for r in records) == _unconfirmed(shipped)
    rado = next(r for r in records if r["brand"] == "rado")
    assert rado == {
        "brand": "rado",
        "id": "rado-24-months",
        "title": "Warranty: 24 months",
        "from": "2000-01-01",
        "source": "https://service.rado.com/int_it/faq/7?country=us",
    }
    table = invoke("rules", "show").stdout
    assert "rado  rado-24-months  from 2000-01-01  Warranty: 24 months\n" in table
    assert table.count("\n") == len(records) + 1
