"""rules.toml: loading and validating it into a RuleBook, and finding a brand or store in it."""

from watchwarranty.rules.loader import (
    default_rules_path,
    load_layered,
    load_rules,
    parse_rules,
    user_rules_path,
)
from watchwarranty.rules.lookup import find_brand, find_store, normalise_name

__all__ = [
    "default_rules_path",
    "find_brand",
    "find_store",
    "load_layered",
    "load_rules",
    "normalise_name",
    "parse_rules",
    "user_rules_path",
]
