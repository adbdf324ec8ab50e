"""The analysts' Cypher console page and API on the fixture family (embedded engine; the engine-level safety on both
engines is in tests/contract/test_console_safety.py): parameters as a form, the answer as a table, the same
answer as CSV and JSON, the graph of the nodes in it, refusals, the time and row limits, and the audit trail."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from app.audit import AuditEvent
from app.users import db
from tests.contract.test_store_behaviour import SLOW_QUERY
from tests.web.html_tables import read_table

SMITHS = (
    "MATCH (p:Person) WHERE p.surname = $surname RETURN p.person_id AS id, p.dob AS dob, p.forename AS name ORDER BY id"
)


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console").get_data(as_text=True)).group(1)


@pytest.fixture
def analyst(client_as):
    return client_as("analyst", reasons=False)


def post(client, query: str, action: str = "run", **fields):
    data = {"csrf_token": token(client), "query": query, "action": action, **fields}
    return client.post("/console", data=data)


def last_query_event(app) -> dict:
    with app.app_context():
        event = (
            db.session.execute(db.select(AuditEvent).filter_by(action="cypher_query").order_by(AuditEvent.id.desc()))
            .scalars()
            .first()
        )
        return {"username": event.username, **event.detail_data}


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_console_opens_with_an_example_its_parameters_and_the_saved_cohorts(analyst):
    page = analyst.get("/console").get_data(as_text=True)
    assert 'id="query"' in page and "$min_people" in page
    assert 'id="param-min_people"' in page and 'value="4"' in page
    assert "Saved cohorts" in page and "/cohorts/open_csc_without_lead_practitioner" in page


def test_a_query_with_a_parameter_answers_as_a_table(analyst):
    answer = post(analyst, SMITHS, **{"param-surname": "Smith", "type-surname": "text"})
    assert answer.status_code == 200
    header, rows = read_table(answer.get_data(as_text=True), "console-results")
    assert header == ["id", "dob", "name"]
    assert [row[0] for row in rows] == ["P1", "P7"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0][1])  # dates as ISO dates
    assert "2 rows in" in answer.get_data(as_text=True)


def test_the_csv_and_json_downloads_hold_exactly_the_table(analyst):
    fields = {"param-surname": "Smith", "type-surname": "text"}
    query = "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) RETURN p.person_id AS id, p.dob AS dob, m, h.household_id AS household ORDER BY id, household"
    header, rows = read_table(post(analyst, query, **fields).get_data(as_text=True), "console-results")
    assert len(rows) > 3
    download = post(analyst, query, action="csv", **fields)
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert lines[0] == header
    assert [[squeeze(c) for c in line] for line in lines[1:]] == rows
    document = json.loads(post(analyst, query, action="json", **fields).get_data(as_text=True))
    assert document["columns"] == header and not document["truncated"]
    assert [[str(r["id"]), r["dob"] or "", r["household"]] for r in document["rows"]] == [
        [r[0], r[1], r[3]] for r in rows
    ]


def test_nodes_and_relationships_in_the_answer_are_also_a_graph(analyst):
    page = post(analyst, "MATCH (p:Person {person_id: 'P1'})-[m:MEMBER_OF]->(h:Household) RETURN p, m, h").get_data(
        as_text=True
    )
    data = json.loads(re.search(r'id="console-graph-data">(.*?)</script>', page, re.S).group(1))
    kinds = [e["data"]["kind"] for e in data["elements"]]
    assert kinds.count("node") >= 2 and kinds.count("edge") >= 1
    edge = next(e["data"] for e in data["elements"] if e["data"]["kind"] == "edge")
    assert edge["label"] == "MEMBER_OF" and edge["source"] == "Person:P1"
    assert 'id="console-graph"' in page and 'role="img"' in page


def test_a_write_is_refused_with_the_reason_and_changes_nothing(analyst, web_store):
    before = web_store.stats()
    answer = post(analyst, "MATCH (p:Person {person_id: 'P1'}) SET p.surname = 'Changed'")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "The graph could not run this query" in page or "The console refused this query" in page
    assert "Traceback" not in page
    assert web_store.stats() == before
    assert web_store.read("person", person_id="P1")[0]["p"]["properties"]["surname"] == "Smith"
    answer = post(analyst, "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")
    assert answer.status_code == 400 and "loading files or URLs is not allowed" in answer.get_data(as_text=True)


def test_an_engine_error_is_shown_as_the_engines_message(analyst):
    page = post(analyst, "MATCH (p:Person) RETURN p.surname AS s ORDER BY no_such_function(p)").get_data(as_text=True)
    message = re.search(r'id="engine-message">(.*?)</p>', page, re.S).group(1)
    assert "no_such_function" in message.lower() and "Traceback" not in page


def test_a_query_past_the_time_limit_is_stopped(analyst):
    answer = post(analyst, SLOW_QUERY, timeout_s="1")
    assert answer.status_code == 400
    assert "ran past its time limit and was stopped" in answer.get_data(as_text=True)


def test_the_row_limit_is_said_when_it_is_hit(analyst):
    page = post(analyst, "UNWIND range(1, 20) AS i RETURN i ORDER BY i", row_limit="5").get_data(as_text=True)
    assert len(read_table(page, "console-results")[1]) == 5
    assert "Stopped at the row limit of 5 rows" in page
    page = post(analyst, "UNWIND range(1, 5) AS i RETURN i ORDER BY i", row_limit="5").get_data(as_text=True)
    assert "Stopped at the row limit" not in page


def test_bad_parameters_and_limits_are_named_in_an_error_summary(analyst):
    answer = post(
        analyst,
        "MATCH (p:Person) WHERE p.dob < $born_before RETURN count(p) AS n LIMIT $n",
        **{"param-born_before": "31/12/2020", "type-born_before": "date", "param-n": "", "type-n": "integer"},
        timeout_s="900",
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "There is a problem" in page
    assert 'href="#param-born_before"' in page and "enter a date as year-month-day" in page
    assert 'href="#param-n"' in page and 'href="#timeout_s"' in page


def test_typed_parameters_reach_the_engine_as_their_types(analyst):
    answer = post(
        analyst,
        "MATCH (p:Person) WHERE p.dob < $born_before AND p.person_id IN $ids RETURN p.person_id AS id ORDER BY id",
        **{
            "param-born_before": "2010-01-01",
            "type-born_before": "date",
            "param-ids": "P1, P3, P5",
            "type-ids": "list of text",
        },
    )
    rows = read_table(answer.get_data(as_text=True), "console-results")[1]
    assert [r[0] for r in rows] == ["P1", "P5"]


def test_every_run_is_audited_with_its_text_parameters_and_outcome(app, analyst):
    post(analyst, SMITHS, **{"param-surname": "Smith", "type-surname": "text"})
    event = last_query_event(app)
    assert event["username"] == "analyst" and event["query"] == SMITHS
    assert event["parameters"] == {"surname": "Smith"} and event["outcome"] == "ok" and event["rows"] == 2
    post(analyst, "CREATE (n:Person {person_id: 'Z9'})")
    event = last_query_event(app)
    assert event["outcome"].startswith(("refused", "engine")) and "rows" not in event
    post(analyst, SMITHS, action="csv", **{"param-surname": "Smith", "type-surname": "text"})
    assert last_query_event(app)["output"] == "csv"


def test_the_api_runs_queries_with_the_same_safety(app, analyst):
    headers = {"X-CSRFToken": token(analyst)}
    answer = analyst.post(
        "/api/console/query",
        json={"query": SMITHS, "parameters": [{"name": "surname", "type": "text", "value": "Smith"}]},
        headers=headers,
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["columns"] == ["id", "dob", "name"] and [r["id"] for r in body["rows"]] == ["P1", "P7"]
    assert body["row_limit"] == 5000 and body["truncated"] is False
    refused = analyst.post("/api/console/query", json={"query": "CREATE (n:Person {person_id: 'Z8'})"}, headers=headers)
    assert refused.status_code == 400 and refused.get_json()["error"] == "bad_request"
    bad = analyst.post("/api/console/query", json={"query": "RETURN 1", "row_limit": 0}, headers=headers)
    assert bad.status_code == 400 and "row_limit" in bad.get_json()["message"]
    assert last_query_event(app)["output"] == "api"


@pytest.mark.parametrize("role", ["social_worker", "early_help", "front_door", "data_steward", "leader"])
def test_only_analysts_and_administrators_have_the_console(client_as, role):
    client = client_as(role, reasons=False)
    assert client.get("/console").status_code == 403
    assert "Cypher console" not in client.get("/status").get_data(as_text=True)
