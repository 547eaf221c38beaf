"""The terminal views: a watch's answer, its notes and trace, the brand list, a brand's timeline.

Renderers return Rich renderables and never print; every label is in the active language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from watchwarranty.i18n import (
    N_,
    _,
    chinese,
    clauses,
    display_name,
    format_date,
    format_duration,
    in_script,
    ngettext,
    phrase,
    region_name,
    series,
    store_name,
    title,
)
from watchwarranty.messages import render
from watchwarranty.model import (
    Brand,
    Clock,
    Extension,
    Outcome,
    Phrase,
    Policy,
    RuleBook,
    ServiceGuarantee,
    Verdict,
)
from watchwarranty.render.pairs import Pairs
from watchwarranty.render.records import period_record
from watchwarranty.render.safe import printable
from watchwarranty.render.wrap import Wrapped

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
    if chinese() and verdict.brand_name_zh:
        return in_script(verdict.brand_name_zh)
    return verdict.brand_name


def render_table(verdict: Verdict, *, explain: bool = False) -> RenderableType:
    """The answer as a two-column table, then notes, then (with ``explain``) the trace."""
    answer = Pairs(
        [
            (_("Brand"), Text(printable(verdict_brand_name(verdict)))),
            (_("Purchased"), format_date(verdict.purchase.purchased_on)),
            (_("Base warranty"), _base(verdict)),
            (_("Extension"), _extension(verdict)),
            (_("Effective expiry"), format_date(verdict.effective_expiry)),
            *_possible(verdict),
            (_("Status"), _status(verdict)),
        ],
        label_style="bold",
    )
    parts: list[RenderableType] = [answer]
    depends = [note for note in verdict.notes if note.code.startswith("depends-")]
    others = [note for note in verdict.notes if not note.code.startswith("depends-")]
    if depends:
        lines = Pairs([("•", printable(render(note))) for note in depends])
        parts.extend([Text("\n" + _("Depends on facts not given"), style="bold"), lines])
    if others:
        notes = Pairs([("•", printable(render(note))) for note in others])
        parts.extend([Text("\n" + _("Notes"), style="bold"), notes])
    if verdict.conditions:
        conditions = Pairs([("•", render(condition)) for condition in verdict.conditions])
        parts.extend([Text("\n" + _("Conditions"), style="bold"), conditions])
    if explain:
        parts.append(render_explain(verdict))
    return Group(*parts)


def _awaits_registration(verdict: Verdict) -> bool:
    """Whether no cover counts only because the sale is not registered yet, and registering
    still brings it (the base itself needs the registration)."""
    return verdict.register_by is not None and any(
        note.code == "base-needs-registration" for note in verdict.notes
    )


def _base(verdict: Verdict) -> str:
    if _awaits_registration(verdict):
        return _("none until the sale is registered")
    return _("{length}, to {day}").format(
        length=format_duration(verdict.base), day=format_date(verdict.base_expiry)
    )


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
        elif _awaits_registration(verdict):
            # Registering brings the cover itself, not more of it.
            text = _("register by {day} for cover to {expiry}").format(
                day=format_date(verdict.register_by), expiry=format_date(target)
            )
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


def _possible(verdict: Verdict) -> list[tuple[str, str]]:
    if verdict.possible_expiry <= verdict.effective_expiry:
        return []
    return [
        (
            _("Possible expiry"),
            _("{day}, if the facts below hold").format(day=format_date(verdict.possible_expiry)),
        )
    ]


def _status(verdict: Verdict) -> Text:
    days = verdict.days_left
    if verdict.status == "depends":
        text = _("depends: covered to {day} only if the facts below hold").format(
            day=format_date(verdict.possible_expiry)
        )
        return Text(text, style="yellow")
    if verdict.covered:
        text = ngettext("active, {n} day left", "active, {n} days left", days).format(n=days)
        return Text(text, style="green")
    if _awaits_registration(verdict):
        # Not lapsed: never counted, and registering still brings it.
        text = _("not covered until the sale is registered")
        return Text(text, style="yellow")
    text = ngettext("expired {n} day ago", "expired {n} days ago", -days).format(n=-days)
    return Text(text, style="red")


def render_explain(verdict: Verdict) -> Group:
    """Each rule the engine considered, what became of it, why, and its source."""
    from rich.tree import Tree

    sources = Sources()
    tree = Tree(Text(_("Rules considered"), style="bold"))
    for step in verdict.steps:
        branch = tree.add(
            Wrapped(
                Text.assemble(
                    (_padded(_(_OUTCOME_LABEL[step.outcome]), 18), _OUTCOME_STYLE[step.outcome]),
                    (printable(title(step.rule)), "bold"),
                )
            )
        )
        branch.add(Wrapped(printable(render(step.reason))))
        branch.add(sources.line(step.rule.id, step.rule.confidence.value, step.rule.source))
    return Group(Text(""), tree, sources.footnotes())


def _padded(text: str, width: int) -> str:
    # Pad by terminal cells, not characters: a Chinese character takes two cells.
    return text + " " * max(1, width - cell_len(text))


class Sources:
    """A tree names each rule's source by number, and the sources follow it, one a line.

    In a tree (or a table) Rich crops every line at the edge, and a URL must be neither cut
    nor split; below the tree a URL longer than the line runs past the edge whole.
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def line(self, rule_id: str, confidence: str, source: str) -> Wrapped:
        """The line in the tree: the rule's id, its confidence, and its source's number."""
        number = self._numbers.setdefault(source, len(self._numbers) + 1)
        text = _("{id}, source ({confidence}): [{number}]").format(
            id=rule_id, confidence=_(confidence), number=number
        )
        return Wrapped(Text(printable(text), style="dim"))

    def footnotes(self) -> Group:
        """Each source after its number."""
        return Group(
            Text(""),
            *(
                Wrapped(_linked(Text(printable(f"[{number}] {source}"), style="dim")))
                for source, number in self._numbers.items()
            ),
        )


def _linked(text: Text) -> Text:
    """Each URL in ``text`` a link: a terminal that breaks it across lines still opens it whole."""
    from rich.style import Style

    for match in _URL.finditer(text.plain):
        text.stylize(Style(link=match.group()), match.start(), match.end())
    return text


_URL = re.compile(r"https?://[^\s)\]>]+")

N_("high")
N_("medium")
N_("low")


def render_brands(summaries: Sequence[BrandSummary], *, day: date, today: bool) -> RenderableType:
    """Every brand with its names and its cover for a watch bought on ``day``; on a terminal too
    narrow for every column, the aliases go first, then the name in the other language, so the
    lengths are never cut."""
    heading = (
        _("Cover for a watch bought today, {day}")
        if today
        else _("Cover for a watch bought on {day}")
    )
    return _Brands(summaries, heading.format(day=format_date(day)))


class _Brands:
    def __init__(self, summaries: Sequence[BrandSummary], heading: str) -> None:
        self.summaries = summaries
        self.heading = heading

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.measure import Measurement

        # English readers can spare the Chinese name first, Chinese readers the English one;
        # then the confidence, which the lengths come before.
        other = "name" if chinese() else "name_zh"
        unlimited = options.update_width(1_000_000)
        least = ("aliases", other, "confidence")
        for dropped, stacked in (
            ((), False),
            (("aliases",), False),
            (("aliases", other), False),
            (least, False),
            # Last, "needs registration" on two lines, as a length never is.
            (least, True),
        ):
            table = self._table(dropped, stacked=stacked)
            # Measured without a limit: Rich measures a table within one as squeezed to fit it.
            if Measurement.get(console, unlimited, table).minimum <= options.max_width:
                break
        yield Wrapped(Text(self.heading, style="italic"))
        yield table

    def _table(self, dropped: Sequence[str], *, stacked: bool) -> Table:
        waiting = _("needs registration")
        if stacked:
            waiting = waiting.replace(" ", "\n", 1)
        from rich.table import Table

        table = Table()
        columns: dict[str, tuple[str, Callable[[Brand], str]]] = {
            "name": (_("brand"), lambda brand: brand.name),
            # Left alone, the Chinese name is the brand's name.
            "name_zh": (
                _("brand") if "name" in dropped else "中文",
                lambda brand: (
                    in_script(brand.name_zh)
                    if brand.name_zh
                    else (brand.name if "name" in dropped else "")
                ),
            ),
            "aliases": (_("aliases"), lambda brand: series(list(brand.aliases))),
        }
        kept = [key for key in columns if key not in dropped]
        for key in kept:
            table.add_column(columns[key][0])
        answers = [_("base"), _("at best")]
        if "confidence" not in dropped:
            answers.append(_("confidence"))
        for heading in answers:
            # A length is the answer: it never wraps, and the names make room for it.
            table.add_column(heading, no_wrap=True)
        for summary in self.summaries:
            brand = summary.brand
            # No cover on the day of purchase means the base warranty waits for a registration
            # (the engine counts none until then): "0 months" would read as no warranty at all.
            base = summary.base if summary.base.months or summary.base.years else None
            values = [
                format_duration(base) if base else waiting,
                format_duration(summary.best),
            ]
            table.add_row(
                # A name breaks at its spaces only, as Rich breaks it, unless it is wider than
                # the column can be: then it folds rather than losing its end.
                *(Text(printable(columns[key][1](brand)), overflow="fold") for key in kept),
                *values,
                *([_(summary.confidence.value)] if "confidence" not in dropped else []),
            )
        return table


def render_timeline(
    brand: Brand, periods: Sequence[Period], user_aliases: frozenset[str] = frozenset()
) -> Group:
    """A brand's policies oldest first: when, what, on which conditions, and the source; and,
    when the user's rules file gives the brand aliases, its aliases with those marked."""
    from rich.tree import Tree

    other_name = brand.name if chinese() and brand.name_zh else in_script(brand.name_zh or "")
    tree = Tree(
        Text.assemble(
            (printable(display_name(brand)), "bold"), printable(f"  {other_name}".rstrip())
        )
    )
    if user_aliases:
        line = Text(_("aliases: "))
        for number, alias in enumerate(brand.aliases):
            line.append(("" if number == 0 else ", ") + printable(alias))
            if alias in user_aliases:
                line.append(" " + _("[your rules]"), style="yellow")
        tree.add(line)
    sources = Sources()
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
            # A full-width bracket brings its own space.
            span += ("" if chinese() else " ") + _("(start not confirmed)")
        label = Text.assemble((span, "bold"), "  ", printable(title(policy)))
        if period.from_user:
            label.append("  " + _("[your rules]"), style="yellow")
        branch = tree.add(label)
        branch.add(Text(_("base warranty: {length}").format(length=format_duration(policy.base))))
        if record["terms"]:
            branch.add(Text(_("terms: {terms}").format(terms=clauses(record["terms"]))))
        if record["conditions"]:
            branch.add(
                Text(
                    printable(
                        _("applies to: {conditions}").format(
                            conditions=_conditions_text(record["conditions"], brand)
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
                terms=series(extension_record["terms"]),
            )
            where = _conditions_text(extension_record["conditions"], brand)
            if where:
                text = clauses([text, _("applies to: {conditions}").format(conditions=where)])
            branch.add(Text(printable(text)))
        if policy.note:
            note = phrase(Phrase(policy.note, policy.note_zh))
            branch.add(Text(printable(_("note: {text}").format(text=note)), style="italic"))
        branch.add(sources.line(policy.id, policy.confidence.value, policy.source))
    return Group(_wrapped(tree), sources.footnotes())


_FACTS = {"movements": N_("movements"), "regions": N_("regions"), "stores": N_("stores")}


def _conditions_text(conditions: dict[str, list[str]], brand: Brand | None = None) -> str:
    # Regions by name and stores by the name the rules give them, in the reader's language;
    # the records keep codes and ids for scripts.
    stores = {store.id: store_name(store) for store in brand.stores} if brand else {}
    return clauses(
        [
            f"{_(_FACTS[fact])} {series([_named(fact, value, stores) for value in values])}"
            for fact, values in conditions.items()
        ]
    )


def _named(fact: str, value: str, stores: dict[str, str]) -> str:
    if fact == "regions":
        return region_name(value)
    return stores.get(value, value) if fact == "stores" else value


def render_rule(
    brand: Brand | None, policy: Policy, extension: Extension | None, *, rules: RuleBook
) -> Group:
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
                text += ("" if chinese() else " ") + _("(start not confirmed)")
            tree.add(Text(text))
    conditions = _conditions_text(period_conditions(rule), brand)
    if conditions:
        tree.add(Text(printable(_("applies to: {conditions}").format(conditions=conditions))))
    note = phrase(Phrase(rule.note, rule.note_zh)) if rule.note else None
    if note:
        tree.add(Text(printable(_("note: {text}").format(text=note)), style="italic"))
    if rule.id in rules.user_rule_ids:
        tree.add(Text(_("[your rules]"), style="yellow"))
    sources = Sources()
    tree.add(sources.line(rule.id, rule.confidence.value, rule.source))
    return Group(_wrapped(tree), sources.footnotes())


def _wrapped(tree: Tree) -> Tree:
    """The tree with each line of text broken as Chinese and mixed text should be."""
    if isinstance(tree.label, Text):
        tree.label = Wrapped(tree.label)
    for child in tree.children:
        _wrapped(child)
    return tree


def period_conditions(rule: Policy | Extension) -> dict[str, list[str]]:
    """The facts a rule needs, as ``rules show`` writes them."""
    from watchwarranty.render.records import conditions_record

    return conditions_record(rule.when)


# -- the two clocks beside the maker's warranty -----------------------------------------------

_COVERS = {
    "work": N_("the work"),
    "work-and-parts": N_("the work and the parts replaced"),
    "watch": N_("the whole watch"),
}


def render_guarantees(verdict: Verdict) -> RenderableType | None:
    """The brand's service guarantee and the seller's legal guarantee, apart from the maker's
    warranty: each line its end (or why it is not known), its source and its notes; None when
    the owner gave no fact either clock reads."""
    clocks = verdict.guarantees
    if clocks is None:
        return None
    # A clock shows once a fact of its own is given: a table for the maker's warranty alone
    # stays as it was (JSON and CSV always carry both).
    purchase = verdict.purchase
    rows: list[tuple[str, RenderableType]] = []
    if purchase.serviced_on is not None:
        service = clocks.service
        rows.append((_("Service guarantee"), _clock_text(service, _service_summary(service))))
    if any(
        fact is not None
        for fact in (purchase.region, purchase.sold_on, purchase.price, purchase.currency)
    ):
        legal = clocks.legal
        rows.append((_("Seller's legal guarantee"), _clock_text(legal, _legal_summary(legal))))
    if not rows:
        return None
    return Group(Text(""), Pairs(rows, label_style="bold"))


def _service_summary(clock: Clock) -> str:
    rule = clock.rule
    if clock.expiry is None or not isinstance(rule, ServiceGuarantee):
        return _("not known")
    return _("to {day}, covering {scope}").format(
        day=format_date(clock.expiry), scope=_(_COVERS[rule.covers.value])
    )


def _legal_summary(clock: Clock) -> str:
    law = clock.jurisdiction
    place = ""
    if law is not None:
        place = phrase(Phrase(law.name, law.name_zh))
    if clock.expiry is None:
        if not place:
            return _("not known")
        return _("not a fixed date ({place})").format(place=place)
    return _("to {day}, owed by the seller, not the maker ({place})").format(
        day=format_date(clock.expiry), place=place
    )


def _clock_text(clock: Clock, summary: str) -> Text:
    style = "green" if clock.expiry is not None else "dim"
    text = Text(summary, style=style)
    rule = clock.rule
    if rule is not None:
        text.append("\n" + printable(phrase(Phrase(rule.title, rule.title_zh))))
        text.append(
            "\n"
            + _("source: {source} ({confidence})").format(
                source=printable(rule.source), confidence=_(rule.confidence.value)
            ),
            style="dim",
        )
    for note in clock.notes:
        text.append("\n• " + printable(render(note)))
    return text
