"""A mutated rules file is either accepted or refused with every problem placed: never a crash."""

from __future__ import annotations

import copy
import re
import tomllib
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchwarranty.errors import RulesError
from watchwarranty.rules import default_rules_path, parse_rules
from watchwarranty.rules.loader import _Loader

TEXT = default_rules_path().read_text(encoding="utf-8")
LINES = TEXT.splitlines()
DATA = tomllib.loads(TEXT)
# Every problem starts with the file and then either a TOML syntax error with its line, or the
# dotted path of the key at fault.
PLACED = re.compile(
    r"^rules\.toml: (not valid TOML: .*\(at (line \d+, column \d+|end of document)\)|"
    r"\(top level\)|schema|version|movements\b|default|brands\b|law\b|[^:]+: unknown key)"
)

# Everything TOML can hold (it has no null).
odd_values = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=12),
    st.dates(date(1990, 1, 1), date(2030, 1, 1)),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def check_placed(problems: list[str]) -> None:
    assert problems
    for problem in problems:
        assert PLACED.match(problem), problem
        assert "\n" not in problem


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_text_mutations_are_accepted_or_placed(data: st.DataObject) -> None:
    lines = list(LINES)
    index = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
    if action == "delete":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, lines[index])
    else:
        lines[index] = data.draw(st.text(alphabet='abc=[]"{}.,0123456789- _\n年', max_size=20))
    try:
        parse_rules("\n".join(lines), origin="rules.toml")
    except RulesError as error:
        check_placed(error.problems)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            found += _paths(value, (*prefix, number))
    return found


PATHS = _paths(DATA)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), odd_values, st.booleans())
def test_structure_mutations_are_accepted_or_placed(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    mutated = copy.deepcopy(DATA)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        _Loader("rules.toml").rulebook(mutated)
    except RulesError as error:
        check_placed(error.problems)
