"""API: the data-quality page's sections as JSON. Analysts, data stewards and administrators (policy/access.yaml);
the list of people whose sources disagree names them, so every call is audited like the page."""

from __future__ import annotations

import datetime as dt

from app import audit
from app.api.core import endpoint
from app.graph_store import get_store
from app.schemas.data_quality import DataQualityParams, DataQualitySchema
from app.services import data_quality as quality


@endpoint(
    "/data-quality",
    summary="Data quality",
    response=DataQualitySchema,
    query=DataQualityParams,
    tag="data quality",
)
def data_quality(limit: int, runs: int):
    """Rows quarantined per ingest run and source (``runs`` newest runs) with each run's quarantine reasons, the
    latest run's reasons beside the run before, the people whose sources disagree (at most ``limit``), the linkage
    summary, identifiers missing per source (not held by a source is said, not counted as missing) and each
    source's freshness."""
    report = quality.data_quality(get_store(), dt.date.today(), limit=limit, runs=runs)
    audit.record(
        "data_quality_viewed",
        detail={"view": "api", "disagreements_listed": [p["person_id"] for p in report["disagreements"]["people"]]},
    )
    return report
