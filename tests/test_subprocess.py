"""The installed console script and `python -m watchwarranty`, as real processes, run from a
directory outside the checkout so that only the installed package (and its rules) can answer."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("watchwarranty")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"FORCE_COLOR", "COLUMNS", "WATCHWARRANTY_RULES"}
    }
    env["XDG_CONFIG_HOME"] = str(cwd / "config")
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("command", [[str(SCRIPT)], [sys.executable, "-m", "watchwarranty"]])
def test_real_process_answers_from_the_installed_rules(tmp_path: Path, command: list[str]) -> None:
    args = [*command, "check", "cartier", "2020-03-01", "--registered-on", "2020-04-01"]
    result = run([*args, "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["base_expiry"], record["extended_expiry"]) == ("2022-03-01", "2028-03-01")
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere


def test_real_process_usage_error_is_one_line(tmp_path: Path) -> None:
    result = run([str(SCRIPT), "check", "rolex", "2020-01-01", "--colour"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr
        == "watchwarranty: error: no such option: --colour; see 'watchwarranty check --help'\n"
    )


def test_real_process_bad_date_is_one_line(tmp_path: Path) -> None:
    result = run([str(SCRIPT), "check", "劳力士", "2020年2月30日"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "February 2020 has 29 days" in result.stderr


def test_real_process_table_when_piped_has_no_colour_codes(tmp_path: Path) -> None:
    result = run([str(SCRIPT), "check", "omega", "2014-03-01", "--as-of", "2015-01-01"], tmp_path)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert "If the movement is co-axial, cover runs to 2017-03-01" in result.stdout


def test_quiet_exit_status_in_a_shell_condition(tmp_path: Path) -> None:
    script = (
        f'if "{SCRIPT}" check rolex 2015-07-01 -q --as-of 2020-07-02; '
        'then echo covered; else echo "not covered $?"; fi'
    )
    result = run(["sh", "-c", script], tmp_path)
    assert result.stdout == "not covered 1\n"


def test_batch_into_a_reader_that_stops_early_leaves_no_traceback(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(
        "brand,purchase_date\n" + "rolex,2020-01-01\nomega,2014-03-01\n" * 20_000, encoding="utf-8"
    )
    result = run(["sh", "-c", f'"{SCRIPT}" batch "{inventory}" | head -n 2'], tmp_path)
    assert result.stdout.splitlines()[0].startswith("brand,purchase_date,brand_name,")
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr


def test_real_process_batch_keeps_every_row_in_order(tmp_path: Path) -> None:
    brands = ["rolex", "卡地亚", "omega", "rolx", "积家", "tudor"]
    lines = ["sku,brand,purchase_date,note"]
    for number in range(6000):
        note = '"two\nlines, quoted"' if number % 97 == 0 else "x"
        day = f"20{10 + number % 14}-0{1 + number % 9}-1{number % 10}"
        lines.append(f"S{number},{brands[number % len(brands)]},{day},{note}")
    path = tmp_path / "inventory.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Every row error on stderr, not the first 20 that a person at a terminal is shown.
    command = [str(SCRIPT), "batch", str(path), "--as-of", "2024-06-01", "--max-errors", "6000"]
    result = run(command, tmp_path)
    assert result.returncode == 1  # the misspelt brand's rows
    out = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["sku"] for row in out] == [f"S{number}" for number in range(6000)]
    assert [row["error"] != "" for row in out] == [n % 6 == 3 for n in range(6000)]
    assert out[97]["note"] == "two\nlines, quoted"
    assert len(result.stderr.splitlines()) == 1000


# What start-up must not do (see watchwarranty/cli/__init__.py and benchmarks/run.py): each
# cost `check` a measurable share of its start-up budget.
STARTUP_PROBE = """
import gc, sys
import watchwarranty.cli
loaded_with_cli = set(sys.modules)
sys.argv = ["watchwarranty", "check", "rolex", "2020-01-01", "--as-of", "2021-01-01"]
try:
    watchwarranty.cli.main()
except SystemExit:
    pass
from watchwarranty.cli import check
print("engine before main:", "watchwarranty.engine.evaluate" in loaded_with_cli, file=sys.stderr)
print("calendar:", "calendar" in sys.modules, file=sys.stderr)
strings = [name for name, kind in check.check.__annotations__.items() if isinstance(kind, str)]
print("string annotations:", strings, file=sys.stderr)
"""


def test_start_up_loads_no_more_than_the_answer_needs(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", STARTUP_PROBE], tmp_path)
    assert "Effective expiry" in result.stdout, result.stderr
    # The engine loads after main() has turned the garbage collector off for start-up.
    assert "engine before main: False" in result.stderr
    # calendar (and locale) is for one error message only.
    assert "calendar: False" in result.stderr
    # Typer compiles and evaluates each annotation given as a string, on every run.
    assert "string annotations: []" in result.stderr
