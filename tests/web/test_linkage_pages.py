"""The data steward's linkage pages: the review queue, a pair's page with its accept/reject form, splitting a person,
the linkage report and their JSON API, end to end: decisions taken in the app are stored, and the next ingest run
honours them (the real pipeline on a tiny extract, on both engines)."""

from __future__ import annotations

import csv
import html
import re
from collections import Counter

import pytest

from app import create_app
from app.services.linkage import METHOD_NAMES
from app.users import create_user
from ingest.pipeline import run_ingest
from tests.conftest import ENGINES, open_test_store
from tests.ingest.test_linkage_decisions import MAPPING, PEOPLE
from tests.web.conftest import PASSWORD, sign_in

# The ingest tests' people, and a second woman whose second record has no date of birth: a second question.
WORLD_PEOPLE = [
    *PEOPLE,
    ["D1", "Mary", "Evans", "1975-07-07", "F", "9 Pine Road", "WQ9 9PP"],
    ["D2", "Mary", "Evans", "", "F", "", ""],
]
ROBERT = "people:B1|people:B2"
MARY = "people:D1|people:D2"
NO_ACCESS = ("social_worker", "early_help", "front_door")


@pytest.fixture(scope="module", params=ENGINES)
def steward_app(request, tmp_path_factory):
    """One store per engine and one app on it for the module (each embedded database reserves a great deal of
    address space until its process lets go of it, so tests share one and wipe it), with a data steward."""
    store = open_test_store(request.param, tmp_path_factory)
    app = create_app(
        {
            "GRAPH_STORE": store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('linkage-users') / 'users.db'}",
            "SECRET_KEY": "test-only-secret",
        }
    )
    with app.app_context():
        create_user("steward.one", "Sam Steward", "data_steward", PASSWORD)
    yield app, store
    store.close()


@pytest.fixture
def world(steward_app, tmp_path):
    """A fresh graph ingested from a tiny extract (with two pairs in the review queue), a client signed in as a data
    steward, and a function to re-run the ingest (returns record key → person id)."""
    app, store = steward_app
    store.wipe()
    source = tmp_path / "extracts" / "people"
    source.mkdir(parents=True)
    with (source / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(WORLD_PEOPLE)
    (source / "manifest.json").write_text('{"extracted_at": "2026-11-01"}')
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    (mappings / "people.yaml").write_text(MAPPING)

    def ingest():
        run_ingest(
            store, tmp_path / "extracts", mappings_dir=mappings, quarantine_path=tmp_path / "q.csv", progress=False
        )
        return {r["record_key"]: r["person_id"] for r in store.read("ingest/snapshot_records")}

    people = ingest()
    client = app.test_client()
    assert sign_in(client, "steward.one").status_code == 302
    return store, client, ingest, people


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def text_of(page: str) -> str:
    """The page's words, without tags (what a reader sees)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def pair_url(key: str) -> str:
    return f"/linkage/review/{key.replace('|', '%7C')}"


def pending(store) -> set[str]:
    return {r["pair_key"] for r in store.read("linkage/review_queue", status="pending", limit=100)}


# -- the review queue and one pair ---------------------------------------------------------------------------------
def test_the_queue_lists_the_pending_pairs_strongest_first_with_their_count(world):
    store, client, _, _ = world
    page = client.get("/linkage/review").get_data(as_text=True)
    words = text_of(page)
    assert "2 pairs are waiting for a decision" in words
    links = [link.replace("%7C", "|") for link in re.findall(r'href="/linkage/review/([^"]+)"', page)]
    assert sorted(links) == [ROBERT, MARY]
    probability = {
        q["pair_key"]: q["probability"] for q in store.read("linkage/review_queue", status="pending", limit=9)
    }
    shown = [float(p) for p in re.findall(r'numeric">(0\.\d{4})</td>', page)]
    assert shown == [round(probability[key], 4) for key in links] == sorted(shown, reverse=True)  # strongest first
    assert "Robert Jones" in words and "born 1 January 1985" in words and "no date of birth" in words


def test_the_pair_page_shows_both_records_the_evidence_in_words_and_their_people(world):
    store, client, _, people = world
    page = client.get(pair_url(ROBERT)).get_data(as_text=True)
    words = text_of(page)
    assert "Are these two records the same person?" in words
    assert "Source system people people" in words and "Record id B1 B2" in words
    assert "Date of birth 1 January 1985 Not recorded" in words and "Postcode WQ4 4DD Not recorded" in words
    assert f'href="/people/{people["people:B1"]}"' in page and f'href="/people/{people["people:B2"]}"' in page
    # evidence: every row says in words whether the field agrees, the level and the weight with its direction
    assert re.search(r"First name Agrees exact \+\d+\.\d\d for a match", words)
    assert re.search(r"Date of birth Not compared missing on one side [+-]\d+\.\d\d", words)
    [pair] = [q for q in store.read("linkage/review_queue", status="pending", limit=9) if q["pair_key"] == ROBERT]
    assert f"Match probability {pair['probability']:.4f} (match weight {pair['match_weight']:+.2f})" in words
    assert "Not enough to link them on: no date of birth, no shared household." in words  # why it is in the queue
    assert 'name="decision"' in page and 'name="csrf_token"' in page


def test_an_accepted_pair_leaves_the_queue_and_the_next_ingest_links_it(world):
    store, client, ingest, people = world
    assert people["people:B1"] != people["people:B2"]
    page = client.get(pair_url(ROBERT)).get_data(as_text=True)
    answer = client.post(
        pair_url(ROBERT), data={"csrf_token": token(page), "decision": "accepted", "note": "his GP confirms"}
    )
    assert answer.status_code == 302
    after = client.get(answer.headers["Location"]).get_data(as_text=True)
    words = text_of(after)
    assert "Decision recorded" in words and "takes effect at the next ingest run" in words
    assert 'name="decision"' not in after and "Decided by steward.one" in words  # the decision instead of the form
    assert ROBERT not in pending(store) and MARY in pending(store)
    [decision] = store.read("linkage/decisions")
    assert (decision["kind"], decision["record_a"], decision["record_b"]) == ("accepted", "people:B1", "people:B2")
    assert decision["decided_by"] == "steward.one" and decision["note"] == "his GP confirms"
    assert "1 pair is waiting for a decision" in text_of(client.get("/linkage/review").get_data(as_text=True))
    with client.application.app_context():  # and the audit trail has it, with who decided
        from app.audit import AuditEvent
        from app.users import db

        event = db.session.execute(db.select(AuditEvent).filter_by(action="linkage_decision")).scalars().all()[-1]
        assert event.username == "steward.one" and ROBERT in event.detail and "accepted" in event.detail

    people = ingest()
    assert people["people:B1"] == people["people:B2"]
    assert ROBERT not in {r["pair_key"] for r in store.read("linkage/candidate_keys")}
    assert client.get(pair_url(ROBERT)).status_code == 404  # decided and applied: the pair has left the queue


def test_a_rejected_pair_stays_apart_after_the_next_ingest(world):
    store, client, ingest, _ = world
    page = client.get(pair_url(MARY)).get_data(as_text=True)
    assert client.post(pair_url(MARY), data={"csrf_token": token(page), "decision": "rejected"}).status_code == 302
    assert store.read("linkage/review_queue", status="rejected", limit=5)[0]["pair_key"] == MARY
    [decision] = store.read("linkage/decisions")
    assert decision["kind"] == "rejected" and decision["note"] is None and decision["decided_at"] is not None
    for _ in range(2):
        people = ingest()
        assert people["people:D1"] != people["people:D2"]
        assert MARY not in pending(store)


def test_a_decision_needs_a_choice(world):
    store, client, _, _ = world
    page = client.get(pair_url(ROBERT)).get_data(as_text=True)
    answer = client.post(pair_url(ROBERT), data={"csrf_token": token(page), "note": "not sure"})
    assert answer.status_code == 400
    words = text_of(answer.get_data(as_text=True))
    assert "There is a problem" in words and "Select whether the two records are the same person" in words
    assert 'href="#decision"' in answer.get_data(as_text=True) and "not sure" in words  # the note is kept
    assert store.read("linkage/decisions") == [] and ROBERT in pending(store)


def test_a_decided_pair_cannot_be_decided_twice(world):
    store, client, _, _ = world
    page = client.get(pair_url(ROBERT)).get_data(as_text=True)
    client.post(pair_url(ROBERT), data={"csrf_token": token(page), "decision": "accepted"})
    again = client.post(pair_url(ROBERT), data={"csrf_token": token(page), "decision": "rejected"})
    assert again.status_code == 302
    assert [d["kind"] for d in store.read("linkage/decisions")] == ["accepted"]


def test_a_form_without_its_csrf_token_is_refused(world):
    store, client, _, people = world
    assert client.post(pair_url(ROBERT), data={"decision": "accepted"}).status_code == 400
    split = f"/linkage/people/{people['people:C1']}/split"
    assert client.post(split, data={"record-1": "people:C1", "group-1": "2", "note": "x"}).status_code == 400
    assert store.read("linkage/decisions") == []


def test_an_unknown_pair_or_person_is_not_found(world):
    _, client, _, _ = world
    page = client.get(pair_url("people:X1|people:X2"))
    assert page.status_code == 404 and "govuk-heading-l" in page.get_data(as_text=True)
    assert client.get("/linkage/people/NOBODY/split").status_code == 404
    answer = client.get("/api/linkage/review/people:X1%7Cpeople:X2")
    assert answer.status_code == 404 and answer.get_json()["error"] == "not_found"


# -- splitting a person --------------------------------------------------------------------------------------------
def split_form(client, person_id: str) -> tuple[str, dict]:
    page = client.get(f"/linkage/people/{person_id}/split").get_data(as_text=True)
    keys = dict(re.findall(r'name="record-(\d+)" value="([^"]+)"', page))
    return page, keys


def test_a_split_persists_across_ingest_runs(world):
    store, client, ingest, people = world
    carl = people["people:C1"]
    assert people["people:C2"] == people["people:C3"] == carl
    page, keys = split_form(client, carl)
    assert sorted(keys.values()) == ["people:C1", "people:C2", "people:C3"]
    assert len(re.findall(r'type="radio" value="1" checked', page)) == 3  # everyone starts in group 1
    data = {"csrf_token": token(page), "note": "C3 is his son, same name"}
    for i, key in keys.items():
        data[f"record-{i}"] = key
        data[f"group-{i}"] = "2" if key == "people:C3" else "1"
    answer = client.post(f"/linkage/people/{carl}/split", data=data)
    assert answer.status_code == 302
    words = text_of(client.get(answer.headers["Location"]).get_data(as_text=True))
    assert "Split recorded" in words and "applies from the next ingest run" in words
    assert "group 1: people:C1, people:C2; group 2: people:C3" in words  # listed as already recorded
    [decision] = store.read("linkage/decisions")
    assert decision["kind"] == "unlinked" and decision["person_id"] == carl and decision["decided_by"] == "steward.one"
    for _ in range(2):
        people = ingest()
        assert people["people:C1"] == people["people:C2"] != people["people:C3"]


@pytest.mark.parametrize(
    "groups, note, message, href",
    [
        (("1", "1", "1"), "why", "put at least one record in group 2", "#group-1-2"),
        (("2", "2", "2"), "why", "put at least one record in group 1", "#group-1"),
        (("1", "2", "1"), "", "Enter a note saying why these records are not one person", "#note"),
        (("1", "", "2"), "why", "Select group 1 or group 2 for record people:C2", "#group-2"),
    ],
)
def test_a_split_needs_two_groups_and_a_note(world, groups, note, message, href):
    store, client, _, people = world
    carl = people["people:C1"]
    page, keys = split_form(client, carl)
    data = {"csrf_token": token(page), "note": note}
    for (i, key), group in zip(sorted(keys.items()), groups, strict=True):
        data[f"record-{i}"] = key
        data[f"group-{i}"] = group
    answer = client.post(f"/linkage/people/{carl}/split", data=data)
    assert answer.status_code == 400
    body = answer.get_data(as_text=True)
    assert "There is a problem" in body and message in text_of(body)
    assert f'<a href="{href}">' in body and f'id="{href[1:]}"' in body  # the summary links to a real control
    assert store.read("linkage/decisions") == []


# -- the linkage report ------------------------------------------------------------------------------------------
def figure(words: str, pattern: str) -> int:
    return int(re.search(pattern, words).group(1).replace(",", ""))


def table_cells(page: str, table_id: str) -> list[list[str]]:
    """The words of each cell of each body row of the table with this id."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S).group(0)
    body = re.search(r"<tbody.*?</tbody>", table, re.S).group(0)
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", body, re.S)
    ]


def number(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


def assert_report_reconciles(page: str, store) -> None:
    """Every figure on the report page equals a count taken directly from the graph."""
    stats = store.stats()
    links = store.read("ingest/snapshot_records")  # one row per record: its system and its person
    records, people = stats["nodes"]["SourceRecord"], stats["nodes"]["Person"]
    assert len(links) == records
    words = text_of(page)
    assert figure(words, r"Source records ([\d,]+)") == records
    assert figure(words, r"People ([\d,]+)") == people

    by_system = Counter(link["system"] for link in links)
    assert {row[0]: number(row[1]) for row in table_cells(page, "records-per-source")} == by_system
    per_person = Counter(Counter(link["person_id"] for link in links).values())
    assert {int(row[0]): number(row[1]) for row in table_cells(page, "records-per-person")} == per_person

    methods = Counter(
        r["method"]
        for person in {link["person_id"] for link in links}
        for r in store.read("person_records", person_id=person)
    )
    shown = {row[0]: number(row[1]) for row in table_cells(page, "methods")}
    assert shown == {METHOD_NAMES[method]: n for method, n in methods.items()} and sum(shown.values()) == records
    probabilistic = methods.get("probabilistic", 0)
    assert sum(number(row[1]) for row in table_cells(page, "probabilities")) == probabilistic
    assert f"{probabilistic} records joined their person by match probability" in words

    queue = {row[0]: number(row[1]) for row in table_cells(page, "queue-by-status")}
    assert sum(queue.values()) == stats["nodes"].get("CandidateLink", 0)
    pending_pairs = len(store.read("linkage/review_queue", status="pending", limit=10000))
    assert queue["Pending pairs"] == figure(words, r"Pairs waiting for review ([\d,]+)") == pending_pairs


def test_the_report_reconciles_with_the_graph_after_ingest(world):
    store, client, _, _ = world
    page = client.get("/linkage/report").get_data(as_text=True)
    assert_report_reconciles(page, store)
    assert "No person's source records disagree" in text_of(page)


def test_the_report_lists_people_whose_sources_disagree(client_as, web_store):
    page = client_as("analyst").get("/linkage/report").get_data(as_text=True)
    assert_report_reconciles(page, web_store)
    assert [row[0] for row in table_cells(page, "disagreements")] == [
        "Anna Smith P1"
    ]  # two dates of birth (day and month swapped)
    assert 'href="/people/P1"' in page and 'href="/linkage/people/P1/split"' in page
    assert "2 different: 4 March 1990 to 3 April 1990" in text_of(page)
    # the bar chart writes its numbers, and the bar is an SVG shape (no style attribute)
    assert "1 records (100.0%)" in text_of(page) and 'width="100.0"' in page and "style=" not in page


# -- the JSON API --------------------------------------------------------------------------------------------------
def test_the_api_gives_the_queue_a_pair_and_the_report(client_as, web_store):
    client = client_as("data_steward")
    queue = client.get("/api/linkage/review?status=pending&limit=50").get_json()
    assert queue["status"] == "pending" and queue["total"] == 1
    [pair] = queue["pairs"]
    assert pair["pair_key"] == "amh:M2|early_help:EH4" and pair["probability"] == 0.62
    assert [r["person_id"] for r in pair["records"]] == ["P2", "P4"] and pair["records"][1]["dob"] == "2019-01-02"
    assert {e["comparison"]: e["agreement"] for e in pair["evidence"]} == {
        "forename": "agrees",
        "surname": "agrees",
        "dob": "disagrees",
    }
    decided = client.get("/api/linkage/review/amh:M2%7Ccsc:CSC1").get_json()
    assert decided["status"] == "rejected"
    assert [(d["kind"], d["decided_by"]) for d in decided["decisions"]] == [("rejected", "analyst.one")]
    report = client.get("/api/linkage/report").get_json()
    assert report["people"] == web_store.stats()["nodes"]["Person"] and report["queue_pending"] == 1
    assert [d["person_id"] for d in report["disagreements"]] == ["P1"]
    bad = client.get("/api/linkage/review?status=maybe")
    assert bad.status_code == 400 and "status" in bad.get_json()["message"]
    assert "/api/linkage/review/{pair_key}" in client.get("/api/openapi.json").get_json()["paths"]


# -- who may use the pages -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", NO_ACCESS)
def test_other_roles_are_refused(client_as, role):
    client = client_as(role)
    for path in ("/linkage/review", "/linkage/review/amh:M2%7Ccsc:CSC1", "/linkage/report", "/linkage/people/P1/split"):
        page = client.get(path)
        assert page.status_code == 403, path
        assert "You cannot use this page" in page.get_data(as_text=True) and "govuk-heading-l" in page.get_data(
            as_text=True
        )
    for path in ("/api/linkage/review", "/api/linkage/review/amh:M2%7Ccsc:CSC1", "/api/linkage/report"):
        answer = client.get(path)
        assert answer.status_code == 403 and answer.get_json()["error"] == "forbidden", path
    assert "Linkage review" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ("data_steward", "analyst", "admin"))
def test_stewards_analysts_and_administrators_get_the_pages_and_the_menu(client_as, role):
    client = client_as(role)
    home = text_of(client.get("/", follow_redirects=True).get_data(as_text=True))
    assert "Linkage review" in home and "Linkage report" in home
    for path in ("/linkage/review", "/linkage/review/amh:M2%7Ccsc:CSC1", "/linkage/report", "/linkage/people/P1/split"):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/linkage/report").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(anonymous):
    assert anonymous.get("/linkage/review").status_code == 302
    assert anonymous.get("/api/linkage/review").status_code == 401
