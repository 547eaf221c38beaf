"""`watchwarranty batch`: a whole inventory, streamed a row at a time."""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Annotated

import typer

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer, Answerer
from watchwarranty.batch.read import InputFormat, Row, read_inventory
from watchwarranty.batch.tally import Tally
from watchwarranty.batch.write import batch_writer
from watchwarranty.errors import InputError
from watchwarranty.i18n import _
from watchwarranty.render import BatchFormat

from .application import (
    PROG,
    AsOfOption,
    ExitStatus,
    LangOption,
    RulesOption,
    app,
    apply_language,
    as_of_day,
    load,
    one_line_errors,
)
from .watch import RemindBeforeOption

# The progress bar is redrawn after this many rows, not after every one.
PROGRESS_EVERY = 2048


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
    prefix: Annotated[
        str,
        typer.Option(
            metavar="TEXT",
            help=_("Put TEXT before every result column's name (e.g. warranty_)."),
        ),
    ] = "",
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
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Check a whole inventory: one output row per input row, in order, on stdout."""
    apply_language(lang)
    with one_line_errors():
        answerer = Answerer(load(rules_path), as_of=as_of_day(as_of), explain=ics is not None)
        binary, size = _open(source)
        with binary:
            lines, inventory = read_inventory(binary, input_format or InputFormat.guess(source))
            results = [prefix + name for name in RESULT_COLUMNS]
            _refuse_clashes(inventory.columns, results)
            tally = Tally(expiring_within)
            writer = batch_writer(output_format, sys.stdout, inventory.columns, results)
            calendar = _Calendar(ics, answerer, remind_before) if ics else None
            progress = _Progress(size) if size and sys.stderr.isatty() else None
            try:
                for row in inventory.rows:
                    answer = (
                        Answer(None, row.problem)
                        if row.problem is not None
                        else answerer.answer(row.facts)
                    )
                    if answer.error is not None:
                        _report(row, answer.error)
                    if not tally.keeps(answer):
                        continue
                    tally.count(answer)
                    writer.write(row, answer)
                    if calendar is not None and answer.verdict is not None:
                        calendar.add(row, inventory.columns, answer)
                    if progress is not None and tally.rows % PROGRESS_EVERY == 0:
                        progress.update(lines.bytes_read)
            finally:
                if progress is not None:
                    progress.stop()
                if calendar is not None:
                    calendar.close()
    if summary:
        _print_summary(tally)
    raise typer.Exit(ExitStatus.ATTENTION if tally.errors else ExitStatus.OK)


def _refuse_clashes(columns: list[str], results: list[str]) -> None:
    clashes = [name for name in results if name in columns]
    if clashes:
        raise InputError(
            _("the input already has columns named like the results: {names}").format(
                names=", ".join(clashes)
            ),
            _("rename those columns, or pass --prefix warranty_ to name the results apart"),
        )


def _report(row: Row, error: str) -> None:
    where = _("line {number}").format(number=row.line)
    sys.stderr.write(f"{PROG}: {where}: {error}\n")


class _Calendar:
    """Reminders for every row that has some, streamed into one iCalendar file."""

    # An inventory's own id for a watch keeps its reminders' UIDs stable across runs.
    IDENTITY_COLUMNS = ("sku", "serial", "serial_number", "id")

    def __init__(self, path: Path, answerer: Answerer, remind_before: int) -> None:
        from watchwarranty.render.ics import IcsWriter

        try:
            self._stream = path.open("wb")
        except OSError as error:
            raise InputError(
                _("cannot write {path}: {reason}").format(path=path, reason=error.strerror),
                _("check the path"),
            ) from None
        self._remind_before = remind_before
        stamp = datetime.combine(answerer.as_of, time(), tzinfo=UTC)
        self._writer = IcsWriter(self._stream, stamp=stamp)

    def add(self, row: Row, columns: list[str], answer: Answer) -> None:
        from watchwarranty.engine.reminders import reminders, watch_key
        from watchwarranty.render.table import verdict_brand_name

        verdict = answer.verdict
        assert verdict is not None
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


def _open(source: str) -> tuple[IO[bytes], int | None]:
    """The input as bytes, and its size when it is a regular file (for the progress bar)."""
    if source == "-":
        return sys.stdin.buffer, None
    try:
        binary = Path(source).open("rb")  # noqa: SIM115 - closed by the caller's with
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
            # The data must reach stdout (a file, a pipe) untouched, not through Rich.
            redirect_stdout=False,
        )
        self._task = self._bar.add_task("rows", total=size)
        self._bar.start()

    def update(self, done: int) -> None:
        self._bar.update(self._task, completed=done)

    def stop(self) -> None:
        self._bar.stop()


def _print_summary(tally: Tally) -> None:
    from rich.console import Console

    from watchwarranty.render.pairs import Pairs

    counts = [
        (_("rows"), tally.rows),
        (_("covered"), tally.covered),
        (_("expired"), tally.expired),
        (_("expiring within {days} days").format(days=tally.soon_days), tally.soon),
        (_("errors"), tally.errors),
    ]
    # Counts line up on their last digit, so they can be read down the column.
    width = max(len(str(count)) for _label, count in counts)
    rows = [(label, str(count).rjust(width)) for label, count in counts]
    Console(stderr=True, highlight=False, emoji=False).print(Pairs(rows, label_style="bold"))
