"""Write watchwarranty/inputs/han.py: every Traditional Chinese character and its Simplified
form, from OpenCC, so that names written in either script are compared as one.

    .venv/bin/python scripts/han.py

A character table, not a list of words: headers (購買日期), and a brand's Traditional spelling
among its aliases in rules.toml, are recognised through it with no word named in the code.
tests/test_inventories.py fails when the table differs from what the installed OpenCC gives.
"""

from __future__ import annotations

from pathlib import Path

import opencc

TARGET = Path(__file__).resolve().parent.parent / "watchwarranty" / "inputs" / "han.py"
# The CJK Unified Ideographs and their compatibility forms.
RANGES = (range(0x4E00, 0xA000), range(0xF900, 0xFB00))


def han_table() -> dict[str, str]:
    """Traditional character -> Simplified, as OpenCC's t2s, tw2s and hk2s convert it."""
    converters = [opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s")]
    table: dict[str, str] = {}
    for block in RANGES:
        for point in block:
            char = chr(point)
            for converter in converters:
                converted = converter.convert(char)
                if len(converted) == 1 and converted != char:
                    table.setdefault(char, converted)
    return table


def module_text(table: dict[str, str]) -> str:
    def lines(text: str) -> str:
        return "".join(f'    "{text[start : start + 40]}"\n' for start in range(0, len(text), 40))

    return (
        '"""Traditional Chinese characters and their Simplified forms, in the same order:\n'
        'written by scripts/han.py from OpenCC; do not edit."""\n\n'
        f"TRADITIONAL = (\n{lines(''.join(table))})\n"
        f"SIMPLIFIED = (\n{lines(''.join(table.values()))})\n"
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(han_table()), encoding="utf-8")
    print(f"{TARGET}: {len(han_table())} characters")
