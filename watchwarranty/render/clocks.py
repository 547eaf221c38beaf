"""The terms of the two clocks beside the maker's warranty, for `rules show` (a brand's service
guarantee) and `rules law` (a jurisdiction's seller's guarantee): as JSON-ready records and as
Rich trees. The answer for one watch is in render/table.py (render_guarantees)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from watchwarranty.i18n import N_, _, format_date, format_duration, phrase
from watchwarranty.model import Duration, Law, LegalTerms, Phrase, ServiceGuarantee
from watchwarranty.render.safe import printable
from watchwarranty.render.table import Sources


def _length(value: Duration | None) -> str | None:
    return str(value) if value is not None else None


def service_record(terms: ServiceGuarantee) -> dict[str, Any]:
    """One service guarantee for `rules show --format json`."""
    return {
        "id": terms.id,
        "title": terms.title,
        "from": terms.effective.isoformat(),
        "length": str(terms.length),
        "covers": terms.covers.value,
        "kinds": sorted(terms.kinds) if terms.kinds is not None else None,
        "runs_from": "service",
        "scope": terms.scope.en if terms.scope is not None else None,
        "note": terms.note,
        "source": terms.source,
        "confidence": terms.confidence.value,
    }


def law_record(law: Law) -> dict[str, Any]:
    """A jurisdiction's seller's guarantee for `rules law --format json`, newest terms first."""
    return {
        "id": law.id,
        "name": law.name,
        "name_zh": law.name_zh,
        "regions": sorted(law.regions),
        "terms": [_terms_record(terms) for terms in law.terms],
    }


def _terms_record(terms: LegalTerms) -> dict[str, Any]:
    return {
        "id": terms.id,
        "title": terms.title,
        "from": terms.effective.isoformat(),
        "period": _length(terms.period),
        "price_bands": [
            {"from": str(band.lowest), "period": str(band.period)} for band in terms.price_bands
        ],
        "currency": terms.currency,
        "runs_from": terms.runs_from,
        "owed_by": terms.owed_by,
        "second_hand_period": _length(terms.second_hand_period),
        "second_hand_covered": terms.second_hand_covered,
        "presumption": _length(terms.presumption),
        "repair_extension": _length(terms.repair_extension),
        "note": terms.note,
        "source": terms.source,
        "confidence": terms.confidence.value,
    }


_COVERS = {
    "work": N_("the work"),
    "work-and-parts": N_("the work and the parts replaced"),
    "watch": N_("the whole watch"),
}


def render_service_terms(guarantees: tuple[ServiceGuarantee, ...]) -> Group:
    """A brand's service guarantees, with their sources; or that the rules know none."""
    from rich.tree import Tree

    tree = Tree(Text(_("Service guarantee"), style="bold"))
    if not guarantees:
        tree.add(Text(_("not known"), style="dim"))
        return Group(Text(""), tree)
    sources = Sources()
    for terms in sorted(guarantees, key=lambda found: found.effective):
        branch = tree.add(
            Text.assemble(
                (_("services from {day}").format(day=format_date(terms.effective)), "bold"),
                "  ",
                printable(phrase(Phrase(terms.title, terms.title_zh))),
            )
        )
        branch.add(
            Text(
                _("{length} from the service, covering {scope}").format(
                    length=format_duration(terms.length), scope=_(_COVERS[terms.covers.value])
                )
            )
        )
        if terms.kinds is not None:
            branch.add(Text(_("after: {kinds}").format(kinds=", ".join(sorted(terms.kinds)))))
        for extra in (terms.scope, Phrase(terms.note, terms.note_zh) if terms.note else None):
            if extra is not None:
                branch.add(Text(printable(phrase(extra))))
        branch.add(sources.line(terms.id, terms.confidence.value, terms.source))
    return Group(Text(""), tree, sources.footnotes())


def render_law(law: Law) -> Group:
    """A jurisdiction's seller's guarantee, oldest terms first, with their sources."""
    from rich.tree import Tree

    name = phrase(Phrase(law.name, law.name_zh))
    tree = Tree(
        Text.assemble(
            (printable(name), "bold"),
            "  ",
            printable(_("regions: {regions}").format(regions=", ".join(sorted(law.regions)))),
        )
    )
    sources = Sources()
    for terms in sorted(law.terms, key=lambda found: found.effective):
        branch = tree.add(
            Text.assemble(
                (_("sales from {day}").format(day=format_date(terms.effective)), "bold"),
                "  ",
                printable(phrase(Phrase(terms.title, terms.title_zh))),
            )
        )
        for line in _terms_lines(terms):
            branch.add(Text(printable(line)))
        branch.add(sources.line(terms.id, terms.confidence.value, terms.source))
    return Group(tree, sources.footnotes())


def _terms_lines(terms: LegalTerms) -> list[str]:
    lines = [_("owed by the seller, not the maker")]
    if terms.price_bands:
        for band in terms.price_bands:
            lines.append(
                _("from {lowest} {currency}: {period}").format(
                    lowest=band.lowest,
                    currency=terms.currency,
                    period=format_duration(band.period),
                )
            )
    elif terms.period is not None:
        lines.append(_("period: {length}").format(length=format_duration(terms.period)))
    else:
        lines.append(_("the law sets no fixed period"))
    if terms.second_hand_period is not None:
        lines.append(
            _("second-hand: may be shortened by contract to {length}").format(
                length=format_duration(terms.second_hand_period)
            )
        )
    if not terms.second_hand_covered:
        lines.append(_("second-hand: the law does not say"))
    if terms.presumption is not None:
        lines.append(
            _("defects within {length} presumed present at delivery").format(
                length=format_duration(terms.presumption)
            )
        )
    if terms.repair_extension is not None:
        lines.append(
            _("a repair under it extends it once by {length}").format(
                length=format_duration(terms.repair_extension)
            )
        )
    if terms.note:
        lines.append(phrase(Phrase(terms.note, terms.note_zh)))
    return lines
