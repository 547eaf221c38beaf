"""Write the Traditional Chinese catalogue (zh_Hant, read in Taiwan, Hong Kong and Macau) from
the Simplified one, converted by OpenCC, so that no one translates the same text twice.

    .venv/bin/python scripts/traditional.py     # scripts/catalogue.py runs it too

OpenCC's "s2twp" converts characters to the standard forms Taiwan and Hong Kong both read (為, not
爲) and mainland words to the ones Taiwan uses (默认 -> 預設, 文件 -> 檔案, 运行 -> 執行);
character by character ("s2tw") a Traditional reader met mainland words in every line. Needs
OpenCC and Babel (in the test extras): the converted catalogue is committed, and nothing here runs
when watchwarranty does.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import opencc
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "watchwarranty" / "locale"
SOURCE = LOCALE / "zh" / "LC_MESSAGES" / "watchwarranty.po"
TARGET = LOCALE / "zh_Hant" / "LC_MESSAGES" / "watchwarranty.po"
RULES = ROOT / "rules.toml"
# rules.toml's Chinese texts in Traditional, read by i18n.in_script.
RULES_TARGET = LOCALE / "zh_Hant" / "rules.json"
CONVERSION = "s2twp"
# Where OpenCC picks the wrong word, what the text means. Each was found by reading the converted
# catalogue.
CORRECTIONS = {
    # "显示表格" (show the table) read as 顯示錶 (a display watch) followed by 格.
    "顯示錶格": "顯示表格",
    # Its phrase table is a programmer's: a region's code is no program code, a movement's kind
    # no data type, and a command line's arguments are what Hong Kong calls them too.
    "程式碼": "代碼",
    "型別": "類型",
    "引數": "參數",
    # Mainland words it leaves as they are.
    "營銷": "行銷",
    "單元格": "儲存格",
    "電子表格": "試算表",
    # A watch is 錶 in Traditional; 表 after s2t is a table or a form, so the watch's own words.
    "這隻表": "這隻錶",
    "表主": "錶主",
    "表鏡": "錶鏡",
    # 自制 is self-control in Traditional; a manufacture movement is 自製.
    "自制": "自製",
    # "15 天后" (15 days later) read as 天后, the goddess.
    "天后": "天後",
    # A rule's issuing body: 釋出 is releasing software; a body 發布 a rule.
    "釋出機關": "發布機關",
    # 質量 is mass in Taiwan; the quality goods must have is 品質.
    "質量": "品質",
}
# In Taiwan a spreadsheet's column is 欄 and its row 列: the mainland's 列 (column) would read
# as a row. In a message about columns, 列 becomes 欄, except in words where it means a list or a
# series (列出, 列表, 序列, 系列, 下列, 排列, 陣列, 所列, 並列).
_COLUMN = re.compile(r"(?<![序系下排陣所並])列(?![出表])")


def columns_in_taiwan_words(english: str, text: str) -> str:
    """``text`` (Traditional) with 列 as 欄 where ``english``, its source, speaks of columns."""
    if "column" not in english.casefold():
        return text
    return _COLUMN.sub("欄", text)


def simplified() -> Catalog:
    """The Simplified Chinese catalogue, as translated by hand."""
    with SOURCE.open("rb") as handle:
        return read_po(handle)


# Taiwan and Hong Kong quote with corner brackets, where the mainland uses curly quotes; OpenCC
# converts words, not punctuation.
QUOTES = str.maketrans({"\u201c": "「", "\u201d": "」", "\u2018": "『", "\u2019": "』"})


def traditional(text: str) -> str:
    """Simplified Chinese in Traditional, with Taiwan's words and quotes, and the corrections
    below."""
    converted: str = _converter().convert(text)
    for wrong, right in CORRECTIONS.items():
        converted = converted.replace(wrong, right)
    return converted.translate(QUOTES)


_CONVERTERS: list[Any] = []


def _converter() -> Any:
    if not _CONVERTERS:
        _CONVERTERS.append(opencc.OpenCC(CONVERSION))
    return _CONVERTERS[0]


def _chinese_texts(node: Any) -> Iterator[str]:
    """Every text of rules.toml a Chinese reader sees: the *_zh keys, and names written in
    Chinese (a store's, an alias)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source":
                continue  # a citation stays as it was published
            if isinstance(value, str) and (key.endswith("_zh") or _has_chinese(value)):
                yield value
            else:
                yield from _chinese_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _chinese_texts(item)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def rules_texts(path: Path = RULES) -> dict[str, str]:
    """rules.toml's Chinese texts -> their Traditional form."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return {text: traditional(text) for text in sorted(set(_chinese_texts(raw)))}


def convert(source: Catalog) -> Catalog:
    """The same catalogue in Traditional characters; placeholders ({day}) are ASCII and stay."""

    target = Catalog(
        locale="zh_Hant",
        project=source.project,
        charset="utf-8",
        creation_date=source.creation_date,
        revision_date=source.revision_date,
        fuzzy=False,
    )
    for message in source:
        if not message.id:
            continue
        strings = message.string
        english = message.id if isinstance(message.id, str) else " ".join(message.id)
        converted = (
            tuple(columns_in_taiwan_words(english, traditional(text)) for text in strings)
            if isinstance(strings, tuple)
            else columns_in_taiwan_words(english, traditional(strings))
        )
        target.add(message.id, converted, flags=message.flags)
    return target


def write(catalog: Catalog, path: Path = TARGET) -> None:
    """The catalogue as .po (for review) and .mo (what gettext reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, omit_header=False, width=99)
    with path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


def main() -> None:
    catalog = convert(simplified())
    write(catalog)
    print(f"{TARGET.relative_to(ROOT)}: {len(catalog)} messages, converted from {SOURCE.name}")
    texts = rules_texts()
    RULES_TARGET.write_text(json.dumps(texts, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{RULES_TARGET.relative_to(ROOT)}: {len(texts)} texts, converted from {RULES.name}")


if __name__ == "__main__":
    main()
