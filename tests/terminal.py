"""Run the installed console script with a pseudo-terminal as its stdin and stdout, as a person
at a terminal would, at a fixed size."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("watchwarranty")


def on_terminal(*args: str, columns: int = 80, lines: int = 24, **env: str) -> str:
    """What the command wrote to the terminal (stdout and stderr), as bytes decoded."""
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
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command and its pager are done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")
