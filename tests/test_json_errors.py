"""With --format json an error is one JSON object on stderr, for scripts, as well as the exit
status: what kind of error (stable), the status, and the message and hint for people."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke


def error_of(result_stderr: str) -> dict[str, object]:
    assert result_stderr.count("\n") == 1, result_stderr
    said: dict[str, object] = json.loads(result_stderr)
    return said


def test_an_unknown_brand(invoke: Invoke) -> None:
    result = invoke("check", "rolx", "2020-01-01", "--format", "json", expect=2)
    assert result.stdout == ""
    assert error_of(result.stderr) == {
        "error": "unknown-brand",
        "code": 2,
        "message": "unknown brand 'rolx'",
        "hint": "did you mean Rolex?",
    }


def test_a_usage_error(invoke: Invoke) -> None:
    result = invoke("check", "--format=json", "cartier", expect=2)
    assert error_of(result.stderr) == {
        "error": "usage",
        "code": 2,
        "message": "missing argument 'PURCHASE_DATE'",
        "hint": "see 'watchwarranty check --help'",
    }


def test_keys_and_kind_stay_while_the_words_follow_the_language(invoke: Invoke) -> None:
    said = error_of(
        invoke("check", "rolex", "05/06/2020", "--format", "json", "--lang", "zh", expect=2).stderr
    )
    assert said["error"] == "bad-date" and said["code"] == 2
    assert "有歧义" in str(said["message"])


@pytest.mark.parametrize("args", [["brands", "--as-of", "someday"], ["rules", "show", "omgea"]])
def test_other_commands(invoke: Invoke, args: list[str]) -> None:
    said = error_of(invoke(*args, "--format", "json", expect=2).stderr)
    assert said["code"] == 2 and said["message"]


def test_without_json_an_error_is_still_a_line_of_prose(invoke: Invoke) -> None:
    result = invoke("check", "rolx", "2020-01-01", expect=2)
    assert result.stderr == "watchwarranty: error: unknown brand 'rolx'; did you mean Rolex?\n"


def test_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("watchwarranty")),
            "check",
            "x",
            "y",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert error_of(result.stderr)["error"] == "unknown-brand"
