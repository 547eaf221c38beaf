"""Which input column holds which fact: header names as dealers write them, in English or Chinese
(Simplified or Traditional), matched without regard to case, spaces, hyphens and underscores, or
named with --column; and the columns left unread whose names read like a fact, which a user must
hear about (an unread "registered" column changes the answers)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.inputs.han import SIMPLIFIED, TRADITIONAL

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
    "service_kind",
    "price",
    "currency",
    "sold_on",
)
REQUIRED_COLUMNS = ("brand", "purchase_date")
DATE_COLUMNS = ("purchase_date", "registered_on", "activated_on", "serviced_on", "sold_on")

# Names a header may use for each fact besides the fact's own; compared folded (see fold).
# A name belongs to one fact only, so the first column to match a fact is never in doubt.
ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("make", "maker", "manufacturer", "品牌", "品牌名称", "牌子", "手表品牌", "腕表品牌"),
    "purchase_date": (
        "purchased",
        "purchased_on",
        "date_of_purchase",
        "sale_date",
        "购买日期",
        "购买时间",
        "购买日",
        "购入日期",
        "购买",
        "销售日期",
        "售出日期",
        "成交日期",
        "购表日期",
    ),
    "region": (
        "country",
        "market",
        "地区",
        "国家",
        "区域",
        "国家地区",
        "国家/地区",
        "购买地区",
        "购买地点",
        "购买国家",
        "销售地区",
        "销售国家",
        "国别",
    ),
    "registered": (
        "is_registered",
        "已注册",
        "是否注册",
        "注册",
        "是否已注册",
        "注册状态",
        "注册与否",
        "已登记",
        "是否登记",
        "是否已登记",
        "登记",
        "登记状态",
    ),
    "registered_on": (
        "registration_date",
        "registered_date",
        "date_registered",
        "注册日期",
        "注册时间",
        "登记日期",
    ),
    "movement": ("movement_type", "calibre", "caliber", "机芯", "机芯类型", "机芯型别"),
    "store": (
        "shop",
        "boutique",
        "dealer",
        "retailer",
        "门店",
        "购买门店",
        "店铺",
        "商店",
        "专卖店",
        "销售门店",
        "门市",
        "购买门市",
        "销售门市",
        "购买店铺",
        "店名",
        "购买渠道",
    ),
    "second_hand": ("used", "pre_owned", "preowned", "二手", "是否二手", "是否为二手", "二手表"),
    "marketing_consent": ("consent", "同意营销", "营销同意", "是否同意营销"),
    "activated_on": (
        "activation_date",
        "activated",
        "delivered_on",
        "delivery_date",
        "激活日期",
        "启用日期",
        "交付日期",
        "交货日期",
    ),
    "serviced_on": ("service_date", "serviced", "保养日期", "维修保养日期", "服务日期"),
    "service_kind": ("service_type", "保养类型", "保养种类", "保養型別"),
    "price": ("sale_price", "retail_price", "价格", "售价", "销售价格"),
    "currency": ("货币", "币种", "幣別"),
    # The second-hand sale to the current owner, which the seller's legal guarantee runs from.
    "sold_on": ("resale_date", "resold_on", "二手销售日期", "转售日期"),
}

_IGNORED = re.compile(r"[\s_\-]+")
# Traditional characters read as their Simplified forms: one list of names serves Taiwan and
# Hong Kong (tests/test_inventories.py converts every name above with OpenCC to check it).
_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)


# A date column may say its calendar (購買日期(民國)): it names the same fact (see roc_facts).
_ERA = re.compile(r"\((?:民国|roc)(?:年)?\)|民国")


def fold(name: str) -> str:
    """A header name as compared: NFKC (full-width letters), case-folded, in Simplified
    characters, without spaces, hyphens or underscores: "Purchase Date", "purchase-date" and
    "PURCHASE_DATE" are one, and so are 購買日期 and 购买日期."""
    simplified = unicodedata.normalize("NFKC", name).casefold().translate(_SIMPLIFIED)
    return _IGNORED.sub("", _ERA.sub("", simplified))


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


# How alike two names must be (difflib's ratio) for an unread column to be named as a fact's.
_LIKENESS = 0.8
_WORD = re.compile(r"\w+")
_SHELL_SAFE = re.compile(r"[\w@%+=:,./-]+")


def _letters(name: str) -> str:
    return "".join(_WORD.findall(fold(name)))


_NAMES_OF = {
    field: tuple(dict.fromkeys(_letters(name) for name in (field, *names)))
    for field, names in ALIASES.items()
}


def reads_like(name: str) -> str | None:
    """The fact a header reads like without naming it: a name within a few letters of one of
    the fact's names, or holding one whole (a Chinese name of two characters or more, a Latin
    one of five letters or more: 注册情况 holds 注册, "Registered (Y/N)" holds registered)."""
    import difflib  # only for a column no name matched

    letters = _letters(name)
    if not letters:
        return None
    for field, names in _NAMES_OF.items():
        for known in names:
            long_enough = len(known) >= (5 if known.isascii() else 2)
            if long_enough and known in letters:
                return field
            if difflib.SequenceMatcher(None, letters, known).ratio() >= _LIKENESS:
                return field
    return None


def column_option(field: str, header: str) -> str:
    """``--column FIELD=HEADER`` as it is typed in a shell (quoted when it must be)."""
    value = f"{field}={header}"
    if not _SHELL_SAFE.fullmatch(value):
        value = "'" + value.replace("'", "'\\''") + "'"
    return f"--column {value}"


def unread_like_facts(columns: Sequence[str], indexes: Sequence[int]) -> list[tuple[str, str]]:
    """(column, fact) for each column nothing reads whose name reads like a fact that no other
    column gives: a column such as "price" beside "purchase_date" is not a date's rival."""
    read = set(indexes)
    unread_facts = {field for field, index in zip(FACT_COLUMNS, indexes, strict=True) if index < 0}
    found = []
    for index, name in enumerate(columns):
        if index in read:
            continue
        field = reads_like(name)
        if field in unread_facts:
            found.append((name, field))
    return found


def unread_columns_text(found: Sequence[tuple[str, str]]) -> list[str]:
    """One line for each column of ``unread_like_facts``."""
    return [
        _("column {name!r} reads like {field} but is not read; pass {option} to read it").format(
            name=name, field=field, option=column_option(field, name)
        )
        for name, field in found
    ]


def refuse_unread(found: Sequence[tuple[str, str]]) -> None:
    """--strict-columns: InputError naming the columns that read like facts but are not read."""
    if found:
        raise InputError(
            _("columns read like facts but are not read: {names}").format(
                names=", ".join(repr(name) for name, _field in found)
            ),
            _("pass {options}, or rename the columns").format(
                options=" ".join(column_option(field, name) for name, field in found)
            ),
        )


_ROC_HEADER = re.compile(r"民国|\broc\b")


def roc_facts(columns: Sequence[str], indexes: Sequence[int]) -> dict[int, str]:
    """{fact position: header} for the date facts whose column says it holds 民國 years
    (購買日期(民國), "Purchase date (ROC)")."""
    found = {}
    for name in DATE_COLUMNS:
        position = FACT_COLUMNS.index(name)
        index = indexes[position]
        if index >= 0:
            header = unicodedata.normalize("NFKC", columns[index]).casefold()
            if _ROC_HEADER.search(header.translate(_SIMPLIFIED)):
                found[position] = columns[index]
    return found


def fact_keys(columns: Sequence[str], chosen: dict[str, str]) -> list[str]:
    """For each of FACT_COLUMNS, the key a record holds it under: the column that names it
    (as fact_indexes finds it), else the fact's own name, which a later record may have."""
    indexes = fact_indexes(columns, chosen, require=False)
    return [
        columns[index] if index >= 0 else name
        for name, index in zip(FACT_COLUMNS, indexes, strict=True)
    ]
