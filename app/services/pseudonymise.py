"""Pseudonymised cohort exports: names and identifiers replaced by stable pseudonyms, for onward analysis.

A pseudonym is a keyed hash (HMAC-SHA256) of the value and its kind, so the same person has the same pseudonym in
every export made with one key (analysts can join exports), and nobody without the key can go back from a
pseudonym to the person or test a guess. Quasi-identifiers are coarsened: dates of birth to the month, postcodes
to their district. Every column of an export must be classified here: a column the rules do not know is left out
(and named on the page), never passed through, so a new cohort column cannot leak by accident.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from graph.result_text import cell_text

PSEUDONYM_LENGTH = 16  # hex characters: 64 bits, no collisions in any council's population
IDENTIFIER_PREFIXES = {"person_id": "P", "household_id": "H"}
PERSON_ID_COLUMNS = {"sibling_id", "parent_id", "child_id", "adult_id", "partner_id"}
IDENTIFIER_COLUMNS = {"nhs_number", "upn", "record_id", "record_key", "uprn"}
NAME_COLUMNS = {"forename", "surname", "middle_names", "other_names", "name", "full_name", "former_surname"}
DATE_OF_BIRTH_COLUMNS = {"dob", "date_of_birth"}
POSTCODE_COLUMNS = {"postcode"}
# Columns that say nothing about who a person is: counts, categories, service names, event dates and ages.
SAFE_COLUMNS = {
    "age",
    "age_years",
    "sex",
    "services",
    "service_count",
    "service_names",
    "categories",
    "children",
    "children_under_five",
    "members",
    "episode_type",
    "reason",
    "status",
    "category",
    "service",
    "changed_on",
    "change_kind",
    "start_date",
    "end_date",
    "notified_on",
    "plan_start",
    "open_since",
    "under_fives",
    "notifications",
    "episodes_without_lead",
    "siblings_in_early_help",
    "sibling_looked_after",
    "looked_after",
    "adult_mental_health",
    "substance_misuse",
    "change_dates",
}
SAFE_SUFFIXES = ("_count", "_date", "_on", "_since", "_category", "_categories", "_service", "_services", "_age")
_POSTCODE_DISTRICT = re.compile(r"^\s*([A-Za-z]{1,2}\d[A-Za-z\d]?)")
DEMO_KEY_FILE = Path(__file__).resolve().parents[2] / "data" / "demo-pseudonym.key"


class PseudonymKeyMissing(RuntimeError):
    pass


def column_kind(column: str) -> str:
    """identifier | name | dob | postcode | keep | drop"""
    lowered = column.lower()
    if lowered in IDENTIFIER_COLUMNS or lowered.endswith("_id"):
        return "identifier"
    if lowered in NAME_COLUMNS or lowered.endswith(("_forename", "_surname", "_name", "_names")):
        return "name"
    if lowered in DATE_OF_BIRTH_COLUMNS or lowered.endswith("_dob"):
        return "dob"
    if lowered in POSTCODE_COLUMNS or lowered.endswith("_postcode"):
        return "postcode"
    if lowered in SAFE_COLUMNS or lowered.endswith(SAFE_SUFFIXES):
        return "keep"
    return "drop"


def export_key(config) -> bytes:
    """The key from FAMILYGRAPH_PSEUDONYM_KEY; in demo mode a generated one kept in data/ (stable across runs)."""
    key = config.get("PSEUDONYM_KEY") or ""
    if key:
        return key.encode("utf-8")
    if config.get("FAMILYGRAPH_MODE") != "demo":
        raise PseudonymKeyMissing(
            "Pseudonymised export is not set up: the administrator must set FAMILYGRAPH_PSEUDONYM_KEY "
            "(32 characters or more) and restart the app."
        )
    if not DEMO_KEY_FILE.exists():
        DEMO_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        DEMO_KEY_FILE.write_text(secrets.token_hex(32))
        DEMO_KEY_FILE.chmod(0o600)
    return DEMO_KEY_FILE.read_text().strip().encode("utf-8")


def identifier_family(column: str) -> str:
    """Columns that hold the same kind of identifier share pseudonyms, so exports join: a sibling's id is a person
    id, a sibling's household is a household."""
    lowered = column.lower()
    if lowered.endswith("person_id") or lowered in PERSON_ID_COLUMNS:
        return "person_id"
    if lowered.endswith("household_id"):
        return "household_id"
    return lowered


@dataclass(frozen=True)
class Pseudonymiser:
    key: bytes

    def pseudonym(self, column: str, value) -> str:
        if value is None or value == "":
            return ""
        is_name = column_kind(column) == "name"
        # The value's kind is in the message, so a surname and an identifier that happen to be equal differ.
        family = "name" if is_name else identifier_family(column)
        prefix = "N" if is_name else IDENTIFIER_PREFIXES.get(family, "X")
        digest = hmac.new(self.key, f"{family}\x1f{cell_text(value)}".encode(), hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:PSEUDONYM_LENGTH]}"

    def value(self, column: str, value):
        kind = column_kind(column)
        if kind in {"identifier", "name"}:
            return self.pseudonym(column, value)
        if kind == "dob":
            return value.strftime("%Y-%m") if isinstance(value, (dt.date, dt.datetime)) else cell_text(value)[:7]
        if kind == "postcode":
            found = _POSTCODE_DISTRICT.match(str(value or ""))
            return found.group(1).upper() if found else ""
        return cell_text(value)


def export_columns(columns: list[str]) -> tuple[list[str], list[str]]:
    """(the columns an export keeps, in order, with dob renamed to say it is a month; the columns it leaves out)"""
    kept = [c for c in columns if column_kind(c) != "drop"]
    return kept, [c for c in columns if column_kind(c) == "drop"]


def header_name(column: str) -> str:
    kind = column_kind(column)
    if kind == "dob":
        return f"{column}_month"
    if kind == "postcode":
        return f"{column}_district"
    return column


def pseudonymised_csv(columns: list[str], rows: list[dict], pseudonymiser: Pseudonymiser) -> str:
    kept, _ = export_columns(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header_name(c) for c in kept])
    for row in rows:
        writer.writerow([pseudonymiser.value(c, row.get(c)) for c in kept])
    return out.getvalue()
