"""`watchwarranty brands`: every brand the rules know, and its cover for a watch bought today."""

# No `from __future__ import annotations`: Typer reads a command's annotations on every run,
# and as strings it compiles and evaluates each one (~2.5% of `check`'s start-up).

import csv
import json
import sys
from typing import Annotated

import typer

from watchwarranty.cli.application import (
    AsOfOption,
    Command,
    LangOption,
    NoPagerOption,
    RulesOption,
    app,
    apply_language,
    as_of_day,
    examples,
    load,
    one_line_errors,
)
from watchwarranty.engine.overview import summarise
from watchwarranty.i18n import _
from watchwarranty.render import OutputFormat
from watchwarranty.render.safe import printable


@app.command(
    cls=Command,
    help=_(
        "List every brand: Chinese name, aliases, and the cover a watch bought today (or on "
        "--as-of) gets."
    ),
    epilog=examples("brands"),
)
def brands(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", case_sensitive=False, help=_("Output format."))
    ] = OutputFormat.TABLE,
    as_of: AsOfOption = None,
    rules_path: RulesOption = None,
    no_pager: NoPagerOption = False,
    lang: LangOption = None,
) -> None:
    """List every brand: Chinese name, aliases, and the cover a watch bought today gets."""
    apply_language(lang)
    from watchwarranty.render.records import brand_record

    with one_line_errors():
        rules = load(rules_path)
        today = as_of_day(as_of)
        # A day near 9999 leaves no room for the cover: the engine says so, as for check.
        summaries = [summarise(rules, brand, on=today) for brand in rules.brands.values()]
    if output_format is OutputFormat.JSON:
        records = [brand_record(summary) for summary in summaries]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif output_format is OutputFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        keys = ["id", "name", "name_zh", "aliases", "base_years", "best_years", "confidence"]
        writer.writerow(keys)
        for summary in summaries:
            record = brand_record(summary)
            record["aliases"] = "|".join(record["aliases"])
            # Rules text, shown as its escapes where it holds a control character.
            writer.writerow(
                [printable(record[key]) if record[key] is not None else "" for key in keys]
            )
    else:
        from watchwarranty.render.output import console, emit
        from watchwarranty.render.table import render_brands

        emit(
            console(fit=True),
            render_brands(summaries, day=today, today=as_of is None),
            page=not no_pager,
        )
