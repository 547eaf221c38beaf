"""Help and output at fixed widths (COLUMNS), in English and Chinese: nothing cut to "…", no
line wider than the terminal, Chinese broken between characters as it should be, brands'
answers whole, timeline markers at their dates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke
from rich.cells import cell_len

SCRIPT = Path(sys.executable).with_name("watchwarranty")
# Chinese closing punctuation, never first on a line (".xlsx" may start one: it is a word).
CLOSING = tuple("，。；：）、\uff01？")

HELPS = [
    ["--help"],
    ["check", "--help"],
    ["remind", "--help"],
    ["batch", "--help"],
    ["brands", "--help"],
    ["rules", "--help"],
    ["rules", "show", "--help"],
    ["rules", "explain", "--help"],
]
WIDTHS = ["40", "80"]
LANGS = ["en", "zh"]


def shown(*args: str, width: str, lang: str, tmp_path: Path) -> list[str]:
    """A real process: help is translated as its command module loads, once per process."""
    result = subprocess.run(
        [str(SCRIPT), *args, "--lang", lang],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": width, "XDG_CONFIG_HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_help_cuts_nothing_and_fits(
    tmp_path: Path, args: list[str], width: str, lang: str
) -> None:
    lines = shown(*args, width=width, lang=lang, tmp_path=tmp_path)
    text = "\n".join(lines)
    assert "…" not in text
    assert all(cell_len(line) <= int(width) for line in lines), text
    for line in lines:
        inside = line.strip("│ ")
        assert not inside.startswith(CLOSING), line


@pytest.mark.parametrize("width", WIDTHS)
def test_chinese_help_keeps_every_option_description_whole(tmp_path: Path, width: str) -> None:
    # The -q exit codes and the movement kinds were the descriptions "…" used to eat.
    lines = shown("check", "--help", width=width, lang="zh", tmp_path=tmp_path)
    text = "".join(line.strip("│ ") for line in lines)
    assert "取决于未提供的事实时为3。" in text.replace(" ", "")
    assert "（automatic、机械、石英）" in text


def test_usage_line_is_not_split_inside_a_word(tmp_path: Path) -> None:
    lines = shown("check", "--help", width="40", lang="en", tmp_path=tmp_path)
    assert any("PURCHASE_DATE" in line for line in lines)


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
@pytest.mark.parametrize("lang", LANGS)
def test_brands_drop_names_before_a_length_is_cut(invoke: Invoke, width: str, lang: str) -> None:
    out = invoke("brands", "--as-of", "2021-01-01", "--lang", lang, env={"COLUMNS": width}).stdout
    lines = out.split("\n")
    assert "…" not in out
    assert all(cell_len(line) <= int(width) for line in lines), out
    # Oris's answer, whole: "10 years" read "1…" at 40 columns.
    oris = next(line for line in lines if "Oris" in line or "豪利时" in line)
    assert ("10 years" if lang == "en" else "10年") in oris


def test_brands_keep_every_column_where_there_is_room(invoke: Invoke) -> None:
    wide = invoke("brands", env={"COLUMNS": "120"}).stdout
    assert "aliases" in wide and "中文" in wide and "confidence" in wide
    narrow = invoke("brands", env={"COLUMNS": "40"}).stdout
    assert "aliases" not in narrow and "中文" not in narrow


def bar_and_markers(out: str) -> tuple[str, list[str]]:
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(("=", "#")))
    return lines[start], [line for line in lines[start + 1 :] if line]


@pytest.mark.parametrize("width", ["40", "60", "80", "120"])
@pytest.mark.parametrize("lang", LANGS)
def test_timeline_markers_sit_at_their_dates(invoke: Invoke, width: str, lang: str) -> None:
    out = invoke(
        "check",
        "cartier",
        "2020-03-01",
        "--timeline",
        "--as-of",
        "2021-01-01",
        "--lang",
        lang,
        env={"COLUMNS": width},
    ).stdout
    bar, markers = bar_and_markers(out)
    base_end = bar.rindex("=")
    arrows = [cell_len(line[: line.index("^")]) for line in markers if "^" in line]
    # Purchase, today, base warranty's end, register by, and the end if registered now.
    assert len(arrows) == 5
    assert arrows[0] == 0
    assert abs(arrows[2] - base_end) <= 1, out
    assert abs(arrows[4] - (len(bar) - 1)) <= 1, out
    assert all(cell_len(line) <= int(width) for line in out.split("\n")), out


@pytest.mark.parametrize("width", ["40", "80", "120"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_clocks_source_url_is_never_cut(invoke: Invoke, width: str, lang: str) -> None:
    # A table cell cuts what is wider than its column: the URL a user is to open must stay whole.
    out = invoke(
        "check", "rolex", "2023-05-01", "--serviced-on", "2025-02-01", "--first-owner",
        "--region", "DE", "--as-of", "2026-12-07", "--lang", lang, env={"COLUMNS": width},
    ).stdout  # fmt: skip
    for url in (
        "https://www.globalwatchshop.co.uk/news/5-year-rolex-international-warranty-introduced/",
        "https://swdwatches.com/rolex-education/rolex-watch-care-and-service-maintenance/rolex-service-warranty/",
        "https://eur-lex.europa.eu/eli/dir/2019/771/oj",
    ):
        assert url in out, out
