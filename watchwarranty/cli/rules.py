"""`watchwarranty rules …`: read, validate, test and locate the rules."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from watchwarranty.cli.application import (
    CONTEXT,
    PROG,
    Command,
    ExitStatus,
    HelpGroup,
    LangOption,
    NoPagerOption,
    RulesOption,
    app,
    apply_language,
    examples,
    fail,
    load,
    one_line_errors,
    rules_line,
)
from watchwarranty.cli.watch import complete_brand
from watchwarranty.errors import InputError, RulesError
from watchwarranty.i18n import _, ngettext, phrase
from watchwarranty.model import Brand, Extension, Law, Phrase, Policy, RuleBook
from watchwarranty.render.safe import printable
from watchwarranty.rules import (
    default_rules_path,
    find_brand,
    normalise_name,
    user_rules_path,
)
from watchwarranty.rules.casefile import case_files, load_cases, run_case, shipped_cases_dir

if TYPE_CHECKING:
    from watchwarranty.rules.sweep import Finding

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
            metavar="PATH",
            help=_("The rules file to check; by default the rules in use."),
            dir_okay=False,
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
        refuse_rules(error)
    from watchwarranty.rules.untranslated import untranslated

    for where, key in untranslated(rules):
        warning = _("warning: {where} has no {key}; Chinese readers see it in English")
        typer.echo(printable(f"{PROG}: " + warning.format(where=where, key=key)), err=True)
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


def refuse_rules(error: RulesError) -> NoReturn:
    """Every problem of a rules file on its own stderr line, as `rules check` says them; exit 2."""
    for problem in error.problems:
        label = _("error")
        typer.echo(printable(f"{PROG}: {label}: {problem}"), err=True)
    raise typer.Exit(ExitStatus.BAD_INPUT) from None


class SweepFormat(StrEnum):
    """The ``rules sweep --format`` choices."""

    TEXT = "text"
    JSON = "json"


@rules_app.command(
    cls=Command,
    help=_(
        "Sweep every day of every brand's rules through the engine: overlapping policies, "
        "answers that move on no declared boundary, boundaries without cases. Exit 1 on any."
    ),
    epilog=examples("rules sweep"),
)
def sweep(
    path: Annotated[
        Path | None,
        typer.Argument(
            help=_("The rules file to sweep; by default the rules in use."), dir_okay=False
        ),
    ] = None,
    cases: Annotated[
        list[Path] | None,
        typer.Option(
            "--cases",
            metavar="PATH",
            help=_(
                "Case files or folders whose purchase days must cover each side of every "
                "boundary; by default the shipped cases, for the rules in use."
            ),
            show_default=False,
        ),
    ] = None,
    step: Annotated[
        int,
        typer.Option(
            "--step",
            min=1,
            metavar="N",
            help=_("Ask about every Nth day between boundaries (each side of a boundary always)."),
        ),
    ] = 1,
    output_format: Annotated[
        SweepFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = SweepFormat.TEXT,
    lang: LangOption = None,
) -> None:
    """Sweep every day of every brand's rules through the engine; exit 1 on any finding."""
    apply_language(lang)
    from watchwarranty.rules.sweep import sweep as run_sweep

    chosen = os.environ.get("WATCHWARRANTY_RULES")
    given = path or (Path(chosen) if chosen else None)
    try:
        rules = load(given, overlaps_allowed=True)
    except RulesError as error:
        refuse_rules(error)
    with one_line_errors():
        folders = cases if cases else ([shipped_cases_dir()] if given is None else [])
        days = _case_days(rules, folders) if folders else None
    found = run_sweep(rules, days, step=step)
    if output_format is SweepFormat.JSON:
        records = [
            {"kind": f.kind, "brand": f.brand, "day": f.day.isoformat(), "about": list(f.about)}
            for f in found
        ]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        for finding in found:
            typer.echo(printable(_sweep_line(finding)))
        brands = ngettext("{n} brand", "{n} brands", len(rules.brands)).format(n=len(rules.brands))
        typer.echo(
            ngettext(
                "{brands} swept: {n} finding", "{brands} swept: {n} findings", len(found)
            ).format(brands=brands, n=len(found)),
            err=True,
        )
    raise typer.Exit(ExitStatus.ATTENTION if found else ExitStatus.OK)


def _case_days(rules: RuleBook, folders: list[Path]) -> dict[str, list[date]]:
    from watchwarranty.inputs.dates import parse_date

    days: dict[str, list[date]] = {brand: [] for brand in rules.brands}
    for file in case_files(folders):
        for case in load_cases(file):
            try:
                brand = find_brand(rules, str(case.given.get("brand", ""))).id
                day = parse_date(str(case.given.get("purchase_date", "")))
            except InputError:
                continue  # `rules test` reports a case these rules cannot read
            days[brand].append(day)
    return days


def _sweep_line(finding: Finding) -> str:
    day = finding.day.isoformat()
    if finding.kind == "overlap":
        first, second = finding.about
        return _(
            "{brand}: policies {first!r} and {second!r} both apply from {day} to a watch both "
            "take in, neither narrower: say which one wins"
        ).format(brand=finding.brand, first=first, second=second, day=day)
    if finding.kind == "move":
        return _(
            "{brand}: the answer for {watch} bought on {day} differs from the day before, "
            "which no rule declares as a boundary"
        ).format(brand=finding.brand, watch=finding.about[0], day=day)
    return _("{brand}: no case bought on {day}, beside a boundary; add one").format(
        brand=finding.brand, day=day
    )


@rules_app.command(
    cls=Command,
    help=_("A brand's policies over time: from when to when, terms, conditions and sources."),
    epilog=examples("rules show"),
)
def show(
    brand: Annotated[
        str | None,
        typer.Argument(
            metavar="[BRAND]",
            help=_(
                "Brand name or alias, in English or Chinese; without it, every policy whose "
                "start no source confirms."
            ),
            autocompletion=complete_brand,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = ShowFormat.TABLE,
    rules_path: RulesOption = None,
    no_pager: NoPagerOption = False,
    lang: LangOption = None,
) -> None:
    """A brand's policies over time: from when to when, terms, conditions and sources."""
    apply_language(lang)
    from watchwarranty.engine.overview import timeline
    from watchwarranty.render.clocks import service_record
    from watchwarranty.render.records import period_record

    with one_line_errors():
        rules = load(rules_path)
        if brand is None:
            _show_unconfirmed(rules, output_format)
            return
        found = find_brand(rules, brand)
    periods = timeline(rules, found)
    if output_format is ShowFormat.JSON:
        record = {
            "id": found.id,
            "name": found.name,
            "name_zh": found.name_zh,
            "aliases": list(found.aliases),
            # The aliases the user's own rules file adds (they add to the shipped ones).
            "user_aliases": sorted(rules.user_aliases.get(found.id, ())),
            "policies": [period_record(period) for period in periods],
            "service_guarantees": [service_record(terms) for terms in found.service_guarantees],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    from watchwarranty.render.clocks import render_service_terms
    from watchwarranty.render.output import console, emit
    from watchwarranty.render.table import render_timeline

    emit(
        console(fit=True),
        render_timeline(found, periods, rules.user_aliases.get(found.id, frozenset())),
        render_service_terms(found.service_guarantees),
        page=not no_pager,
    )


@rules_app.command(
    cls=Command,
    help=_(
        "A jurisdiction's seller's legal guarantee over time: period, second-hand terms, "
        "price bands and sources."
    ),
    epilog=examples("rules law"),
)
def law(
    region: Annotated[
        str,
        typer.Argument(
            metavar="REGION",
            help=_("A jurisdiction (EU, CN) or a region in it: ISO 3166 code or name."),
        ),
    ],
    output_format: Annotated[
        ShowFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = ShowFormat.TABLE,
    rules_path: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """A jurisdiction's seller's legal guarantee over time."""
    apply_language(lang)
    with one_line_errors():
        rules = load(rules_path)
        found = _jurisdiction(rules, region)
    from watchwarranty.render.clocks import law_record, render_law

    if output_format is ShowFormat.JSON:
        sys.stdout.write(json.dumps(law_record(found), ensure_ascii=False, indent=2) + "\n")
        return
    from watchwarranty.render.output import console, emit

    emit(console(), render_law(found))


def _jurisdiction(rules: RuleBook, text: str) -> Law:
    named = text.strip()
    if named.upper() in rules.laws:
        return rules.laws[named.upper()]
    from watchwarranty.inputs.regions import parse_region

    code = parse_region(named)
    if code in rules.law_index:
        return rules.laws[rules.law_index[code]]
    raise InputError(
        _("the rules hold no seller's legal guarantee for {region}").format(region=code),
        _("known: {known}").format(known=", ".join(sorted(rules.laws))),
    )


def _show_unconfirmed(rules: RuleBook, output_format: ShowFormat) -> None:
    from watchwarranty.render.records import policy_start

    unconfirmed = [
        (brand, policy)
        for brand in rules.brands.values()
        for policy in brand.policies
        if not policy.start_confirmed
    ]
    records = [
        {
            "brand": brand.id,
            "id": policy.id,
            "title": policy.title,
            "from": policy_start(policy),
            "source": policy.source,
        }
        for brand, policy in unconfirmed
    ]
    if output_format is ShowFormat.JSON:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    for record, (_brand, policy) in zip(records, unconfirmed, strict=True):
        # The title in the reader's language; the ids stay as they are typed.
        title = phrase(Phrase(policy.title, policy.title_zh))
        line = _("{brand}  {id}  from {start}  {title}").format(
            brand=record["brand"], id=record["id"], start=record["from"], title=title
        )
        typer.echo(printable(line))
    typer.echo(
        ngettext(
            "{n} policy whose start no source confirms: earlier purchases may have had it",
            "{n} policies whose start no source confirms: earlier purchases may have had them",
            len(records),
        ).format(n=len(records))
    )


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
            metavar="PATH",
            help=_("Case files or folders; by default the shipped cases."),
            show_default=False,
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
    typer.echo(rules_line(chosen))


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


# `rules diff` lives in its own module; importing it registers it on rules_app.
from watchwarranty.cli import rules_diff  # noqa: E402, F401
