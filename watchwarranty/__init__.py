"""watchwarranty: how long a luxury watch's maker warranty runs, and how to get more of it.

The engine is importable without the CLI::

    from datetime import date
    from watchwarranty import Purchase, default_rules_path, evaluate, find_brand, load_rules

    rules = load_rules(default_rules_path())
    name = "..."
    brand = find_brand(rules, name)  # any name or alias, in English or Chinese
    verdict = evaluate(Purchase(brand.id, date(2020, 3, 1)), rules, as_of=date(2021, 1, 1))
"""

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import (
    DateError,
    InputError,
    RulesError,
    UnknownBrandError,
    WatchWarrantyError,
)
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import Purchase, RuleBook, Verdict
from watchwarranty.rules import default_rules_path, find_brand, load_rules, parse_rules

__version__ = "0.1.0"

__all__ = [
    "DateError",
    "InputError",
    "Purchase",
    "RuleBook",
    "RulesError",
    "UnknownBrandError",
    "Verdict",
    "WatchWarrantyError",
    "__version__",
    "default_rules_path",
    "evaluate",
    "find_brand",
    "load_rules",
    "parse_date",
    "parse_rules",
]
