"""watchwarranty: how long a luxury watch's maker warranty runs, and how to get more of it.

The engine is importable without the CLI::

    from datetime import date
    from watchwarranty import Purchase, default_rules_path, evaluate, find_brand, load_rules

    rules = load_rules(default_rules_path())
    name = "..."
    brand = find_brand(rules, name)  # any name or alias, in English or Chinese
    verdict = evaluate(Purchase(brand.id, date(2020, 3, 1)), rules, as_of=date(2021, 1, 1))
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: typing (with re and collections) takes ~30 ms to load,
# and until the console script's main() runs, Ctrl-C is a KeyboardInterrupt traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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

# Each name is imported when first asked for, so that `import watchwarranty.cli` runs the
# console script's start-up (which turns the garbage collector off while modules load) before
# the engine is imported: with the collector on, importing it cost `check` ~1.5% more work.
_HOME = {
    "evaluate": "watchwarranty.engine.evaluate",
    "DateError": "watchwarranty.errors",
    "InputError": "watchwarranty.errors",
    "RulesError": "watchwarranty.errors",
    "UnknownBrandError": "watchwarranty.errors",
    "WatchWarrantyError": "watchwarranty.errors",
    "parse_date": "watchwarranty.inputs.dates",
    "Purchase": "watchwarranty.model",
    "RuleBook": "watchwarranty.model",
    "Verdict": "watchwarranty.model",
    "default_rules_path": "watchwarranty.rules",
    "find_brand": "watchwarranty.rules",
    "load_rules": "watchwarranty.rules",
    "parse_rules": "watchwarranty.rules",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        from importlib import import_module

        value = getattr(import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'watchwarranty' has no attribute {name!r}")


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
