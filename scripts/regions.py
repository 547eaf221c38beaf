"""Write watchwarranty/region_names.py: every ISO 3166 country's names, from pycountry.

    .venv/bin/python scripts/regions.py

Reading pycountry's database and its Chinese translations took ~50 ms and ~10 MiB at every
start that named a region; the table it yields is ~40 KB of Python. tests/test_regions.py
fails when the shipped table differs from what the installed pycountry gives.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pycountry

from watchwarranty.inputs.regions import fold

TARGET = Path(__file__).resolve().parent.parent / "watchwarranty" / "inputs" / "region_names.py"


def region_names() -> dict[str, str]:
    """Each country's codes and names, in English and Chinese (Simplified, and Traditional as
    Taiwan and Hong Kong write them), folded -> alpha-2 code."""
    chinese = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in ("zh_CN", "zh_TW", "zh_HK")
    ]
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            code,
            country.alpha_3,
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            *(translation.gettext(country.name) for translation in chinese),
        ):
            if name:
                names.setdefault(fold(name), code)
    return dict(sorted(names.items()))


def module_text(names: dict[str, str]) -> str:
    entries = "".join(
        f"    {json.dumps(name, ensure_ascii=False)}: {json.dumps(code)},\n"
        for name, code in names.items()
    )
    return (
        '"""ISO 3166 country names, folded, and their alpha-2 codes: written by\n'
        f'scripts/regions.py from pycountry {pycountry.__version__}; do not edit."""\n\n'
        f"NAMES = {{\n{entries}}}\n"
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(region_names()), encoding="utf-8")
    print(f"{TARGET}: {len(region_names())} names")
