"""Rule books kept between runs: used only while every source and the code are unchanged."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import ACME, Invoke

from watchwarranty import rulecache
from watchwarranty.cli import ExitStatus
from watchwarranty.errors import RulesError
from watchwarranty.model import RuleBook
from watchwarranty.rulecache import load_cached
from watchwarranty.rules import load_layered, load_rules


class CountingLoader:
    """Loads a rules file through the real loader, counting the loads."""

    def __init__(self, *paths: Path) -> None:
        self.paths = paths
        self.loads = 0

    def __call__(self) -> RuleBook:
        self.loads += 1
        if len(self.paths) == 1:
            return load_rules(self.paths[0])
        return load_layered(*self.paths)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_bytes(ACME.read_bytes())
    return path


def test_a_second_load_of_the_same_file_is_the_kept_book(rules: Path, tmp_path: Path) -> None:
    loader = CountingLoader(rules)
    first = load_cached([rules], loader, tmp_path / "cache")
    second = load_cached([rules], loader, tmp_path / "cache")
    assert loader.loads == 1
    assert second == first == load_rules(rules)


def test_an_edited_file_is_loaded_again(rules: Path, tmp_path: Path) -> None:
    loader = CountingLoader(rules)
    before = load_cached([rules], loader, tmp_path / "cache")
    text = rules.read_text(encoding="utf-8")
    # The same size and the same modification time: only the bytes tell the change.
    status = rules.stat()
    rules.write_text(text.replace("Acme", "Acmx", 1), encoding="utf-8")
    os.utime(rules, ns=(status.st_atime_ns, status.st_mtime_ns))
    after = load_cached([rules], loader, tmp_path / "cache")
    assert loader.loads == 2
    assert after != before
    assert after == load_rules(rules)


def test_a_user_file_appearing_is_laid_over_the_kept_rules(rules: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    loader = CountingLoader(rules, user)
    alone = load_cached([rules, user], loader, tmp_path / "cache")
    assert alone.user_rule_ids == frozenset()
    user.write_text(
        '[brands.acme]\n[[brands.acme.policies]]\nid = "mine"\ntitle = "Mine"\n'
        'effective = 2000-01-01\nbase = "9 years"\nsource = "me"\nconfidence = "low"\n',
        encoding="utf-8",
    )
    layered = load_cached([rules, user], loader, tmp_path / "cache")
    assert loader.loads == 2
    assert layered.user_rule_ids == {"mine"}


def test_changed_code_loads_again(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader = CountingLoader(rules)
    load_cached([rules], loader, tmp_path / "cache")
    monkeypatch.setattr(rulecache, "_code_stamp", lambda: ("another loader",))
    load_cached([rules], loader, tmp_path / "cache")
    assert loader.loads == 2


def test_the_code_stamp_follows_the_modules_and_only_them(tmp_path: Path) -> None:
    module = tmp_path / "rules.py"
    module.write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "rules.toml").write_text("", encoding="utf-8")
    before = rulecache._code_stamp(tmp_path)
    (tmp_path / "rules.toml").write_text("schema = 1\n", encoding="utf-8")
    assert rulecache._code_stamp(tmp_path) == before
    status = module.stat()
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    touched = rulecache._code_stamp(tmp_path)
    assert touched != before
    module.write_text("x = 22\n", encoding="utf-8")
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert rulecache._code_stamp(tmp_path) != touched


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("a key", "a book"))])
def test_a_damaged_cache_file_is_a_miss_and_is_replaced(
    rules: Path, tmp_path: Path, damage: bytes
) -> None:
    loader = CountingLoader(rules)
    load_cached([rules], loader, tmp_path / "cache")
    (kept,) = (tmp_path / "cache").iterdir()
    kept.write_bytes(damage)
    assert load_cached([rules], loader, tmp_path / "cache") == load_rules(rules)
    assert load_cached([rules], loader, tmp_path / "cache") == load_rules(rules)
    assert loader.loads == 2


def test_an_unwritable_cache_folder_only_costs_time(rules: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    loader = CountingLoader(rules)
    for _ in range(2):
        assert load_cached([rules], loader, blocker) == load_rules(rules)
    assert loader.loads == 2
    assert blocker.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_file_that_fails_is_never_kept(tmp_path: Path) -> None:
    broken = tmp_path / "rules.toml"
    broken.write_text("schema = 1\n[brands.acme]\nname = 3\n", encoding="utf-8")
    loader = CountingLoader(broken)
    for _ in range(2):
        with pytest.raises(RulesError):
            load_cached([broken], loader, tmp_path / "cache")
    assert loader.loads == 2
    assert not (tmp_path / "cache").exists()


def test_a_source_that_cannot_be_read_is_left_to_the_loader(tmp_path: Path) -> None:
    folder_instead = tmp_path / "rules.toml"
    folder_instead.mkdir()
    with pytest.raises(RulesError, match="cannot read"):
        load_cached([folder_instead], CountingLoader(folder_instead), tmp_path / "cache")


def test_check_keeps_the_rules_and_still_reports_a_broken_user_file(invoke: Invoke) -> None:
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "watchwarranty"
    first = invoke("check", "rolex", "2020-01-01", "--as-of", "2021-01-01", "--format", "json")
    assert list(cache.glob("rules-*.pickle"))
    again = invoke("check", "rolex", "2020-01-01", "--as-of", "2021-01-01", "--format", "json")
    assert again.stdout == first.stdout
    user = Path(os.environ["XDG_CONFIG_HOME"]) / "watchwarranty" / "rules.toml"
    user.parent.mkdir(parents=True)
    user.write_text("schema = 1\n[brands.rolex]\naliases = 3\n", encoding="utf-8")
    for _ in range(2):
        broken = invoke("check", "rolex", "2020-01-01", expect=ExitStatus.BAD_INPUT)
        assert "aliases" in broken.stderr


def test_with_no_folder_nothing_is_kept(rules: Path) -> None:
    loader = CountingLoader(rules)
    for _ in range(2):
        assert load_cached([rules], loader, None) == load_rules(rules)
    assert loader.loads == 2
