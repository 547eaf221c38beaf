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


# -- 2. sheets as they are ------------------------------------------------------------------------


def _title_workbook(path: Path, *, totals: bool = True) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2026年12月 库存表"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["序号", "品牌", "购买日期", "是否已注册", "售价"])
    sheet.append([1, "卡地亚", datetime(2024, 1, 10, 15, 30), "是", 52000])
    sheet.append([2, "rolex", datetime(2021, 7, 7, 15, 30), "", 88000])
    sheet.append([3])  # numbered ahead, never filled
    if totals:
        sheet.append(["合计", None, None, None, 140000])
    workbook.save(path)


def test_an_xlsx_with_a_merged_title_row_a_totals_row_and_datetime_cells_goes_through(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "库存.xlsx"
    _title_workbook(path)
    result = invoke("batch", str(path), "--as-of", AS_OF, "--summary")
    rows = rows_of(result.stdout)
    assert [row["extended_expiry"] or row["effective_expiry"] for row in rows] == [
        "2032-01-10",
        "2026-07-07",
    ]
    assert [row["序号"] for row in rows] == ["1", "2"]
    stderr = result.stderr
    assert stderr.count("row 3") == 1  # the header row found, said once
    assert stderr.count("合计") == 1  # the totals row, said once
    assert "totals rows skipped" in stderr
    assert "empty numbered rows skipped" in stderr


def test_a_totals_row_whose_first_cell_starts_with_a_totals_word_is_skipped(
    invoke: Invoke, tmp_path: Path
) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    path = tmp_path / "库存.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "品牌", "购买日期", "价格"])
    sheet.append([1, "劳力士", datetime(2023, 1, 3, 14, 25), 80000])
    sheet.append([2, "卡地亚", datetime(2024, 1, 20), 50000])
    sheet.append(["Total: 2 watches"])
    sheet.append([None, "小计：2", None, 130000])
    sheet.append(["Grand total - 2", None, None, "¥130,000"])
    workbook.save(path)
    result = invoke("batch", str(path), "--as-of", AS_OF, "--summary")
    assert [row["序号"] for row in rows_of(result.stdout)] == ["1", "2"]
    assert ": error" not in result.stderr and "unknown brand" not in result.stderr
    assert "totals rows skipped         3" in result.stderr


@pytest.mark.parametrize(
    "cells",
    [
        # Words after the first, or cells beside it that are not numbers: a row to report.
        "Totally Rolex,,",
        "Total watches,,",
        "Total: 2,,Rolex",
        "合计金额：2,,",
    ],
)
def test_a_row_that_only_looks_like_totals_stays_a_row(
    invoke: Invoke, tmp_path: Path, cells: str
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(f"brand,purchase_date,memo\nrolex,2024-01-10,\n{cells}\n", encoding="utf-8")
    result = invoke("batch", str(path), "--as-of", AS_OF, expect=1)
    assert len(rows_of(result.stdout)) == 2


def test_header_row_names_the_row_and_refuses_a_bad_value(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\nnote,x\nbrand,purchase_date\nrolex,2021-07-07\n")
    rows = rows_of(invoke("batch", str(path), "--as-of", AS_OF, "--header-row", "3").stdout)
    assert [row["effective_expiry"] for row in rows] == ["2026-07-07"]
    for bad in ("0", "-1", "x"):
        refused = invoke("batch", str(path), "--header-row", bad, expect=2)
        assert len(refused.stderr.strip().splitlines()) == 1
    beyond = invoke("batch", str(path), "--header-row", "9", expect=2)
    assert "row 9" in beyond.stderr and len(beyond.stderr.splitlines()) == 1


def test_a_csv_title_row_and_totals_row_go_through_like_the_xlsx(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "2026年12月 库存表,,,,\n,,,,\n序号,品牌,购买日期,是否已注册,售价\n"
        "1,卡地亚,2024-01-10 15:30,是,52000\n2,rolex,2021-07-07T15:30:00,,88000\n3,,,,\n"
        "總計,,,,140000\n",
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", AS_OF, "--summary")
    rows = rows_of(result.stdout)
    assert [row["extended_expiry"] or row["effective_expiry"] for row in rows] == [
        "2032-01-10",
        "2026-07-07",
    ]


def test_a_date_with_a_time_of_day_is_its_day_in_check(invoke: Invoke) -> None:
    result = invoke("check", "rolex", "2023-01-03 14:25:00", "--as-of", AS_OF, "--format", "json")
    assert '"2028-01-03"' in result.stdout


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # What Chinese and Taiwanese Windows write for a datetime cell saved as text.
        ("2023/01/03 下午 02:25:00", "2023-01-03"),
        ("2023/1/3 上午 10:00", "2023-01-03"),
        ("2023/1/3 下午2:25", "2023-01-03"),
        ("2023-01-03 PM 02:25:00", "2023-01-03"),
        ("2023-01-03 2:25:00 PM", "2023-01-03"),
        ("2023年1月3日 下午 02:25:00", "2023-01-03"),
        ("中華民國112年1月3日", "2023-01-03"),
        ("中华民国112年1月3日", "2023-01-03"),
        ("民國112/1/3 下午 02:25:00", "2023-01-03"),
    ],
)
def test_chinese_datetimes_and_full_roc_names_are_their_day_in_check(
    invoke: Invoke, text: str, day: str
) -> None:
    result = invoke("check", "rolex", text, "--as-of", AS_OF, "--format", "json")
    assert f'"purchase_date": "{day}"' in result.stdout


def test_chinese_datetimes_are_their_day_in_batch(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "品牌,购买日期\n劳力士,2023/01/03 下午 02:25:00\n劳力士,2023/1/3 上午 10:00\n"
        "勞力士,中華民國112年1月3日\n",
        encoding="utf-8",
    )
    rows = rows_of(invoke("batch", str(path), "--as-of", AS_OF).stdout)
    assert [row["effective_expiry"] for row in rows] == ["2028-01-03"] * 3


def test_a_roc_column_reads_a_datetime_as_its_day(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("品牌,購買日期(民國)\n勞力士,112/1/3 下午 02:25:00\n", encoding="utf-8")
    rows = rows_of(invoke("batch", str(path), "--as-of", AS_OF).stdout)
    assert [row["effective_expiry"] for row in rows] == ["2028-01-03"]


def test_the_date_order_is_inferred_from_the_row_that_settles_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "brand,purchase_date\nrolex,03/01/2023\nrolex,04/02/2023\nrolex,15/02/2022\n"
        "rolex,05/06/2021\n"
    )
    result = invoke("batch", str(path), "--as-of", AS_OF)
    assert [row["effective_expiry"] for row in rows_of(result.stdout)] == [
        "2028-01-03",
        "2028-02-04",
        "2027-02-15",
        "2026-06-05",
    ]
    assert result.stderr.count("day first") == 1


def test_rows_that_waited_too_long_for_the_date_order_are_named(
    invoke: Invoke, tmp_path: Path
) -> None:
    # 1,000 rows wait for the row that settles the order; those released before it came were
    # refused as ambiguous while the same dates after them were read: the run says so, once.
    path = tmp_path / "inventory.csv"
    path.write_text(
        "brand,purchase_date\n" + "rolex,03/04/2023\n" * 1_010 + "rolex,15/02/2022\n",
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", AS_OF, expect=1)
    rows = rows_of(result.stdout)
    assert sum(bool(row["error"]) for row in rows) == 10
    assert "10 rows from line 2 waited longer than 1,000 rows for the date order" in result.stderr
    assert "--date-order dmy" in result.stderr


def test_rows_that_contradict_each_other_on_the_date_order_are_refused(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\nrolex,15/02/2022\nrolex,02/15/2022\nrolex,03/04/2022\n")
    rows = rows_of(invoke("batch", str(path), "--as-of", AS_OF, expect=1).stdout)
    assert [bool(row["error"]) for row in rows] == [False, True, False]
    assert "15/02/2022" in rows[1]["error"] or "day first" in rows[1]["error"]


# -- 3. Taiwan and Hong Kong --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("台灣", "TW"),
        ("臺灣", "TW"),
        ("中華民國", "TW"),
        ("中國", "CN"),
        ("中國大陸", "CN"),
        ("內地", "CN"),
        ("澳門", "MO"),
        ("中國澳門", "MO"),
        ("香港", "HK"),
        ("中國香港", "HK"),
        ("香港特別行政區", "HK"),
        ("美國", "US"),
        ("瑞士", "CH"),
    ],
)
def test_traditional_region_names_read(text: str, code: str) -> None:
    from watchwarranty.inputs.regions import parse_region

    assert parse_region(text) == code


BIG5_SHEET = "序號,品牌,購買日期,是否註冊,購買門市\r\nT1,勞力士,2023-01-03,否,台北101\r\nT2,卡地亞,2024-01-10,是,\r\n"


def test_a_big5_file_is_told_to_be_read_as_cp950_not_gb18030(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "庫存.csv"
    path.write_bytes(BIG5_SHEET.encode("cp950"))
    refused = invoke("batch", str(path), expect=2)
    assert "gb18030" not in refused.stderr
    assert "--encoding cp950" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    read = invoke("batch", str(path), "--encoding", "cp950", "--as-of", AS_OF)
    rows = rows_of(read.stdout)
    assert [row["extended_expiry"] or row["effective_expiry"] for row in rows] == [
        "2028-01-03",
        "2032-01-10",
    ]


def test_a_gbk_file_is_still_told_gb18030(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "库存.csv"
    path.write_bytes("编号,品牌,购买日期,是否注册\nA1,劳力士,2023-01-03,否\n".encode("gbk"))
    refused = invoke("batch", str(path), expect=2)
    assert "--encoding gb18030" in refused.stderr and "cp950" not in refused.stderr


# Headers in English, as a till's export writes them: the header reads the same in both
# encodings, so only the brand cells can tell the readings apart.
BRANDS_BY_SCRIPT = {
    "cp950": ("勞力士", "積家", "卡地亞", "萬國", "歐米茄"),
    "gb18030": ("劳力士", "积家", "卡地亚", "万国", "欧米茄"),
}
BRAND_NAMES = ["Rolex", "Jaeger-LeCoultre", "Cartier", "IWC", "Omega"]


@pytest.mark.parametrize(("encoding", "other"), [("cp950", "gb18030"), ("gb18030", "cp950")])
def test_brand_cells_tell_big5_from_gbk_when_the_header_cannot(
    invoke: Invoke, tmp_path: Path, encoding: str, other: str
) -> None:
    days = ["2023-01-03", "2023-02-10", "2024-01-10", "2022-05-05", "2021-07-07"]
    lines = [
        f"S{n},{brand},{day}"
        for n, (brand, day) in enumerate(zip(BRANDS_BY_SCRIPT[encoding], days, strict=True))
    ]
    data = "\r\n".join(["sku,brand,purchase_date", *lines, ""]).encode(encoding)
    # The test proves something only if the bytes read without error both ways.
    assert data.decode(encoding) != data.decode(other)
    path = tmp_path / "inventory.csv"
    path.write_bytes(data)
    refused = invoke("batch", str(path), expect=2)
    assert f"--encoding {encoding}" in refused.stderr
    assert other not in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    read = invoke("batch", str(path), "--encoding", encoding, "--as-of", AS_OF)
    assert [row["brand_name"] for row in rows_of(read.stdout)] == BRAND_NAMES


def test_when_neither_reading_knows_more_both_encodings_are_named(
    invoke: Invoke, tmp_path: Path
) -> None:
    # The brands are in English, and the Chinese is a note (with its box, in for a service)
    # that names nothing batch knows, in either reading.
    text = (
        "sku,brand,purchase_date,note\r\n"
        "S1,Rolex,2023-01-03,附原盒\r\n"
        "S2,Omega,2023-01-03,保養中\r\n"
    )
    data = text.encode("cp950")
    assert data.decode("cp950") != data.decode("gb18030")
    path = tmp_path / "inventory.csv"
    path.write_bytes(data)
    refused = invoke("batch", str(path), expect=2)
    assert "--encoding gb18030 or --encoding cp950" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("民國112年1月3日", "2023-01-03"),
        ("民国112年1月3日", "2023-01-03"),
        ("民國 99年12月31日", "2010-12-31"),
        ("民國112/1/3", "2023-01-03"),
    ],
)
def test_roc_dates_read_in_check(invoke: Invoke, text: str, day: str) -> None:
    result = invoke("check", "rolex", text, "--as-of", AS_OF, "--format", "json")
    assert f'"purchase_date": "{day}"' in result.stdout


def test_a_three_digit_year_first_is_roc_only_when_asked(invoke: Invoke) -> None:
    refused = invoke("check", "rolex", "112/1/3", "--as-of", AS_OF, expect=2)
    assert "--roc-years" in refused.stderr
    taken = invoke(
        "check", "rolex", "112/1/3", "--roc-years", "--as-of", AS_OF, "--format", "json"
    )
    assert "2028-01-03" in taken.stdout
    # A four-digit year stays the Gregorian year under --roc-years: a column may mix both.
    mixed = invoke(
        "check", "rolex", "2023/1/3", "--roc-years", "--as-of", AS_OF, "--format", "json"
    )
    assert "2028-01-03" in mixed.stdout
    seven = invoke(
        "check", "rolex", "1120103", "--roc-years", "--as-of", AS_OF, "--format", "json"
    )
    assert '"purchase_date": "2023-01-03"' in seven.stdout
    # Six digits are no date in either calendar: not a 民國 year, and said plainly.
    refused = invoke("check", "rolex", "990103", "--roc-years", "--as-of", AS_OF, expect=2)
    assert "cannot read '990103' as a date" in refused.stderr


def test_a_batch_date_column_named_roc_reads_roc_years(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("品牌,購買日期(民國)\n勞力士,112/1/3\n勞力士,1120105\n", encoding="utf-8")
    rows = rows_of(invoke("batch", str(path), "--as-of", AS_OF).stdout)
    assert [row["effective_expiry"] for row in rows] == ["2028-01-03", "2028-01-05"]


# -- 4. brand names as typed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "brand"),
    [
        ("ROLEX 劳力士", "rolex"),
        ("Rolex SA", "rolex"),
        ("积家 JLC", "jaeger-lecoultre"),
        ("IWC万国", "iwc"),
        ("AP爱彼", "audemars-piguet"),
        ("Patek Philippe SA", "patek-philippe"),
        ("帝舵表", "tudor"),
        ("伯爵錶", "piaget"),
        ("欧米伽", "omega"),
        ("Audemars", "audemars-piguet"),
        ("Vacheron", "vacheron-constantin"),
        ("Omega Watches", "omega"),
        ("勞力士 Rolex S.A.", "rolex"),
    ],
)
def test_brand_spellings_dealers_type_resolve_to_the_one_brand_they_name(
    shipped: object, typed: str, brand: str
) -> None:
    from watchwarranty.rules import find_brand

    assert find_brand(shipped, typed).id == brand  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("Rolex Tudor", "Rolex or Tudor"),
        ("Rolex Submariner", "Rolex"),
        ("SA", None),
    ],
)
def test_a_cell_naming_two_brands_or_more_than_a_brand_stays_an_error(
    shipped: object, typed: str, hint: str | None
) -> None:
    from watchwarranty.errors import UnknownBrandError
    from watchwarranty.rules import find_brand

    with pytest.raises(UnknownBrandError) as raised:
        find_brand(shipped, typed)  # type: ignore[arg-type]
    if hint is not None:
        assert f"did you mean {hint}?" in str(raised.value)


def test_every_brand_named_in_english_and_chinese_in_either_order_resolves_to_it(
    shipped: object,
) -> None:
    # "Grand Seiko 冠蓝狮" was refused: "Grand" + "Seiko" also reads as two brands (Grand Seiko
    # and Seiko), and the reading the two halves agree on was not preferred.
    from watchwarranty.errors import UnknownBrandError
    from watchwarranty.model import RuleBook
    from watchwarranty.rules import find_brand

    assert isinstance(shipped, RuleBook)
    wrong: dict[str, str] = {}
    for brand in shipped.brands.values():
        for typed in (
            f"{brand.name} {brand.name_zh}",
            f"{brand.name_zh} {brand.name}",
            f"{brand.name}{brand.name_zh}",
            f"{brand.name_zh}{brand.name}",
        ):
            try:
                found = find_brand(shipped, typed).id
            except UnknownBrandError as error:
                found = str(error)
            if found != brand.id:
                wrong[typed] = found
    assert wrong == {}


@pytest.mark.parametrize("typed", ["Seiko Grand Seiko", "Grand Seiko 精工", "精工 冠蓝狮"])
def test_a_cell_whose_halves_name_different_brands_stays_an_error(
    shipped: object, typed: str
) -> None:
    from watchwarranty.errors import UnknownBrandError
    from watchwarranty.rules import find_brand

    with pytest.raises(UnknownBrandError):
        find_brand(shipped, typed)  # type: ignore[arg-type]


def test_a_brand_spelling_is_said_in_check(invoke: Invoke) -> None:
    result = invoke("check", "AP爱彼", "2020-03-01", "--as-of", AS_OF, "--format", "json")
    assert result.stderr == "watchwarranty: brand 'AP爱彼' is read as Audemars Piguet\n"


def test_a_brand_spelling_is_said_once_in_batch(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\nROLEX 劳力士,2024-01-10\nROLEX 劳力士,2024-01-11\n")
    result = invoke("batch", str(path), "--as-of", AS_OF)
    assert [row["brand_name"] for row in rows_of(result.stdout)] == ["Rolex", "Rolex"]
    assert result.stderr.count("'ROLEX 劳力士'") == 1


def test_a_users_aliases_add_to_the_shipped_ones_and_rules_show_marks_them(
    invoke: Invoke, tmp_path: Path
) -> None:
    import json

    folder = tmp_path / "config" / "watchwarranty"
    folder.mkdir(parents=True)
    (folder / "rules.toml").write_text('[brands.rolex]\naliases = ["老劳"]\n', encoding="utf-8")
    for typed in ("老劳", "勞力士", "劳力士"):
        result = invoke("check", typed, "2024-01-10", "--as-of", AS_OF, "--format", "json")
        assert '"brand": "Rolex"' in result.stdout
    shown = invoke("rules", "show", "rolex").stdout
    assert "老劳" in shown and "[your rules]" in shown.split("老劳")[1].splitlines()[0]
    record = json.loads(invoke("rules", "show", "rolex", "--format", "json").stdout)
    assert "勞力士" in record["aliases"] and record["user_aliases"] == ["老劳"]


# -- 5. stores as they are ------------------------------------------------------------------------


def test_a_shop_the_rules_do_not_name_is_another_shop_in_batch(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(
        "品牌,购买日期,购买门店\n爱彼,2020-01-01,上海恒隆广场\n爱彼,2020-01-01,\n"
        "爱彼,2020-01-01,上海恒隆广场\n",
        encoding="utf-8",
    )
    result = invoke("batch", str(path), "--as-of", AS_OF)
    rows = rows_of(result.stdout)
    assert [row["error"] for row in rows] == ["", "", ""]
    # "Another shop" is the reading without a store: the same answer as the empty cell's.
    strip = ("购买门店",)
    assert [{k: v for k, v in rows[0].items() if k not in strip}] == [
        {k: v for k, v in rows[1].items() if k not in strip}
    ]
    assert result.stderr.count("上海恒隆广场") == 1


def test_check_store_keeps_did_you_mean_when_close_and_reads_another_shop_otherwise(
    invoke: Invoke,
) -> None:
    close = invoke("check", "ap", "2020-01-01", "--store", "北京SKP店", expect=2)
    assert "did you mean" in close.stderr
    other = invoke(
        "check",
        "ap",
        "2020-01-01",
        "--store",
        "上海恒隆广场",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    plain = invoke("check", "ap", "2020-01-01", "--as-of", AS_OF, "--format", "json")
    assert other.stdout == plain.stdout
    assert "上海恒隆广场" in other.stderr


# -- 6. a report in the shop's language -----------------------------------------------------------


def _shop_csv(path: Path) -> None:
    path.write_text(
        "sku,model,serial,brand,purchase_date,registered\n"
        "A1,Tank,S-1,cartier,2022-06-20,\nA2,Sub,,rolex,2015-07-01,\nA3,,,rolx,2020-01-01,\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("lang", "status", "brand", "expiry"),
    [("zh", "在保", "卡地亚", "到期"), ("zh-hant", "在保", "卡地亞", "到期")],
)
def test_the_xlsx_report_under_lang_zh_is_for_people(
    invoke: Invoke, tmp_path: Path, lang: str, status: str, brand: str, expiry: str
) -> None:
    from openpyxl import load_workbook

    from watchwarranty.batch.answer import RESULT_COLUMNS

    source = tmp_path / "inventory.csv"
    _shop_csv(source)
    target = tmp_path / "report.xlsx"
    invoke("batch", str(source), "-o", str(target), "--as-of", AS_OF, "--lang", lang, expect=1)
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:6] == ["sku", "model", "serial", "brand", "purchase_date", "registered"]
    results = header[6:]
    assert len(results) == len(RESULT_COLUMNS)
    assert not set(results) & set(RESULT_COLUMNS)  # every result header is for people
    assert any(expiry in name for name in results)
    first = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert status in first and brand in first
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    assert sheet.title != "Sheet"
    assert len(workbook.worksheets) == 2
    summary = [
        [cell for cell in row if cell is not None]
        for row in workbook.worksheets[1].iter_rows(values_only=True)
    ]
    flat = [str(cell) for row in summary for cell in row]
    assert brand in flat and status in flat
    assert "A1" in flat  # the Cartier to register within 30 days, named by its SKU
    keys = tmp_path / "keys.xlsx"
    invoke("batch", str(source), "-o", str(keys), "--as-of", AS_OF, "--lang", lang, "--keys",
           expect=1)  # fmt: skip
    header = [cell.value for cell in next(load_workbook(keys).worksheets[0].iter_rows(max_row=1))]
    assert header[6:] == list(RESULT_COLUMNS)


def test_csv_under_lang_zh_has_people_headers_and_json_keeps_the_keys(
    invoke: Invoke, tmp_path: Path
) -> None:
    import json

    from watchwarranty.batch.answer import RESULT_COLUMNS

    source = tmp_path / "inventory.csv"
    _shop_csv(source)
    people = invoke("batch", str(source), "--as-of", AS_OF, "--lang", "zh", expect=1).stdout
    header = next(csv.reader(io.StringIO(people)))
    assert not set(header[6:]) & set(RESULT_COLUMNS) and "在保" in people
    keys = invoke("batch", str(source), "--as-of", AS_OF, "--lang", "zh", "--keys", expect=1)
    assert next(csv.reader(io.StringIO(keys.stdout)))[6:] == list(RESULT_COLUMNS)
    assert "active" in keys.stdout
    lines = invoke(
        "batch", str(source), "--as-of", AS_OF, "--lang", "zh", "--format", "jsonl", expect=1
    ).stdout
    record = json.loads(lines.splitlines()[0])
    assert set(RESULT_COLUMNS) <= set(record) and record["status"] == "active"


def test_ics_events_name_the_watch(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "inventory.csv"
    _shop_csv(source)
    calendar = tmp_path / "reminders.ics"
    invoke("batch", str(source), "--as-of", AS_OF, "--ics", str(calendar), expect=1)
    text = calendar.read_text(encoding="utf-8").replace("\r\n ", "")
    summaries = [line for line in text.splitlines() if line.startswith("SUMMARY")]
    assert summaries and all("A1" in line or "A2" in line for line in summaries)
    assert any("Tank" in line for line in summaries)
    descriptions = [line for line in text.splitlines() if line.startswith("DESCRIPTION")]
    assert any("S-1" in line for line in descriptions)


def test_the_han_table_is_what_opencc_gives() -> None:
    pytest.importorskip("opencc")
    import importlib.util

    from watchwarranty.inputs.han import SIMPLIFIED, TRADITIONAL

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("han", root / "scripts" / "han.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    table = script.han_table()
    assert ("".join(table), "".join(table.values())) == (TRADITIONAL, SIMPLIFIED), (
        "run scripts/han.py"
    )


# -- 7. refresh a report --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "options"),
    [
        ("csv", []),
        ("csv", ["--lang", "zh"]),
        ("csv", ["--lang", "zh-hant"]),
        ("xlsx", ["--lang", "zh"]),
        ("jsonl", []),
    ],
)
def test_last_months_report_is_refreshed_as_it_is(
    invoke: Invoke, tmp_path: Path, suffix: str, options: list[str]
) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text("sku,品牌,购买日期\nA1,卡地亚,2022-06-20\nA2,rolex,2015-07-01\n")
    report = tmp_path / f"report.{suffix}"
    invoke("batch", str(source), "-o", str(report), "--as-of", "2024-01-01", *options)
    again = tmp_path / f"again.{suffix}"
    result = invoke("batch", str(report), "-o", str(again), "--as-of", AS_OF, *options)
    assert len(result.stderr.splitlines()) == 1  # said once: the report is recognised
    fresh = tmp_path / f"fresh.{suffix}"
    invoke("batch", str(source), "-o", str(fresh), "--as-of", AS_OF, *options)
    if suffix == "xlsx":
        from openpyxl import load_workbook

        def cells(path: Path) -> list[tuple[object, ...]]:
            return list(load_workbook(path).worksheets[0].iter_rows(values_only=True))

        assert cells(again) == cells(fresh)
    else:
        assert again.read_bytes() == fresh.read_bytes()


def test_one_column_named_like_a_result_is_still_refused(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text("sku,brand,purchase_date,status\nA1,rolex,2022-06-20,in stock\n")
    refused = invoke("batch", str(source), expect=2)
    assert "--prefix" in refused.stderr


# -- 8. --register-within -------------------------------------------------------------------------


def test_register_within_keeps_the_watches_to_register_soon_and_the_errors(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text(
        "sku,brand,purchase_date\nA1,cartier,2022-06-20\nA2,cartier,2023-06-20\n"
        "A3,rolex,2024-01-01\nA4,rolx,2024-01-01\nA5,cartier,2022-05-01\n"
    )
    result = invoke("batch", str(source), "--as-of", AS_OF, "--register-within", "30", expect=1)
    assert [row["sku"] for row in rows_of(result.stdout)] == ["A1", "A4"]
    for bad in ("-1", "soon"):
        refused = invoke("batch", str(source), "--register-within", bad, expect=2)
        assert len(refused.stderr.splitlines()) == 1 and refused.stdout == ""


# -- the same inventory in every format -----------------------------------------------------------

SHOP_HEADER = ["序號", "品牌", "購買日期", "是否註冊", "購買門市"]
SHOP_ROWS = [
    ["T1", "ROLEX 劳力士", "2023-01-03", "否", ""],
    ["T2", "卡地亞", "2024-01-10 15:30", "是", ""],
    ["T3", "AP爱彼", "2020-03-01", "", "上海恒隆广场"],
    ["T4", "伯爵錶", "03/01/2023", "", ""],
    ["T5", "Piaget", "15/02/2022", "", ""],
    ["T6", "Rolex Tudor", "2023-01-03", "", ""],
]


def _shop_file(path: Path, kind: str) -> None:
    import json
    from datetime import datetime

    from openpyxl import Workbook

    if kind in ("csv", "tsv"):
        delimiter = "," if kind == "csv" else "\t"
        lines = [delimiter.join(row) for row in [SHOP_HEADER, *SHOP_ROWS]]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "jsonl":
        path.write_text(
            "".join(
                json.dumps(dict(zip(SHOP_HEADER, row, strict=True)), ensure_ascii=False) + "\n"
                for row in SHOP_ROWS
            ),
            encoding="utf-8",
        )
    else:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["2026年12月 庫存表"])
        sheet.append(SHOP_HEADER)
        for row in SHOP_ROWS:
            cells: list[object] = list(row)
            if row[0] == "T2":
                cells[2] = datetime(2024, 1, 10, 15, 30)
            sheet.append(cells)
        workbook.save(path)


def test_the_same_inventory_in_csv_tsv_xlsx_and_jsonl_gives_the_same_answers(
    invoke: Invoke, tmp_path: Path
) -> None:
    from watchwarranty.batch.answer import RESULT_COLUMNS

    answers = {}
    for kind in ("csv", "tsv", "xlsx", "jsonl"):
        path = tmp_path / f"inventory.{kind}"
        _shop_file(path, kind)
        result = invoke("batch", str(path), "--as-of", AS_OF, expect=1)
        answers[kind] = [
            {key: row[key] for key in RESULT_COLUMNS} for row in rows_of(result.stdout)
        ]
    assert answers["csv"] == answers["tsv"] == answers["xlsx"] == answers["jsonl"]
    rows = answers["csv"]
    assert [row["brand_name"] for row in rows] == ["Rolex", "Cartier", "Audemars Piguet",
                                                   "Piaget", "Piaget", ""]  # fmt: skip
    assert rows[1]["extended_expiry"] == "2032-01-10"
    assert rows[3]["effective_expiry"] == "2025-01-03"  # 03/01/2023, day first as T5 shows
    assert "did you mean Rolex or Tudor?" in rows[5]["error"]


def test_a_datetime_cell_stays_a_datetime_in_the_xlsx_report(
    invoke: Invoke, tmp_path: Path
) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    source = tmp_path / "库存.xlsx"
    _title_workbook(source)
    target = tmp_path / "report.xlsx"
    invoke("batch", str(source), "--as-of", AS_OF, "-o", str(target))
    sheet = load_workbook(target).worksheets[0]
    assert sheet.cell(2, 3).value == datetime(2024, 1, 10, 15, 30)


def test_the_big5_readme_example_runs_as_a_real_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "庫存.csv"
    path.write_bytes(BIG5_SHEET.encode("cp950"))
    command = [sys.executable, "-m", "watchwarranty", "batch", str(path), "--as-of", AS_OF]
    refused = subprocess.run(command, capture_output=True, check=False)
    assert refused.returncode == 2 and refused.stdout == b""
    assert b"--encoding cp950" in refused.stderr and refused.stderr.count(b"\n") == 1
    read = subprocess.run([*command, "--encoding", "cp950"], capture_output=True, check=False)
    assert read.returncode == 0
    assert len(rows_of(read.stdout.decode("utf-8"))) == 2


def test_header_row_is_refused_for_json_which_has_no_header(invoke: Invoke) -> None:
    lines = '{"brand": "rolex", "purchase_date": "2021-07-07"}\n'
    refused = invoke("batch", "-", "--header-row", "2", input=lines, expect=2)
    assert "--header-row" in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_the_header_is_looked_for_ahead_only_until_it_is_found() -> None:
    # Rows piped in must flow on as they come: nothing past the header is read to find it.
    from watchwarranty.batch.encodings import Lines
    from watchwarranty.batch.read import ReadOptions, _header_line

    lines = Lines(io.BytesIO(b"brand,purchase_date\n" + b"rolex,2021-07-07\n" * 30))
    number, text, _rest = _header_line(lines, None, ReadOptions())
    assert (number, text, lines.number) == (1, "brand,purchase_date\n", 1)
    titled = Lines(io.BytesIO(b"Stock,,\n,,\nbrand,purchase_date\n" + b"rolex,2021-07-07\n" * 30))
    assert _header_line(titled, None, ReadOptions())[0] == titled.number == 3


@pytest.mark.parametrize(("lang", "status"), [("zh", "已过保"), ("zh-hant", "已過保")])
def test_check_o_xlsx_speaks_the_readers_language_as_batch_does(
    invoke: Invoke, tmp_path: Path, lang: str, status: str
) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "one.xlsx"
    invoke("check", "rolex", "2015-01-01", "--as-of", AS_OF, "--lang", lang, "-o", str(target))
    sheet = load_workbook(target).worksheets[0]
    header, first = ([cell.value for cell in row] for row in sheet.iter_rows(max_row=2))
    assert "status" not in header and "brand" not in header, header
    assert status in first and ("劳力士" if lang == "zh" else "勞力士") in first, first
    assert sheet.title != "Sheet"
