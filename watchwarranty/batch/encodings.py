"""Text out of an inventory's bytes: UTF-8 (with or without Excel's byte-order mark), UTF-16 by
its byte-order mark, or the encoding --encoding names; every codec is Python's own.

UTF-8 and the encodings that write ASCII as ASCII (GB18030, Big5, cp1252, ...) are decoded a
physical line at a time, so that a line that cannot be read is that row's problem and no other's.
A file that is not UTF-8 at all is told apart from a UTF-8 file with a bad line by a sample of
its start: the run stops at once and says which encoding to name.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from watchwarranty.errors import InputError
from watchwarranty.i18n import _

if TYPE_CHECKING:
    from watchwarranty.model import RuleBook

# A physical line longer than this is a row's error: memory stays bounded whatever the input.
MAX_LINE_BYTES = 1 << 20
# How much of the start is read to decide what the input is (encoding, format, delimiter).
SAMPLE_BYTES = 64 * 1024
# A CR that is not the start of a CRLF, split after (it stays with its line, as a line end).
_LONE_CR = re.compile(r"\r(?!\n)")
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
# Codecs Python has that no file is saved in: escapes, domain names, a mail transfer encoding.
_NOT_FOR_FILES = frozenset(
    {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7", "undefined"}
)
_BOMS = {
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}
_NEEDS_BOM = frozenset(_BOMS)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Bytes that say a file is an xlsx (a zip) or an encrypted workbook (OLE2), not text.
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"


class Sampled(io.RawIOBase):
    """A stream whose first bytes were read to look at, read again from its start."""

    def __init__(self, sample: bytes, rest: IO[bytes]) -> None:
        self._sample = memoryview(sample)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._sample:
            count = min(len(buffer), len(self._sample))
            buffer[:count] = self._sample[:count]
            self._sample = self._sample[count:]
            return count
        # read1: what a pipe has now, so that rows typed or piped in flow on as they come.
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sample(binary: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first bytes of ``binary`` (SAMPLE_BYTES of a file; of a pipe, what it has once a
    line has come), and a stream that reads it all from the start."""
    if binary.seekable():
        head = binary.read(SAMPLE_BYTES)
    else:
        # Rows typed or piped in are answered as they come, not once 64 KiB have.
        read = getattr(binary, "read1", binary.read)
        head = b""
        while len(head) < SAMPLE_BYTES and b"\n" not in head:
            more = read(SAMPLE_BYTES - len(head))
            if not more:
                break
            head += more
    return head, io.BufferedReader(Sampled(head, binary))


def text_encoding(name: str) -> str:
    """The codec's own name for ``name``; InputError unless Python knows it as a text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(
            _("unknown encoding {name!r}").format(name=name),
            _("name one Python knows, e.g. gb18030 (covers GBK), utf-16, big5, cp1252"),
        )
    if info.name in _NOT_FOR_FILES:
        raise InputError(
            _("{name!r} is not an encoding a spreadsheet or a till saves files in").format(
                name=name
            ),
            _("name one such as utf-8, gb18030 (covers GBK), utf-16, big5 or cp1252"),
        )
    return info.name


def choose_encoding(head: bytes, given: str | None, rules: RuleBook | None = None) -> str:
    """The encoding to read: the one given, else UTF-16 by its byte-order mark, else UTF-8.

    InputError when nothing was given and the sample is plainly not UTF-8, naming the
    encoding to pass; ``rules`` know the brands that tell Big5 from GBK when the header cannot.
    """
    if given is not None:
        encoding = text_encoding(given)
        if encoding in _NEEDS_BOM and not head.startswith(_BOMS[encoding]):
            # Python's utf-16 and utf-32 take their byte order from the mark, and stop without.
            order = "le" if head[1:2] == b"\0" else "be"
            raise InputError(
                _(
                    "the input has no byte-order mark, so {encoding} does not say which byte "
                    "order it is in"
                ).format(encoding=given),
                _("pass --encoding {encoding}-{order}").format(encoding=encoding, order=order),
            )
        return encoding
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    _refuse_other_encodings(head, rules)
    return "utf-8"


def _refuse_other_encodings(head: bytes, rules: RuleBook | None) -> None:
    # The last line of the sample may be cut inside a character: it is not judged.
    lines = head.splitlines()[:-1] if not head.endswith(b"\n") else head.splitlines()
    foreign = [line for line in lines if not line.isascii()]
    failing = [line for line in foreign if not _decodes(line, "utf-8")]
    if not failing or len(failing) < len(foreign):
        return  # UTF-8, perhaps with a bad line or two: those are their rows' errors
    readings = [
        encoding
        for encoding in _CHINESE_ENCODINGS
        if all(_decodes(line, encoding) for line in failing)
    ]
    if len(readings) == 2:
        # GB18030 decodes almost any bytes, Big5 into mojibake among them: the reading in
        # which the header names columns batch knows, and the brand column brands the rules
        # know, is the file's. A name known in the other reading is a coincidence; when there
        # are nearly as many of those, neither reading is trusted and both are named.
        scores = [_known_names(lines, encoding, rules) for encoding in readings]
        clearly = [
            encoding
            for encoding, score, other in zip(readings, scores, scores[::-1], strict=True)
            if score > 2 * other
        ]
        readings = clearly or readings
    if readings == ["gb18030"]:
        raise InputError(
            _("the input is not UTF-8; it reads as GB18030 (GBK), as Chinese Windows saves it"),
            _("pass --encoding gb18030, or save the file as UTF-8"),
        )
    if readings == ["cp950"]:
        raise InputError(
            _(
                "the input is not UTF-8; it reads as Big5 (cp950), as Traditional Chinese "
                "Windows saves it"
            ),
            _("pass --encoding cp950, or save the file as UTF-8"),
        )
    if readings:
        raise InputError(
            _(
                "the input is not UTF-8; it reads as GB18030 (GBK, Simplified) or as Big5 "
                "(cp950, Traditional)"
            ),
            _("pass --encoding gb18030 or --encoding cp950, or save the file as UTF-8"),
        )
    if len(failing) >= 2:
        raise InputError(
            _("the input is not UTF-8"),
            _("pass --encoding NAME (e.g. cp1252 or big5), or save the file as UTF-8"),
        )


# Chinese Windows' encodings, Simplified and Traditional; cp950 is Big5 as Windows writes it
# (Python's big5 lacks characters that Taiwanese files hold, such as 碁 and 銹).
_CHINESE_ENCODINGS = ("gb18030", "cp950")


# The lines in which header names are looked for, and the lines whose brand cells are.
_HEADER_LINES = 5
_BRAND_LINES = 100


def _known_names(lines: list[bytes], encoding: str, rules: RuleBook | None) -> int:
    """How many of the first lines' cells, read in ``encoding``, name a column batch knows,
    and how many brand cells below the header name a brand of ``rules``."""
    from watchwarranty.batch.columns import FACT_COLUMNS, fact_indexes
    from watchwarranty.rules.lookup import brand_named

    found = 0
    brand_column = -1
    for number, line in enumerate(lines[:_BRAND_LINES]):
        text = line.decode(encoding, "replace")
        cells = [cell.strip(" \t\"'") for cell in re.split(r"[,;\t|]", text)]
        if number < _HEADER_LINES:
            indexes = fact_indexes(cells, {}, require=False)
            found += sum(index >= 0 for index in indexes)
            if brand_column < 0:
                brand_column = indexes[FACT_COLUMNS.index("brand")]
                continue
        if rules is not None and 0 <= brand_column < len(cells):
            found += brand_named(rules, cells[brand_column]) is not None
    return found


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _ascii_compatible(encoding: str) -> bool:
    probe = "\r\n,;\t|\"' {}[]:0123456789abcxyzABCXYZ-_./"
    try:
        return probe.encode(encoding) == probe.encode("ascii")
    except UnicodeEncodeError:
        return False


def lines_of(binary: IO[bytes], encoding: str) -> Lines:
    """The physical lines of ``binary`` read as text in ``encoding``."""
    if _ascii_compatible(encoding):
        return Lines(binary, encoding)
    return WideLines(binary, encoding)


class Lines:
    """The physical lines of a byte stream, each decoded on its own, so that one bad line is
    that line's problem and no other's."""

    def __init__(self, binary: IO[bytes], encoding: str = "utf-8") -> None:
        self._binary = binary
        self.encoding = encoding
        self.number = 0
        self.bytes_read = 0
        self._problems: dict[int, str] = {}
        # CSV reads a lone CR as a line end too (universal newlines, as old Mac exports and
        # some tills write); JSON Lines does not, since a JSON object can hold one as space.
        self.universal = False

    def __iter__(self) -> Iterator[str]:
        read = self._binary.readline
        encoding = self.encoding
        while raw := read(MAX_LINE_BYTES + 1):
            self.number += 1
            self.bytes_read += len(raw)
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                self._skip_rest_of_line()
                self._problems[self.number] = _(
                    "the line is longer than {limit} bytes; split or shorten it"
                ).format(limit=MAX_LINE_BYTES)
                yield "\n"
                continue
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as error:
                self._problems[self.number] = self._undecodable(raw, error)
                text = raw.decode(self.encoding, "replace")
            if self.number == 1:
                text = text.removeprefix("\ufeff")  # Excel's byte-order mark
            if self.universal and _LONE_CR.search(text):
                first, *rest = (part for part in _AFTER_LONE_CR.split(text) if part)
                yield first
                for part in rest:
                    self.number += 1
                    yield part
                continue
            yield text

    def _undecodable(self, raw: bytes, error: UnicodeDecodeError) -> str:
        byte, position = f"0x{raw[error.start]:02x}", error.start + 1
        if self.encoding == "utf-8":
            return _(
                "the line is not UTF-8 (byte {byte} at byte {position}); save the file as UTF-8"
            ).format(byte=byte, position=position)
        return _(
            "the line cannot be read as {encoding} (byte {byte} at byte {position}); "
            "check --encoding"
        ).format(encoding=self.encoding, byte=byte, position=position)

    def _skip_rest_of_line(self) -> None:
        while chunk := self._binary.readline(MAX_LINE_BYTES):
            self.bytes_read += len(chunk)
            if chunk.endswith(b"\n"):
                return

    def problem(self, first: int, last: int) -> str | None:
        """The first problem on physical lines ``first`` to ``last``; forgets them all."""
        found = None
        for number in range(first, last + 1):
            problem = self._problems.pop(number, None)
            found = found or problem
        return found


class WideLines(Lines):
    """Lines of UTF-16 and the like, where a newline is more than one byte: the stream is
    decoded as a whole. Bytes that do not decode become U+FFFD, and the line holding one is
    that row's problem (no spreadsheet writes U+FFFD of its own)."""

    def __iter__(self) -> Iterator[str]:
        text = io.TextIOWrapper(self._binary, encoding=self.encoding, errors="replace", newline="")
        # A character is two bytes or more: the limit in bytes is at most this many.
        limit = MAX_LINE_BYTES // 2
        try:
            while line := text.readline(limit):
                self.number += 1
                # Bytes are not counted as they are decoded: characters stand in for them.
                self.bytes_read += len(line) * 2
                if len(line) == limit and not line.endswith(("\n", "\r")):
                    while (more := text.readline(limit)) and not more.endswith(("\n", "\r")):
                        self.bytes_read += len(more) * 2
                    self._problems[self.number] = _(
                        "the line is longer than {limit} bytes; split or shorten it"
                    ).format(limit=MAX_LINE_BYTES)
                    yield "\n"
                    continue
                if self.number == 1:
                    line = line.removeprefix("\ufeff")
                if "\ufffd" in line:
                    self._problems[self.number] = _(
                        "line {number} cannot be read as {encoding}; check --encoding"
                    ).format(number=self.number, encoding=self.encoding)
                yield line
        finally:
            text.detach()
