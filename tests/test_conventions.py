"""What the best command lines do: --version, -h, a bare command, --lang anywhere, examples in
help, suggestions for a mistyped value, and output that fails to be written (real processes)."""

from __future__ import annotations

import json
import os
import select
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke

from watchwarranty import __version__
from watchwarranty.cli.application import ExitStatus

SCRIPT = Path(sys.executable).with_name("watchwarranty")
EXAMPLES = Path(__file__).resolve().parent.parent / "watchwarranty" / "cli" / "examples.txt"


def real(command: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """A shell command line with the installed script, so redirections are the shell's."""
    # As from a plain shell: PYTHONUNBUFFERED (set where the tests run, in some places) would
    # hide what stdout still buffers when a write fails.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"COLUMNS", "WATCHWARRANTY_RULES", "PYTHONUNBUFFERED"}
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env.update(extra)
    line = command.replace("watchwarranty", shlex.quote(str(SCRIPT)))
    return subprocess.run(
        ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False
    )


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(invoke: Invoke, flag: str) -> None:
    assert invoke(flag).stdout.startswith(f"watchwarranty {__version__}\nrules: version ")


@pytest.mark.parametrize(
    "args", [["-h"], ["check", "-h"], ["rules", "-h"], ["rules", "show", "-h"]]
)
def test_h_is_help(invoke: Invoke, args: list[str]) -> None:
    assert "Usage:" in invoke(*args).stdout


def test_a_bare_command_prints_help_and_succeeds(tmp_path: Path) -> None:
    for command in ("watchwarranty", "watchwarranty rules"):
        result = real(command, tmp_path)
        assert result.returncode == 0
        assert b"Usage:" in result.stdout and result.stderr == b""


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "zh", "check", "cartier", "2020-03-01", "--as-of", "2021-01-01"],
        ["check", "--lang=zh", "cartier", "2020-03-01", "--as-of", "2021-01-01"],
        ["check", "cartier", "2020-03-01", "--as-of", "2021-01-01", "--lang", "ZH"],
    ],
)
def test_lang_anywhere(invoke: Invoke, args: list[str]) -> None:
    assert "品牌" in invoke(*args).stdout


def test_lang_on_rules_and_before_it(invoke: Invoke) -> None:
    assert "卡地亚" in invoke("--lang", "zh", "rules", "show", "cartier").stdout
    assert "卡地亚" in invoke("rules", "--lang", "zh", "show", "cartier").stdout


def test_an_unknown_language_is_one_line(invoke: Invoke) -> None:
    result = invoke("--lang", "fr", "brands", expect=2)
    assert result.stderr.count("\n") == 1 and "'fr'" in result.stderr


def test_usage_names_arguments_without_braces(invoke: Invoke) -> None:
    out = invoke("check", "--help").stdout
    assert "{brand}" not in out and "BRAND PURCHASE_DATE" in out
    batch = invoke("batch", "--help", env={"COLUMNS": "200"}).stdout
    assert "{" not in batch.split("\n")[1] and "batch [OPTIONS] FILE|-" in batch


@pytest.mark.parametrize(
    ("args", "example"),
    [
        ([], "watchwarranty check "),
        (["check"], "watchwarranty check "),
        (["remind"], "watchwarranty remind "),
        (["brands"], "watchwarranty brands "),
        (["batch"], "watchwarranty batch "),
        (["rules", "show"], "watchwarranty rules show "),
        (["rules", "explain"], "watchwarranty rules explain "),
    ],
)
def test_help_ends_with_examples(invoke: Invoke, args: list[str], example: str) -> None:
    out = invoke(*args, "--help", env={"COLUMNS": "200"}).stdout
    tail = out[out.index("Examples:") :]
    assert example in tail


def _examples() -> list[str]:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("example", _examples())
def test_every_example_in_help_runs(example: str, tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    (tmp_path / "my-rules.toml").write_bytes(
        (Path(__file__).resolve().parent.parent / "rules.toml").read_bytes()
    )
    result = real(example, tmp_path)
    assert result.returncode in (0, 1), result.stderr  # check -q && echo: 1 when not covered
    assert b"error:" not in result.stderr


def test_movement_help_names_where_every_kind_is_listed(invoke: Invoke) -> None:
    assert "rules movements" in invoke("check", "--help", env={"COLUMNS": "200"}).stdout
    listed = invoke("rules", "movements").stdout
    for kind in ("mechanical", "quartz", "co-axial", "manufacture", "calibre-400"):
        assert kind in listed


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("automatic", "mechanical"),
        ("机械", "mechanical"),
        ("Co Axial", "co-axial"),
        ("同轴", "co-axial"),
    ],
)
def test_movement_names_the_rules_declare(invoke: Invoke, name: str, kind: str) -> None:
    result = invoke("check", "omega", "2014-03-01", "--movement", name, "--format", "json")
    assert json.loads(result.stdout)["facts"]["given"]["movement"] == kind


def test_movement_suggests_the_closest_kind(invoke: Invoke) -> None:
    result = invoke("check", "omega", "2014-03-01", "--movement", "quarz", expect=2)
    assert "did you mean quartz?" in result.stderr


def test_unknown_store_close_to_a_named_one_is_refused(invoke: Invoke) -> None:
    result = invoke("check", "爱彼", "2023-01-01", "--store", "上海南京西路店", expect=2)
    assert result.stderr.count("\n") == 1
    assert "did you mean 上海南京西路精品店?" in result.stderr


def test_registration_after_as_of_is_refused(invoke: Invoke) -> None:
    result = invoke(
        "check",
        "cartier",
        "2020-03-01",
        "--registered-on",
        "2021-06-01",
        "--as-of",
        "2021-01-01",
        expect=2,
    )
    assert result.stderr.count("\n") == 1 and "2021-06-01" in result.stderr


def test_brands_says_which_day(invoke: Invoke) -> None:
    assert invoke("brands", "--as-of", "2010-01-01").stdout.startswith(
        "Cover for a watch bought on 2010-01-01\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        "watchwarranty check cartier 2020-03-01 > /dev/full",
        "watchwarranty check cartier 2020-03-01 --format json > /dev/full",
        "watchwarranty check cartier 2020-03-01 --format csv >&-",
        "watchwarranty remind cartier 2025-03-01 -o /dev/full",
        "watchwarranty remind cartier 2025-03-01 -o no-such-folder/a.ics",
        "watchwarranty brands > /dev/full",
        "watchwarranty rules show cartier > /dev/full",
    ],
)
def test_a_failed_write_is_one_line_and_74(command: str, tmp_path: Path) -> None:
    result = real(command, tmp_path)
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"cannot write" in result.stderr


@pytest.mark.parametrize("ics", ["/dev/full", "no-such-folder/a.ics"])
def test_a_calendar_that_cannot_be_written_is_named(ics: str, tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    result = real(
        f"watchwarranty batch inventory.csv --ics {ics} --as-of 2021-01-01 > /dev/null", tmp_path
    )
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count(b"\n") == 1
    assert f"cannot write {ics}: ".encode() in result.stderr


def test_a_closed_pipe_ends_quietly_by_sigpipe(tmp_path: Path) -> None:
    rows = "".join("cartier,2020-03-01\n" for _ in range(20_000))
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\n" + rows)
    result = real(
        "watchwarranty batch inventory.csv | head -1 > /dev/null; echo ${PIPESTATUS[0]}", tmp_path
    )
    assert result.stdout.strip() == str(int(ExitStatus.BROKEN_PIPE)).encode()
    assert result.stderr == b""


def test_interrupted_is_130(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WATCHWARRANTY_RULES"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "-", "--as-of", "2021-01-01"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"brand,purchase_date\ncartier,2020-03-01\n")
        process.stdin.flush()
        # A row answered: the command is running and waits for the next (Ctrl-C while it
        # starts: tests/test_small_items.py).
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "no row answered"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == ExitStatus.INTERRUPTED, stderr
    assert b"Traceback" not in stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("watchwarranty check car", "cartier"),
        ("watchwarranty check 卡", "卡地亚"),
        ("watchwarranty check cartier 2020-01-01 --movement co", "co-axial"),
        ("watchwarranty check 爱彼 2020-01-01 --store 北京", "北京SKP精品店"),
        ("watchwarranty check cartier 2020-01-01 --region C", "CN"),
        ("watchwarranty rules show om", "omega"),
    ],
)
def test_shell_completion_offers_names_from_the_rules(
    tmp_path: Path, words: str, expected: str
) -> None:
    result = real(
        "watchwarranty",
        tmp_path,
        _WATCHWARRANTY_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - 1),
    )
    assert result.returncode == 0
    assert expected in result.stdout.decode().split("\n")
