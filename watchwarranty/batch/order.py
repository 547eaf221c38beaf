"""Which way round an inventory writes its dates, learnt from its rows: one row that reads only
one way (15/02/2022) settles 03/01/2023 in every row, above it and below. Rows that read both
ways wait, in order, until a row settles it or the input ends (then they are refused as
ambiguous, as without the inference); a row that contradicts the order found is its own error.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from watchwarranty.batch.columns import DATE_COLUMNS, FACT_COLUMNS
from watchwarranty.batch.read import Row
from watchwarranty.i18n import _, ngettext
from watchwarranty.inputs.dates import DateOrder, day_month_reading, order_shown

# Rows held back waiting for the order: past this many, they are answered without it.
MAX_WAITING = 1_000
_DATES = tuple(FACT_COLUMNS.index(name) for name in DATE_COLUMNS)


class OrderFinder:
    """Rows in, rows out in the same order, each with the date order to read it in."""

    def __init__(self, given: DateOrder | None) -> None:
        self.given = given
        self.order = given
        self._inferred = given is None
        self._waiting: deque[Row] = deque()
        # What settled the order: (line, date text), for the note and for a contradiction.
        self.evidence: tuple[int, str] | None = None
        # Rows let go unsettled because too many waited: how many, and the first one's line.
        self.released = 0
        self.first_released: int | None = None

    def feed(self, row: Row) -> Iterator[tuple[Row, DateOrder | None]]:
        """The rows that can be answered now that ``row`` has been read."""
        two_ways = False
        if self.order is None and self._inferred:
            for index in _DATES:
                reading = day_month_reading(row.facts[index])
                if isinstance(reading, DateOrder):
                    self.order = reading
                    self.evidence = (row.line, row.facts[index])
                    break
                two_ways = two_ways or reading
        if self.order is None:
            if two_ways or self._waiting:
                self._waiting.append(row)
                if len(self._waiting) > MAX_WAITING:
                    released = self._waiting.popleft()
                    self.released += 1
                    if self.first_released is None:
                        self.first_released = released.line
                    yield released, None
                return
            yield row, None
            return
        while self._waiting:
            yield self._waiting.popleft(), self.order
        yield row, self.order

    def finish(self) -> Iterator[tuple[Row, DateOrder | None]]:
        """The rows still waiting at the end of the input: no row settled their order."""
        while self._waiting:
            yield self._waiting.popleft(), None

    def contradiction(self, row: Row) -> str | None:
        """Why a row cannot be read in the order inferred, when its date reads only the
        other way."""
        if not self._inferred or self.evidence is None:
            return None
        for index in _DATES:
            shown = order_shown(row.facts[index])
            if shown is not None and shown is not self.order:
                line, text = self.evidence
                if shown is DateOrder.MDY:
                    message = _(
                        "the date {text!r} reads only month first, but line {line} ({other}) "
                        "reads only day first; pass --date-order dmy or mdy"
                    )
                else:
                    message = _(
                        "the date {text!r} reads only day first, but line {line} ({other}) "
                        "reads only month first; pass --date-order dmy or mdy"
                    )
                return message.format(text=row.facts[index], line=line, other=text)
        return None

    def note(self) -> str | None:
        """What was inferred, to say once."""
        if not self._inferred or self.evidence is None:
            return None
        line, text = self.evidence
        if self.order is DateOrder.DMY:
            return _(
                "dates are read day first (dmy), as line {line} ({text}) shows; pass "
                "--date-order to say otherwise"
            ).format(line=line, text=text)
        return _(
            "dates are read month first (mdy), as line {line} ({text}) shows; pass "
            "--date-order to say otherwise"
        ).format(line=line, text=text)

    def released_note(self) -> str | None:
        """The rows let go before the order was found, to say with the note: a date among them
        that reads both ways was refused as ambiguous, while the same date below was read."""
        if not self.released or self.order is None:
            return None
        return ngettext(
            "{count} row from line {first} waited longer than {most:,} rows for the date order "
            "and was read without it: pass --date-order {order} to read it too",
            "{count} rows from line {first} waited longer than {most:,} rows for the date order "
            "and were read without it: pass --date-order {order} to read them too",
            self.released,
        ).format(
            count=self.released, first=self.first_released, most=MAX_WAITING, order=self.order
        )
