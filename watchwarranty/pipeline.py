"""A batch run: blocks of input rows answered in input order, in this process or, for large
inputs, in worker processes, each block read, answered, filtered, tallied and written at once.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import mmap
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Union

from .batch import (
    Evaluator,
    InputFormat,
    Layout,
    Result,
    Row,
    csv_layout,
    jsonl_layout,
    rows_in,
)
from .blocks import BLOCK_BYTES, Block
from .errors import RunError
from .i18n import _
from .render import BatchFormat
from .render.rows import batch_writer

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

_QUOTE = b'"'
# "Expiring soon" in the summary: a watch still covered for at most this many days.
SOON_DAYS = 90


@dataclass
class Tally:
    """How many rows were answered, and how."""

    rows: int = 0
    covered: int = 0
    expired: int = 0
    soon: int = 0
    errors: int = 0

    def count(self, result: Result, expiring_within: int | None) -> bool:
        """Count ``result`` in; whether its row is kept when only watches still covered that
        expire within ``expiring_within`` days (and rows in error) are wanted."""
        self.rows += 1
        if result.error:
            self.errors += 1
            return True
        if result.status != "active":
            self.expired += 1
            return expiring_within is None
        self.covered += 1
        days_left = int(result.days_left)
        if days_left <= SOON_DAYS:
            self.soon += 1
        return expiring_within is None or days_left <= expiring_within

    def add(self, other: Tally) -> None:
        """Count ``other``'s rows in too."""
        self.rows += other.rows
        self.covered += other.covered
        self.expired += other.expired
        self.soon += other.soon
        self.errors += other.errors


@dataclass(frozen=True)
class Job:
    """What every block of one run shares."""

    evaluator: Evaluator
    layout: Layout
    output_format: BatchFormat
    # Keep only rows still covered that expire within this many days (and rows in error).
    expiring_within: int | None = None
    # Called with each row written, in this process only (batch --ics keeps verdicts).
    on_row: Callable[[Row], None] | None = field(default=None, compare=False)


class BlockAnswer(NamedTuple):
    """A block's output (UTF-8), its errors by line, its tally, and where in the input it ends."""

    output: bytes
    errors: list[tuple[int, str]]
    tally: Tally
    end: int


# A block in a batch run's window: not taken yet, or its answer (a worker's, or this
# process's answer ahead of its turn).
_Waiting = Union[Block, "Future[BlockAnswer | _Written]"]

_BOM = b"\xef\xbb\xbf"  # spreadsheet programs start their UTF-8 CSV with one


def read_layout(first: Block | None, input_format: InputFormat) -> tuple[Layout, Block | None]:
    """The input's layout, read from its first block, and that block's rows without the header.

    Raises InputError when the input cannot be a batch, and UnicodeDecodeError or csv.Error
    when it cannot be read.
    """
    if first is None:
        first = Block(b"", 0, 0)
    data = first.data.removeprefix(_BOM)
    text = data.decode("utf-8")
    lines = io.StringIO(text, newline="")
    if input_format is InputFormat.JSONL:
        layout = jsonl_layout(next((line for line in lines if line.strip()), None))
        return layout, first._replace(data=data)
    reader = csv.reader(lines)
    layout = csv_layout(next(reader, None))
    header_bytes = len(text[: lines.tell()].encode("utf-8"))
    return layout, Block(data[header_bytes:], first.lines_before + reader.line_num, first.end)


def answer_block(job: Job, block: Block) -> BlockAnswer:
    """Answer every row of ``block``: the output rows kept, and the errors of the bad ones."""
    if (
        job.layout.input_format is InputFormat.CSV
        and job.output_format is BatchFormat.CSV
        and job.on_row is None
        and _QUOTE not in block.data
        and block.data.count(b"\r") == block.data.count(b"\r\n")
    ):
        return _answer_unquoted_csv(job, block)
    return _answer_rows(job, block)


def _answer_rows(job: Job, block: Block) -> BlockAnswer:
    # Text is decoded and encoded as it goes: as one str, a block with Chinese in it would
    # take two or four bytes a character.
    output = io.BytesIO()
    text_output = io.TextIOWrapper(output, encoding="utf-8", newline="")
    write = batch_writer(job.output_format, text_output, job.layout.columns, header=False).write
    answer = job.evaluator.answer
    errors: list[tuple[int, str]] = []
    tally = Tally()
    lines = io.TextIOWrapper(io.BytesIO(block.data), encoding="utf-8", newline="")
    for row in rows_in(job.layout, lines, block.lines_before):
        result = answer(row)
        if result.error:
            errors.append((row.line, result.error))
        if tally.count(result, job.expiring_within):
            write(row, result)
            if job.on_row is not None:
                job.on_row(row)
    text_output.flush()
    return BlockAnswer(output.getvalue(), errors, tally, block.end)


def _answer_unquoted_csv(job: Job, block: Block) -> BlockAnswer:
    """answer_block for CSV rows with no quotes and no lone carriage return, the common case.

    The csv module would read each such line as its cells split at commas, and write them
    back as they were: splitting the line, and keeping it as written, takes a third off each
    row's time.
    """
    assert job.layout.facts_of is not None
    facts_of = job.layout.facts_of
    width = len(job.layout.columns)
    answer = job.evaluator.answer_facts
    count = Tally.count
    within = job.expiring_within
    tally = Tally()
    errors: list[tuple[int, str]] = []
    output: list[str] = []
    quoted = io.StringIO()
    quoting_writer = csv.writer(quoted, lineterminator="\n")
    plain_names: dict[str, bool] = {}
    number = block.lines_before
    for line in block.data.decode("utf-8").replace("\r\n", "\n").split("\n"):
        number += 1
        if not line:
            continue
        cells = line.split(",")
        if len(cells) < width:
            cells += [""] * (width - len(cells))
            line = ",".join(cells)
        result = answer(facts_of(cells))
        if result.error:
            errors.append((number, result.error))
        if not count(tally, result, within):
            continue
        name = result.brand_name
        plain = plain_names.get(name)
        if plain is None:
            plain = plain_names[name] = not any(mark in name for mark in ',"\r\n')
        if plain and not result.error:
            output.append(f"{line},{','.join(result)}\n")
        else:
            quoted.seek(0)
            quoted.truncate()
            quoting_writer.writerow([*cells, *result])
            output.append(quoted.getvalue())
    return BlockAnswer("".join(output).encode("utf-8"), errors, tally, block.end)


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can start as copies of this one (the rules already loaded)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def answers(job: Job, blocks: Iterable[Block], processes: int) -> Generator[BlockAnswer]:
    """The blocks' answers in input order, from ``processes`` processes: this one, and
    ``processes - 1`` workers forked from it once the input turns out to have a second block.

    The workers stop when the answers have all been taken (or the generator is closed); if
    one dies, RunError is raised after the answers before its block. The caller must not run
    threads of its own meanwhile: a forked copy of a lock they hold would never open.
    """
    blocks = iter(blocks)
    first = next(blocks, None)
    if first is None:
        return
    second = next(blocks, None)
    rest = itertools.chain([first] if second is None else [first, second], blocks)
    if second is None or processes <= 1 or job.on_row is not None or not can_fork():
        yield from (answer_block(job, block) for block in rest)
        return
    # ~8 ms: only for inputs of more than one block. An executor rather than a Pool: when a
    # worker dies (killed, out of memory) it fails the blocks given to it, where a Pool
    # would wait for them for ever.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Objects made so far are left alone by the collector while workers run: it would
    # otherwise touch, and so copy into each worker, every page they sit on.
    gc.freeze()
    workers = processes - 1
    # Each worker has at most two blocks; one more slot lets the next be placed while the
    # answer due is still being taken out.
    exchange = _Exchange(slots=2 * workers + 1)
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_adopt,
        initargs=(job, exchange.memory),
    )
    try:
        yield from _shared(job, rest, workers, executor, exchange)
    except BrokenProcessPool:
        raise RunError(
            _("a worker process stopped before answering its rows (killed, or out of memory?)"),
            _("run again, or with --jobs 1"),
        ) from None
    finally:
        # Stopped early (Ctrl-C, or our output closed), the workers finish the blocks they
        # hold, at most two each, and answer no more.
        executor.shutdown(wait=True, cancel_futures=True)
        exchange.memory.close()
        gc.unfreeze()


def _shared(
    job: Job,
    blocks: Iterator[Block],
    workers: int,
    executor: ProcessPoolExecutor,
    exchange: _Exchange,
) -> Generator[BlockAnswer]:
    # A window of blocks, in input order, is in flight; it never grows, so memory stays flat
    # however slowly our output is read. The workers take the first blocks no process has
    # taken, each with one to answer and one waiting, so that their answers are due soon
    # after they are ready and give their slots back. This process answers from the far end
    # meanwhile, and the next block due itself when no worker can take it. (With the roles
    # the other way round, the workers' answers waited for this process to reach them, and
    # the workers for their slots: 100k rows took ~525 ms instead of ~505 ms.)
    window: deque[_Waiting] = deque()
    size = 3 * (workers + 1)
    while True:
        while len(window) < size and (block := next(blocks, None)) is not None:
            window.append(block)
        busy = sum(not isinstance(entry, Block) and not entry.done() for entry in window)
        for index, entry in enumerate(window):
            if busy >= 2 * workers or not exchange.free:
                break
            if isinstance(entry, Block):
                window[index] = exchange.send(executor, entry)
                busy += 1
        if not window:
            return
        due = window[0]
        if isinstance(due, Block):
            window.popleft()
            yield answer_block(job, due)
        elif due.done() or not _answer_one_ahead(job, window):
            window.popleft()
            yield exchange.receive(due.result())


def _answer_one_ahead(job: Job, window: deque[_Waiting]) -> bool:
    """Answer the last block of the window no process has taken; False if there is none.

    An input error found there is kept until the block is due, so that the answers before it
    are still written.
    """
    from concurrent.futures import Future

    for index in range(len(window) - 1, -1, -1):
        entry = window[index]
        if isinstance(entry, Block):
            answered: Future[BlockAnswer | _Written] = Future()
            try:
                answered.set_result(answer_block(job, entry))
            except (UnicodeDecodeError, csv.Error) as error:
                answered.set_exception(error)
            window[index] = answered
            return True
    return False


# Each block slot of the memory shared with the workers: room for the block, then its output.
_BLOCK_ROOM = 2 * BLOCK_BYTES
_SLOT_BYTES = _BLOCK_ROOM + 4 * BLOCK_BYTES


class _Exchange:
    """Memory shared with the workers, through which blocks reach them and their output comes
    back. Through the executor's pipes instead, a piece at a time, they took a tenth of a 100k-row
    run; a block or an output too long for its slot, or one with no slot free, still goes
    that way."""

    def __init__(self, slots: int) -> None:
        # Anonymous and shared: the workers forked after this see what either side writes.
        self.memory = mmap.mmap(-1, slots * _SLOT_BYTES)
        self.free = list(range(slots))

    def send(self, executor: ProcessPoolExecutor, block: Block) -> Future[BlockAnswer | _Written]:
        """Have a worker answer ``block``."""
        if not self.free or len(block.data) > _BLOCK_ROOM:
            return executor.submit(_answer_adopted, block)
        slot = self.free.pop()
        start = slot * _SLOT_BYTES
        self.memory[start : start + len(block.data)] = block.data
        return executor.submit(
            _answer_placed, slot, len(block.data), block.lines_before, block.end
        )

    def receive(self, answer: BlockAnswer | _Written) -> BlockAnswer:
        """A worker's answer, its output taken out of its slot (which is free again)."""
        if isinstance(answer, BlockAnswer):
            return answer
        self.free.append(answer.slot)
        if answer.length is None:
            return answer.answer
        start = answer.slot * _SLOT_BYTES + _BLOCK_ROOM
        return answer.answer._replace(output=self.memory[start : start + answer.length])


class _Written(NamedTuple):
    """A worker's answer to a block placed in a slot: the answer without its output, and the
    length of the output it wrote after the block (None: too long, so it is in the answer)."""

    slot: int
    length: int | None
    answer: BlockAnswer


_adopted: Job | None = None
_shared_memory: mmap.mmap | None = None


def _adopt(job: Job, memory: mmap.mmap) -> None:
    global _adopted, _shared_memory
    _adopted = job
    _shared_memory = memory
    # Ctrl-C is the parent's to handle: it stops the workers without a traceback from each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _answer_adopted(block: Block) -> BlockAnswer:
    assert _adopted is not None
    return answer_block(_adopted, block)


def _answer_placed(slot: int, length: int, lines_before: int, end: int) -> _Written:
    assert _adopted is not None and _shared_memory is not None
    start = slot * _SLOT_BYTES
    answer = answer_block(
        _adopted, Block(_shared_memory[start : start + length], lines_before, end)
    )
    if len(answer.output) > _SLOT_BYTES - _BLOCK_ROOM:
        return _Written(slot, None, answer)
    start += _BLOCK_ROOM
    _shared_memory[start : start + len(answer.output)] = answer.output
    return _Written(slot, len(answer.output), answer._replace(output=b""))
