"""The user's config file (``~/.config/watchwarranty/config.toml``): defaults a shop would
otherwise repeat on every call, in a ``[defaults]`` table. A flag on the command line always
wins over them; they win over the locale environment.

Every run looks for the file (cli.application, with rules.places alone), and imports this module
only when there is one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchwarranty.errors import InputError
from watchwarranty.i18n import _, series

SETTINGS = ("lang", "region", "date_order", "format")
# Which command options each setting is the default of (Click's default_map, by parameter
# name); batch takes its format from -o's extension, and rules show has no csv, so only check
# and brands take ``format``.
_OPTIONS = {
    "region": {"check": "region", "remind": "region"},
    "date_order": {"check": "date_order", "batch": "date_order"},
    "format": {"check": "output_format", "brands": "output_format"},
}


def config_path() -> Path | None:
    """Where the config file is, or would be; None when there is no home folder."""
    from watchwarranty.rules.places import user_config_file

    return user_config_file()


def read_defaults() -> dict[str, str]:
    """The ``[defaults]`` the user set, each checked; none when there is no file."""
    path = config_path()
    if path is None or not path.is_file():
        return {}
    import tomli

    try:
        with path.open("rb") as handle:
            raw = tomli.load(handle)
    except (OSError, tomli.TOMLDecodeError) as error:
        raise InputError(f"{path}: {error}", _("fix the file, or delete it")) from None
    defaults = raw.get("defaults", {})
    unknown = [key for key in raw if key != "defaults"]
    if not isinstance(defaults, dict) or unknown:
        raise InputError(
            _("{path}: only a [defaults] table is read").format(path=path),
            _("settable: {keys}").format(keys=series(list(SETTINGS))),
        )
    try:
        return {key: checked(key, value) for key, value in defaults.items()}
    except InputError as error:
        raise InputError(f"{path}: {error.message}", error.hint) from None


def checked(key: str, value: Any) -> str:
    """A setting's value as stored, or InputError saying what it may be."""
    if key not in SETTINGS:
        raise InputError(
            _("unknown setting {key!r}").format(key=key),
            _("settable: {keys}").format(keys=series(list(SETTINGS))),
        )
    text = value if isinstance(value, str) else ""
    if key == "lang":
        from watchwarranty.i18n import language_named

        if language_named(text) is None:
            raise _not_one_of(key, value, ["en", "zh", "zh-hant"])
        return text
    if key == "region":
        from watchwarranty.inputs.regions import parse_region

        return parse_region(text)
    choices = ["dmy", "mdy"] if key == "date_order" else ["table", "json", "csv"]
    if text.lower() not in choices:
        raise _not_one_of(key, value, choices)
    return text.lower()


def _not_one_of(key: str, value: Any, choices: list[str]) -> InputError:
    return InputError(
        _("{key} cannot be {value!r}").format(key=key, value=value),
        _("use one of: {choices}").format(choices=series(choices)),
    )


def set_default(key: str, value: str) -> Path:
    """Write one setting into the config file, keeping the others; where it was written."""
    import json

    stored = checked(key, value)
    path = config_path()
    if path is None:
        raise InputError(
            _("there is no home folder to keep a config file in"),
            _("set HOME or XDG_CONFIG_HOME"),
        )
    defaults = read_defaults()
    defaults[key] = stored
    path.parent.mkdir(parents=True, exist_ok=True)
    # A TOML basic string is written as JSON writes a string.
    lines = [f"{name} = {json.dumps(text, ensure_ascii=False)}" for name, text in defaults.items()]
    path.write_text("\n".join(["[defaults]", *lines]) + "\n", "utf-8")
    return path


def default_map(defaults: dict[str, str]) -> dict[str, dict[str, str]]:
    """The defaults as Click's ``default_map``: command -> option -> value."""
    mapped: dict[str, dict[str, str]] = {}
    for key, options in _OPTIONS.items():
        if key in defaults:
            for command, option in options.items():
                mapped.setdefault(command, {})[option] = defaults[key]
    return mapped


def configured_language() -> str | None:
    """The language the config file asks for, if it can be read; its errors are reported
    when the command runs."""
    try:
        return read_defaults().get("lang")
    except InputError:
        return None
