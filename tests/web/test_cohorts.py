"""The cohort library in the app, on the hand-built cohort fixture (tests/fixtures/cohort_graph.py): each cohort's
form, results that equal the saved query's answer and link to the person pages, the CSV download, the cohorts'
own role lists, the pseudonymised export, and the audit trail."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from app.audit import AuditEvent
from app.users import db
from graph import open_store
from graph.cohorts import load_cohorts
from tests.fixtures.cohort_graph import AS_AT, PEOPLE, load_cohort_graph
from tests.web.conftest import make_web_app, sign_in
from tests.web.html_tables import read_table

COHORTS = load_cohorts()
KEY = "k" * 40


@pytest.fixture(scope="module")
def cohort_store(tmp_path_factory):
    store = open_store(f"embedded:{tmp_path_factory.mktemp('cohort-graph')}", apply_schema=True)
    load_cohort_graph(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def cohort_app(cohort_store, tmp_path_factory):
    return make_web_app(cohort_store, tmp_path_factory.mktemp("cohort-users") / "users.db", PSEUDONYM_KEY=KEY)


@pytest.fixture
def as_role(cohort_app):
    def make(role: str):
        client = cohort_app.test_client()
        sign_in(client, role)
        return client

    return make


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/status").get_data(as_text=True)).group(1)


def run(client, name: str, action: str = "run", **fields):
    data = {"csrf_token": token(client), "as_at": AS_AT.isoformat(), "action": action, **fields}
    return client.post(f"/cohorts/{name}", data=data)


def export(client, name: str, **fields):
    data = {"csrf_token": token(client), "as_at": AS_AT.isoformat(), **fields}
    return client.post(f"/cohorts/{name}/pseudonymised.csv", data=data)


def events(app, action: str) -> list[dict]:
    with app.app_context():
        found = db.session.execute(db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id))
        return [{"username": e.username, **e.detail_data} for e in found.scalars()]


def expected_people(store, name: str) -> list[str]:
    cohort = COHORTS[name]
    return [row["person_id"] for row in store.read(cohort.query_name, **cohort.arguments({"as_at": str(AS_AT)}))]


def test_each_role_is_offered_the_cohorts_its_role_may_run(as_role):
    for role in ("analyst", "front_door", "admin"):
        page = as_role(role).get("/cohorts").get_data(as_text=True)
        offered = {name for name in COHORTS if f'/cohorts/{name}"' in page}
        assert offered == {name for name, c in COHORTS.items() if role in c.roles}, role
    assert as_role("leader").get("/cohorts").status_code == 403
    assert as_role("social_worker").get("/cohorts").status_code == 403


def test_a_cohort_page_is_a_form_with_its_parameters_and_defaults(as_role):
    cohort = COHORTS["cp_plan_household_changed"]
    page = as_role("analyst").get(f"/cohorts/{cohort.name}").get_data(as_text=True)
    assert cohort.title in page
    for param in cohort.params:
        assert f'name="{param.name}"' in page
        assert f'value="{param.form_value()}"' in page


@pytest.mark.parametrize("name", sorted(COHORTS))
def test_every_cohorts_results_are_its_saved_querys_answer_and_the_csv_holds_the_table(cohort_store, as_role, name):
    client = as_role("admin")
    answer = run(client, name)
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    expected = expected_people(cohort_store, name)
    assert expected, f"the fixture should give {name} at least one person"
    header, rows = read_table(page, "cohort-results")
    assert [row[0] for row in rows] == expected
    for person_id in expected:
        assert f'href="/people/{person_id}"' in page  # results link to the person pages
    lines = list(csv.reader(io.StringIO(run(client, name, action="csv").get_data(as_text=True))))
    assert [h.replace("_", " ") for h in lines[0]] == header
    assert [[" ".join(c.split()) for c in line] for line in lines[1:]] == rows


def test_a_cohort_the_role_may_not_run_is_refused_and_an_unknown_one_is_not_found(as_role):
    front_door = as_role("front_door")
    closed = next(name for name, c in COHORTS.items() if "front_door" not in c.roles)
    refused = front_door.get(f"/cohorts/{closed}")
    assert refused.status_code == 403 and "Your role may not run the cohort" in refused.get_data(as_text=True)
    assert run(front_door, closed).status_code == 403
    assert as_role("analyst").get("/cohorts/no_such_cohort").status_code == 404


def test_bad_parameters_are_named_and_nothing_runs(cohort_app, as_role):
    before = len(events(cohort_app, "cohort_run"))
    answer = run(as_role("analyst"), "cp_plan_household_changed", as_at="31/11/2026", days="ninety")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "There is a problem" in page
    assert 'href="#as_at"' in page and 'href="#days"' in page
    assert len(events(cohort_app, "cohort_run")) == before


def test_runs_are_audited_with_the_people_listed(cohort_app, cohort_store, as_role):
    run(as_role("front_door"), "open_csc_without_lead_practitioner")
    event = events(cohort_app, "cohort_run")[-1]
    assert event["username"] == "front_door" and event["cohort"] == "open_csc_without_lead_practitioner"
    assert event["arguments"]["as_at"] == AS_AT.isoformat()
    assert event["people"] == sorted(set(expected_people(cohort_store, "open_csc_without_lead_practitioner")))


# -- the pseudonymised export ---------------------------------------------------------------------------------------
def exported(client, name: str) -> list[dict]:
    answer = export(client, name)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))


@pytest.mark.parametrize("name", sorted(COHORTS))
def test_the_export_replaces_names_and_identifiers_with_stable_pseudonyms(cohort_store, as_role, name):
    client = as_role("analyst")
    rows = exported(client, name)
    cohort = COHORTS[name]
    answer = cohort_store.read(cohort.query_name, **cohort.arguments({"as_at": str(AS_AT)}))
    assert len(rows) == len(answer)
    text = "\n".join(",".join(r.values()) for r in rows)
    words = set(re.findall(r"[\w-]+", text))
    for person_id, forename, surname, *_ in PEOPLE:  # (person_id, forename, surname, dob, sex)
        assert not {person_id, forename, surname} & words, f"{person_id} is recognisable in the export"
    pseudonyms = [r["person_id"] for r in rows]
    assert all(re.fullmatch(r"P-[0-9a-f]{16}", p) for p in pseudonyms)
    assert len(set(pseudonyms)) == len({r["person_id"] for r in answer})  # one pseudonym per person
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["dob_month"]) for r in rows)  # dates of birth to the month
    assert exported(client, name) == rows  # stable across exports


def test_the_same_person_has_the_same_pseudonym_in_every_cohort_and_a_new_key_changes_them(cohort_app, as_role):
    client = as_role("analyst")
    first = {r["person_id"] for r in exported(client, "open_csc_without_lead_practitioner")}
    every = set().union(*({r["person_id"] for r in exported(client, name)} for name in COHORTS))
    assert first <= every
    cohort_app.config["PSEUDONYM_KEY"] = "another-key-" + "x" * 30
    try:
        assert not first & {r["person_id"] for r in exported(client, "open_csc_without_lead_practitioner")}
    finally:
        cohort_app.config["PSEUDONYM_KEY"] = KEY


def test_without_a_key_production_makes_no_export(cohort_app, as_role):
    cohort_app.config.update(PSEUDONYM_KEY="", FAMILYGRAPH_MODE="production")
    try:
        answer = export(as_role("analyst"), "open_csc_without_lead_practitioner")
    finally:
        cohort_app.config.update(PSEUDONYM_KEY=KEY, FAMILYGRAPH_MODE="demo")
    assert answer.status_code == 503
    assert "FAMILYGRAPH_PSEUDONYM_KEY" in answer.get_data(as_text=True)


def test_only_analysts_and_administrators_export_and_exports_are_audited(cohort_app, as_role):
    assert export(as_role("front_door"), "open_csc_without_lead_practitioner").status_code == 403
    exported(as_role("analyst"), "siblings_placed_apart")
    event = events(cohort_app, "cohort_exported")[-1]
    assert event["username"] == "analyst" and event["cohort"] == "siblings_placed_apart" and event["people"]
    assert event["left_out"] == []


def test_a_cohort_opens_in_the_console_with_its_default_arguments(as_role):
    cohort = COHORTS["families_known_to_many_services"]
    page = html.unescape(as_role("analyst").get(f"/console?cohort={cohort.name}").get_data(as_text=True))
    assert cohort.text.strip() in page
    for name in re.findall(r"\$([A-Za-z_]\w*)", cohort.text):
        assert f'id="param-{name}"' in page


def test_the_api_lists_and_runs_cohorts_for_the_role(cohort_store, as_role):
    client = as_role("front_door")
    listed = client.get("/api/cohorts").get_json()["cohorts"]
    assert {c["name"] for c in listed} == {n for n, c in COHORTS.items() if "front_door" in c.roles}
    answer = client.post(
        "/api/cohorts/open_csc_without_lead_practitioner",
        json={"arguments": {"as_at": AS_AT.isoformat()}},
        headers={"X-CSRFToken": token(client)},
    )
    assert answer.status_code == 200
    assert [r["person_id"] for r in answer.get_json()["rows"]] == expected_people(
        cohort_store, "open_csc_without_lead_practitioner"
    )
    closed = next(name for name, c in COHORTS.items() if "front_door" not in c.roles)
    refused = client.post(f"/api/cohorts/{closed}", json={}, headers={"X-CSRFToken": token(client)})
    assert refused.status_code == 403
