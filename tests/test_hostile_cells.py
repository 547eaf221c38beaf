"""Cells written to run as something else: formulas in a CSV report, error values in a
workbook. A report is data; opening it in a spreadsheet must not run what an inventory held."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Invoke
from openpyxl import load_workbook

# Each starts a formula in Excel, LibreOffice or Google Sheets (OWASP, "CSV Injection").
PLANTED = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://x")',
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff201+1",
]
# Text that only looks like those: a number, a date, a plain word.
HARMLESS = ["-5", "+3.5", "2020-03-01", "plain", ""]


def _inventory(tmp_path: Path, cells: list[str]) -> Path:
    path = tmp_path / "inventory.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["note", "brand", "purchase_date"])
        for cell in cells:
            writer.writerow([cell, "cartier", "2020-03-01"])
    return path


def _notes(text: str) -> list[str]:
    return [row["note"] for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))]


def test_csv_to_stdout_quotes_cells_that_would_run_as_formulas(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = _inventory(tmp_path, PLANTED + HARMLESS)
    result = invoke("batch", str(path), "--as-of", "2021-01-01")
    assert _notes(result.stdout) == ["'" + cell for cell in PLANTED] + HARMLESS


def test_csv_file_quotes_them_too(invoke: Invoke, tmp_path: Path) -> None:
    path = _inventory(tmp_path, PLANTED)
    out = tmp_path / "out.csv"
    invoke("batch", str(path), "-o", str(out), "--as-of", "2021-01-01")
    assert _notes(out.read_bytes().decode("utf-8")) == ["'" + cell for cell in PLANTED]


def test_raw_csv_writes_the_cells_as_they_were(invoke: Invoke, tmp_path: Path) -> None:
    path = _inventory(tmp_path, PLANTED + HARMLESS)
    result = invoke("batch", str(path), "--as-of", "2021-01-01", "--raw-csv")
    assert _notes(result.stdout) == PLANTED + HARMLESS


def test_jsonl_keeps_the_cells_as_they_were(invoke: Invoke, tmp_path: Path) -> None:
    import json

    path = _inventory(tmp_path, PLANTED)
    result = invoke("batch", str(path), "--as-of", "2021-01-01", "--format", "jsonl")
    assert [json.loads(line)["note"] for line in result.stdout.splitlines()] == PLANTED


def test_xlsx_keeps_error_values_and_formulas_as_text(invoke: Invoke, tmp_path: Path) -> None:
    planted = ["#N/A", "#DIV/0!", "#REF!", "=1+1", "@SUM(A1)"]
    path = _inventory(tmp_path, planted)
    out = tmp_path / "out.xlsx"
    invoke("batch", str(path), "-o", str(out), "--as-of", "2021-01-01")
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == planted
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.parametrize("cell", ["=1+1", "\uff1d1+1"])
def test_check_csv_is_formula_safe(invoke: Invoke, tmp_path: Path, cell: str) -> None:
    rules = tmp_path / "rules.toml"
    from conftest import ACME

    rules.write_text(
        ACME.read_text(encoding="utf-8").replace('name = "Acme Watches"', f'name = "{cell}"', 1),
        encoding="utf-8",
    )
    result = invoke("check", "acme", "2020-03-01", "--format", "csv", "--rules", str(rules))
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["brand"] == "'" + cell


# -- one row in, one row out ----------------------------------------------------------------


def _skus(text: str) -> list[tuple[str, str]]:
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [(row["sku"], row["error"][:40]) for row in rows]


def _run_bytes(invoke: Invoke, tmp_path: Path, data: bytes, *args: str) -> str:
    path = tmp_path / "inventory.csv"
    path.write_bytes(data)
    result = invoke("batch", str(path), "--as-of", "2021-01-01", "-q", *args, expect=1)
    return result.stdout_bytes.decode("utf-8")


def test_an_over_long_quoted_cell_over_many_lines_is_one_rows_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    long_cell = "\n".join(["x" * 999] * 200)  # 200 KB over 200 lines
    data = (
        "sku,brand,purchase_date,note\n"
        "A1,cartier,2020-03-01,\n"
        f'A2,cartier,2020-03-01,"{long_cell}"\n'
        "A3,cartier,2020-03-01,\n"
    ).encode()
    out = _skus(_run_bytes(invoke, tmp_path, data))
    assert [sku for sku, _ in out] == ["A1", "", "A3"]
    assert out[1][1].startswith("line 3: cannot read the row as CSV")


def test_a_long_quoted_cell_with_quotes_in_it_resumes_at_the_next_record(
    invoke: Invoke, tmp_path: Path
) -> None:
    long_cell = '""quoted"",' * 20_000 + "\n" + 'tail ""x""'
    data = (
        "sku,brand,purchase_date,note\n"
        f'A1,cartier,2020-03-01,"{long_cell}"\n'
        'A2,cartier,2020-03-01,"short, ""ok"""\n'
    ).encode()
    out = _skus(_run_bytes(invoke, tmp_path, data))
    assert [sku for sku, _ in out] == ["", "A2"]


def test_a_utf16_line_over_the_limit_is_one_rows_error(invoke: Invoke, tmp_path: Path) -> None:
    text = (
        "sku,brand,purchase_date,note\r\n"
        "A1,cartier,2020-03-01,\r\n"
        f"A2,cartier,2020-03-01,{'y' * (3 << 20)}\r\n"
        "A3,cartier,2020-03-01,\r\n"
    )
    out = _skus(_run_bytes(invoke, tmp_path, text.encode("utf-16")))
    assert [sku for sku, _ in out] == ["A1", "", "A3"]
    # Its cells are lost: the error says where it was.
    assert out[1][1].startswith("line 3: the line is longer than")


@pytest.mark.parametrize("newline", ["\r", "\n"])
def test_a_lone_cr_ends_a_line_and_takes_no_other_row(
    invoke: Invoke, tmp_path: Path, newline: str
) -> None:
    data = (
        f"sku,brand,purchase_date{newline}"
        "A1,rolx,2020-01-01\rA2,cartier,2020-03-01\r"
        f"A3,cartier,2020-03-01{newline}"
    ).encode()
    out = _skus(_run_bytes(invoke, tmp_path, data))
    assert [sku for sku, _ in out] == ["A1", "A2", "A3"]
    assert out[0][1].startswith("unknown brand") and out[1][1] == out[2][1] == ""


def test_a_cell_holding_a_cr_round_trips_as_one_row(invoke: Invoke, tmp_path: Path) -> None:
    data = (
        b'sku,brand,purchase_date,note\nA1,cartier,2020-03-01,"one\rtwo"\nA2,cartier,2020-03-01,\n'
    )
    path = tmp_path / "inventory.csv"
    path.write_bytes(data)
    first = tmp_path / "first.csv"
    invoke("batch", str(path), "--as-of", "2021-01-01", "-o", str(first), "--raw-csv")
    rows = list(csv.DictReader(io.StringIO(first.read_bytes().decode("utf-8-sig"), newline="")))
    assert [row["note"] for row in rows] == ["one\rtwo", ""]
