"""Write watchwarranty/region_names.py: every ISO 3166 country's names, from pycountry: the
names a reader may type, and the name each is shown by in English, Simplified and Traditional
Chinese (converted with OpenCC's Taiwan phrases, as the catalogue is).

    .venv/bin/python scripts/regions.py

Reading pycountry's database and its Chinese translations took ~50 ms and ~10 MiB at every
start that named a region; the table it yields is ~40 KB of Python. tests/test_regions.py
fails when the shipped table differs from what the installed pycountry gives.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import opencc
import pycountry

from watchwarranty.inputs.regions import fold

TARGET = Path(__file__).resolve().parent.parent / "watchwarranty" / "inputs" / "region_names.py"


def region_names() -> dict[str, str]:
    """Each country's codes and names, in English and Chinese (Simplified, and Traditional as
    Taiwan and Hong Kong write them), folded -> alpha-2 code."""
    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    local = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in ("zh_TW", "zh_HK")
    ]
    traditional = opencc.OpenCC("s2twp")
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            code,
            country.alpha_3,
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            chinese.gettext(country.name),
            *(translation.gettext(country.name) for translation in local),
            # Typed in Taiwan or Hong Kong: 英國 as well as 英国.
            traditional.convert(chinese.gettext(country.name)),
            *SHORT.get(country.alpha_2, ()),
            *(traditional.convert(short) for short in SHORT.get(country.alpha_2, ())[1:]),
        ):
            if name:
                names.setdefault(fold(name), code)
    return dict(sorted(names.items()))


# Where ISO's name is the state's formal one, the short name a reader uses; Taiwan by the name
# its own readers use.
SHORT = {
    "TW": ("Taiwan", "台湾"),
    "KR": ("South Korea", "韩国"),
    "KP": ("North Korea", "朝鲜"),
    "IR": ("Iran", "伊朗"),
    "LA": ("Laos", "老挝"),
    "MD": ("Moldova", "摩尔多瓦"),
    "SY": ("Syria", "叙利亚"),
    "VE": ("Venezuela", "委内瑞拉"),
    "BO": ("Bolivia", "玻利维亚"),
    "RU": ("Russia", "俄罗斯"),
    "FM": ("Micronesia", "密克罗尼西亚"),
    "PS": ("Palestine", "巴勒斯坦"),
    "VA": ("Vatican City", "梵蒂冈"),
    "CD": ("DR Congo", "刚果民主共和国"),
    # Names listed among others must not hold the list's own comma or "and".
    "BQ": ("Caribbean Netherlands", "荷兰加勒比区"),
    "SH": ("Saint Helena", "圣赫勒拿"),
    "VG": ("British Virgin Islands", "英属维尔京群岛"),
    "VI": ("US Virgin Islands", "美属维尔京群岛"),
    "MF": ("Saint Martin (French)", "法属圣马丁"),
    "SX": ("Sint Maarten (Dutch)", "荷属圣马丁"),
}


def display_names() -> dict[str, tuple[str, str, str]]:
    """Each country's alpha-2 code -> its short name in English, Simplified and Traditional."""
    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    converter = opencc.OpenCC("s2twp")
    shown = {}
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        simplified = chinese.gettext(country.name)
        english, simplified = SHORT.get(country.alpha_2, (english, simplified))
        shown[country.alpha_2] = (english, simplified, converter.convert(simplified))
    return dict(sorted(shown.items()))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def module_text(found: dict[str, str], shown: dict[str, tuple[str, str, str]]) -> str:
    entries = "".join(
        f"    {json.dumps(name, ensure_ascii=False)}: {json.dumps(code)},\n"
        for name, code in found.items()
    )
    displays = "".join(
        f"    {json.dumps(code)}: ({', '.join(_quoted(name) for name in names)}),\n"
        for code, names in shown.items()
    )
    return (
        '"""ISO 3166 country names, folded, and their alpha-2 codes; and the name each code is\n'
        "shown by in English, Simplified and Traditional Chinese: written by scripts/regions.py\n"
        f'from pycountry {pycountry.__version__}; do not edit."""\n\n'
        f"NAMES = {{\n{entries}}}\n\n"
        f"DISPLAY = {{\n{displays}}}\n"
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(region_names(), display_names()), encoding="utf-8")
    print(f"{TARGET}: {len(region_names())} names")
