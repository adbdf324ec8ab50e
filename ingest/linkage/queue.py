"""The graph side of linkage for an ingest run: steward decisions in, the review queue out (named queries in
``cypher/linkage/``)."""

from __future__ import annotations

from graph import GraphStore
from ingest.linkage.decisions import Decisions, from_rows


def read_decisions(store: GraphStore) -> Decisions:
    """Every steward decision, read at the start of a run (ingest never deletes them)."""
    return from_rows(store.read("linkage/decisions"))


def write_queue(store: GraphStore, candidates: list[dict], load_id: str, full_run: bool) -> int:
    """Writes this run's candidate links; after a full run, removes the ones it no longer finds."""
    rows = [{**c, "load_id": load_id} for c in candidates]
    store.write("linkage/candidate_links", rows)
    if full_run:
        keep = {r["pair_key"] for r in rows}
        stale = [{"pair_key": r["pair_key"]} for r in store.read("linkage/candidate_keys") if r["pair_key"] not in keep]
        store.write("linkage/delete_candidates", stale)
    return len(rows)
