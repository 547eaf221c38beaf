"""The language people read: English or Chinese, through the standard gettext machinery.

The CLI chooses the language once per process (``--lang``, else LANGUAGE, LC_ALL, LC_MESSAGES,
LANG, as gettext reads them) before any text is made; ``_`` then translates in that language.
Catalogues live in ``watchwarranty/locale/<lang>/LC_MESSAGES/watchwarranty.po`` (compiled to
``.mo`` with Babel): ``zh`` is Simplified Chinese, ``zh_Hant`` Traditional, converted from it by
scripts/traditional.py. Text from rules.toml (brand names, notes) is shown as the rules write it.
Machine-read output (JSON keys, status words, ISO dates; CSV columns with batch --keys) never
changes with it; a batch report's CSV or xlsx headers are for people (batch.people).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

from watchwarranty.model import Brand, Duration, Extension, Phrase, Policy

LANGUAGES = ("en", "zh", "zh_Hant")
DOMAIN = "watchwarranty"
LOCALE_DIR = Path(__file__).with_name("locale")

_active = "en"


def N_(text: str) -> str:
    """Mark text for extraction without translating it yet (translated where it is shown)."""
    return text


def language_named(name: str) -> str | None:
    """The language a locale or language name asks for (zh_TW.UTF-8, zh-hant, en_GB, zh), or
    None when there is no catalogue for it. Taiwan, Hong Kong and Macau read Traditional."""
    code = name.split(".")[0].split("@")[0].replace("-", "_").lower()
    if code in ("c", "posix", ""):
        return None
    parts = code.split("_")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    if "hant" in parts[1:] or any(part in ("tw", "hk", "mo") for part in parts[1:]):
        return "zh_Hant"
    return "zh"


def detect_language(environ: Mapping[str, str]) -> str:
    """The language the locale environment asks for, as gettext reads it: the first of
    LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides; LANGUAGE may list several,
    colon-separated, in order of preference. English when none is one we have."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            for entry in value.split(":"):
                chosen = language_named(entry)
                if chosen is not None:
                    return chosen
            return "en"
    return "en"


def chinese() -> bool:
    """Whether people read Chinese now, in either script."""
    return _active != "en"


def use_language(language: str) -> None:
    """Make ``language`` the one every later message is written in."""
    global _active
    _active = language_named(language) or "en"


def language() -> str:
    """The language messages are written in now."""
    return _active


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(text: str) -> str:
    """``text`` in the active language."""
    return _translations(_active).gettext(text)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the active language."""
    return _translations(_active).ngettext(singular, plural, count)


def display_name(brand: Brand) -> str:
    """The brand's name in the active language, where the rules give one."""
    if chinese() and brand.name_zh:
        return brand.name_zh
    return brand.name


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_name(month: int) -> str:
    """A month's name: "February", or "2月"."""
    return f"{month}月" if chinese() else _MONTH_NAMES[month - 1]


def phrase(text: Phrase) -> str:
    """Text from rules.toml in the active language, where the rules give it."""
    return text.zh if chinese() and text.zh else text.en


def title(rule: Policy | Extension) -> str:
    """A rule's title in the active language."""
    return phrase(Phrase(rule.title, rule.title_zh))


def format_date(day: date) -> str:
    """A date for people: 2028-03-01 in English, 2028年3月1日 in Chinese."""
    if chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def format_duration(length: Duration) -> str:
    """A warranty length for people: "2 years 6 months", or "2年6个月"."""
    parts = []
    if length.years:
        parts.append(ngettext("{n} year", "{n} years", length.years).format(n=length.years))
    if length.months or not parts:
        parts.append(ngettext("{n} month", "{n} months", length.months).format(n=length.months))
    return ("" if chinese() else " ").join(parts)
