"""The README stays true: its example outputs, exit-status table and key list come from the code.

`pytest --update-docs` rewrites the generated blocks after a deliberate change.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import Invoke

from watchwarranty.cli import EXIT_STATUS_MEANING, app

README = Path(__file__).resolve().parent.parent / "README.md"
COMMAND_BLOCK = re.compile(
    r"(<!-- command: (?P<command>.+?) -->\n```text\n)(?P<output>.*?)(```\n<!-- end -->)", re.S
)
EXIT_BLOCK = re.compile(r"(<!-- exit-status:start -->\n)(.*?)(<!-- exit-status:end -->)", re.S)


def _output(invoke: Invoke, command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "watchwarranty"
    stdout = invoke(*args[1:]).stdout
    return "\n".join(line.rstrip() for line in stdout.rstrip().splitlines()) + "\n"


def _exit_table() -> str:
    rows = [f"| {int(status)} | {meaning} |" for status, meaning in EXIT_STATUS_MEANING.items()]
    return "\n".join(["| status | meaning |", "| --- | --- |", *rows]) + "\n"


def test_readme_blocks_match_the_tool(
    invoke: Invoke, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's commands run in a checkout's root, as a reader would run them.
    monkeypatch.chdir(README.parent)
    text = README.read_text(encoding="utf-8")
    expected = COMMAND_BLOCK.sub(lambda m: m[1] + _output(invoke, m["command"]) + m[4], text)
    expected = EXIT_BLOCK.sub(lambda m: m[1] + _exit_table() + m[3], expected)
    assert len(COMMAND_BLOCK.findall(text)) >= 4
    if request.config.getoption("--update-docs"):
        README.write_text(expected, encoding="utf-8")
    assert text == expected, "README is stale: run pytest --update-docs and review the diff"


def test_readme_key_table_lists_exactly_the_json_keys(invoke: Invoke) -> None:
    record = json.loads(invoke("check", "rolex", "2020-01-01", "--format", "json").stdout)
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### JSON and CSV") : text.index("### Exit status")]
    documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert documented == list(record)


def test_every_command_is_in_the_readme_and_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    text = README.read_text(encoding="utf-8")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        assert f"watchwarranty {name}" in text, name


def test_docs_rules_md_documents_exactly_the_keys_the_loader_knows() -> None:
    from watchwarranty.rules import loader

    text = (README.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    documented = {
        section.splitlines()[0].strip(): set(re.findall(r"^\| `(\w+)` \|", section, re.M))
        for section in sections[1:]
    }
    assert documented["Top level"] == loader._TOP_KEYS
    assert documented["`[movements.ID]`"] == loader._MOVEMENT_KEYS
    assert documented["`[default]`"] == loader._DEFAULT_KEYS
    assert documented["`[brands.ID]`"] == loader._BRAND_KEYS
    assert documented["`[[brands.ID.stores]]`"] == loader._STORE_KEYS
    assert documented["`[[brands.ID.policies]]`"] == loader._POLICY_KEYS
    assert documented["`[[brands.ID.policies.extensions]]`"] == loader._EXTENSION_KEYS
    from watchwarranty.rules import guarantees

    assert documented["`[[brands.ID.service_guarantees]]`"] == guarantees.SERVICE_KEYS
    assert documented["`[law.ID]`"] == guarantees.LAW_KEYS
    assert documented["`[[law.ID.terms]]`"] == guarantees.TERMS_KEYS
    assert documented["`[[law.ID.terms.price_bands]]`"] == guarantees.BAND_KEYS
    assert set(re.findall(r"`(\w+)`", text.split("`input` takes")[1])) >= loader_case_inputs()


def loader_case_inputs() -> set[str]:
    from watchwarranty.rules.casefile import INPUT_KEYS

    return INPUT_KEYS
