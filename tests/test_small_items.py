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

import watchwarranty
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


# Seconds after the spawn: Python's own start-up takes the first ~20-40 ms (more on a busy
# machine), the command's imports the next ~100 ms. Two rounds, as a signal lands at a slightly
# different point each time.
EARLY = (0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.3) * 2


def test_ctrl_c_from_the_first_moments_is_130_without_a_traceback(tmp_path: Path) -> None:
    # What runs before watchwarranty.entry's first statements (the interpreter's start-up with
    # site and every .pth file, the installer's script, which imports re, the loading of the
    # package's __init__) cannot be covered by code of ours: a signal there is Python's, death
    # by SIGINT before Python set its handler, a KeyboardInterrupt traceback after it. Such a
    # traceback names no file of the package but its __init__ and the entry module; one that
    # does is a failure. A timer lands in our part of the start-up only now and then: the next
    # test hits each step of it.
    package = (str(Path(watchwarranty.__file__).parent) + os.sep).encode()
    statuses: list[int] = []
    for delay in EARLY:
        process = subprocess.Popen(
            [str(SCRIPT), "batch", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_environment(tmp_path),
        )
        try:
            time.sleep(delay)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        statuses.append(process.returncode)
        # Interrupted while it starts, Python says so in its own words: a bare
        # "KeyboardInterrupt", or a fatal error setting up site or the standard streams.
        python_starting = stderr == b"KeyboardInterrupt\n" or stderr.startswith(b"Fatal Python")
        if b"Traceback" in stderr or python_starting:
            # Python's own; one it catches (looking for argv[0] on the import path, or in an
            # import lock's callback) is printed and the run goes on, to an empty stdin. It may
            # name the two files that run before the entry answers SIGINT, and no other.
            named = {
                line.split(b'"')[1]
                for line in stderr.splitlines()
                if line.strip().startswith(b'File "') and package in line
            }
            assert named <= {package + b"__init__.py", package + b"entry.py"}, (
                delay,
                stderr.decode(),
            )
        else:
            assert process.returncode in (ExitStatus.INTERRUPTED, -signal.SIGINT), (delay, stderr)
            assert stderr == b"", (delay, stderr)
    # Some signals reached code of ours: otherwise the test saw only Python's start-up.
    assert ExitStatus.INTERRUPTED in statuses, statuses


# A sitecustomize module that sends the process SIGINT as the module named in SIGNAL_AT is
# first looked for: a moment of the start-up hit exactly, where a timer only lands near it.
SIGNAL_AT_IMPORT = """
import os, signal, sys


class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["SIGNAL_AT"]:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None


sys.meta_path.insert(0, Interrupt())
"""


# In the order the console script first imports them: the command line's package (the first
# import after the entry module's first statements), what it needs, then what main() loads.
@pytest.mark.parametrize(
    "module",
    ["watchwarranty.cli", "typing", "watchwarranty.i18n", "typer", "watchwarranty.cli.batch"],
)
def test_ctrl_c_at_each_step_of_the_start_up_is_130_without_a_traceback(
    tmp_path: Path, module: str
) -> None:
    (tmp_path / "sitecustomize.py").write_text(SIGNAL_AT_IMPORT)
    env = _environment(tmp_path)
    env.update(PYTHONPATH=str(tmp_path), SIGNAL_AT=module)
    # Had the signal not come, batch would end at once: no header on an empty stdin (2).
    result = subprocess.run(
        [str(SCRIPT), "batch", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (ExitStatus.INTERRUPTED, b""), result.stderr


def test_importing_the_library_leaves_signals_alone() -> None:
    # Only the console script's entry answers signals: a program using the library (or a
    # test runner importing the command line) keeps its own Ctrl-C.
    probe = (
        "import signal\n"
        "before = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]\n"
        "import watchwarranty, watchwarranty.cli\n"
        "watchwarranty.check\n"
        "watchwarranty.cli.app\n"
        "after = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]\n"
        "print(before == after, after[0] is signal.default_int_handler)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout == "True True\n", result.stderr


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


@pytest.mark.parametrize("name", ["SIGHUP", "SIGINT", "SIGTERM"])
def test_a_signal_the_parent_ignored_stays_ignored(tmp_path: Path, name: str) -> None:
    # nohup ignores SIGHUP, and a shell without job control SIGINT for a background job:
    # the run must outlive them as any other command does.
    number = getattr(signal, name)
    with subprocess.Popen(
        ["sh", "-c", f'trap "" {name[3:]}; exec "$0" batch - --as-of 2021-01-01', str(SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_environment(tmp_path),
    ) as process:
        assert process.stdin is not None
        try:
            process.stdin.write(b"brand,purchase_date\ncartier,2020-03-01\n")
            process.stdin.flush()
            assert len(_lines_within(process, 2, 20)) == 2, "no row answered"
            process.send_signal(number)
            process.stdin.write(b"cartier,2020-03-02\n")
            process.stdin.flush()
            answer = _lines_within(process, 1, 20)
            assert answer and answer[0].startswith(b"cartier,2020-03-02,Cartier,"), answer
            process.stdin.close()
            assert process.wait(timeout=30) == ExitStatus.OK
        finally:
            if process.poll() is None:
                process.kill()
