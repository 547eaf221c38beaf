"""Where the user's own files live: their rules file, and the cache of validated rules.

On Linux these are the XDG base directories, read here directly: importing platformdirs cost
every command ~2.5 ms of start-up (callgrind: 11 M of ~400 M instructions). Elsewhere
platformdirs knows each system's folders. tests/test_places.py holds the two to the same
answers on Linux.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "watchwarranty"


def user_config_dir() -> Path:
    """The folder of the user's own rules file, e.g. ``~/.config/watchwarranty``."""
    if _uses_xdg():
        return _xdg("XDG_CONFIG_HOME", "~/.config") / APP
    import platformdirs

    return platformdirs.user_config_path(APP)


def user_cache_dir() -> Path:
    """The folder of files kept only to save time, e.g. ``~/.cache/watchwarranty``."""
    if _uses_xdg():
        return _xdg("XDG_CACHE_HOME", "~/.cache") / APP
    import platformdirs

    return platformdirs.user_cache_path(APP)


def _uses_xdg() -> bool:
    # Android reports itself as Linux, but platformdirs gives its apps other folders.
    return sys.platform == "linux" and "ANDROID_DATA" not in os.environ


def _xdg(variable: str, default: str) -> Path:
    # The XDG spec ignores a relative path, as if the variable were not set.
    value = Path(os.environ.get(variable, ""))
    return value if value.is_absolute() else Path(default).expanduser()
