"""The analysts' Cypher console: reading the form, running the query safely, and shaping the answer.

Safety is layered, and none of it is here alone: the store runs the text in a read-only transaction (Neo4j READ
access, LadybugDB's read-only database) with a time limit and a row limit, after graph.guard has refused what a
read-only engine still allows (file and URL loads, procedures off the allow-list, administration). This module
keeps the limits within the council's bounds and turns every failure into the engine's own one-line message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field

from graph import GraphError, QueryError, QueryResult, QueryTimeout, ReadOnlyViolation
from graph.guard import blank_literals
from graph.result_text import cell_text

DEFAULT_TIMEOUT_S = 10
MAX_TIMEOUT_S = 60
DEFAULT_ROW_LIMIT = 5_000
MAX_ROW_LIMIT = 5_000
MAX_GRAPH_ELEMENTS = 600  # the map stays readable and quick (DESIGN: about 300 elements on screen)
PARAMETER_TYPES = ("text", "integer", "number", "date", "boolean", "list of text")
EXAMPLE_QUERY = (
    "// Households with more than four people living there today\n"
    "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)\n"
    "WHERE m.valid_to IS NULL\n"
    "WITH h, count(p) AS people\n"
    "WHERE people > $min_people\n"
    "RETURN h.household_id AS household, people\n"
    "ORDER BY people DESC, household\n"
    "LIMIT 25"
)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


@dataclass
class Parameter:
    name: str
    type: str = "text"
    raw: str = ""


@dataclass
class ConsoleRequest:
    text: str
    parameters: list[Parameter]
    timeout_s: int = DEFAULT_TIMEOUT_S
    row_limit: int = DEFAULT_ROW_LIMIT
    errors: dict[str, str] = field(default_factory=dict)  # form field → message

    def values(self) -> dict:
        """The typed parameter values; bad ones are recorded in ``errors`` under their field."""
        values = {}
        for parameter in self.parameters:
            try:
                values[parameter.name] = coerce_parameter(parameter)
            except ValueError as error:
                self.errors[f"param-{parameter.name}"] = str(error)
        return values


@dataclass
class ConsoleOutcome:
    result: QueryResult | None
    error: str | None
    error_kind: str | None  # refused | timeout | engine | graph
    elapsed_ms: int


def detect_parameters(text: str) -> list[str]:
    """The ``$name`` parameters a query uses, in order of first use (not those inside strings or comments)."""
    seen: dict[str, None] = {}
    for match in _PARAMETER.finditer(blank_literals(text or "")):
        seen.setdefault(match.group(1), None)
    return list(seen)


def guess_type(name: str) -> str:
    """A first guess for a new parameter's type, from its name; the analyst can change it."""
    lowered = name.lower()
    if lowered in {"as_at", "since", "until"} or lowered.endswith(("_date", "_on", "_since", "_before", "_after")):
        return "date"
    if lowered in {"n", "limit", "skip", "days", "months", "years"}:
        return "integer"
    if lowered.startswith(("min_", "max_", "n_")) or lowered.endswith(("_count", "_days", "_months", "_limit")):
        return "integer"
    return "text"


def type_of(value, name: str) -> str:
    """The console type that holds a Python value (a saved cohort's default), or a guess from the name."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, list):
        return "list of text"
    return "text" if isinstance(value, str) else guess_type(name)


def form_text(value) -> str:
    """A typed value as the parameter form shows it (coerce_parameter reads it back)."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return cell_text(value)


def coerce_parameter(parameter: Parameter):
    raw = (parameter.raw or "").strip()
    kind = parameter.type
    name = parameter.name
    if kind not in PARAMETER_TYPES:
        raise ValueError(f"${name}: choose a type ({', '.join(PARAMETER_TYPES)})")
    if raw == "":
        raise ValueError(f"${name}: enter a value (the query uses ${name})")
    if kind == "text":
        return parameter.raw
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", raw):
            raise ValueError(f"${name}: enter a whole number, like 3")
        return int(raw)
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"${name}: enter a number, like 2.5") from None
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"${name}: enter a date as year-month-day, like 2026-03-31") from None
    if kind == "boolean":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise ValueError(f"${name}: enter true or false")
    return [item.strip() for item in raw.split(",") if item.strip()]  # list of text


def _bounded_int(form, name: str, default: int, low: int, high: int, label: str, errors: dict) -> int:
    raw = (form.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors[name] = f"{label} must be a whole number from {low:,} to {high:,}"
        return default
    return int(raw)


def read_form(form) -> ConsoleRequest:
    """The console form: the query, a value and type for each ``$parameter`` it uses, and the two limits."""
    text = form.get("query", "")
    errors: dict[str, str] = {}
    parameters = [
        Parameter(name, form.get(f"type-{name}") or guess_type(name), form.get(f"param-{name}", ""))
        for name in detect_parameters(text)
    ]
    timeout_s = _bounded_int(form, "timeout_s", DEFAULT_TIMEOUT_S, 1, MAX_TIMEOUT_S, "The time limit", errors)
    row_limit = _bounded_int(form, "row_limit", DEFAULT_ROW_LIMIT, 1, MAX_ROW_LIMIT, "The row limit", errors)
    return ConsoleRequest(text, parameters, timeout_s, row_limit, errors)


def run(store, request: ConsoleRequest, values: dict) -> ConsoleOutcome:
    """Run the request read-only; an engine's refusal or error comes back as its own message, never a trace."""
    started = time.perf_counter()
    result = error = kind = None
    try:
        result = store.run_read_only(request.text, values, timeout_s=request.timeout_s, row_limit=request.row_limit)
    except ReadOnlyViolation as problem:
        error, kind = str(problem), "refused"
    except QueryTimeout as problem:
        error, kind = str(problem), "timeout"
    except QueryError as problem:
        error, kind = str(problem), "engine"
    except GraphError as problem:
        error, kind = str(problem), "graph"
    elapsed_ms = round((time.perf_counter() - started) * 1000)
    return ConsoleOutcome(result, error, kind, elapsed_ms)


def audit_detail(request: ConsoleRequest, values: dict, outcome: ConsoleOutcome | None, output: str) -> dict:
    """What the audit trail keeps of a run: the text, parameters, limits and what came of it."""
    detail = {
        "query": request.text,
        "parameters": json.loads(json.dumps(values, default=str)),
        "timeout_s": request.timeout_s,
        "row_limit": request.row_limit,
        "output": output,
    }
    if outcome is None:
        detail["outcome"] = "not run: " + "; ".join(request.errors.values())
    elif outcome.error:
        detail["outcome"] = f"{outcome.error_kind}: {outcome.error}"[:1000]
    else:
        detail["outcome"] = "ok"
        detail["rows"] = len(outcome.result.rows)
        detail["truncated"] = outcome.result.truncated
    if outcome is not None:
        detail["elapsed_ms"] = outcome.elapsed_ms
    return detail


# -- the results as a graph ------------------------------------------------------------------------------------------
CAPTION_PROPERTIES = ("name", "title", "code", "postcode", "summary", "kind")


def _is_node(value) -> bool:
    return isinstance(value, dict) and {"id", "labels", "properties"} <= value.keys()


def _is_relationship(value) -> bool:
    return isinstance(value, dict) and {"id", "type", "start", "end"} <= value.keys()


def node_caption(node: dict) -> str:
    props = node.get("properties") or {}
    label = (node.get("labels") or ["?"])[0]
    if label == "Person":
        name = " ".join(str(props[k]) for k in ("forename", "surname") if props.get(k))
        return name or node["id"]
    for key in CAPTION_PROPERTIES:
        if props.get(key):
            return f"{label}: {props[key]}"
    return node["id"]


def _walk(value, nodes: dict, edges: dict) -> None:
    if _is_node(value):
        nodes.setdefault(value["id"], value)
    elif _is_relationship(value):
        edges.setdefault(value["id"], value)
    elif isinstance(value, list):
        for item in value:
            _walk(item, nodes, edges)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, nodes, edges)


def graph_elements(result: QueryResult) -> tuple[list[dict], bool]:
    """Cytoscape elements for the nodes, relationships and paths in a result (empty when there are none), and
    whether the cap cut some out to keep the picture readable. An edge whose end is not in the result is left out
    (the table still shows it)."""
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}
    for row in result.rows:
        for value in row.values():
            _walk(value, nodes, edges)
    elements = [
        {
            "data": {
                "id": node_id,
                "label": node_caption(node),
                "labels": ", ".join(node.get("labels") or []),
                "kind": "node",
            }
        }
        for node_id, node in list(nodes.items())[:MAX_GRAPH_ELEMENTS]
    ]
    shown = {element["data"]["id"] for element in elements}
    for edge_id, edge in edges.items():
        if len(elements) >= MAX_GRAPH_ELEMENTS:
            break
        if edge["start"] in shown and edge["end"] in shown:
            elements.append(
                {
                    "data": {
                        "id": edge_id,
                        "source": edge["start"],
                        "target": edge["end"],
                        "label": edge["type"],
                        "kind": "edge",
                    }
                }
            )
    return elements, len(elements) >= MAX_GRAPH_ELEMENTS
