"""JSON and CSV text over records; standard library only, so these formats never load Rich."""

from __future__ import annotations

import io
import json
from typing import Any

from watchwarranty.model import Verdict
from watchwarranty.render.records import (
    SCALAR_KEYS,
    conditions_text,
    notes_text,
    to_record,
    to_trace,
)


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


def render_csv(verdict: Verdict) -> str:
    """A header row and one row of the scalar keys; an empty cell means none."""
    import csv  # not for JSON, the format scripts read most

    record = to_record(verdict)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*SCALAR_KEYS, "notes", "conditions"])
    scalars = ["" if record[key] is None else record[key] for key in SCALAR_KEYS]
    writer.writerow([*scalars, notes_text(verdict), conditions_text(verdict)])
    return buffer.getvalue()
