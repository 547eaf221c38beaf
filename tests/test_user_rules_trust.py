"""The user's own rules file is laid over the shipped rules only when it can be trusted, as ssh
trusts ~/.ssh/config: nobody else can change it or its folder; a broken link is an error that
names it; rules files are regular files of a bounded size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ACME, Invoke

ROLEX_50 = """
[[brands.rolex.policies]]
id = "rolex-fifty"
title = "Fifty years"
effective = 2019-01-01
base = "50 years"
source = "https://example.com/not-rolex"
confidence = "high"
"""


def _user_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "watchwarranty" / "rules.toml"


def _write_user_rules(text: str) -> Path:
    path = _user_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o755)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return path


def test_a_trusted_user_file_is_used(invoke: Invoke) -> None:
    _write_user_rules(ROLEX_50)
    result = invoke("check", "rolex", "2020-01-01", "--format", "json", "--as-of", "2021-01-01")
    assert '"effective_expiry": "2070-01-01"' in result.stdout


@pytest.mark.parametrize("mode", [0o666, 0o646, 0o664])
def test_a_user_file_others_can_change_is_refused(invoke: Invoke, mode: int) -> None:
    path = _write_user_rules(ROLEX_50)
    path.chmod(mode)
    result = invoke("check", "rolex", "2020-01-01", expect=2)
    assert result.stderr.count("\n") == 1
    assert str(path) in result.stderr and "chmod go-w" in result.stderr


def test_a_user_folder_others_can_change_is_refused(invoke: Invoke) -> None:
    path = _write_user_rules(ROLEX_50)
    path.parent.chmod(0o777)
    result = invoke("check", "rolex", "2020-01-01", expect=2)
    assert result.stderr.count("\n") == 1 and str(path.parent) in result.stderr


def test_a_user_file_owned_by_another_user_is_refused(invoke: Invoke) -> None:
    path = _write_user_rules(ROLEX_50)
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(path, 4242, 4242)
    result = invoke("check", "rolex", "2020-01-01", expect=2)
    assert result.stderr.count("\n") == 1 and "owned by another user" in result.stderr


@pytest.mark.parametrize("target", ["missing.toml", "rules.toml"])
def test_a_broken_link_is_an_error_that_names_it(invoke: Invoke, target: str) -> None:
    path = _user_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o755)
    # A dangling link, or one that points at itself (a loop).
    path.symlink_to(path.parent / target)
    result = invoke("check", "rolex", "2020-01-01", expect=2)
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    shown = invoke("rules", "path").stdout
    assert "not present" not in shown


def test_an_unsearchable_folder_is_cannot_read_for_check_and_said_by_rules_path(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = Path.stat

    def stat(self: Path, **kwargs: bool) -> os.stat_result:
        if "watchwarranty" in str(self) and "config" in str(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    assert "cannot be read" in invoke("rules", "path").stdout
    result = invoke("check", "rolex", "2020-01-01", expect=2)
    assert "cannot read" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("path", ["/dev/zero", "fifo"])
def test_rules_that_are_not_a_regular_file_are_refused(
    invoke: Invoke, tmp_path: Path, path: str
) -> None:
    if path == "fifo":
        path = str(tmp_path / "rules.fifo")
        os.mkfifo(path)
    result = invoke("check", "rolex", "2020-01-01", "--rules", path, expect=2)
    assert "not a regular file" in result.stderr and result.stderr.count("\n") == 1


def test_a_huge_rules_file_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(ACME.read_text(encoding="utf-8") + "#" * (5 << 20) + "\n")
    result = invoke("check", "acme", "2020-01-01", "--rules", str(path), expect=2)
    assert "MiB" in result.stderr and result.stderr.count("\n") == 1


def test_an_extension_cap_shorter_than_the_base_is_refused_with_its_path(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = ACME.read_text(encoding="utf-8")
    path = tmp_path / "rules.toml"
    path.write_text(
        text.replace('adds = "', 'cap = "1 year"\nadds = "', 1),
        encoding="utf-8",
    )
    result = invoke("rules", "check", str(path), expect=2)
    assert ".extensions[1].cap" in result.stderr
    assert "shorter than the base warranty" in result.stderr


def test_rules_check_refuses_control_characters_in_rules_text(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = ACME.read_text(encoding="utf-8")
    path = tmp_path / "rules.toml"
    path.write_text(text.replace('title = "Two years"', 'title = "Two\\u001b[31m years"', 1))
    result = invoke("rules", "check", str(path), expect=2)
    assert "default.title" in result.stderr and "control character" in result.stderr
