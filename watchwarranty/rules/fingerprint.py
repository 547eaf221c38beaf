"""A short content fingerprint of the rules in use: the same bytes, the same fingerprint."""

from __future__ import annotations

from collections.abc import Iterable

# hashlib costs ~4 ms of every run's start-up (it loads OpenSSL); the interpreter's built-in
# SHA-256 gives the same digest in ~0.3 ms. Its module was renamed in Python 3.12.
try:
    from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - the name depends on the Python version
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment,no-redef,unused-ignore]

LENGTH = 12


def fingerprint(contents: Iterable[bytes]) -> str:
    """The first LENGTH hex digits of the SHA-256 of ``contents``, each preceded by its length
    so that moving bytes from one file to the next changes it."""
    digest = sha256()
    for content in contents:
        digest.update(b"%d\n" % len(content))
        digest.update(content)
    return str(digest.hexdigest())[:LENGTH]
