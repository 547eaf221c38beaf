"""`watchwarranty rules …`: read, validate, test and locate the rules."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.casefile import case_files, load_cases, run_case, shipped_cases_dir
from watchwarranty.errors import RulesError
from watchwarranty.rules import (
    default_rules_path,
    find_brand,
    load_layered,
    load_rules,
    user_rules_path,
)

from .application import PROG, ExitStatus, RulesOption, app, fail, load, one_line_errors

rules_app = typer.Typer(
    name="rules",
    help="Read, validate, test and locate the rules (rules.toml).",
    no_args_is_help=True,
)
app.add_typer(rules_app)


class ShowFormat(StrEnum):
    """The ``rules show --format`` choices."""

    TABLE = "table"
    JSON = "json"


@rules_app.command()
def check(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The rules file to check; by default the rules in use.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Validate a rules file: every problem on its own line and exit 2, or exit 0."""
    try:
        if path is not None:
            rules = load_rules(path)
        elif os.environ.get("WATCHWARRANTY_RULES"):
            rules = load_rules(Path(os.environ["WATCHWARRANTY_RULES"]))
        else:
            rules = load_layered(default_rules_path(), user_rules_path())
    except RulesError as error:
        for problem in error.problems:
            typer.echo(f"{PROG}: error: {problem}", err=True)
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    policies = sum(len(brand.policies) for brand in rules.brands.values())
    typer.echo(f"{rules.origin}: {len(rules.brands)} brands, {policies} policies, no problems")


@rules_app.command()
def show(
    brand: Annotated[str, typer.Argument(help="Brand name or alias, in English or Chinese.")],
    output_format: Annotated[
        ShowFormat, typer.Option("--format", case_sensitive=False, help="Output format.")
    ] = ShowFormat.TABLE,
    rules_path: RulesOption = None,
) -> None:
    """A brand's policies over time: from when to when, terms, conditions and sources."""
    from watchwarranty.overview import timeline
    from watchwarranty.render.records import period_record

    with one_line_errors():
        rules = load(rules_path)
        found = find_brand(rules, brand)
    periods = timeline(rules, found)
    if output_format is ShowFormat.JSON:
        record = {
            "id": found.id,
            "name": found.name,
            "name_zh": found.name_zh,
            "policies": [period_record(period) for period in periods],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console

    from watchwarranty.render.table import render_timeline

    Console(highlight=False).print(render_timeline(found, periods))


@rules_app.command(name="test")
def test_cases(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Case files or folders; by default the shipped cases.", show_default=False
        ),
    ] = None,
    rules_path: RulesOption = None,
) -> None:
    """Run rule test cases written as TOML: one line a failure, a summary, exit 1 on failure."""
    with one_line_errors():
        rules = load(rules_path)
        files = case_files(paths or [shipped_cases_dir()])
        cases = [case for file in files for case in load_cases(file)]
    if not cases:
        fail("no cases found; give case files or folders of them")
    failed = 0
    for case in cases:
        with one_line_errors():
            problems = run_case(rules, case)
        if problems:
            failed += 1
            typer.echo(f"FAILED {case.path.name}: {case.name}: {'; '.join(problems)}")
    typer.echo(f"{len(cases) - failed} passed, {failed} failed")
    raise typer.Exit(ExitStatus.ATTENTION if failed else ExitStatus.OK)


@rules_app.command()
def path() -> None:
    """Where the shipped rules and your own rules file are, and which are in use."""
    shipped = default_rules_path()
    user = user_rules_path()
    chosen = os.environ.get("WATCHWARRANTY_RULES")
    typer.echo(f"shipped rules:  {shipped}")
    typer.echo(f"your rules:     {user} ({'present' if user.is_file() else 'not present'})")
    if chosen:
        typer.echo(f"in use:         {chosen} (WATCHWARRANTY_RULES)")
    elif user.is_file():
        typer.echo("in use:         the shipped rules with your rules laid over them")
    else:
        typer.echo("in use:         the shipped rules")
