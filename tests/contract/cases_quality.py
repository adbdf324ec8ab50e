"""Contract cases for the data-quality page's named queries (cypher/quality/), computed by hand from the fixture
family in tests/fixtures/contract_graph.py: one ingest run (L1, counts "{}") and six source records."""

from __future__ import annotations

import datetime as dt


def _missing(system, records, nhs_number, upn, dob, postcode, uprn):
    return {
        "system": system,
        "records": records,
        "without_nhs_number": nhs_number,
        "without_upn": upn,
        "without_dob": dob,
        "without_postcode": postcode,
        "without_uprn": uprn,
    }


CASES = {
    "quality/load_runs": (
        {"limit": 5},
        [
            {
                "load_id": "L1",
                "started_at": dt.datetime(2026, 11, 2, 6, 0),
                "finished_at": dt.datetime(2026, 11, 2, 6, 1),
                "status": "complete",
                "counts": "{}",
            }
        ],
    ),
    # Every record has a date of birth and none a postcode or UPRN; only Anna's csc record has an NHS number and
    # only Chloe's school record a UPN.
    "quality/missing_identifiers": (
        {},
        [
            _missing("amh", 1, 1, 1, 0, 1, 1),
            _missing("csc", 2, 1, 2, 0, 2, 2),
            _missing("early_help", 1, 1, 1, 0, 1, 1),
            _missing("health", 1, 1, 1, 0, 1, 1),
            _missing("schools", 1, 1, 0, 0, 1, 1),
        ],
    ),
}
