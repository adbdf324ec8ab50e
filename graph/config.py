"""Reads GRAPH_URL (and the Neo4j credentials) into a StoreConfig.

GRAPH_URL unset or ``embedded:`` → the embedded engine in ``data/graph``; ``embedded:PATH`` → another folder;
``bolt://``, ``neo4j://``, ``neo4j+s://`` (and ``+ssc`` variants) → a Neo4j server through the official driver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import GraphConfigError

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_EMBEDDED_DIR = Path("data") / "graph"
EMBEDDED_FILE_NAME = "familygraph.lbdb"


@dataclass(frozen=True)
class StoreConfig:
    engine: str  # "ladybug" or "neo4j"
    url: str
    path: Path | None = None  # embedded: the database file
    user: str | None = None
    password: str | None = None
    database: str | None = None

    def describe(self) -> str:
        """Where the store is, without secrets (safe for logs and pages)."""
        if self.engine == "ladybug":
            return f"embedded LadybugDB at {self.path}"
        return f"Neo4j at {self.url}"


def config_from_env(env: dict[str, str] | None = None) -> StoreConfig:
    env = os.environ if env is None else env
    return parse_graph_url(
        env.get("GRAPH_URL", "").strip(),
        user=env.get("NEO4J_USER") or None,
        password=env.get("NEO4J_PASSWORD") or None,
        database=env.get("NEO4J_DATABASE") or None,
    )


def parse_graph_url(url: str, user=None, password=None, database=None) -> StoreConfig:
    if not url or url == "embedded:":
        return StoreConfig("ladybug", "embedded:", path=DEFAULT_EMBEDDED_DIR / EMBEDDED_FILE_NAME)
    if url.startswith("embedded:"):
        folder = Path(url.removeprefix("embedded:"))
        return StoreConfig("ladybug", url, path=folder / EMBEDDED_FILE_NAME)
    parts = urlsplit(url)
    if parts.scheme not in NEO4J_SCHEMES:
        raise GraphConfigError(
            f"GRAPH_URL {url!r} is not understood: use embedded:[FOLDER] or a Neo4j URL "
            f"({', '.join(s + '://' for s in NEO4J_SCHEMES)})"
        )
    if not parts.hostname:
        raise GraphConfigError(f"GRAPH_URL {url!r} has no host name")
    if parts.username or parts.password:
        raise GraphConfigError(
            "GRAPH_URL must not carry a user name or password: set NEO4J_USER and NEO4J_PASSWORD instead"
        )
    return StoreConfig("neo4j", url, user=user, password=password, database=database)
