"""Running a saved cohort (cypher/cohorts/): the saved query's own text for the engine, read-only, with limits."""

from __future__ import annotations

from graph.cohorts import Cohort
from graph.named_queries import load_library

COHORT_TIMEOUT_S = 60  # saved queries are known and measured; the limit only stops a runaway on a huge graph
COHORT_ROW_LIMIT = 5_000


def run_cohort(store, cohort: Cohort, arguments: dict):
    """The cohort's answer as a QueryResult, run like a console query (read-only transaction, time and row
    limits) so that a saved query is held to the same rules as a typed one."""
    text = load_library()[cohort.query_name].text_for(store.engine)
    return store.run_read_only(text, arguments, timeout_s=COHORT_TIMEOUT_S, row_limit=COHORT_ROW_LIMIT)


def people_in(result) -> list[str]:
    """The distinct people a cohort's answer lists (for the audit trail)."""
    return sorted({str(row["person_id"]) for row in result.rows if row.get("person_id")})
