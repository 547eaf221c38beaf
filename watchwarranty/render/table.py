"""The terminal views: a watch's answer, its notes and trace, the brand list, a brand's timeline.

Renderers return Rich renderables and never print; every label is in the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from watchwarranty.i18n import (
    N_,
    _,
    display_name,
    format_date,
    format_duration,
    language,
    ngettext,
    phrase,
    title,
)
from watchwarranty.messages import render
from watchwarranty.model import Brand, Extension, Outcome, Phrase, Policy, RuleBook, Verdict
from watchwarranty.render.pairs import Pairs
from watchwarranty.render.records import period_record
from watchwarranty.render.safe import printable

if TYPE_CHECKING:
    # A watch's answer needs neither: importing them cost `check` ~1.5 ms (Tree), ~5 ms (Table).
    from rich.table import Table
    from rich.tree import Tree

    from watchwarranty.engine.overview import BrandSummary, Period

_OUTCOME_STYLE = {
    Outcome.APPLIED: "green",
    Outcome.ASSUMED: "yellow",
    Outcome.NOT_EARNED: "yellow",
    Outcome.NOT_IN_FORCE: "dim",
    Outcome.CONDITION_FAILED: "dim",
}
_OUTCOME_LABEL = {
    Outcome.APPLIED: N_("applied"),
    Outcome.ASSUMED: N_("assumed"),
    Outcome.NOT_EARNED: N_("not earned"),
    Outcome.NOT_IN_FORCE: N_("not in force"),
    Outcome.CONDITION_FAILED: N_("condition not met"),
}


def verdict_brand_name(verdict: Verdict) -> str:
    """The brand's name in the active language, where the rules give one."""
    if language() == "zh" and verdict.brand_name_zh:
        return verdict.brand_name_zh
    return verdict.brand_name


def render_table(verdict: Verdict, *, explain: bool = False) -> RenderableType:
    """The answer as a two-column table, then notes, then (with ``explain``) the trace."""
    answer = Pairs(
        [
            (_("Brand"), Text(printable(verdict_brand_name(verdict)))),
            (_("Purchased"), format_date(verdict.purchase.purchased_on)),
            (
                _("Base warranty"),
                _("{length}, to {day}").format(
                    length=format_duration(verdict.base), day=format_date(verdict.base_expiry)
                ),
            ),
            (_("Extension"), _extension(verdict)),
            (_("Effective expiry"), format_date(verdict.effective_expiry)),
            (_("Status"), _status(verdict)),
        ],
        label_style="bold",
    )
    parts: list[RenderableType] = [answer]
    if verdict.notes:
        notes = Pairs([("•", printable(render(note))) for note in verdict.notes])
        parts.extend([Text("\n" + _("Notes"), style="bold"), notes])
    if verdict.conditions:
        conditions = Pairs([("•", render(condition)) for condition in verdict.conditions])
        parts.extend([Text("\n" + _("Conditions"), style="bold"), conditions])
    if explain:
        parts.append(render_explain(verdict))
    return Group(*parts)


def _extension(verdict: Verdict) -> Text:
    if verdict.extended_expiry is not None and verdict.extension is not None:
        return Text(
            _("{length}, to {day}").format(
                length=format_duration(verdict.extension), day=format_date(verdict.extended_expiry)
            )
        )
    if verdict.register_by is not None:
        target = verdict.expiry_if_registered
        if target is None:
            text = _("register by {day}").format(day=format_date(verdict.register_by))
        else:
            text = _("register by {day} to extend cover to {expiry}").format(
                day=format_date(verdict.register_by), expiry=format_date(target)
            )
        if deadline_assumed(verdict):
            text += " " + _("(deadline assumed: the source names none)")
        return Text(text, style="yellow")
    return Text(_("none"), style="dim")


def deadline_assumed(verdict: Verdict) -> bool:
    """Whether ``register_by`` is the engine's conservative guess rather than the source's."""
    return any(note.code == "no-deadline" for note in verdict.notes)


def _status(verdict: Verdict) -> Text:
    days = verdict.days_left
    if verdict.covered:
        text = ngettext("active, {n} day left", "active, {n} days left", days).format(n=days)
        return Text(text, style="green")
    text = ngettext("expired {n} day ago", "expired {n} days ago", -days).format(n=-days)
    return Text(text, style="red")


def render_explain(verdict: Verdict) -> Group:
    """Each rule the engine considered, what became of it, why, and its source."""
    from rich.tree import Tree

    tree = Tree(Text(_("Rules considered"), style="bold"))
    for step in verdict.steps:
        branch = tree.add(
            Text.assemble(
                (_padded(_(_OUTCOME_LABEL[step.outcome]), 18), _OUTCOME_STYLE[step.outcome]),
                (printable(title(step.rule)), "bold"),
            )
        )
        branch.add(Text(printable(render(step.reason))))
        branch.add(_source_line(step.rule.id, step.rule.confidence.value, step.rule.source))
    return Group(Text(""), tree)


def _padded(text: str, width: int) -> str:
    # Pad by terminal cells, not characters: a Chinese character takes two cells.
    return text + " " * max(1, width - cell_len(text))


def _source_line(rule_id: str, confidence: str, source: str) -> Text:
    # A URL split across lines no longer opens: it runs past the edge instead.
    return Text(
        printable(
            _("{id}, source ({confidence}): {source}").format(
                id=rule_id, confidence=_(confidence), source=source
            )
        ),
        style="dim",
        overflow="ignore",
    )


N_("high")
N_("medium")
N_("low")


def render_brands(summaries: Sequence[BrandSummary], *, day: date, today: bool) -> Table:
    """Every brand with its names and its cover for a watch bought on ``day``."""
    from rich.table import Table

    heading = (
        _("Cover for a watch bought today, {day}")
        if today
        else _("Cover for a watch bought on {day}")
    )
    table = Table(title=heading.format(day=format_date(day)), title_justify="left")
    table.add_column(_("brand"), no_wrap=True)
    table.add_column("中文", no_wrap=True)
    table.add_column(_("aliases"))
    for heading in (_("base"), _("at best"), _("confidence")):
        table.add_column(heading, no_wrap=True)
    for summary in summaries:
        brand = summary.brand
        table.add_row(
            Text(printable(brand.name)),
            Text(printable(brand.name_zh or "")),
            Text(printable(", ".join(brand.aliases))),
            format_duration(summary.base),
            format_duration(summary.best),
            _(summary.confidence.value),
        )
    return table


def render_timeline(brand: Brand, periods: Sequence[Period]) -> Tree:
    """A brand's policies oldest first: when, what, on which conditions, and the source."""
    from rich.tree import Tree

    other_name = brand.name if language() == "zh" and brand.name_zh else brand.name_zh or ""
    tree = Tree(
        Text.assemble(
            (printable(display_name(brand)), "bold"), printable(f"  {other_name}".rstrip())
        )
    )
    for period in periods:
        policy = period.policy
        record = period_record(period)
        start = policy.effective.strftime("%Y-%m") if policy.month_only else None
        start_text = start or format_date(policy.effective)
        until = format_date(period.until) if period.until else None
        if record["from"] is None:
            span = _("until {day}").format(day=until) if until else _("always")
        else:
            span = _("{start} to {end}").format(start=start_text, end=until or _("now"))
        if not policy.start_confirmed:
            span += " " + _("(start not confirmed)")
        label = Text.assemble((span, "bold"), "  ", printable(title(policy)))
        if period.from_user:
            label.append("  " + _("[your rules]"), style="yellow")
        branch = tree.add(label)
        branch.add(Text(_("base warranty: {length}").format(length=format_duration(policy.base))))
        if record["terms"]:
            branch.add(Text(_("terms: {terms}").format(terms="; ".join(record["terms"]))))
        if record["conditions"]:
            branch.add(
                Text(
                    printable(
                        _("applies to: {conditions}").format(
                            conditions=_conditions_text(record["conditions"])
                        )
                    )
                )
            )
        for extension, extension_record in zip(
            policy.extensions, record["extensions"], strict=True
        ):
            text = _("+ {length}: {title} ({terms})").format(
                length=format_duration(extension.adds),
                title=title(extension),
                terms=", ".join(extension_record["terms"]),
            )
            where = _conditions_text(extension_record["conditions"])
            if where:
                text += "; " + _("applies to: {conditions}").format(conditions=where)
            branch.add(Text(printable(text)))
        if policy.note:
            note = phrase(Phrase(policy.note, policy.note_zh))
            branch.add(Text(printable(_("note: {text}").format(text=note)), style="italic"))
        branch.add(_source_line(policy.id, policy.confidence.value, policy.source))
    return tree


_FACTS = {"movements": N_("movements"), "regions": N_("regions"), "stores": N_("stores")}


def _conditions_text(conditions: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{_(_FACTS[fact])} {', '.join(values)}" for fact, values in conditions.items()
    )


def render_rule(
    brand: Brand | None, policy: Policy, extension: Extension | None, *, rules: RuleBook
) -> Tree:
    """One policy or extension by id: whose, what it grants, on which conditions, from where,
    as ``rules explain`` shows it."""
    from rich.tree import Tree

    from watchwarranty.engine.overview import extension_terms

    rule: Policy | Extension = extension if extension is not None else policy
    tree = Tree(Text.assemble((printable(title(rule)), "bold"), "  ", (printable(rule.id), "dim")))
    whose = display_name(brand) if brand is not None else _("every brand without a policy")
    tree.add(Text(printable(_("brand: {name}").format(name=whose))))
    if extension is not None:
        tree.add(
            Text(
                printable(
                    _("extension of {policy}: adds {length} ({terms})").format(
                        policy=policy.id,
                        length=format_duration(extension.adds),
                        terms=", ".join(extension_terms(extension)),
                    )
                )
            )
        )
    else:
        tree.add(Text(_("base warranty: {length}").format(length=format_duration(policy.base))))
        if policy.effective != date.min:
            start = (
                policy.effective.strftime("%Y-%m")
                if policy.month_only
                else format_date(policy.effective)
            )
            text = _("for purchases from {day}").format(day=start)
            if not policy.start_confirmed:
                text += " " + _("(start not confirmed)")
            tree.add(Text(text))
    conditions = _conditions_text(period_conditions(rule))
    if conditions:
        tree.add(Text(printable(_("applies to: {conditions}").format(conditions=conditions))))
    note = phrase(Phrase(rule.note, rule.note_zh)) if rule.note else None
    if note:
        tree.add(Text(printable(_("note: {text}").format(text=note)), style="italic"))
    if rule.id in rules.user_rule_ids:
        tree.add(Text(_("[your rules]"), style="yellow"))
    tree.add(_source_line(rule.id, rule.confidence.value, rule.source))
    return tree


def period_conditions(rule: Policy | Extension) -> dict[str, list[str]]:
    """The facts a rule needs, as ``rules show`` writes them."""
    from watchwarranty.render.records import conditions_record

    return conditions_record(rule.when)
