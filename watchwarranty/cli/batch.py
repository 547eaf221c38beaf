"""`watchwarranty batch`: a whole inventory, streamed a row at a time."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Annotated

import typer

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer, Answerer
from watchwarranty.batch.columns import (
    DATE_COLUMNS,
    FACT_COLUMNS,
    fact_indexes,
    parse_column_options,
)
from watchwarranty.batch.read import InputFormat, Inventory, ReadOptions, Row, read_inventory
from watchwarranty.batch.tally import SOON_DAYS, Tally
from watchwarranty.batch.write import Output, ReportFormat
from watchwarranty.errors import InputError
from watchwarranty.i18n import _, ngettext

from .application import (
    PROG,
    AsOfOption,
    Command,
    DateOrderOption,
    ExitStatus,
    LangOption,
    RulesOption,
    app,
    apply_language,
    as_of_day,
    examples,
    load,
    one_line_errors,
    output_failed,
)
from .watch import RemindBeforeOption

# The progress bar is redrawn after this many rows, not after every one.
PROGRESS_EVERY = 2048


@app.command(
    cls=Command,
    help=_(
        "Check a whole inventory (CSV, TSV, xlsx, JSON Lines, JSON or Parquet): one output row "
        "per input row, in order, on stdout or in the -o file."
    ),
    epilog=examples("batch"),
)
def batch(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-",
            help=_(
                "CSV or TSV with a header, an .xlsx workbook, JSON Lines, JSON or Parquet; - for "
                "stdin."
            ),
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help=_("Write the rows to FILE, in the format its extension names."),
        ),
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        typer.Option(
            "--input-format",
            case_sensitive=False,
            help=_("Input format; by default from the file's extension, else its first bytes."),
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help=_("Output format; by default from -o FILE's extension, else csv."),
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            metavar="CHAR",
            help=_("CSV delimiter (, ; | or tab); by default the one that splits the header."),
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help=_("Text encoding, e.g. gb18030 (covers GBK); by default UTF-8 or UTF-16."),
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(metavar="NAME", help=_("The workbook's sheet to read (default: the first).")),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="FIELD=HEADER",
            help=_("Read FIELD (e.g. purchase_date) from the column named HEADER; repeatable."),
        ),
    ] = None,
    extra_columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="KEYS",
            help=_("JSON keys (comma-separated) to write as columns even if line 1 lacks them."),
        ),
    ] = None,
    date_order: DateOrderOption = None,
    serial_dates: Annotated[
        bool,
        typer.Option(
            "--excel-serial-dates",
            help=_("Read a number in an xlsx date column as an Excel date serial number."),
        ),
    ] = False,
    bom: Annotated[
        bool | None,
        typer.Option(
            "--bom/--no-bom",
            help=_("Start CSV output with a UTF-8 byte-order mark (default: only with -o)."),
            show_default=False,
        ),
    ] = None,
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
    max_errors: Annotated[
        int,
        typer.Option(min=0, metavar="N", help=_("Print at most N row errors on stderr.")),
    ] = 20,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Print no row errors on stderr."))
    ] = False,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help=_("Show no progress bar."))
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
        options = ReadOptions(
            input_format=input_format,
            delimiter=_delimiter_named(delimiter),
            encoding=encoding,
            sheet=sheet,
            chosen=parse_column_options(column or ()),
            extra_keys=tuple(key.strip() for key in (extra_columns or "").split(",") if key),
            serial_dates=serial_dates,
        )
        chosen_format = output_format or (ReportFormat.of(output) if output else ReportFormat.CSV)
        binary, size = _open(source)
        with binary:
            inventory = read_inventory(binary, options, name=source, size=size or 0)
            tally = Tally(expiring_within)
            errors = _Errors(max_errors, quiet=quiet)
            try:
                results = [prefix + name for name in RESULT_COLUMNS]
                _refuse_clashes(inventory.columns, results)
                writer = Output(
                    chosen_format,
                    output,
                    inventory.columns,
                    results,
                    stdout=sys.stdout,
                    bom=bom,
                    date_columns=_date_columns(inventory.columns, options),
                    soon_days=SOON_DAYS,
                )
                _answer_all(
                    inventory, answerer, writer, tally, errors, ics, remind_before, no_progress
                )
            finally:
                inventory.close()
    errors.finish()
    _report_left_out(inventory, chosen_format)
    if summary:
        _print_summary(tally, inventory.skipped)
    raise typer.Exit(ExitStatus.ATTENTION if tally.errors else ExitStatus.OK)


def _answer_all(
    inventory: Inventory,
    answerer: Answerer,
    writer: Output,
    tally: Tally,
    errors: _Errors,
    ics: Path | None,
    remind_before: int,
    no_progress: bool,
) -> None:
    calendar = _Calendar(ics, answerer, remind_before) if ics else None
    progress = _Progress() if not no_progress and sys.stderr.isatty() else None
    try:
        for row in inventory.rows:
            answer = (
                Answer(None, row.problem)
                if row.problem is not None
                else answerer.answer(row.facts)
            )
            if answer.error is not None:
                errors.report(row, answer.error)
            if not tally.keeps(answer):
                continue
            tally.count(answer)
            writer.write(row, answer)
            if calendar is not None and answer.verdict is not None:
                calendar.add(row, inventory.columns, answer)
            if progress is not None and tally.rows % PROGRESS_EVERY == 0:
                progress.update(tally.rows, inventory.share())
    finally:
        if progress is not None:
            progress.stop()
        try:
            writer.close()
        finally:
            if calendar is not None:
                calendar.close()


def _delimiter_named(given: str | None) -> str | None:
    # A tab is hard to type on a command line: its name and its escape stand for it.
    if given is not None and given.lower() in ("tab", "\\t"):
        return "\t"
    return given


def _date_columns(columns: list[str], options: ReadOptions) -> list[int]:
    indexes = fact_indexes(columns, options.chosen, require=False)
    return [
        indexes[FACT_COLUMNS.index(name)]
        for name in DATE_COLUMNS
        if indexes[FACT_COLUMNS.index(name)] >= 0
    ]


def _report_left_out(inventory: Inventory, output_format: ReportFormat) -> None:
    if inventory.left_out and output_format in (ReportFormat.CSV, ReportFormat.XLSX):
        keys = ",".join(inventory.left_out)
        message = _(
            "JSON keys not on the first line were left out of the columns: {keys}; pass "
            "--columns {keys} to keep them"
        ).format(keys=keys)
        sys.stderr.write(f"{PROG}: {message}\n")


class _Errors:
    """Row errors on stderr: the first ``limit``, then one line for the rest."""

    def __init__(self, limit: int, *, quiet: bool) -> None:
        self._limit = limit
        self._quiet = quiet
        self._count = 0

    def report(self, row: Row, error: str) -> None:
        self._count += 1
        if self._count <= self._limit and not self._quiet:
            where = _("line {number}").format(number=row.line)
            sys.stderr.write(f"{PROG}: {where}: {error}\n")

    def finish(self) -> None:
        more = self._count - self._limit
        if more > 0 and not self._quiet:
            message = ngettext(
                "… and {count} more row with errors (see the error column)",
                "… and {count} more rows with errors (see the error column)",
                more,
            ).format(count=more)
            sys.stderr.write(f"{PROG}: {message}\n")


def _refuse_clashes(columns: list[str], results: list[str]) -> None:
    clashes = [name for name in results if name in columns]
    if clashes:
        raise InputError(
            _("the input already has columns named like the results: {names}").format(
                names=", ".join(clashes)
            ),
            _("rename those columns, or pass --prefix warranty_ to name the results apart"),
        )


class _Calendar:
    """Reminders for every row that has some, streamed into one iCalendar file."""

    # An inventory's own id for a watch keeps its reminders' UIDs stable across runs.
    IDENTITY_COLUMNS = ("sku", "serial", "serial_number", "id")

    def __init__(self, path: Path, answerer: Answerer, remind_before: int) -> None:
        from watchwarranty.render.ics import IcsWriter

        self._path = path
        self._remind_before = remind_before
        stamp = datetime.combine(answerer.as_of, time(), tzinfo=UTC)
        with self._writing():
            self._stream = path.open("wb")
            self._writer = IcsWriter(self._stream, stamp=stamp)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        # The calendar is not the output the group's handler would name: name it here.
        try:
            yield
        except OSError as error:
            output_failed(error, self._path)

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
        with self._writing():
            self._writer.write(
                reminders(verdict, brand, key=key, remind_before=self._remind_before)
            )

    def close(self) -> None:
        with self._writing():
            self._writer.close()
            self._stream.close()


def _open(source: str) -> tuple[IO[bytes], int | None]:
    """The input as bytes, and its size when it is a regular file (for the progress bar)."""
    if source == "-":
        if sys.stdin.isatty():
            # Someone typed `batch -` at a prompt: without a word it would seem to hang.
            waiting = _("waiting for CSV on stdin (end it with Ctrl-D; Ctrl-C to stop)")
            sys.stderr.write(f"{PROG}: {waiting}\n")
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
    """A Rich progress bar on stderr: rows written, and the share of the input read when it
    can be told; only for a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self._bar = Progress(
            TextColumn("{task.fields[rows]}"),
            BarColumn(),
            TaskProgressColumn(),
            console=Console(stderr=True),
            transient=True,
            # The data must reach stdout (a file, a pipe) untouched, not through Rich.
            redirect_stdout=False,
        )
        self._task = self._bar.add_task("rows", total=None, rows="")
        self._bar.start()

    def update(self, rows: int, share: float | None) -> None:
        label = ngettext("{count} row", "{count} rows", rows).format(count=f"{rows:,}")
        if share is None:
            self._bar.update(self._task, rows=label)
        else:
            self._bar.update(self._task, rows=label, total=1.0, completed=share)

    def stop(self) -> None:
        self._bar.stop()


def _print_summary(tally: Tally, skipped: int) -> None:
    from rich.console import Console

    from watchwarranty.render.pairs import Pairs

    counts = [
        (_("rows"), tally.rows),
        (_("covered"), tally.covered),
        (_("expired"), tally.expired),
        (
            ngettext(
                "expiring within {days} day", "expiring within {days} days", tally.soon_days
            ).format(days=tally.soon_days),
            tally.soon,
        ),
        (_("errors"), tally.errors),
    ]
    if skipped:
        counts.append((_("blank rows skipped"), skipped))
    # Counts line up on their last digit, so they can be read down the column.
    width = max(len(str(count)) for _label, count in counts)
    rows = [(label, str(count).rjust(width)) for label, count in counts]
    Console(stderr=True, highlight=False, emoji=False).print(Pairs(rows, label_style="bold"))
