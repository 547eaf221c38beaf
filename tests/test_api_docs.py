"""docs/api.md stays true: every Python example runs, and prints what the page shows under it.

An example that starts with ``# needs: NAME, ...`` is skipped, with the reason, when one of
those modules (or ``java``) is not installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import sys
from pathlib import Path

import pytest

API_DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
EXAMPLE = re.compile(r"```python\n(?P<code>.*?)```\n(?:\n```text\n(?P<output>.*?)```\n)?", re.S)
NEEDS = re.compile(r"# needs: (.+)\n")


def _examples() -> list[tuple[str, str | None]]:
    text = API_DOC.read_text(encoding="utf-8")
    return [(match["code"], match["output"]) for match in EXAMPLE.finditer(text)]


def _heading(code: str) -> str:
    text = API_DOC.read_text(encoding="utf-8")
    before = text[: text.index(code)]
    return re.findall(r"^#+ (.+)$", before, re.M)[-1]


def _missing(code: str) -> list[str]:
    needs = NEEDS.match(code)
    if needs is None:
        return []
    names = [name.strip() for name in needs[1].split(",")]
    return [
        name
        for name in names
        if (
            shutil.which(name) is None
            if name == "java"
            else importlib.util.find_spec(name) is None
        )
    ]


def test_the_page_has_examples() -> None:
    assert len(_examples()) >= 2


# PySpark warns that it does not yet support the pandas 3 the test extra installs; its
# example uses no pandas.
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
@pytest.mark.parametrize(
    ("code", "output"), _examples(), ids=[_heading(code) for code, _ in _examples()]
)
def test_example_runs_and_prints_what_the_page_shows(
    code: str, output: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = _missing(code)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}, not installed here")
    monkeypatch.chdir(tmp_path)  # an example may write files
    # Spark's Python workers run PYSPARK_PYTHON (else the python3 on PATH): this one has
    # watchwarranty installed.
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(API_DOC), "exec"), {"__name__": "__example__"})
    if output is not None:
        assert printed.getvalue() == output
