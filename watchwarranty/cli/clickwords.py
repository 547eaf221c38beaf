"""Click's and Typer's own words (usage errors, help decorations, box titles) in the reader's
language, through the same catalogue as ours.

Click marks its messages for the standard library's gettext, but the copy Typer 0.28 vendors
(typer._click) has those calls taken out: its messages are English f-strings. So a usage error
is said again from the exception's own fields (the option, the value, the choices), and a
message Click builds from a fixed shape is read back by that shape; help's fixed strings are
module constants in typer.rich_utils, read when help is drawn, so they are swapped for the
time help is printed. A message of a shape not known here is shown as Click wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    FileError,
    MissingParameter,
    NoSuchOption,
)

from watchwarranty.i18n import _, join_any

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _quoted(text: str) -> list[str]:
    return [f"'{value}'" for value in _QUOTED.findall(text)]


def _parameter(error: BadParameter) -> str:
    hint = error.param_hint
    if isinstance(hint, str):
        return hint
    if hint:
        return " / ".join(f"'{name}'" for name in hint)
    if error.param is not None:
        return str(error.param.get_error_hint(error.ctx))  # type: ignore[arg-type]
    return ""


def _reason(message: str) -> str:
    """Why a value was refused, from the shapes Click and Typer write it in."""
    message = message.strip()
    if match := re.fullmatch(r"('.*') is not one of (.*)\.", message, re.DOTALL):
        return _("{value} is not one of {choices}").format(
            value=match[1], choices=join_any(_quoted(match[2]))
        )
    if match := re.fullmatch(r"('.*') is not a valid (?:integer|int|int range)\.", message):
        return _("{value} is not a whole number").format(value=match[1])
    if match := re.fullmatch(r"(\S+) is not in the range x>=(\S+)\.", message):
        return _("{value} is less than {least}").format(value=match[1], least=match[2])
    if match := re.fullmatch(r"(?:File|Directory|Path) ('.*') does not exist\.", message):
        return _("{path} does not exist").format(path=match[1])
    if match := re.fullmatch(r"(?:File|Directory|Path) ('.*') is a directory\.", message):
        return _("{path} is a folder, not a file").format(path=match[1])
    if match := re.fullmatch(r"(?:File|Directory|Path) ('.*') is a file\.", message):
        return _("{path} is a file, not a folder").format(path=match[1])
    if match := re.fullmatch(r"(?:File|Directory|Path) ('.*') is not readable\.", message):
        return _("{path} cannot be read").format(path=match[1])
    return message.rstrip(".")


def _usage(message: str) -> str:
    """A usage error Click or Typer raised with only a message, read back by its shape."""
    message = message.strip()
    if match := re.fullmatch(r"No such command ('.*?')\.(?: Did you mean (.*)\?)?", message):
        said = _("no such command {name}").format(name=match[1])
        if match[2]:
            guess = _("did you mean {options}?").format(options=join_any(_quoted(match[2])))
            said = _("{message} ({guess})").format(message=said, guess=guess)
        return said
    if message == "Missing command.":
        return _("a command is missing")
    if match := re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message):
        typed = " ".join(f"'{argument}'" for argument in match[1].split())
        return _("unexpected extra arguments: {arguments}").format(arguments=typed)
    if match := re.fullmatch(r"Option ('.*') requires an argument\.", message):
        return _("{option} needs a value").format(option=match[1])
    if match := re.fullmatch(r"Option ('.*') requires (\d+) arguments\.", message):
        return _("{option} needs {n} values").format(option=match[1], n=match[2])
    if match := re.fullmatch(r"Option ('.*') does not take a value\.", message):
        return _("{option} takes no value").format(option=match[1])
    return message.rstrip(".")


def said(error: ClickException) -> str:
    """What went wrong, in the reader's language, without Click's capital and full stop."""
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        name = _parameter(error)
        if kind == "argument":
            return _("missing argument {name}").format(name=name)
        return _("missing option {name}").format(name=name)
    if isinstance(error, NoSuchOption):
        if error.message != f"No such option: {error.option_name}":
            return _usage(error.message)
        message = _("no such option: {option}").format(option=error.option_name)
        if error.possibilities:
            guess = _("did you mean {options}?").format(
                options=join_any(sorted(error.possibilities))
            )
            message = _("{message} ({guess})").format(message=message, guess=guess)
        return message
    if isinstance(error, BadParameter):
        name = _parameter(error)
        reason = _reason(error.message)
        if not name:
            return _("invalid value: {reason}").format(reason=reason)
        return _("invalid value for {name}: {reason}").format(name=name, reason=reason)
    if isinstance(error, BadOptionUsage):
        return _usage(error.message)
    if isinstance(error, FileError):
        return _("cannot open {path}: {reason}").format(
            path=repr(error.ui_filename), reason=error.message
        )
    return _usage(error.message)


def usage_pieces(pieces: list[str]) -> list[str]:
    """The usage line's placeholders for options and subcommands, in the reader's language."""
    words = {"[OPTIONS]": _("[OPTIONS]"), "COMMAND [ARGS]...": _("COMMAND [ARGS]...")}
    return [words.get(piece, piece) for piece in pieces]


def usage_prefix() -> str:
    """What the usage line opens with."""
    return _("Usage: ")


@contextmanager
def help_words() -> Iterator[None]:
    """Typer's fixed help strings in the reader's language while help is printed."""
    from typer import rich_utils

    words: dict[str, Any] = {
        "DEPRECATED_STRING": _("(deprecated) "),
        "DEFAULT_STRING": _("[default: {}]"),
        "ENVVAR_STRING": _("[env var: {}]"),
        "REQUIRED_LONG_STRING": _("[required]"),
        "ARGUMENTS_PANEL_TITLE": _("Arguments"),
        "OPTIONS_PANEL_TITLE": _("Options"),
        "COMMANDS_PANEL_TITLE": _("Commands"),
    }
    before = {name: getattr(rich_utils, name) for name in words}
    for name, text in words.items():
        setattr(rich_utils, name, text)
    try:
        yield
    finally:
        for name, text in before.items():
            setattr(rich_utils, name, text)


class _Untyped:
    """An argument's type as help shows it: nothing beside the argument's own name (BRAND,
    PATH), where Typer would add Click's English type name (<str>, <path>)."""

    def __init__(self, kind: Any) -> None:
        self._kind = kind

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kind, name)


@contextmanager
def arguments_untyped(params: list[Any]) -> Iterator[None]:
    """Arguments shown by name alone while their panel is drawn."""
    from typer.core import TyperArgument

    arguments = [param for param in params if isinstance(param, TyperArgument)]
    kinds = [argument.type for argument in arguments]
    for argument in arguments:
        argument.type = _Untyped(argument.type)  # type: ignore[assignment]
    try:
        yield
    finally:
        for argument, kind in zip(arguments, kinds, strict=True):
            argument.type = kind
