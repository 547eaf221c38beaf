"""JSON and CSV text over records; standard library only, so these formats never load Rich."""

from __future__ import annotations

import io
import json
from typing import Any

from watchwarranty.messages import render
from watchwarranty.model import Verdict
from watchwarranty.render.records import (
    GUARANTEE_KEYS,
    GUARANTEE_NOTE_KEYS,
    SCALAR_KEYS,
    conditions_text,
    guarantee_notes,
    guarantee_values,
    notes_text,
    scalar_values,
    to_record,
    to_trace,
)
from watchwarranty.render.safe import printable


def check_record(verdict: Verdict, *, explain: bool = False) -> dict[str, Any]:
    """The object `check --format json` prints; with ``explain`` it also carries the
    ``trace`` of rules considered."""
    record: dict[str, Any] = to_record(verdict)
    if explain:
        record["trace"] = to_trace(verdict)
    return record


def render_json(verdict: Verdict, *, explain: bool = False) -> str:
    """One JSON object: ``check_record``'s."""
    record = check_record(verdict, explain=explain)
    return escape_c1(json.dumps(record, ensure_ascii=False, indent=2)) + "\n"


def escape_c1(text: str) -> str:
    """JSON text with DEL and the C1 controls escaped too (json escapes only C0): a terminal
    showing the output acts on them, and the data is the same either way."""
    return text.translate(_C1)


_C1 = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def render_csv(verdict: Verdict, *, delimiter: str = ",") -> str:
    """A header row and one row of the scalar keys; an empty cell means none."""
    # Not for JSON, the format scripts read most.
    from watchwarranty.render.spreadsheet import SafeCsvWriter

    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=delimiter)
    writer.writerow([*SCALAR_KEYS, "notes", "conditions", *GUARANTEE_KEYS, *GUARANTEE_NOTE_KEYS])
    scalars = ["" if value is None else value for value in scalar_values(verdict)]
    clocks = ["" if value is None else value for value in guarantee_values(verdict)]
    said = [" | ".join(render(note) for note in notes) for notes in guarantee_notes(verdict)]
    cells = [*scalars, notes_text(verdict), conditions_text(verdict), *clocks, *said]
    # Rules text may hold a control character (`rules check` refuses it, a run does not): on a
    # terminal it would act, so it is shown as its escape, as JSON shows it.
    writer.writerow([printable(cell) if isinstance(cell, str) else cell for cell in cells])
    return buffer.getvalue()
