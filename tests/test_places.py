"""The user's folders, read from the XDG variables on Linux, are where platformdirs puts them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from watchwarranty.places import APP, user_cache_dir, user_config_dir

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is used elsewhere")


@pytest.mark.parametrize("value", [None, "", "relative/dir", "/absolute/dir", "/with space/dir"])
@pytest.mark.parametrize(
    ("variable", "ours", "theirs"),
    [
        ("XDG_CONFIG_HOME", user_config_dir, platformdirs.user_config_path),
        ("XDG_CACHE_HOME", user_cache_dir, platformdirs.user_cache_path),
    ],
)
def test_our_folders_are_platformdirs_folders(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    value: str | None,
    variable: str,
    ours: Callable[[], Path],
    theirs: Callable[[str], Path],
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    assert ours() == theirs(APP)
    # Not by chance: the variable, when it counts, and the home folder otherwise.
    expected_base = Path(value) if value and value.startswith("/") else tmp_path / "home"
    assert ours().is_relative_to(expected_base)
