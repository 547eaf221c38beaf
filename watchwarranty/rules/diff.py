"""What changed between two sets of rules, policy by policy: brands and rules added or removed,
and each field of a rule that differs, old and new value. Words are for render; this is data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from watchwarranty.model import Brand, Conditions, Duration, Extension, Phrase, Policy, RuleBook

# Fields that say where a rule sits rather than what it gives: compared apart (extensions one by
# one), or not at all (the id is how the two are paired).
_SKIPPED = {"id", "extensions"}


class Change(NamedTuple):
    """One difference. ``what`` is brand-added, brand-removed, rule-added, rule-removed or
    changed; ``field`` names the changed field of the rule (or brand); values are text."""

    brand: str
    rule: str | None
    what: str
    field: str | None = None
    old: str | None = None
    new: str | None = None


def text_of(value: object) -> str | None:
    """A rule's field as stable text, the same in words and in JSON."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat() if value != date.min else None
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Phrase):
        return value.en if value.zh is None else f"{value.en} / {value.zh}"
    if isinstance(value, Conditions):
        named = {"movements": value.movements, "regions": value.regions, "stores": value.stores}
        parts = [f"{fact} {', '.join(sorted(v))}" for fact, v in named.items() if v is not None]
        return "; ".join(parts) or "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | frozenset):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


def _fields(
    brand: str, rule: str, old: Policy | Extension, new: Policy | Extension
) -> Iterator[Change]:
    for name in type(old)._fields:
        if name in _SKIPPED:
            continue
        before, after = text_of(getattr(old, name)), text_of(getattr(new, name))
        if before != after:
            yield Change(brand, rule, "changed", name, before, after)


def _rules(brand: str, old: Brand | None, new: Brand | None) -> Iterator[Change]:
    def rules_of(found: Brand | None) -> dict[str, Policy | Extension]:
        every: dict[str, Policy | Extension] = {}
        for policy in found.policies if found is not None else ():
            every[policy.id] = policy
            every.update((extension.id, extension) for extension in policy.extensions)
        return every

    before, after = rules_of(old), rules_of(new)
    for rule_id, rule in before.items():
        if rule_id not in after:
            yield Change(brand, rule_id, "rule-removed", old=summary(rule))
        else:
            yield from _fields(brand, rule_id, rule, after[rule_id])
    for rule_id, rule in after.items():
        if rule_id not in before:
            yield Change(brand, rule_id, "rule-added", new=summary(rule))


def summary(rule: Policy | Extension) -> str:
    """A rule in one line: its title, its start or its length, its conditions."""
    if isinstance(rule, Policy):
        start = text_of(rule.effective)
        parts = [rule.title, f"from {start}" if start else "", str(rule.base)]
    else:
        parts = [rule.title, f"adds {rule.adds}"]
    conditions = text_of(rule.when)
    if conditions != "none":
        parts.append(f"when {conditions}")
    return "; ".join(part for part in parts if part)


def diff_rules(old: RuleBook, new: RuleBook) -> list[Change]:
    """Every difference between ``old`` and ``new``, brand by brand in id order."""
    changes: list[Change] = list(
        _fields("[default]", old.default_policy.id, old.default_policy, new.default_policy)
    )
    changes += _movements(old, new)
    for brand_id in sorted(old.brands.keys() | new.brands.keys()):
        before, after = old.brands.get(brand_id), new.brands.get(brand_id)
        if after is None:
            changes.append(Change(brand_id, None, "brand-removed"))
        elif before is None:
            changes.append(Change(brand_id, None, "brand-added", new=after.name))
        else:
            for name in ("name", "name_zh", "aliases"):
                was, now = text_of(getattr(before, name)), text_of(getattr(after, name))
                if was != now:
                    changes.append(Change(brand_id, None, "changed", name, was, now))
            if text_of(_store_text(before)) != text_of(_store_text(after)):
                changes.append(
                    Change(
                        brand_id,
                        None,
                        "changed",
                        "stores",
                        _store_text(before),
                        _store_text(after),
                    )
                )
        changes += _rules(brand_id, before, after)
    return changes


def _store_text(brand: Brand) -> str:
    return "; ".join(f"{store.id} ({store.region or '-'})" for store in sorted(brand.stores))


def _movements(old: RuleBook, new: RuleBook) -> list[Change]:
    """Movement kinds added or removed, or counted as another kind ([movements] moves answers
    of every brand whose rules name a kind)."""
    changes = []
    for kind in sorted(old.movements.keys() | new.movements.keys()):
        before, after = old.movements.get(kind), new.movements.get(kind)
        if after is None:
            changes.append(Change("[movements]", kind, "rule-removed"))
        elif before is None:
            changes.append(Change("[movements]", kind, "rule-added", new=after.kind_of))
        else:
            for name in type(before)._fields:
                was, now = text_of(getattr(before, name)), text_of(getattr(after, name))
                if was != now:
                    changes.append(Change("[movements]", kind, "changed", name, was, now))
    return changes
