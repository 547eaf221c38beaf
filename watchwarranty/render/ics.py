"""iCalendar (RFC 5545) text for reminders, written by the icalendar library.

The calendar is written event by event, so a whole inventory's reminders stream to the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

from icalendar import Alarm, Calendar, Event

from watchwarranty.engine.reminders import Reminder
from watchwarranty.render.safe import printable

PRODID = "-//watchwarranty//watch warranty reminders//EN"


def _envelope() -> tuple[bytes, bytes]:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    text = bytes(calendar.to_ical())
    end = b"END:VCALENDAR\r\n"
    return text[: -len(end)], end


def event_ical(reminder: Reminder, *, stamp: datetime) -> bytes:
    """One VEVENT: an all-day event with a display alarm before it."""
    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", reminder.day)
    event.add("dtend", reminder.day + timedelta(days=1))
    # Rules text in a calendar shown on a terminal: a control character would act there.
    summary = printable(reminder.summary)
    event.add("summary", summary)
    event.add("description", "\n".join(map(printable, reminder.description.split("\n"))))
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(days=-reminder.alarm_days))
    event.add_component(alarm)
    return bytes(event.to_ical())


class IcsWriter:
    """Writes a calendar to a binary stream: the header now, events as they come, the end."""

    def __init__(self, stream: BinaryIO, *, stamp: datetime) -> None:
        self._stream = stream
        self._stamp = stamp.astimezone(UTC)
        head, self._end = _envelope()
        stream.write(head)

    def write(self, reminders: Iterable[Reminder]) -> None:
        """Add these events to the calendar."""
        for reminder in reminders:
            self._stream.write(event_ical(reminder, stamp=self._stamp))

    def close(self) -> None:
        """End the calendar."""
        self._stream.write(self._end)
