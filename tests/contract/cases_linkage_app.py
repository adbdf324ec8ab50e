"""Contract cases for the named queries behind the data steward's linkage pages (the queue, one pair, its records
and decisions, the splits of a person), computed by hand from the fixture family in tests/fixtures/contract_graph.py."""

from __future__ import annotations

import datetime as dt

from tests.contract.review_records import review_side
from tests.fixtures.contract_graph import EVIDENCE

D = dt.date


CASES = {
    "linkage/review_pair": (
        {"pair_key": "amh:M2|csc:CSC1"},
        [
            {
                "pair_key": "amh:M2|csc:CSC1",
                "record_a": "amh:M2",
                "record_b": "csc:CSC1",
                "probability": 0.55,
                "match_weight": 0.29,
                "reason": "uncertain",
                "status": "rejected",
                "evidence": EVIDENCE,
            }
        ],
    ),
    "linkage/queue_candidates": (
        {"status": "pending", "limit": 10},
        [
            {
                "pair_key": "amh:M2|early_help:EH4",
                "record_a": "amh:M2",
                "record_b": "early_help:EH4",
                "probability": 0.62,
                "match_weight": 0.71,
                "reason": "contradicts: dob",
                "status": "pending",
                "evidence": EVIDENCE,
            }
        ],
    ),
    "linkage/pair_records": (
        {"record_a": "amh:M2", "record_b": "csc:CSC1"},
        [
            {
                **review_side("a", "amh", "M2", "Benjamin", "Jones", D(1988, 11, 20), "P2"),
                **review_side("b", "csc", "CSC1", "Anna", "Smith", D(1990, 3, 4), "P1", nhs_number="9434765919"),
            }
        ],
    ),
    "linkage/pair_decisions": (
        {"record_a": "amh:M2", "record_b": "csc:CSC1"},
        [
            {
                "decision_id": "D1",
                "kind": "rejected",
                "decided_by": "analyst.one",
                "decided_at": dt.datetime(2026, 11, 3, 9, 30),
                "note": "different people",
            }
        ],
    ),
    "linkage/person_splits": (
        {"person_id": "P3"},
        [
            {
                "decision_id": "D2",
                "groups": '[["csc:CSC3"], ["schools:A123456789012"]]',
                "decided_by": "analyst.two",
                "decided_at": dt.datetime(2026, 11, 4, 10, 0),
                "note": None,
            }
        ],
    ),
}
