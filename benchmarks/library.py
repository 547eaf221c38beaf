"""Rows a second through every way in: the command line, the Python API, Arrow, and the engines
docs/api.md plugs answer_batch into, side by side with a bare csv loop, in one run.

    .venv/bin/python benchmarks/library.py                  # 100k and 1M rows
    .venv/bin/python benchmarks/library.py --rows 100000    # one size
    .venv/bin/python benchmarks/library.py --profile        # where one row's time goes

Every way reads the same generated inventory (benchmarks/inventory.py) as text and writes
every row with its answer as CSV to a file, each in a fresh process, so start-up, reading and
writing are in every figure as they are for a user. Runs are interleaved (each way once, then
again) and each figure is a median. Dask runs a LocalCluster of two worker processes, the
machine's two cores; every other way runs in one process. The engines need the test extra.
Figures, not tests.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory import write_inventory  # noqa: E402
from run import PLAIN_ENVIRONMENT, SCRIPT  # noqa: E402

AS_OF = "2026-11-25"

BARE_LOOP = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(
    sys.argv[2], "w", newline="", encoding="utf-8"
) as target:
    writer = csv.writer(target)
    for row in csv.reader(source):
        writer.writerow(row)
"""
CHECK_MANY = """
import csv, sys
import watchwarranty
from watchwarranty.batch.answer import RESULT_COLUMNS
rules = watchwarranty.load_rules()
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(
    sys.argv[2], "w", newline="", encoding="utf-8"
) as target:
    rows = csv.DictReader(source)
    writer = csv.writer(target)
    writer.writerow([*rows.fieldnames, *RESULT_COLUMNS])
    read = []
    def remembered(rows):
        for row in rows:
            read.append(row)
            yield row
    for answer in watchwarranty.check_many(rules, remembered(rows), as_of=sys.argv[3]):
        row = read.pop()
        writer.writerow([*row.values(), *answer.columns().values()])
"""
ANSWER_BATCH = """
import sys
import pyarrow as pa, pyarrow.csv as pcsv
import watchwarranty
from watchwarranty.arrow import answer_batch, result_schema
rules = watchwarranty.load_rules()
# Every column as text, as batch reads a CSV.
header = open(sys.argv[1], encoding="utf-8").readline().strip().split(",")
convert = pcsv.ConvertOptions(column_types={name: pa.string() for name in header})
reader = pcsv.open_csv(sys.argv[1], convert_options=convert)
with pcsv.CSVWriter(sys.argv[2], result_schema(reader.schema)) as writer:
    for batch in reader:
        writer.write_batch(answer_batch(batch, rules, as_of=sys.argv[3]))
"""
DUCKDB = """
import sys
import duckdb, pyarrow as pa
import watchwarranty
from watchwarranty.arrow import answer_batch, result_schema
rules = watchwarranty.load_rules()
con = duckdb.connect()
source = con.cursor().sql(f"SELECT * FROM read_csv('{sys.argv[1]}', all_varchar = true)")
reader = source.to_arrow_reader(65536)
answered = pa.RecordBatchReader.from_batches(
    result_schema(reader.schema),
    (answer_batch(batch, rules, as_of=sys.argv[3]) for batch in reader),
)
con.sql(f"COPY (SELECT * FROM answered) TO '{sys.argv[2]}' (HEADER)")
"""
POLARS = """
import sys
import polars as pl
import watchwarranty
from watchwarranty.arrow import answer_table, result_schema
rules = watchwarranty.load_rules()
frame = pl.scan_csv(sys.argv[1], infer_schema=False)
schema = pl.from_arrow(result_schema(frame.head(0).collect().to_arrow().schema).empty_table())
answered = frame.map_batches(
    lambda batch: pl.from_arrow(answer_table(batch.to_arrow(), rules, as_of=sys.argv[3])),
    schema=schema.schema,
)
answered.collect().write_csv(sys.argv[2])
"""
DASK = """
import sys
import dask.dataframe as dd, pandas as pd, pyarrow as pa
import watchwarranty
from dask.distributed import Client, LocalCluster
from watchwarranty.arrow import answer_table
rules = watchwarranty.load_rules()
def answer_frame(part):
    table = pa.Table.from_pandas(part, preserve_index=False)
    return answer_table(table, rules, as_of=sys.argv[3]).to_pandas()
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \\
            Client(cluster):
        frame = dd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, blocksize="16MB")
        answered = frame.map_partitions(answer_frame, meta=answer_frame(frame.head(0)))
        answered.to_csv(sys.argv[2] + "-*.csv", index=False)
"""


def ways(inventory: Path, output: Path) -> dict[str, list[str]]:
    """Each way's command: it reads ``inventory`` and writes ``output``."""
    python = sys.executable

    def script(name: str, text: str) -> list[str]:
        path = output.parent / f"way_{name}.py"  # not named like the module it imports
        path.write_text(text, encoding="utf-8")
        return [python, str(path), str(inventory), str(output), AS_OF]

    return {
        "bare csv loop": script("bare", BARE_LOOP),
        "watchwarranty batch": [
            str(SCRIPT),
            "batch",
            str(inventory),
            "--as-of",
            AS_OF,
            "-q",
            "--no-progress",
            "-o",
            str(output),
        ],
        "check_many": script("check_many", CHECK_MANY),
        "answer_batch (pyarrow csv)": script("answer_batch", ANSWER_BATCH),
        "DuckDB": script("duckdb", DUCKDB),
        "polars": script("polars", POLARS),
        "Dask, 2 worker processes": script("dask", DASK),
    }


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        command, env=PLAIN_ENVIRONMENT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    # batch exits 1 when some rows are errors (the generated 1% are); a script, only on a crash.
    if result.returncode not in ((0, 1) if command[0] == str(SCRIPT) else (0,)):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed


def measure(rows: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inventory = Path(folder) / "inventory.csv"
        write_inventory(inventory, rows)
        commands = ways(inventory, Path(folder) / "answers.csv")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeats):
            for name, command in commands.items():
                times[name].append(timed(command))
    bare = statistics.median(times["bare csv loop"])
    print(f"\n{rows:,} rows, median of {repeats} interleaved runs, start-up included")
    print(f"{'way in':<28} {'seconds':>8} {'rows/s':>10} {'x bare loop':>12}")
    for name, measured in times.items():
        seconds = statistics.median(measured)
        print(f"{name:<28} {seconds:>8.2f} {rows / seconds:>10,.0f} {bare / seconds:>12.3f}")


def profile(rows: int) -> None:
    """Where one row's time goes: cProfile over check_many's answers, per row."""
    import watchwarranty

    with tempfile.TemporaryDirectory() as folder:
        inventory = Path(folder) / "inventory.csv"
        write_inventory(inventory, rows)
        import csv

        with inventory.open(newline="", encoding="utf-8") as handle:
            table = list(csv.DictReader(handle))
    rules = watchwarranty.load_rules()
    profiler = cProfile.Profile()
    profiler.enable()
    for _answer in watchwarranty.check_many(rules, table, as_of=AS_OF):
        pass
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\ncProfile of check_many over {rows:,} rows: {total / rows * 1e6:.1f} µs a row")
    print("(profiled: every call costs more than it does unprofiled)")
    stats.sort_stats("cumulative").print_stats(25)
    print(text.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--repeats", type=int, default=0, help="runs of each (default: by size)")
    parser.add_argument("--profile", action="store_true", help="profile one row instead")
    parser.add_argument("--profile-rows", type=int, default=20_000, help="rows to profile over")
    options = parser.parse_args()
    if options.profile:
        profile(options.profile_rows)
        return
    for rows in options.rows or [100_000, 1_000_000]:
        measure(rows, options.repeats or (3 if rows <= 100_000 else 1))


if __name__ == "__main__":
    main()
