"""Loading rules.toml into a RuleBook, refusing anything it cannot trust.

Every problem names the file, the dotted path of the key, what is wrong and how to fix it, so
that someone who knows watches but not Python can correct the file alone.
"""

from __future__ import annotations

import copy
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from watchwarranty.errors import RulesError
from watchwarranty.i18n import N_, _
from watchwarranty.model import (
    Brand,
    Conditions,
    Confidence,
    Duration,
    Extension,
    Movement,
    Phrase,
    Policy,
    RuleBook,
    ServiceGuarantee,
    Start,
    Store,
)
from watchwarranty.render.safe import has_unsafe, printable
from watchwarranty.rules.fingerprint import fingerprint
from watchwarranty.rules.lookup import normalise_name
from watchwarranty.rules.overlap import ambiguous_pairs, narrowest_first
from watchwarranty.rules.places import user_config_dir

SCHEMA = 1
# The shipped rules are ~50 KB; a file many times that is not a rules file (or /dev/zero).
MAX_RULES_BYTES = 4 << 20
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# Digits bounded so that no number in a duration is too long to read.
_DURATION = re.compile(r"(?:(\d{1,6})\s*years?)?\s*(?:(\d{1,6})\s*months?)?", re.IGNORECASE)
MAX_YEARS = 100
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_REGION = re.compile(r"[A-Z]{2}")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
# Semantic versioning's core: MAJOR.MINOR.PATCH, no leading zeros.
_VERSION = re.compile(r"(?:0|[1-9]\d{0,5})(?:\.(?:0|[1-9]\d{0,5})){2}")

_TOP_KEYS = {"schema", "version", "movements", "default", "brands", "law"}
_MOVEMENT_KEYS = {"kind_of", "title", "title_zh", "aliases"}
_BRAND_KEYS = {"name", "name_zh", "aliases", "policies", "stores", "service_guarantees"}
_STORE_KEYS = {"id", "name", "name_zh", "region", "aliases"}
_CONDITION_KEYS = {"movements", "regions", "stores"}
_RULE_KEYS = {"id", "title", "title_zh", "source", "confidence", "note", "note_zh"}
_SCOPE_KEYS = {"scope", "scope_zh"}
_DEFAULT_KEYS = _RULE_KEYS | {"base"}
_POLICY_KEYS = (
    _RULE_KEYS
    | _CONDITION_KEYS
    | _SCOPE_KEYS
    | {
        "effective",
        "base",
        "extensions",
        "start_confirmed",
        "cap",
        "starts",
        "requires_registration",
        "transferable",
        "only_where_bought",
    }
)
_EXTENSION_KEYS = (
    _RULE_KEYS
    | _CONDITION_KEYS
    | _SCOPE_KEYS
    | {
        "adds",
        "cap",
        "requires_service",
        "service_within",
        "requires_registration",
        "registration_opens",
        "registration_deadline",
        "requires_marketing_consent",
        "transferable",
        "unchecked_condition",
        "owner_condition",
        "owner_condition_zh",
        "unchecked_condition_zh",
    }
)
_DEADLINES = {"base": "the base warranty's last day"}
# A source is something a reader can open or look up: a URL, or a publication, title and date.
_FILE_PATH = re.compile(r"(?:[.~]?/|[\w.-]+/)[\w./-]*\.\w{1,4}")


def default_rules_path() -> Path:
    """The shipped rules: the copy inside the installed package, else the source checkout's."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rules.toml"
    if packaged.is_file():
        return packaged
    return package.parent / "rules.toml"


def user_rules_path() -> Path | None:
    """Where the user's own rules file lives, layered over the shipped one (it may not exist);
    None when the user has no home folder, and so no such file."""
    folder = user_config_dir()
    return folder / "rules.toml" if folder is not None else None


def load_rules(path: Path, *, overlaps_allowed: bool = False, strict: bool = False) -> RuleBook:
    """Read and validate a rules file. Raises RulesError listing every problem found; with
    ``strict`` (`rules check`), control characters in its text are problems too.

    ``overlaps_allowed`` lets through policies that can both apply with neither narrower, for
    `rules sweep` to report with its other findings."""
    text = _read_text(path)
    loader = _Loader(str(path), overlaps_allowed=overlaps_allowed, strict=strict)
    book = loader.rulebook(_parse(text, str(path)))
    return book._replace(fingerprint=fingerprint([text.encode("utf-8")]))


def load_layered(
    shipped: Path, user: Path, *, overlaps_allowed: bool = False, strict: bool = False
) -> RuleBook:
    """The shipped rules with the user's file laid over them, when it exists.

    A brand the user's file names by a known id keeps what the file does not say; its policies
    and stores replace those with the same id and add the rest. A new brand is added whole.
    """
    try:
        # A link counts as present even when what it points at is not: that is an error of yours.
        present = user.is_symlink() or user.exists()
    except OSError as error:
        raise _unreadable(user, error) from None
    if not present:
        return load_rules(shipped, overlaps_allowed=overlaps_allowed, strict=strict)
    if not user.is_symlink() and user.is_dir():
        raise RulesError(
            [_("{path}: your rules file is not a file; remove or rename it").format(path=user)]
        )
    shipped_text = _read_text(shipped)
    user_text = _read_text(user)
    refuse_untrusted(user)
    user_data = _parse(user_text, str(user))
    # The user's file does not restate the shipped rules' version: its own, if any, is kept
    # beside it, and "+local" says the answers are not the shipped rules' alone.
    own_version = user_data.pop("version", None)
    merged, user_ids = _layer(_parse(shipped_text, str(shipped)), user_data)
    if own_version is not None:
        mine = _Loader(str(user))
        mine.version("version", own_version)
        if mine.problems:
            raise RulesError(mine.problems)
    origin = f"{shipped} with {user}"
    book = _Loader(origin, overlaps_allowed=overlaps_allowed, strict=strict).rulebook(merged)
    local = "local" if own_version is None else f"local.{own_version}"
    return book._replace(
        user_rule_ids=frozenset(user_ids),
        user_aliases=_user_aliases(user_data),
        version=f"{book.version}+{local}" if book.version else None,
        fingerprint=fingerprint([shipped_text.encode("utf-8"), user_text.encode("utf-8")]),
    )


def _user_aliases(mine: dict[str, Any]) -> dict[str, frozenset[str]]:
    brands = mine.get("brands")
    if not isinstance(brands, dict):
        return {}
    return {
        brand_id: frozenset(str(alias) for alias in entry["aliases"])
        for brand_id, entry in brands.items()
        if isinstance(entry, dict) and isinstance(entry.get("aliases"), list)
    }


def parse_rules(text: str, *, origin: str = "rules.toml") -> RuleBook:
    """Validate rules given as TOML text; ``origin`` names the file in error messages."""
    book = _Loader(origin).rulebook(_parse(text, origin))
    return book._replace(fingerprint=fingerprint([text.encode("utf-8")]))


def _read_text(path: Path) -> str:
    """A rules file's text: a regular file of at most MAX_RULES_BYTES, in UTF-8."""
    try:
        # Looked at before it is opened: opening a FIFO would wait for a writer forever.
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise RulesError(
                [_("{path}: not a regular file; give a rules file").format(path=path)]
            )
        with path.open("rb") as file:
            data = file.read(MAX_RULES_BYTES + 1)
    except FileNotFoundError:
        if path.is_symlink():
            raise RulesError(
                [
                    _("{path}: a link to {target}, which does not exist; fix or remove it").format(
                        path=path, target=path.readlink()
                    )
                ]
            ) from None
        raise RulesError(
            [
                _("{path}: no such rules file; check --rules or WATCHWARRANTY_RULES").format(
                    path=path
                )
            ]
        ) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if len(data) > MAX_RULES_BYTES:
        raise RulesError(
            [
                _("{path}: larger than {size} MiB, which no rules file is; check the path").format(
                    path=path, size=MAX_RULES_BYTES >> 20
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: OSError | UnicodeDecodeError) -> RulesError:
    reason = getattr(error, "strerror", None) or str(error)
    return RulesError(
        [_("{path}: cannot read the rules file: {reason}").format(path=path, reason=reason)]
    )


def refuse_untrusted(path: Path) -> None:
    """RulesError when someone else could change the user's rules file: it is owned by another
    user, or it or its folder can be written by others. As ssh does with ~/.ssh/config, it is
    refused, not used with a warning: a warning scrolls by, and the answers it changes (five
    years of cover made fifty) look like any other."""
    if not hasattr(os, "getuid"):
        return  # Windows: ownership is an ACL, which os.stat does not show
    real = path.resolve()
    for checked in (real, real.parent):
        try:
            status = checked.stat()
        except OSError as error:
            raise _unreadable(checked, error) from None
        if status.st_uid not in (os.getuid(), 0):
            raise RulesError(
                [
                    _(
                        "{path}: owned by another user, so your rules file is not used; "
                        "make it yours (chown) or remove it"
                    ).format(path=checked)
                ]
            )
        if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise RulesError(
                [
                    _(
                        "{path}: other users can change it (mode {mode:o}), so your rules file "
                        "is not used; run chmod go-w {path}"
                    ).format(path=checked, mode=stat.S_IMODE(status.st_mode))
                ]
            )


def _parse(text: str, origin: str) -> dict[str, Any]:
    import tomli

    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, ValueError, RecursionError) as error:
        # ValueError: an integer of more digits than Python converts; RecursionError: nesting
        # deeper than the parser follows.
        reason = " ".join(str(error).split()) or type(error).__name__
        raise RulesError(
            [
                _("{origin}: not valid TOML: {error}; fix the TOML syntax there").format(
                    origin=origin, error=reason
                )
            ]
        ) from None
    _check_shape(data, origin, "", 0)
    return data


# No rules file needs more: tables nest 5 deep (brands.X.policies[n].extensions[m]), and no number
# in one is a count or length larger than this.
_MAX_DEPTH = 8
_MAX_NUMBER = 10**6


def _check_shape(value: Any, origin: str, where: str, depth: int) -> None:
    """Refuse, before anything reads it, nesting or a number no rules file has."""
    if _shape_fits(value, depth):
        return
    # Only a file that does not fit pays for the path to the place that does not.
    _name_misfit(value, origin, where, depth)


def _shape_fits(value: Any, depth: int) -> bool:
    pending = [(value, depth)]
    while pending:
        item, level = pending.pop()
        if level > _MAX_DEPTH:
            return False
        kind = type(item)
        if kind is dict:
            pending += [(child, level + 1) for child in item.values()]
        elif kind is list:
            pending += [(child, level + 1) for child in item]
        elif (kind is int or kind is float) and abs(item) > _MAX_NUMBER:
            return False
    return True


def _name_misfit(value: Any, origin: str, where: str, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise RulesError(
            [
                _("{origin}: {where}: nested deeper than any rules file needs; remove it").format(
                    origin=origin, where=printable(where)
                )
            ]
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _name_misfit(item, origin, f"{where}.{key}" if where else key, depth + 1)
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            _name_misfit(item, origin, f"{where}[{number}]", depth + 1)
    elif (
        isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > _MAX_NUMBER
    ):
        raise RulesError(
            [
                _(
                    "{origin}: {where}: the number is far larger than any rule needs; fix it"
                ).format(origin=origin, where=printable(where))
            ]
        )


def _layer(shipped: dict[str, Any], user: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    merged = copy.deepcopy(shipped)
    user_ids: set[str] = set()
    for key, value in user.items():
        if key in ("brands", "movements", "law") and isinstance(value, dict):
            section = merged.setdefault(key, {})
            for name, entry in value.items():
                known = section.get(name)
                if key == "brands" and isinstance(known, dict) and isinstance(entry, dict):
                    section[name] = _layer_brand(known, entry)
                else:
                    section[name] = entry
                if key == "brands" and isinstance(entry, dict):
                    user_ids |= _rule_ids(entry)
        else:
            merged[key] = value
    return merged, user_ids


def _layer_brand(known: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    layered = dict(known)
    for key, value in mine.items():
        if key == "aliases" and isinstance(value, list):
            # A user's aliases add to the shipped ones: a nickname must not cost a shipped alias.
            shipped = layered.get(key, [])
            layered[key] = [*shipped, *(alias for alias in value if alias not in shipped)]
        elif key in ("policies", "stores") and isinstance(value, list):
            by_id = {
                entry.get("id"): entry for entry in layered.get(key, []) if isinstance(entry, dict)
            }
            for entry in value:
                by_id[entry.get("id") if isinstance(entry, dict) else id(entry)] = entry
            layered[key] = list(by_id.values())
        else:
            layered[key] = value
    return layered


def _rule_ids(brand: dict[str, Any]) -> set[str]:
    ids: set[str] = set()
    for policy in brand.get("policies", []):
        if isinstance(policy, dict):
            ids.add(str(policy.get("id")))
            ids |= {str(e.get("id")) for e in policy.get("extensions", []) if isinstance(e, dict)}
    return ids


class _Loader:
    """One pass over the parsed TOML that records problems instead of stopping at the first."""

    def __init__(
        self, origin: str, *, overlaps_allowed: bool = False, strict: bool = False
    ) -> None:
        self.origin = origin
        # `rules sweep` reads a file with ambiguous overlaps, to report them beside its other
        # findings; everything else refuses it.
        self.overlaps_allowed = overlaps_allowed
        self.strict = strict
        self.problems: list[str] = []
        self.rule_ids: dict[str, str] = {}
        self.kinds: dict[str, frozenset[str]] = {}
        self.movement_index: dict[str, str] = {}

    def problem(self, where: str, what: str, fix: str, **args: object) -> None:
        """Record a problem; ``what`` and ``fix`` are catalogue templates filled from ``args``."""
        text = f"{_(what).format(**args)}; {_(fix).format(**args)}"
        self.problems.append(printable(f"{self.origin}: {where}: {text}"))

    def rulebook(self, data: dict[str, Any]) -> RuleBook:
        self.keys("(top level)", data, _TOP_KEYS, required={"schema", "default", "brands"})
        schema = data.get("schema")
        # true == 1 and 1.0 == 1 in Python; neither is the schema number.
        if "schema" in data and (type(schema) is not int or schema != SCHEMA):
            if isinstance(schema, int) and schema > SCHEMA:
                self.problem(
                    "schema",
                    N_("schema {schema} is newer than this watchwarranty reads"),
                    N_("upgrade watchwarranty"),
                    schema=schema,
                )
            else:
                self.problem(
                    "schema",
                    N_("unknown schema {schema!r}"),
                    N_("write schema = {supported}"),
                    schema=schema,
                    supported=SCHEMA,
                )
        version = self.version("version", data["version"]) if "version" in data else None
        movements = self.movements(self.table("movements", data.get("movements", {})))
        self.kinds = kinds_of(movements)
        default = None
        if "default" in data:
            default = self.default_policy(self.table("default", data["default"]))
        brands: dict[str, Brand] = {}
        index: dict[str, str] = {}
        for brand_id, raw in self.table("brands", data.get("brands", {})).items():
            brand = self.brand(f"brands.{brand_id}", brand_id, raw, movements)
            if brand is None:
                continue
            brands[brand_id] = brand
            self.index_brand(brand, index, brands)
        from watchwarranty.rules.guarantees import laws

        jurisdictions, law_index = laws(self, data.get("law", {}))
        if self.problems or default is None:
            raise RulesError(
                self.problems
                or [_("{origin}: the rules could not be read").format(origin=self.origin)]
            )
        return RuleBook(
            schema=SCHEMA,
            default_policy=default,
            movements=movements,
            brands=brands,
            brand_index=index,
            origin=self.origin,
            kinds=self.kinds,
            movement_index=self.movement_index,
            laws=jurisdictions,
            law_index=law_index,
            version=version,
        )

    def version(self, where: str, value: Any) -> str | None:
        if isinstance(value, str) and _VERSION.fullmatch(value):
            return value
        self.problem(
            where,
            N_("{value!r} is not a rules version"),
            N_(
                'write MAJOR.MINOR.PATCH in quotes, e.g. version = "1.2.0" (a change that moves '
                "any answer raises at least MINOR)"
            ),
            value=value,
        )
        return None

    # -- shapes -------------------------------------------------------------------------------

    def keys(
        self, where: str, raw: Mapping[str, Any], allowed: set[str], *, required: set[str]
    ) -> None:
        for key in raw:
            if key not in allowed:
                import difflib  # only on this error path

                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
                fix = (
                    N_("did you mean {close!r}? (allowed: {allowed})")
                    if close
                    else N_("remove it (allowed: {allowed})")
                )
                self.problem(
                    f"{where}.{key}" if where != "(top level)" else key,
                    N_("unknown key {key!r}"),
                    fix,
                    key=key,
                    close=close[0] if close else "",
                    allowed=", ".join(sorted(allowed)),
                )
        for key in sorted(required - raw.keys()):
            self.problem(where, N_("missing required key {key!r}"), N_("add {key} = …"), key=key)

    def table(self, where: str, value: Any) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.problem(
            where,
            N_("expected a table, found {kind}"),
            N_("write it as [{table}]"),
            kind=_kind(value),
            table=where,
        )
        return {}

    def tables(self, where: str, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        self.problem(
            where,
            N_("expected a list of tables"),
            N_("write each entry as [[{table}]]"),
            table=where,
        )
        return []

    # Each value check below returns None quietly for a missing value: keys() reports it once.

    def typed(self, where: str, value: Any, kind: type[T], example: str) -> T | None:
        if value is None:
            return None
        # bool is an int in Python; a rules author writing `true` for a number is still wrong.
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        self.problem(
            where,
            N_("expected {expected}, found {kind}"),
            N_("e.g. {example}"),
            expected=kind.__name__,
            kind=_kind(value),
            example=example,
        )
        return None

    def text(self, where: str, value: Any, example: str) -> str | None:
        found = self.typed(where, value, str, example)
        if found is not None and not found.strip():
            self.problem(where, N_("is empty"), N_("e.g. {example}"), example=example)
            return None
        if found is not None:
            self.plain(where, found)
        return found

    def plain(self, where: str, text: str) -> None:
        # Rules text reaches terminals, CSV and calendars, each escaping what would act there;
        # `rules check` says where such text is, so that it can be taken out at the source.
        if self.strict and has_unsafe(text):
            self.problem(
                where,
                N_("holds a control character: {text}"),
                N_("remove it; write the text on one line, without escapes"),
                text=printable(text),
            )

    def strings(self, where: str, value: Any, example: str) -> tuple[str, ...]:
        if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
            for item in value:
                self.plain(where, item)
            return tuple(value)
        self.problem(
            where,
            N_("expected a list of non-empty strings"),
            N_("e.g. {example}"),
            example=example,
        )
        return ()

    def day(self, where: str, value: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        self.problem(
            where,
            N_("{value!r} is not a date"),
            N_("write it as a bare TOML date YYYY-MM-DD (e.g. 2018-07-01), without quotes"),
            value=value,
        )
        return None

    def duration(self, where: str, value: Any) -> Duration | None:
        if value is None:
            return None
        match = _DURATION.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None or not (match[1] or match[2]):
            self.problem(
                where,
                N_("{value!r} is not a duration"),
                N_('write e.g. "5 years" or "2 years 18 months"'),
                value=value,
            )
            return None
        length = Duration(int(match[1] or 0), int(match[2] or 0))
        if length.total_months <= 0:
            self.problem(
                where, N_("{value!r} is not positive"), N_('write e.g. "2 years"'), value=value
            )
            return None
        if length.total_months > MAX_YEARS * 12:
            self.problem(
                where,
                N_("{value!r} is longer than any warranty ({most} years at most)"),
                N_("check the number"),
                value=value,
                most=MAX_YEARS,
            )
            return None
        return length

    def choice(self, where: str, value: Any, default: E, what: str) -> E:
        """One of the words of ``default``'s enumeration; ``what`` says what it is not."""
        kind = type(default)
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            self.problem(
                where,
                what,
                N_("use one of: {choices}"),
                value=value,
                choices=", ".join(member.value for member in kind),
            )
            return default

    def rule_id(self, where: str, value: Any) -> str:
        found = self.text(where, value, '"acme-2015-07"') or ""
        if found and not _ID.fullmatch(found):
            self.problem(
                where,
                N_("id {found!r} has characters ids may not use"),
                N_("use lower-case letters, digits, - and _"),
                found=found,
            )
        elif found in self.rule_ids:
            self.problem(
                where,
                N_("id {found!r} is already used at {other}"),
                N_("give every policy and extension its own id"),
                found=found,
                other=self.rule_ids[found],
            )
        elif found:
            self.rule_ids[found] = where
        return found

    # -- sections -----------------------------------------------------------------------------

    def movements(self, raw: dict[str, Any]) -> dict[str, Movement]:
        movements: dict[str, Movement] = {}
        for movement_id, entry in raw.items():
            where = f"movements.{movement_id}"
            body = self.table(where, entry)
            self.keys(where, body, _MOVEMENT_KEYS, required=set())
            kind_of = None
            if "kind_of" in body:
                kind_of = self.text(f"{where}.kind_of", body["kind_of"], '"mechanical"')
            if kind_of is not None and kind_of not in raw:
                self.problem(
                    f"{where}.kind_of",
                    N_("unknown movement {kind_of!r}"),
                    N_("declare it under [movements] (known: {known})"),
                    kind_of=kind_of,
                    known=", ".join(raw),
                )
                kind_of = None
            title = self.optional_text(where, body, "title", '"mechanical"')
            title_zh = self.optional_text(where, body, "title_zh", '"机械"')
            aliases = self.strings(f"{where}.aliases", body.get("aliases", []), '["机械"]')
            movements[movement_id] = Movement(movement_id, kind_of, title, title_zh, aliases)
        self.movement_index = self.index_movements(movements)
        self.check_kind_cycles(movements)
        return movements

    def check_kind_cycles(self, movements: Mapping[str, Movement]) -> None:
        for movement in movements.values():
            seen = [movement.id]
            current = movement.kind_of
            while current is not None and current in movements:
                if current == movement.id:
                    self.problem(
                        f"movements.{movement.id}.kind_of",
                        N_("kind_of goes round in a circle: {path}"),
                        N_("one kind in the circle must have no kind_of"),
                        path=" → ".join([*seen, current]),
                    )
                    break
                if current in seen:
                    break  # a circle that does not pass through this kind: reported at its own
                seen.append(current)
                current = movements[current].kind_of

    def index_movements(self, movements: Mapping[str, Movement]) -> dict[str, str]:
        """Every name a movement kind answers to, normalised, mapped to its id."""
        # Ids first, so that a clash is reported on the alias that makes it.
        owners = {normalise_name(movement_id): movement_id for movement_id in movements}
        for movement in movements.values():
            for name in movement.aliases:
                key = normalise_name(name)
                owner = owners.setdefault(key, movement.id)
                if owner != movement.id:
                    self.problem(
                        f"movements.{movement.id}.aliases",
                        N_("name {name!r} is also a name of movement {other!r}"),
                        N_("every movement name and alias must belong to one kind only"),
                        name=name,
                        other=owner,
                    )
        return owners

    def rule_fields(self, where: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": self.rule_id(f"{where}.id", raw.get("id")),
            "title": self.text(f"{where}.title", raw.get("title"), '"Five years"') or "",
            "source": self.source(f"{where}.source", raw.get("source")),
            "confidence": self.choice(
                f"{where}.confidence",
                raw.get("confidence"),
                Confidence.LOW,
                N_("{value!r} is not a confidence level"),
            ),
            "note": self.optional_text(where, raw, "note", '"why this matters"'),
            "title_zh": self.optional_text(where, raw, "title_zh", '"五年保修"'),
            "note_zh": self.optional_text(where, raw, "note_zh", '"为什么重要"'),
        }

    def source(self, where: str, value: Any) -> str:
        found = self.text(where, value, '"https://…"') or ""
        if found and "://" not in found and _FILE_PATH.fullmatch(found.split(",")[-1].strip()):
            self.problem(
                where,
                N_("{value!r} is a file path, which no reader can open"),
                N_(
                    "cite a URL, or for a printed or reposted article its publication, title "
                    "and date"
                ),
                value=found,
            )
        return found

    def scope(self, where: str, raw: Mapping[str, Any]) -> Phrase | None:
        return self.phrase(where, raw, "scope", ('"the movement only"', '"仅限机芯"'))

    def phrase(
        self, where: str, raw: Mapping[str, Any], key: str, examples: tuple[str, str]
    ) -> Phrase | None:
        """A text key and its ``_zh`` twin, as one Phrase."""
        english = self.optional_text(where, raw, key, examples[0])
        chinese = self.optional_text(where, raw, f"{key}_zh", examples[1])
        if chinese is not None and english is None:
            self.problem(
                f"{where}.{key}_zh",
                N_("{key}_zh given without {key}"),
                N_('add {key} = "…" in English too'),
                key=key,
            )
        return Phrase(english, chinese) if english is not None else None

    def flag(self, where: str, raw: Mapping[str, Any], key: str) -> bool | None:
        return self.typed(f"{where}.{key}", raw[key], bool, "true") if key in raw else None

    def optional_text(
        self, where: str, raw: Mapping[str, Any], key: str, example: str
    ) -> str | None:
        return self.text(f"{where}.{key}", raw[key], example) if key in raw else None

    def default_policy(self, raw: dict[str, Any]) -> Policy | None:
        self.keys(
            "default", raw, _DEFAULT_KEYS, required={"id", "title", "base", "source", "confidence"}
        )
        base = self.duration("default.base", raw.get("base"))
        fields = self.rule_fields("default", raw)
        if base is None:
            return None
        return Policy(effective=date.min, base=base, **fields)

    def brand(
        self, where: str, brand_id: str, raw: Any, movements: Mapping[str, Movement]
    ) -> Brand | None:
        body = self.table(where, raw)
        self.keys(where, body, _BRAND_KEYS, required={"name", "policies"})
        if not _ID.fullmatch(brand_id):
            self.problem(
                where,
                N_("brand key {brand_id!r} is not a plain id"),
                N_("use lower-case letters, digits and -, e.g. [brands.acme-watches]"),
                brand_id=brand_id,
            )
        name = self.text(f"{where}.name", body.get("name"), '"Acme Watches"') or brand_id
        name_zh = (
            self.text(f"{where}.name_zh", body["name_zh"], '"极品表"')
            if "name_zh" in body
            else None
        )
        aliases = self.strings(f"{where}.aliases", body.get("aliases", []), '["极品表", "ACME"]')
        stores = tuple(
            store
            for number, entry in enumerate(
                self.tables(f"{where}.stores", body.get("stores", [])), 1
            )
            if (store := self.store(f"{where}.stores[{number}]", entry)) is not None
        )
        store_ids = {store.id for store in stores}
        raw_policies = self.tables(f"{where}.policies", body.get("policies", []))
        if "policies" in body and not raw_policies:
            self.problem(
                f"{where}.policies",
                N_("no policies"),
                N_("add at least one [[…policies]] with its source"),
            )
        policies = [
            policy
            for number, entry in enumerate(raw_policies, 1)
            if (policy := self.policy(f"{where}.policies[{number}]", entry, movements, store_ids))
            is not None
        ]
        self.check_overlaps(where, policies, stores)
        # Newest first; among policies starting the same day, the more specific one first: the
        # one with more conditions, then the one for the narrower movement kind (co-axial with
        # a silicon spring before co-axial), whatever their order in the file; and a narrower
        # one always before a wider one it overlaps.
        policies.sort(
            key=lambda policy: (
                policy.effective,
                _narrowness(policy.when),
                _kind_depth(policy.when.movements, movements),
            ),
            reverse=True,
        )
        policies = narrowest_first(policies, self.kinds, stores)
        return Brand(
            brand_id,
            name,
            name_zh,
            aliases,
            tuple(policies),
            stores,
            _facts_used(policies),
            _movement_groups(policies, movements, self.kinds),
            _region_groups(policies, stores),
            _store_groups(policies, stores),
            self.service_guarantees(where, body),
        )

    def service_guarantees(self, where: str, body: dict[str, Any]) -> tuple[ServiceGuarantee, ...]:
        if "service_guarantees" not in body:
            return ()
        from watchwarranty.rules.guarantees import service_guarantees

        return service_guarantees(self, f"{where}.service_guarantees", body["service_guarantees"])

    def store(self, where: str, raw: dict[str, Any]) -> Store | None:
        self.keys(where, raw, _STORE_KEYS, required={"id", "name"})
        store_id = self.text(f"{where}.id", raw.get("id"), '"beijing-skp"')
        name = self.text(f"{where}.name", raw.get("name"), '"北京SKP精品店"')
        region = self.region(f"{where}.region", raw["region"]) if "region" in raw else None
        aliases = self.strings(f"{where}.aliases", raw.get("aliases", []), '["北京SKP"]')
        name_zh = self.optional_text(where, raw, "name_zh", '"北京SKP精品店"')
        if store_id is None or name is None:
            return None
        return Store(store_id, name, region, aliases, name_zh)

    def region(self, where: str, value: Any) -> str | None:
        if isinstance(value, str) and _REGION.fullmatch(value):
            return value
        self.problem(
            where,
            N_("{value!r} is not a region code"),
            N_('use an ISO 3166 code such as "CN"'),
            value=value,
        )
        return None

    def conditions(
        self,
        where: str,
        raw: Mapping[str, Any],
        movements: Mapping[str, Movement],
        stores: set[str],
    ) -> Conditions:
        def checked(key: str, valid: Callable[[str], bool], fix: str) -> frozenset[str] | None:
            if key not in raw:
                return None
            values = self.strings(f"{where}.{key}", raw[key], '["…"]')
            if isinstance(raw[key], list) and not raw[key]:
                self.problem(
                    f"{where}.{key}",
                    N_("an empty list matches no watch"),
                    N_("name at least one, or remove the key to match every watch"),
                )
            for value in values:
                if not valid(value):
                    self.problem(
                        f"{where}.{key}",
                        N_("unknown value {value!r}"),
                        fix,
                        value=value,
                        known=", ".join(movements),
                    )
            return frozenset(values)

        return Conditions(
            movements=checked(
                "movements",
                movements.__contains__,
                N_("declare it under [movements] or use one of: {known}"),
            ),
            regions=checked(
                "regions",
                lambda value: bool(_REGION.fullmatch(value)),
                N_('use ISO 3166 codes such as "CN"'),
            ),
            stores=checked(
                "stores",
                stores.__contains__,
                N_("name a store id declared in the brand's [[…stores]]"),
            ),
        )

    def policy(
        self, where: str, raw: dict[str, Any], movements: Mapping[str, Movement], stores: set[str]
    ) -> Policy | None:
        self.keys(
            where,
            raw,
            _POLICY_KEYS,
            required={"id", "title", "effective", "base", "source", "confidence"},
        )
        fields = self.rule_fields(where, raw)
        effective, month_only = self.effective(f"{where}.effective", raw.get("effective"))
        base = self.duration(f"{where}.base", raw.get("base"))
        when = self.conditions(where, raw, movements, stores)
        start_confirmed = True
        if "start_confirmed" in raw:
            start_confirmed = (
                self.typed(f"{where}.start_confirmed", raw["start_confirmed"], bool, "false")
                is not False
            )
        extensions = tuple(
            extension
            for number, entry in enumerate(
                self.tables(f"{where}.extensions", raw.get("extensions", [])), 1
            )
            if (
                extension := self.extension(
                    f"{where}.extensions[{number}]", entry, movements, stores, base=raw.get("base")
                )
            )
            is not None
        )
        cap = self.duration(f"{where}.cap", raw["cap"]) if "cap" in raw else None
        if cap is not None and base is not None and cap < base:
            self.problem(
                f"{where}.cap",
                N_("the cap {cap} is shorter than the base warranty {base}"),
                N_("the cap is the most cover in all: make it at least the base"),
                cap=raw["cap"],
                base=raw["base"],
            )
        starts = self.choice(
            f"{where}.starts",
            raw.get("starts"),
            Start.SALE,
            N_("{value!r} is not an event cover can start from"),
        )
        only_where_bought = bool(self.flag(where, raw, "only_where_bought"))
        if only_where_bought and when.regions is None:
            self.problem(
                f"{where}.only_where_bought",
                N_("only_where_bought needs the regions the terms are honoured in"),
                N_('add regions = ["…"] to this policy'),
            )
        if effective is None or base is None:
            return None
        return Policy(
            effective=effective,
            month_only=month_only,
            start_confirmed=start_confirmed,
            base=base,
            when=when,
            extensions=extensions,
            cap=cap,
            starts=starts,
            requires_registration=bool(self.flag(where, raw, "requires_registration")),
            transferable=self.flag(where, raw, "transferable"),
            only_where_bought=only_where_bought,
            scope=self.scope(where, raw),
            **fields,
        )

    def effective(self, where: str, value: Any) -> tuple[date | None, bool]:
        if value is None:
            return None, False
        match = _MONTH.fullmatch(value) if isinstance(value, str) else None
        if match and 1 <= int(match[2]) <= 12:
            return date(int(match[1]), int(match[2]), 1), True
        if isinstance(value, str | date):
            return self.day(where, value), False
        self.problem(
            where,
            N_("{value!r} is not a date"),
            N_('write YYYY-MM-DD, or "YYYY-MM" when the source names only the month'),
            value=value,
        )
        return None, False

    def extension(
        self,
        where: str,
        raw: dict[str, Any],
        movements: Mapping[str, Movement],
        stores: set[str],
        *,
        base: Any = None,
    ) -> Extension | None:
        self.keys(
            where, raw, _EXTENSION_KEYS, required={"id", "title", "adds", "source", "confidence"}
        )
        fields = self.rule_fields(where, raw)
        adds = self.duration(f"{where}.adds", raw.get("adds"))
        cap = self.duration(f"{where}.cap", raw["cap"]) if "cap" in raw else None
        # A cap below the base would add nothing, silently: the policy's base is checked quietly
        # here (its own problems are reported where it is read).
        base_length = _Loader(self.origin).duration("", base) if isinstance(base, str) else None
        if cap is not None and base_length is not None and cap < base_length:
            self.problem(
                f"{where}.cap",
                N_("the cap {cap} is shorter than the base warranty {base}"),
                N_("the cap is the most cover in all: make it at least the base"),
                cap=raw["cap"],
                base=base,
            )
        flags = {
            key: self.typed(f"{where}.{key}", raw[key], bool, "true") if key in raw else None
            for key in ("requires_registration", "requires_marketing_consent", "transferable")
        }
        registration = bool(flags["requires_registration"])
        opens = None
        if "registration_opens" in raw:
            opens = self.day(f"{where}.registration_opens", raw["registration_opens"])
        deadline = raw.get("registration_deadline")
        if deadline is not None and (not isinstance(deadline, str) or deadline not in _DEADLINES):
            self.problem(
                f"{where}.registration_deadline",
                N_("unknown deadline {deadline!r}"),
                N_(
                    'use "base" (while the base warranty runs), '
                    "or leave it out when the source names none"
                ),
                deadline=deadline,
            )
        if not registration and ("registration_opens" in raw or deadline is not None):
            self.problem(
                where,
                N_("registration dates given but registration is not required"),
                N_("add requires_registration = true, or remove the registration keys"),
            )
        when = self.conditions(where, raw, movements, stores)
        unchecked = None
        if "unchecked_condition" in raw:
            unchecked = self.text(
                f"{where}.unchecked_condition",
                raw["unchecked_condition"],
                '"core-collection watches only"',
            )
        unchecked_zh = self.optional_text(where, raw, "unchecked_condition_zh", '"仅限核心系列"')
        service = bool(self.flag(where, raw, "requires_service"))
        if service and registration:
            self.problem(
                where,
                N_("an extension is earned by registering or by a service, not both"),
                N_("keep requires_registration or requires_service, and split the other off"),
            )
        within = None
        if "service_within" in raw:
            within = self.duration(f"{where}.service_within", raw["service_within"])
            if not service:
                self.problem(
                    f"{where}.service_within",
                    N_("service_within given but no service is required"),
                    N_("add requires_service = true, or remove service_within"),
                )
        if adds is None:
            return None
        return Extension(
            requires_service=service,
            service_within=within,
            scope=self.scope(where, raw),
            owner_condition=self.phrase(
                where,
                raw,
                "owner_condition",
                ('"the repair goes to a service studio"', '"在服务中心维修"'),
            ),
            unchecked_condition=unchecked,
            unchecked_condition_zh=unchecked_zh,
            adds=adds,
            cap=cap,
            when=when,
            requires_registration=registration,
            registration_opens=opens,
            deadline_stated=deadline is not None,
            requires_marketing_consent=bool(flags["requires_marketing_consent"]),
            transferable=flags["transferable"],
            **fields,
        )

    def check_overlaps(
        self, where: str, policies: Iterable[Policy], stores: Iterable[Store]
    ) -> None:
        for first, second in ambiguous_pairs(policies, self.kinds, stores):
            if first.when == second.when:
                self.problem(
                    f"{where}.policies",
                    N_(
                        "policies {first!r} and {second!r} start on the same day "
                        "with the same conditions"
                    ),
                    N_("give the later one its own effective date or conditions"),
                    first=first.id,
                    second=second.id,
                )
            elif not self.overlaps_allowed:
                self.problem(
                    f"{where}.policies",
                    N_(
                        "policies {first!r} and {second!r} start on the same day and can both "
                        "apply to one watch, neither narrower than the other"
                    ),
                    N_(
                        "say which one wins: add a policy for the watches both take in, or "
                        "narrow one of them"
                    ),
                    first=first.id,
                    second=second.id,
                )

    def index_brand(
        self, brand: Brand, index: dict[str, str], brands: Mapping[str, Brand]
    ) -> None:
        names = [brand.id, brand.name, *([brand.name_zh] if brand.name_zh else []), *brand.aliases]
        for name in names:
            key = normalise_name(name)
            owner = index.get(key)
            if owner is not None and owner != brand.id:
                self.problem(
                    f"brands.{brand.id}",
                    N_("name or alias {name!r} is also used by brand {other!r}"),
                    N_("every name and alias must belong to one brand only"),
                    name=name,
                    other=brands[owner].name,
                )
            elif key:
                index[key] = brand.id


def _kind_depth(kinds: frozenset[str] | None, movements: Mapping[str, Movement]) -> int:
    """How many kind_of steps the deepest of ``kinds`` is below a top-level kind."""
    deepest = 0
    for kind in kinds or ():
        depth, seen, current = 0, set(), movements.get(kind)
        while current is not None and current.kind_of is not None and current.id not in seen:
            seen.add(current.id)
            depth += 1
            current = movements.get(current.kind_of)
        deepest = max(deepest, depth)
    return deepest


def kinds_of(movements: Mapping[str, Movement]) -> dict[str, frozenset[str]]:
    """Each movement kind with every kind it is a kind of, following kind_of."""
    kinds = {}
    for movement_id in movements:
        chain: list[str] = []
        current: str | None = movement_id
        while current is not None and current in movements and current not in chain:
            chain.append(current)
            current = movements[current].kind_of
        kinds[movement_id] = frozenset(chain)
    return kinds


def _rules_of(policies: Iterable[Policy]) -> list[Policy | Extension]:
    rules: list[Policy | Extension] = []
    for policy in policies:
        rules += [policy, *policy.extensions]
    return rules


def _movement_groups(
    policies: Iterable[Policy],
    movements: Mapping[str, Movement],
    kinds: Mapping[str, frozenset[str]],
) -> tuple[tuple[str, ...], ...]:
    wanted = {rule.when.movements for rule in _rules_of(policies) if rule.when.movements}
    groups: dict[tuple[bool, ...], list[str]] = {}
    for movement_id in movements:
        meets = tuple(bool(kinds[movement_id] & kinds_wanted) for kinds_wanted in wanted)
        groups.setdefault(meets, []).append(movement_id)
    return tuple(tuple(group) for group in groups.values())


def _region_groups(
    policies: Iterable[Policy], stores: Iterable[Store]
) -> tuple[tuple[str, ...], ...]:
    """The regions the brand's rules or stores name, grouped where every rule and every store
    treats them alike (a list of EU countries is one group), in code order."""
    rules = _rules_of(policies)
    wanted = {rule.when.regions for rule in rules if rule.when.regions}
    named = set().union(*wanted) | {store.region for store in stores if store.region}
    groups: dict[tuple[object, ...], list[str]] = {}
    for region in sorted(named):
        shops = frozenset(store.id for store in stores if store.region == region)
        meets = (shops, *(region in codes for codes in wanted))
        groups.setdefault(meets, []).append(region)
    return tuple(tuple(group) for group in groups.values())


def _store_groups(
    policies: Iterable[Policy], stores: Iterable[Store]
) -> tuple[tuple[Store, ...], ...]:
    wanted = {rule.when.stores for rule in _rules_of(policies) if rule.when.stores}
    groups: dict[tuple[object, ...], list[Store]] = {}
    for store in stores:
        meets = (store.region, *(store.id in ids for ids in wanted))
        groups.setdefault(meets, []).append(store)
    return tuple(tuple(group) for group in groups.values())


def _narrowness(when: Conditions) -> int:
    """How many facts a policy's conditions pin down: a store pins its region too, so a
    policy for named stores is narrower than one for their region."""
    facts = when.facts()
    return len(facts | {"region"}) if "store" in facts else len(facts)


def _facts_used(policies: Iterable[Policy]) -> frozenset[str]:
    used: set[str] = set()
    for policy in policies:
        used |= policy.when.facts()
        if policy.transferable is False:
            used.add("second_hand")
        for extension in policy.extensions:
            used |= extension.when.facts()
            if extension.transferable is not True:
                used.add("second_hand")
    # A store implies its region, so a rule on stores also makes the region matter.
    if "store" in used:
        used.add("region")
    return frozenset(used)


def _kind(value: Any) -> str:
    return {
        bool: "a true/false value",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
