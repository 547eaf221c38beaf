"""Inventories as dealers keep them: every spreadsheet shape gives the answers the plain UTF-8 CSV
gives; reports come out in every format, the xlsx one with real dates and a fill per status."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from openpyxl import Workbook, load_workbook

from watchwarranty.batch.answer import RESULT_COLUMNS
from watchwarranty.batch.xlsx import Standing

AS_OF = "2024-06-01"
# sku, brand, purchase date, registered: a Chinese brand, a misspelt one, a yes in Chinese.
ROWS = [
    ("A1", "卡地亚", date(2020, 3, 1), "是"),
    ("A2", "rolex", date(2015, 7, 1), ""),
    ("A3", "omega", date(2014, 3, 12), ""),
    ("A4", "rolx", date(2020, 1, 1), ""),
    ("A5", "积家", date(2024, 1, 10), "yes"),
    ("A6", "tudor", date(2021, 8, 5), "no"),
]
ENGLISH = ["sku", "brand", "purchase_date", "registered"]


def csv_text(
    header: list[str], delimiter: str = ",", day: Callable[[date], str] = date.isoformat
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for sku, brand, bought, registered in ROWS:
        writer.writerow([sku, brand, day(bought), registered])
    return buffer.getvalue()


def answers(stdout: str) -> list[dict[str, str]]:
    """Each output row's answer columns, and its first cell (the sku, under any name)."""
    return [
        {"sku": next(iter(row.values())), **{key: row[key] for key in RESULT_COLUMNS}}
        for row in csv.DictReader(io.StringIO(stdout.removeprefix("\ufeff")))
    ]


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], title: str = "Sheet") -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


# Each: (file name, how to write it) -> extra batch arguments; None as a name means stdin.
def _semicolon(path: Path) -> None:
    path.write_text(csv_text(ENGLISH, ";"), encoding="utf-8")


def _tsv(path: Path) -> None:
    path.write_text(csv_text(ENGLISH, "\t"), encoding="utf-8")


def _mixed_case(path: Path) -> None:
    path.write_text(csv_text(["SKU", "Brand", "Purchase Date", "Is-Registered"]), encoding="utf-8")


def _chinese(path: Path) -> None:
    path.write_text(csv_text(["编号", "品牌", "购买时间", "是否注册"]), encoding="utf-8-sig")


def _gbk(path: Path) -> None:
    path.write_bytes(csv_text(["sku", "品牌", "购买日期", "已注册"]).encode("gbk"))


def _utf16(path: Path) -> None:
    path.write_bytes(csv_text(ENGLISH, "\t").encode("utf-16"))


def _xlsx(path: Path) -> None:
    rows = [
        [sku, brand, datetime.combine(day, datetime.min.time()), reg]
        for sku, brand, day, reg in ROWS
    ]
    write_xlsx(path, ["SKU", "品牌", "Purchase Date", "Registered"], rows, title="库存")


def _json_array(path: Path) -> None:
    records = [
        {"sku": sku, "brand": brand, "purchase_date": day.isoformat(), "registered": reg}
        for sku, brand, day, reg in ROWS
    ]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def _us_dates(path: Path) -> None:
    path.write_text(
        csv_text(ENGLISH, day=lambda d: f"{d.month}/{d.day}/{d.year}"), encoding="utf-8"
    )


def _spreadsheet_dates(path: Path) -> None:
    # Alternately as Excel and pandas save a date as text, and as ISO basic.
    def day(d: date) -> str:
        return f"{d.isoformat()} 00:00:00" if d.day % 2 else d.strftime("%Y%m%d")

    path.write_text(csv_text(ENGLISH, day=day), encoding="utf-8")


def _blank_rows(path: Path) -> None:
    lines = csv_text(ENGLISH).splitlines(keepends=True)
    path.write_text("".join(line + ",,,\r\n" for line in lines) + " , ,,\r\n", encoding="utf-8")


VARIANTS: dict[str, tuple[str, Callable[[Path], None], list[str]]] = {
    "semicolon": ("inventory.csv", _semicolon, []),
    "tsv": ("inventory.tsv", _tsv, []),
    "mixed-case headers": ("inventory.csv", _mixed_case, []),
    "chinese headers": ("库存.csv", _chinese, []),
    "gbk": ("inventory.csv", _gbk, ["--encoding", "gb18030"]),
    "utf-16": ("inventory.txt", _utf16, []),
    "xlsx": ("inventory.xlsx", _xlsx, []),
    "json array": ("inventory.json", _json_array, []),
    "us dates": ("inventory.csv", _us_dates, ["--date-order", "mdy"]),
    "spreadsheet dates": ("inventory.csv", _spreadsheet_dates, []),
    "blank rows": ("inventory.csv", _blank_rows, []),
}


@pytest.fixture
def baseline(invoke: Invoke, tmp_path: Path) -> list[dict[str, str]]:
    path = tmp_path / "plain.csv"
    path.write_text(csv_text(ENGLISH), encoding="utf-8")
    rows = answers(invoke("batch", str(path), "--as-of", AS_OF, expect=1).stdout)
    # The baseline itself is right: every row answered but the misspelt brand's.
    assert [row["sku"] for row in rows] == [sku for sku, *_ in ROWS]
    assert [row["error"] != "" for row in rows] == [False, False, False, True, False, False]
    # Registered (是), the day not given: the extension is earned if that day was in time.
    assert rows[0]["possible_expiry"] == "2028-03-01"
    assert rows[0]["depends_on"] == "registered_on=2020-03-01/2022-03-01: 2028-03-01"
    return rows


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_shape_gives_the_answers_the_plain_csv_gives(
    invoke: Invoke, tmp_path: Path, baseline: list[dict[str, str]], variant: str
) -> None:
    name, write, options = VARIANTS[variant]
    path = tmp_path / name
    write(path)
    result = invoke("batch", str(path), "--as-of", AS_OF, *options, expect=1)
    assert answers(result.stdout) == baseline
    assert result.stderr.count("unknown brand 'rolx'") == 1


def test_json_lines_on_stdin_are_told_from_csv_by_their_first_byte(
    invoke: Invoke, baseline: list[dict[str, str]]
) -> None:
    lines = "\n\n" + "".join(
        json.dumps(
            {"sku": sku, "brand": brand, "purchase_date": day.isoformat(), "registered": reg}
        )
        + "\n"
        for sku, brand, day, reg in ROWS
    )
    result = invoke("batch", "-", "--as-of", AS_OF, input=lines, expect=1)
    assert answers(result.stdout) == baseline


def test_blank_rows_are_skipped_and_counted(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    _blank_rows(path)
    result = invoke("batch", str(path), "--as-of", AS_OF, "--summary", expect=1)
    assert len(answers(result.stdout)) == len(ROWS)
    # The summary's last line names the rules; the counts end just before it.
    assert result.stderr.splitlines()[-2].split() == [
        "blank",
        "rows",
        "skipped",
        str(len(ROWS) + 2),
    ]


# -- encodings ---------------------------------------------------------------------------------


def test_gbk_without_an_encoding_stops_with_one_line_that_names_gb18030(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    _gbk(path)
    result = invoke("batch", str(path), expect=2)
    assert result.stdout == ""
    assert result.stderr == (
        "watchwarranty: error: the input is not UTF-8; it reads as GB18030 (GBK), as Chinese "
        "Windows saves it; pass --encoding gb18030, or save the file as UTF-8\n"
    )


def test_a_utf8_file_with_one_bad_line_keeps_it_as_that_rows_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_bytes(
        "sku,brand,purchase_date,note\nB1,rolex,2020-01-01,北京\n".encode()
        + b"B2,rolex,2020-01-01,caf\xe9\n"  # one Latin-1 line in a UTF-8 file
        + "B3,rolex,2020-01-01,上海\n".encode()
    )
    result = invoke("batch", str(path), "--as-of", AS_OF, expect=1)
    errors = [row["error"] for row in answers(result.stdout)]
    assert errors[0] == errors[2] == ""
    assert "not UTF-8" in errors[1]


def test_a_utf16_file_with_one_bad_unit_keeps_it_as_that_rows_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    good = "sku,brand,purchase_date\nB1,rolex,2020-01-01\n".encode("utf-16")
    lone = b"\x00\xd8"  # half of a surrogate pair, alone: no UTF-16 text
    rest = "B2,rolex,2020-01-01\nB3,rolex,2020-01-01\n".encode("utf-16-le")
    path = tmp_path / "inventory.txt"
    path.write_bytes(good + "B".encode("utf-16-le") + lone + rest)
    result = invoke("batch", str(path), "--as-of", AS_OF, expect=1)
    rows = answers(result.stdout)
    assert [row["error"] == "" for row in rows] == [True, False, True]
    assert "line 3 cannot be read as utf-16" in rows[1]["error"]


# -- xlsx in -----------------------------------------------------------------------------------


def test_a_number_in_a_date_column_is_refused_unless_serial_dates_are_asked_for(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.xlsx"
    # 43891 is 2020-03-01 as an Excel serial number.
    write_xlsx(path, ["brand", "purchase_date", "price"], [["rolex", 43891, 52000.0]])
    refused = answers(invoke("batch", str(path), "--as-of", AS_OF, expect=1).stdout)
    assert "not a date" in refused[0]["error"] and "--excel-serial-dates" in refused[0]["error"]
    taken = invoke("batch", str(path), "--as-of", AS_OF, "--excel-serial-dates")
    [row] = list(csv.DictReader(io.StringIO(taken.stdout)))
    assert (row["purchase_date"], row["effective_expiry"], row["price"]) == (
        "2020-03-01",
        "2025-03-01",
        "52000",
    )


def test_sheet_chooses_the_sheet(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.xlsx"
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["notes"])
    second = workbook.create_sheet("在售")
    second.append(["品牌", "购买日期"])
    second.append(["rolex", datetime(2020, 3, 1)])
    workbook.save(path)
    [row] = answers(invoke("batch", str(path), "--sheet", "在售", "--as-of", AS_OF).stdout)
    assert row["effective_expiry"] == "2025-03-01"


# -- bad input for the run: one line, exit 2 ------------------------------------------------------


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"this is not a workbook\n")


def _encrypted(path: Path) -> None:
    # Excel saves a password-protected workbook in an OLE2 container, whatever its extension.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


BAD_RUNS: dict[str, tuple[str, Callable[[Path], None], list[str], str]] = {
    "missing sheet": (
        "inventory.xlsx",
        _xlsx,
        ["--sheet", "Sold"],
        "no sheet 'Sold'; its sheets are: 库存",
    ),
    "not a workbook": ("inventory.xlsx", _not_a_zip, [], "cannot read the workbook"),
    "password-protected": ("inventory.xlsx", _encrypted, [], "password-protected"),
    "delimiter splits nothing": (
        "inventory.csv",
        _semicolon,
        ["--delimiter", "|"],
        "splits nothing",
    ),
    "unknown encoding": (
        "inventory.csv",
        _semicolon,
        ["--encoding", "klingon"],
        "unknown encoding 'klingon'",
    ),
    "unknown --column field": (
        "inventory.csv",
        _semicolon,
        ["--column", "colour=Brand"],
        "unknown field 'colour'",
    ),
    "--column header absent": (
        "inventory.csv",
        _semicolon,
        ["--column", "brand=Make"],
        "no column 'Make'",
    ),
    "no extension, no --format": (
        "inventory.csv",
        _semicolon,
        ["-o", "report.pdf"],
        "cannot tell the format",
    ),
    "xlsx to stdout": ("inventory.csv", _semicolon, ["--format", "xlsx"], "pass -o FILE.xlsx"),
}


@pytest.mark.parametrize("case", list(BAD_RUNS))
def test_bad_input_for_the_run_is_one_line_and_exit_2(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    name, write, options, expected = BAD_RUNS[case]
    write(tmp_path / name)
    result = invoke("batch", name, *options, expect=2)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("watchwarranty: error: ") and expected in line


def test_an_unmatched_required_column_lists_the_headers_found_and_the_names_accepted(
    invoke: Invoke,
) -> None:
    result = invoke("batch", "-", input="SKU,Make,Sold\n1,rolex,2020-01-01\n", expect=2)
    assert "has no purchase_date column (columns found: SKU, Make, Sold)" in result.stderr
    assert "购买日期" in result.stderr and "--column purchase_date=HEADER" in result.stderr
    mapped = invoke(
        "batch",
        "-",
        "--column",
        "purchase_date=sold",
        "--as-of",
        AS_OF,
        input="SKU,Make,Sold\n1,rolex,2020-01-01\n",
    )
    assert answers(mapped.stdout)[0]["effective_expiry"] == "2025-01-01"


# -- output ------------------------------------------------------------------------------------


def _read_output(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).active
        assert sheet is not None
        header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(header, row, strict=True)) for row in rows]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        assert text.startswith("\ufeff")  # a file for a spreadsheet gets a byte-order mark
        return list(csv.DictReader(io.StringIO(text[1:])))
    if path.suffix == ".json":
        value = json.loads(text)
        return value if isinstance(value, list) else [value]
    return [json.loads(line) for line in text.splitlines()]


def _iso(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else str(value)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".json", ".xlsx"])
def test_batch_o_writes_every_format_and_keeps_stdout_empty(
    invoke: Invoke, tmp_path: Path, baseline: list[dict[str, str]], suffix: str
) -> None:
    source = tmp_path / "plain.csv"
    source.write_text(csv_text(ENGLISH), encoding="utf-8")
    target = tmp_path / f"report{suffix}"
    result = invoke("batch", str(source), "-o", str(target), "--as-of", AS_OF, expect=1)
    assert result.stdout == ""
    rows = _read_output(target)
    assert [_iso(row["effective_expiry"] or "") for row in rows] == [
        row["effective_expiry"] for row in baseline
    ]
    assert [row["sku"] for row in rows] == [sku for sku, *_ in ROWS]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".json", ".xlsx"])
def test_check_o_writes_the_file_and_still_shows_the_table(
    invoke: Invoke, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"answer{suffix}"
    result = invoke(
        "check", "卡地亚", "3/1/2020", "--date-order", "mdy", "--as-of", AS_OF, "-o", str(target)
    )
    assert "Effective expiry" in result.stdout
    [row] = _read_output(target)
    assert _iso(row["effective_expiry"]) == "2022-03-01"


def test_check_date_order_reads_either_way_and_is_forgotten_after_the_command(
    invoke: Invoke,
) -> None:
    def bought(*options: str) -> str:
        out = invoke(
            "check",
            "rolex",
            "3/1/2020",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            *options,
            expect=0 if options else 2,
        )
        return json.loads(out.stdout)["purchase_date"] if options else out.stderr

    assert bought("--date-order", "dmy") == "2020-01-03"
    assert bought("--date-order", "mdy") == "2020-03-01"
    assert "ambiguous" in bought()


def test_bom_only_where_a_spreadsheet_reads_it(invoke: Invoke, tmp_path: Path) -> None:
    text = "brand,purchase_date\nrolex,2020-01-01\n"
    assert not invoke("batch", "-", input=text).stdout.startswith("\ufeff")
    assert invoke("batch", "-", "--bom", input=text).stdout.startswith("\ufeff")
    invoke("batch", "-", "-o", str(tmp_path / "a.csv"), "--no-bom", input=text)
    assert (tmp_path / "a.csv").read_bytes().startswith(b"brand,")


def test_the_xlsx_report_has_dates_as_dates_a_frozen_header_widths_and_fills(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text(
        "sku,brand,purchase_date,note\n"
        'C1,rolex,2019-07-01,=HYPERLINK("http://example.com")\n'  # expires within 90 days
        "C2,rolex,2010-01-01,\n"  # expired
        "C3,卡地亚,2023年3月1日,\n"  # covered; the input's own spelling is kept
        "C4,rolx,2020-01-01,\n",  # error
        encoding="utf-8",
    )
    target = tmp_path / "report.xlsx"
    invoke("batch", str(source), "-o", str(target), "--as-of", AS_OF, "-q", expect=1)
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["sku", "brand", "purchase_date", "note"] and header[4:] == list(
        RESULT_COLUMNS
    )
    column = {name: index + 1 for index, name in enumerate(header)}
    bought = sheet.cell(2, column["purchase_date"])
    assert bought.is_date and bought.value == datetime(2019, 7, 1)
    assert sheet.cell(4, column["purchase_date"]).value == "2023年3月1日"
    expiry = sheet.cell(2, column["effective_expiry"])
    assert expiry.is_date and expiry.value == datetime(2024, 7, 1)
    assert sheet.cell(2, column["days_left"]).value == 30
    # Text that looks like a formula stays text: an inventory never runs code in a spreadsheet.
    note = sheet.cell(2, column["note"])
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")
    fills = [sheet.cell(row, column["status"]).fill.start_color.rgb[-6:] for row in range(2, 6)]
    assert fills == [
        Standing.SOON.value,
        Standing.EXPIRED.value,
        Standing.COVERED.value,
        Standing.ERROR.value,
    ]
    widths = {
        name: sheet.column_dimensions[cell.column_letter].width
        for name, cell in zip(header, sheet[1], strict=True)
    }
    assert widths["purchase_date"] >= len("purchase_date") and widths["error"] > len(
        "unknown brand 'rolx'"
    )


# -- talk -------------------------------------------------------------------------------------


def test_row_errors_on_stderr_stop_at_max_errors_then_say_how_many_more(invoke: Invoke) -> None:
    text = "brand,purchase_date\n" + "rolx,2020-01-01\nrolex,2020-01-01\n" * 25
    default = invoke("batch", "-", input=text, expect=1)
    lines = default.stderr.splitlines()
    assert len(lines) == 21 and lines[0].startswith("watchwarranty: line 2: unknown brand")
    assert lines[-1] == "watchwarranty: … and 5 more rows with errors (see the error column)"
    few = invoke("batch", "-", "--max-errors", "1", input=text, expect=1).stderr.splitlines()
    assert few[1] == "watchwarranty: … and 24 more rows with errors (see the error column)"
    quiet = invoke("batch", "-", "-q", input=text, expect=1)
    assert quiet.stderr == "" and len(answers(quiet.stdout)) == 50


def test_summary_counts_the_rows_written_with_the_expiring_within_days(invoke: Invoke) -> None:
    text = "brand,purchase_date\nrolex,2019-07-01\nrolex,2019-09-01\nrolex,2010-01-01\n"
    result = invoke(
        "batch", "-", "--as-of", AS_OF, "--expiring-within", "120", "--summary", input=text
    )
    *counts, rules = result.stderr.splitlines()
    assert rules.startswith("rules: version ")
    summary = {" ".join(line.split()[:-1]): line.split()[-1] for line in counts}
    assert summary == {
        "rows": "2",
        "covered": "2",
        "depends on facts not given": "0",
        "expired": "0",
        "expiring within 120 days": "2",
        "errors": "0",
    }


def test_json_keys_first_seen_later_pass_through_jsonl_and_are_named_for_csv(
    invoke: Invoke,
) -> None:
    lines = (
        '{"brand": "rolex", "purchase_date": "2020-01-01"}\n'
        '{"brand": "rolex", "purchase_date": "2020-01-01", "sku": "Z2", "price": 9}\n'
    )
    as_jsonl = invoke("batch", "-", "--format", "jsonl", input=lines)
    assert json.loads(as_jsonl.stdout.splitlines()[1])["sku"] == "Z2"
    assert as_jsonl.stderr == ""
    as_csv = invoke("batch", "-", input=lines)
    assert as_csv.stderr == (
        "watchwarranty: JSON keys not on the first line were left out of the columns: sku,price; "
        "pass --columns sku,price to keep them\n"
    )
    named = invoke("batch", "-", "--columns", "sku,price", input=lines)
    assert [row["sku"] for row in csv.DictReader(io.StringIO(named.stdout))] == ["", "Z2"]
    assert named.stderr == ""


def test_batch_dash_on_a_terminal_says_it_waits_for_csv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from watchwarranty.cli import batch as batch_command

    class Terminal(io.StringIO):
        buffer = io.BytesIO(b"brand,purchase_date\n")

        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(batch_command.sys, "stdin", Terminal())
    binary, size = batch_command._open("-")
    assert binary.read() == b"brand,purchase_date\n" and size is None
    assert "waiting for CSV on stdin" in capsys.readouterr().err


def test_no_progress_keeps_the_bar_away_on_a_terminal(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty.cli import batch as batch_command

    monkeypatch.setattr(batch_command.sys.stderr, "isatty", lambda: True, raising=False)

    def no_bar() -> None:
        raise AssertionError("a progress bar was made")

    monkeypatch.setattr(batch_command, "_Progress", no_bar)
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date\nrolex,2020-01-01\n", encoding="utf-8")
    invoke("batch", str(path), "--no-progress")


def test_spreadsheet_date_forms() -> None:
    from watchwarranty.errors import DateError
    from watchwarranty.inputs.dates import DateOrder, date_order_of, parse_date

    assert parse_date("2020-03-01 00:00:00") == parse_date("20200301") == date(2020, 3, 1)
    assert parse_date("2020/3/1 00:00") == date(2020, 3, 1)
    # A point-of-sale export's time of the sale: the day is the date (issue 24).
    assert parse_date("2020-03-01 10:30:00") == parse_date("2020-03-01T10:30") == date(2020, 3, 1)
    with pytest.raises(DateError, match="no month 13"):
        parse_date("20201301")
    with date_order_of(DateOrder.DMY):
        assert parse_date("3/1/2020") == date(2020, 1, 3)
        assert parse_date("13.05.2020") == date(2020, 5, 13)
    with date_order_of(DateOrder.MDY):
        assert parse_date("3/1/2020") == date(2020, 3, 1)
        with pytest.raises(DateError, match="no month 13"):
            parse_date("13/05/2020")
    with pytest.raises(DateError, match="ambiguous"):
        parse_date("3/1/2020")
