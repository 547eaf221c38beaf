"""Print how `batch` does with a workbook in and a workbook out, beside openpyxl alone.

    .venv/bin/python benchmarks/xlsx.py            # 100,000 rows, and 10,000 to show memory flat
    .venv/bin/python benchmarks/xlsx.py 20000      # another size

The inventory is benchmarks/inventory.py's, saved as an .xlsx with its purchase dates as date
cells. Ours: `watchwarranty batch in.xlsx -o out.xlsx`. The baseline is openpyxl alone, in the
same read-only and write-only modes, reading every cell and writing it back with the very result
cells ours wrote (read from ours' report before the timed runs, loaded from a pickle), unstyled:
the floor under any program that reads these workbooks and writes the same answers with
openpyxl. Until 2026-12-07 the baseline wrote nine fixed result cells a row, while the report
had grown to 24 result columns (issues 22 and 26): the ratio charged their writing to us.

Runs are interleaved (ours, baseline, ours, ...) and each time is a median of 3; memory is each
process's peak resident set (ru_maxrss). A figure, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory import HEADER, write_inventory  # noqa: E402

SCRIPT = Path(sys.executable).with_name("watchwarranty")
PLAIN_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if not name.startswith("PYTHON")
}
OPENPYXL_ALONE = """
import pickle
import sys
from openpyxl import Workbook, load_workbook

with open(sys.argv[3], "rb") as handle:
    results = pickle.load(handle)
source = load_workbook(sys.argv[1], read_only=True, data_only=True)
target = Workbook(write_only=True)
sheet = target.create_sheet()
for values, answer in zip(source.worksheets[0].iter_rows(values_only=True), results):
    sheet.append([*values, *answer])
source.close()
target.save(sys.argv[2])
"""


def write_workbook(path: Path, rows: int) -> None:
    """The benchmark inventory as an .xlsx, its ISO purchase dates as date cells."""
    import csv

    from openpyxl import Workbook

    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "inventory.csv"
        write_inventory(text, rows)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with text.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            sheet.append(header)
            price = header.index("price")
            for cells in reader:
                values: list[object] = list(cells)
                # The other spellings stay text, as a shop's export has them.
                with contextlib.suppress(ValueError):
                    values[2] = date.fromisoformat(cells[2])
                # A price is a number cell, as a shop's sheet has it (empty when not known).
                with contextlib.suppress(ValueError):
                    values[price] = int(cells[price])
                sheet.append(values)
        workbook.save(path)


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=PLAIN_ENVIRONMENT
    )
    _pid, _status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


KEEP_RESULT_CELLS = """
import pickle
import sys
from openpyxl import load_workbook

workbook = load_workbook(sys.argv[1], read_only=True)
inputs = int(sys.argv[3])
rows = [row[inputs:] for row in workbook.worksheets[0].iter_rows(values_only=True)]
workbook.close()
with open(sys.argv[2], "wb") as handle:
    pickle.dump(rows, handle)
"""


def _keep_result_cells(report: Path, target: Path, *, inputs: int) -> None:
    """The cells ours added to each row (header row included), for the baseline to write. In a
    process of its own: Linux counts a child's peak memory from the fork, before its exec, so a
    parent grown by reading the report would add its own size to both sides' figures."""
    command = [sys.executable, "-c", KEEP_RESULT_CELLS, str(report), str(target), str(inputs)]
    subprocess.run(command, check=True, env=PLAIN_ENVIRONMENT)


def measure(rows: int, repeats: int = 3) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "inventory.xlsx"
        write_workbook(source, rows)
        ours_out, theirs_out = Path(folder) / "ours.xlsx", Path(folder) / "theirs.xlsx"
        ours_command = [
            str(SCRIPT),
            "batch",
            str(source),
            "-o",
            str(ours_out),
            "--as-of",
            "2026-11-25",
            "-q",
            "--no-progress",
        ]
        answers = Path(folder) / "answers.pickle"
        run(ours_command)
        _keep_result_cells(ours_out, answers, inputs=len(HEADER))
        theirs_command = [
            sys.executable,
            "-c",
            OPENPYXL_ALONE,
            str(source),
            str(theirs_out),
            str(answers),
        ]
        ours, theirs = [], []
        for _ in range(repeats):
            ours.append(run(ours_command))
            theirs.append(run(theirs_command))
        ours_time = statistics.median(seconds for seconds, _ in ours)
        theirs_time = statistics.median(seconds for seconds, _ in theirs)
        ours_memory = max(memory for _, memory in ours) // 1024
        theirs_memory = max(memory for _, memory in theirs) // 1024
        size = source.stat().st_size // 1024
    print(f"{rows:,} rows, xlsx in ({size:,} KiB) and xlsx out, median of {repeats}:")
    print(
        f"  batch          {ours_time:6.2f} s  {rows / ours_time:8,.0f} rows/s  {ours_memory} MiB"
    )
    print(
        f"  openpyxl alone {theirs_time:6.2f} s  {rows / theirs_time:8,.0f} rows/s  "
        f"{theirs_memory} MiB"
    )
    print(f"  ratio          {ours_time / theirs_time:.2f}x the time of openpyxl alone")


def main() -> None:
    sizes = [int(sys.argv[1])] if len(sys.argv) > 1 else [10_000, 100_000]
    for rows in sizes:
        measure(rows)


if __name__ == "__main__":
    main()
