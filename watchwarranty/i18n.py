"""The language people read: English or Chinese, through the standard gettext machinery.

The CLI chooses the language once per process (``--lang``, else LANGUAGE, LC_ALL, LC_MESSAGES,
LANG, as gettext reads them) before any text is made; ``_`` then translates in that language.
Catalogues live in ``watchwarranty/locale/<lang>/LC_MESSAGES/watchwarranty.po`` (compiled to
``.mo`` with Babel): ``zh`` is Simplified Chinese, ``zh_Hant`` Traditional, converted from it by
scripts/traditional.py. Text from rules.toml is shown in Chinese where the rules give its Chinese
form (``*_zh`` keys), in Traditional from ``zh_Hant/rules.json``, which that script also writes.
Machine-read output (JSON keys, status words, ISO dates; CSV columns with batch --keys) never
changes with it; a batch report's CSV or xlsx headers are for people (batch.people).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path

from watchwarranty.model import Brand, Duration, Extension, Phrase, Policy, RuleBook, Store

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
        return in_script(brand.name_zh)
    return brand.name


# Text the engine passes on as the rules write it (a store's name, a condition it cannot check)
# -> its Chinese form, learnt from the rule book in use.
_learnt: dict[str, str] = {}


def learn(rules: RuleBook) -> None:
    """Know the Chinese forms of the rule book's texts that reach sentences as written."""
    for brand in rules.brands.values():
        for store in brand.stores:
            if store.name_zh:
                _learnt[store.name] = store.name_zh
        for policy in brand.policies:
            for extension in policy.extensions:
                if extension.unchecked_condition and extension.unchecked_condition_zh:
                    _learnt[extension.unchecked_condition] = extension.unchecked_condition_zh


def rules_text(text: str) -> str:
    """Text from rules.toml, as written, in the active language where the rules give it."""
    return in_script(_learnt.get(text, text)) if chinese() else text


def in_script(text: str) -> str:
    """Simplified Chinese from rules.toml in the active script: Traditional readers get the
    form scripts/traditional.py converted at build time; text it has not seen stays as is."""
    if _active != "zh_Hant":
        return text
    table = _traditional()
    if text in table:
        return table[text]
    # Titles joined into one sentence ("A；B") were converted one by one.
    return "；".join(table.get(part, part) for part in text.split("；"))


@cache
def _traditional() -> dict[str, str]:
    import json  # only a Traditional reader's run reads it

    path = LOCALE_DIR / "zh_Hant" / "rules.json"
    try:
        table: dict[str, str] = json.loads(path.read_text("utf-8"))
    except OSError:
        return {}
    return table


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
    return in_script(text.zh) if chinese() and text.zh else text.en


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


def join_any(items: list[str]) -> str:
    """Alternatives as the language lists them: "a, b or c", or "a、b或c"."""
    return _join(items, _("or"))


def join_all(items: list[str]) -> str:
    """Items as the language lists them: "a, b and c", or "a、b和c"."""
    return _join(items, _("and"))


def _join(items: list[str], word: str) -> str:
    if len(items) < 2:
        return "".join(items)
    if not chinese():
        return f"{', '.join(items[:-1])} {word} {items[-1]}"
    # Chinese lists with the enumeration comma and writes 或/和 against Chinese words, but keeps
    # a space beside a quoted option or code, as the catalogue does around any inserted value.
    head, last = "、".join(items[:-1]), items[-1]
    before = " " if head[-1].isascii() else ""
    after = " " if last[0].isascii() else ""
    return f"{head}{before}{word}{after}{last}"


def series(items: list[str]) -> str:
    """Items listed without a last word: "a, b, c", or "a、b、c"."""
    return ("、" if chinese() else ", ").join(items)


def clauses(items: list[str]) -> str:
    """Clauses one after another: "a; b", or "a；b"."""
    return ("；" if chinese() else "; ").join(items)


def store_name(store: Store) -> str:
    """A store's name in the active language, where the rules give one."""
    return in_script(store.name_zh) if chinese() and store.name_zh else store.name


def region_name(code: str) -> str:
    """A region's name for people ("United Kingdom", "英国", "英國"), or its code when ISO 3166
    names no such country."""
    from watchwarranty.inputs.region_names import DISPLAY

    names = DISPLAY.get(code)
    if names is None:
        return code
    english, simplified, traditional = names
    return {"zh": simplified, "zh_Hant": traditional}.get(_active, english)
