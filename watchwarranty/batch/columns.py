"""Which input column holds which fact: header names as dealers write them, in English or Chinese,
matched without regard to case, spaces, hyphens and underscores, or named with --column."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from watchwarranty.errors import InputError
from watchwarranty.i18n import _

# The input columns the engine reads; all others pass through untouched.
FACT_COLUMNS = (
    "brand",
    "purchase_date",
    "region",
    "registered",
    "registered_on",
    "movement",
    "store",
    "second_hand",
    "marketing_consent",
    "activated_on",
    "serviced_on",
)
REQUIRED_COLUMNS = ("brand", "purchase_date")
DATE_COLUMNS = ("purchase_date", "registered_on", "activated_on", "serviced_on")

# Names a header may use for each fact besides the fact's own; compared folded (see fold).
# A name belongs to one fact only, so the first column to match a fact is never in doubt.
ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("make", "maker", "manufacturer", "品牌", "品牌名称", "牌子"),
    "purchase_date": (
        "purchased",
        "purchased_on",
        "date_of_purchase",
        "sale_date",
        "sold_on",
        "购买日期",
        "购买时间",
        "购买日",
        "购入日期",
        "购买",
        "销售日期",
    ),
    "region": ("country", "market", "地区", "国家", "区域", "国家地区", "国家/地区", "购买地区"),
    "registered": ("is_registered", "已注册", "是否注册", "注册"),
    "registered_on": (
        "registration_date",
        "registered_date",
        "date_registered",
        "注册日期",
        "注册时间",
    ),
    "movement": ("movement_type", "calibre", "caliber", "机芯", "机芯类型"),
    "store": ("shop", "boutique", "dealer", "门店", "购买门店", "店铺", "商店", "专卖店"),
    "second_hand": ("used", "pre_owned", "preowned", "二手", "是否二手"),
    "marketing_consent": ("consent", "同意营销", "营销同意", "是否同意营销"),
    "activated_on": (
        "activation_date",
        "activated",
        "delivered_on",
        "delivery_date",
        "激活日期",
        "交付日期",
        "交货日期",
    ),
    "serviced_on": ("service_date", "serviced", "保养日期", "维修保养日期", "服务日期"),
}

_IGNORED = re.compile(r"[\s_\-]+")


def fold(name: str) -> str:
    """A header name as compared: NFKC (full-width letters), case-folded, without spaces,
    hyphens or underscores: "Purchase Date", "purchase-date" and "PURCHASE_DATE" are one."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", name).casefold())


_FIELD_OF = {fold(name): field for field, names in ALIASES.items() for name in (field, *names)}


def parse_column_options(options: Iterable[str]) -> dict[str, str]:
    """``--column FIELD=HEADER`` options as {field: header}; InputError for a bad one."""
    chosen: dict[str, str] = {}
    for option in options:
        field, sign, header = option.partition("=")
        field = field.strip()
        if not sign or not header.strip():
            raise InputError(
                _("--column {option!r} is not FIELD=HEADER").format(option=option),
                _("e.g. --column purchase_date=Sold"),
            )
        if field not in FACT_COLUMNS:
            raise InputError(
                _("--column names an unknown field {field!r}").format(field=field),
                _("use one of: {fields}").format(fields=", ".join(FACT_COLUMNS)),
            )
        chosen[field] = header.strip()
    return chosen


def fact_indexes(
    columns: Sequence[str], chosen: dict[str, str], *, require: bool = True
) -> list[int]:
    """For each of FACT_COLUMNS, the index of the column that holds it (-1: none).

    A column --column names wins; then a column named exactly like the fact; then the first
    whose name folds to one of the fact's names. With ``require``, InputError when a
    required fact has no column.
    """
    indexes = dict.fromkeys(FACT_COLUMNS, -1)
    taken: set[int] = set()
    folded = [fold(name) for name in columns]
    for field, header in chosen.items():
        if header in columns:
            index = list(columns).index(header)
        elif fold(header) in folded:
            index = folded.index(fold(header))
        else:
            raise InputError(
                _("--column {field}={header}: the input has no column {header!r}").format(
                    field=field, header=header
                ),
                _("its columns are: {found}").format(found=", ".join(columns)),
            )
        indexes[field] = index
        taken.add(index)
    for field in FACT_COLUMNS:
        if indexes[field] < 0 and field in columns and columns.index(field) not in taken:
            indexes[field] = list(columns).index(field)
            taken.add(indexes[field])
    for index, name in enumerate(folded):
        named = _FIELD_OF.get(name)
        if named is not None and indexes[named] < 0 and index not in taken:
            indexes[named] = index
            taken.add(index)
    missing = [field for field in REQUIRED_COLUMNS if indexes[field] < 0]
    if require and missing:
        raise InputError(
            _("the header has no {columns} column (columns found: {found})").format(
                columns=_(" or ").join(missing), found=", ".join(columns) or "-"
            ),
            _("name it {accepted}, or pass --column {field}=HEADER").format(
                accepted=_(" or ").join(", ".join((field, *ALIASES[field])) for field in missing),
                field=missing[0],
            ),
        )
    return [indexes[field] for field in FACT_COLUMNS]


def fact_keys(columns: Sequence[str], chosen: dict[str, str]) -> list[str]:
    """For each of FACT_COLUMNS, the key a record holds it under: the column that names it
    (as fact_indexes finds it), else the fact's own name, which a later record may have."""
    indexes = fact_indexes(columns, chosen, require=False)
    return [
        columns[index] if index >= 0 else name
        for name, index in zip(FACT_COLUMNS, indexes, strict=True)
    ]
