"""Inventories as they really arrive (issue 24): headers in Traditional Chinese and their common
variants, a column that reads like a known field named on stderr, title rows, totals rows,
datetime cells, Big5 files, 民國 dates, brands as dealers type them, shops the rules do not name,
and reports in the shop's language. Every file is written by the test itself."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Invoke

AS_OF = "2024-06-01"


def rows_of(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout.removeprefix("\ufeff"))))


# -- 1. nothing silently ignored ------------------------------------------------------------------


@pytest.mark.parametrize(
    "registered",
    ["是否已注册", "是否註冊", "是否已註冊", "注册状态", "註冊狀態", "已登记", "已登記"],
)
def test_a_registered_column_under_any_common_name_keeps_the_extension(
    invoke: Invoke, tmp_path: Path, registered: str
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(f"品牌,購買日期,{registered}\n卡地亚,2024-01-10,是\n", encoding="utf-8")
    [row] = rows_of(invoke("batch", str(path), "--as-of", AS_OF).stdout)
    assert row["extended_expiry"] == "2032-01-10"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("是否二手", "second_hand"),
        ("是否為二手", "second_hand"),
        ("购买地点", "region"),
        ("购买国家", "region"),
        ("購買國家", "region"),
        ("销售门店", "store"),
        ("購買門市", "store"),
        ("門市", "store"),
        ("購買日期", "purchase_date"),
        ("品牌名稱", "brand"),
        ("機芯", "movement"),
    ],
)
def test_common_and_traditional_headers_name_their_field(header: str, field: str) -> None:
    from watchwarranty.batch.columns import FACT_COLUMNS, fact_indexes

    indexes = fact_indexes(["sku", "note", header], {}, require=False)
    assert indexes[FACT_COLUMNS.index(field)] == 2


def test_every_chinese_header_is_known_in_traditional_characters_too() -> None:
    opencc = pytest.importorskip("opencc")
    from watchwarranty.batch.columns import ALIASES, FACT_COLUMNS, fact_indexes

    for conversion in ("s2tw", "s2hk", "s2twp"):
        converter = opencc.OpenCC(conversion)
        for field, names in ALIASES.items():
            for name in names:
                traditional = converter.convert(name)
                indexes = fact_indexes(["x", traditional], {}, require=False)
                assert indexes[FACT_COLUMNS.index(field)] == 1, (conversion, name, traditional)


def test_an_unused_column_that_reads_like_a_field_is_named_once_with_its_column_option(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "brand,purchase_date,Registered?? (Y/N),注册情况说明\nrolex,2024-01-10,yes,有\n"
        "rolex,2024-01-11,yes,有\n",
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", AS_OF)
    lines = [line for line in result.stderr.splitlines() if "--column" in line]
    assert len(lines) == 2, result.stderr
    assert "--column 'registered=Registered?? (Y/N)'" in lines[0]
    assert "--column registered=注册情况说明" in lines[1]
    strict = invoke("batch", str(path), "--as-of", AS_OF, "--strict-columns", expect=2)
    assert strict.stdout == ""
    assert strict.stderr.startswith("watchwarranty: error: ")
    assert len(strict.stderr.splitlines()) == 1
    assert "--column 'registered=Registered?? (Y/N)'" in strict.stderr


def test_columns_the_tool_has_no_use_for_pass_through_without_a_word(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("sku,型号,price,备注,brand,purchase_date\nA1,X,1,,rolex,2024-01-10\n")
    result = invoke("batch", str(path), "--as-of", AS_OF, "--strict-columns")
    assert result.stderr == ""
