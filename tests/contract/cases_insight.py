"""Contract cases for the service insight page's named queries (cypher/insight/), computed by hand from the fixture
family in tests/fixtures/contract_graph.py. On 1 November 2026 the families are H2 (Anna, Chloe, Dan; Ben left in
2023) and H3 (Fay; Ed left in 2024); only Chloe's child-in-need episode (open since March 2026) falls in the 12
months to that date; Ben's adult mental health episode belongs to no family, as Ben lives in none."""

from __future__ import annotations

import datetime as dt

D = dt.date


def _month(first_day: dt.date, last_day: dt.date) -> dict:
    return {"first_day": first_day, "last_day": last_day}


CASES = {
    "insight/services": (
        {},
        [
            {"code": "amh", "name": "Adult mental health", "category": "adult mental health", "service": "amh"},
            {"code": "csc", "name": "Children's social care", "category": "social care", "service": "csc"},
            {"code": "early_help", "name": "Early help", "category": "early help", "service": "early_help"},
        ],
    ),
    "insight/current_families": ({"as_at": D(2026, 11, 1)}, [{"families": 2}]),
    "insight/family_services": (
        {"as_at": D(2026, 11, 1), "since": D(2025, 11, 1)},
        [{"services": ["csc"], "families": 1}],
    ),
    "insight/open_by_month": (
        {
            "months": [
                _month(D(2021, 9, 1), D(2021, 9, 30)),  # Dan's early help ended on 30 September 2021
                _month(D(2025, 5, 1), D(2025, 5, 31)),  # nothing open
                _month(D(2025, 6, 1), D(2025, 6, 30)),  # Ben's adult mental health began on 1 June 2025
                _month(D(2026, 3, 1), D(2026, 3, 31)),  # ... still open; Chloe's child in need began 1 March 2026
            ],
            "first_day": D(2021, 9, 1),
            "last_day": D(2026, 3, 31),
        },
        [
            {"month": D(2021, 9, 1), "service": "early_help", "episodes": 1},
            {"month": D(2025, 6, 1), "service": "amh", "episodes": 1},
            {"month": D(2026, 3, 1), "service": "amh", "episodes": 1},
            {"month": D(2026, 3, 1), "service": "csc", "episodes": 1},
        ],
    ),
}
