"""A man page made from the app, shipped in the wheel; an sdist that holds what its tests need."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("manpage", ROOT / "scripts" / "manpage.py")
assert _spec is not None and _spec.loader is not None
manpage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(manpage)


def test_the_committed_man_page_is_what_the_app_makes() -> None:
    made = manpage.manpage()
    assert manpage.TARGET.read_text("utf-8") == made, "run scripts/manpage.py"
    for section in (".SH NAME", ".SH SYNOPSIS", ".SH EXIT STATUS", ".SH WATCHWARRANTY CHECK"):
        assert section in made
    assert "\\-\\-registered\\-on DATE" in made


def test_the_wheel_ships_the_man_page() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    shared = config["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {"docs/watchwarranty.1": "share/man/man1/watchwarranty.1"}


def test_the_sdist_holds_what_its_tests_need(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("watchwarranty-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = next(path for path in tmp_path.iterdir() if path.is_dir())
    assert (unpacked / "scripts" / "catalogue.py").is_file()
    assert (unpacked / "docs" / "watchwarranty.1").is_file()
    # The unpacked sources, not this checkout, are what the suite imports.
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(unpacked), "HOME": str(tmp_path)}
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stdout[-2000:]
    # The tests that read scripts/ and the catalogues, run from the sdist.
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_i18n.py",
            "tests/test_locales.py",
            "tests/test_regions.py",
            "tests/test_manpage.py::test_the_committed_man_page_is_what_the_app_makes",
        ],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:]
