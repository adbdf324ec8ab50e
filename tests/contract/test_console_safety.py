"""The analysts' console is read-only on both engines: every attempt below goes through the console's own code path
(app.services.console.run: the lexical guard, then the engine's read-only transaction with limits) and must come
back as an error message, with the graph unchanged. The writes and schema changes are also sent with the guard
off, to prove that the engine refuses them by itself (the guard is a second wall, not the only one).
"""

from __future__ import annotations

import time

import pytest

from app.services import console
from tests.conftest import ENGINES, open_test_store
from tests.contract.test_store_behaviour import SLOW_QUERY
from tests.fixtures.contract_graph import load_contract_graph

WRITES = [
    "CREATE (n:Person {person_id: 'X1'}) RETURN n",
    "cReAtE (n:Person {person_id: 'X2'})",
    "MERGE (p:Person {person_id: 'X3'}) RETURN p",
    "MATCH (p:Person {person_id: 'P1'}) SET p.surname = 'Changed'",
    "MATCH (p:Person {person_id: 'P1'}) SET p.forename = NULL",
    "MATCH (p:Person {person_id: 'P7'}) DETACH DELETE p",
    "MATCH (p:Person) DELETE p",
    "MATCH ()-[r:MEMBER_OF]->() DELETE r",
    "MATCH (a:Person {person_id: 'P1'}), (b:Person {person_id: 'P6'}) CREATE (a)-[:RELATED_TO {type: 'x'}]->(b)",
    "MATCH (a:Person {person_id: 'P1'}) WITH a MATCH (b:Person {person_id: 'P6'}) MERGE (a)-[:PARTNER_OF]->(b)",
    "UNWIND range(1, 3) AS i CREATE (p:Person {person_id: 'Y' + toString(i)})",
    "MATCH (n:Person) RETURN n.person_id AS id // a comment\nCREATE (:Person {person_id: 'X4'})",
    "CREATE (n:`Person` {person_id: 'X5'})",
]
NEO4J_WRITES = [
    "MATCH (p:Person {person_id: 'P1'}) REMOVE p.surname",
    "MATCH (p:Person {person_id: 'P1'}) SET p:Intruder",
    "CALL { CREATE (n:Person {person_id: 'X6'}) RETURN n } RETURN n",
    "FOREACH (i IN [1, 2] | CREATE (:Person {person_id: 'X7'}))",
    "CREATE INDEX person_forename IF NOT EXISTS FOR (n:Person) ON (n.forename)",
    "DROP CONSTRAINT person_key",
    "CREATE CONSTRAINT intruder IF NOT EXISTS FOR (n:Intruder) REQUIRE n.id IS UNIQUE",
]
LADYBUG_WRITES = [
    "CREATE NODE TABLE Intruder(id STRING, PRIMARY KEY(id))",
    "CREATE REL TABLE INTRUDES(FROM Person TO Person)",
    "DROP TABLE Load",
    "ALTER TABLE Person ADD intruder STRING",
    "ALTER TABLE Person RENAME TO People",
]
# What a read-only engine might still allow: the guard refuses these before the engine sees them.
LOADS_AND_ADMINISTRATION = [
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/people.csv' AS row RETURN row",
    "load csv from 'http://169.254.169.254/latest/meta-data' as x return x",
    "LOAD FROM '/etc/passwd' RETURN *",
    "LOAD EXTENSION httpfs",
    "INSTALL httpfs",
    "COPY Person FROM '/tmp/people.csv'",
    "COPY (MATCH (p:Person) RETURN p.surname) TO '/tmp/out.csv'",
    "EXPORT DATABASE '/tmp/dump'",
    "IMPORT DATABASE '/tmp/dump'",
    "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)",
    "USE system SHOW USERS",
    "SHOW USERS",
    "SHOW DATABASES",
    "CREATE DATABASE intruder",
    "STOP DATABASE neo4j",
    "GRANT ROLE admin TO analyst",
    "REVOKE ROLE reader FROM analyst",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CALL dbms.security.createUser('intruder', 'password', false)",
    "CALL dbms.killQueries(['query-1'])",
    "CALL dbms.components() YIELD name RETURN name",
    "CALL db.createLabel('Intruder')",
    "CALL apoc.load.json('https://example.org/x.json') YIELD value RETURN value",
    "CALL apoc.create.node(['Intruder'], {}) YIELD node RETURN node",
    "CALL apoc.cypher.runWrite('CREATE (:Intruder)', {}) YIELD value RETURN value",
    "CALL db.clearQueryCaches()",
    "MATCH (n) RETURN count(n); CREATE (:Person {person_id: 'X8'})",
]
TOO_BIG = [
    "MATCH (n:Person) RETURN n.surname AS s" + " " * 25_000,
    "RETURN " + " + ".join(["1"] * 7_000) + " AS n",
    "RETURN " + "(" * 500 + "1" + ")" * 500 + " AS n",
    "RETURN " + "[" * 200 + "1" + "]" * 200 + " AS n",
    "MATCH (n:Person) WHERE "
    + " AND ".join(f"(n.surname <> 'x{i}'" + " OR (n.surname = 'y'" * 80 + ")" * 81 for i in range(2))
    + " RETURN n",
]


def attempts_for(engine: str) -> list[str]:
    writes = WRITES + (NEO4J_WRITES if engine == "neo4j" else LADYBUG_WRITES)
    return writes + LOADS_AND_ADMINISTRATION + TOO_BIG


@pytest.fixture(scope="module", params=ENGINES)
def store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_contract_graph(store)
    yield store
    store.close()


def run(store, text: str, timeout_s: int = 10, row_limit: int = 5_000, **values):
    request = console.ConsoleRequest(text, [], timeout_s, row_limit)
    return console.run(store, request, values)


def fingerprint(store) -> tuple:
    people = run(store, "MATCH (p:Person) RETURN p.person_id AS id, p.surname AS s, p.forename AS f ORDER BY id")
    return store.stats(), [tuple(r.values()) for r in people.result.rows]


def test_there_are_at_least_thirty_attempts_on_each_engine(store):
    assert len(attempts_for(store.engine)) >= 30


def test_every_attempt_is_refused_and_the_graph_is_unchanged(store):
    before = fingerprint(store)
    let_through = []
    for text in attempts_for(store.engine):
        outcome = run(store, text)
        if outcome.error is None or outcome.error_kind not in {"refused", "engine"}:
            let_through.append(f"{text[:80]!r}: {outcome.error_kind} {outcome.error or 'ran'}")
        elif "Traceback" in outcome.error:
            let_through.append(f"{text[:80]!r}: the message is a stack trace")
    assert not let_through, "\n".join(let_through)
    assert fingerprint(store) == before


def test_writes_and_schema_changes_are_refused_by_the_engine_itself(store):
    """With the lexical guard off, the engine's read-only transaction must still refuse every write."""
    before = fingerprint(store)
    writes = WRITES + (NEO4J_WRITES if store.engine == "neo4j" else LADYBUG_WRITES)
    let_through = []
    for text in writes:
        try:
            store.run_read_only(text, check_text=False)
        except Exception as error:  # noqa: BLE001 - any refusal will do, as long as nothing was written
            assert "Traceback" not in str(error)
            continue
        let_through.append(text)
    assert not let_through, "the engine ran these writes in read-only mode: " + "; ".join(let_through)
    assert fingerprint(store) == before


def test_allowed_procedures_and_ordinary_reads_still_run(store):
    procedure = (
        "CALL db.labels() YIELD label RETURN label" if store.engine == "neo4j" else "CALL show_tables() RETURN *"
    )
    assert run(store, procedure).error is None
    outcome = run(
        store, "MATCH (p:Person) WHERE p.surname = $surname RETURN p.person_id AS id ORDER BY id", surname="Smith"
    )
    assert outcome.error is None and [r["id"] for r in outcome.result.rows] == ["P1", "P7"]


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_message(store):
    started = time.monotonic()
    outcome = run(store, SLOW_QUERY, timeout_s=1)
    assert outcome.error_kind == "timeout", outcome.error
    assert "time limit" in outcome.error.lower() or "timeout" in outcome.error.lower() or "timed out" in outcome.error
    assert time.monotonic() - started < 30


def test_the_row_limit_stops_the_answer_and_says_so(store):
    outcome = run(store, "UNWIND range(1, 50) AS i RETURN i ORDER BY i", row_limit=7)
    assert [r["i"] for r in outcome.result.rows] == list(range(1, 8))
    assert outcome.result.truncated and outcome.result.row_limit == 7
    assert not run(store, "UNWIND range(1, 7) AS i RETURN i", row_limit=7).result.truncated


def test_an_engine_error_is_the_engines_own_message(store):
    outcome = run(store, "MATCH (p:Person) RETURN p.surname AS s ORDER BY nonsense_function(p)")
    assert outcome.error_kind == "engine"
    assert "nonsense_function" in outcome.error.lower() or "function" in outcome.error.lower()
    assert "Traceback" not in outcome.error
