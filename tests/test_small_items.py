"""The audit's smaller findings, one test each: Ctrl-C at start-up, JSON Lines keys from
duplicate or empty headers, rows piped in answered as they come."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Invoke

from watchwarranty.cli import ExitStatus

SCRIPT = Path(sys.executable).with_name("watchwarranty")


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "WATCHWARRANTY_RULES"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def test_ctrl_c_while_the_commands_load_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import watchwarranty.cli as cli

    def interrupted(_names: list[str]) -> None:
        raise KeyboardInterrupt  # as Ctrl-C does while Typer and the commands are imported

    monkeypatch.setattr(cli, "_register", interrupted)
    monkeypatch.setattr("sys.argv", ["watchwarranty", "check"])
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    saved[signal.SIGHUP] = signal.getsignal(signal.SIGHUP)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main()
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    assert stopped.value.code == ExitStatus.INTERRUPTED


# Before main() runs (Python's own start-up, ~25 ms unloaded) nothing of ours can answer a
# signal; from then on it is 130, quietly. The old traceback window was the first ~0.3 s.
@pytest.mark.parametrize("delay", [0.2, 0.4])
def test_ctrl_c_while_starting_is_130_without_a_traceback(tmp_path: Path, delay: float) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(tmp_path),
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr, stderr
    # Before Python has started, the signal's default action ends it: that is fine too.
    assert process.returncode in (ExitStatus.INTERRUPTED, -signal.SIGINT), stderr


def test_duplicate_and_empty_headers_keep_every_cell_in_json_lines(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "inventory.csv"
    path.write_text("sku,sku,,,brand,purchase_date\nA,B,C,D,cartier,2020-03-01\n")
    result = invoke("batch", str(path), "--format", "jsonl", "--as-of", "2021-01-01")
    record = json.loads(result.stdout)
    assert [record[key] for key in ("sku", "sku_2", "column_3", "column_4")] == list("ABCD")


def test_rows_piped_in_are_answered_before_the_input_ends(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "-", "--as-of", "2021-01-01"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_environment(tmp_path),
    )
    assert process.stdin is not None and process.stderr is not None
    try:
        process.stdin.write(b"brand,purchase_date\nrolx,2020-01-01\n")
        process.stdin.flush()
        # The row's error comes on stderr while stdin is still open.
        ready, _, _ = select.select([process.stderr], [], [], 30)
        assert ready, "nothing said before the input ended"
        assert b"unknown brand" in process.stderr.readline()
    finally:
        process.stdin.close()
        process.wait(timeout=30)
        process.stderr.close()
