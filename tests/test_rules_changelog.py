"""RULES-CHANGELOG.md keeps pace with the answers: when the answer matrix moves, the rules'
version and the changelog must say so (see the changelog's own preamble for the procedure)."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from watchwarranty.model import RuleBook

ROOT = Path(__file__).parent.parent
CHANGELOG = ROOT / "RULES-CHANGELOG.md"
MATRIX = Path(__file__).parent / "snapshots" / "matrix.json"
_ENTRY = re.compile(r"^## (\d+)\.(\d+)\.(\d+) \((\d{4}-\d{2}-\d{2})\)$", re.M)
_HASH = re.compile(r"^Answer matrix: `([0-9a-f]{16})`$", re.M)


class Entry(NamedTuple):
    version: tuple[int, int, int]
    matrix: str
    body: str


def matrix_hash(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()[:16]


def entries(text: str) -> list[Entry]:
    """The changelog's entries, newest first, each with the matrix hash it records."""
    found = []
    heads = list(_ENTRY.finditer(text))
    for number, head in enumerate(heads):
        end = heads[number + 1].start() if number + 1 < len(heads) else len(text)
        body = text[head.end() : end]
        recorded = _HASH.search(body)
        assert recorded, f"RULES-CHANGELOG.md: {head[0]!r} records no 'Answer matrix: `…`' line"
        version = (int(head[1]), int(head[2]), int(head[3]))
        found.append(Entry(version, recorded[1], body))
    return found


def _dotted(entry: Entry) -> str:
    return ".".join(map(str, entry.version))


def problems(text: str, matrix: bytes, declared: str | None) -> list[str]:
    """What is out of step between the changelog, the answer matrix and the rules' version."""
    listed = entries(text)
    if not listed:
        return ["RULES-CHANGELOG.md has no entry"]
    found = []
    newest = listed[0]
    shown = _dotted(newest)
    if shown != declared:
        found.append(
            f"rules.toml declares version {declared} but the newest changelog entry is {shown}"
        )
    if newest.matrix != matrix_hash(matrix):
        found.append(
            f"the answers moved (the matrix is now {matrix_hash(matrix)}, {shown} records "
            f"{newest.matrix}): raise the rules' MINOR version, add a RULES-CHANGELOG.md entry "
            "saying which answers moved and why, with that hash"
        )
    for later, earlier in itertools.pairwise(listed):
        if later.version <= earlier.version:
            found.append(f"{_dotted(later)} is listed above {_dotted(earlier)}: newest first")
        elif later.matrix != earlier.matrix and later.version[:2] == earlier.version[:2]:
            found.append(
                f"{_dotted(later)} moved answers but raised only PATCH over {_dotted(earlier)}"
            )
    return found


def test_the_changelog_matches_the_answers_and_the_version(shipped: RuleBook) -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert problems(text, MATRIX.read_bytes(), shipped.version) == []


LOG = """
## 1.1.0 (2026-12-07)

Answer matrix: `{new}`

## 1.0.0 (2026-11-01)

Answer matrix: `{old}`
"""


@pytest.mark.parametrize(
    ("matrix", "declared", "log", "expected"),
    [
        (b"new", "1.1.0", LOG, []),
        (
            b"newer",
            "1.1.0",
            LOG,
            [
                f"the answers moved (the matrix is now {matrix_hash(b'newer')}, 1.1.0 records "
                f"{matrix_hash(b'new')}): raise the rules' MINOR version, add a "
                "RULES-CHANGELOG.md entry saying which answers moved and why, with that hash"
            ],
        ),
        (
            b"new",
            "1.2.0",
            LOG,
            ["rules.toml declares version 1.2.0 but the newest changelog entry is 1.1.0"],
        ),
        (
            b"new",
            "1.0.1",
            LOG.replace("1.1.0", "1.0.1"),
            ["1.0.1 moved answers but raised only PATCH over 1.0.0"],
        ),
    ],
)
def test_a_matrix_that_moved_without_a_version_or_an_entry_is_caught(
    matrix: bytes, declared: str, log: str, expected: list[str]
) -> None:
    text = log.format(new=matrix_hash(b"new"), old=matrix_hash(b"old"))
    assert problems(text, matrix, declared) == expected
