"""`watchwarranty batch`: a whole inventory, streamed a row at a time."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Annotated, Any, BinaryIO

import typer

from watchwarranty.batch.answer import RESULT_COLUMNS, Answer, Answerer
from watchwarranty.batch.columns import (
    DATE_COLUMNS,
    FACT_COLUMNS,
    fact_indexes,
    parse_column_options,
    refuse_unread,
    roc_facts,
    unread_columns_text,
    unread_like_facts,
)
from watchwarranty.batch.order import OrderFinder
from watchwarranty.batch.people import (
    PeopleAnswer,
    Summary,
    identity_indexes,
    people_labels,
    use_rules,
    watch_text,
)
from watchwarranty.batch.read import InputFormat, Inventory, ReadOptions, Row, read_inventory
from watchwarranty.batch.refresh import report_columns, without_columns
from watchwarranty.batch.skips import Furniture, furniture
from watchwarranty.batch.tally import SOON_DAYS, Tally
from watchwarranty.batch.write import Output, ReportFormat
from watchwarranty.errors import InputError, OutputError
from watchwarranty.i18n import _, chinese, ngettext
from watchwarranty.inputs.dates import DateOrder, date_order_of, given_date_order, roc_marked
from watchwarranty.model import RuleBook, Verdict
from watchwarranty.render.atomic import refuse_same_files, replacing
from watchwarranty.render.safe import printable
from watchwarranty.rules import normalise_name

from .application import (
    PROG,
    AsOfOption,
    ColumnOption,
    Command,
    DateOrderOption,
    ExitStatus,
    LangOption,
    RocYearsOption,
    RulesOption,
    SheetOption,
    app,
    apply_language,
    as_of_day,
    examples,
    load,
    one_line_errors,
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
            metavar="FORMAT",
            help=_(
                "Input format: csv, tsv, jsonl, json, xlsx or parquet; by default from the file's "
                "extension, else its first bytes."
            ),
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            metavar="FORMAT",
            help=_(
                "Output format: csv, jsonl, json, xlsx or parquet; by default from -o FILE's "
                "extension, else csv."
            ),
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
    sheet: SheetOption = None,
    column: ColumnOption = None,
    extra_columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="KEYS",
            help=_("JSON keys (comma-separated) to write as columns even if line 1 lacks them."),
        ),
    ] = None,
    strict_columns: Annotated[
        bool,
        typer.Option(
            "--strict-columns",
            help=_("Stop when a column reads like a known field but is not read (for scripts)."),
        ),
    ] = False,
    header_row: Annotated[
        int | None,
        typer.Option(
            "--header-row",
            min=1,
            metavar="N",
            help=_("The header is row N (default: the first row naming brand and purchase date)."),
        ),
    ] = None,
    date_order: DateOrderOption = None,
    roc_years: RocYearsOption = False,
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
    raw_csv: Annotated[
        bool,
        typer.Option(
            "--raw-csv",
            help=_(
                "Write CSV cells as they are, even those a spreadsheet would run as a formula "
                "(by default they get a ' before them)."
            ),
        ),
    ] = False,
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
            help=_(
                "Keep only watches that may still be covered and whose cover may end within DAYS "
                "(a cover that depends on a fact not given counts), and rows in error."
            ),
        ),
    ] = None,
    register_within: Annotated[
        int | None,
        typer.Option(
            min=0,
            metavar="DAYS",
            help=_("Keep only watches whose last day to register is within DAYS (and errors)."),
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
    keys: Annotated[
        bool,
        typer.Option(
            "--keys",
            help=_(
                "Name the result columns by their stable keys and write status words as keys, "
                "whatever --lang (JSON always does)."
            ),
        ),
    ] = False,
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
            header_row=header_row,
            rules=answerer.rules,
        )
        chosen_format = output_format or (ReportFormat.of(output) if output else ReportFormat.CSV)
        if chosen_format is ReportFormat.XLSX and output is None:
            raise InputError(_("an xlsx report cannot go to stdout"), _("pass -o FILE.xlsx"))
        binary, size = _open(source)
        with binary, ExitStack() as files:
            named = [path for path in (output, ics) if path is not None]
            refuse_same_files(_status_of(source, binary), named)
            # Every output is checked (its replacement made beside it) before a row is read.
            target = files.enter_context(replacing(output)) if output else None
            calendar = files.enter_context(replacing(ics)) if ics else None
            inventory = read_inventory(binary, options, name=source, size=size or 0)
            dropped = report_columns(inventory.columns, prefix)
            if dropped:
                names = ", ".join(inventory.columns[index] for index in dropped)
                inventory = without_columns(inventory, dropped)
                _say(
                    _(
                        "the input is a watchwarranty report: its result columns ({names}) "
                        "are answered afresh"
                    ).format(names=names)
                )
            indexes = fact_indexes(inventory.columns, options.chosen, require=False)
            try:
                _unread_columns(inventory.columns, indexes, strict=strict_columns)
            except InputError:
                inventory.close()
                raise
            for note in inventory.notes:
                sys.stderr.write(f"{PROG}: {note}\n")
            tally = Tally(expiring_within, register_within=register_within)
            errors = _Errors(max_errors, quiet=quiet)
            try:
                results = [prefix + name for name in RESULT_COLUMNS]
                _refuse_clashes(inventory.columns, results)
                for_people = (
                    chinese()
                    and not keys
                    and chosen_format in (ReportFormat.CSV, ReportFormat.XLSX)
                )
                if for_people or chosen_format is ReportFormat.XLSX:
                    use_rules(answerer.rules)
                writer = Output(
                    chosen_format,
                    target,
                    inventory.columns,
                    results,
                    name=output,
                    stdout=sys.stdout,
                    bom=bom,
                    date_columns=_date_columns(inventory.columns, options),
                    soon_days=SOON_DAYS,
                    labels=people_labels(results, prefix) if for_people else None,
                    sheet_title=_("Warranties"),
                    summary=Summary(inventory.columns, answerer.as_of)
                    if chosen_format is ReportFormat.XLSX
                    else None,
                    raw_csv=raw_csv,
                    typed=inventory.typed,
                )
                _flush_before_waiting(binary, writer.flush)
                reminders = (
                    _Calendar(calendar, ics, answerer, remind_before)
                    if calendar is not None and ics is not None
                    else None
                )
                skipped = _answer_all(
                    inventory,
                    answerer,
                    writer,
                    tally,
                    errors,
                    reminders,
                    # The bar is drawn on stderr; when the rows go to the same terminal, or
                    # come from it as they are typed, it would be drawn among them.
                    no_progress
                    or (source == "-" and sys.stdin.isatty())
                    or (output is None and sys.stdout.isatty()),
                    for_people=for_people,
                    roc=roc_facts(inventory.columns, indexes),
                )
            finally:
                inventory.close()
    errors.finish()
    _report_left_out(inventory, chosen_format)
    if writer.cut:
        message = ngettext(
            "{count} cell was longer than an xlsx cell holds (32,767 characters) and was cut",
            "{count} cells were longer than an xlsx cell holds (32,767 characters) and were cut",
            writer.cut,
        ).format(count=writer.cut)
        sys.stderr.write(f"{PROG}: {message}\n")
    if summary:
        _print_summary(tally, inventory.skipped, skipped, answerer.rules)
    raise typer.Exit(ExitStatus.ATTENTION if tally.errors else ExitStatus.OK)


def _answer_all(
    inventory: Inventory,
    answerer: Answerer,
    writer: Output,
    tally: Tally,
    errors: _Errors,
    calendar: _Calendar | None,
    no_progress: bool,
    *,
    for_people: bool = False,
    roc: dict[int, str] | None = None,
) -> dict[Furniture, int]:
    """Answer and write every row; how many rows of each kind of furniture were skipped.
    ``roc``: the date facts whose column holds 民國 years, by position, with their headers."""
    progress = _Progress() if not no_progress and sys.stderr.isatty() else None
    finder = OrderFinder(given_date_order())
    skipped = dict.fromkeys(Furniture, 0)
    said_order = False
    spellings: set[str] = set()
    stores: set[str] = set()
    roc = roc or {}
    for header in roc.values():
        _say(
            _("column {name!r} holds 民國 (ROC) years: 112/1/3 is read as 2023-01-03").format(
                name=header
            )
        )

    def answer_row(row: Row, order: DateOrder | None) -> None:
        if roc:
            row = row._replace(
                facts=tuple(
                    roc_marked(fact) if position in roc else fact
                    for position, fact in enumerate(row.facts)
                )
            )
        if row.problem is not None:
            answer = answerer.refuse(row.problem)
        elif (contradiction := finder.contradiction(row)) is not None:
            answer = answerer.refuse(contradiction)
        elif order is None or order is finder.given:
            answer = answerer.answer(row.facts)
        else:
            with date_order_of(order):
                answer = answerer.answer(row.facts)
        if answer.error is not None:
            errors.report(row, answer.error)
            if not any(cell.strip() for cell in row.cells):
                # Nothing else in the report finds the row (a line that is not JSON): its
                # error says where it is, as the line on stderr does.
                where = _("line {number}").format(number=row.line)
                error = _("{where}: {error}").format(where=where, error=answer.error)
                answer = answer._replace(error=error)
        elif answer.verdict is not None and (store := row.facts[_STORE].strip()):
            _another_shop(answer.verdict, store, answerer, stores)
        if answer.verdict is not None and row.facts[_BRAND] not in spellings:
            spellings.add(row.facts[_BRAND])
            if normalise_name(row.facts[_BRAND]) not in answerer.rules.brand_index:
                _say(
                    _("brand {text!r} is read as {name}").format(
                        text=row.facts[_BRAND], name=answer.verdict.brand_name
                    )
                )
        if not tally.keeps(answer):
            return
        tally.count(answer)
        writer.write(row, PeopleAnswer(*answer) if for_people else answer)
        if calendar is not None and answer.verdict is not None:
            calendar.add(row, inventory.columns, answer)
        if progress is not None and tally.rows % PROGRESS_EVERY == 0:
            progress.update(tally.rows, inventory.share())

    try:
        for row in inventory.rows:
            found = furniture(row)
            if found is not None:
                kind, cell = found
                if not skipped[kind]:
                    _say(_furniture_note(kind, row.line, cell))
                skipped[kind] += 1
                continue
            for ready, order in finder.feed(row):
                answer_row(ready, order)
            if not said_order and (note := finder.note()) is not None:
                said_order = True
                _say(note)
                if (released := finder.released_note()) is not None:
                    _say(released)
        for ready, order in finder.finish():
            answer_row(ready, order)
        writer.close()
        if calendar is not None:
            calendar.close()
    except BaseException:
        # The files' replacements are removed by their own context; the writer's helpers
        # (a workbook's temporary file) go here, before the garbage collector would try.
        writer.discard()
        raise
    finally:
        if progress is not None:
            progress.stop()
    return skipped


_BRAND = FACT_COLUMNS.index("brand")
_STORE = FACT_COLUMNS.index("store")


def _another_shop(verdict: Verdict, store: str, answerer: Answerer, said: set[str]) -> None:
    """Say once for each shop the rules do not name that it was read as "another shop"."""
    if verdict.purchase.store is None and store not in said:
        said.add(store)
        from watchwarranty.rules.lookup import another_shop_note

        _say(another_shop_note(answerer.rules.brands[verdict.purchase.brand], store))


def _say(message: str) -> None:
    sys.stderr.write(f"{PROG}: {printable(message)}\n")


def _furniture_note(kind: Furniture, line: int, cell: str) -> str:
    if kind is Furniture.TOTALS:
        return _("line {line} is a totals row ({cell}), not a watch: skipped").format(
            line=line, cell=cell
        )
    return _("line {line} holds only a row number ({cell}): skipped as blank").format(
        line=line, cell=cell
    )


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


def _unread_columns(columns: list[str], indexes: list[int], *, strict: bool) -> None:
    found = unread_like_facts(columns, indexes)
    if strict:
        refuse_unread(found)
    for line in unread_columns_text(found):
        sys.stderr.write(f"{PROG}: {line}\n")


def _report_left_out(inventory: Inventory, output_format: ReportFormat) -> None:
    if inventory.left_out and output_format in (ReportFormat.CSV, ReportFormat.XLSX):
        keys = ",".join(inventory.left_out)
        message = _(
            "JSON keys not on the first line were left out of the columns: {keys}; pass "
            "--columns {keys} to keep them"
        ).format(keys=keys)
        sys.stderr.write(f"{PROG}: {printable(message)}\n")


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
            sys.stderr.write(f"{PROG}: {where}: {printable(error)}\n")

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

    def __init__(
        self, stream: BinaryIO, path: Path, answerer: Answerer, remind_before: int
    ) -> None:
        from watchwarranty.render.ics import IcsWriter

        self._path = path
        self._remind_before = remind_before
        self._identity: dict[str, int] | None = None
        stamp = datetime.combine(answerer.as_of, time(), tzinfo=UTC)
        with self._writing():
            self._writer = IcsWriter(stream, stamp=stamp)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        # The calendar is not the output the group's handler would name: name it here.
        try:
            yield
        except OSError as error:
            raise OutputError(self._path, error) from None

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
        events = reminders(verdict, brand, key=key, remind_before=self._remind_before)
        if self._identity is None:
            self._identity = identity_indexes(columns)
        watch = watch_text(row, self._identity)
        if watch:
            # Forty events titled "Register your <brand> watch" do not say which watch.
            events = [
                replace(
                    event,
                    summary=_("{summary}: {watch}").format(summary=event.summary, watch=watch),
                    description=_("Watch: {brand}, {watch}").format(brand=brand, watch=watch)
                    + "\n"
                    + event.description,
                )
                for event in events
            ]
        with self._writing():
            self._writer.write(events)

    def close(self) -> None:
        with self._writing():
            self._writer.close()


def _status_of(source: str, binary: IO[bytes]) -> dict[str, os.stat_result]:
    # Stdin redirected from a file is that file too: `batch - < inv.csv -o inv.csv`.
    try:
        return {source if source != "-" else "stdin": os.fstat(binary.fileno())}
    except (OSError, ValueError, io.UnsupportedOperation):
        return {}


def _open(source: str) -> tuple[IO[bytes], int | None]:
    """The input as bytes, and its size when it is a regular file (for the progress bar)."""
    if source == "-":
        if sys.stdin.isatty():
            # Someone typed `batch -` at a prompt: without a word it would seem to hang.
            waiting = _("waiting for CSV on stdin (end it with Ctrl-D; Ctrl-C to stop)")
            sys.stderr.write(f"{PROG}: {waiting}\n")
            # Read to the end at once: read in blocks, a terminal's Ctrl-D ends only the block
            # being read, and the next block waited for a second one.
            return io.BytesIO(sys.stdin.buffer.read()), None
        return io.BufferedReader(_Input(sys.stdin.buffer, _("stdin")), _READ_SIZE), None
    try:
        binary = Path(source).open("rb")  # noqa: SIM115 - closed by the caller's with
        status = os.fstat(binary.fileno())
    except FileNotFoundError:
        raise InputError(
            _("no such file {source!r}").format(source=source),
            _("check the path, or give - for stdin"),
        ) from None
    except OSError as error:
        raise _unreadable(source, error) from None
    size = status.st_size if stat.S_ISREG(status.st_mode) else None
    return io.BufferedReader(_Input(binary, source), _READ_SIZE), size


_READ_SIZE = 64 * 1024


def _flush_before_waiting(binary: IO[bytes], flush: Callable[[], None]) -> None:
    """When the input is a pipe, a FIFO or a terminal, ``flush`` before each read of it. A
    regular file never makes a read wait, and stdout flushes as its buffer fills."""
    raw = getattr(binary, "raw", None)
    if isinstance(raw, _Input) and raw.may_wait:
        raw.before_read = flush


def _unreadable(source: str, error: OSError) -> InputError:
    return InputError(
        _("cannot read {source}: {reason}").format(source=source, reason=error.strerror or error),
        _("check the file, or give - for stdin"),
    )


class _Input(io.RawIOBase):
    """The input file, whose read errors name it and say "cannot read" (exit 2): a failing
    disk under the inventory is not a report that could not be written."""

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self._raw = raw
        self._name = name
        # readinto1: what a pipe has now, so that rows piped in flow on as they come.
        self._read = getattr(raw, "readinto1", None) or getattr(raw, "readinto")  # noqa: B009
        try:
            self.may_wait = not stat.S_ISREG(os.fstat(raw.fileno()).st_mode)
        except (OSError, ValueError, io.UnsupportedOperation):
            self.may_wait = True
        self.before_read: Callable[[], None] | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.before_read is not None:
            # A pipe's rows may come one at a time, each answered as its line comes, and this
            # read may wait for the next: what is answered goes out first, or a shop that sends
            # a row and reads its answer waits for us as we wait for it. Once a read, not once
            # a row, so that a file piped in costs no more writes. Outside the try: a write that
            # fails is the output's error, not "cannot read".
            self.before_read()
        try:
            return int(self._read(buffer) or 0)
        except OSError as error:
            raise _unreadable(self._name, error) from None

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        try:
            return self._raw.seek(offset, whence)
        except OSError as error:
            raise _unreadable(self._name, error) from None

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._raw.close()
        super().close()


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


def _print_summary(
    tally: Tally, skipped: int, furniture: dict[Furniture, int], rules: RuleBook
) -> None:
    from rich.console import Console

    from watchwarranty.render.pairs import Pairs

    counts = [
        (_("rows"), tally.rows),
        (_("covered"), tally.covered),
        (_("depends on facts not given"), tally.depends),
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
    if furniture[Furniture.TOTALS]:
        counts.append((_("totals rows skipped"), furniture[Furniture.TOTALS]))
    if furniture[Furniture.NUMBERED]:
        counts.append((_("empty numbered rows skipped"), furniture[Furniture.NUMBERED]))
    # Counts line up on their last digit, so they can be read down the column.
    width = max(len(str(count)) for _label, count in counts)
    rows = [(label, str(count).rjust(width)) for label, count in counts]
    Console(stderr=True, highlight=False, emoji=False).print(Pairs(rows, label_style="bold"))
    # Which rules gave these answers, as every row's rules_version column says too.
    line = _("rules: version {version}, fingerprint {fingerprint}").format(
        version=rules.version or _("none given"), fingerprint=rules.fingerprint
    )
    sys.stderr.write(f"{line}\n")
