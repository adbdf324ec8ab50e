"""A lexical check for the read-only paths (CLI query, analysts' console), run before the engine sees the text.

Writes are stopped by the engines themselves (Neo4j READ transactions, LadybugDB opened read-only); this check
covers what a read-only engine still allows: reading files or URLs (``LOAD CSV``, ``LOAD FROM``, ``COPY``),
switching database, installing extensions, administration commands, and procedures outside an allow-list.
String literals and comments are blanked first so that a name like 'LOAD CSV' inside quotes does not trip it.
"""

from __future__ import annotations

import re

from graph.errors import ReadOnlyViolation

ALLOWED_PROCEDURES = frozenset(
    {
        # Neo4j: schema introspection only.
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        # LadybugDB: catalogue table functions.
        "show_tables",
        "table_info",
    }
)

_FORBIDDEN = [
    (re.compile(r"\bLOAD\s+(CSV|FROM|EXTENSION)\b", re.I), "loading files or URLs is not allowed"),
    (re.compile(r"\bCOPY\b", re.I), "COPY (bulk import/export) is not allowed"),
    (
        re.compile(r"\b(ATTACH|DETACH\s+DATABASE|INSTALL|IMPORT|EXPORT)\b", re.I),
        "database and extension commands are not allowed",
    ),
    (re.compile(r"(?<![.\w])USE\s+[`\w]", re.I), "switching database (USE) is not allowed"),
    (re.compile(r"\b(GRANT|DENY|REVOKE|TERMINATE)\b", re.I), "administration commands are not allowed"),
    (re.compile(r"\b(START|STOP)\s+DATABASE\b", re.I), "administration commands are not allowed"),
    (
        re.compile(r"\bSHOW\s+(?!(INDEX|INDEXES|CONSTRAINT|CONSTRAINTS|FUNCTIONS|PROCEDURES)\b)\w+", re.I),
        "only SHOW INDEXES / CONSTRAINTS / FUNCTIONS / PROCEDURES are allowed",
    ),
]
_PROCEDURE_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)\s*\(", re.I)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|//[^\n]*|/\*.*?\*/", re.S)
MAX_QUERY_LENGTH = 20_000
# Brackets nested deeper than this are refused: no real query needs it, and engines' parsers recurse on nesting
# (a few thousand levels can exhaust a parser's stack and take the process down with it).
MAX_NESTING = 64


def blank_literals(text: str) -> str:
    return _STRINGS_AND_COMMENTS.sub(lambda m: "''" if m.group(0)[0] in "'\"" else " ", text)


def _deepest_nesting(code: str) -> int:
    depth = deepest = 0
    for char in code:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest


def check_read_only_text(text: str, allowed_procedures=ALLOWED_PROCEDURES) -> None:
    """Raise ReadOnlyViolation with a clear reason, or return when the text may go to the read-only engine."""
    if not text or not text.strip():
        raise ReadOnlyViolation("the query is empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise ReadOnlyViolation(f"the query is longer than {MAX_QUERY_LENGTH:,} characters")
    code = blank_literals(text)
    if _deepest_nesting(code) > MAX_NESTING:
        raise ReadOnlyViolation(f"brackets are nested more than {MAX_NESTING} deep")
    if ";" in code.strip().rstrip(";"):
        raise ReadOnlyViolation("only one statement at a time is allowed")
    for pattern, reason in _FORBIDDEN:
        if pattern.search(code):
            raise ReadOnlyViolation(reason)
    for match in _PROCEDURE_CALL.finditer(code):
        name = match.group(1).lower()
        if name not in allowed_procedures:
            raise ReadOnlyViolation(f"procedure {match.group(1)} is not on the allow-list")
