"""Bounds on what an input can make the tool hold: workbook parts checked from the zip's
directory before openpyxl reads them, a JSON array's size, an xlsx cell's length."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import Invoke
from openpyxl import Workbook, load_workbook

from watchwarranty.batch import read, workbook


def _workbook_with_a_long_shared_string(path: Path, length: int) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["brand", "purchase_date", "note"])
    sheet.append(["cartier", "2020-03-01", "x" * length])
    book.save(path)
    # openpyxl writes text inline; a spreadsheet writes it to the shared strings.
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "x" * length + "</t></si></sst>")
    path.write_bytes(buffer.getvalue())


def test_a_workbook_whose_shared_strings_unpack_too_large_is_refused_unread(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_SHARED_STRINGS_BYTES", 1 << 20)
    path = tmp_path / "bomb.xlsx"
    _workbook_with_a_long_shared_string(path, 2 << 20)
    assert path.stat().st_size < 100_000
    result = invoke("batch", str(path), expect=2)
    assert "too large to read" in result.stderr and "sharedStrings.xml" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_json_array_over_the_bound_is_refused(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_JSON_ARRAY_BYTES", 1000)
    items = [{"brand": "cartier", "purchase_date": "2020-03-01"}] * 100
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(items))
    result = invoke("batch", str(path), expect=2)
    assert "JSON Lines" in result.stderr and result.stderr.count("\n") == 1


def test_an_xlsx_cell_is_cut_at_excels_limit_with_a_note(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text(f"brand,purchase_date,note\ncartier,2020-03-01,{'y' * 40_000}\n")
    out = tmp_path / "out.xlsx"
    result = invoke("batch", str(path), "-o", str(out), "--as-of", "2021-01-01")
    assert "1 cell was longer than an xlsx cell holds" in result.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    note = sheet.cell(row=2, column=3).value
    assert isinstance(note, str) and len(note) == 32_767 and note.endswith("…")


def test_a_utf16_json_array_is_read_as_json(invoke: Invoke, tmp_path: Path) -> None:
    items = [{"brand": "卡地亚", "purchase_date": "2020-03-01"}] * 3
    path = tmp_path / "inventory"
    path.write_bytes(json.dumps(items, ensure_ascii=False).encode("utf-16"))
    result = invoke("batch", str(path), "--as-of", "2021-01-01", "--format", "jsonl")
    assert [json.loads(line)["brand_name"] for line in result.stdout.splitlines()] == [
        "Cartier"
    ] * 3


def test_a_cr_only_csv_is_read(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_bytes(b"brand,purchase_date\rcartier,2020-03-01\rrolex,2020-03-01\r")
    result = invoke("batch", str(path), "--as-of", "2021-01-01")
    assert len(result.stdout.splitlines()) == 3
