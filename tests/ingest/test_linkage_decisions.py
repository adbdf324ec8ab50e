"""Steward decisions through the whole ingest path: written with the named queries the app will use, read at the
start of every run, and honoured on every later run (accept, reject, unlink)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from graph import open_store
from ingest.pipeline import run_ingest

MAPPING = """
source: people
name: A people register
agency: Exampleton Council
category: social care
trust: 1
date_formats: ["%Y-%m-%d"]
files:
  people.csv:
    key: ID
    columns:
      ID: {required: true}
      DOB: {type: date}
      POSTCODE: {type: postcode}
    person:
      record_id: ID
      forename: FORENAME
      surname: SURNAME
      dob: DOB
      sex: {column: SEX, map: {M: M, F: F}, default: U}
      line1: LINE1
      postcode: POSTCODE
"""
PEOPLE = [
    ["ID", "FORENAME", "SURNAME", "DOB", "SEX", "LINE1", "POSTCODE"],
    ["A1", "Anna", "Smith", "1990-03-04", "F", "1 Elm Road", "WQ1 1AA"],
    ["A2", "Anna", "Smith", "1990-03-04", "F", "1 Elm Road", "WQ1 1AA"],
    ["B1", "Robert", "Jones", "1985-01-01", "M", "2 Low Road", "WQ4 4DD"],
    ["B2", "Robert", "Jones", "", "M", "", ""],
    ["C1", "Carl", "Brown", "1970-02-02", "M", "7 Oak Street", "WQ7 7GG"],
    ["C2", "Carl", "Brown", "1970-02-02", "M", "7 Oak Street", "WQ7 7GG"],
    ["C3", "Carl", "Brown", "1970-02-02", "M", "7 Oak Street", "WQ7 7GG"],
    ["Z1", "Oliver", "Walker", "1984-06-01", "M", "3 Ash Close", "WQ3 3CC"],
    ["Z2", "Fatima", "Khan", "1979-11-30", "F", "8 Mill Lane", "WQ8 8MM"],
]


@pytest.fixture
def world(tmp_path):
    source = tmp_path / "extracts" / "people"
    source.mkdir(parents=True)
    with (source / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(PEOPLE)
    (source / "manifest.json").write_text('{"extracted_at": "2026-11-01"}')
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    (mappings / "people.yaml").write_text(MAPPING)
    store = open_store(f"embedded:{tmp_path / 'db'}", apply_schema=True)

    def ingest():
        run_ingest(
            store, tmp_path / "extracts", mappings_dir=mappings, quarantine_path=tmp_path / "q.csv", progress=False
        )
        return {r["record_key"]: r["person_id"] for r in store.read("ingest/snapshot_records")}

    yield store, ingest
    store.close()


def links(store, person_id):
    return {(r["record_id"], r["method"]) for r in store.read("person_records", person_id=person_id)}


def queue(store):
    return {r["pair_key"]: r for r in store.read("linkage/review_queue", status="pending", limit=100)}


def test_an_accepted_pair_links_from_the_next_run_on(world):
    store, ingest = world
    person = ingest()
    assert person["people:B1"] != person["people:B2"]
    pending = queue(store)["people:B1|people:B2"]  # same name, no date of birth on one side: a question
    assert pending["a_forename"] == pending["b_forename"] == "Robert" and pending["b_dob"] is None
    store.write(
        "linkage/record_decision",
        decision_id="D-accept",
        decision="accepted",
        record_a=pending["a_record_key"],
        record_b=pending["b_record_key"],
        decided_by="steward.one",
        decided_at=dt.datetime(2026, 11, 2, 9, 0),
        note="same man: his GP confirms",
    )
    assert store.read("linkage/review_queue", status="accepted", limit=10)[0]["pair_key"] == "people:B1|people:B2"
    for _ in range(2):  # and on every run after
        person = ingest()
        assert person["people:B1"] == person["people:B2"]
        assert links(store, person["people:B1"]) == {("B1", "steward"), ("B2", "steward")}
        assert "people:B1|people:B2" not in queue(store)


def test_a_rejected_pair_never_links_again(world):
    store, ingest = world
    person = ingest()
    assert person["people:A1"] == person["people:A2"]  # the model links them
    store.write(
        "linkage/record_decision",
        decision_id="D-reject",
        decision="rejected",
        record_a="people:A1",
        record_b="people:A2",
        decided_by="steward.one",
        decided_at=dt.datetime(2026, 11, 2, 9, 0),
        note="two women of one name and birthday",
    )
    for _ in range(2):
        person = ingest()
        assert person["people:A1"] != person["people:A2"]
        assert "people:A1|people:A2" not in queue(store)
    decisions = store.read("linkage/decisions")
    assert [d["decision_id"] for d in decisions] == ["D-reject"]  # ingest never deletes a decision


def test_an_unlinked_person_stays_split(world):
    store, ingest = world
    person = ingest()
    carl = person["people:C1"]
    assert person["people:C2"] == person["people:C3"] == carl
    store.write(
        "linkage/record_unlink",
        decision_id="D-unlink",
        person_id=carl,
        groups=json.dumps([["people:C1", "people:C2"], ["people:C3"]]),
        decided_by="steward.two",
        decided_at=dt.datetime(2026, 11, 2, 10, 0),
        note=None,
    )
    for _ in range(2):
        person = ingest()
        assert person["people:C1"] == person["people:C2"] != person["people:C3"]
    assert store.read("person", person_id=person["people:C3"])  # the split-off record has a person of its own


def test_a_later_accept_undoes_an_earlier_reject(world):
    store, ingest = world
    ingest()
    for n, decision in enumerate(["rejected", "accepted"]):
        store.write(
            "linkage/record_decision",
            decision_id=f"D{n}",
            decision=decision,
            record_a="people:A1",
            record_b="people:A2",
            decided_by="steward.one",
            decided_at=dt.datetime(2026, 11, 2, 9, n),
            note=None,
        )
    person = ingest()
    assert person["people:A1"] == person["people:A2"]
    assert links(store, person["people:A1"]) == {("A1", "steward"), ("A2", "steward")}


def test_the_queue_is_rewritten_each_full_run(world, tmp_path):
    store, ingest = world
    ingest()
    assert "people:B1|people:B2" in queue(store)
    # B2's date of birth arrives: the pair links outright, and its question leaves the queue
    rows = [r if r[0] != "B2" else ["B2", "Robert", "Jones", "1985-01-01", "M", "", ""] for r in PEOPLE]
    with (Path(tmp_path) / "extracts" / "people" / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    person = ingest()
    assert person["people:B1"] == person["people:B2"]
    assert "people:B1|people:B2" not in {r["pair_key"] for r in store.read("linkage/candidate_keys")}
