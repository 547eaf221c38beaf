"""Bad input is never reported as a bug (exit 70): each case is a row's error, or exit 2 with one
line that names the file and what is wrong. Reading failures say "cannot read"; 74 is for
output alone."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import Invoke
from openpyxl import Workbook
from typer.testing import CliRunner

from watchwarranty.cli import ExitStatus, app

SCRIPT = Path(sys.executable).with_name("watchwarranty")
SHEET = "xl/worksheets/sheet1.xml"


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["brand", "purchase_date", "n"])
    for _ in range(30):
        sheet.append(["cartier", "2020-03-01", 5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(change: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, change.get(name, source.read(name)))
    return buffer.getvalue()


def _sheet_with(old: bytes, new: bytes, count: int = 1) -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(_workbook())).read(SHEET)
    assert old in xml
    return _rewritten({SHEET: xml.replace(old, new, count)})


def _cut_sheet() -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(_workbook())).read(SHEET)
    return _rewritten({SHEET: xml[: len(xml) * 2 // 3]})


def _corrupt_deflate() -> bytes:
    data = bytearray(_workbook())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    # The compressed bytes start after the local header (30 bytes, the name, the extra field).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, start + info.compress_size - 4):
        data[offset] ^= 0x5A
    return bytes(data)


HOSTILE_WORKBOOKS = {
    "malformed sheet XML": _cut_sheet,
    "corrupt deflate": _corrupt_deflate,
    "bad shared-string index": lambda: _sheet_with(b't="n"><v>5</v>', b't="s"><v>999</v>'),
    "text in a number": lambda: _sheet_with(b"<v>5</v>", b"<v>abc</v>"),
    "nan in a number": lambda: _sheet_with(b"<v>5</v>", b"<v>nan</v>", 30),
    "bad date": lambda: _sheet_with(b't="n"><v>5</v>', b't="d"><v>99999-99-99</v>'),
    "bad error value": lambda: _sheet_with(b't="n"><v>5</v>', b't="e"><v>\x01</v>'),
}


@pytest.mark.parametrize("make", HOSTILE_WORKBOOKS.values(), ids=HOSTILE_WORKBOOKS.keys())
@pytest.mark.parametrize("out", ["-", "out.xlsx"])
def test_a_hostile_workbook_is_a_row_error_or_one_line_exit_2(
    tmp_path: Path, make: object, out: str
) -> None:
    assert callable(make)
    path = tmp_path / "inventory.xlsx"
    path.write_bytes(make())
    args = ["batch", str(path), "--as-of", "2021-01-01", "-q"]
    if out != "-":
        args += ["-o", str(tmp_path / out)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1
        assert f"cannot read the workbook {path}" in result.stderr
        assert not (tmp_path / "out.xlsx").exists()


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "WATCHWARRANTY_RULES"}
    environment["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    environment.update(env)
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_utf16_without_a_bom_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "inventory.csv"
    path.write_bytes("brand,purchase_date\ncartier,2020-03-01\n".encode("utf-16-le"))
    result = invoke("batch", str(path), "--encoding", "utf-16", expect=2)
    assert "utf-16-le" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("name", ["unicode_escape", "idna", "utf-7", "raw_unicode_escape"])
def test_encodings_no_file_is_saved_in_are_refused(
    invoke: Invoke, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_bytes(b"brand,purchase_date\ncartier,2020-03-01\n")
    result = invoke("batch", str(path), "--encoding", name, expect=2)
    assert "encoding" in result.stderr and result.stderr.count("\n") == 1


def test_brands_far_in_the_future_is_one_line(invoke: Invoke) -> None:
    result = invoke("brands", "--as-of", "9990-01-01", expect=2)
    assert "too far in the future" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["check", "remind"])
def test_an_undecodable_argument_is_one_line(tmp_path: Path, command: str) -> None:
    result = subprocess.run(
        [
            str(SCRIPT),
            command,
            "cartier",
            "2020-03-01",
            "--store",
            b"\xff".decode("utf-8", "surrogateescape"),
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    assert result.returncode == ExitStatus.BAD_INPUT, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"internal error" not in result.stderr


def test_an_ascii_terminal_is_an_output_error_not_a_bug(tmp_path: Path) -> None:
    result = _run(
        ["check", "卡地亚", "2020-03-01", "--lang", "zh"], tmp_path, PYTHONIOENCODING="ascii"
    )
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr


@pytest.mark.parametrize(
    "line",
    [
        '{"\\ud800": 1, "brand": "cartier", "purchase_date": "2020-03-01"}\n',
        '[{"\\ud800": 1, "brand": "cartier", "purchase_date": "2020-03-01"},'
        ' {"brand": "cartier", "purchase_date": "2020-03-01"}]\n',
        '[{"brand": "cartier", "purchase_date": "2020-03-01", "note": "\\udc00"},'
        ' {"brand": "cartier", "purchase_date": "2020-03-01"}]\n',
    ],
)
@pytest.mark.parametrize("out", ["out.csv", "out.xlsx", "out.jsonl"])
def test_a_lone_surrogate_is_that_rows_error(
    invoke: Invoke, tmp_path: Path, line: str, out: str
) -> None:
    path = tmp_path / ("inventory.json" if line.startswith("[") else "inventory.jsonl")
    path.write_text(line)
    target = tmp_path / out
    invoke("batch", str(path), "--as-of", "2021-01-01", "-q", "-o", str(target), expect=1)
    if out == "out.xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target).active
        assert sheet is not None
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        at = header.index("error")
        errors = [row[at].value for row in sheet.iter_rows(min_row=2)]
    else:
        import csv
        import json

        text = target.read_text(encoding="utf-8-sig")
        if out == "out.csv":
            errors = [row["error"] for row in csv.DictReader(io.StringIO(text))]
        else:
            errors = [json.loads(line)["error"] for line in text.splitlines()]
    assert errors[0] and "surrogate" in errors[0]
    assert all(not error for error in errors[1:])


def test_a_control_character_in_a_header_does_not_stop_an_xlsx_report(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("brand,purchase_date,no\x01te\ncartier,2020-03-01,x\n")
    invoke("batch", str(path), "-o", str(tmp_path / "out.xlsx"), "--as-of", "2021-01-01")


def test_an_input_that_cannot_be_read_says_so_and_exits_2(tmp_path: Path) -> None:
    result = _run(["batch", "/proc/self/mem"], tmp_path)
    assert result.returncode == ExitStatus.BAD_INPUT, result.stderr
    assert "cannot read /proc/self/mem" in result.stderr and result.stderr.count("\n") == 1


def test_a_folder_as_input_says_cannot_read(tmp_path: Path) -> None:
    result = _run(["batch", str(tmp_path)], tmp_path)
    assert result.returncode == ExitStatus.BAD_INPUT, result.stderr
    assert f"cannot read {tmp_path}" in result.stderr and result.stderr.count("\n") == 1


def test_an_unsearchable_config_folder_does_not_stop_rules_path(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root searches every folder")
    folder = tmp_path / "config" / "watchwarranty"
    folder.mkdir(parents=True)
    folder.chmod(0)
    try:
        result = _run(["rules", "path"], tmp_path)
        assert result.returncode == 0, result.stderr
        result = _run(["check", "cartier", "2020-03-01"], tmp_path)
        assert result.returncode == ExitStatus.BAD_INPUT, result.stderr
        assert "cannot read" in result.stderr and result.stderr.count("\n") == 1
    finally:
        folder.chmod(0o700)
