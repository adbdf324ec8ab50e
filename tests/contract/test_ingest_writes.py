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
