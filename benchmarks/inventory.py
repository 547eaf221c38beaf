"""Generate a realistic inventory CSV for the batch benchmark.

Brands are drawn from the shipped rules with their Chinese names and aliases; purchase dates
span 15 years in several spellings; flags are mixed; about 1% of rows are bad on purpose.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from watchwarranty.batch.read import FACT_COLUMNS
from watchwarranty.rules import default_rules_path, load_rules

# price is one of FACT_COLUMNS (the seller's legal guarantee reads it, with its currency).
HEADER = ["sku", *FACT_COLUMNS]
FIRST_DAY = date(2011, 1, 1)
DAYS = 15 * 365
# The benchmark answers as on this day; no date in the inventory is later.
LAST_DAY = FIRST_DAY + timedelta(days=DAYS)


def write_inventory(path: Path, rows: int, *, seed: int = 20261125) -> None:
    """Write ``rows`` data rows (and a header) to ``path``."""
    rules = load_rules(default_rules_path())
    rng = random.Random(seed)
    names = [
        name
        for brand in rules.brands.values()
        for name in (brand.name, brand.name, brand.name_zh or brand.name, *brand.aliases)
    ]
    stores = [store.name for brand in rules.brands.values() for store in brand.stores]
    movements = ["", "", *rules.movements]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            bought = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            spelling = rng.random()
            if spelling < 0.7:
                text = bought.isoformat()
            elif spelling < 0.85:
                text = f"{bought.year}年{bought.month}月{bought.day}日"
            else:
                text = f"{bought.year}/{bought.month:02d}/{bought.day:02d}"
            registered = rng.choice(["", "", "yes", "no", "是"])
            registered_on = ""
            if registered == "yes" and rng.random() < 0.5:
                registered_on = (bought + timedelta(days=rng.randrange(1, 900))).isoformat()
            brand = rng.choice(names)
            if rng.random() < 0.01:  # the 1% of bad rows
                brand, text = rng.choice(
                    [("Rolx", text), (brand, "05/06/2020"), (brand, "2021-02-29")]
                )
            writer.writerow(
                [
                    f"SKU{number:07d}",
                    brand,
                    text,
                    rng.choice(["", "", "CN", "中国", "US", "HK"]),
                    registered,
                    registered_on,
                    rng.choice(movements),
                    rng.choice(stores) if stores and rng.random() < 0.05 else "",
                    rng.choice(["", "", "", "yes"]),
                    rng.choice(["", "", "", "no"]),
                    _later(rng, bought, 0.05, 30),
                    _later(rng, bought, 0.02, 1000),
                    "",  # service_kind
                    # The same draws as before price was a fact, so earlier figures compare.
                    rng.randrange(20_000, 900_000),
                    "CNY",
                    "",  # sold_on
                ]
            )


def _later(rng: random.Random, bought: date, share: float, days: int) -> str:
    """For ``share`` of the rows, a day up to ``days`` after the purchase (an activation, a
    service), never after the last day the benchmark asks about."""
    if rng.random() >= share:
        return ""
    return min(bought + timedelta(days=rng.randrange(days)), LAST_DAY).isoformat()


if __name__ == "__main__":
    write_inventory(Path(sys.argv[1]), int(sys.argv[2]))
