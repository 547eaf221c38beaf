"""Finding a brand or a store from what a user typed, in English or Chinese."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from watchwarranty.errors import InputError, UnknownBrandError
from watchwarranty.i18n import _, display_name, join_any, store_name
from watchwarranty.model import Brand, RuleBook, Store


@lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    """Fold case, width and punctuation so "Acme-Watches" and "acme watches" match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def find_brand(rules: RuleBook, text: str) -> Brand:
    """The brand whose name or alias matches ``text``, or an error suggesting close names.

    A cell as dealers type it also resolves when it names exactly one brand: in two languages
    (ACME 极品, AC极品), with a company's suffix (Acme SA, 极品表, Acme Watches), or by the first
    word of its name (Acme for "Acme Horlogerie"). Two brands, or a brand and words that name
    none (Acme Diver), stay an error that names the brands found.
    """
    known = brand_named(rules, text)
    if known is not None:
        return known
    key = normalise_name(text)
    if not key:
        raise UnknownBrandError(
            _("the brand is empty"), _("give the brand's name or an alias, in English or Chinese")
        )
    named = _as_typed(rules, text)[1]
    import difflib  # only on this error path

    # Brands the cell's own words name are the suggestion; else names spelt alike.
    close = [] if named else difflib.get_close_matches(key, rules.brand_index, n=3, cutoff=0.6)
    names = list(
        dict.fromkeys(
            [display_name(rules.brands[brand]) for brand in named]
            + [display_name(rules.brands[rules.brand_index[k]]) for k in close]
        )
    )
    hint = (
        _("did you mean {names}?").format(names=join_any(names))
        if names
        else _("run 'watchwarranty brands' to list the known brands")
    )
    raise UnknownBrandError(_("unknown brand {text!r}").format(text=text), hint)


def brand_named(rules: RuleBook, text: str) -> Brand | None:
    """The brand ``text`` names as find_brand reads it; None, without looking for close
    names, when it names none."""
    key = normalise_name(text)
    if not key:
        return None
    brand_id = rules.brand_index.get(key)
    if brand_id is None:
        brand_id = _as_typed(rules, text)[0]
    return None if brand_id is None else rules.brands[brand_id]


# What dealers add to a brand's name: a company's legal form, "Watches", 表 or 錶 (watch).
_SUFFIXES = (
    "sa",
    "ag",
    "watches",
    "watch",
    "腕表",
    "手表",
    "腕錶",
    "手錶",
    "钟表",
    "鐘錶",
    "表",
    "錶",
)
# A run of Han characters, or of anything else but spaces: ACME极品 is two parts.
_PART = r"[\u3400-\u9fff\uf900-\ufaff]+|[^\s\u3400-\u9fff\uf900-\ufaff]+"


@lru_cache(maxsize=1)
def _parts() -> re.Pattern[str]:
    # Compiled when a brand is first read as typed: its Han ranges took ~3 ms to compile, and
    # every `check` would pay it at start-up.
    return re.compile(_PART)


# A first word this short names too little to stand for a brand (the "A" of "A. Somebody").
_MIN_FIRST_WORD = 4
# Readings of one rule book's brands, kept while batch asks about the same spellings row after
# row; another rule book (a test's, a --rules file) starts them afresh.
_typed_for: list[Mapping[str, str]] = []
_typed: dict[str, tuple[str | None, tuple[str, ...]]] = {}
_first_words_of: dict[str, str] = {}


def _as_typed(rules: RuleBook, text: str) -> tuple[str | None, tuple[str, ...]]:
    """The one brand a cell names as dealers type it (None if not exactly one), and every
    brand some of its words name (for "did you mean")."""
    if not _typed_for or _typed_for[0] is not rules.brand_index or len(_typed) > 4096:
        _typed_for[:] = [rules.brand_index]
        _typed.clear()
        _first_words_of.clear()
        _first_words_of.update(_first_words(rules.brands))
    cached = _typed.get(text)
    if cached is None:
        cached = _typed[text] = _read_as_typed(rules, text)
    return cached


def _read_as_typed(rules: RuleBook, text: str) -> tuple[str | None, tuple[str, ...]]:
    keys = [normalise_name(part) for part in _parts().findall(unicodedata.normalize("NFKC", text))]
    keys = [key for key in keys if key]
    words = [key for key in keys if key not in _SUFFIXES] or keys
    first_words = _first_words_of

    def resolve(key: str) -> str | None:
        found = rules.brand_index.get(key)
        if found is None:
            for suffix in _SUFFIXES:
                if key.endswith(suffix) and key != suffix:
                    found = rules.brand_index.get(key.removesuffix(suffix))
                    if found is not None:
                        break
        if found is None and len(key) >= _MIN_FIRST_WORD:
            found = first_words.get(key)
        return found

    # The cell names a brand when its words can be cut into runs that each name that brand
    # and no other: "Grand Acme 极品" names Grand Acme, though "Grand" and "Acme" cut apart
    # would also name Acme. (position) -> the brands every run up to there could name alone.
    reach: dict[int, set[str]] = {}
    named: dict[str, None] = {}
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            brand = resolve("".join(words[start:end]))
            if brand is None:
                continue
            named[brand] = None
            if start == 0 or brand in reach.get(start, ()):
                reach.setdefault(end, set()).add(brand)
    brands = reach.get(len(words), set()) if words else set()
    return (next(iter(brands)) if len(brands) == 1 else None), tuple(named)


def _first_words(brands: Mapping[str, Brand]) -> dict[str, str]:
    """The first word of each brand's name that starts that brand's name only."""
    owners: dict[str, set[str]] = {}
    for brand in brands.values():
        word = normalise_name(brand.name.split()[0]) if brand.name.split() else ""
        owners.setdefault(word, set()).add(brand.id)
    return {word: next(iter(ids)) for word, ids in owners.items() if len(ids) == 1}


def find_store(brand: Brand, text: str) -> Store | None:
    """The brand's named store matching ``text``; None for any other shop."""
    key = normalise_name(text)
    for store in brand.stores:
        if key in {normalise_name(name) for name in (store.id, store.name, *store.aliases)}:
            return store
    return None


def named_store(brand: Brand, text: str, *, refuse_close: bool = False) -> str | None:
    """The store as the engine reads it: a named store's id; for a brand whose rules name
    no store, the text as written. A shop the rules do not name is "another shop" (None):
    the shorter reading, whose answer says what a named store would give, and a dealer's
    sheet names many shops no rules file can list. With ``refuse_close`` (a store typed on
    the command line) a name close to a named store's is refused with "did you mean": there
    it is a slip to correct, not a sheet to get through."""
    found = find_store(brand, text)
    if found is not None:
        return found.id
    key = normalise_name(text)
    if not brand.stores or not key:
        return text
    if refuse_close:
        suggestions = close_stores(brand, text)
        if suggestions:
            raise InputError(
                _("unknown store {text!r} for {brand}").format(
                    text=text, brand=display_name(brand)
                ),
                _("did you mean {names}?").format(names=join_any(suggestions)),
            )
    return None


def close_stores(brand: Brand, text: str) -> list[str]:
    """The names of the brand's stores spelt like ``text``."""
    import difflib  # only for a store the rules do not name

    key = normalise_name(text)
    names = {
        normalise_name(name): store_name(store)
        for store in brand.stores
        for name in (store.id, store.name, *store.aliases)
    }
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.75)
    close += [name for name in names if len(name) > 1 and (key in name or name in key)]
    return list(dict.fromkeys(names[name] for name in close))


def another_shop_note(brand: Brand, text: str) -> str:
    """What is said when a store is read as "another shop"."""
    suggestions = close_stores(brand, text)
    note = _("store {text!r} is not one the rules name for {brand}: read as another shop").format(
        text=text, brand=display_name(brand)
    )
    if suggestions:
        note += "; " + _("did you mean {names}?").format(names=join_any(suggestions))
    return note
