"""The shipped rules travel inside the package, and the code names no brand."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import watchwarranty
from watchwarranty.model import RuleBook
from watchwarranty.rules import default_rules_path

PACKAGE = Path(watchwarranty.__file__).parent
CHECKOUT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    os.environ.get("WATCHWARRANTY_EXPECT_INSTALLED") != "1",
    reason="only when CI tests the built wheel",
)
def test_the_wheel_carries_its_own_rules() -> None:
    assert CHECKOUT not in PACKAGE.resolve().parents
    assert default_rules_path() == PACKAGE / "rules.toml"
    assert default_rules_path().read_bytes() == (CHECKOUT / "rules.toml").read_bytes()
    from watchwarranty.rules.casefile import shipped_cases_dir

    assert shipped_cases_dir() == PACKAGE / "cases"
    assert (PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "watchwarranty.mo").is_file()
    assert {path.name for path in shipped_cases_dir().glob("*.toml")} == {
        path.name for path in (CHECKOUT / "tests" / "cases").glob("*.toml")
    }


def test_no_brand_name_or_alias_appears_in_the_code(shipped: RuleBook) -> None:
    names = {
        name.casefold()
        for brand in shipped.brands.values()
        for name in (brand.id, brand.name, brand.name_zh or "", *brand.aliases)
        # Two-letter Latin aliases ("AP") are ordinary words; Chinese names are checked whole.
        if len(name) > 2 or not name.isascii()
    }

    def named(name: str, text: str) -> bool:
        if name.isascii():
            return re.search(rf"\b{re.escape(name)}\b", text) is not None
        return name in text

    for source in sorted(PACKAGE.rglob("*.py")):
        text = source.read_text(encoding="utf-8").casefold()
        found = sorted(name for name in names if named(name, text))
        assert not found, f"{source.name} names {found}: brand knowledge belongs in rules.toml"
