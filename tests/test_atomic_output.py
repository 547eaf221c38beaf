"""Output files are written whole or not at all: a signal, a full disk or a bad second output
leaves the previous file byte-identical and no temporary file behind; an output that is the
input is refused. Run as real processes, since signals and file size limits are what is tested."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from watchwarranty.cli import ExitStatus

SCRIPT = Path(sys.executable).with_name("watchwarranty")
PREVIOUS = b"yesterday's report, which must survive\n"
BRANDS = ("cartier", "rolex", "omega", "tudor", "iwc", "longines")


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"WATCHWARRANTY_RULES", "COLUMNS"}}
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    # openpyxl keeps a report's rows in $TMPDIR until it is saved: here, where it can be seen.
    env["TMPDIR"] = str(folder / "tmp")
    (folder / "tmp").mkdir(exist_ok=True)
    return env


def run(
    args: list[str], folder: Path, *, limit: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    def limited() -> None:
        if limit is not None:
            # A file size limit stands for a full disk: a write past it fails with EFBIG.
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=folder,
        env=_environment(folder),
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=limited,
    )


@pytest.fixture(scope="module")
def big_inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rows enough that a run is still writing when it is signalled."""
    path = tmp_path_factory.mktemp("inventory") / "inventory.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("sku,brand,purchase_date\n")
        for index in range(100_000):
            brand = BRANDS[index % len(BRANDS)]
            out.write(f"{index},{brand},{2000 + index % 25}-{1 + index % 12:02d}-01\n")
    return path


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    names = {p.name for p in folder.iterdir() if p.name not in {"config", "tmp"}} - keep
    return sorted(names) + sorted(p.name for p in (folder / "tmp").iterdir())


def _wait_until(ready: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not ready():
        time.sleep(0.02)


def _writing(folder: Path, report: Path) -> Callable[[], bool]:
    # Writing has begun when a file appears beside the report (its replacement, or openpyxl's
    # in tmp), or the report itself changes (as it did when -o truncated it at the start).
    (folder / "tmp").mkdir(exist_ok=True)
    before = {*folder.iterdir(), *(folder / "tmp").iterdir()}

    def ready() -> bool:
        now = {*folder.iterdir(), *(folder / "tmp").iterdir()}
        return now != before or report.read_bytes() != PREVIOUS

    return ready


SIGNALS = [
    (signal.SIGINT, ExitStatus.INTERRUPTED),
    (signal.SIGTERM, -signal.SIGTERM),
    (signal.SIGHUP, -signal.SIGHUP),
]


@pytest.mark.parametrize(("signum", "status"), SIGNALS, ids=lambda v: str(v))
@pytest.mark.parametrize("name", ["report.csv", "report.xlsx", "report.jsonl"])
def test_a_signal_leaves_the_previous_report_whole(
    big_inventory: Path, tmp_path: Path, signum: int, status: int, name: str
) -> None:
    report = tmp_path / name
    report.write_bytes(PREVIOUS)
    calendar = tmp_path / "reminders.ics"
    calendar.write_bytes(PREVIOUS)
    ready = _writing(tmp_path, report)
    args = [str(big_inventory), "-o", name, "--ics", "reminders.ics", "--as-of", "2025-01-01"]
    process = subprocess.Popen(
        [str(SCRIPT), "batch", *args],
        cwd=tmp_path,
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_until(ready)
    time.sleep(0.3)  # some rows into the run
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr
    assert b"Traceback" not in stderr
    assert report.read_bytes() == PREVIOUS
    assert calendar.read_bytes() == PREVIOUS
    assert _leftovers(tmp_path, {name, "reminders.ics"}) == []


def test_sigkill_leaves_no_partial_report(big_inventory: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_bytes(PREVIOUS)
    ready = _writing(tmp_path, report)
    process = subprocess.Popen(
        [str(SCRIPT), "batch", str(big_inventory), "-o", "report.csv"],
        cwd=tmp_path,
        env=_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_until(ready)
    time.sleep(0.3)
    process.kill()
    process.wait(timeout=30)
    assert report.read_bytes() == PREVIOUS
    # What a SIGKILL can leave is the hidden temporary file, never a partial report.
    assert all(name.startswith(".report.csv.") for name in _leftovers(tmp_path, {"report.csv"}))


OUTPUTS = [
    ["batch", "inventory.csv", "-o", "out.csv"],
    ["batch", "inventory.csv", "-o", "out.jsonl"],
    ["batch", "inventory.csv", "-o", "out.json"],
    ["batch", "inventory.csv", "-o", "out.xlsx"],
    ["batch", "inventory.csv", "--ics", "out.ics"],
    ["check", "cartier", "2020-03-01", "-o", "out.json"],
    ["check", "cartier", "2020-03-01", "-o", "out.csv"],
    ["check", "cartier", "2020-03-01", "-o", "out.jsonl"],
    ["check", "cartier", "2020-03-01", "-o", "out.xlsx"],
    ["remind", "cartier", "2020-03-01", "-o", "out.ics"],
]


@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_a_full_disk_leaves_the_previous_file_whole(tmp_path: Path, args: list[str]) -> None:
    rows = "".join(f"{BRANDS[i % 6]},20{10 + i % 10}-03-01\n" for i in range(400))
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\n" + rows, encoding="utf-8")
    target = tmp_path / next(arg for arg in args if arg.startswith("out."))
    target.write_bytes(PREVIOUS)
    result = run([*args, "--as-of", "2021-01-01"], tmp_path, limit=256)
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count(b"\n") == 1, result.stderr
    assert f"cannot write {target.name}: File too large".encode() in result.stderr
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(tmp_path, {"inventory.csv", target.name}) == []


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx", "out.json"])
def test_a_complete_report_replaces_the_previous_one(tmp_path: Path, name: str) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    target.chmod(0o640)
    result = run(["batch", "inventory.csv", "-o", name, "--as-of", "2021-01-01"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() != PREVIOUS
    assert target.stat().st_mode & 0o777 == 0o640  # the report keeps the mode it had
    if name.endswith(".xlsx"):
        assert zipfile.is_zipfile(target)
    assert _leftovers(tmp_path, {"inventory.csv", name}) == []


def test_a_new_report_gets_the_usual_mode(tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    result = run(["batch", "inventory.csv", "-o", "new.csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_link_to_the_report_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    (tmp_path / "real.csv").write_bytes(PREVIOUS)
    (tmp_path / "link.csv").symlink_to("real.csv")
    result = run(["batch", "inventory.csv", "-o", "link.csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.csv").is_symlink()
    assert b"cartier" in (tmp_path / "real.csv").read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        "batch inventory.csv -o inventory.csv",
        "batch inventory.csv -o ./inventory.csv",
        "batch inventory.csv -o hard.csv",
        "batch inventory.csv -o soft.csv",
        "batch - -o inventory.csv < inventory.csv",
        "batch inventory.csv --ics inventory.csv",
        "batch inventory.csv -o out.csv --ics out.csv",
    ],
)
def test_an_output_that_is_the_input_is_refused(tmp_path: Path, command: str) -> None:
    original = "brand,purchase_date\n" + "cartier,2020-03-01\n" * 50
    inventory = tmp_path / "inventory.csv"
    inventory.write_text(original, encoding="utf-8")
    (tmp_path / "hard.csv").hardlink_to(inventory)
    (tmp_path / "soft.csv").symlink_to("inventory.csv")
    result = subprocess.run(
        f'"{SCRIPT}" {command}',
        shell=True,
        cwd=tmp_path,
        env=_environment(tmp_path),
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == ExitStatus.BAD_INPUT, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"is the same file as" in result.stderr
    assert inventory.read_text(encoding="utf-8") == original
    assert not (tmp_path / "out.csv").exists()


def test_every_output_is_checked_before_any_is_written(tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    (tmp_path / "out.csv").write_bytes(PREVIOUS)
    result = run(["batch", "inventory.csv", "-o", "out.csv", "--ics", "nowhere/a.ics"], tmp_path)
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"cannot write nowhere/a.ics" in result.stderr
    assert (tmp_path / "out.csv").read_bytes() == PREVIOUS
    assert _leftovers(tmp_path, {"inventory.csv", "out.csv"}) == []


@pytest.mark.parametrize(
    "args",
    [
        ["batch", "inventory.csv", "-o", "nowhere/out.csv"],
        ["batch", "inventory.csv", "-o", "nowhere/out.xlsx"],
        ["check", "cartier", "2020-03-01", "-o", "nowhere/out.json"],
        ["check", "cartier", "2020-03-01", "-o", "nowhere/out.xlsx"],
        ["remind", "cartier", "2025-03-01", "-o", "nowhere/out.ics"],
    ],
    ids=" ".join,
)
def test_an_output_that_cannot_be_created_is_74_in_every_command(
    tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    result = run(args, tmp_path)
    assert result.returncode == ExitStatus.OUTPUT_ERROR, result.stderr
    assert result.stderr.count(b"\n") == 1 and b"cannot write nowhere/out." in result.stderr


def test_devices_are_written_directly(tmp_path: Path) -> None:
    (tmp_path / "inventory.csv").write_text("brand,purchase_date\ncartier,2020-03-01\n")
    result = run(["batch", "inventory.csv", "-o", "/dev/stdout", "--format", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"cartier,2020-03-01,Cartier" in result.stdout


def test_of_two_runs_to_one_report_the_last_to_finish_wins_whole(tmp_path: Path) -> None:
    # The runs overlap by construction: the first has written rows when the second starts, and
    # ends after it. A report opened for writing at the start (as before atomic writing) is
    # truncated by the second run, then written over in part by the rest of the first: neither
    # whole. Two runs merely started together may write one after the other, and pass anyway.
    header = "brand,purchase_date\n"
    first_rows = [f"{BRANDS[i % 6]},20{10 + i % 10}-03-01\n" for i in range(400)]
    (tmp_path / "first.csv").write_text(header + "".join(first_rows))
    (tmp_path / "second.csv").write_text(header + "rolex,2020-03-01\n" * 400)
    alone = run(["batch", "first.csv", "-o", "alone.csv", "--as-of", "2021-01-01"], tmp_path)
    assert alone.returncode == 0, alone.stderr
    report = tmp_path / "shared.csv"
    report.write_bytes(PREVIOUS)

    def first_has_written() -> bool:
        # Into its replacement, or (before atomic writing) into the report itself.
        replacements = tmp_path.glob(".shared.csv.*.part")
        into_report = report.read_bytes() not in (PREVIOUS, b"")
        return into_report or any(part.stat().st_size for part in replacements)

    first = subprocess.Popen(
        [str(SCRIPT), "batch", "-", "-o", "shared.csv", "--as-of", "2021-01-01"],
        cwd=tmp_path,
        env=_environment(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert first.stdin is not None
    try:
        # All but the last row: the run waits for it, and for the end of its input.
        first.stdin.write((header + "".join(first_rows[:-1])).encode())
        first.stdin.flush()
        _wait_until(first_has_written)
        assert first_has_written(), "the first run wrote nothing"
        second = run(
            ["batch", "second.csv", "-o", "shared.csv", "--as-of", "2021-01-01"], tmp_path
        )
        assert second.returncode == 0, second.stderr
        first.stdin.write(first_rows[-1].encode())
        first.stdin.close()
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=30)
    assert report.read_bytes() == (tmp_path / "alone.csv").read_bytes()
    assert _leftovers(tmp_path, {"first.csv", "second.csv", "alone.csv", "shared.csv"}) == []
