"""`watchwarranty config …`: the defaults kept in the user's config file."""

from __future__ import annotations

from typing import Annotated

import typer

from watchwarranty.cli.application import (
    CONTEXT,
    Command,
    HelpGroup,
    LangOption,
    app,
    apply_language,
    examples,
    one_line_errors,
)
from watchwarranty.config import SETTINGS, config_path, read_defaults, set_default
from watchwarranty.i18n import _, series
from watchwarranty.render.safe import printable

config_app = typer.Typer(
    cls=HelpGroup,
    name="config",
    help=_("Defaults set once (lang, region, date_order, format); a flag always wins."),
    epilog=examples("config"),
    context_settings=CONTEXT,
    no_args_is_help=True,
)
app.add_typer(config_app)


@config_app.command(
    cls=Command, help=_("Print the defaults the config file sets."), epilog=examples("config show")
)
def show(lang: LangOption = None) -> None:
    """Print the defaults the config file sets."""
    apply_language(lang)
    with one_line_errors():
        defaults = read_defaults()
    for key, value in defaults.items():
        typer.echo(printable(f'{key} = "{value}"'))


@config_app.command(
    "set",
    cls=Command,
    help=_("Set a default: lang, region, date_order or format."),
    epilog=examples("config set"),
)
def set_value(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            help=_("One of: {keys}.").format(keys=series(list(SETTINGS))),
            autocompletion=lambda: list(SETTINGS),
        ),
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", help=_("Its value."))],
    lang: LangOption = None,
) -> None:
    """Set a default: lang, region, date_order or format."""
    apply_language(lang)
    with one_line_errors():
        set_default(key, value)


@config_app.command(
    cls=Command, help=_("Print where the config file is."), epilog=examples("config path")
)
def path(lang: LangOption = None) -> None:
    """Print where the config file is."""
    apply_language(lang)
    where = config_path()
    typer.echo(printable(str(where) if where is not None else _("none: there is no home folder")))
