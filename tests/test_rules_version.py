"""Which rules gave an answer: a version the rules declare and a fingerprint of their bytes, on
every answer (check's JSON, every batch row), in --version and in `rules path`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ACME, Invoke

from watchwarranty.errors import RulesError
from watchwarranty.rules import default_rules_path, load_layered, load_rules, parse_rules
from watchwarranty.rules.fingerprint import fingerprint

SHIPPED = default_rules_path()


def _minimal(version: str | None) -> str:
    line = f'version = "{version}"\n' if version is not None else ""
    return (
        "schema = 1\n" + line + '[default]\nid = "d"\ntitle = "t"\nbase = "2 years"\n'
        'source = "https://example.com/d"\nconfidence = "high"\n[brands]\n'
    )


def test_the_shipped_rules_carry_a_version_and_their_fingerprint() -> None:
    rules = load_rules(SHIPPED)
    assert rules.version is not None and rules.version.count(".") == 2
    assert rules.fingerprint == fingerprint([SHIPPED.read_bytes()])
    assert len(rules.fingerprint) == 12


@pytest.mark.parametrize("bad", ["1.0", "v1.0.0", "01.0.0", "1.0.0-beta", ""])
def test_a_version_that_is_not_major_minor_patch_is_refused_by_its_path(bad: str) -> None:
    with pytest.raises(RulesError) as raised:
        parse_rules(_minimal(bad), origin="mine.toml")
    assert raised.value.problems == [
        f"mine.toml: version: {bad!r} is not a rules version; write MAJOR.MINOR.PATCH in quotes, "
        'e.g. version = "1.2.0" (a change that moves any answer raises at least MINOR)'
    ]


def test_a_number_is_not_a_version() -> None:
    with pytest.raises(RulesError, match=r"version: 1 is not a rules version"):
        parse_rules(_minimal(None).replace("schema = 1\n", "schema = 1\nversion = 1\n"))


def test_a_file_without_a_version_still_loads_and_is_told_apart_by_its_fingerprint() -> None:
    one = parse_rules(_minimal(None))
    other = parse_rules(_minimal(None) + "\n# a comment\n")
    assert one.version is None
    assert one.fingerprint != other.fingerprint


def test_a_users_file_marks_the_version_local_and_changes_the_fingerprint(
    tmp_path: Path,
) -> None:
    user = tmp_path / "rules.toml"
    user.write_text("[brands.rolex]\naliases = ['rlx test']\n", encoding="utf-8")
    layered = load_layered(SHIPPED, user)
    shipped = load_rules(SHIPPED)
    assert layered.version == f"{shipped.version}+local"
    assert layered.fingerprint == fingerprint([SHIPPED.read_bytes(), user.read_bytes()])
    assert layered.fingerprint != shipped.fingerprint
    user.write_text('version = "3.1.0"\n' + user.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_layered(SHIPPED, user).version == f"{shipped.version}+local.3.1.0"
    user.write_text('version = "three"\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.toml: version: 'three' is not a rules version"):
        load_layered(SHIPPED, user)


def test_check_json_names_the_rules_that_answered(invoke: Invoke) -> None:
    record = json.loads(invoke("check", "rolex", "2020-01-01", "--format", "json").stdout)
    rules = load_rules(SHIPPED)
    assert (record["rules_version"], record["rules_fingerprint"]) == (
        rules.version,
        rules.fingerprint,
    )


def test_every_batch_row_names_the_rules_even_a_row_in_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(
        "sku,brand,purchase_date\nA1,acme,2020-01-01\nA2,nobody,2020-01-01\n", encoding="utf-8"
    )
    result = invoke(
        "batch", str(inventory), "--rules", str(ACME), "--as-of", "2024-01-01", expect=1
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    acme = load_rules(ACME)
    assert [(row["sku"], row["rules_version"], row["rules_fingerprint"]) for row in rows] == [
        ("A1", acme.version or "", acme.fingerprint),
        ("A2", acme.version or "", acme.fingerprint),
    ]


def test_version_and_rules_path_name_the_rules_in_use(invoke: Invoke, tmp_path: Path) -> None:
    rules = load_rules(SHIPPED)
    line = f"rules: version {rules.version}, fingerprint {rules.fingerprint}\n"
    assert invoke("--version").stdout.endswith(line)
    assert invoke("rules", "path").stdout.endswith(line)
    user = tmp_path / "config" / "watchwarranty" / "rules.toml"
    user.parent.mkdir(parents=True)
    user.write_text("", encoding="utf-8")
    layered = load_layered(SHIPPED, user)
    assert invoke("rules", "path").stdout.endswith(
        f"rules: version {rules.version}+local, fingerprint {layered.fingerprint}\n"
    )


def test_version_as_a_real_process_with_unreadable_rules_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "watchwarranty", "--version"],
        env={"WATCHWARRANTY_RULES": str(tmp_path / "missing.toml"), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert (result.returncode, len(lines), result.stderr) == (0, 2, "")
    assert lines[1].startswith("rules: cannot be read (") and "missing.toml" in lines[1]
