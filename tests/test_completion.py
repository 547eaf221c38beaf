"""Completion that works: values quoted for the shell, regions by name in both languages,
stores of the brand on the command line only, sorted; the completion options in --help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("watchwarranty")


def completions(words: str, tmp_path: Path, shell: str = "bash") -> list[str]:
    """What the shell is offered for the last word of ``words`` (a trailing space: a new one)."""
    split = words.split(" ")
    env = {
        "PATH": "/usr/bin:/bin",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "_WATCHWARRANTY_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(split) - 1),
    }
    result = subprocess.run(
        [str(SCRIPT)], capture_output=True, text=True, env=env, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.split("\n") if line]


def in_order(offered: list[str]) -> bool:
    plain = [name.replace("\\", "") for name in offered]
    return plain == sorted(plain, key=str.casefold)


def test_a_name_with_a_space_is_quoted_for_bash(tmp_path: Path) -> None:
    assert "Ulysse\\ Nardin" in completions("watchwarranty check Uly", tmp_path)
    assert "A.\\ Lange\\ \\&\\ Söhne" in completions("watchwarranty check A.", tmp_path)


def test_regions_by_name_in_both_languages_sorted(tmp_path: Path) -> None:
    offered = completions("watchwarranty check rolex 2020-01-01 --region Chi", tmp_path)
    assert in_order(offered) and "China" in offered and "Chile" in offered
    assert "中国" in completions("watchwarranty check rolex 2020-01-01 --region 中", tmp_path)
    assert "CN" in completions("watchwarranty check rolex 2020-01-01 --region C", tmp_path)


def test_stores_of_the_brand_on_the_command_line_only(tmp_path: Path) -> None:
    offered = completions("watchwarranty check ap 2020-01-01 --store ", tmp_path)
    assert "北京SKP精品店" in offered and "lange-boutique" not in offered
    assert in_order(offered)
    lange = completions("watchwarranty check lange 2020-01-01 --store ", tmp_path)
    assert "lange-boutique" in lange and "北京SKP精品店" not in lange


def test_movements_with_their_common_names_sorted(tmp_path: Path) -> None:
    offered = completions("watchwarranty check omega 2020-01-01 --movement ", tmp_path)
    assert "automatic" in offered and "co-axial" in offered and in_order(offered)


def test_the_completion_options_are_in_help(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", **{"HOME": os.environ.get("HOME", "/")}},
        check=False,
    )
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
