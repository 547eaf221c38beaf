"""The audit's smaller findings, one test each: Ctrl-C at start-up, JSON Lines keys from
duplicate or empty headers, rows piped in answered (and written) as they come."""

from __future__ import annotations

import io
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
    # PYTHONUNBUFFERED (set by some CI and containers, not by a shop's shell) would write
    # every row at once however the code buffers, and hide a missing flush.
    leave_out = ("WATCHWARRANTY_RULES", "PYTHONUNBUFFERED")
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
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


def _lines_within(process: subprocess.Popen[bytes], count: int, seconds: float) -> list[bytes]:
    """The first ``count`` lines of the process's stdout, or as many as came in ``seconds``."""
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    deadline = time.monotonic() + seconds
    received = b""
    while received.count(b"\n") < count and (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([descriptor], [], [], left)
        if not ready:
            break
        # os.read, not the file object's read: that would wait for a whole buffer.
        chunk = os.read(descriptor, 65536)
        if not chunk:
            break
        received += chunk
    return received.splitlines()[:count]


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [("csv", b"cartier,2020-03-01,Cartier,"), ("jsonl", b'{"brand": "cartier"')],
)
def test_rows_piped_in_reach_a_pipe_before_the_input_ends(
    tmp_path: Path, output_format: str, expected: bytes
) -> None:
    # A shop feeds rows one at a time and reads each answer before sending the next: a row
    # held in stdout's buffer (64 KiB, or the end of the input) would never come.
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "-", "--as-of", "2021-01-01", "--format", output_format],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_environment(tmp_path),
    )
    assert process.stdin is not None
    try:
        process.stdin.write(b"brand,purchase_date\ncartier,2020-03-01\n")
        process.stdin.flush()
        lines = _lines_within(process, 2 if output_format == "csv" else 1, 20)
        assert lines and lines[-1].startswith(expected), lines
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdin.close()
        assert process.stdout is not None
        process.stdout.close()


def test_output_is_flushed_before_reading_a_pipe_and_never_for_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchwarranty.cli.batch import _flush_before_waiting, _open

    # A flush is a write call: from a regular file, which never makes a read wait, stdout
    # is left to flush as its buffer fills.
    flushes: list[str] = []
    path = tmp_path / "inventory.csv"
    path.write_bytes(b"brand,purchase_date\n")
    binary, _size = _open(str(path))
    with binary:
        _flush_before_waiting(binary, lambda: flushes.append("file"))
        assert binary.read() == b"brand,purchase_date\n"
    read_end, write_end = os.pipe()
    os.write(write_end, b"brand,purchase_date\n")
    os.close(write_end)
    with open(read_end, "rb") as pipe:  # noqa: PTH123 - a descriptor, not a path
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(pipe))
        binary, _size = _open("-")
        _flush_before_waiting(binary, lambda: flushes.append("pipe"))
        assert binary.read() == b"brand,purchase_date\n"
    # One before the read that found the line, one before the read that found the end.
    assert flushes == ["pipe", "pipe"]
