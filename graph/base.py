"""The graph store interface. The app and the ingest talk only to this; backends implement it."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.named_queries import NamedQuery, get_query

DEFAULT_BATCH_SIZE = 2_000
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_ROW_LIMIT = 5_000


@dataclass
class QueryResult:
    """An ad-hoc read-only query's answer: plain values, and whether the row limit cut it short."""

    columns: list[str]
    rows: list[dict]
    truncated: bool = False
    row_limit: int = DEFAULT_ROW_LIMIT
    notices: list[str] = field(default_factory=list)


def batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class GraphStore(abc.ABC):
    """One graph database, whichever engine. Results are plain Python values (see graph.values)."""

    engine: str = ""
    default_batch_size: int = DEFAULT_BATCH_SIZE

    # -- named queries ----------------------------------------------------------------------------------
    def read(self, name: str, **params) -> list[dict]:
        """Run the named read query ``cypher/NAME.cypher`` and return its rows as dicts."""
        query = get_query(name)
        if query.mode != "read":
            raise ValueError(f"{name} is a {query.mode} query; use write()")
        return self._read(query, params)

    def read_each(self, name: str, key: str, values: Iterable, **params) -> list[dict]:
        """Run a named read query once per value of parameter ``key`` and return all the rows, in the order of
        ``values``. Why: on the embedded engine a match that starts from one primary-key lookup answers in about
        a millisecond, while the same pattern fed by ``UNWIND $list`` or ``IN $list`` scans the whole label (about
        a second at 50,000 families); Neo4j runs the repetitions in one read transaction."""
        query = get_query(name)
        if query.mode != "read":
            raise ValueError(f"{name} is a {query.mode} query; use write()")
        return self._read_each(query, [{**params, key: value} for value in dict.fromkeys(values)])

    def _read_each(self, query: NamedQuery, param_sets: list[dict]) -> list[dict]:
        return [row for params in param_sets for row in self._read(query, params)]

    def write(
        self,
        name: str,
        rows: Iterable[dict] | None = None,
        batch_size: int | None = None,
        *,
        allow_bulk: bool = True,
        **params,
    ) -> int:
        """Run a named write query. With ``rows`` it runs once per batch with ``$rows`` bound to the batch
        (``UNWIND $rows AS r ...``), each batch its own transaction; returns the number of rows written.
        ``batch_size`` defaults to the engine's own; ``allow_bulk=False`` keeps an engine off its bulk path
        (benchmarks measure the plain one)."""
        query = get_query(name)
        if query.mode != "write":
            raise ValueError(f"{name} is a {query.mode} query; use read()")
        if rows is None:
            self._write(query, [params])
            return 0
        count = 0
        for batch in batches(rows, batch_size or self.default_batch_size):
            self._write(query, [dict(params, rows=batch)])
            count += len(batch)
        return count

    # -- ad-hoc read-only text (CLI query, analysts' console) ------------------------------------------
    @abc.abstractmethod
    def run_read_only(
        self,
        text: str,
        params: dict | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        row_limit: int = DEFAULT_ROW_LIMIT,
        check_text: bool = True,
    ) -> QueryResult:
        """Run text the user wrote, with the engine in read-only mode, a time limit and a row limit.
        ``check_text=False`` skips the lexical guard (tests use it to prove the engine itself refuses writes)."""

    # -- administration ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def apply_schema(self) -> None:
        """Create constraints, indexes or tables from cypher/schema.<engine>.cypher; safe to run again."""

    def stats(self) -> dict[str, dict[str, int]]:
        labels = {r["label"]: r["count"] for r in self.read("stats_node_counts")}
        types = {r["type"]: r["count"] for r in self.read("stats_relationship_counts")}
        return {"nodes": labels, "relationships": types}

    def wipe(self) -> None:
        """Delete every node and relationship (tests and full rebuilds), in bounded transactions."""
        while self.read("admin/count_relationships")[0]["count"]:
            self.write("admin/wipe_relationships")
        while self.read("admin/count_nodes")[0]["count"]:
            self.write("admin/wipe")

    @abc.abstractmethod
    def describe(self) -> str:
        """Engine and location, without secrets."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- backend hooks ----------------------------------------------------------------------------------
    @abc.abstractmethod
    def _read(self, query: NamedQuery, params: dict) -> list[dict]: ...

    @abc.abstractmethod
    def _write(self, query: NamedQuery, param_sets: list[dict]) -> None: ...
