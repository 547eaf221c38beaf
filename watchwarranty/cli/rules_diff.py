"""`watchwarranty rules diff`: what changed between two rules files, and which rows of an
inventory get another answer. Exit 0 when no answer moves, 1 when some do, 2 for bad input."""

# No `from __future__ import annotations`: Typer reads a command's annotations on every run.

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from watchwarranty.cli.application import (
    AsOfOption,
    ColumnOption,
    Command,
    DateOrderOption,
    ExitStatus,
    LangOption,
    SheetOption,
    apply_language,
    as_of_day,
    examples,
    fail,
    one_line_errors,
)
from watchwarranty.cli.rules import refuse_rules, rules_app
from watchwarranty.errors import RulesError
from watchwarranty.i18n import _, ngettext
from watchwarranty.model import RuleBook
from watchwarranty.render.safe import printable
from watchwarranty.rules import default_rules_path, load_rules


class DiffFormat(StrEnum):
    """The ``rules diff --format`` choices."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


@rules_app.command(
    cls=Command,
    name="diff",
    help=_(
        "What changed between two rules files, policy by policy; with --inventory, the rows "
        "whose answers move. One file: your rules file against the shipped rules. Exit 1 when "
        "answers move."
    ),
    epilog=examples("rules diff"),
)
def diff(
    old_path: Annotated[
        Path,
        typer.Argument(
            metavar="OLD",
            help=_("The rules before; alone, the rules file compared with the shipped rules."),
            dir_okay=False,
        ),
    ],
    new_path: Annotated[
        Path | None,
        typer.Argument(metavar="[NEW]", help=_("The rules after."), dir_okay=False),
    ] = None,
    inventory: Annotated[
        str | None,
        typer.Option(
            "--inventory",
            metavar="FILE|-",
            help=_("An inventory batch reads (CSV, TSV, xlsx, JSON Lines, JSON; - for stdin)."),
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = DiffFormat.TEXT,
    encoding: Annotated[
        str | None,
        typer.Option(metavar="NAME", help=_("The inventory's text encoding, e.g. gb18030.")),
    ] = None,
    sheet: SheetOption = None,
    column: ColumnOption = None,
    as_of: AsOfOption = None,
    date_order: DateOrderOption = None,
    lang: LangOption = None,
) -> None:
    """What changed between two rules files; with --inventory, the rows whose answers move."""
    apply_language(lang)
    over_shipped = new_path is None
    if new_path is None:
        # One file: the user's rules as the new, over the shipped ones as the old.
        old_path, new_path = default_rules_path(), old_path
    try:
        old = load_rules(old_path)
        new = _load_new(new_path, over_shipped=over_shipped)
    except RulesError as error:
        refuse_rules(error)
    from watchwarranty.rules.diff import diff_rules

    changes = diff_rules(old, new)
    report: dict[str, Any] = {
        "old": _identity(old),
        "new": _identity(new),
        "changes": [change._asdict() for change in changes],
        "inventory": None,
    }
    moved = 0
    if inventory is not None:
        moved = _inventory(
            inventory, old, new, report, output_format, encoding, sheet, column, as_of
        )
    if output_format is DiffFormat.JSON:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif output_format is DiffFormat.TEXT:
        _print_text(report)
    elif inventory is None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["brand", "rule", "what", "field", "old", "new"])
        writer.writerows(change for change in changes)
    raise typer.Exit(ExitStatus.ATTENTION if moved else ExitStatus.OK)


def _load_new(path: Path, *, over_shipped: bool) -> RuleBook:
    if over_shipped and _is_partial(path):
        from watchwarranty.rules import load_layered

        # A file that is not whole rules is laid over the shipped ones, as a user's file is.
        return load_layered(default_rules_path(), path)
    return load_rules(path)


def _is_partial(path: Path) -> bool:
    """A file without [default] is an overlay on the shipped rules, as a user's file is."""
    import tomli

    try:
        return "default" not in tomli.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, ValueError, RecursionError):
        return False  # load_rules says why, as `rules check` does


def _identity(rules: RuleBook) -> dict[str, Any]:
    return {
        "origin": rules.origin,
        "rules_version": rules.version,
        "rules_fingerprint": rules.fingerprint,
    }


def _inventory(
    source: str,
    old: RuleBook,
    new: RuleBook,
    report: dict[str, Any],
    output_format: DiffFormat,
    encoding: str | None,
    sheet: str | None,
    column: list[str] | None,
    as_of: str | None,
) -> int:
    from watchwarranty.batch.answer import Answerer
    from watchwarranty.batch.columns import parse_column_options
    from watchwarranty.batch.compare import COMPARED_KEYS, Comparison, compare_rows
    from watchwarranty.batch.read import ReadOptions, read_inventory
    from watchwarranty.cli.batch import _open

    comparison = Comparison()
    moved_rows: list[dict[str, Any]] = []
    with one_line_errors():
        day = as_of_day(as_of)
        options = ReadOptions(
            encoding=encoding, sheet=sheet, chosen=parse_column_options(column or ()), rules=new
        )
        binary, size = _open(source)
        with binary:
            rows = read_inventory(binary, options, name=source, size=size or 0)
            try:
                writer = None
                if output_format is DiffFormat.CSV:
                    writer = csv.writer(sys.stdout, lineterminator="\n")
                    results = [f"{side}_{key}" for key in COMPARED_KEYS for side in ("old", "new")]
                    clashes = [name for name in results if name in rows.columns]
                    if clashes:
                        fail(
                            _("the inventory already has columns named {names}").format(
                                names=", ".join(clashes)
                            )
                        )
                    writer.writerow([*rows.columns, "line", *results])
                old_answers = Answerer(old, as_of=day)
                new_answers = Answerer(new, as_of=day)
                for change in compare_rows(rows, old_answers, new_answers, comparison):
                    if writer is not None:
                        pairs = [
                            value
                            for both in zip(change.old, change.new, strict=True)
                            for value in both
                        ]
                        cells = ["" if value is None else value for value in pairs]
                        writer.writerow([*change.row.cells, change.row.line, *cells])
                        continue
                    moved_rows.append(
                        {
                            "line": change.row.line,
                            "moved": change.moved,
                            "input": dict(zip(rows.columns, change.row.cells, strict=False)),
                            "old": dict(zip(COMPARED_KEYS, change.old, strict=True)),
                            "new": dict(zip(COMPARED_KEYS, change.new, strict=True)),
                        }
                    )
            finally:
                rows.close()
    report["inventory"] = {
        "rows": comparison.rows,
        "moved": comparison.moved,
        "errors_under_both": comparison.errors,
        "by_brand": dict(sorted(comparison.by_brand.items())),
        "rows_listed": moved_rows,
    }
    if output_format is DiffFormat.CSV:
        _print_counts(report["inventory"], err=True)
    return comparison.moved


def _print_text(report: dict[str, Any]) -> None:
    old, new = report["old"], report["new"]
    typer.echo(
        printable(
            _("old: {origin} (version {version}, fingerprint {fingerprint})").format(
                origin=old["origin"],
                version=old["rules_version"] or _("none given"),
                fingerprint=old["rules_fingerprint"],
            )
        )
    )
    typer.echo(
        printable(
            _("new: {origin} (version {version}, fingerprint {fingerprint})").format(
                origin=new["origin"],
                version=new["rules_version"] or _("none given"),
                fingerprint=new["rules_fingerprint"],
            )
        )
    )
    if not report["changes"]:
        typer.echo(_("no rule changed"))
    for change in report["changes"]:
        typer.echo(printable(_change_line(change)))
    found = report["inventory"]
    if found is None:
        return
    for row in found["rows_listed"]:
        typer.echo(printable(_row_line(row)))
    _print_counts(found, err=False)


def _change_line(change: dict[str, Any]) -> str:
    brand, rule, what = change["brand"], change["rule"], change["what"]
    if what == "brand-added":
        return _("{brand}: brand added ({name})").format(brand=brand, name=change["new"])
    if what == "brand-removed":
        return _("{brand}: brand removed").format(brand=brand)
    if what == "rule-added":
        return _("{brand}: {rule} added: {summary}").format(
            brand=brand, rule=rule, summary=change["new"] or "-"
        )
    if what == "rule-removed":
        return _("{brand}: {rule} removed: {summary}").format(
            brand=brand, rule=rule, summary=change["old"] or "-"
        )
    return _("{brand}: {rule}: {field} {old} → {new}").format(
        brand=brand,
        rule=rule or _("the brand"),
        field=change["field"],
        old=change["old"] if change["old"] is not None else _("none"),
        new=change["new"] if change["new"] is not None else _("none"),
    )


def _row_line(row: dict[str, Any]) -> str:
    given = ", ".join(f"{key} {value}" for key, value in row["input"].items() if value)
    where = _("line {number}").format(number=row["line"])
    if not row["moved"]:
        return _("{where} ({given}): no answer under either rules: {error}").format(
            where=where, given=given, error=row["old"]["error"]
        )
    moves = "; ".join(
        f"{key} {row['old'][key] if row['old'][key] is not None else '-'} → "
        f"{row['new'][key] if row['new'][key] is not None else '-'}"
        for key in row["old"]
        if row["old"][key] != row["new"][key]
    )
    return f"{where} ({given}): {moves}"


def _print_counts(found: dict[str, Any], *, err: bool) -> None:
    typer.echo(
        ngettext(
            "{moved} of {rows} row moves", "{moved} of {rows} rows move", found["rows"]
        ).format(moved=found["moved"], rows=found["rows"]),
        err=err,
    )
    for brand, count in found["by_brand"].items():
        typer.echo(printable(f"  {brand}: {count}"), err=err)
    if found["errors_under_both"]:
        typer.echo(
            ngettext(
                "{count} row has no answer under either rules",
                "{count} rows have no answer under either rules",
                found["errors_under_both"],
            ).format(count=found["errors_under_both"]),
            err=err,
        )
