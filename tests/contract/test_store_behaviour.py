"""The store interface behaves the same on both engines: read-only means read-only at engine level, time and
row limits hold, graph values come back as the same plain values."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from graph import QueryTimeout, ReadOnlyViolation, open_store
from tests.conftest import ENGINES, open_test_store
from tests.fixtures.contract_graph import load_contract_graph

WRITES = [
    "CREATE (p:Person {person_id: 'X1'})",
    "MERGE (p:Person {person_id: 'X2'})",
    "MATCH (p:Person {person_id: 'P1'}) SET p.surname = 'Changed'",
    "MATCH (p:Person {person_id: 'P7'}) DETACH DELETE p",
    "MATCH (a:Person {person_id: 'P1'}), (b:Person {person_id: 'P6'}) CREATE (a)-[:RELATED_TO {type: 'x'}]->(b)",
    "UNWIND range(1, 3) AS i CREATE (p:Person {person_id: 'Y' + toString(i)})",
]
# LadybugDB has no REMOVE clause (SET p.x = NULL does the same there, and is covered by the SET case).
NEO4J_ONLY_WRITES = [
    "MATCH (p:Person {person_id: 'P1'}) REMOVE p.surname",
    "CREATE INDEX person_forename IF NOT EXISTS FOR (n:Person) ON (n.forename)",
    "DROP CONSTRAINT person_key",
    "CALL db.createLabel('Intruder')",
]
LADYBUG_ONLY_WRITES = [
    "CREATE NODE TABLE Intruder(id STRING, PRIMARY KEY(id))",
    "DROP TABLE Load",
    "ALTER TABLE Person ADD intruder STRING",
]
SLOW_QUERY = "UNWIND range(1, 300000000) AS x WITH x WHERE x % 7 = 123456789 RETURN count(x) AS n"


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_contract_graph(store)
    yield store
    store.close()


def test_engine_refuses_writes_in_read_only_mode(store):
    """No lexical guard here (check_text=False): the engine itself must refuse every write in its dialect."""
    before = store.stats()
    for text in WRITES + (NEO4J_ONLY_WRITES if store.engine == "neo4j" else LADYBUG_ONLY_WRITES):
        with pytest.raises(ReadOnlyViolation):
            store.run_read_only(text, check_text=False)
    assert store.stats() == before
    assert store.read("person", person_id="P1")[0]["p"]["properties"]["surname"] == "Smith"


def test_file_loads_are_refused_before_the_engine(store):
    with pytest.raises(ReadOnlyViolation, match="loading files"):
        store.run_read_only("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")


def test_a_query_past_its_time_limit_is_stopped(store):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.run_read_only(SLOW_QUERY, timeout_s=1)
    assert time.monotonic() - started < 30


def test_row_limit_is_applied_and_reported(store):
    result = store.run_read_only("UNWIND range(1, 50) AS i RETURN i ORDER BY i", row_limit=10)
    assert [r["i"] for r in result.rows] == list(range(1, 11))
    assert result.truncated
    assert not store.run_read_only("UNWIND range(1, 5) AS i RETURN i", row_limit=10).truncated


def test_parameters_and_dates_round_trip(store):
    result = store.run_read_only(
        "MATCH (p:Person) WHERE p.dob < $cutoff RETURN p.person_id AS id, p.dob AS dob ORDER BY id",
        {"cutoff": dt.date(1970, 1, 1)},
    )
    assert result.rows == [{"id": "P7", "dob": dt.date(1960, 1, 1)}]


def test_relationships_alone_name_their_ends_by_our_keys(store):
    result = store.run_read_only("MATCH (:Person {person_id: 'P2'})-[r:PARENT_OF]->(:Person) RETURN r ORDER BY r.kind")
    ends = sorted((r["r"]["start"], r["r"]["end"]) for r in result.rows)
    assert ends == [("Person:P2", "Person:P3"), ("Person:P2", "Person:P4")]


def test_paths_come_back_as_alternating_nodes_and_relationships(store):
    result = store.run_read_only(
        "MATCH path = (g:Person {person_id: 'P7'})-[:PARENT_OF]->(m:Person)-[:PARENT_OF]->(c:Person {person_id: 'P3'}) "
        "RETURN path"
    )
    path = result.rows[0]["path"]
    assert [item["id"] for item in path[::2]] == ["Person:P7", "Person:P1", "Person:P3"]
    assert [(r["type"], r["start"], r["end"]) for r in path[1::2]] == [
        ("PARENT_OF", "Person:P7", "Person:P1"),
        ("PARENT_OF", "Person:P1", "Person:P3"),
    ]


def test_read_only_queries_see_the_latest_writes(store):
    store.write(
        "load/addresses",
        [
            {
                "address_key": "NEW",
                "uprn": None,
                "line1": "9 New Road",
                "line2": None,
                "town": "X",
                "postcode": "EX9 9ZZ",
            }
        ],
    )
    result = store.run_read_only("MATCH (a:Address {address_key: 'NEW'}) RETURN a.line1 AS line1")
    assert result.rows == [{"line1": "9 New Road"}]


def test_schema_can_be_applied_again(store):
    store.apply_schema()
    assert store.stats()["nodes"]["Person"] == 7


def test_embedded_store_persists_across_restarts(tmp_path):
    url = f"embedded:{tmp_path}"
    with open_store(url, apply_schema=True) as store:
        load_contract_graph(store)
    with open_store(url, read_only=True) as store:
        assert store.stats()["nodes"]["Person"] == 7
        with pytest.raises(ReadOnlyViolation):
            store.write("admin/wipe")
