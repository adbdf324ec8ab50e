"""Turns each engine's result values into the plain values the app uses, the same for both engines.

- node → ``{"id": "Label:key", "labels": [...], "properties": {...}}`` (our own key, never an internal id)
- relationship → ``{"id", "type", "start", "end", "properties"}`` with start/end as node ids
- path → a list ``[node, rel, node, rel, node ...]`` in path order
- dates → ``datetime.date``, date-times → naive ``datetime.datetime``; lists and maps converted deeply.

Relationships name their end nodes by internal id on both engines, so conversion is two passes over a result:
first every node is collected (internal id → our id), then relationships are converted. Ends not seen in the
result are looked up by the backend (``resolve_missing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from graph.schema import node_keys

Lookup = Callable[[set], dict]  # internal ids → {internal id: our node id}


def node_id(label: str, properties: dict) -> str:
    key = node_keys().get(label)
    value = properties.get(key) if key else None
    return f"{label}:{value}" if value is not None else f"{label}:?"


def rel_id(rel_type: str, start: str, end: str, properties: dict) -> str:
    # Our relationships are unique per (start, type, end) except time-bounded ones, told apart by valid_from.
    suffix = f"@{properties['valid_from']}" if properties.get("valid_from") is not None else ""
    return f"{start}-{rel_type}->{end}{suffix}"


def plain_node(label_list: list[str], properties: dict) -> dict:
    props = {k: plain_scalar(v) for k, v in properties.items()}
    return {"id": node_id(label_list[0] if label_list else "", props), "labels": list(label_list), "properties": props}


def plain_rel(rel_type: str, start: str, end: str, properties: dict) -> dict:
    props = {k: plain_scalar(v) for k, v in properties.items()}
    return {
        "id": rel_id(rel_type, start, end, props),
        "type": rel_type,
        "start": start,
        "end": end,
        "properties": props,
    }


def plain_scalar(value):
    """Dates and times from either engine as Python's own types; other scalars pass through."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    to_native = getattr(value, "to_native", None)  # neo4j.time.Date / DateTime / Time
    if to_native is not None:
        native = to_native()
        if isinstance(native, dt.datetime) and native.tzinfo is not None:
            native = native.astimezone(dt.UTC).replace(tzinfo=None)
        return native
    if isinstance(value, dt.timedelta):
        return value
    return str(value)


class ResultConverter:
    """Converts all rows of one result; engines supply how to recognise and unpack their graph values."""

    def __init__(self, engine_adapter, lookup: Lookup | None = None):
        self.adapter = engine_adapter
        self.lookup = lookup
        self.ids: dict = {}  # internal id → our id

    def convert_rows(self, rows: list[list], columns: list[str]) -> list[dict]:
        for row in rows:
            for value in row:
                self._collect_nodes(value)
        missing = set()
        for row in rows:
            for value in row:
                missing |= self._missing_ends(value)
        missing -= set(self.ids)
        if missing and self.lookup:
            self.ids.update(self.lookup(missing))
        return [dict(zip(columns, (self.convert(v) for v in row), strict=True)) for row in rows]

    def _walk(self, value) -> Iterable:
        yield value
        if isinstance(value, (list, tuple)):
            for item in value:
                yield from self._walk(item)
        elif isinstance(value, dict) and not self.adapter.is_graph_value(value):
            for item in value.values():
                yield from self._walk(item)
        elif self.adapter.is_path(value):
            yield from self.adapter.path_nodes(value)
            yield from self.adapter.path_rels(value)

    def _collect_nodes(self, value) -> None:
        for item in self._walk(value):
            if self.adapter.is_node(item):
                internal = self.adapter.internal_id(item)
                self.ids[internal] = plain_node(*self.adapter.node_parts(item))["id"]

    def _missing_ends(self, value) -> set:
        ends = set()
        for item in self._walk(value):
            if self.adapter.is_rel(item):
                ends.update(self.adapter.rel_ends(item))
        return ends

    def _end_id(self, internal) -> str:
        return self.ids.get(internal) or f"?:{internal}"

    def convert(self, value):
        adapter = self.adapter
        if adapter.is_node(value):
            return plain_node(*adapter.node_parts(value))
        if adapter.is_rel(value):
            rel_type, start, end, props = adapter.rel_parts(value)
            return plain_rel(rel_type, self._end_id(start), self._end_id(end), props)
        if adapter.is_path(value):
            return [self.convert(item) for item in adapter.ordered_path(value)]
        if isinstance(value, dict):
            return {k: self.convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.convert(v) for v in value]
        return plain_scalar(value)
