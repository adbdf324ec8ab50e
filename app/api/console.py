"""API: the analysts' Cypher console and the cohort library, with the same safety, limits and audit as the pages."""

from __future__ import annotations

import json
import time

from flask import abort
from flask_login import current_user

from app.api.core import NotFound, endpoint
from app.audit import record
from app.graph_store import get_store
from app.schemas.console import CohortListSchema, CohortRunBody, ConsoleQueryBody, QueryAnswerSchema
from app.services import console
from app.services.cohorts import people_in, run_cohort
from app.views.cohorts import cohorts_for_role, plain_arguments
from graph import GraphError
from graph.cohorts import CohortInputError, load_cohorts
from graph.result_text import json_default


def _answer(result, elapsed_ms: int) -> dict:
    rows = json.loads(json.dumps(result.rows, default=json_default))  # dates as ISO text, nodes as plain objects
    return {
        "columns": result.columns,
        "rows": rows,
        "truncated": result.truncated,
        "row_limit": result.row_limit,
        "elapsed_ms": elapsed_ms,
    }


@endpoint(
    "/console/query",
    summary="Run a read-only Cypher query",
    response=QueryAnswerSchema,
    body=ConsoleQueryBody,
    method="POST",
    tag="analysis",
)
def console_query(query: str, parameters: list, timeout_s: int, row_limit: int):
    """Runs the query in a read-only transaction with the time and row limits; writes, file loads and procedures
    off the allow-list are refused (400 with the reason). Every run is audited with its text and parameters."""
    request = console.ConsoleRequest(
        query, [console.Parameter(p["name"], p["type"], p["value"]) for p in parameters], timeout_s, row_limit
    )
    values = request.values()
    if request.errors:
        record("cypher_query", detail=console.audit_detail(request, values, None, "api"))
        abort(400, description="; ".join(request.errors.values()))
    outcome = console.run(get_store(), request, values)
    record("cypher_query", detail=console.audit_detail(request, values, outcome, "api"))
    if outcome.error:
        abort(400, description=f"{outcome.error_kind}: {outcome.error}")
    return _answer(outcome.result, outcome.elapsed_ms)


@endpoint("/cohorts", summary="The saved cohorts this role may run", response=CohortListSchema, tag="analysis")
def cohort_list():
    """Each cohort's title, description, parameters (with types and defaults) and the roles that may run it."""
    return {
        "cohorts": [
            {
                "name": c.name,
                "title": c.title,
                "description": c.description,
                "params": [
                    {"name": p.name, "type": p.type, "default": p.form_value(), "description": p.description}
                    for p in c.params
                ],
                "roles": sorted(c.roles),
            }
            for c in cohorts_for_role()
        ]
    }


@endpoint(
    "/cohorts/<cohort>",
    summary="Run a saved cohort",
    response=QueryAnswerSchema,
    body=CohortRunBody,
    method="POST",
    path_params={"cohort": "the cohort's name, as /api/cohorts lists it"},
    tag="analysis",
)
def cohort_run(cohort: str, arguments: dict):
    """Runs the cohort with these arguments (missing ones take their defaults); audited with the people listed."""
    found = load_cohorts().get(cohort)
    if found is None:
        raise NotFound(f"no saved cohort named {cohort}")
    if current_user.role not in found.roles:
        abort(403, description=f"your role may not run the cohort {cohort}")
    try:
        typed = found.arguments(arguments)
    except CohortInputError as problem:
        abort(400, description="; ".join(f"{k}: {v}" for k, v in problem.errors.items()))
    started = time.perf_counter()
    try:
        result = run_cohort(get_store(), found, typed)
    except GraphError as problem:
        abort(400, description=str(problem))
    record(
        "cohort_run",
        detail={
            "cohort": found.name,
            "arguments": plain_arguments(typed),
            "output": "api",
            "rows": len(result.rows),
            "people": people_in(result),
        },
    )
    return _answer(result, round((time.perf_counter() - started) * 1000))
