"""Backend contract: every named read query gives the same, expected answer on both engines.

A named query added to cypher/ without a case here fails test_every_read_query_has_a_case, so the contract
grows with the library. Cases live in CASES below and in any ``tests/contract/cases_*.py`` module's ``CASES``
(one module per area, e.g. search or the app's family page), merged by ALL_CASES.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest

import tests.contract
from graph.named_queries import load_library
from tests.conftest import ENGINES, open_test_store
from tests.contract.review_records import review_side
from tests.fixtures.contract_graph import EVIDENCE, EXTRACTED, load_contract_graph

D = dt.date
# Engine-internal helpers with no meaning on the other engine.
ENGINE_INTERNAL = {"admin/nodes_by_internal_id"}


def _member(pid, forename, surname, dob, valid_from, valid_to=None):
    return {
        "person_id": pid,
        "forename": forename,
        "surname": surname,
        "dob": dob,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


CASES = {
    "person": (
        {"person_id": "P5"},
        [
            {
                "p": {
                    "id": "Person:P5",
                    "labels": ["Person"],
                    "properties": {
                        "person_id": "P5",
                        "forename": "Ed",
                        "surname": "Brown",
                        "dob": D(1985, 7, 8),
                        "dob_estimated": False,
                        "sex": "M",
                        "deceased": True,
                        "date_of_death": D(2024, 2, 2),
                        "name_source": "csc",
                        "dob_source": "csc",
                        "restricted": False,
                    },
                }
            }
        ],
    ),
    "person_records": (
        {"person_id": "P3"},
        [
            {
                "system": "csc",
                "record_id": "CSC3",
                "forename": "Chloe",
                "surname": "Jones-Smith",
                "dob": D(2015, 5, 6),
                "nhs_number": None,
                "upn": None,
                "extracted_at": EXTRACTED,
                "match_probability": 1.0,
                "method": "identifier",
            },
            {
                "system": "schools",
                "record_id": "A123456789012",
                "forename": "Chloe",
                "surname": "Jones",
                "dob": D(2015, 5, 6),
                "nhs_number": None,
                "upn": "A123456789012",
                "extracted_at": EXTRACTED,
                "match_probability": 1.0,
                "method": "identifier",
            },
        ],
    ),
    "household_members": (
        {"household_id": "H2", "as_at": D(2023, 6, 1)},
        [
            _member("P1", "Anna", "Smith", D(1990, 3, 4), D(2022, 7, 1)),
            _member("P3", "Chloe", "Jones-Smith", D(2015, 5, 6), D(2022, 7, 1)),
            _member("P4", "Dan", "Jones", D(2019, 1, 2), D(2022, 7, 1)),
        ],
    ),
    "person_households": (
        {"person_id": "P4"},
        [
            {
                "household_id": "H2",
                "valid_from": D(2022, 7, 1),
                "valid_to": None,
                "address_key": "UPRN:100000000007",
                "line1": "7 Oak Street",
                "line2": None,
                "town": "Exampleton",
                "postcode": "EX2 2BB",
                "uprn": "100000000007",
            },
            {
                "household_id": "H1",
                "valid_from": D(2019, 1, 2),
                "valid_to": D(2022, 6, 30),
                "address_key": "UPRN:100000000001",
                "line1": "1 Elm Road",
                "line2": None,
                "town": "Exampleton",
                "postcode": "EX1 1AA",
                "uprn": "100000000001",
            },
        ],
    ),
    "family_network": (
        {"person_id": "P4"},
        [{"person_id": p} for p in ["P1", "P2", "P3", "P5", "P6", "P7"]],
    ),
    "family_relationships": (
        {"person_ids": ["P1", "P2", "P4"]},
        [
            {
                "src": "P1",
                "dst": "P2",
                "r": {
                    "id": "Person:P1-PARTNER_OF->Person:P2@2014-01-01",
                    "type": "PARTNER_OF",
                    "start": "Person:P1",
                    "end": "Person:P2",
                    "properties": {"valid_from": D(2014, 1, 1), "valid_to": D(2023, 1, 31), "source": "csc"},
                },
            },
            {
                "src": "P1",
                "dst": "P4",
                "r": {
                    "id": "Person:P1-PARENT_OF->Person:P4",
                    "type": "PARENT_OF",
                    "start": "Person:P1",
                    "end": "Person:P4",
                    "properties": {"kind": "birth", "source": "csc"},
                },
            },
            {
                "src": "P2",
                "dst": "P4",
                "r": {
                    "id": "Person:P2-PARENT_OF->Person:P4",
                    "type": "PARENT_OF",
                    "start": "Person:P2",
                    "end": "Person:P4",
                    "properties": {"kind": "birth", "source": "csc"},
                },
            },
        ],
    ),
    "services_involved": (
        {"person_ids": ["P2", "P3", "P4"]},
        [
            {
                "person_id": "P3",
                "episode_id": "csc:E1",
                "episode_type": "child in need",
                "start_date": D(2026, 3, 1),
                "end_date": None,
                "status": "open",
                "last_involvement": D(2026, 10, 20),
                "system": "csc",
                "extracted_at": EXTRACTED,
                "service_code": "csc",
                "service": "Children's social care",
                "agency": "Exampleton Council",
                "category": "social care",
                "lead_name": "Sam Worker",
                "lead_role": "Social worker",
                "lead_team": "Assessment Team 2",
                "lead_phone": "0113 496 0123",
                "lead_email": "sam.worker@example.org",
            },
            {
                "person_id": "P2",
                "episode_id": "amh:E3",
                "episode_type": "community mental health",
                "start_date": D(2025, 6, 1),
                "end_date": None,
                "status": "open",
                "last_involvement": D(2026, 10, 20),
                "system": "amh",
                "extracted_at": EXTRACTED,
                "service_code": "amh",
                "service": "Adult mental health",
                "agency": "Exampleton NHS Trust",
                "category": "adult mental health",
                "lead_name": None,
                "lead_role": None,
                "lead_team": None,
                "lead_phone": None,
                "lead_email": None,
            },
            {
                "person_id": "P4",
                "episode_id": "early_help:E2",
                "episode_type": "family support",
                "start_date": D(2021, 2, 1),
                "end_date": D(2021, 9, 30),
                "status": "closed",
                "last_involvement": D(2021, 9, 30),
                "system": "early_help",
                "extracted_at": EXTRACTED,
                "service_code": "early_help",
                "service": "Early help",
                "agency": "Exampleton Council",
                "category": "early help",
                "lead_name": "Pat Helper",
                "lead_role": "Family support worker",
                "lead_team": "Early Help North",
                "lead_phone": "0113 496 0456",
                "lead_email": "pat.helper@example.org",
            },
        ],
    ),
    "source_freshness": (
        {},
        [
            {
                "system": s,
                "name": n,
                "agency": a,
                "extracted_at": EXTRACTED,
                "loaded_at": dt.datetime(2026, 11, 2, 6, 0),
            }
            for s, n, a in [
                ("amh", "Adult mental health", "Exampleton NHS Trust"),
                ("csc", "Children's social care", "Exampleton Council"),
                ("early_help", "Early help", "Exampleton Council"),
                ("schools", "Schools", "Schools"),
            ]
        ],
    ),
    "family_changes": (
        {"person_ids": ["P2", "P3"], "since": D(2023, 1, 1)},
        [
            {
                "change_id": "C1",
                "kind": "left_household",
                "at": D(2023, 1, 31),
                "summary": "Ben Jones left the household at 7 Oak Street",
                "person_id": "P2",
                "load_id": "L1",
            }
        ],
    ),
    "ingest/change_ids": ({}, [{"change_id": "C1"}]),
    "ingest/last_complete_load": ({}, [{"load_id": "L1", "finished_at": dt.datetime(2026, 11, 2, 6, 1)}]),
    "ingest/snapshot_memberships": (
        {},
        [
            {"person_id": p, "household_id": h, "address_key": a, "valid_from": f, "valid_to": t}
            for p, h, a, f, t in [
                ("P1", "H1", "UPRN:100000000001", D(2015, 1, 1), D(2022, 6, 30)),
                ("P1", "H2", "UPRN:100000000007", D(2022, 7, 1), None),
                ("P2", "H1", "UPRN:100000000001", D(2015, 1, 1), D(2022, 6, 30)),
                ("P2", "H2", "UPRN:100000000007", D(2022, 7, 1), D(2023, 1, 31)),
                ("P3", "H1", "UPRN:100000000001", D(2015, 5, 6), D(2022, 6, 30)),
                ("P3", "H2", "UPRN:100000000007", D(2022, 7, 1), None),
                ("P4", "H1", "UPRN:100000000001", D(2019, 1, 2), D(2022, 6, 30)),
                ("P4", "H2", "UPRN:100000000007", D(2022, 7, 1), None),
                ("P5", "H3", "ADDR:3 ash close|ex3 3cc", D(2013, 1, 1), D(2024, 2, 2)),
                ("P6", "H3", "ADDR:3 ash close|ex3 3cc", D(2013, 1, 1), None),
            ]
        ],
    ),
    "ingest/snapshot_episodes": (
        {},
        [
            {"episode_id": "amh:E3", "start_date": D(2025, 6, 1), "end_date": None, "person_id": "P2"},
            {"episode_id": "csc:E1", "start_date": D(2026, 3, 1), "end_date": None, "person_id": "P3"},
            {"episode_id": "early_help:E2", "start_date": D(2021, 2, 1), "end_date": D(2021, 9, 30), "person_id": "P4"},
        ],
    ),
    "ingest/snapshot_records": (
        {},
        [
            {"record_key": "amh:M2", "system": "amh", "person_id": "P2"},
            {"record_key": "csc:CSC1", "system": "csc", "person_id": "P1"},
            {"record_key": "csc:CSC3", "system": "csc", "person_id": "P3"},
            {"record_key": "early_help:EH4", "system": "early_help", "person_id": "P4"},
            {"record_key": "health:RW1", "system": "health", "person_id": "P1"},
            {"record_key": "schools:A123456789012", "system": "schools", "person_id": "P3"},
        ],
    ),
    "ingest/snapshot_relationships": (
        {},
        [
            {
                "src": a,
                "dst": b,
                "r": {
                    "id": f"Person:{a}-{t}->Person:{b}" + (f"@{f}" if f else ""),
                    "type": t,
                    "start": f"Person:{a}",
                    "end": f"Person:{b}",
                    "properties": props,
                },
            }
            for a, b, t, f, props in [
                (
                    "P1",
                    "P2",
                    "PARTNER_OF",
                    "2014-01-01",
                    {"valid_from": D(2014, 1, 1), "valid_to": D(2023, 1, 31), "source": "csc"},
                ),
                ("P1", "P3", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                ("P1", "P4", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                (
                    "P1",
                    "P5",
                    "PARTNER_OF",
                    "2010-01-01",
                    {"valid_from": D(2010, 1, 1), "valid_to": D(2013, 1, 1), "source": "csc"},
                ),
                ("P1", "P6", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                ("P2", "P3", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                ("P2", "P4", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                ("P5", "P6", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
                ("P7", "P1", "PARENT_OF", None, {"kind": "birth", "source": "csc"}),
            ]
        ],
    ),
    "admin/count_nodes": ({}, [{"count": 37}]),
    "admin/count_relationships": ({}, [{"count": 42}]),
    "linkage/candidate_keys": ({}, [{"pair_key": "amh:M2|csc:CSC1"}, {"pair_key": "amh:M2|early_help:EH4"}]),
    "linkage/decisions": (
        {},
        [
            {
                "decision_id": "D1",
                "kind": "rejected",
                "record_a": "amh:M2",
                "record_b": "csc:CSC1",
                "person_id": None,
                "groups": None,
                "decided_by": "analyst.one",
                "decided_at": dt.datetime(2026, 11, 3, 9, 30),
                "note": "different people",
            },
            {
                "decision_id": "D2",
                "kind": "unlinked",
                "record_a": None,
                "record_b": None,
                "person_id": "P3",
                "groups": '[["csc:CSC3"], ["schools:A123456789012"]]',
                "decided_by": "analyst.two",
                "decided_at": dt.datetime(2026, 11, 4, 10, 0),
                "note": None,
            },
        ],
    ),
    "linkage/review_queue": (
        {"status": "pending", "limit": 10},
        [
            {
                "pair_key": "amh:M2|early_help:EH4",
                "probability": 0.62,
                "match_weight": 0.71,
                "reason": "contradicts: dob",
                "status": "pending",
                "evidence": EVIDENCE,
                **review_side("a", "amh", "M2", "Benjamin", "Jones", D(1988, 11, 20), "P2"),
                **review_side("b", "early_help", "EH4", "Danny", "Jones", D(2019, 1, 2), "P4"),
            }
        ],
    ),
    "linkage/report_sources": (
        {},
        [
            {"system": s, "records": n}
            for s, n in [("amh", 1), ("csc", 2), ("early_help", 1), ("health", 1), ("schools", 1)]
        ],
    ),
    "linkage/report_people": ({}, [{"people": 7}]),
    "linkage/report_records_per_person": ({}, [{"records": 1, "people": 2}, {"records": 2, "people": 2}]),
    "linkage/report_methods": (
        {},
        [
            {"method": "identifier", "records": 5, "lowest_probability": 1.0, "mean_probability": 1.0},
            {"method": "probabilistic", "records": 1, "lowest_probability": 0.9731, "mean_probability": 0.9731},
        ],
    ),
    "linkage/report_probabilities": ({}, [{"band_from": 0.95, "records": 1}]),
    "linkage/report_queue": (
        {},
        [
            {
                "status": "pending",
                "reason": "contradicts: dob",
                "pairs": 1,
                "lowest_probability": 0.62,
                "highest_probability": 0.62,
            },
            {
                "status": "rejected",
                "reason": "uncertain",
                "pairs": 1,
                "lowest_probability": 0.55,
                "highest_probability": 0.55,
            },
        ],
    ),
    "linkage/report_disagreements": (
        {"limit": 10},
        [
            {
                "person_id": "P1",
                "forename": "Anna",
                "surname": "Smith",
                "dob": D(1990, 3, 4),
                "records": 2,
                "dobs": 2,
                "earliest_dob": D(1990, 3, 4),
                "latest_dob": D(1990, 4, 3),
                "nhs_numbers": 1,
                "first_nhs_number": "9434765919",
                "last_nhs_number": "9434765919",
                "sexes": 1,
            }
        ],
    ),
    "stats_node_counts": (
        {},
        [
            {"label": label, "count": n}
            for label, n in [
                ("Address", 3),
                ("CandidateLink", 2),
                ("Change", 1),
                ("Episode", 3),
                ("Household", 3),
                ("LinkDecision", 2),
                ("Load", 1),
                ("Person", 7),
                ("Professional", 2),
                ("Service", 3),
                ("Source", 4),
                ("SourceRecord", 6),
            ]
        ],
    ),
    "stats_relationship_counts": (
        {},
        [
            {"type": t, "count": n}
            for t, n in [
                ("ABOUT", 1),
                ("AT", 3),
                ("FOUND_BY", 1),
                ("LEAD_PRACTITIONER_FOR", 2),
                ("MEMBER_OF", 10),
                ("PARENT_OF", 7),
                ("PARTNER_OF", 2),
                ("PROVIDED_BY", 3),
                ("RECORD_OF", 6),
                ("RELATED_TO", 1),
                ("SIBLING_OF", 3),
                ("SUBJECT_OF", 3),
            ]
        ],
    ),
}


def _all_cases() -> dict:
    cases = dict(CASES)
    for module in pkgutil.iter_modules(tests.contract.__path__):
        if module.name.startswith("cases_"):
            extra = importlib.import_module(f"tests.contract.{module.name}").CASES
            assert not set(extra) & set(cases), f"{module.name} repeats a case defined elsewhere"
            cases.update(extra)
    return cases


ALL_CASES = _all_cases()


@pytest.fixture(scope="module", params=ENGINES)
def loaded_store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_contract_graph(store)
    yield store
    store.close()


def test_every_read_query_has_a_case():
    reads = {name for name, q in load_library().items() if q.mode == "read"} - ENGINE_INTERNAL
    reads = {name for name in reads if not name.startswith("cohorts/")}  # cohorts: tests/contract/test_cohorts.py
    assert reads - set(ALL_CASES) == set(), "add a contract case for each new named read query"
    assert set(ALL_CASES) - reads == set(), "contract cases for queries that no longer exist"


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_named_query_answers(loaded_store, name):
    params, expected = ALL_CASES[name]
    assert loaded_store.read(name, **params) == expected


def test_loading_twice_changes_nothing(loaded_store):
    before = loaded_store.stats()
    load_contract_graph(loaded_store)
    assert loaded_store.stats() == before
