"""Run the installed console script with a pseudo-terminal as its stdin and stdout, as a person
at a terminal would, at a fixed size."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("watchwarranty")


def on_terminal(
    *args: str, columns: int = 80, lines: int = 24, typed: bytes = b"", **env: str
) -> str:
    """What the command wrote to the terminal (stdout and stderr), decoded; ``typed`` is typed
    at it first. A command still running after 20 seconds fails the test, killed."""
    leader, follower = pty.openpty()
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": env.pop("HOME", "/nonexistent"),
        "COLUMNS": str(columns),
        "LINES": str(lines),
        "TERM": "xterm-256color",
        **env,
    }
    process = subprocess.Popen(
        [str(SCRIPT), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environ,
        close_fds=True,
    )
    os.close(follower)
    if typed:
        os.write(leader, typed)
    chunks = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command and its pager are done
            break
        if not chunk:
            break
        chunks.append(chunk)
    try:
        process.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"still running: {b''.join(chunks)!r}") from None
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")
