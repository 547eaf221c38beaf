"""Texts in a rule book that a Chinese reader would meet in English: each names where it is and
the key that would give its Chinese form. ``rules check`` warns of them; nothing refuses them,
since a user's own rules may be written for one language."""

from __future__ import annotations

from collections.abc import Iterator

from watchwarranty.model import Extension, Phrase, Policy, RuleBook


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _rule(rule: Policy | Extension) -> Iterator[tuple[str, str]]:
    # A rule is named by its id: the loader orders policies by date, not as the file does.
    where = rule.id
    if not rule.title_zh and not _has_chinese(rule.title):
        yield f"{where}.title", "title_zh"
    if rule.note and not rule.note_zh:
        yield f"{where}.note", "note_zh"
    if isinstance(rule.scope, Phrase) and not rule.scope.zh:
        yield f"{where}.scope", "scope_zh"
    if (
        isinstance(rule, Extension)
        and rule.unchecked_condition
        and not (rule.unchecked_condition_zh or _has_chinese(rule.unchecked_condition))
    ):
        yield f"{where}.unchecked_condition", "unchecked_condition_zh"


def untranslated(rules: RuleBook) -> list[tuple[str, str]]:
    """(where, missing key) for every user-facing text without its Chinese form."""
    found = list(_rule(rules.default_policy))
    for movement_id, movement in rules.movements.items():
        if movement.title and not movement.title_zh:
            found.append((f"movements.{movement_id}.title", "title_zh"))
    for brand_id, brand in rules.brands.items():
        where = f"brands.{brand_id}"
        if not brand.name_zh:
            found.append((f"{where}.name", "name_zh"))
        for index, store in enumerate(brand.stores):
            if not store.name_zh and not _has_chinese(store.name):
                found.append((f"{where}.stores[{index}].name", "name_zh"))
        for policy in brand.policies:
            found.extend(_rule(policy))
            for extension in policy.extensions:
                found.extend(_rule(extension))
    return found
