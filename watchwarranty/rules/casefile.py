"""Rule test cases written as data: TOML files of `check` inputs and the JSON fields expected.

[[case]]
name = "An Acme bought 2015-07-01 gets 5 years"
input = { brand = "acme", purchase_date = "2015-07-01", as_of = "2020-01-01" }
expect = { effective_expiry = "2020-07-01" }      # "" stands for null
# Facts left out are not known, as on the command line: registered = false and
# second_hand = false say "not registered" and "the first owner".
notes_include = ["..."]                            # optional: sentences the notes contain

The other two clocks take their own inputs (serviced_on, service_kind; region, second_hand,
sold_on, price, currency) and are expected by their keys (service_guarantee_expiry,
legal_guarantee_expiry, ...); notes_include also reads their notes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from watchwarranty.engine.evaluate import evaluate
from watchwarranty.errors import InputError, WatchWarrantyError
from watchwarranty.i18n import _
from watchwarranty.inputs import build_purchase
from watchwarranty.inputs.dates import parse_date
from watchwarranty.model import RuleBook
from watchwarranty.render.records import GUARANTEE_NOTE_KEYS, to_record

CASE_KEYS = {"name", "input", "expect", "notes_include"}
INPUT_KEYS = {
    "brand",
    "purchase_date",
    "as_of",
    "region",
    "movement",
    "store",
    "registered",
    "registered_on",
    "second_hand",
    "marketing_consent",
    "activated_on",
    "serviced_on",
    "assume",
    # the service guarantee and the seller's legal guarantee
    "service_kind",
    "price",
    "currency",
    "sold_on",
}
# A case without as_of is answered as on this fixed day, so that cases never depend on the clock.
DEFAULT_AS_OF = date(2026, 11, 25)


@dataclass(frozen=True, slots=True)
class Case:
    """One case: where it is, its sentence, what goes in and what must come out."""

    path: Path
    name: str
    given: dict[str, Any]
    expect: dict[str, str]
    notes_include: list[str]


def shipped_cases_dir() -> Path:
    """The cases that ship with the rules: inside the package, else in the source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "cases"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "tests" / "cases"


def case_files(paths: list[Path]) -> list[Path]:
    """The .toml files named, and those inside any folder named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(
                _("no such case file or folder {path!r}").format(path=str(path)),
                _("check the path"),
            )
    return found


def load_cases(path: Path) -> Iterator[Case]:
    """The cases in one file; InputError names the file and case for any malformed one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(
            _("cannot read {source}: {reason}").format(source=path, reason=reason),
            _("check the file"),
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            _("{path}: not valid TOML: {error}").format(path=path, error=error),
            _("fix the TOML syntax there"),
        ) from None
    cases = data.get("case")
    if not isinstance(cases, list) or set(data) != {"case"}:
        raise InputError(
            _("{path}: expected only [[case]] tables").format(path=path),
            _("see docs/rules.md for the case format"),
        )
    for number, raw in enumerate(cases, 1):
        where = f"{path}: case[{number}]"
        if (
            not isinstance(raw, dict)
            or not {"name", "input"} <= raw.keys()
            or raw.keys() - CASE_KEYS
        ):
            raise InputError(
                _("{where}: a case has name, input, expect and notes_include only").format(
                    where=where
                ),
                _("fix the case"),
            )
        _check_types(where, raw)
        unknown = set(raw["input"]) - INPUT_KEYS
        if unknown:
            raise InputError(
                _("{where}: unknown input {keys}").format(
                    where=where, keys=", ".join(sorted(unknown))
                ),
                _("use: {keys}").format(keys=", ".join(sorted(INPUT_KEYS))),
            )
        yield Case(
            path,
            str(raw["name"]),
            dict(raw["input"]),
            dict(raw.get("expect", {})),
            list(raw.get("notes_include", [])),
        )


FLAG_KEYS = {"registered", "second_hand", "marketing_consent"}


def _check_types(where: str, raw: dict[str, Any]) -> None:
    """InputError unless input and expect are tables of text (true/false for the flags) and
    notes_include is a list of text: a case is data, and the runner takes it as such."""
    given, expect = raw["input"], raw.get("expect", {})
    notes = raw.get("notes_include", [])
    fine = (
        isinstance(given, dict)
        and all(
            isinstance(value, bool) if key in FLAG_KEYS else isinstance(value, str)
            for key, value in given.items()
        )
        and isinstance(expect, dict)
        and all(isinstance(value, str | int) for value in expect.values())
        and isinstance(notes, list)
        and all(isinstance(note, str) for note in notes)
    )
    if fine and not {"brand", "purchase_date"} <= given.keys():
        raise InputError(
            _("{where}: the input has no brand or no purchase_date").format(where=where),
            _("give both, as for check"),
        )
    if not fine:
        raise InputError(
            _(
                "{where}: input and expect are tables of quoted text (true or false for "
                "{flags}), notes_include a list of quoted text"
            ).format(where=where, flags=", ".join(sorted(FLAG_KEYS))),
            _('write dates in quotes, e.g. purchase_date = "2020-03-01"'),
        )


def run_case(rules: RuleBook, case: Case) -> list[str]:
    """What the case got wrong, one sentence each; an empty list when it passes."""
    given = dict(case.given)
    as_of = parse_date(str(given.pop("as_of"))) if "as_of" in given else DEFAULT_AS_OF
    if "price" in given:
        given["price"] = str(given["price"])  # TOML may write it as a number
    expected_error = case.expect.get("error")
    try:
        purchase = build_purchase(rules, **given)
        record = to_record(evaluate(purchase, rules, as_of=as_of))
    except WatchWarrantyError as error:
        if expected_error is not None and expected_error in str(error):
            return []
        return [_("failed with: {error}").format(error=error)]
    failures = []
    for key, expected in case.expect.items():
        if key not in record:
            failures.append(_("expects unknown key {key!r}").format(key=key))
            continue
        got = record[key] if record[key] is not None else ""
        if str(got) != str(expected):
            failures.append(
                _("{key}: expected {expected!r}, got {got!r}").format(
                    key=key, expected=expected, got=str(got)
                )
            )
    for fragment in case.notes_include:
        said = [
            note["text"]
            for key in ("notes", "conditions", *GUARANTEE_NOTE_KEYS)
            for note in record[key]
        ]
        if not any(fragment in text for text in said):
            failures.append(_("no note says {fragment!r}").format(fragment=fragment))
    return failures
