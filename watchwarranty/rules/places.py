"""Where the user's own rules file, and config file, live.

On Linux these are the XDG base directories, read here directly: importing platformdirs cost
every command ~2.5 ms of start-up (callgrind: 11 M of ~400 M instructions). Elsewhere
platformdirs knows each system's folders. tests/test_places.py holds the two to the same
answers on Linux.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

APP = "watchwarranty"


def user_config_dir() -> Path | None:
    """The folder of the user's own rules file, e.g. ``~/.config/watchwarranty``; None when
    there is no home folder to put it in."""
    if _uses_xdg():
        return _xdg("XDG_CONFIG_HOME", ".config")
    import platformdirs

    return _unless_homeless(platformdirs.user_config_path)


def user_config_file() -> Path | None:
    """The user's config file (``~/.config/watchwarranty/config.toml``), whether or not it is
    there; None when there is no home folder."""
    folder = user_config_dir()
    return folder / "config.toml" if folder is not None else None


def _uses_xdg() -> bool:
    # Android reports itself as Linux, but platformdirs gives its apps other folders.
    return sys.platform == "linux" and "ANDROID_DATA" not in os.environ


def _xdg(variable: str, in_home: str) -> Path | None:
    # The XDG spec ignores a relative path, as if the variable were not set.
    value = Path(os.environ.get(variable, ""))
    if value.is_absolute():
        return value / APP
    try:
        home = Path.home()
    # A process with no HOME, run as a user the system has no entry for (as in some
    # containers), has no home.
    except RuntimeError:
        return None
    return home / in_home / APP if home.is_absolute() else None


def _unless_homeless(find: Callable[[str], Path]) -> Path | None:
    try:
        return find(APP)
    except RuntimeError:  # platformdirs found no home folder
        return None
