"""An xlsx workbook's rows, streamed by openpyxl's read-only mode, as the text batch reads.

A date cell is a date. A number where a date belongs is refused (Excel shows some dates as
numbers, but so is a price or a SKU typed into the wrong column) unless the user says the file
stores dates as Excel serial numbers.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, TYPE_CHECKING, Any

from watchwarranty.errors import InputError
from watchwarranty.i18n import _

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
# openpyxl keeps every shared string (each distinct text of the workbook) in memory, ~5x their
# size in the file; sheets are streamed, but a part of more than this takes minutes to read.
MAX_SHARED_STRINGS_BYTES = 128 << 20
MAX_SHEET_BYTES = 2 << 30


# What openpyxl raises for a workbook it cannot read: a broken zip or deflate stream, XML that is
# not well-formed (ParseError is a SyntaxError), a cell whose text does not fit its type, a
# shared string that is not there.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    OverflowError,
    EOFError,
    OSError,
    # zipfile: a compression method or zip version it does not know, a password it needs.
    NotImplementedError,
    RuntimeError,
)


def unreadable(name: str, error: BaseException) -> InputError:
    """The one line for a workbook that cannot be read, naming it and openpyxl's reason."""
    reason = " ".join(str(error).split()) or type(error).__name__
    return InputError(
        _("cannot read the workbook {name}: {reason}").format(name=name, reason=reason),
        _("save it from the spreadsheet as .xlsx"),
    )


def open_sheet(
    binary: IO[bytes], sheet: str | None, name: str = "-"
) -> tuple[Workbook, ReadOnlyWorksheet]:
    """The workbook in ``binary`` and the sheet to read (the first unless named); InputError
    for a file that is not an xlsx workbook, one that is encrypted, or a missing sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    binary.seek(0)
    if binary.read(4) == _OLE2_MAGIC:
        raise InputError(
            _("the workbook is password-protected, or an old .xls file"),
            _("save it from the spreadsheet as .xlsx without a password"),
        )
    # openpyxl warns of what it drops (an extension it does not know, a bad definition) in
    # lines of its own on stderr: what batch reads is the cells, and its errors are one line.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
    binary.seek(0)
    _refuse_bombs(binary, name)
    binary.seek(0)
    try:
        # data_only: a formula's cell gives the value the spreadsheet last computed.
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN) as error:
        raise unreadable(name, error) from None
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        workbook.close()
        raise InputError(
            _("the workbook has no sheet {sheet!r}").format(sheet=sheet),
            _("its sheets are: {names}").format(names=", ".join(names)),
        )
    try:
        chosen = workbook[sheet if sheet is not None else names[0]]
    except (IndexError, *_BROKEN) as error:
        # A workbook whose list of sheets is broken or empty.
        workbook.close()
        raise unreadable(name, error) from None
    return workbook, chosen


def _refuse_bombs(binary: IO[bytes], name: str) -> None:
    """InputError for a workbook whose parts would be too large once uncompressed, told from
    the zip's directory before openpyxl reads any: it holds every shared string in memory
    (a 400 KB file can unpack to a 400 MB string), and a sheet takes time to its full size."""
    try:
        with zipfile.ZipFile(binary) as archive:
            parts = [(info.filename, info.file_size) for info in archive.infolist()]
    except (zipfile.BadZipFile, *_BROKEN) as error:
        raise unreadable(name, error) from None
    for part, size in parts:
        lowered = part.lower()
        limit = (
            MAX_SHARED_STRINGS_BYTES
            if lowered.endswith("sharedstrings.xml")
            else MAX_SHEET_BYTES
            if lowered.startswith("xl/worksheets/")
            else None
        )
        if limit is not None and size > limit:
            raise InputError(
                _(
                    "the workbook {name} is too large to read: its part {part} would be "
                    "{size} MiB uncompressed, more than {limit} MiB"
                ).format(name=name, part=part, size=size >> 20, limit=limit >> 20),
                _("save the sheet as CSV, which is read a row at a time"),
            )


def sheet_rows(
    worksheet: ReadOnlyWorksheet, name: str = "-"
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Each row's number in the sheet and its cell values, one row held at a time; InputError
    when the sheet turns out to be broken part of the way through."""
    # The stubs type iter_rows for the full Worksheet only; read-only sheets share it.
    rows: Iterator[tuple[Any, ...]] = worksheet.iter_rows(values_only=True)  # type: ignore[misc]
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _BROKEN as error:
            raise unreadable(name, error) from None
        number += 1
        yield number, values


def cell_text(value: object) -> str:
    """A cell as the text a CSV export of it would hold: a date as ISO, a whole number
    without ".0", a boolean as true or false."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def date_cell_text(value: object, *, serial_dates: bool) -> tuple[str, str | None]:
    """A cell of a date column as text, and why it cannot be used (None when it can)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not serial_dates:
            return cell_text(value), _(
                "the date cell holds the number {value}, not a date; format the column as "
                "dates, or pass --excel-serial-dates if the file keeps dates as numbers"
            ).format(value=cell_text(value))
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError):
            return cell_text(value), _("{value} is not an Excel date serial number").format(
                value=cell_text(value)
            )
        return cell_text(converted), None
    return cell_text(value), None


def sheet_size(worksheet: ReadOnlyWorksheet) -> int | None:
    """How many rows the sheet says it has, when it says (for the progress bar)."""
    try:
        return worksheet.max_row
    except (TypeError, ValueError):
        return None
