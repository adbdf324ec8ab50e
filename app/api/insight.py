"""API: the service insight figures (aggregate counts only, so nothing here is audited per person)."""

from __future__ import annotations

import datetime as dt

from app.api.core import endpoint
from app.graph_store import get_store
from app.schemas.insight import InsightOut, InsightQuery
from app.services import insight as figures


@endpoint(
    "/insight",
    summary="Service insight: services working with the same families, families by number of services, demand by month",
    response=InsightOut,
    query=InsightQuery,
    tag="insight",
)
def insight(as_at=None):
    """The three figures of the service insight page for one date; `definitions` says exactly what is counted."""
    data = figures.insight(get_store(), as_at or dt.date.today())
    co, per_family, by_month = data.co_involvement, data.services_per_family, data.open_by_month
    return {
        "as_at": co.as_at,
        "involvement_from": co.involvement_from,
        "definitions": figures.DEFINITIONS,
        "services": [
            {"key": s.key, "name": s.name, "category": s.category, "service_nodes": s.members} for s in co.services
        ],
        "co_involvement": [
            {"service": s.key, "families": row} for s, row in zip(co.services, co.families, strict=True)
        ],
        "services_per_family": {
            "families": per_family.families,
            "known_to_any": per_family.known_to_any,
            "buckets": [{"services": label, "families": count} for label, count in per_family.buckets],
        },
        "open_by_month": {
            "months": [
                {"month": f"{m.first_day:%Y-%m}", "first_day": m.first_day, "last_day": m.last_day}
                for m in by_month.months
            ],
            "series": [
                {"service": s.key, "name": s.name, "counts": counts}
                for s, counts in zip(by_month.services, by_month.counts, strict=True)
            ],
        },
    }
