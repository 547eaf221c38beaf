"""Print watchwarranty's speed and memory figures, each measured side by side with its baseline.

    .venv/bin/python benchmarks/run.py            # start-up, and batch at 100k and 1M rows
    .venv/bin/python benchmarks/run.py --quick    # start-up, and batch at 100k rows

Runs are interleaved (ours, baseline, ours, ...) and each figure is a median, so a busy machine
slows both sides alike. Nothing here asserts a time: these are figures, not tests.

Baselines: a minimal app on the newest Typer (installed once into benchmarks/.cache/ from PyPI)
that takes the same two arguments and prints a fixed JSON line, or a one-row Rich table; a bare
`python -c pass`; and a bare Python loop that copies the same CSV with csv.reader and csv.writer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SCRIPT = Path(sys.executable).with_name("watchwarranty")

MINIMAL_JSON_APP = """
import typer
app = typer.Typer()
@app.command()
def main(brand: str, purchase_date: str) -> None:
    print('{"brand": "Rolex", "effective_expiry": "2025-01-01"}')
app()
"""
MINIMAL_TABLE_APP = """
import typer
from rich.console import Console
from rich.table import Table
app = typer.Typer()
@app.command()
def main(brand: str, purchase_date: str) -> None:
    table = Table()
    table.add_column("brand")
    table.add_column("effective expiry")
    table.add_row("Rolex", "2025-01-01")
    Console().print(table)
app()
"""
BARE_CSV_LOOP = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as source:
    writer = csv.writer(sys.stdout)
    for row in csv.reader(source):
        writer.writerow(row)
"""


def newest_typer() -> tuple[Path, str]:
    """A Python with the newest Typer and Rich from PyPI, made once and kept in the cache."""
    env = CACHE / "typer-latest"
    python = env / "bin" / "python"
    if not python.exists():
        print("installing the newest typer into", env, "...", file=sys.stderr)
        venv.create(env, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--upgrade", "typer", "rich"], check=True
        )
    version = subprocess.run(
        [str(python), "-c", "import typer; print(typer.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return python, version


def run(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def interleaved(commands: dict[str, list[str]], repeats: int) -> dict[str, tuple[float, int]]:
    """Median time and the largest peak RSS of each command, over interleaved runs."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(repeats):
        for name, command in commands.items():
            elapsed, peak = run(command)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def startup(repeats: int) -> None:
    python, version = newest_typer()
    CACHE.mkdir(exist_ok=True)
    json_app = CACHE / "minimal_json_app.py"
    table_app = CACHE / "minimal_table_app.py"
    json_app.write_text(MINIMAL_JSON_APP, encoding="utf-8")
    table_app.write_text(MINIMAL_TABLE_APP, encoding="utf-8")
    figures = interleaved(
        {
            "check --format json": [
                str(SCRIPT),
                "check",
                "rolex",
                "2020-01-01",
                "--format",
                "json",
            ],
            f"minimal Typer {version} JSON app": [
                str(python),
                str(json_app),
                "rolex",
                "2020-01-01",
            ],
            "check (table)": [str(SCRIPT), "check", "rolex", "2020-01-01"],
            f"minimal Typer {version} Rich table app": [str(python), str(table_app), "r", "d"],
            "bare python -c pass": [sys.executable, "-c", "pass"],
        },
        repeats,
    )
    (ours_json, _), (their_json, _), (ours_table, _), (their_table, _), (bare, _) = (
        figures.values()
    )
    print(f"start-up, median of {repeats} interleaved runs each")
    for name, (seconds, _) in figures.items():
        print(f"  {name:40} {seconds * 1000:7.1f} ms")
    print(
        f"  ratio check json / minimal JSON app   {ours_json / their_json:6.2f}x  (target <= 0.5x)"
    )
    print(f"  ratio check json / bare python        {ours_json / bare:6.2f}x")
    print(
        f"  ratio check table / minimal table   {ours_table / their_table:6.2f}x  (target <= 0.5x)"
    )


def batch(rows: int, repeats: int) -> None:
    sys.path.insert(0, str(HERE))
    from inventory import write_inventory

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"inventory-{rows}.csv"
        write_inventory(path, rows)
        figures = interleaved(
            {
                "watchwarranty batch": [str(SCRIPT), "batch", str(path), "--as-of", "2026-11-25"],
                "bare csv.reader -> csv.writer loop": [
                    sys.executable,
                    "-c",
                    BARE_CSV_LOOP,
                    str(path),
                ],
            },
            repeats,
        )
    (ours, our_peak), (bare, bare_peak) = figures.values()
    print(f"batch, {rows:,} rows, median of {repeats} interleaved runs each")
    for name, seconds, peak in (("batch", ours, our_peak), ("bare loop", bare, bare_peak)):
        print(f"  {name:10} {rows / seconds:10,.0f} rows/s   peak RSS {peak / 1024:5.1f} MiB")
    print(f"  ratio batch / bare loop {bare / ours:6.2f}x  (target >= 0.5x, peak RSS <= 64 MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="batch at 100k rows only")
    parser.add_argument("--startup-repeats", type=int, default=21)
    parser.add_argument("--batch-repeats", type=int, default=3)
    options = parser.parse_args()
    if not SCRIPT.exists():
        raise SystemExit(f"run this with the Python of watchwarranty's venv, not {sys.executable}")
    startup(options.startup_repeats)
    for rows in (100_000,) if options.quick else (100_000, 1_000_000):
        batch(rows, options.batch_repeats)


if __name__ == "__main__":
    main()
