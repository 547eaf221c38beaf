"""The language people read: English or Chinese, through the standard gettext machinery.

The CLI chooses the language once per process (``--lang``, else LC_ALL, LC_MESSAGES, LANG) before
any text is made; ``_`` then translates in that language. Catalogues live in
``watchwarranty/locale/<lang>/LC_MESSAGES/watchwarranty.po`` (compiled to ``.mo`` with Babel).
Machine-read output (JSON keys, CSV columns, status words, ISO dates) never changes with it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

from watchwarranty.model import Brand, Duration, Extension, Phrase, Policy

LANGUAGES = ("en", "zh")
DOMAIN = "watchwarranty"
LOCALE_DIR = Path(__file__).with_name("locale")

_active = "en"


def N_(text: str) -> str:
    """Mark text for extraction without translating it yet (translated where it is shown)."""
    return text


def detect_language(environ: Mapping[str, str]) -> str:
    """``zh`` when the locale environment asks for Chinese (zh_CN.UTF-8, ...), else ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def use_language(language: str) -> None:
    """Make ``language`` the one every later message is written in."""
    global _active
    _active = language if language in LANGUAGES else "en"


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
    if _active == "zh" and brand.name_zh:
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
    return f"{month}月" if _active == "zh" else _MONTH_NAMES[month - 1]


def phrase(text: Phrase) -> str:
    """Text from rules.toml in the active language, where the rules give it."""
    return text.zh if _active == "zh" and text.zh else text.en


def title(rule: Policy | Extension) -> str:
    """A rule's title in the active language."""
    return phrase(Phrase(rule.title, rule.title_zh))


def format_date(day: date) -> str:
    """A date for people: 2028-03-01 in English, 2028年3月1日 in Chinese."""
    if _active == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def format_duration(length: Duration) -> str:
    """A warranty length for people: "2 years 6 months", or "2年6个月"."""
    parts = []
    if length.years:
        parts.append(ngettext("{n} year", "{n} years", length.years).format(n=length.years))
    if length.months or not parts:
        parts.append(ngettext("{n} month", "{n} months", length.months).format(n=length.months))
    return ("" if _active == "zh" else " ").join(parts)
