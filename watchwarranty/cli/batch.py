"""`watchwarranty batch`: a whole inventory, streamed row by row."""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Annotated

import typer

from watchwarranty.batch import Evaluator, InputFormat, Result, Row, read_rows
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
    fail,
    load,
    one_line_errors,
)
from .watch import RemindBeforeOption

SOON_DAYS = 90
# Progress is redrawn every this many rows, so that drawing costs nothing measurable.
PROGRESS_EVERY = 4096


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
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Check a whole inventory: one output row per input row, in order, on stdout."""
    apply_language(lang)
    with one_line_errors():
        evaluator = Evaluator(load(rules_path), as_of=as_of_day(as_of))
        binary, size = _open(source)
    calendar = _Calendar(ics, evaluator, remind_before) if ics else None
    stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    progress = _Progress(binary, size) if size and stderr_is_terminal() else None
    tally = _Tally()
    try:
        with one_line_errors(), stream:
            columns, rows = read_rows(stream, input_format or InputFormat.guess(source))
            from watchwarranty.render.rows import batch_writer

            writer = batch_writer(output_format, sys.stdout, columns)
            for count, row in enumerate(rows, 1):
                result = evaluator.answer(row)
                tally.add(result)
                if result.error:
                    line = _("line {number}").format(number=row.line)
                    sys.stderr.write(f"{PROG}: {line}: {result.error}\n")
                elif expiring_within is not None and not (
                    result.status == "active" and int(result.days_left) <= expiring_within
                ):
                    continue
                writer.write(row, result)
                if calendar is not None:
                    calendar.add(row, columns)
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress.update()
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


@dataclass
class _Tally:
    rows: int = 0
    covered: int = 0
    expired: int = 0
    soon: int = 0
    errors: int = 0

    def add(self, result: Result) -> None:
        self.rows += 1
        if result.error:
            self.errors += 1
        elif result.status == "active":
            self.covered += 1
            if int(result.days_left) <= SOON_DAYS:
                self.soon += 1
        else:
            self.expired += 1


class _Progress:
    """A Rich progress bar on stderr, in bytes read; only for a terminal and a sized file."""

    def __init__(self, binary: IO[bytes], size: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        self._binary = binary
        self._bar = Progress(
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            # Rich would otherwise route stdout through its console, onto the terminal: the data
            # must reach stdout (a file, a pipe) untouched. Error lines go above the bar.
            redirect_stdout=False,
        )
        self._task = self._bar.add_task("rows", total=size)
        self._bar.start()

    def update(self) -> None:
        self._bar.update(self._task, completed=self._binary.tell())

    def stop(self) -> None:
        self._bar.stop()


def _print_summary(tally: _Tally) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, count in (
        (_("rows"), tally.rows),
        (_("covered"), tally.covered),
        (_("expired"), tally.expired),
        (_("expiring within {days} days").format(days=SOON_DAYS), tally.soon),
        (_("errors"), tally.errors),
    ):
        table.add_row(label, str(count))
    Console(stderr=True, highlight=False).print(table)
