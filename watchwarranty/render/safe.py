"""Text that did not come from this package's catalogue (what a user typed, a path, a rules
file's titles and keys, a case's name), made safe to show on a terminal. Standard library only."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible characters that reorder or split a line
# (bidirectional overrides and isolates, line and paragraph separators): a terminal acts on them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Each control character shown as its escape (ESC as \\x1b, a newline as \\n): an escape
    sequence then does nothing and one line stays one line."""
    return _UNSAFE.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), str(text))


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character ``printable`` would replace."""
    return _UNSAFE.search(text) is not None
