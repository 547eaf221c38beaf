"""A report for the people of a shop: result headers, status words and brand names in their
language, a named sheet and a summary sheet. Scripts read the stable keys instead (JSON, JSON
Lines, --keys), so everything here is a label over a key, never a key of its own.

Every label is looked up by key, whatever RESULT_KEYS holds: a key without a label yet keeps
its own name, and a status word without one keeps the word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer
from watchwarranty.batch.read import Row
from watchwarranty.i18n import N_, _, chinese, in_script, language
from watchwarranty.model import RuleBook, Verdict
from watchwarranty.render.records import Scalar

# Header labels of the result columns, by key (catalogue templates: translated when shown).
RESULT_LABELS = {
    "brand_name": N_("Brand name"),
    "base_expiry": N_("Base warranty expires"),
    "extended_expiry": N_("Extended warranty expires"),
    "effective_expiry": N_("Warranty expires"),
    "status": N_("Status"),
    "days_left": N_("Days left"),
    "register_by": N_("Register by"),
    "expiry_if_registered": N_("Expires if registered"),
    "possible_expiry": N_("Could expire"),
    "depends_on": N_("Depends on"),
    "notes": N_("Notes"),
    "conditions": N_("Conditions"),
    "service_guarantee_expiry": N_("Service guarantee expires"),
    "service_guarantee_scope": N_("Service guarantee covers"),
    "service_guarantee_source": N_("Service guarantee source"),
    "service_guarantee_confidence": N_("Service guarantee confidence"),
    "legal_guarantee_expiry": N_("Seller's legal guarantee expires"),
    "legal_guarantee_jurisdiction": N_("Seller's legal guarantee: law of"),
    "legal_guarantee_owner": N_("Seller's legal guarantee owed by"),
    "legal_guarantee_source": N_("Seller's legal guarantee source"),
    "legal_guarantee_confidence": N_("Seller's legal guarantee confidence"),
    "error": N_("Error"),
    "rules_version": N_("Rules version"),
    "rules_fingerprint": N_("Rules fingerprint"),
}
STATUS_LABELS = {
    "active": N_("covered"),
    "expired": N_("expired"),
    "depends": N_("depends"),
}
_STATUS = RESULT_COLUMNS.index("status")
_BRAND = RESULT_COLUMNS.index("brand_name")
# "Register soon" on the summary sheet.
REGISTER_SOON_DAYS = 30
# Columns that name a watch (on the summary sheet and in calendar events), folded.
IDENTITY_NAMES = {
    "sku": ("sku", "货号", "編號", "编号", "item", "itemno", "article"),
    "model": ("model", "型号", "型號", "款式", "reference", "ref", "款号"),
    "serial": ("serial", "serialnumber", "serialno", "序列号", "序列號", "表号", "表號"),
}


def people_labels(results: Sequence[str], prefix: str) -> list[str]:
    """The result columns' headers for people in the language in use."""
    labels = []
    for name in results:
        key = name.removeprefix(prefix)
        template = RESULT_LABELS.get(key)
        labels.append(prefix + _(template) if template else name)
    return labels


def status_label(status: str) -> str:
    """A status word for people; a word without a label stays as it is."""
    template = STATUS_LABELS.get(status)
    return _(template) if template else status


# name_zh -> the brand's Traditional spelling, for the rules of the run (see use_rules).
_traditional: dict[str, str] = {}


def use_rules(rules: RuleBook) -> None:
    """Learn each brand's Traditional spelling: the first of its aliases that is its Chinese
    name character for character in Traditional script (an alias 愛錶 beside the name 爱表);
    a brand without one keeps the name the rules give."""
    from watchwarranty.inputs.han import SIMPLIFIED, TRADITIONAL

    simplify = str.maketrans(TRADITIONAL, SIMPLIFIED)
    _traditional.clear()
    for brand in rules.brands.values():
        name = brand.name_zh
        if not name:
            continue
        spelling = next(
            (
                alias
                for alias in brand.aliases
                if alias != name and len(alias) == len(name) and alias.translate(simplify) == name
            ),
            None,
        )
        if spelling is not None:
            _traditional[name] = spelling


def brand_label(verdict: Verdict) -> str:
    """The brand's name in the language and script in use."""
    if not chinese() or not verdict.brand_name_zh:
        return verdict.brand_name
    if language() == "zh_Hant":
        # The alias spelt in Traditional (see use_rules), else the name in Traditional script.
        name = verdict.brand_name_zh
        return _traditional.get(name) or in_script(name)
    return verdict.brand_name_zh


class PeopleAnswer(Answer):
    """An answer whose status word and brand name are written for people."""

    def values(self) -> tuple[Scalar, ...]:
        values = list(super().values())
        if self.verdict is not None:
            values[_BRAND] = brand_label(self.verdict)
            status = values[_STATUS]
            if isinstance(status, str):
                values[_STATUS] = status_label(status)
        return tuple(values)


def identity_indexes(columns: Sequence[str]) -> dict[str, int]:
    """{"sku" | "model" | "serial": index} for the columns that name a watch."""
    from watchwarranty.batch.columns import fold

    found: dict[str, int] = {}
    for index, name in enumerate(columns):
        folded = fold(name)
        for kind, names in IDENTITY_NAMES.items():
            if kind not in found and folded in {fold(known) for known in names}:
                found[kind] = index
    return found


def watch_text(row: Row, identity: dict[str, int]) -> str:
    """The watch as a person names it: model, SKU and serial where the row gives them."""
    parts = []
    cells = row.cells
    if "model" in identity and cells[identity["model"]].strip():
        parts.append(cells[identity["model"]].strip())
    if "sku" in identity and cells[identity["sku"]].strip():
        parts.append(_("SKU {sku}").format(sku=cells[identity["sku"]].strip()))
    if "serial" in identity and cells[identity["serial"]].strip():
        parts.append(_("serial {serial}").format(serial=cells[identity["serial"]].strip()))
    return ", ".join(parts)


@dataclass
class Summary:
    """The summary sheet: rows by status and by brand, and watches to register soon."""

    columns: Sequence[str]
    as_of: date
    statuses: Counter[str] = field(default_factory=Counter)
    brands: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    soon: list[list[Any]] = field(default_factory=list)
    identity: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.identity = identity_indexes(self.columns)

    def count(self, row: Row, answer: Answer) -> None:
        verdict = answer.verdict
        if verdict is None:
            self.errors += 1
            return
        self.statuses[status_label(verdict.status)] += 1
        brand = brand_label(verdict)
        self.brands[brand] += 1
        deadline = verdict.may_register_by
        if deadline is not None and 0 <= (deadline - self.as_of).days <= REGISTER_SOON_DAYS:
            cells = row.cells
            named = [cells[self.identity[kind]] if kind in self.identity else None
                     for kind in ("sku", "model", "serial")]  # fmt: skip
            self.soon.append([*named, brand, deadline])

    def rows(self) -> list[list[Any]]:
        """The sheet's rows, top to bottom."""
        rows: list[list[Any]] = [[_("Status"), _("Watches")]]
        rows += [[status, count] for status, count in self.statuses.most_common()]
        if self.errors:
            rows.append([_("Error"), self.errors])
        rows += [[], [_("Brand"), _("Watches")]]
        rows += [[brand, count] for brand, count in self.brands.most_common()]
        rows += [
            [],
            [
                _("To register within {days} days").format(days=REGISTER_SOON_DAYS),
            ],
            [_("SKU"), _("Model"), _("Serial"), _("Brand"), _("Register by")],
            *sorted(self.soon, key=lambda soon: soon[-1]),
        ]
        return rows
