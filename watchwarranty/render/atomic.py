"""Output files written whole or not at all.

Each file is written to a temporary file in its target's folder (so that the rename stays on
one filesystem) and renamed over the target only after a clean close: a failure, a signal or a
full disk leaves the previous file byte-identical, and of two runs writing one target the last
to finish wins, whole. A SIGKILL can at worst leave the hidden temporary file, never a partial
target. Devices and pipes (``/dev/null``, ``/dev/stdout``, a FIFO) cannot be renamed over and
are written directly.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from watchwarranty.errors import InputError, OutputError
from watchwarranty.i18n import _


class Replacement:
    """A binary file written beside ``target``; ``commit`` puts it in the target's place,
    ``discard`` removes it and leaves the target as it was."""

    def __init__(self, target: Path) -> None:
        self.target = target
        # A link's target is what the user means: replacing the link would unlink it.
        self._final = Path(os.path.realpath(target))
        self._temporary: Path | None = None
        try:
            if target.exists() and not target.is_file():
                self.file: BinaryIO = target.open("wb")
            else:
                descriptor, name = tempfile.mkstemp(
                    prefix=f".{self._final.name}.", suffix=".part", dir=self._final.parent
                )
                self._temporary = Path(name)
                self.file = os.fdopen(descriptor, "wb")
        except OSError as error:
            raise OutputError(target, error) from None

    def commit(self) -> None:
        """Flush the file to the disk and rename it over the target; OutputError (with the
        target untouched) when that fails."""
        try:
            self.file.flush()
            if self._temporary is not None:
                os.fsync(self.file.fileno())
            self.file.close()
            if self._temporary is not None:
                self._temporary.chmod(_mode_for(self._final))
                self._temporary.replace(self._final)
                self._temporary = None
        except OSError as error:
            self.discard()
            raise OutputError(self.target, error) from None

    def discard(self) -> None:
        """Close and remove the temporary file; the target is left as it was."""
        with contextlib.suppress(OSError, ValueError):
            self.file.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                self._temporary.unlink()
            self._temporary = None


def _mode_for(final: Path) -> int:
    # mkstemp makes the file private (0600); a report gets the mode the old one had, or the
    # one open() would have given a new file.
    try:
        return stat.S_IMODE(final.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """A binary file that takes ``target``'s place when the block ends cleanly, and is removed
    when it does not (an exception, KeyboardInterrupt or a signal turned into one)."""
    replacement = Replacement(target)
    try:
        yield replacement.file
    except BaseException:
        replacement.discard()
        raise
    replacement.commit()


def refuse_same_files(inputs: dict[str, os.stat_result], outputs: list[Path]) -> None:
    """InputError when an output is one of the inputs, or two outputs are one file (hard and
    symbolic links included): writing one would destroy the other as it is read or written.
    ``inputs`` are what the run reads, by name, as os.stat or os.fstat found them."""
    known: list[tuple[str, tuple[int, int] | None, str]] = [
        (name, (status.st_dev, status.st_ino), "")
        for name, status in inputs.items()
        if stat.S_ISREG(status.st_mode)
    ]
    for output in outputs:
        try:
            status = output.stat()
        except OSError:
            status = None
        if status is not None and not stat.S_ISREG(status.st_mode):
            continue  # /dev/null, a pipe: many writers may share one
        identity = (status.st_dev, status.st_ino) if status is not None else None
        real = os.path.realpath(output)
        for name, other, other_real in known:
            if (identity is not None and identity == other) or real == other_real:
                raise InputError(
                    _("{output} is the same file as {other}").format(output=output, other=name),
                    _("write the output to another file"),
                )
        known.append((str(output), identity, real))
