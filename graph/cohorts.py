"""The cohort library: saved "family cohort" queries (``cypher/cohorts/*.cypher``) run from a form.

A cohort is a named read query whose header also says what the form asks for and who may run it::

    // Title: Children on a child protection plan whose household changed recently
    // Description: what counts and why, in plain English (continuation lines are "//  " + text)
    // Params: as_at (date, default today: the date the cohort is drawn for),
    //   days (integer, default 90, min 1, max 3660: how far back a change counts)
    // Derived: changed_since = as_at - days days
    // Columns: person_id, forename, surname, dob, household_id, changed_on
    // Roles: front_door, analyst, admin
    // Mode: read
    // Answers: one line, as for every named query

Param types are ``date`` (yyyy-mm-dd; the default may be ``today``), ``integer`` (optional ``min``/``max``),
``text`` and ``boolean``. A parameter's options (default, min, max) cannot contain commas or colons.
``Derived`` params are cut-off dates computed here, because the embedded engine has no ``duration()``:
``NAME = DATE_PARAM - AMOUNT UNIT`` with AMOUNT a whole number or an integer param and UNIT days, months or
years (a month or year landing on a day the month lacks, such as 29 February, moves back to the month's last
day, so "born after as_at - 5 years" means "under five on as_at" for leap-day birthdays too). ``Columns`` names
the result columns in order; every cohort starts with person_id, forename, surname, dob, household_id.

The role names are the app's (app/users.py ROLES); graph/ must not import app/, so a unit test checks them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.named_queries import CYPHER_DIR, ENGINES, parse_header

COHORTS_DIR = CYPHER_DIR / "cohorts"
PARAM_TYPES = ("date", "integer", "text", "boolean")
REQUIRED_COLUMNS = ("person_id", "forename", "surname", "dob", "household_id")
TEXT_MAX_LENGTH = 200
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"^([a-z][a-z0-9_]*)\s*\((.*)\)$", re.S)
_DERIVED = re.compile(
    r"^([a-z][a-z0-9_]*)\s*=\s*([a-z][a-z0-9_]*)\s*-\s*(\d+|[a-z][a-z0-9_]*)\s+(days?|months?|years?)$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class CohortDefinitionError(ValueError):
    """A cohort file's header is missing something or says something that cannot work; the message names the file."""


class CohortInputError(ValueError):
    """Form input that does not fit a cohort's params: ``errors`` maps every bad field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class CohortParam:
    name: str
    type: str
    default: str | None  # as written in the header ("today", "90"); None: the field must be filled in
    description: str
    minimum: int | None = None
    maximum: int | None = None

    def expected(self) -> str:
        """What a valid value looks like, in words (for hints and error messages)."""
        if self.type == "date":
            return "a date as yyyy-mm-dd, for example 2026-11-01"
        if self.type == "integer":
            if self.minimum is not None and self.maximum is not None:
                return f"a whole number from {self.minimum} to {self.maximum}"
            if self.minimum is not None:
                return f"a whole number, {self.minimum} or more"
            if self.maximum is not None:
                return f"a whole number, {self.maximum} or less"
            return "a whole number"
        if self.type == "boolean":
            return "yes or no"
        return f"text of at most {TEXT_MAX_LENGTH} characters"

    def default_value(self):
        """The typed default (``today`` resolved now), or None when the field has no default."""
        if self.default is None:
            return False if self.type == "boolean" else None
        if self.type == "date" and self.default == "today":
            return dt.date.today()
        return self._parse(self.default)

    def form_value(self) -> str:
        """The default as a form shows it before anything is typed."""
        value = self.default_value()
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def coerce(self, raw: str | None):
        """The typed value of one form field; blank or missing means the default. Raises ValueError naming
        the parameter and saying what is expected."""
        if raw is None or not str(raw).strip():
            value = self.default_value()
            if value is None:
                raise ValueError(f"{self.name}: enter {self.expected()}")
            return value
        return self._parse(str(raw).strip())

    def _parse(self, text: str):
        if self.type == "date":
            try:
                if not _ISO_DATE.match(text):
                    raise ValueError
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"{self.name} must be {self.expected()} (got {text!r})") from None
        if self.type == "integer":
            if not _INTEGER.match(text):
                raise ValueError(f"{self.name} must be {self.expected()} (got {text!r})")
            number = int(text)
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise ValueError(f"{self.name} must be {self.expected()} (got {number})")
            return number
        if self.type == "boolean":
            word = text.lower()
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
            raise ValueError(f"{self.name} must be {self.expected()} (got {text!r})")
        if len(text) > TEXT_MAX_LENGTH:
            raise ValueError(f"{self.name} must be {self.expected()} (got {len(text)} characters)")
        return text


@dataclass(frozen=True)
class DerivedParam:
    """A cut-off date: ``name = base - amount unit`` (amount a whole number or the name of an integer param)."""

    name: str
    base: str
    amount: int | str
    unit: str  # "days", "months" or "years"

    def compute(self, values: Mapping[str, object]) -> dt.date:
        amount = values[self.amount] if isinstance(self.amount, str) else self.amount
        return subtract(values[self.base], amount, self.unit)


def subtract(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` minus ``amount`` days, months or years; a day the target month lacks becomes its last day."""
    if unit == "days":
        return day - dt.timedelta(days=amount)
    months = amount * (12 if unit == "years" else 1)
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cohort:
    name: str  # "open_csc_without_lead_practitioner"
    query_name: str  # "cohorts/open_csc_without_lead_practitioner", for store.read
    title: str
    description: str
    params: tuple[CohortParam, ...]
    roles: frozenset[str]
    text: str  # the query as shown to analysts (the file without its header)
    answers: str = ""
    columns: tuple[str, ...] = ()
    derived: tuple[DerivedParam, ...] = ()

    def allows(self, role: str) -> bool:
        return role in self.roles

    def arguments(self, form: Mapping[str, str]) -> dict:
        """The query's parameters from form input: every param typed (blank → default), then the derived cut-off
        dates. Fields the cohort does not declare are ignored. Raises CohortInputError listing every bad field."""
        values, errors = {}, {}
        for param in self.params:
            try:
                values[param.name] = param.coerce(form.get(param.name))
            except ValueError as error:
                errors[param.name] = str(error)
        if errors:
            raise CohortInputError(errors)
        for derived in self.derived:
            try:
                values[derived.name] = derived.compute(values)
            except (ValueError, OverflowError):
                errors[derived.base] = (
                    f"{derived.base} is too early: counting back {values.get(derived.amount, derived.amount)} "
                    f"{derived.unit} from it leaves the calendar"
                )
        if errors:
            raise CohortInputError(errors)
        return values


# -- reading the files ---------------------------------------------------------------------------------------------
def _split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside parentheses (a param's description may contain commas)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _parse_param(entry: str, where: str) -> CohortParam:
    match = _PARAM.match(entry)
    if not match:
        raise CohortDefinitionError(f"{where}: param {entry!r} should read 'name (type, default ...: description)'")
    name, inside = match.groups()
    spec, colon, description = inside.partition(":")
    if not colon or not description.strip():
        raise CohortDefinitionError(f"{where}: param {name!r} needs a description after ':'")
    type_, *options = [part.strip() for part in spec.split(",")]
    if type_ not in PARAM_TYPES:
        raise CohortDefinitionError(
            f"{where}: param {name!r} has unknown type {type_!r} (one of: {', '.join(PARAM_TYPES)})"
        )
    settings: dict[str, str] = {}
    for option in options:
        key, _, value = option.partition(" ")
        if key not in ("default", "min", "max") or not value.strip() or key in settings:
            raise CohortDefinitionError(f"{where}: param {name!r} has an option {option!r} (use default, min, max)")
        settings[key] = value.strip()
    bounds = {}
    for key in ("min", "max"):
        if key in settings:
            if type_ != "integer" or not _INTEGER.match(settings[key]):
                raise CohortDefinitionError(f"{where}: param {name!r}: {key} needs an integer param and a number")
            bounds[key] = int(settings[key])
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise CohortDefinitionError(f"{where}: param {name!r} has min above max")
    param = CohortParam(
        name, type_, settings.get("default"), " ".join(description.split()), bounds.get("min"), bounds.get("max")
    )
    if param.default is not None:
        try:
            param.default_value()
        except ValueError as error:
            raise CohortDefinitionError(f"{where}: param {name!r} has a bad default: {error}") from None
    return param


def _parse_derived(entry: str, params: dict[str, CohortParam], where: str) -> DerivedParam:
    match = _DERIVED.match(" ".join(entry.split()))
    if not match:
        raise CohortDefinitionError(
            f"{where}: derived {entry!r} should read 'name = date_param - amount days|months|years'"
        )
    name, base, amount, unit = match.groups()
    if name in params:
        raise CohortDefinitionError(f"{where}: derived {name!r} has the name of a param")
    if base not in params or params[base].type != "date":
        raise CohortDefinitionError(f"{where}: derived {name!r} counts back from {base!r}, which is not a date param")
    if not amount.isdigit() and (amount not in params or params[amount].type != "integer"):
        raise CohortDefinitionError(f"{where}: derived {name!r} subtracts {amount!r}, which is not an integer param")
    return DerivedParam(name, base, int(amount) if amount.isdigit() else amount, unit.rstrip("s") + "s")


def _names(value: str, what: str, where: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(","))
    bad = [n for n in names if not _NAME.match(n)]
    if bad or not names:
        raise CohortDefinitionError(f"{where}: {what} {bad} are not lower_case names")
    if len(set(names)) != len(names):
        raise CohortDefinitionError(f"{where}: {what} repeat a name")
    return names


def _body(text: str) -> str:
    """The query without its leading comment block (the header, shown separately)."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].strip().startswith("//")):
        start += 1
    return "\n".join(lines[start:]).strip() + "\n"


def parse_cohort(name: str, text: str, where: str) -> Cohort:
    """One cohort from its file's text; ``where`` names the file in error messages."""
    header = parse_header(text)
    for key in ("title", "description", "params", "columns", "roles", "answers"):
        if not header.get(key):
            raise CohortDefinitionError(f"{where}: no '// {key.capitalize()}:' line")
    if header.get("mode", "read").strip().lower() != "read":
        raise CohortDefinitionError(f"{where}: a cohort must be '// Mode: read'")
    params: dict[str, CohortParam] = {}
    for entry in _split_top_level(header["params"]):
        param = _parse_param(entry, where)
        if param.name in params:
            raise CohortDefinitionError(f"{where}: param {param.name!r} is declared twice")
        params[param.name] = param
    derived = tuple(_parse_derived(e, params, where) for e in _split_top_level(header.get("derived", "")))
    if len({d.name for d in derived}) != len(derived):
        raise CohortDefinitionError(f"{where}: a derived param is declared twice")
    columns = _names(header["columns"], "columns", where)
    if columns[: len(REQUIRED_COLUMNS)] != REQUIRED_COLUMNS:
        raise CohortDefinitionError(f"{where}: columns must start with {', '.join(REQUIRED_COLUMNS)}")
    body = _body(text)
    used = set(_PARAM_USE.findall(body))
    known = set(params) | {d.name for d in derived}
    if used - known:
        raise CohortDefinitionError(f"{where}: the query uses undeclared params {sorted(used - known)}")
    needed = used | {d.base for d in derived} | {d.amount for d in derived if isinstance(d.amount, str)}
    if set(params) - needed:
        raise CohortDefinitionError(f"{where}: params {sorted(set(params) - needed)} are declared but never used")
    return Cohort(
        name=name,
        query_name=f"cohorts/{name}",
        title=header["title"],
        description=header["description"],
        params=tuple(params.values()),
        roles=frozenset(_names(header["roles"], "roles", where)),
        text=body,
        answers=header["answers"],
        columns=columns,
        derived=derived,
    )


@lru_cache(maxsize=4)
def load_cohorts(root: Path = COHORTS_DIR) -> dict[str, Cohort]:
    """Every cohort in ``root`` by name, ordered by title. Engine overrides beside a cohort
    (``NAME.ladybug.cypher``) are the named-query library's business; the text shown is the portable one."""
    cohorts = []
    for path in sorted(root.glob("*.cypher")):
        if any(path.stem.endswith("." + engine) for engine in ENGINES):
            continue
        cohorts.append(parse_cohort(path.stem, path.read_text(encoding="utf-8"), str(path)))
    return {c.name: c for c in sorted(cohorts, key=lambda c: (c.title.lower(), c.name))}
