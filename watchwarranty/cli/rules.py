"""`watchwarranty rules …`: read, validate, test and locate the rules."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from watchwarranty.cli.application import (
    PROG,
    ExitStatus,
    LangOption,
    RulesOption,
    app,
    apply_language,
    fail,
    load,
    one_line_errors,
)
from watchwarranty.errors import RulesError
from watchwarranty.i18n import _
from watchwarranty.rules import (
    default_rules_path,
    find_brand,
    user_rules_path,
)
from watchwarranty.rules.casefile import case_files, load_cases, run_case, shipped_cases_dir

rules_app = typer.Typer(
    name="rules",
    help=_("Read, validate, test and locate the rules (rules.toml)."),
    no_args_is_help=True,
)
app.add_typer(rules_app)


class ShowFormat(StrEnum):
    """The ``rules show --format`` choices."""

    TABLE = "table"
    JSON = "json"


@rules_app.command(
    help=_("Validate a rules file: every problem on its own line and exit 2, or exit 0.")
)
def check(
    path: Annotated[
        Path | None,
        typer.Argument(
            help=_("The rules file to check; by default the rules in use."), dir_okay=False
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Validate a rules file: every problem on its own line and exit 2, or exit 0."""
    apply_language(lang)
    chosen = os.environ.get("WATCHWARRANTY_RULES")
    try:
        rules = load(path or (Path(chosen) if chosen else None))
    except RulesError as error:
        for problem in error.problems:
            label = _("error")
            typer.echo(f"{PROG}: {label}: {problem}", err=True)
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    policies = sum(len(brand.policies) for brand in rules.brands.values())
    typer.echo(
        _("{origin}: {brands} brands, {policies} policies, no problems").format(
            origin=rules.origin, brands=len(rules.brands), policies=policies
        )
    )


@rules_app.command(
    help=_("A brand's policies over time: from when to when, terms, conditions and sources.")
)
def show(
    brand: Annotated[str, typer.Argument(help=_("Brand name or alias, in English or Chinese."))],
    output_format: Annotated[
        ShowFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = ShowFormat.TABLE,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """A brand's policies over time: from when to when, terms, conditions and sources."""
    apply_language(lang)
    from watchwarranty.engine.overview import timeline
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

    Console(highlight=False, emoji=False).print(render_timeline(found, periods))


@rules_app.command(
    name="test",
    help=_(
        "Run rule test cases written as TOML: one line a failure, a summary, exit 1 on failure."
    ),
)
def test_cases(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=_("Case files or folders; by default the shipped cases."), show_default=False
        ),
    ] = None,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Run rule test cases written as TOML: one line a failure, a summary, exit 1 on failure."""
    apply_language(lang)
    with one_line_errors():
        rules = load(rules_path)
        files = case_files(paths or [shipped_cases_dir()])
        cases = [case for file in files for case in load_cases(file)]
    if not cases:
        fail(_("no cases found; give case files or folders of them"))
    failed = 0
    for case in cases:
        with one_line_errors():
            problems = run_case(rules, case)
        if problems:
            failed += 1
            typer.echo(
                _("FAILED {file}: {case}: {problems}").format(
                    file=case.path.name, case=case.name, problems="; ".join(problems)
                )
            )
    typer.echo(
        _("{passed} passed, {failed} failed").format(passed=len(cases) - failed, failed=failed)
    )
    raise typer.Exit(ExitStatus.ATTENTION if failed else ExitStatus.OK)


@rules_app.command(
    help=_("Where the shipped rules and your own rules file are, and which are in use.")
)
def path(lang: LangOption = None) -> None:
    """Where the shipped rules and your own rules file are, and which are in use."""
    apply_language(lang)
    shipped = default_rules_path()
    user = user_rules_path()
    chosen = os.environ.get("WATCHWARRANTY_RULES")
    typer.echo(_("shipped rules:  {path}").format(path=shipped))
    if user is None:
        typer.echo(_("your rules:     none: no home folder; set HOME or XDG_CONFIG_HOME"))
    else:
        present = _("present") if user.is_file() else _("not present")
        typer.echo(_("your rules:     {path} ({present})").format(path=user, present=present))
    if chosen:
        typer.echo(_("in use:         {path} (WATCHWARRANTY_RULES)").format(path=chosen))
    elif user is not None and user.is_file():
        typer.echo(_("in use:         the shipped rules with your rules laid over them"))
    else:
        typer.echo(_("in use:         the shipped rules"))
