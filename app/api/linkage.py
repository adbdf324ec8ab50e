"""API: record linkage for data stewards (the review queue, one pair, the linkage report). Read-only: decisions
are taken on the pages, with their forms. The same roles as the pages (data steward, analyst, administrator)."""

from __future__ import annotations

from app.api.core import NotFound, endpoint
from app.graph_store import get_store
from app.schemas.linkage import (
    LinkagePairDetailSchema,
    LinkageQueueParams,
    LinkageQueueSchema,
    LinkageReportParams,
    LinkageReportSchema,
)
from app.services import linkage
from app.views.linkage import linkage_access_required


@endpoint(
    "/linkage/report",
    summary="The linkage report",
    response=LinkageReportSchema,
    query=LinkageReportParams,
    tag="linkage",
)
@linkage_access_required
def linkage_report(limit: int):
    """Records per source, people, records per person, how records joined their people, the match-probability
    histogram, the review queue by status, and the people whose sources disagree (at most ``limit``)."""
    return linkage.linkage_report(get_store(), limit=limit)


@endpoint(
    "/linkage/review",
    summary="The review queue",
    response=LinkageQueueSchema,
    query=LinkageQueueParams,
    tag="linkage",
)
@linkage_access_required
def linkage_review(status: str, limit: int):
    """Candidate pairs with the given status, strongest first, with both records, their people and the evidence
    per field; ``total`` counts every pair with that status."""
    store = get_store()
    return {
        "status": status,
        "limit": limit,
        "total": linkage.queue_counts(store)[status],
        "pairs": linkage.review_queue(store, status, limit),
    }


@endpoint(
    "/linkage/review/<path:pair_key>",
    summary="One candidate pair",
    response=LinkagePairDetailSchema,
    path_params={"pair_key": "the pair's key: record_a|record_b, e.g. health:RW1|csc:CSC1"},
    tag="linkage",
)
@linkage_access_required
def linkage_review_pair(pair_key: str):
    """One pair of the review queue, whatever its status, with the decisions taken on it (latest first)."""
    pair = linkage.review_pair(get_store(), pair_key)
    if pair is None:
        raise NotFound(f"no candidate pair with key {pair_key}")
    return pair
