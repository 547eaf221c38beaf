"""Generated command lines for check, remind, brands and rules show: hostile strings, escape
sequences, odd dates, huge numbers. Whatever comes in, the answer is a documented exit status,
at most one line on stderr, no traceback and no raw control character."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from watchwarranty.cli import EXIT_STATUS_MEANING, app, application, brands, rules, watch
from watchwarranty.render.safe import has_unsafe

RUNS_EACH = 2_500  # four commands: 10,000 command lines

hostile = st.sampled_from(
    [
        "\x1b]0;owned\x07",
        "\x1b[2J",
        "\x1b]8;;https://x.example\x1b\\x\x1b]8;;\x1b\\",
        "a\nb",
        "\x9b1m",
        "\u202e",
        "[bold]x[/bold]",
        ":smile:",
        "\x00",
        "\ud800",  # a lone surrogate, as an undecodable byte arrives in argv
        "",
        " ",
        "-",
        "--",
    ]
)
words = st.one_of(
    hostile,
    st.text(max_size=30),
    st.sampled_from(["cartier", "欧米茄", "rolex", "AP", "oris", "tudor", "rolx", "acme"]),
)
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        ["2020年2月30日", "05/06/2020", "0000-01-01", "9999-12-31", "2020-13-01", "20", "1e9"]
    ),
    words,
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str), st.sampled_from(["1e9", "nan"])
)
common = st.lists(
    st.one_of(
        st.tuples(st.just("--region"), words),
        st.tuples(st.just("--movement"), words),
        st.tuples(st.just("--store"), words),
        st.tuples(st.just("--registered-on"), dates),
        st.tuples(st.just("--as-of"), dates),
        st.tuples(
            st.just("--lang"), st.sampled_from(["en", "zh", "ZH", "zh-hant", "zh_TW", "fr"])
        ),
        st.tuples(st.sampled_from(["--registered", "--second-hand", "--no-marketing-consent"])),
        st.tuples(st.just("--format"), st.sampled_from(["table", "json", "csv", "xml"])),
        st.tuples(words),
    ),
    max_size=4,
).map(lambda pairs: [item for pair in pairs for item in pair])

KNOWN = {int(status) for status in EXIT_STATUS_MEANING}
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _built_once() -> Iterator[None]:
    """What every invocation would make the same again, made once: Typer's command tree (the
    test runner rebuilds it per call, ~8 ms) and the shipped rules (~5 ms; no command line
    here names another file that loads). 10,000 command lines took ~150 s, now ~2.5x less."""
    built = typer.main.get_command(app)
    load = functools.lru_cache(maxsize=None)(application.load)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: built)
        for module in (application, brands, rules, watch):
            patch.setattr(module, "load", load)
        yield


def check_run(args: list[str]) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    shown = f"{args!r}: {result.exit_code} {result.stderr!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(shown) from result.exception
    assert result.exit_code in KNOWN, shown
    assert result.stderr.count("\n") <= 1, shown
    assert "Traceback" not in result.output, shown
    assert not has_unsafe(result.stderr.rstrip("\n")), shown
    assert not has_unsafe(result.stdout.replace("\n", "").replace("\r", "")), shown


fuzz = settings(
    max_examples=RUNS_EACH,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@fuzz
@given(brand=words, day=dates, rest=common)
def test_check(brand: str, day: str, rest: list[str]) -> None:
    check_run(["check", brand, day, *rest])


@fuzz
@given(brand=words, day=dates, rest=common, before=numbers)
def test_remind(brand: str, day: str, rest: list[str], before: str) -> None:
    check_run(["remind", brand, day, *rest, "--remind-before", before])


@fuzz
@given(rest=st.lists(st.one_of(st.just("--as-of"), dates, st.just("--format"), words), max_size=4))
def test_brands(rest: list[str]) -> None:
    check_run(["brands", *rest])


@fuzz
@given(brand=words, rest=st.lists(st.one_of(st.just("--format"), words), max_size=3))
def test_rules_show(brand: str, rest: list[str]) -> None:
    check_run(["rules", "show", brand, *rest])
