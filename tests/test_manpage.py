"""A man page made from the app when the wheel is built, and shipped in it; an sdist that holds
what its tests need (.ci/run runs the whole suite from one)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib.metadata import requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from typer.main import get_command

from watchwarranty.cli import app

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "manpage.py"
_spec = importlib.util.spec_from_file_location("manpage", GENERATOR)
assert _spec is not None and _spec.loader is not None
manpage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(manpage)

SHIPPED_AS = "share/man/man1/watchwarranty.1"


def _subcommands(command: object, path: str) -> list[str]:
    found = []
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += [f"{path} {name}", *_subcommands(sub, f"{path} {name}")]
    return found


def test_the_man_page_has_every_command_and_what_a_reader_looks_up() -> None:
    made = manpage.manpage()
    for section in (".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH EXIT STATUS", ".SH FILES"):
        assert section in made
    for title in _subcommands(get_command(app), "watchwarranty"):
        assert f".SH {title.upper()}\n" in made.replace("\\-", "-")
    assert "\\-\\-registered\\-on DATE" in made


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_the_man_page_is_roff_that_groff_reads_without_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "watchwarranty.1"
    page.write_text(manpage.manpage(), "utf-8")
    # -k: through preconv, as man reads it, because the page holds Chinese examples.
    checked = subprocess.run(
        ["groff", "-k", "-man", "-Tutf8", "-ww", "-z", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stderr) == (0, "")


def test_the_build_needs_only_typer_of_the_app_s_dependencies() -> None:
    """[build-system] requires lists what the generator imports; a new import there would
    break every install from source, so it is caught here, not by a user's pip."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    (typer,) = [need for need in config["project"]["dependencies"] if need.startswith("typer")]
    assert config["build-system"]["requires"] == ["hatchling>=1.24", typer]
    # Only what the generator brings in: the interpreter's start-up imports (.pth files) are not
    # the build's concern.
    report = (
        "import importlib.metadata, json, runpy, sys\n"
        "before = set(sys.modules)\n"
        f"runpy.run_path({str(GENERATOR)!r})['manpage']()\n"
        "owners = importlib.metadata.packages_distributions()\n"
        "tops = {name.partition('.')[0] for name in set(sys.modules) - before}\n"
        "print(json.dumps(sorted({d for top in tops for d in owners.get(top, [])})))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", report], capture_output=True, text=True, check=True, cwd=ROOT
    )
    typer_needs = {Requirement(need).name for need in requires("typer") or []}
    imported = set(json.loads(ran.stdout)) - {"watchwarranty"}
    assert "typer" in imported
    assert imported <= {"typer", *typer_needs}, imported


def test_the_wheel_ships_the_page_the_app_makes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("watchwarranty-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (data,) = {name.split("/")[0] for name in archive.namelist() if ".data/" in name}
        shipped = archive.read(f"{data}/data/{SHIPPED_AS}").decode("utf-8")
    assert shipped == manpage.manpage()


@pytest.mark.skipif(
    os.environ.get("WATCHWARRANTY_EXPECT_INSTALLED") != "1",
    reason="only when CI tests the built wheel",
)
def test_the_installed_man_page_is_where_man_looks() -> None:
    # man searches share/man beside each bin/ on PATH, so a venv's bin/ on PATH is enough.
    installed = Path(sys.prefix) / SHIPPED_AS
    assert installed.read_text("utf-8") == manpage.manpage()


def _tracked_files() -> set[str] | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {name for name in listed.stdout.split("\0") if name}


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
    tracked = _tracked_files()
    if tracked is not None:
        # Anything tracked may be read by a test some day; only CI's own script stays out.
        packed = {path.relative_to(unpacked).as_posix() for path in unpacked.rglob("*")}
        missing = {name for name in tracked if not name.startswith(".ci/")} - packed
        assert not missing, f"add to [tool.hatch.build.targets.sdist] include: {missing}"
    # The unpacked sources, not this checkout, are what the suite imports. Running it whole
    # takes minutes, so .ci/run does that; collection finds a module or a file it reads missing.
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
