"""The terminal view: a table of the answer, its notes, and optionally the rules considered."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from watchwarranty.messages import render
from watchwarranty.model import Outcome, Verdict

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
