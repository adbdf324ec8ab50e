"""The person page's JSON API on the fixture family: every endpoint, bad parameters and unknown ids."""

from __future__ import annotations

import pytest

ENDPOINTS = ["", "/households", "/involvements", "/chronology", "/changes"]


def test_person_summary(client):
    body = client.get("/api/people/P3").get_json()
    assert body["name"] == "Chloe Jones-Smith"
    assert body["dob"] == "2015-05-06"
    assert body["current_address"] == "7 Oak Street, Exampleton, EX2 2BB"
    assert {(r["system"], r["record_id"]) for r in body["records"]} == {("csc", "CSC3"), ("schools", "A123456789012")}


def test_household_composition_today_and_before_the_father_left(client):
    today = client.get("/api/people/P3/households").get_json()
    [home] = today["current"]
    assert home["address"] == "7 Oak Street, Exampleton, EX2 2BB"
    assert [(m["name"], m["relationship"]) for m in home["members"]] == [
        ("Anna Smith", "mother"),
        ("Chloe Jones-Smith", "this person"),
        ("Dan Jones", "brother"),
    ]
    before = client.get("/api/people/P3/households?as_at=2022-12-01").get_json()
    assert "Ben Jones" in [m["name"] for m in before["current"][0]["members"]]
    earlier = client.get("/api/people/P3/households?as_at=2020-01-01").get_json()
    assert earlier["current"][0]["address"].startswith("1 Elm Road")
    history = today["history"]
    assert [(h["address"].split(",")[0], h["valid_from"], h["valid_to"]) for h in history] == [
        ("7 Oak Street", "2022-07-01", None),
        ("1 Elm Road", "2015-05-06", "2022-06-30"),
    ]


def test_involvements_with_lead_practitioner_and_sources_searched(client):
    body = client.get("/api/people/P3/involvements").get_json()
    rows = {r["episode_id"]: r for r in body["involvements"]}
    assert set(rows) == {"csc:E1", "early_help:E2"}  # Chloe's and her brother Dan's
    open_csc = rows["csc:E1"]
    assert open_csc["status_on_date"] == "open"
    assert (open_csc["lead_name"], open_csc["lead_role"], open_csc["lead_phone"]) == (
        "Sam Worker",
        "Social worker",
        "0113 496 0123",
    )
    assert open_csc["source_name"] == "Children's social care" and open_csc["correct_as_of"] == "2026-11-01"
    assert rows["early_help:E2"]["status_on_date"] == "closed"
    states = {s["system"]: s["state"] for s in body["sources"]}
    assert states["csc"] == "record" and states["schools"] == "record"
    assert states["amh"] == "no record"  # connected and searched: Ben's record is not in Chloe's household now
    assert states["police"] == "not connected"


def test_chronology_newest_first_and_filters(client):
    body = client.get("/api/people/P3/chronology").get_json()
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    assert {"episode opened", "episode closed", "moved in", "moved out"} <= {e["kind"] for e in body["events"]}
    only_dan = client.get("/api/people/P3/chronology?member=P4").get_json()
    assert only_dan["events"] and {e["person_id"] for e in only_dan["events"]} == {"P4"}
    early_help = client.get("/api/people/P3/chronology?service=Early help").get_json()
    assert {e["kind"] for e in early_help["events"]} == {"episode opened", "episode closed"}


def test_changes_since_a_date(client):
    body = client.get("/api/people/P3/changes?since=2023-01-01").get_json()
    assert [(c["person_name"], c["kind"]) for c in body["changes"]] == [("Ben Jones", "left_household")]
    assert client.get("/api/people/P3/changes?since=2024-01-01").get_json()["changes"] == []


@pytest.mark.parametrize("suffix", ENDPOINTS)
def test_unknown_person_is_a_404_with_a_message(client, suffix):
    response = client.get(f"/api/people/NOPE{suffix}")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "no person with id NOPE"}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/people/P3/households?as_at=31/02/2020", "as_at"),
        ("/api/people/P3/involvements?as_at=yesterday", "as_at"),
        ("/api/people/P3/changes?since=2020-13-01", "since"),
        ("/api/people/P3/chronology?colour=red", "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_parameter" and parameter in body["message"]


def test_openapi_documents_every_person_endpoint(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for suffix in ENDPOINTS:
        operation = paths[f"/api/people/{{person_id}}{suffix}"]["get"]
        assert {"200", "400", "401", "404"} <= set(operation["responses"])
