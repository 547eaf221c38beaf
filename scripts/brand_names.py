"""Write watchwarranty/render/brand_names.py: each brand's Chinese name (name_zh in rules.toml,
Simplified) in Traditional characters, for reports in zh-hant.

    .venv/bin/python scripts/brand_names.py

The rules write one Chinese name a brand; Taiwan and Hong Kong read it in Traditional. Where
the brand's aliases hold the converted name (勞力士), that spelling is the one taken; else
OpenCC's s2tw conversion. tests/test_inventories.py fails when the table is not current.
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import tomli

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules.toml"
TARGET = ROOT / "watchwarranty" / "render" / "brand_names.py"


def traditional_names() -> dict[str, str]:
    """name_zh -> its Traditional spelling, for every brand whose spelling differs."""
    rules = tomli.loads(RULES.read_text(encoding="utf-8"))
    converters = [opencc.OpenCC(name) for name in ("s2tw", "s2hk", "s2t")]
    names = {}
    for brand in rules["brands"].values():
        simplified = brand.get("name_zh")
        if not simplified:
            continue
        readings = [converter.convert(simplified) for converter in converters]
        known = [alias for alias in brand.get("aliases", []) if alias in readings]
        spelling = known[0] if known else readings[0]
        if spelling != simplified:
            names[simplified] = spelling
    return dict(sorted(names.items()))


def module_text(names: dict[str, str]) -> str:
    entries = "".join(
        f"    {json.dumps(simplified, ensure_ascii=False)}: "
        f"{json.dumps(traditional, ensure_ascii=False)},\n"
        for simplified, traditional in names.items()
    )
    return (
        '"""Brands\' Chinese names in Traditional characters: written by scripts/brand_names.py\n'
        'from rules.toml; do not edit."""\n\n'
        f"TRADITIONAL = {{\n{entries}}}\n"
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(traditional_names()), encoding="utf-8")
    print(f"{TARGET}: {len(traditional_names())} names")
