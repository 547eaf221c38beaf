"""Output that fits: a pager for long output on a terminal, piped tables no wider than COLUMNS
or 80, URLs never wrapped (links on a terminal), and --color auto|always|never."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke
from rich.cells import cell_len
from terminal import on_terminal


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def test_piped_tables_fit_80_columns_or_columns(invoke: Invoke) -> None:
    assert widest(invoke("brands", env={"COLUMNS": None}).stdout) <= 80  # type: ignore[dict-item]
    assert widest(invoke("brands", env={"COLUMNS": "60"}).stdout) <= 60
    shown = invoke("rules", "show", "citizen", env={"COLUMNS": None}).stdout  # type: ignore[dict-item]
    assert all(cell_len(line) <= 80 or "http" in line for line in shown.splitlines())


def test_columns_zero_is_no_width(invoke: Invoke) -> None:
    out = invoke("brands", env={"COLUMNS": "0"}).stdout
    assert "Cartier" in out and widest(out) <= 80


def test_long_output_goes_to_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged"
    out = on_terminal("brands", lines=20, PAGER=f"cat > {paged}")
    assert "Cartier" in paged.read_text("utf-8")
    assert "Cartier" not in out


def test_no_pager_and_short_output_print_straight(tmp_path: Path) -> None:
    paged = tmp_path / "paged"
    out = on_terminal("brands", "--no-pager", lines=20, PAGER=f"cat > {paged}")
    assert "Cartier" in out and not paged.exists()
    out = on_terminal("rules", "show", "cartier", lines=200, PAGER=f"cat > {paged}")
    assert "Cartier" in out and not paged.exists()


def test_urls_are_links_on_a_terminal() -> None:
    out = on_terminal("check", "rolex", "2015-06-30", "--explain", "--as-of", "2016-01-01")
    assert "\x1b]8;" in out and "globalwatchshop.co.uk" in out


def test_color_never_and_always(invoke: Invoke) -> None:
    out = on_terminal("check", "rolex", "2015-06-30", "--timeline", "--color", "never")
    assert "\x1b[" not in out.replace("\x1b[?", "")
    piped = invoke("check", "rolex", "2015-06-30", "--timeline", "--color", "always")
    assert "\x1b[" in piped.stdout


def test_help_with_columns_zero() -> None:
    out = on_terminal("check", "--help", COLUMNS="0")
    assert "PURCHASE_DATE" in out


def test_json_to_a_file_and_to_the_screen(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    out = invoke("check", "rolex", "2020-01-01", "--format", "json", "-o", str(path)).stdout
    assert out.startswith("{") and out == path.read_text("utf-8")
    table = invoke("check", "rolex", "2020-01-01", "-o", str(tmp_path / "b.json")).stdout
    assert table.startswith("Brand ")


def test_batch_typed_at_a_terminal_ends_at_one_ctrl_d() -> None:
    out = on_terminal(
        "batch", "-", "--as-of", "2021-01-01", typed=b"brand,purchase_date\rrolex,2020-01-01\r\x04"
    )
    assert "rolex,2020-01-01,Rolex" in out.replace("\r", "")
    assert "━" not in out and "rows" not in out
