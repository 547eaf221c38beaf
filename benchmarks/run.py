"""Print watchwarranty's speed and memory figures, each measured side by side with its baseline.

    .venv/bin/python benchmarks/run.py            # start-up, and batch at 100k and 1M rows
    .venv/bin/python benchmarks/run.py --quick    # start-up, and batch at 100k rows

Runs are interleaved (ours, baseline, ours, ...) and each figure is a median, so a busy machine
slows both sides alike. Nothing here asserts a time: these are figures, not tests.

Baselines: a minimal app on the newest Typer (installed once into benchmarks/.cache/ from PyPI)
that takes the same two arguments and prints a fixed JSON line, or a one-row Rich table; the
same apps on the Typer watchwarranty pins (the floor under any app built on it); a bare
`python -c pass`; and a bare Python loop that copies the same CSV with csv.reader and csv.writer.

Memory is given two ways: the largest resident set of any one process, and the peak of all of a
run's processes together (their summed PSS).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SCRIPT = Path(sys.executable).with_name("watchwarranty")
# Every command runs as it would from a plain shell. The caller's PYTHON* settings would measure
# the environment, not the program: PYTHONUNBUFFERED makes the bare loop write each row with a
# system call of its own (~240 ms instead of ~185 ms for 100k rows here), and
# PYTHONDONTWRITEBYTECODE makes an editable install compile its modules on every run.
PLAIN_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if not name.startswith("PYTHON")
}

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


class Figures(NamedTuple):
    """One command's median wall time, and the largest memory of any of its runs."""

    seconds: float
    # Peak resident memory of the largest single process, in KiB (ru_maxrss).
    largest_rss: int
    # Peak of the memory of all its processes together, in KiB: the sum of their PSS, which
    # shares the pages forked workers share with their parent fairly among them (Linux only;
    # elsewhere the largest RSS stands in).
    total_pss: int


def run(
    command: list[str], *, sample_memory: bool, environment: dict[str, str] | None = None
) -> tuple[float, int, int]:
    """Wall time in seconds, largest RSS and peak total PSS in KiB of one run, output discarded.

    With ``sample_memory``, the process tree's memory is read every 10 ms as it runs; that
    takes CPU from the command, so its time is not kept (see ``interleaved``).
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=PLAIN_ENVIRONMENT | (environment or {}),
    )
    total = 0
    if not sample_memory:
        process.wait()
    while process.poll() is None:
        total = max(total, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, largest, total or largest


def _tree(pid: int) -> list[int]:
    """The process and its descendants (empty once it has ended)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(descendant for child in children for descendant in _tree(int(child)))]


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next(
        (int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0
    )


def interleaved(
    commands: dict[str, list[str]],
    repeats: int,
    *,
    sample_memory: bool = True,
    environments: dict[str, dict[str, str]] | None = None,
) -> dict[str, Figures]:
    """Median time of each command over interleaved runs, and its memory from one more run
    each (sampled, when ``sample_memory``); ``environments`` adds variables to some by name.

    ru_maxrss of the children is the largest any child ever reached, so each run is made
    from a child process of its own.
    """

    def measured(name: str, *, sample: bool) -> tuple[float, int, int]:
        environment = (environments or {}).get(name)
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return pool.apply(
                run, (commands[name],), {"sample_memory": sample, "environment": environment}
            )

    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name in commands:
            times[name].append(measured(name, sample=False)[0])
    figures = {}
    for name in commands:
        _, largest, total = measured(name, sample=sample_memory)
        figures[name] = Figures(statistics.median(times[name]), largest, total)
    return figures


def startup(repeats: int) -> None:
    python, version = newest_typer()
    ours = importlib.metadata.version("typer")
    CACHE.mkdir(exist_ok=True)
    json_app = CACHE / "minimal_json_app.py"
    table_app = CACHE / "minimal_table_app.py"
    json_app.write_text(MINIMAL_JSON_APP, encoding="utf-8")
    table_app.write_text(MINIMAL_TABLE_APP, encoding="utf-8")
    check = [str(SCRIPT), "check", "rolex", "2020-01-01"]
    json_check, table_check = "check --format json", "check (table)"
    their_json, their_table = (
        f"minimal Typer {version} JSON app",
        f"minimal Typer {version} Rich table app",
    )
    # The floor under any app on the Typer we pin: the same minimal apps on it.
    floor_json, floor_table = (
        f"minimal Typer {ours} JSON app",
        f"minimal Typer {ours} Rich table app",
    )
    bare = "bare python -c pass"
    seconds = {
        name: figure.seconds
        for name, figure in interleaved(
            {
                json_check: [*check, "--format", "json"],
                their_json: [str(python), str(json_app), "r", "d"],
                table_check: check,
                their_table: [str(python), str(table_app), "r", "d"],
                floor_json: [sys.executable, str(json_app), "r", "d"],
                floor_table: [sys.executable, str(table_app), "r", "d"],
                bare: [sys.executable, "-c", "pass"],
            },
            repeats,
            sample_memory=False,
        ).items()
    }
    print(f"start-up, median of {repeats} interleaved runs each")
    for name, median in seconds.items():
        print(f"  {name:40} {median * 1000:7.1f} ms")
    target = "  (target <= 0.5x)"
    for label, mine, theirs, note in (
        ("check json / minimal JSON app", json_check, their_json, target),
        ("check json / bare python", json_check, bare, ""),
        ("check table / minimal table app", table_check, their_table, target),
        (f"floor: Typer {ours} JSON app / newest", floor_json, their_json, ""),
        (f"floor: Typer {ours} table app / newest", floor_table, their_table, ""),
    ):
        print(f"  ratio {label:40} {seconds[mine] / seconds[theirs]:5.2f}x{note}")


def batch(rows: int, repeats: int) -> None:
    sys.path.insert(0, str(HERE))
    from inventory import write_inventory

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"inventory-{rows}.csv"
        write_inventory(path, rows)
        command = [str(SCRIPT), "batch", str(path), "--as-of", "2026-11-25"]
        figures = interleaved(
            {
                "batch": command,
                "bare loop": [sys.executable, "-c", BARE_CSV_LOOP, str(path)],
            },
            repeats,
        )
    bare = figures["bare loop"].seconds
    print(f"batch, {rows:,} rows, median of {repeats} interleaved runs each")
    print(f"  {'':24} {'rows/s':>10} {'ratio':>6} {'largest RSS':>12} {'total PSS':>10}")
    for name, figure in figures.items():
        print(
            f"  {name:24} {rows / figure.seconds:10,.0f} {bare / figure.seconds:5.2f}x"
            f" {figure.largest_rss / 1024:8.1f} MiB {figure.total_pss / 1024:6.1f} MiB"
        )
    print("  (goals: ratio >= 0.2x of the bare loop, and never < 0.1x; memory <= 64 MiB)")


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
