"""Text that is not ours (what the user typed, paths, rules-file text) never reaches a terminal
raw: under a real pseudo-terminal, since Click strips some sequences only when it is not one."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from watchwarranty.render.safe import has_unsafe, printable

SCRIPT = Path(sys.executable).with_name("watchwarranty")
HOSTILE = [
    "\x1b]0;owned\x07",  # set the window title
    "\x1b[2J",  # clear the screen
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # an OSC 8 hyperlink
    "two\nlines",
    "\x9b31m",  # a one-byte CSI
    "\u202eevil",  # right-to-left override
]


def in_a_terminal(args: list[str], tmp_path: Path) -> tuple[int, bytes]:
    """Run with stdout and stderr on a pseudo-terminal; the exit status and what it showed."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "WATCHWARRANTY_RULES"}
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "config"), "COLUMNS": "200", "TERM": "xterm"})
    process = subprocess.Popen(
        [str(SCRIPT), *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=60), shown


def _without_our_styles(shown: bytes) -> bytes:
    # Rich's own SGR colour codes are ours; nothing else may carry ESC or a control.
    import re

    return re.sub(rb"\x1b\[[0-9;]*m", b"", shown)


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize(
    "args",
    [
        ["check", "{}", "2020-01-01"],
        ["check", "cartier", "{}"],
        ["check", "爱彼", "2023-01-01", "--store", "上海南京西路{}"],
        ["check", "cartier", "2020-01-01", "--region", "{}"],
        ["check", "cartier", "2020-01-01", "--rules", "/nonexistent/{}.toml"],
        ["remind", "cartier", "2025-01-01", "-o", "/nonexistent/{}.ics"],
        ["rules", "show", "{}"],
        ["check", "cartier", "2020-01-01", "--{}"],
    ],
)
def test_hostile_text_is_shown_escaped_on_one_line(
    tmp_path: Path, args: list[str], hostile: str
) -> None:
    status, shown = in_a_terminal([arg.replace("{}", hostile) for arg in args], tmp_path)
    assert status in (2, 74)  # bad input, or a file that cannot be written
    text = _without_our_styles(shown).decode("utf-8", "replace")
    assert not has_unsafe(text.replace("\r\n", "")), repr(text)
    assert text.count("\r\n") == 1, repr(text)


def test_rules_file_text_is_escaped_in_tables(invoke: Invoke, tmp_path: Path) -> None:
    rules = (Path(__file__).resolve().parent / "data" / "acme.toml").read_text("utf-8")
    hostile = rules.replace('name = "Acme', 'name = "\\u001b]0;owned\\u0007Acme', 1)
    assert hostile != rules
    path = tmp_path / "rules.toml"
    path.write_text(hostile, encoding="utf-8")
    for args in (["brands"], ["rules", "show", "acme"]):
        out = invoke(*args, "--rules", str(path)).stdout
        assert "\x1b" not in out and "\\x1b]0;owned\\x07" in out


def test_printable_keeps_ordinary_text_and_escapes_controls() -> None:
    assert printable("卡地亚 Cartier [bold]") == "卡地亚 Cartier [bold]"
    assert printable("a\x1b[2Jb\nc") == "a\\x1b[2Jb\\nc"


_EVERY_UNSAFE = "".join(
    [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), 0x200E, 0x200F)]
    + [chr(code) for code in (*range(0x2028, 0x202F), *range(0x2066, 0x206A))]
)


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(_EVERY_UNSAFE)))
def test_printable_escapes_exactly_the_characters_a_terminal_acts_on(text: str) -> None:
    # Text str.isprintable() passes is returned as it is, without a search: every character the
    # expression names must be one it refuses.
    unsafe = [char for char in text if char in _EVERY_UNSAFE]
    assert has_unsafe(text) == bool(unsafe)
    shown = printable(text)
    assert not any(char in _EVERY_UNSAFE for char in shown)
    if not unsafe:
        assert shown == text


def _hostile_rules(tmp_path: Path) -> Path:
    rules = (Path(__file__).resolve().parent / "data" / "acme.toml").read_text("utf-8")
    hostile = rules.replace('name = "Acme', 'name = "\\u001b]0;owned\\u0007Acme', 1)
    hostile = hostile.replace('title = "Two years"', 'title = "Two\\u001b[2J years"', 1)
    path = tmp_path / "rules.toml"
    path.write_text(hostile, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["check", "acme", "2024-03-01", "--format", "csv"],
        ["brands", "--format", "csv"],
        ["remind", "acme", "2024-03-01", "--as-of", "2024-06-01"],
    ],
    ids=" ".join,
)
def test_rules_text_is_escaped_in_csv_and_calendars(
    invoke: Invoke, tmp_path: Path, args: list[str]
) -> None:
    out = invoke(*args, "--rules", str(_hostile_rules(tmp_path))).stdout
    assert "\x1b" not in out and "\x07" not in out
    # iCalendar escapes the backslash and the semicolon once more.
    assert "\\x1b]0;owned\\x07" in out.replace("\\\\", "\\").replace("\\;", ";")


def test_json_keys_first_seen_later_are_escaped_on_stderr(invoke: Invoke) -> None:
    lines = (
        '{"brand": "cartier", "purchase_date": "2020-03-01"}\n'
        '{"brand": "cartier", "purchase_date": "2020-03-01", "\\u001b[2Jx": 1}\n'
    )
    result = invoke("batch", "-", "--as-of", "2021-01-01", input=lines)
    assert "\x1b" not in result.stderr and "\\x1b[2Jx" in result.stderr
