"""The user's folders, read from the XDG variables on Linux, are where platformdirs puts them;
without a home folder there are none, and the rules are still read."""

from __future__ import annotations

import json
import pwd
import sys
from pathlib import Path

import platformdirs
import pytest
from conftest import Invoke

from watchwarranty.rules.places import APP, user_config_dir

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is used elsewhere")


@pytest.mark.parametrize("value", [None, "", "relative/dir", "/absolute/dir", "/with space/dir"])
def test_our_folder_is_the_platformdirs_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None
) -> None:
    variable, ours, theirs = "XDG_CONFIG_HOME", user_config_dir, platformdirs.user_config_path
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    assert ours() == theirs(APP)
    # Not by chance: the variable, when it counts, and the home folder otherwise.
    expected_base = Path(value) if value and value.startswith("/") else tmp_path / "home"
    found = ours()
    assert found is not None and found.is_relative_to(expected_base)


@pytest.fixture
def homeless(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HOME, run as a user the system has no entry for (as in some containers)."""
    for variable in ("HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(variable, raising=False)

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)


@pytest.mark.usefixtures("homeless")
def test_without_a_home_there_is_no_folder_unless_xdg_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert user_config_dir() is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert user_config_dir() == tmp_path / APP


@pytest.mark.usefixtures("homeless")
def test_without_a_home_check_answers_from_the_shipped_rules(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "rolex", "2020-01-01", "--as-of", "2021-01-01", "--format", "json")
    assert json.loads(result.stdout)["effective_expiry"] == "2025-01-01"
    assert list(tmp_path.iterdir()) == []  # nothing kept under a "~" of the working folder
    shown = invoke("rules", "path").stdout
    assert "your rules:     none: no home folder; set HOME or XDG_CONFIG_HOME" in shown
    assert "in use:         the shipped rules\n" in shown
