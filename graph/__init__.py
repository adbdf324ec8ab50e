"""The graph store: one interface, two engines (Neo4j, embedded LadybugDB) chosen by GRAPH_URL.

from graph import open_store
with open_store() as store:
    store.read("household_members", household_id="H1", as_at=date.today())
"""

from __future__ import annotations

from graph.base import GraphStore, QueryResult
from graph.config import StoreConfig, config_from_env, parse_graph_url
from graph.errors import (
    GraphAuthError,
    GraphConfigError,
    GraphError,
    GraphUnavailable,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    UnknownQuery,
)

__all__ = [
    "GraphAuthError",
    "GraphConfigError",
    "GraphError",
    "GraphStore",
    "GraphUnavailable",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "ReadOnlyViolation",
    "StoreConfig",
    "UnknownQuery",
    "config_from_env",
    "open_store",
    "parse_graph_url",
]


def open_store(
    config: StoreConfig | str | None = None, read_only: bool = False, apply_schema: bool = False
) -> GraphStore:
    """Open the store GRAPH_URL names (or the given config/URL). ``read_only`` opens the embedded engine
    read-only (for separate read-only processes); ``apply_schema`` creates the schema idempotently."""
    if config is None:
        config = config_from_env()
    elif isinstance(config, str):
        env = config_from_env()
        config = parse_graph_url(config, user=env.user, password=env.password, database=env.database)
    if config.engine == "neo4j":
        from graph.neo4j_backend import Neo4jStore

        store = Neo4jStore(config, read_only=read_only)
    else:
        from graph.ladybug_backend import LadybugStore

        store = LadybugStore(config, read_only=read_only)
    if apply_schema:
        store.apply_schema()
    return store
