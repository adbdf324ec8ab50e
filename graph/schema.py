"""What the schema files say about the model: the key property of each label, and the declared columns.

The embedded engine's DDL (cypher/schema.ladybug.cypher) is the one place that lists every label with its
primary key, so both backends read the keys from it to give nodes stable ids of our own (``Person:P123``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.named_queries import schema_statements

_NODE_TABLE = re.compile(r"CREATE NODE TABLE IF NOT EXISTS (\w+)\s*\((.*)\)\s*$", re.S)
_REL_TABLE = re.compile(r"CREATE REL TABLE IF NOT EXISTS (\w+)\s*\((.*)\)\s*$", re.S)
_PRIMARY_KEY = re.compile(r"PRIMARY KEY\s*\(\s*(\w+)\s*\)")


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # "NODE" or "REL"
    columns: dict[str, str]  # name → type, in declared order
    key: str | None = None


def _columns(body: str) -> dict[str, str]:
    columns = {}
    for part in body.split(","):
        part = part.strip()
        if not part or part.startswith(("PRIMARY KEY", "FROM ")):
            continue
        name, _, col_type = part.partition(" ")
        columns[name] = col_type.strip()
    return columns


@lru_cache(maxsize=1)
def declared_tables() -> dict[str, Table]:
    tables = {}
    for statement in schema_statements("ladybug"):
        if match := _NODE_TABLE.match(statement):
            name, body = match.groups()
            key = _PRIMARY_KEY.search(body).group(1)
            tables[name] = Table(name, "NODE", _columns(_PRIMARY_KEY.sub("", body)), key)
        elif match := _REL_TABLE.match(statement):
            name, body = match.groups()
            tables[name] = Table(name, "REL", _columns(body))
    return tables


def node_keys() -> dict[str, str]:
    """Label → the property that identifies a node of that label."""
    return {t.name: t.key for t in declared_tables().values() if t.kind == "NODE"}
