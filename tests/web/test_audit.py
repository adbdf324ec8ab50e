"""The audit trail end to end: events carry who, role, when, where from, what and why; the hash chain verifies and
shows tampering done to the database behind the app's back; the app itself refuses to change or delete an event;
admins search and export the trail (and that is audited too); the reason-for-access page.

A tiny test-only blueprint stands in for the views that call ``record`` and ``require_reason``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import re
import sqlite3
import threading
import time
from collections import namedtuple
from contextlib import closing

import pytest
from flask import Blueprint, Flask, jsonify, request
from sqlalchemy import delete, text, update

from app import create_app
from app.audit import AuditEvent, AuditTrailIsAppendOnly, chain_hash, chain_head, record, verify_chain
from app.users import ROLES, User, create_user, db
from app.views.reason import require_reason
from tests.web.conftest import PASSWORD, sign_in

Actor = namedtuple("Actor", "username role")
NOT_ADMIN = [role for role in ROLES if role != "admin"]

probe = Blueprint("audit_probe", __name__)


@probe.get("/test/audit/<action>")
def record_probe(action):
    """What a search, person or export view does: record an event, about a person if named."""
    detail = {key: request.args.getlist(key) if key == "ids" else value for key, value in request.args.items()}
    detail.pop("person", None)
    return jsonify(id=record(action, person_id=request.args.get("person"), detail=detail or None))


@probe.get("/test/person/<person_id>")
def person_probe(person_id):
    """What the person page does first: ask for a reason unless one was given in this session."""
    return require_reason(person_id) or ("the record opens", 200)


def make_app(store, db_path, roles=tuple(ROLES), **settings):
    app = create_app(
        {
            "GRAPH_STORE": store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "SECRET_KEY": "test-only-secret",
            **settings,
        }
    )
    app.register_blueprint(probe)
    # The probe's endpoints exist only here, so the council's policy file does not list them.
    policy = app.extensions["access_policy"]
    app.extensions["access_policy"] = policy.with_pages(
        {"audit_probe.record_probe": "all", "audit_probe.person_probe": "all"}
    )
    with app.app_context():
        for role in roles:
            create_user(role, f"Test {ROLES[role]}", role, PASSWORD)
    return app


@pytest.fixture(scope="module")
def app(web_store, tmp_path_factory):
    """The module's app (replaces conftest's, so that the probe blueprint is there before the first request)."""
    return make_app(web_store, tmp_path_factory.mktemp("audit-web") / "app.db")


@pytest.fixture
def client_as(app):
    """Signed-in clients that have given no reason for access yet (conftest's give them for every fixture person)."""

    def make(role: str):
        client = app.test_client()
        assert sign_in(client, role).status_code == 302
        return client

    return make


@pytest.fixture
def client(client_as):
    return client_as("social_worker")


@pytest.fixture
def ledger(tmp_path):
    """A bare app holding only the audit database, as a command-line tool uses it (no request, explicit user)."""
    app = Flask("audit-cli")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'audit.db'}"
    db.init_app(app)
    with app.app_context():
        db.create_all()
        yield app, tmp_path / "audit.db"


def events(app, **where) -> list[AuditEvent]:
    with app.app_context():
        query = db.select(AuditEvent).filter_by(**where).order_by(AuditEvent.id)
        rows = list(db.session.execute(query).scalars())
        db.session.expunge_all()
        return rows


def raw_sql(path, sql: str, *params) -> None:
    """Somebody with the database file in hand, going round the app."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(sql, params)
        conn.commit()


def csrf_token(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def give_reason(client, person_id: str, reason: str, detail: str = "", next_url: str | None = None):
    path = f"/people/{person_id}/reason"
    form = {"reason": reason, "detail": detail, "csrf_token": csrf_token(client, path)}
    if next_url is not None:
        form["next"] = next_url
    return client.post(path, data=form)


def table_rows(html: str) -> list[list[str]]:
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html, re.S)
    if not body:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    cell = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cell.findall(r)] for r in rows]


# -- what an event holds ---------------------------------------------------------------------------------------
def test_an_event_records_user_role_time_ip_action_person_and_reason(app, client_as):
    early_help = client_as("early_help")
    assert give_reason(early_help, "P3", "other", "Checking a sibling's school move").status_code == 302
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    event_id = early_help.get("/test/audit/person_viewed?person=P3&panel=services").get_json()["id"]
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    event = events(app, id=event_id)[0]
    assert (event.username, event.role, event.ip) == ("early_help", "early_help", "127.0.0.1")
    assert (event.action, event.target_person_id) == ("person_viewed", "P3")
    assert event.reason == "Other: Checking a sibling's school move"
    assert json.loads(event.detail) == {"panel": "services"}
    assert before <= event.at <= after
    given = events(app, action="reason_given", username="early_help", target_person_id="P3")[-1]
    assert given.session_id and given.session_id == event.session_id
    assert json.loads(given.detail) == {"reason_code": "other"}


def test_events_about_nobody_carry_no_reason_and_each_session_has_its_own_id(app, client_as):
    # One session per user (a second sign-in ends the first): two sessions are two users.
    first, second = client_as("front_door"), client_as("social_worker")
    a = events(app, id=first.get("/test/audit/search?terms=smith").get_json()["id"])[0]
    b = events(app, id=second.get("/test/audit/search?terms=jones").get_json()["id"])[0]
    assert a.reason is None and a.target_person_id is None
    assert json.loads(a.detail) == {"terms": "smith"}
    assert a.session_id and b.session_id and a.session_id != b.session_id


def test_a_command_line_tool_records_with_an_explicit_user(ledger):
    app, _path = ledger
    event_id = record("user_admin", user=Actor("ops.cli", "admin"), detail={"created": "new.user", "role": "analyst"})
    event = db.session.get(AuditEvent, event_id)
    assert (event.username, event.role, event.ip, event.session_id) == ("ops.cli", "admin", None, None)
    failed = db.session.get(AuditEvent, record("sign_in_failed", username="somebody"))
    assert (failed.username, failed.role) == ("somebody", None)
    with pytest.raises(ValueError, match="needs the user"):
        record("search", detail={"terms": "x"})
    with pytest.raises(ValueError, match="unknown audit action"):
        record("peeked", user=Actor("ops.cli", "admin"))


# -- the hash chain ----------------------------------------------------------------------------------------------
def _five_events():
    for n in range(1, 6):
        record("search", user=Actor("sw.one", "social_worker"), detail={"terms": f"search {n}"})


def test_the_chain_verifies(ledger):
    _five_events()
    assert verify_chain() == (True, None, 5)
    rows = list(db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars())
    assert [r.id for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    assert chain_head() == (5, rows[-1].hash)


def test_an_empty_trail_verifies(ledger):
    assert verify_chain() == (True, None, 0)


def test_changing_a_row_behind_the_apps_back_is_detected_at_that_row(ledger):
    _app, path = ledger
    _five_events()
    raw_sql(path, "UPDATE audit_events SET detail = ? WHERE id = 3", '{"terms":"somebody else"}')
    assert verify_chain() == (False, 3, 3)


def test_changing_who_or_why_is_detected_too(ledger):
    _app, path = ledger
    _five_events()
    raw_sql(path, "UPDATE audit_events SET username = 'someone.else' WHERE id = 2")
    assert verify_chain() == (False, 2, 2)


def test_deleting_a_row_behind_the_apps_back_is_detected_at_the_next_row(ledger):
    _app, path = ledger
    _five_events()
    raw_sql(path, "DELETE FROM audit_events WHERE id = 3")
    assert verify_chain() == (False, 4, 3)


def test_with_a_key_a_rebuilt_chain_is_detected(ledger):
    """Somebody edits an event and recomputes every hash after it; without the key their hashes do not fit."""
    app, path = ledger
    app.config["FAMILYGRAPH_AUDIT_KEY"] = "audit-key-kept-apart-from-the-database"
    _five_events()
    assert verify_chain() == (True, None, 5)
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM audit_events ORDER BY id")]
        rows[2]["detail"] = '{"terms":"somebody else"}'
        for earlier, row in zip(rows[1:], rows[2:], strict=False):
            row["prev_hash"] = earlier["hash"]
            row["at"] = dt.datetime.fromisoformat(row["at"])
            row["hash"] = chain_hash(row, key=None)
            conn.execute(
                "UPDATE audit_events SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (row["detail"], row["prev_hash"], row["hash"], row["id"]),
            )
        conn.commit()
    assert verify_chain() == (False, 3, 3)


def test_concurrent_writers_in_one_process_do_not_fork_the_chain(ledger):
    app, _path = ledger

    def write(n):
        with app.app_context():
            for i in range(20):
                record("search", user=Actor(f"thread.{n}", "analyst"), detail={"i": i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert verify_chain() == (True, None, 80)


def _append_from_another_process(db_path: str, worker: int, count: int) -> None:
    app = Flask(f"audit-worker-{worker}")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    db.init_app(app)
    with app.app_context():
        for i in range(count):
            record("cypher_query", user=Actor(f"worker.{worker}", "analyst"), detail={"i": i})


def test_concurrent_processes_do_not_fork_the_chain(ledger):
    _app, path = ledger
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_append_from_another_process, args=(str(path), n, 25)) for n in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert verify_chain() == (True, None, 75)
    ids = db.session.execute(db.select(AuditEvent.id).order_by(AuditEvent.id)).scalars().all()
    assert ids == list(range(1, 76))


# -- append-only inside the app ----------------------------------------------------------------------------------
def test_the_app_refuses_to_update_or_delete_events(ledger):
    _five_events()
    event = db.session.get(AuditEvent, 2)
    event.reason = "made up later"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, 2))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    for statement in (update(AuditEvent).values(reason="x"), delete(AuditEvent).where(AuditEvent.id == 1)):
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.execute(statement)
        db.session.rollback()
    for sql in ("UPDATE audit_events SET reason = 'x'", "delete from audit_events", 'DELETE FROM "audit_events"'):
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.execute(text(sql))
        db.session.rollback()
    assert verify_chain() == (True, None, 5)
    assert db.session.get(AuditEvent, 2).reason is None


def test_recording_while_the_request_holds_an_uncommitted_sqlite_write_fails_at_once(ledger):
    """Rather than wait out SQLite's busy timeout for a lock its own request holds."""
    db.session.add(User(username="new.user", display_name="New User", role="analyst", password_hash="x"))
    db.session.flush()
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="commit the request's database changes"):
        record("user_admin", user=Actor("ops.cli", "admin"), detail={"created": "new.user"})
    assert time.perf_counter() - started < 1
    db.session.commit()
    record("user_admin", user=Actor("ops.cli", "admin"), detail={"created": "new.user"})
    assert verify_chain() == (True, None, 1)


def test_no_route_can_change_the_trail(app, client_as):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule and "/test/" not in rule.rule]
    assert {rule.rule for rule in audit_rules} == {"/admin/audit", "/admin/audit.csv"}
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)
    admin = client_as("admin")
    for method in (admin.post, admin.put, admin.delete):
        assert method("/admin/audit").status_code in (400, 405)


# -- the audit pages ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trail(app):
    """Searches and views by three users (the module's other tests add more)."""
    clients = {role: app.test_client() for role in ("social_worker", "early_help", "analyst")}
    for role, client in clients.items():
        assert sign_in(client, role).status_code == 302
        client.get("/test/audit/sign_in")
    clients["early_help"].get("/test/audit/search?terms=jones-smith, chloe")
    clients["early_help"].get("/test/audit/results_shown?ids=P3&ids=P4")
    give_reason(clients["social_worker"], "P4", "allocated_case")
    clients["social_worker"].get("/test/audit/person_viewed?person=P4")
    clients["analyst"].get("/test/audit/cypher_query?query=MATCH (p:Person) RETURN count(p)")
    return clients


def test_admins_search_the_trail_by_user(app, trail, client_as):
    page = client_as("admin").get("/admin/audit?user=early_help")
    assert page.status_code == 200
    rows = table_rows(page.get_data(as_text=True))
    assert rows and all(r[2].startswith("early_help") for r in rows)
    assert {"Signed in", "Searched", "Search results shown"} <= {r[3] for r in rows}
    searched = next(r for r in rows if r[3] == "Searched")
    assert "Terms: jones-smith, chloe" in searched[6]
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)  # newest first


def test_admins_search_the_trail_by_person_viewed(trail, client_as):
    html = client_as("admin").get("/admin/audit?person=P4").get_data(as_text=True)
    rows = table_rows(html)
    actions = {(r[2].split()[0], r[3]) for r in rows}
    assert ("social_worker", "Viewed a person") in actions and ("social_worker", "Gave a reason for access") in actions
    assert ("early_help", "Search results shown") in actions  # the results list that showed P4
    viewed = next(r for r in rows if r[3] == "Viewed a person")
    assert viewed[4].startswith("P4") and viewed[5] == "Allocated case work"
    assert "Searched" not in {r[3] for r in rows}


def test_admins_search_the_trail_by_action_and_date(trail, client_as):
    admin = client_as("admin")
    today = dt.datetime.now(dt.UTC).date()
    day = dt.timedelta(days=1)
    rows = table_rows(admin.get(f"/admin/audit?action=cypher_query&from={today}&to={today}").get_data(as_text=True))
    assert [(r[2].split()[0], r[3]) for r in rows] == [("analyst", "Ran a Cypher query")]
    assert "Query: MATCH (p:Person) RETURN count(p)" in rows[0][6]
    for query in (f"to={today - day}", f"from={today + day}"):
        assert "No events match these filters." in admin.get(f"/admin/audit?{query}").get_data(as_text=True)


def test_a_bad_date_is_named_in_the_error_summary(client_as):
    response = client_as("admin").get("/admin/audit?from=last+week")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#from"' in html and "From date: enter it as year-month-day" in html


def test_the_trail_pages_newest_first(app, client_as):
    with app.app_context():
        for i in range(60):
            record("search", user=Actor("bulk.user", "analyst"), detail={"terms": f"bulk {i}"})
    admin = client_as("admin")
    first = table_rows(admin.get("/admin/audit?user=bulk.user").get_data(as_text=True))
    second_html = admin.get("/admin/audit?user=bulk.user&page=2").get_data(as_text=True)
    second = table_rows(second_html)
    assert len(first) == 50 and len(second) == 10
    assert "Terms: bulk 59" in first[0][6] and "Terms: bulk 0" in second[-1][6]
    assert "Page 2 of 2" in second_html


def test_viewing_the_trail_is_audited(app, client_as):
    client_as("admin").get("/admin/audit?user=early_help&action=search")
    viewed = events(app, action="audit_viewed", username="admin")[-1]
    assert json.loads(viewed.detail) == {"filters": {"username": "early_help", "action": "search"}, "page": 1}


def test_csv_export_holds_the_filtered_rows_and_is_audited(app, trail, client_as):
    response = client_as("admin").get("/admin/audit.csv?user=early_help")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    expected = events(app, username="early_help")
    assert [int(r["id"]) for r in rows] == [e.id for e in reversed(expected)]
    assert {r["username"] for r in rows} == {"early_help"}
    search = next(r for r in rows if r["action"] == "search")
    assert json.loads(search["detail"]) == {"terms": "jones-smith, chloe"}
    assert search["at"].endswith("Z") and search["ip"] == "127.0.0.1" and len(search["hash"]) == 64
    exported = events(app, action="audit_exported", username="admin")[-1]
    assert json.loads(exported.detail) == {"filters": {"username": "early_help"}, "rows": len(rows)}


def test_csv_export_defuses_spreadsheet_formulas(app, client_as):
    with app.app_context():
        record("sign_in_failed", username="=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(client_as("admin").get("/admin/audit.csv?action=sign_in_failed").text)))
    assert "'=HYPERLINK(1)" in {r["username"] for r in rows}


@pytest.mark.parametrize("role", NOT_ADMIN)
def test_only_admins_see_the_trail(client_as, role):
    client = client_as(role)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def test_signed_out_users_are_sent_to_sign_in(anonymous):
    for path in ("/admin/audit", "/admin/audit.csv", "/people/P3/reason"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_page_verifies_the_chain(client_as):
    html = client_as("admin").get("/admin/audit?verify=1").get_data(as_text=True)
    assert "The chain is intact" in html


def test_the_page_names_the_first_broken_event(web_store, tmp_path):
    app = make_app(web_store, tmp_path / "tampered.db", roles=["admin"])
    admin = app.test_client()
    sign_in(admin, "admin")
    for n in range(4):
        admin.get(f"/test/audit/search?terms=t{n}")
    raw_sql(tmp_path / "tampered.db", "UPDATE audit_events SET detail = 'not even JSON' WHERE id = 2")
    response = admin.get("/admin/audit?verify=1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The chain is broken at event 2" in html
    assert "not even JSON" in html  # the page still shows the changed event as it now stands
    verified = events(app, action="audit_viewed")[-1]
    assert json.loads(verified.detail)["chain_verified"] == {"ok": False, "first_bad_id": 2, "checked": 2}


# -- reason for access -------------------------------------------------------------------------------------------
def test_a_person_opens_only_after_a_reason_and_only_that_person(client):
    asked = client.get("/test/person/P3")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/people/P3/reason?next=/test/person/P3"
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Why do you need to open the record of Chloe Jones-Smith?" in page
    assert "Strategy discussion or child protection enquiry" in page

    given = give_reason(client, "P3", "strategy_or_enquiry", next_url="/test/person/P3")
    assert given.status_code == 302 and given.headers["Location"] == "/test/person/P3"
    assert client.get("/test/person/P3").get_data(as_text=True) == "the record opens"
    assert client.get("/test/person/P4").status_code == 302  # another person needs their own reason


def test_the_reason_page_requires_a_choice(app, client):
    before = len(events(app, action="reason_given"))
    response = give_reason(client, "P3", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and '<a href="#reason">Select why you need to open this record</a>' in html
    assert client.get("/test/person/P3").status_code == 302
    assert len(events(app, action="reason_given")) == before


def test_other_requires_a_reason_in_words(client):
    response = give_reason(client, "P3", "other", "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and '<a href="#detail">Say why you need to open this record</a>' in html
    assert give_reason(client, "P3", "other", "Covering for a colleague on leave").status_code == 302
    assert client.get("/test/person/P3").status_code == 200


def test_a_reason_does_not_outlive_the_session(app, client):
    give_reason(client, "P3", "allocated_case")
    assert client.get("/test/person/P3").status_code == 200
    client.get("/test/audit/sign_in")  # what the sign-in view records: a new audit session begins
    assert client.get("/test/person/P3").status_code == 302


def test_a_reason_belongs_to_its_user(client, client_as):
    give_reason(client, "P3", "allocated_case")
    assert client_as("front_door").get("/test/person/P3").status_code == 302


def test_the_reason_form_goes_back_only_to_this_site(client):
    for unsafe in ("https://evil.example/x", "//evil.example/x", "/\\evil.example"):
        response = give_reason(client, "P3", "early_help", next_url=unsafe)
        assert response.headers["Location"] == "/people/P3"


def test_the_reason_form_needs_its_csrf_token(app, client):
    before = len(events(app, action="reason_given"))
    assert client.post("/people/P3/reason", data={"reason": "allocated_case"}).status_code == 400
    assert len(events(app, action="reason_given")) == before


def test_no_reason_page_for_an_unknown_person(client):
    assert client.get("/people/NOBODY/reason").status_code == 404
