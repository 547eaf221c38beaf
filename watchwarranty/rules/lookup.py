"""Finding a brand or a store from what a user typed, in English or Chinese."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from watchwarranty.errors import InputError, UnknownBrandError
from watchwarranty.i18n import _, display_name, join_all, join_any, store_name
from watchwarranty.model import Brand, RuleBook, Store


@lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    """Fold case, width and punctuation so "Acme-Watches" and "acme watches" match."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def find_brand(rules: RuleBook, text: str) -> Brand:
    """The brand whose name or alias matches ``text``, or an error suggesting close names."""
    key = normalise_name(text)
    if not key:
        raise UnknownBrandError(
            _("the brand is empty"), _("give the brand's name or an alias, in English or Chinese")
        )
    brand_id = rules.brand_index.get(key)
    if brand_id is not None:
        return rules.brands[brand_id]
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, rules.brand_index, n=3, cutoff=0.6)
    names = list(dict.fromkeys(display_name(rules.brands[rules.brand_index[k]]) for k in close))
    hint = (
        _("did you mean {names}?").format(names=join_any(names))
        if names
        else _("run 'watchwarranty brands' to list the known brands")
    )
    raise UnknownBrandError(_("unknown brand {text!r}").format(text=text), hint)


def find_store(brand: Brand, text: str) -> Store | None:
    """The brand's named store matching ``text``; None for any other shop."""
    key = normalise_name(text)
    for store in brand.stores:
        if key in {normalise_name(name) for name in (store.id, store.name, *store.aliases)}:
            return store
    return None


def named_store(brand: Brand, text: str) -> str:
    """The store as the engine reads it: a named store's id. For a brand whose rules name
    stores, any other name is refused, as a misspelt brand is: taken as "another shop", a
    misspelt boutique would silently lose its extra years, and leaving the store out gives
    "another shop" its due anyway (the shorter reading, with a note on what a named store
    would give). For a brand whose rules name no store, the text is kept as written."""
    found = find_store(brand, text)
    if found is not None:
        return found.id
    key = normalise_name(text)
    if not brand.stores or not key:
        return text
    import difflib  # only on this error path

    names = {
        normalise_name(name): store_name(store)
        for store in brand.stores
        for name in (store.id, store.name, *store.aliases)
    }
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.75)
    close += [name for name in names if len(name) > 1 and (key in name or name in key)]
    suggestions = list(dict.fromkeys(names[name] for name in close))
    hint = (
        _("did you mean {names}?").format(names=join_any(suggestions))
        if suggestions
        else _("the rules name {names}; leave the store out for any other shop").format(
            names=join_all([store_name(store) for store in brand.stores])
        )
    )
    raise InputError(
        _("unknown store {text!r} for {brand}").format(text=text, brand=display_name(brand)),
        hint,
    )
