"""`check --timeline`: the warranty as a line from purchase to expiry, with its dates marked.

On a terminal the line is drawn in colour with box-drawing characters; anywhere else it is plain
ASCII, so it survives a pipe, a log file or an e-mail.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text

from watchwarranty.i18n import _, format_date
from watchwarranty.model import Verdict

# (character on a terminal, style, plain character) for each stretch of the line
_BASE = ("━", "green", "=")
_EXTENDED = ("━", "blue", "#")
_POSSIBLE = ("┄", "yellow", "-")
_NONE = ("·", "dim", ".")


def render_timeline(verdict: Verdict, *, fancy: bool, width: int) -> Text:
    """The line and one labelled marker a line below it, oldest first."""
    start = verdict.purchase.purchased_on
    possible_end = verdict.expiry_if_registered
    dates = [verdict.effective_expiry, verdict.as_of, possible_end or start]
    end = max(dates)
    span = max((end - start).days, 1)
    bar_width = max(20, min(width, 100) - 2)

    def column(day: date) -> int:
        return round((day - start).days / span * (bar_width - 1))

    line = Text()
    for position in range(bar_width):
        day = start.fromordinal(start.toordinal() + round(position / (bar_width - 1) * span))
        if day <= verdict.base_expiry:
            stretch = _BASE
        elif verdict.extended_expiry is not None and day <= verdict.extended_expiry:
            stretch = _EXTENDED
        elif possible_end is not None and day <= possible_end:
            stretch = _POSSIBLE
        else:
            stretch = _NONE
        character, style, plain = stretch
        line.append(character if fancy else plain, style=style if fancy else "")

    markers = [(start, _("purchased {day}"))]
    markers.append((verdict.base_expiry, _("base warranty ends {day}")))
    if verdict.extended_expiry is not None:
        markers.append((verdict.extended_expiry, _("extended warranty ends {day}")))
    if verdict.register_by is not None:
        assumed = any(note.code == "no-deadline" for note in verdict.notes)
        label = _("register by {day} (deadline assumed)") if assumed else _("register by {day}")
        markers.append((verdict.register_by, label))
    if possible_end is not None:
        markers.append((possible_end, _("if registered now, cover to {day}")))
    markers.append((verdict.as_of, _("today, {day}")))

    lines = [line]
    for day, label in sorted(markers, key=lambda marker: marker[0]):
        lines.append(
            _marker(column(day), label.format(day=format_date(day)), bar_width, fancy=fancy)
        )
    return Text("\n").join(lines)


def _marker(position: int, label: str, bar_width: int, *, fancy: bool) -> Text:
    """The arrow at its date's column, and its label beside it where there is room: after it,
    else before it, else on the next line, as near under it as the line allows."""
    arrow = "▲" if fancy else "^"
    width = cell_len(label)
    if position + 2 + width <= bar_width:
        return Text(" " * position + f"{arrow} {label}")
    if width + 1 <= position:
        return Text(" " * (position - width - 1) + f"{label} {arrow}")
    start = max(0, min(position, bar_width - width))
    return Text(" " * position + arrow + "\n" + " " * start + label)
