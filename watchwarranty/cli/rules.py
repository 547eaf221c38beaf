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
    CONTEXT,
    PROG,
    Command,
    ExitStatus,
    HelpGroup,
    LangOption,
    RulesOption,
    app,
    apply_language,
    examples,
    fail,
    load,
    one_line_errors,
)
from watchwarranty.cli.watch import complete_brand
from watchwarranty.errors import InputError, RulesError
from watchwarranty.i18n import _, ngettext
from watchwarranty.model import Brand, Extension, Policy, RuleBook
from watchwarranty.render.safe import printable
from watchwarranty.rules import (
    default_rules_path,
    find_brand,
    normalise_name,
    user_rules_path,
)
from watchwarranty.rules.casefile import case_files, load_cases, run_case, shipped_cases_dir

rules_app = typer.Typer(
    cls=HelpGroup,
    name="rules",
    help=_("Read, validate, test and locate the rules (rules.toml)."),
    epilog=examples("rules"),
    context_settings=CONTEXT,
    no_args_is_help=True,
)
app.add_typer(rules_app)


class ShowFormat(StrEnum):
    """The ``rules show --format`` choices."""

    TABLE = "table"
    JSON = "json"


@rules_app.command(
    cls=Command,
    help=_("Validate a rules file: every problem on its own line and exit 2, or exit 0."),
    epilog=examples("rules check"),
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
        rules = load(path or (Path(chosen) if chosen else None), strict=True)
    except RulesError as error:
        for problem in error.problems:
            label = _("error")
            typer.echo(printable(f"{PROG}: {label}: {problem}"), err=True)
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    policies = sum(len(brand.policies) for brand in rules.brands.values())
    brands = ngettext("{n} brand", "{n} brands", len(rules.brands)).format(n=len(rules.brands))
    counted = ngettext("{n} policy", "{n} policies", policies).format(n=policies)
    typer.echo(
        printable(
            _("{origin}: {brands}, {policies}, no problems").format(
                origin=rules.origin, brands=brands, policies=counted
            )
        )
    )


@rules_app.command(
    cls=Command,
    help=_("A brand's policies over time: from when to when, terms, conditions and sources."),
    epilog=examples("rules show"),
)
def show(
    brand: Annotated[
        str,
        typer.Argument(
            metavar="BRAND",
            help=_("Brand name or alias, in English or Chinese."),
            autocompletion=complete_brand,
        ),
    ],
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
    from watchwarranty.render.output import console, emit
    from watchwarranty.render.table import render_timeline

    emit(console(), render_timeline(found, periods))


@rules_app.command(
    cls=Command,
    name="test",
    help=_(
        "Run rule test cases written as TOML: one line a failure, a summary, exit 1 on failure."
    ),
    epilog=examples("rules test"),
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
                printable(
                    _("FAILED {file}: {case}: {problems}").format(
                        file=case.path.name, case=case.name, problems="; ".join(problems)
                    )
                )
            )
    typer.echo(
        _("{passed} passed, {failed} failed").format(passed=len(cases) - failed, failed=failed)
    )
    raise typer.Exit(ExitStatus.ATTENTION if failed else ExitStatus.OK)


@rules_app.command(
    cls=Command,
    help=_("Where the shipped rules and your own rules file are, and which are in use."),
    epilog=examples("rules path"),
)
def path(lang: LangOption = None) -> None:
    """Where the shipped rules and your own rules file are, and which are in use."""
    apply_language(lang)
    shipped = default_rules_path()
    user = user_rules_path()
    chosen = os.environ.get("WATCHWARRANTY_RULES")
    typer.echo(printable(_("shipped rules:  {path}").format(path=shipped)))
    if user is None:
        typer.echo(_("your rules:     none: no home folder; set HOME or XDG_CONFIG_HOME"))
    else:
        try:
            # A broken link is present, and an error when the rules are loaded.
            found = user.is_symlink() or user.exists()
            present = _("present") if found else _("not present")
        except OSError as error:
            found = False
            present = _("cannot be read: {reason}").format(reason=error.strerror or error)
        typer.echo(
            printable(_("your rules:     {path} ({present})").format(path=user, present=present))
        )
    if chosen:
        typer.echo(
            printable(_("in use:         {path} (WATCHWARRANTY_RULES)").format(path=chosen))
        )
    elif user is not None and found:
        typer.echo(_("in use:         the shipped rules with your rules laid over them"))
    else:
        typer.echo(_("in use:         the shipped rules"))


@rules_app.command(
    cls=Command,
    help=_("Every movement kind the rules declare, what it counts as, and its names."),
    epilog=examples("rules movements"),
)
def movements(rules_path: RulesOption = None, lang: LangOption = None) -> None:
    """Every movement kind the rules declare, what it counts as, and its names."""
    apply_language(lang)
    with one_line_errors():
        rules = load(rules_path)
    names = rules.movement_index
    for kind, movement in rules.movements.items():
        also = [
            name for name, named in names.items() if named == kind and name != normalise_name(kind)
        ]
        line = kind
        if movement.kind_of:
            line += "  " + _("(a kind of {kind})").format(kind=movement.kind_of)
        if also:
            line += "  " + _("also: {names}").format(names=", ".join(also))
        typer.echo(printable(line))


@rules_app.command(
    cls=Command,
    help=_("One rule (policy or extension) by its id: its terms, conditions and source."),
    epilog=examples("rules explain"),
)
def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=_("A policy's or extension's id, as 'rules show' and --explain print it."),
            autocompletion=complete_rule_id,
        ),
    ],
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """One rule (policy or extension) by its id: its terms, conditions and source."""
    apply_language(lang)
    from watchwarranty.render.output import console, emit
    from watchwarranty.render.table import render_rule

    with one_line_errors():
        rules = load(rules_path)
        found = find_rule(rules, rule_id)
    emit(console(), render_rule(*found, rules=rules))


def _every_rule(rules: RuleBook) -> dict[str, tuple[Brand | None, Policy, Extension | None]]:
    found: dict[str, tuple[Brand | None, Policy, Extension | None]] = {
        rules.default_policy.id: (None, rules.default_policy, None)
    }
    for brand in rules.brands.values():
        for policy in brand.policies:
            found[policy.id] = (brand, policy, None)
            for extension in policy.extensions:
                found[extension.id] = (brand, policy, extension)
    return found


def find_rule(rules: RuleBook, rule_id: str) -> tuple[Brand | None, Policy, Extension | None]:
    """The rule with this id, with its brand and policy; or an error naming close ids."""
    every = _every_rule(rules)
    wanted = rule_id.strip().casefold()
    if wanted in every:
        return every[wanted]
    import difflib

    close = difflib.get_close_matches(wanted, every, n=3, cutoff=0.6)
    hint = (
        _("did you mean {names}?").format(names=_(" or ").join(close))
        if close
        else _("'watchwarranty rules show BRAND' lists a brand's rule ids")
    )
    raise InputError(_("no rule has the id {id!r}").format(id=rule_id), hint)


def complete_rule_id(incomplete: str) -> list[str]:
    """Every rule id, for the shell."""
    chosen = os.environ.get("WATCHWARRANTY_RULES")
    try:
        rules = load(Path(chosen) if chosen else None)
    except Exception:
        return []
    return [rule_id for rule_id in _every_rule(rules) if rule_id.startswith(incomplete)]
