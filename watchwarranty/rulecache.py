"""Validated rule books kept between runs, so that a shell script's every call does not parse
and validate the same rules.toml again.

Importing tomli, parsing and validating the rules were 25 M of a table `check`'s 388 M
instructions (callgrind), ~4 ms; unpickling the book they gave takes ~0.1 ms. A book is kept
with the exact bytes of every file it came from and a stamp of this package's code, and used
only when all of them are the same again: an edited rules file, a new user file or a changed
loader all mean a fresh load. A file that fails to load is never kept, so its errors show
every time.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from .model import RuleBook

# The cache's own layout; a new one ignores files written by the old.
FORMAT = 1

_Key = tuple[object, ...]


def load_cached(
    sources: Sequence[Path], load: Callable[[], RuleBook], folder: Path | None
) -> RuleBook:
    """What ``load()`` gives, read from ``folder`` when it was kept there for these sources as
    they are now; otherwise loaded, and kept when that succeeds (never, with no folder). A
    missing source is a fact like any other (the user's file may not exist); one that cannot
    be read is left to ``load`` to report."""
    if folder is None:
        return load()
    key = _key(sources)
    if key is None:
        return load()
    # One file for each set of paths, replaced when their contents or the code change.
    place = folder / f"rules-{zlib.crc32(repr(key[1]).encode()):08x}.pickle"
    kept = _read(place, key)
    if kept is not None:
        return kept
    book = load()
    _write(place, key, book)
    return book


def _key(sources: Sequence[Path]) -> _Key | None:
    contents: list[bytes | None] = []
    for source in sources:
        try:
            contents.append(source.read_bytes())
        except FileNotFoundError:
            contents.append(None)
        except OSError:
            return None
    return (FORMAT, tuple(map(str, sources)), _code_stamp(), tuple(contents))


def _code_stamp(package: Path = Path(__file__).parent) -> tuple[object, ...]:
    # Every module here may shape a rule book (the loader, the records, the names it folds);
    # a reinstall or an edit changes their sizes or times, and then the book is made afresh.
    stamps = []
    with os.scandir(package) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                status = entry.stat()
                stamps.append((entry.name, status.st_size, status.st_mtime_ns))
    return (sys.version_info[:2], tuple(sorted(stamps)))


def _read(place: Path, key: _Key) -> RuleBook | None:
    try:
        with place.open("rb") as stream:
            kept_key, book = pickle.load(stream)
    # A missing, truncated or foreign file is only a cache miss: the rules load as before.
    except Exception:
        return None
    return book if kept_key == key and isinstance(book, RuleBook) else None


def _write(place: Path, key: _Key, book: RuleBook) -> None:
    # Written aside and renamed into place, so that runs side by side never read half a file.
    partial = place.with_name(f"{place.name}.{os.getpid()}")
    try:
        # The folder is the user's own, like their rules file: unpickling from it trusts no
        # one the rules file does not already trust.
        place.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with partial.open("wb") as stream:
            pickle.dump((key, book), stream, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(place)
    except OSError:
        # A read-only or full home: the next run validates the rules again, no worse than now.
        with suppress(OSError):
            partial.unlink(missing_ok=True)
