"""Every word a Chinese reader sees is Chinese: Click's and Typer's own words (usage errors, help
decorations, box titles) included. What may stay ASCII is what the reader types or quotes: a
command, an option, a value it takes, a brand's name, a code, a file name or a URL."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke
from typer.main import get_command

from watchwarranty.cli import app
from watchwarranty.rules import default_rules_path, load_rules

WORD = re.compile(r"-{0,2}[A-Za-z][A-Za-z0-9_./+-]*[A-Za-z0-9_]|-{0,2}[A-Za-z]")
URL = re.compile(r"https?://\S+")
# What the reader typed, or a command line, quoted back.
QUOTE = re.compile(r"'[^']*'")
# Words the help and errors quote as the reader would type them, beyond what the commands,
# options and rules declare.
QUOTED = {
    "watchwarranty",
    "rules.toml",
    "en",
    "zh",
    "zh-hant",
    "zh-TW",
    "zh-HK",
    "json",
    "jsonl",
    "csv",
    "xlsx",
    "ics",
    "table",
    "dmy",
    "mdy",
    "ymd",
    "tsv",
    "Ctrl-D",
    "co-axial",
    "automatic",
    "UTF-8",
    "zh_TW.UTF-8",
    "echo",
    "covered",
    "https",
    # Names of formats and an example of a country's name as typed.
    "iCalendar",
    "Excel",
    "Lines",
    "China",
    # batch's values: a delimiter, an encoding, a column prefix.
    "tab",
    "gb18030",
    "warranty_",
    # config's settings, as `config set` takes them.
    "lang",
    "region",
    "date_order",
    "format",
    # --color's values, and the variable it stands beside.
    "auto",
    "always",
    "never",
    "shell",
}


def _commands() -> Iterator[tuple[list[str], object]]:
    root = get_command(app)

    def walk(path: list[str], command: object) -> Iterator[tuple[list[str], object]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk([*path, name], sub)

    yield from walk([], root)


def _allowed() -> set[str]:
    allowed = set(QUOTED)
    for path, command in _commands():
        allowed.update(path)
        for param in command.params:  # type: ignore[attr-defined]
            allowed.update(param.opts)
            allowed.update(str(choice) for choice in getattr(param.type, "choices", ()) or ())
    rules = load_rules(default_rules_path())
    for brand in rules.brands.values():
        allowed.update([brand.id, brand.name, *brand.aliases, *brand.name.split()])
        for alias in brand.aliases:
            allowed.update(alias.split())
    for movement in rules.movements.values():
        allowed.update([movement.id, *movement.aliases])
    return {word.casefold() for word in allowed}


ALLOWED = _allowed()


def stray_words(text: str) -> list[str]:
    """ASCII words in ``text`` that are not a command, option, value, brand, code or URL."""
    stray = []
    # The values an option takes, shown as its metavar (complete|other), are typed as written.
    choices = {
        word.casefold() for token in re.findall(r"\S*\|\S*", text) for word in token.split("|")
    }
    for line in text.splitlines():
        if line.strip().lstrip("│").strip().startswith("$ "):
            continue  # a worked example is a command line
        line = QUOTE.sub(" ", URL.sub(" ", line))
        for word in WORD.findall(line):
            word = word.strip(".")
            bare = word.casefold()
            if (
                not word
                or bare in choices
                or word.isupper()
                or word.startswith("-")
                or bare in ALLOWED
                or word.replace("_", "").isupper()
                or re.fullmatch(r"[A-Z]{2}|x", word)
                or "/" in word
                or re.fullmatch(r"[\w-]+\.[a-z]+", word)
            ):
                continue
            stray.append(word)
    return stray


HELPS = [[*path, "--help"] for path, _ in _commands()]


def help_text(*args: str) -> str:
    """Help as a real process prints it: its text is made in the language chosen at start-up."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("watchwarranty")), *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("language", ["zh", "zh-hant"])
@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_help_has_no_english_word(args: list[str], language: str) -> None:
    out = help_text(*args, "--lang", language)
    assert stray_words(out) == [], out


# Each way a command line can be wrong, from Click's parser and from ours.
ERRORS = [
    ["check"],
    ["check", "cartier"],
    ["check", "cartier", "2020-01-01", "--registerd"],
    ["check", "cartier", "2020-01-01", "--bogus"],
    ["check", "cartier", "2020-01-01", "--format", "xml"],
    ["check", "cartier", "2020-01-01", "--as-of"],
    ["check", "cartier", "2020-01-01", "--registered=yes"],
    ["check", "cartier", "2020-01-01", "extra", "words"],
    ["chek"],
    ["nothing-like-it"],
    ["rules", "shwo"],
    ["brands", "--format", "yaml"],
    ["batch", "--max-errors", "many", "-"],
    ["batch", "--max-errors", "-3", "-"],
    ["check", "rolx", "2020-01-01"],
    ["check", "rolex", "05/06/2020"],
    ["check", "rolex", "2021-02-29"],
    ["check", "rolex", "2020-01-01", "--region", "Atlantis"],
    ["check", "omega", "2020-01-01", "--movement", "automatc"],
    ["rules", "show", "omgea"],
    ["rules", "explain", "no-such-rule"],
    ["--lang", "zh", "check", "cartier", "2020-01-01", "--rules", "/nonexistent/rules.toml"],
    ["remind", "cartier"],
    ["batch", "/nonexistent/inventory.csv"],
    ["check", "cartier", "2020-01-01", "--date-order", "ymd"],
    ["check", "cartier", "2020-01-01", "--color", "rainbow"],
    ["config", "set", "colour", "red"],
    ["config", "set", "region", "Atlantis"],
    ["rules", "explain"],
    ["check", "lange", "2020-01-01", "--store", "lange boutque"],
]


@pytest.mark.parametrize("language", ["zh", "zh-hant"])
@pytest.mark.parametrize("args", ERRORS, ids=" ".join)
def test_errors_have_no_english_word(invoke: Invoke, args: list[str], language: str) -> None:
    result = invoke(*args, "--lang", language, expect=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("watchwarranty: 错误：") or result.stderr.startswith(
        "watchwarranty: 錯誤："
    ), result.stderr
    assert stray_words(result.stderr.removeprefix("watchwarranty:")) == [], result.stderr


def test_click_s_words_in_chinese(invoke: Invoke) -> None:
    def error(*args: str) -> str:
        return invoke(*args, "--lang", "zh", expect=2).stderr

    assert error("check") == (
        "watchwarranty: 错误：缺少参数 'BRAND'；参见 'watchwarranty check --help'\n"
    )
    assert (
        "没有这个选项：--registerd（是不是指 --not-registered、--registered 或 --registered-on？）"
        in (error("check", "cartier", "2020-01-01", "--registerd"))
    )
    assert "'--format' 的值无效：'xml' 不是 'table'、'json' 或 'csv' 之一" in error(
        "check", "cartier", "2020-01-01", "--format", "xml"
    )
    shown = help_text("check", "--help", "--lang", "zh-hant")
    assert "用法：" in shown and "─ 參數 ─" in shown and "─ 選項 ─" in shown
    assert "[預設：table]" in shown and "[必填]" in shown


def test_english_errors_read_as_sentences(invoke: Invoke) -> None:
    assert invoke("chek", expect=2).stderr == (
        "watchwarranty: error: no such command 'chek' (did you mean 'check'?); "
        "see 'watchwarranty --help'\n"
    )
    assert invoke("check", "cartier", "2020-01-01", "--registerd", expect=2).stderr == (
        "watchwarranty: error: no such option: --registerd (did you mean --not-registered, "
        "--registered or --registered-on?); see 'watchwarranty check --help'\n"
    )


def test_a_misspelt_movement_is_offered_the_name_nearest_it(invoke: Invoke) -> None:
    result = invoke("check", "omega", "2020-01-01", "--movement", "automatc", expect=2)
    assert result.stderr == (
        "watchwarranty: error: unknown movement 'automatc'; did you mean automatic?\n"
    )


def test_brands_says_a_base_needs_registration(invoke: Invoke) -> None:
    rows = invoke("brands", "--as-of", "2026-01-01").stdout.splitlines()
    oris = next(row for row in rows if "Oris" in row)
    assert "needs registration" in oris and "0 months" not in oris
    chinese = invoke("brands", "--as-of", "2026-01-01", "--lang", "zh").stdout
    assert "需注册" in next(row for row in chinese.splitlines() if "豪利时" in row)


def test_a_scope_reads_as_a_sentence(invoke: Invoke) -> None:
    out = invoke("check", "citizen", "2024-01-01", "--as-of", "2024-06-01").stdout
    assert (
        "•  What it covers: glass, strap and battery excluded (International warranty: 1 year)"
        in out
    )


def test_a_sale_not_yet_registered_is_told_it_has_no_cover_until_it_is(invoke: Invoke) -> None:
    # Oris's base is valid only once the sale is registered: the watch never lapsed, and
    # registering brings the cover itself ("0 months", "expired 646 days ago" said otherwise).
    out = invoke("check", "oris", "2025-03-01", "--not-registered", "--as-of", "2026-12-07").stdout
    assert "0 months" not in out and "days ago" not in out, out
    assert "none until the sale is registered" in out
    assert "register by 2027-03-01 for cover to 2027-03-01" in out
    assert "not covered until the sale is registered" in out
