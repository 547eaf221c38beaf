"""Shared fixtures. The environment is cleaned at import, before Typer's Rich helpers read it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Typer reads these once at import time, and the first three force colour on.
for _name in (
    "FORCE_COLOR",
    "PY_COLORS",
    "GITHUB_ACTIONS",
    "TERMINAL_WIDTH",
    "NO_COLOR",
    "COLUMNS",
    "LINES",
    "WATCHWARRANTY_RULES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    # Output language follows these; tests choose it with --lang or env=.
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
):
    os.environ.pop(_name, None)


# A run keeps a signal its parent ignored, as under nohup or as a shell's background job it
# must, while the tests signal their subprocesses as a shell does a command in the foreground.
# So when pytest itself starts ignoring one (`pytest &` in a script, `nohup pytest`), a handler
# that does nothing takes the place of the ignoring: pytest still outlives the signal, and
# what it starts gets it at its default, since exec resets a handler but keeps an ignored
# signal ignored.
def _outlive(_signum: int, _frame: object) -> None:
    pass


for _number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    if signal.getsignal(_number) is signal.SIG_IGN:
        signal.signal(_number, _outlive)

from hypothesis import settings  # noqa: E402
from typer.testing import CliRunner, Result  # noqa: E402

from watchwarranty.cli import app  # noqa: E402
from watchwarranty.i18n import use_language  # noqa: E402
from watchwarranty.inputs.dates import forget_command_options  # noqa: E402
from watchwarranty.model import RuleBook  # noqa: E402
from watchwarranty.rules import default_rules_path, load_rules  # noqa: E402

# CI replays the same examples every run, so that it never fails on one nobody has seen;
# developers' runs keep exploring new ones.
# The engine answers every reading of the facts not given, and this machine may be busy: a
# speed figure is a budget measured in benchmarks/, never a deadline on a test.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

DATA = Path(__file__).parent / "data"
ACME = DATA / "acme.toml"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("WATCHWARRANTY_RULES", raising=False)
    # A developer's own rules file must never reach a test.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    use_language("en")
    forget_command_options()
    yield
    use_language("en")
    # A command stopped before its context closed keeps its --date-order or --roc-years.
    forget_command_options()


@pytest.fixture(scope="session")
def acme() -> RuleBook:
    return load_rules(ACME)


@pytest.fixture(scope="session")
def shipped() -> RuleBook:
    return load_rules(default_rules_path())


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process; assert the exit status, showing the output when it differs."""
    runner = CliRunner()

    def run(
        *args: str, expect: int = 0, env: dict[str, str] | None = None, input: str | None = None
    ) -> Result:
        result = runner.invoke(
            app,
            list(args),
            input=input,
            env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})},
            catch_exceptions=False,
        )
        assert result.exit_code == expect, result.output
        return result

    return run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-docs", action="store_true", help="rewrite the README's generated blocks"
    )
    parser.addoption(
        "--update-snapshots", action="store_true", help="rewrite tests/snapshots/matrix.json"
    )
