"""Text that did not come from this package's catalogue (what a user typed, a path, a rules
file's titles and keys, a case's name), made safe to show on a terminal. Standard library only."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible characters that reorder or split a line
# (bidirectional overrides and isolates, line and paragraph separators): a terminal acts on them.
# Each is unprintable to str.isprintable(), so text it passes (nearly all) needs no search, and
# the expression is compiled (by re, which keeps it) only for text that might hold one: compiling
# it at import took ~0.4 ms of every start.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]"


def printable(text: object) -> str:
    """Each control character shown as its escape (ESC as \\x1b, a newline as \\n): an escape
    sequence then does nothing and one line stays one line."""
    shown = str(text)
    if shown.isprintable():
        return shown
    return re.sub(_UNSAFE, lambda match: match[0].encode("unicode_escape").decode("ascii"), shown)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character ``printable`` would replace."""
    return not text.isprintable() and re.search(_UNSAFE, text) is not None
