"""The ingest's maintenance writes behave the same on both engines."""

import datetime as dt

import pytest

from tests.conftest import ENGINES, open_test_store
from tests.fixtures.contract_graph import load_contract_graph

D = dt.date


@pytest.fixture(params=ENGINES)
def store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_contract_graph(store)
    yield store
    store.close()


def test_deleting_a_membership_and_a_household(store):
    store.write("ingest/delete_memberships", [{"person_id": "P2", "household_id": "H2", "valid_from": D(2022, 7, 1)}])
    store.write("ingest/delete_households", [{"household_id": "H3"}])
    left = {(m["person_id"], m["household_id"]) for m in store.read("ingest/snapshot_memberships")}
    assert ("P2", "H2") not in left and ("P2", "H1") in left
    assert not {h for _, h in left} & {"H3"}
    assert store.stats()["nodes"]["Household"] == 2


def test_relinking_a_record_and_deleting_the_orphaned_person(store):
    store.write("ingest/delete_record_links", [{"record_key": "amh:M2", "person_id": "P2"}])
    store.write("load/record_of", [{"src": "amh:M2", "dst": "P1", "match_probability": 1.0, "method": "steward"}])
    store.write("ingest/delete_people", [{"person_id": "P7"}])
    records = {r["record_key"]: r["person_id"] for r in store.read("ingest/snapshot_records")}
    assert records["amh:M2"] == "P1"
    assert store.read("person", person_id="P7") == []


def test_a_change_found_again_keeps_its_first_run(store):
    later = {
        "change_id": "C1",
        "kind": "left_household",
        "at": D(2023, 1, 31),
        "summary": "changed text",
        "detected_at": dt.datetime(2026, 12, 1),
        "load_id": "L2",
    }
    store.write("load/changes", [later])
    assert store.read("family_changes", person_ids=["P2"], since=D(2020, 1, 1))[0]["load_id"] == "L1"


def test_the_review_queue_is_rewritten_and_decided(store):
    store.write("linkage/delete_candidates", [{"pair_key": "amh:M2|csc:CSC1"}])
    assert store.read("linkage/candidate_keys") == [{"pair_key": "amh:M2|early_help:EH4"}]
    store.write(
        "linkage/record_decision",
        decision_id="D9",
        decision="accepted",
        record_a="amh:M2",
        record_b="early_help:EH4",
        decided_by="steward.three",
        decided_at=dt.datetime(2026, 11, 5, 12, 0),
        note=None,
    )
    assert store.read("linkage/review_queue", status="pending", limit=10) == []
    accepted = store.read("linkage/review_queue", status="accepted", limit=10)
    assert [(r["pair_key"], r["a_person_id"], r["b_person_id"]) for r in accepted] == [
        ("amh:M2|early_help:EH4", "P2", "P4")
    ]
    decisions = store.read("linkage/decisions")
    assert [(d["decision_id"], d["kind"]) for d in decisions] == [
        ("D1", "rejected"),
        ("D2", "unlinked"),
        ("D9", "accepted"),
    ]
    # a decision on a pair that is not (or no longer) in the queue is still recorded
    store.write(
        "linkage/record_decision",
        decision_id="D10",
        decision="rejected",
        record_a="csc:CSC3",
        record_b="schools:A123456789012",
        decided_by="steward.three",
        decided_at=dt.datetime(2026, 11, 5, 12, 5),
        note="not the same child",
    )
    assert store.read("linkage/decisions")[-1]["record_b"] == "schools:A123456789012"
