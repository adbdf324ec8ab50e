"""The embedded engine: LadybugDB, in-process and on disk (the zero-set-up default).

Facts that shape this module (see DESIGN.md):
- only one process may open the database read-write; threads of that process share it, each with its own
  Connection, and writes are serialised by a lock;
- a read-only Database opened beside the writer refuses writes at engine level, but sees the data as it was
  when it was opened, so it is reopened after our own writes (tracked by a write generation);
- parameters: a column whose values are all null in a batch is typed STRING, so write queries wrap date fields
  in ``date()`` (portable: Neo4j's ``date(null)`` is null too) and never send numbers or booleans as null.
"""

from __future__ import annotations

import threading
from pathlib import Path

import ladybug
import pyarrow

from graph.base import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, GraphStore, QueryResult
from graph.config import StoreConfig
from graph.errors import GraphUnavailable, QueryError, QueryTimeout, ReadOnlyViolation
from graph.guard import check_read_only_text
from graph.named_queries import NamedQuery, get_query, schema_statements
from graph.schema import declared_tables
from graph.values import ResultConverter

_ARROW_TYPES = {
    "STRING": pyarrow.string(),
    "DATE": pyarrow.date32(),
    "BOOLEAN": pyarrow.bool_(),
    "DOUBLE": pyarrow.float64(),
    "INT64": pyarrow.int64(),
    "TIMESTAMP": pyarrow.timestamp("us"),
}


class LadybugAdapter:
    """How LadybugDB shapes graph values: dicts with _ID/_LABEL, relationships with _SRC/_DST, paths with
    _NODES/_RELS."""

    @staticmethod
    def is_node(v) -> bool:
        return isinstance(v, dict) and "_LABEL" in v and "_ID" in v and "_SRC" not in v

    @staticmethod
    def is_rel(v) -> bool:
        return isinstance(v, dict) and "_SRC" in v and "_DST" in v

    @staticmethod
    def is_path(v) -> bool:
        return isinstance(v, dict) and "_NODES" in v and "_RELS" in v

    def is_graph_value(self, v) -> bool:
        return self.is_node(v) or self.is_rel(v) or self.is_path(v)

    @staticmethod
    def internal_id(v):
        return _key(v["_ID"])

    @staticmethod
    def node_parts(v):
        return [v["_LABEL"]], {k: x for k, x in v.items() if not k.startswith("_") and x is not None}

    @staticmethod
    def rel_parts(v):
        props = {k: x for k, x in v.items() if not k.startswith("_") and x is not None}
        return v["_LABEL"], _key(v["_SRC"]), _key(v["_DST"]), props

    @staticmethod
    def rel_ends(v):
        return {_key(v["_SRC"]), _key(v["_DST"])}

    @staticmethod
    def path_nodes(v):
        return v["_NODES"]

    @staticmethod
    def path_rels(v):
        return v["_RELS"]

    def ordered_path(self, v) -> list:
        """Nodes and relationships alternating from the path's first node."""
        nodes, rels = v["_NODES"], v["_RELS"]
        if not rels:
            return list(nodes)
        by_id = {_key(n["_ID"]): n for n in nodes}
        first = rels[0]
        ends = (_key(first["_SRC"]), _key(first["_DST"]))
        if len(rels) > 1:
            second = {_key(rels[1]["_SRC"]), _key(rels[1]["_DST"])}
            current = ends[0] if ends[1] in second else ends[1]
        else:
            current = _key(nodes[0]["_ID"]) if nodes and _key(nodes[0]["_ID"]) in ends else ends[0]
        out = [by_id.get(current, current)]
        for rel in rels:
            src, dst = _key(rel["_SRC"]), _key(rel["_DST"])
            current = dst if src == current else src
            out += [rel, by_id.get(current, current)]
        return out


# Each open database reserves this much virtual address space up front. The engine's default (8 TiB) lets only about
# fifteen databases be open in one process (a test run opens many more, and a closed one is released only when
# garbage-collected); 1 TiB still allows a database thousands of times larger than a 50,000-family city (300 MB).
MAX_DB_SIZE = 1 << 40


def _key(internal: dict) -> tuple:
    return (internal["table"], internal["offset"])


def _classify(error: Exception) -> Exception:
    message = str(error).split("\n")[0]
    if "read-only" in message or "read only" in message:
        return ReadOnlyViolation(f"the query tried to write, and this store is read-only here ({message})")
    if "Interrupted" in message:
        return QueryTimeout("the query ran past its time limit and was stopped")
    return QueryError(message)


class LadybugStore(GraphStore):
    engine = "ladybug"

    def __init__(self, config: StoreConfig, read_only: bool = False):
        self.config = config
        self.path = Path(config.path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise GraphUnavailable(f"no embedded database at {self.path}: run `python -m graph init` or ingest first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open(read_only)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._generation = 0
        self._ro_db = self._db if read_only else None
        self._ro_generation = 0
        self._ro_lock = threading.Lock()
        self._adapter = LadybugAdapter()

    def _open(self, read_only: bool) -> ladybug.Database:
        try:
            return ladybug.Database(str(self.path), read_only=read_only, max_db_size=MAX_DB_SIZE)
        except RuntimeError as error:
            if "lock" in str(error).lower():
                raise GraphUnavailable(
                    f"the embedded database {self.path} is open for writing in another process "
                    "(only one process may write to it): stop that process, or use Neo4j"
                ) from None
            raise GraphUnavailable(
                f"cannot open the embedded database {self.path}: {str(error).splitlines()[0]}"
            ) from None

    def _connection(self) -> ladybug.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = ladybug.Connection(self._db)
        return conn

    def _execute(self, conn, text: str, params: dict):
        try:
            return conn.execute(text, params) if params else conn.execute(text)
        except RuntimeError as error:
            raise _classify(error) from None

    def _convert(self, result, conn) -> list[dict]:
        columns = result.get_column_names()
        return ResultConverter(self._adapter, lambda ids: self._lookup_nodes(conn, ids)).convert_rows(
            result.get_all(), columns
        )

    def _lookup_nodes(self, conn, internal_ids: set) -> dict:
        """Relationships whose end nodes were not returned: find those nodes by internal id."""
        text = get_query("admin/nodes_by_internal_id").text_for(self.engine)
        rows = self._execute(conn, text, {"ids": [list(i) for i in internal_ids]}).get_all()
        converter = ResultConverter(self._adapter)
        return {tuple(internal): converter.convert(node)["id"] for internal, node in rows}

    # -- interface ----------------------------------------------------------------------------------------
    def _read(self, query: NamedQuery, params: dict) -> list[dict]:
        conn = self._connection()
        return self._convert(self._execute(conn, query.text_for(self.engine), params), conn)

    def write(self, name, rows=None, batch_size=None, *, allow_bulk=True, **params) -> int:
        """Named writes; a first load into an empty table takes the engine's bulk path (COPY from a DataFrame,
        about 20× faster than UNWIND here) when the query declares ``// Bulk: TABLE [by col, ...]``."""
        query = get_query(name)
        bulk = query.header.get("bulk")
        if rows is not None and bulk and allow_bulk and not params and not self.read_only:
            rows = list(rows)
            if rows and self._bulk_copy(bulk, rows):
                return len(rows)
        return super().write(name, rows, batch_size, **params)

    def _bulk_copy(self, bulk: str, rows: list[dict]) -> bool:
        table_name, _, by = bulk.partition(" by ")
        table = declared_tables()[table_name.strip()]
        with self._write_lock:
            conn = self._connection()
            # Table names come from our schema file, never from input.
            count_query = (
                f"MATCH (n:{table.name}) RETURN count(n)"
                if table.kind == "NODE"
                else f"MATCH ()-[r:{table.name}]->() RETURN count(r)"
            )
            if self._execute(conn, count_query, {}).get_all()[0][0]:
                return False
            if table.kind == "NODE":
                unique = {row[table.key]: row for row in rows}  # MERGE semantics: the last row for a key wins
                columns = dict(table.columns)
                records = [{c: row.get(c) for c in columns} for row in unique.values()]
            else:
                key_columns = [c.strip() for c in by.split(",")] if by else ["src", "dst"]
                unique = {tuple(str(row.get(c)) for c in key_columns): row for row in rows}
                columns = {"from": "STRING", "to": "STRING", **table.columns}
                records = [
                    {"from": row["src"], "to": row["dst"], **{c: row.get(c) for c in table.columns}}
                    for row in unique.values()
                ]
            # An Arrow table with the declared types: a pandas object column is typed from its first rows, and a
            # column null there but not later crashes the engine's COPY (seen with 0.22.0).
            schema = pyarrow.schema([(name, _ARROW_TYPES[col_type]) for name, col_type in columns.items()])
            frame = pyarrow.Table.from_pylist(records, schema=schema)
            self._execute(conn, f"COPY {table.name} FROM $frame", {"frame": frame})
            self._generation += 1
        return True

    def _write(self, query: NamedQuery, param_sets: list[dict]) -> None:
        if self.read_only:
            raise ReadOnlyViolation(f"{self.describe()} was opened read-only")
        text = query.text_for(self.engine)
        with self._write_lock:
            conn = self._connection()
            for params in param_sets:
                self._execute(conn, text, params)
            self._generation += 1

    def _read_only_db(self) -> ladybug.Database:
        with self._ro_lock:
            if self._ro_db is None or (not self.read_only and self._ro_generation != self._generation):
                if self._ro_db is not None and self._ro_db is not self._db:
                    self._ro_db.close()
                self._ro_db = self._open(read_only=True)
                self._ro_generation = self._generation
            return self._ro_db

    def run_read_only(
        self, text, params=None, timeout_s=DEFAULT_TIMEOUT_S, row_limit=DEFAULT_ROW_LIMIT, check_text=True
    ):
        if check_text:
            check_read_only_text(text)
        conn = ladybug.Connection(self._read_only_db())
        try:
            conn.set_query_timeout(int(timeout_s * 1000))
            result = self._execute(conn, text, params or {})
            columns = result.get_column_names()
            raw = []
            while result.has_next() and len(raw) <= row_limit:
                raw.append(result.get_next())
            truncated = len(raw) > row_limit
            lookup = lambda ids: self._lookup_nodes(conn, ids)  # noqa: E731
            rows = ResultConverter(self._adapter, lookup).convert_rows(raw[:row_limit], columns)
            return QueryResult(columns, rows, truncated=truncated, row_limit=row_limit)
        except RuntimeError as error:
            raise _classify(error) from None
        finally:
            conn.close()

    def apply_schema(self) -> None:
        if self.read_only:
            raise ReadOnlyViolation(f"{self.describe()} was opened read-only")
        with self._write_lock:
            conn = self._connection()
            for statement in schema_statements(self.engine):
                self._execute(conn, statement, {})
            self._add_missing_columns(conn)
            self._generation += 1

    def _add_missing_columns(self, conn) -> None:
        """Columns declared after a database was created are added in place (the rest is rebuildable)."""
        for table in declared_tables().values():
            existing = {
                row[1] for row in self._execute(conn, f"CALL table_info('{table.name}') RETURN *", {}).get_all()
            }
            for column, col_type in table.columns.items():
                if column not in existing:
                    self._execute(conn, f"ALTER TABLE {table.name} ADD {column} {col_type}", {})

    def describe(self) -> str:
        return self.config.describe()

    def close(self) -> None:
        if self._ro_db is not None and self._ro_db is not self._db:
            self._ro_db.close()
        self._db.close()
