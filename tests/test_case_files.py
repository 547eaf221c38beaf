"""Malformed `rules test` case files are one line naming the file and case, exit 2; never a bug
(exit 70). Fuzzed below with mutated shipped cases, within a few seconds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from watchwarranty.cli import app

GOOD = (
    '[[case]]\nname = "ok"\n'
    'input = { brand = "cartier", purchase_date = "2020-03-01", as_of = "2021-01-01" }\n'
    'expect = { effective_expiry = "2022-03-01" }\n'
)

MALFORMED = {
    "input not a table": '[[case]]\nname = "x"\ninput = 5\n',
    "input a string": '[[case]]\nname = "x"\ninput = "brand"\n',
    "expect not a table": GOOD.replace(
        'expect = { effective_expiry = "2022-03-01" }', "expect = 5"
    ),
    "notes_include not a list": GOOD + "notes_include = 5\n",
    "notes_include of numbers": GOOD + "notes_include = [1, 2]\n",
    "a TOML date as the purchase date": GOOD.replace('"2020-03-01"', "2020-03-01"),
    "a number as the brand": GOOD.replace('"cartier"', "7"),
    "registered as text": GOOD.replace('as_of = "2021-01-01"', 'registered = "yes"'),
    "as_of a table": GOOD.replace('as_of = "2021-01-01"', "as_of = { a = 1 }"),
    "not UTF-8": None,
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_case_file_is_one_line_exit_2(
    invoke: Invoke, tmp_path: Path, text: str | None
) -> None:
    path = tmp_path / "cases.toml"
    if text is None:
        path.write_bytes(GOOD.encode() + b"# \xff\n")
    else:
        path.write_text(text, encoding="utf-8")
    result = invoke("rules", "test", str(path), expect=2)
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr


def test_a_good_case_file_passes(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert "1 passed, 0 failed" in invoke("rules", "test", str(path)).stdout


SHIPPED = (Path(__file__).parent / "cases" / "cartier.toml").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(0, len(SHIPPED)),
    cut=st.integers(0, 40),
    insert=st.text(alphabet='[]{}="\n ,.0123456789abz-_#\\', max_size=12),
)
def test_mutated_case_files_never_crash(position: int, cut: int, insert: str) -> None:
    import tempfile

    text = SHIPPED[:position] + insert + SHIPPED[position + cut :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.toml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(app, ["rules", "test", str(path)])
    assert result.exit_code in (0, 1, 2), (text, result.output)
    assert result.stderr.count("\n") <= 1 or result.exit_code != 2, result.stderr
