"""Would answering batch rows in two processes pay? One process against two, in one run.

    .venv/bin/python benchmarks/parallel.py [ROWS]

Both sides read the same generated inventory with batch's own reader and answer every row with
batch's own Answerer; the parallel side hands chunks of rows' facts to a
concurrent.futures.ProcessPoolExecutor (spawn, the start method every platform has) and takes the
answers back in order, as a --jobs option would. Writing is left out of both: it would only add
the same time to each. A figure, not a test.
"""

from __future__ import annotations

import io
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory import write_inventory  # noqa: E402

from watchwarranty.batch.answer import Answerer  # noqa: E402
from watchwarranty.batch.read import InputFormat, ReadOptions, read_inventory  # noqa: E402
from watchwarranty.rules import default_rules_path, load_rules  # noqa: E402

AS_OF = date(2026, 11, 25)
CHUNK = 2000
_answerer: Answerer | None = None


def _answer_chunk(chunk: tuple[tuple[str, ...], ...]) -> list[object]:
    global _answerer  # one per worker process, made on its first chunk
    if _answerer is None:
        _answerer = Answerer(load_rules(default_rules_path()), as_of=AS_OF)
    return [_answerer.answer(facts).values() for facts in chunk]


def chunks(items: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], ...]]:
    iterator = iter(items)
    return list(iter(lambda: tuple(islice(iterator, CHUNK)), ()))


def facts_of(data: bytes) -> list[tuple[str, ...]]:
    inventory = read_inventory(io.BytesIO(data), ReadOptions(input_format=InputFormat.CSV))
    return [row.facts for row in inventory.rows]


def one_process(data: bytes) -> float:
    start = time.perf_counter()
    answerer = Answerer(load_rules(default_rules_path()), as_of=AS_OF)
    for facts in facts_of(data):
        answerer.answer(facts).values()
    return time.perf_counter() - start


def two_processes(data: bytes) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _answers in pool.map(_answer_chunk, chunks(facts_of(data))):
            pass
    return time.perf_counter() - start


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.csv"
        write_inventory(path, rows)
        data = path.read_bytes()
    ones, twos = [], []
    for _ in range(3):
        ones.append(one_process(data))
        twos.append(two_processes(data))
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"answering {rows:,} rows, median of 3 interleaved runs each")
    print(f"  one process   {one:6.2f} s  {rows / one:9,.0f} rows/s")
    print(f"  two processes {two:6.2f} s  {rows / two:9,.0f} rows/s  ({one / two:.2f}x)")


if __name__ == "__main__":
    main()
