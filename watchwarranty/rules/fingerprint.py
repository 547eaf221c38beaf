"""A short content fingerprint of the rules in use: the same bytes, the same fingerprint."""

from __future__ import annotations

import sys
from collections.abc import Iterable

# hashlib costs ~4 ms of every run's start-up (it loads OpenSSL); the interpreter's built-in
# SHA-256 gives the same digest in ~0.2 ms. Its module was renamed in Python 3.12.
if sys.version_info >= (3, 12):  # pragma: no cover - one branch a Python version
    from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
else:  # pragma: no cover
    from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]

LENGTH = 12


def fingerprint(contents: Iterable[bytes]) -> str:
    """The first LENGTH hex digits of the SHA-256 of ``contents``, each preceded by its length
    so that moving bytes from one file to the next changes it."""
    digest = sha256()
    for content in contents:
        digest.update(b"%d\n" % len(content))
        digest.update(content)
    return str(digest.hexdigest())[:LENGTH]
