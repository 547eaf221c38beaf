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

from pathlib import Path

import opencc
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "watchwarranty" / "locale"
SOURCE = LOCALE / "zh" / "LC_MESSAGES" / "watchwarranty.po"
TARGET = LOCALE / "zh_Hant" / "LC_MESSAGES" / "watchwarranty.po"
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
}


def simplified() -> Catalog:
    """The Simplified Chinese catalogue, as translated by hand."""
    with SOURCE.open("rb") as handle:
        return read_po(handle)


def convert(source: Catalog) -> Catalog:
    """The same catalogue in Traditional characters; placeholders ({day}) are ASCII and stay."""
    converter = opencc.OpenCC(CONVERSION)

    def traditional(text: str) -> str:
        converted: str = converter.convert(text)
        for wrong, right in CORRECTIONS.items():
            converted = converted.replace(wrong, right)
        return converted

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
        converted = (
            tuple(traditional(text) for text in strings)
            if isinstance(strings, tuple)
            else traditional(strings)
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


if __name__ == "__main__":
    main()
