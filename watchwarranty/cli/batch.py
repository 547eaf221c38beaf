"""`watchwarranty batch`: a whole inventory, streamed a block of rows at a time."""

from __future__ import annotations

import csv
import itertools
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Annotated

import typer

from watchwarranty.batch import Evaluator, InputFormat, Row
from watchwarranty.blocks import BLOCK_BYTES, blocks
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.pipeline import SOON_DAYS, Job, Tally, answers, read_layout, usable_cpus
from watchwarranty.render import BatchFormat
from watchwarranty.render.rows import batch_writer

from .application import (
    PROG,
    AsOfOption,
    ExitStatus,
    LangOption,
    RulesOption,
    app,
    apply_language,
    as_of_day,
    fail,
    load,
    one_line_errors,
)
from .watch import RemindBeforeOption


@app.command(help=_("Check a whole inventory: one output row per input row, in order, on stdout."))
def batch(
    source: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help=_("CSV with a header, or JSON Lines; - for stdin.")),
    ],
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            case_sensitive=False,
            help=_("Input format; by default from the file's extension (stdin: csv)."),
        ),
    ] = None,
    output_format: Annotated[
        BatchFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = BatchFormat.CSV,
    as_of: AsOfOption = None,
    expiring_within: Annotated[
        int | None,
        typer.Option(
            min=0,
            metavar="DAYS",
            help=_("Keep only watches still covered that expire within DAYS (and rows in error)."),
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help=_("Print a short summary on stderr."))
    ] = False,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help=_("Also write every row's reminders to this iCalendar file."),
            dir_okay=False,
        ),
    ] = None,
    remind_before: RemindBeforeOption = 30,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            metavar="N",
            help=_("Processes answering a large input (default: one per CPU)."),
        ),
    ] = None,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Check a whole inventory: one output row per input row, in order, on stdout."""
    apply_language(lang)
    with one_line_errors():
        evaluator = Evaluator(load(rules_path), as_of=as_of_day(as_of))
        binary, size = _open(source)
    chosen_format = input_format or InputFormat.guess(source)
    row_blocks = blocks(binary, csv_quotes=chosen_format is InputFormat.CSV, size=BLOCK_BYTES)
    tally = Tally()
    progress: _Progress | None = None
    calendar = _Calendar(ics, evaluator, remind_before) if ics else None
    try:
        with one_line_errors(), binary:
            layout, first = read_layout(next(row_blocks, None), chosen_format)
            job = Job(
                evaluator,
                layout,
                output_format,
                expiring_within,
                on_row=(lambda row: calendar.add(row, layout.columns)) if calendar else None,
            )
            batch_writer(output_format, sys.stdout, layout.columns)
            sys.stdout.flush()  # the header, before the rows' bytes
            if size and stderr_is_terminal():
                progress = _Progress(size)
            remaining = itertools.chain([first] if first is not None else [], row_blocks)
            with closing(answers(job, remaining, jobs or usable_cpus())) as answered:
                for answer in answered:
                    sys.stdout.buffer.write(answer.output)
                    if answer.errors:
                        # One write a block: stderr is line-buffered, a system call a write.
                        sys.stderr.write("".join(_error_lines(answer.errors)))
                    tally.add(answer.tally)
                    if progress is not None:
                        progress.update(answer.end)
    except (UnicodeDecodeError, csv.Error) as error:
        fail(
            _("cannot read {source}: {reason}; give UTF-8 CSV or JSON Lines").format(
                source=source, reason=error
            )
        )
    finally:
        if progress is not None:
            progress.stop()
        if calendar is not None:
            calendar.close()
    if summary:
        _print_summary(tally)
    raise typer.Exit(ExitStatus.ATTENTION if tally.errors else ExitStatus.OK)


class _Calendar:
    """Reminders for every row that has some, streamed into one iCalendar file."""

    # An inventory's own id for a watch keeps its reminders' UIDs stable across runs.
    IDENTITY_COLUMNS = ("sku", "serial", "serial_number", "id")

    def __init__(self, path: Path, evaluator: Evaluator, remind_before: int) -> None:
        from watchwarranty.render.ics import IcsWriter

        try:
            self._stream = path.open("wb")
        except OSError as error:
            fail(_("cannot write {path}: {reason}").format(path=path, reason=error.strerror))
        evaluator.keep_verdicts = True
        self._evaluator = evaluator
        self._remind_before = remind_before
        stamp = datetime.combine(evaluator.as_of, time(), tzinfo=UTC)
        self._writer = IcsWriter(self._stream, stamp=stamp)

    def add(self, row: Row, columns: list[str]) -> None:
        from watchwarranty.reminders import reminders, watch_key
        from watchwarranty.render.table import verdict_brand_name

        verdict = self._evaluator.verdict(row)
        if verdict is None:
            return
        identity = next(
            (
                row.cells[columns.index(name)]
                for name in self.IDENTITY_COLUMNS
                if name in columns and row.cells[columns.index(name)]
            ),
            None,
        )
        key = watch_key(verdict.purchase, identity)
        brand = verdict_brand_name(verdict)
        self._writer.write(reminders(verdict, brand, key=key, remind_before=self._remind_before))

    def close(self) -> None:
        self._writer.close()
        self._stream.close()


def _error_lines(errors: list[tuple[int, str]]) -> Iterator[str]:
    for line, error in errors:
        where = _("line {number}").format(number=line)
        yield f"{PROG}: {where}: {error}\n"


def stderr_is_terminal() -> bool:
    """Whether a person watches stderr (then, and only then, a progress bar is drawn)."""
    return sys.stderr.isatty()


def _open(source: str) -> tuple[IO[bytes], int | None]:
    """The input as bytes, and its size when it is a regular file (for the progress bar)."""
    if source == "-":
        return sys.stdin.buffer, None
    try:
        binary = Path(source).open("rb")  # noqa: SIM115 - closed through the text wrapper
    except FileNotFoundError:
        raise InputError(
            _("no such file {source!r}").format(source=source),
            _("check the path, or give - for stdin"),
        ) from None
    except OSError as error:
        raise InputError(
            _("cannot open {source!r}: {reason}").format(source=source, reason=error.strerror),
            _("check the path"),
        ) from None
    status = os.fstat(binary.fileno())
    return binary, status.st_size if stat.S_ISREG(status.st_mode) else None


class _Progress:
    """A Rich progress bar on stderr, in bytes read; only for a terminal and a sized file."""

    def __init__(self, size: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            # Redrawn after each block, by us: a refresh thread would be copied, mid-draw,
            # into the worker processes forked while it runs.
            auto_refresh=False,
            # Rich would otherwise route stdout through its console, onto the terminal: the data
            # must reach stdout (a file, a pipe) untouched. Error lines go above the bar.
            redirect_stdout=False,
        )
        self._task = self._bar.add_task("rows", total=size)
        self._bar.start()

    def update(self, done: int) -> None:
        self._bar.update(self._task, completed=done, refresh=True)

    def stop(self) -> None:
        self._bar.stop()


def _print_summary(tally: Tally) -> None:
    from rich.console import Console

    from watchwarranty.render.pairs import Pairs

    counts = [
        (_("rows"), tally.rows),
        (_("covered"), tally.covered),
        (_("expired"), tally.expired),
        (_("expiring within {days} days").format(days=SOON_DAYS), tally.soon),
        (_("errors"), tally.errors),
    ]
    # Counts line up on their last digit, so they can be read down the column.
    width = max(len(str(count)) for _label, count in counts)
    rows = [(label, str(count).rjust(width)) for label, count in counts]
    Console(stderr=True, highlight=False, emoji=False).print(Pairs(rows, label_style="bold"))
