"""The terminal view: a table of the answer, its notes, and optionally the rules considered."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from watchwarranty.messages import render
from watchwarranty.model import Brand, Outcome, Verdict
from watchwarranty.overview import BrandSummary, Period
from watchwarranty.render.records import period_record

_OUTCOME_STYLE = {
    Outcome.APPLIED: "green",
    Outcome.ASSUMED: "yellow",
    Outcome.NOT_EARNED: "yellow",
    Outcome.NOT_IN_FORCE: "dim",
    Outcome.CONDITION_FAILED: "dim",
}


def render_table(verdict: Verdict, *, explain: bool = False) -> RenderableType:
    """The answer as a two-column table, then notes, then (with ``explain``) the trace."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Brand", Text(verdict.brand_name))
    table.add_row("Purchased", verdict.purchase.purchased_on.isoformat())
    table.add_row("Base warranty", f"{verdict.base}, to {verdict.base_expiry.isoformat()}")
    table.add_row("Extension", _extension(verdict))
    table.add_row("Effective expiry", verdict.effective_expiry.isoformat())
    table.add_row("Status", _status(verdict))
    parts: list[RenderableType] = [table]
    if verdict.notes:
        notes = Table.grid(padding=(0, 1, 0, 2))
        notes.add_column(no_wrap=True)
        notes.add_column()
        for note in verdict.notes:
            notes.add_row("•", Text(render(note)))
        parts.extend([Text("\nNotes", style="bold"), notes])
    if explain:
        parts.append(render_explain(verdict))
    return Group(*parts)


def _extension(verdict: Verdict) -> Text:
    if verdict.extended_expiry is not None:
        return Text(f"{verdict.extension}, to {verdict.extended_expiry.isoformat()}")
    if verdict.register_by is not None:
        target = verdict.expiry_if_registered
        gain = f" to extend cover to {target.isoformat()}" if target else ""
        return Text(f"register by {verdict.register_by.isoformat()}{gain}", style="yellow")
    return Text("none", style="dim")


def _status(verdict: Verdict) -> Text:
    days = verdict.days_left
    if verdict.covered:
        return Text(f"active, {days} day{'s' if days != 1 else ''} left", style="green")
    return Text(f"expired {-days} day{'s' if days != -1 else ''} ago", style="red")


def render_explain(verdict: Verdict) -> Group:
    """Each rule the engine considered, what became of it, why, and its source."""
    tree = Tree(Text("Rules considered", style="bold"))
    for step in verdict.steps:
        branch = tree.add(
            Text.assemble(
                (f"{step.outcome.value:<18}", _OUTCOME_STYLE[step.outcome]),
                (step.rule.title, "bold"),
            )
        )
        branch.add(Text(render(step.reason)))
        branch.add(
            Text(
                f"{step.rule.id}, source ({step.rule.confidence.value}): {step.rule.source}",
                style="dim",
            )
        )
    return Group(Text(""), tree)


def render_brands(summaries: Sequence[BrandSummary]) -> Table:
    """Every brand with its names and its cover for a watch bought today."""
    table = Table(title="Cover for a watch bought today", title_justify="left")
    table.add_column("brand", no_wrap=True)
    table.add_column("中文", no_wrap=True)
    table.add_column("aliases")
    for heading in ("base", "at best", "confidence"):
        table.add_column(heading, no_wrap=True)
    for summary in summaries:
        brand = summary.brand
        table.add_row(
            Text(brand.name),
            Text(brand.name_zh or ""),
            Text(", ".join(brand.aliases)),
            str(summary.base),
            str(summary.best),
            summary.confidence.value,
        )
    return table


def render_timeline(brand: Brand, periods: Sequence[Period]) -> Tree:
    """A brand's policies oldest first: when, what, on which conditions, and the source."""
    tree = Tree(Text.assemble((brand.name, "bold"), f"  {brand.name_zh or ''}".rstrip()))
    for period in periods:
        record = period_record(period)
        if record["from"] is None:
            span = f"until {record['until']}" if record["until"] else "always"
        else:
            span = f"{record['from']} to {record['until'] or 'now'}"
        if not period.policy.start_confirmed:
            span += " (start not confirmed)"
        label = Text.assemble((span, "bold"), "  ", record["title"])
        if period.from_user:
            label.append("  [your rules]", style="yellow")
        branch = tree.add(label)
        branch.add(Text(f"base warranty: {record['base']}"))
        if record["conditions"]:
            branch.add(Text(f"applies to: {_conditions_text(record['conditions'])}"))
        for extension in record["extensions"]:
            terms = ", ".join(extension["terms"])
            where = _conditions_text(extension["conditions"])
            text = f"+ {extension['adds']}: {extension['title']} ({terms})"
            if where:
                text += f"; applies to: {where}"
            branch.add(Text(text))
        if record["note"]:
            branch.add(Text(f"note: {record['note']}", style="italic"))
        branch.add(
            Text(
                f"{record['id']}, source ({record['confidence']}): {record['source']}", style="dim"
            )
        )
    return tree


def _conditions_text(conditions: dict[str, list[str]]) -> str:
    return "; ".join(f"{fact} {', '.join(values)}" for fact, values in conditions.items())
