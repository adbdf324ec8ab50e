"""The data-quality page, its CSV downloads and its API on the fixture family, with ingest runs and sources added
here: every figure equals a count taken from what was written, each CSV holds exactly its table, an identifier a
source does not carry is said to be not held (not 100% missing), stale sources are flagged in words, only the
linkage team and administrators get in, and opening the list of people whose sources disagree is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.audit import AuditEvent
from app.services import data_quality as quality
from app.template_filters import long_date
from app.users import db
from tests.fixtures.contract_graph import EXTRACTED, LINKED_RECORDS, RECORDS, SOURCES, record

TODAY = dt.date.today()
D, T = dt.date, dt.datetime

# Ingest runs, oldest first: L0 predates reason counts; the fixture's own L1 (2 November) has counts "{}"; L4 is
# still running. The latest run with counts is L3, and the run before it that read the same sources is L2.
RUNS = [
    ("L0", T(2026, 10, 20, 6, 0), T(2026, 10, 20, 6, 5), "complete", {"csc": (100, 97, 3, [])}, None),
    (
        "L2",
        T(2026, 11, 9, 6, 0),
        T(2026, 11, 9, 6, 7),
        "complete",
        {"csc": (110, 104, 6, []), "schools": (50, 50, 0, ["file pupils.csv is empty"])},
        {
            "csc": {"DOB: date is in the future": 4, "GENDER: code 'UNK' is not in the code list": 3},
            "schools": {"(whole file): file pupils.csv is empty": 1},
        },
    ),
    (
        "L3",
        T(2026, 11, 16, 6, 0),
        T(2026, 11, 16, 6, 9),
        "complete",
        {"csc": (1200, 1195, 5, []), "schools": (60, 58, 2, [])},
        {
            "csc": {
                "SURNAME: required field is missing": 3,
                "DOB: date is in the future": 2,
                "DOB: not a date in the format dd/mm/yyyy": 1,  # one csc row had two problems: 6 in 5 rows
            },
            "schools": {"UPN: UPN check letter does not match": 2},
        },
    ),
    ("L4", T(2026, 11, 23, 6, 0), None, "running", {}, None),
]
FIXTURE_RUN = ("L1", T(2026, 11, 2, 6, 0), T(2026, 11, 2, 6, 1), "complete", {}, None)  # counts "{}"
NEWEST_FIRST = sorted([*RUNS, FIXTURE_RUN], key=lambda run: run[1], reverse=True)
# L3 beside L2, by hand: (source, field, reason, problems, previous, change), in the page's order.
REASONS = [
    ("csc", "SURNAME", "required field is missing", 3, 0, "up 3"),
    ("csc", "DOB", "date is in the future", 2, 4, "down 2"),
    ("csc", "DOB", "not a date in the format dd/mm/yyyy", 1, 0, "up 1"),
    ("csc", "GENDER", "code 'UNK' is not in the code list", 0, 3, "down 3"),
    ("schools", "UPN", "UPN check letter does not match", 2, 0, "up 2"),
    ("schools", "(whole file)", "file pupils.csv is empty", 0, 1, "down 1"),
]
# Three more sources: one fresh, one a month old, one exactly a week old (not yet stale).
EXTRA_SOURCES = [
    {"system": "housing", "name": "Housing", "extracted_at": TODAY - dt.timedelta(days=2)},
    {"system": "police", "name": "Police", "extracted_at": TODAY - dt.timedelta(days=30)},
    {"system": "youth_justice", "name": "=1+1", "extracted_at": TODAY - dt.timedelta(days=7)},  # a formula-like name
]
# Two records for Ed Brown (P5), who has none in the fixture, with two dates of birth: he joins Anna Smith (P1)
# among the people whose sources disagree.
ED_RECORDS = [
    record("csc", "CSC5", "P5", "Ed", "Brown", D(1985, 7, 8)),
    {**record("health", "RW5", "P5", "Ed", "Brown", D(1985, 8, 7), nhs="9434765870"), "sex": "M"},
]
ALL_RECORDS = [*RECORDS, *LINKED_RECORDS, *ED_RECORDS]
# What each source's person records carry, from ingest/mappings/*.yaml (amh has no mapping: not known).
CARRIES = {
    "csc": {"nhs_number", "upn", "dob"},
    "early_help": {"dob", "postcode"},
    "health": {"nhs_number", "dob", "postcode"},
    "schools": {"upn", "dob", "postcode", "uprn"},
}
IDENTIFIERS = ["nhs_number", "upn", "dob", "postcode", "uprn"]
NO_COUNTS = "This run has no counts in the graph (a run that is still going, or that stopped before the end, has none)."
NOT_HELD = "not held by this source"


@pytest.fixture(scope="module")
def graph(web_store):
    """The fixture family plus the runs, sources and record above (this module's own store)."""
    for load_id, started, finished, status, sources, reasons in RUNS:
        counts = {
            "sources": {
                s: {"read": r, "loaded": lo, "quarantined": q, "file_problems": fp}
                for s, (r, lo, q, fp) in sources.items()
            }
        }
        if reasons is not None:
            counts["quarantine_reasons"] = reasons
        web_store.write(
            "load/load_run",
            load_id=load_id,
            started_at=started,
            finished_at=finished,
            source_dir="test",
            status=status,
            counts=json.dumps(counts) if sources else "{}",
        )
    web_store.write(
        "load/sources",
        [
            {**s, "agency": "Exampleton", "loaded_at": T(2026, 11, 25, 7, 0), "last_load_id": "L3"}
            for s in EXTRA_SOURCES
        ],
    )
    web_store.write("load/source_records", [{k: v for k, v in r.items() if k != "_person"} for r in ED_RECORDS])
    web_store.write(
        "load/record_of",
        [{"src": r["record_key"], "dst": "P5", "match_probability": 1.0, "method": "identifier"} for r in ED_RECORDS],
    )
    return web_store


@pytest.fixture
def steward(graph, client_as):
    return client_as("data_steward", reasons=False)


# -- reading the page -------------------------------------------------------------------------------------------
class _Tables(HTMLParser):
    """Every table of a page by id: its body rows as the text of each cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = self.tables.setdefault(dict(attrs).get("id"), [])
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.current.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_of(page: str) -> dict[str, list[list[str]]]:
    reader = _Tables()
    reader.feed(page)
    return reader.tables


def csv_rows(client, table: str, **query) -> list[dict]:
    response = client.get(f"/data-quality/{table}.csv", query_string=query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def when(value: dt.datetime | None) -> str:
    return f"{long_date(value)} at {value:%H:%M}" if value else "not finished"


def n(value) -> str:
    return f"{int(value):,}"


# What the page shows for one CSV row: a CSV holds exactly its table when these equal the table's rows.
def shown_run(row: dict) -> list[str]:
    head = [when(T.fromisoformat(row["finished_at"]) if row["finished_at"] else None), row["load_id"], row["status"]]
    if not row["source"]:
        return [*head, "No counts recorded", NO_COUNTS]
    return [
        *head,
        row["source"],
        *(n(row[k]) for k in ("read", "loaded", "quarantined")),
        f"{row['percent_quarantined']}%",
        n(row["whole_file_problems"]),
    ]


def shown_reason(row: dict) -> list[str]:
    previous = n(row["previous_problems"]) if row["previous_problems"] else "not recorded"
    return [row["source"], row["field"], row["reason"], n(row["problems"]), previous, row["change"]]


def shown_disagreement(row: dict) -> list[str]:
    dobs = int(row["dobs"])
    earliest, latest = (long_date(D.fromisoformat(row[k])) for k in ("earliest_dob", "latest_dob"))
    return [
        f"{row['forename']} {row['surname']} {row['person_id']}",
        row["records"],
        f"{dobs} different: {earliest} to {latest}" if dobs > 1 else "consistent",
        f"{row['nhs_numbers']} different" if int(row["nhs_numbers"]) > 1 else "consistent",
        "male and female" if int(row["sexes"]) > 1 else "consistent",
    ]


def shown_missing(row: dict) -> list[str]:
    cells = [row["system"], n(row["records"]), row["carries"]]
    for key in IDENTIFIERS:
        missing = row[f"{key}_missing"]
        cells.append(missing if missing == NOT_HELD else f"{n(missing)} missing ({row[f'{key}_percent_missing']}%)")
    return cells


def shown_freshness(row: dict) -> list[str]:
    return [
        row["system"],
        row["name"].removeprefix("'") if row["name"][1:2] in ("=", "+", "-", "@") else row["name"],
        long_date(D.fromisoformat(row["extracted_at"])),
        when(T.fromisoformat(row["loaded_at"])),
        row["age_days"],
        row["status"],
    ]


SHOWN = {
    "quarantine_runs": ("quarantine-runs", shown_run),
    "quarantine_reasons": ("quarantine-reasons", shown_reason),
    "disagreements": ("disagreements", shown_disagreement),
    "missing_identifiers": ("missing-identifiers", shown_missing),
    "freshness": ("freshness", shown_freshness),
}


# -- the figures equal what was written ---------------------------------------------------------------------------
def test_quarantine_per_run_and_source_newest_first(steward):
    rows = tables_of(steward.get("/data-quality").get_data(as_text=True))["quarantine-runs"]
    expected = []
    for load_id, _started, finished, status, sources, _reasons in NEWEST_FIRST:
        head = [when(finished), load_id, status]
        if not sources:
            expected.append([*head, "No counts recorded", NO_COUNTS])
        for source, (read, loaded, quarantined, problems) in sorted(sources.items()):
            share = round(100 * quarantined / read, 1)
            expected.append([*head, source, n(read), n(loaded), n(quarantined), f"{share}%", str(len(problems))])
    assert rows == expected  # L0, recorded before reasons were counted, shows its totals like the others


def test_the_latest_runs_reasons_beside_the_run_before(steward):
    page = steward.get("/data-quality").get_data(as_text=True)
    assert "Run L3" in page
    assert tables_of(page)["quarantine-reasons"] == [
        [source, field, reason, n(now), n(before), change] for source, field, reason, now, before, change in REASONS
    ]


def test_the_reasons_table_does_not_depend_on_how_many_runs_are_listed(steward):
    page = steward.get("/data-quality", query_string={"runs": 1}).get_data(as_text=True)
    tables = tables_of(page)
    assert [row[1] for row in tables["quarantine-runs"]] == ["L4"]  # the run still going
    assert len(tables["quarantine-reasons"]) == len(REASONS)  # still L3 beside L2
    assert "Show more runs" in page


def test_a_latest_run_from_before_reason_counts_says_so():
    runs = [{"load_id": "L0", "finished_at": T(2026, 10, 20), "sources": [{"source": "csc"}], "reasons": None}]
    assert quality.reason_trend(runs) == {
        "load_id": "L0",
        "finished_at": T(2026, 10, 20),
        "recorded": False,
        "rows": [],
    }


def test_people_whose_sources_disagree_are_the_linkage_reports(steward, graph):
    page = steward.get("/data-quality").get_data(as_text=True)
    rows = tables_of(page)["disagreements"]
    assert rows == [
        ["Anna Smith P1", "2", "2 different: 4 March 1990 to 3 April 1990", "consistent", "consistent"],
        ["Ed Brown P5", "2", "2 different: 8 July 1985 to 7 August 1985", "consistent", "consistent"],
    ]
    assert [r["person_id"] for r in graph.read("linkage/report_disagreements", limit=10)] == ["P1", "P5"]
    # No NHS number is shown here (the linkage report, one link away, shows the values that differ)
    assert "9434765919" not in page and "9434765870" not in page


def test_the_list_of_people_is_limited_with_a_way_to_see_more(steward):
    page = steward.get("/data-quality?limit=1").get_data(as_text=True)
    assert [row[0] for row in tables_of(page)["disagreements"]] == ["Anna Smith P1"]
    assert "Show more people" in page and "The first 1 by person id are listed" in page
    assert [r["person_id"] for r in csv_rows(steward, "disagreements", limit=1)] == ["P1"]
    assert "Show more people" not in steward.get("/data-quality?limit=2").get_data(as_text=True)


def test_missing_identifiers_per_source_with_what_it_does_not_hold(steward):
    rows = {
        row[0]: row for row in tables_of(steward.get("/data-quality").get_data(as_text=True))["missing-identifiers"]
    }
    systems = sorted({r["system"] for r in ALL_RECORDS})
    assert sorted(rows) == systems
    for system in systems:
        records = [r for r in ALL_RECORDS if r["system"] == system]
        assert rows[system][1] == n(len(records))
        for key, cell in zip(IDENTIFIERS, rows[system][3:], strict=True):
            missing = sum(1 for r in records if r[key] is None)
            if system in CARRIES and key not in CARRIES[system]:
                assert cell == NOT_HELD
            else:
                assert cell == f"{missing} missing ({round(100 * missing / len(records), 1)}%)"
    assert rows["csc"][2] == "NHS number, UPN, Date of birth"
    assert rows["csc"][3] == "2 missing (66.7%)"  # only Anna's csc record has an NHS number
    assert rows["schools"][3] == NOT_HELD and rows["schools"][4] == "0 missing (0.0%)"
    assert rows["amh"][2] == "not known (no mapping for this source)" and rows["amh"][6] == "1 missing (100.0%)"


def test_linkage_summary_links_to_the_full_report(steward):
    page = steward.get("/data-quality").get_data(as_text=True)
    summary = page.split('id="linkage-summary"')[1].split("</dl>")[0]
    pairs = dict(re.findall(r"<dt[^>]*>\s*(.*?)\s*</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", summary, re.S))
    assert pairs == {
        "Source records": str(len(ALL_RECORDS)),
        "People": "7",
        "Pairs waiting for review": "1",
        "People whose sources disagree": "2",
    }
    assert tables_of(page)["records-per-person"] == [["1", "2"], ["2", "3"]]  # P2, P4 / P1, P3, P5 (P6, P7: none)
    assert 'href="/linkage/report"' in page


def test_freshness_flags_stale_sources_in_words(steward):
    rows = {row[0]: row for row in tables_of(steward.get("/data-quality").get_data(as_text=True))["freshness"]}
    dates = {s["system"]: s["extracted_at"] for s in SOURCES} | {s["system"]: s["extracted_at"] for s in EXTRA_SOURCES}
    assert sorted(rows) == sorted(dates)
    for system, extracted in dates.items():
        age = (TODAY - extracted).days
        assert rows[system][2] == long_date(extracted) and rows[system][4] == str(age)
        assert rows[system][5] == ("Stale: more than 7 days old" if age > 7 else "Up to date")
    assert rows["police"][5] == "Stale: more than 7 days old" and rows["housing"][5] == "Up to date"
    assert rows["youth_justice"][4] == "7" and rows["youth_justice"][5] == "Up to date"  # stale after 7 days
    assert dates["csc"] == EXTRACTED


# -- each CSV holds its table -------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", sorted(SHOWN))
def test_each_csv_holds_exactly_its_table(steward, table):
    table_id, shown = SHOWN[table]
    page = steward.get("/data-quality").get_data(as_text=True)
    assert f'href="/data-quality/{table}.csv?limit=50&amp;runs=10"' in page
    rows = tables_of(page)[table_id]
    from_csv = [shown(row) for row in csv_rows(steward, table, limit=50, runs=10)]
    assert rows == from_csv and rows


def test_an_unknown_table_is_not_found(steward):
    assert steward.get("/data-quality/people.csv").status_code == 404


def test_a_csv_cell_cannot_start_a_formula(steward):
    """Names and codes come from the sources: one that starts like a formula is written as text."""
    rows = {row["system"]: row for row in csv_rows(steward, "freshness")}
    assert rows["youth_justice"]["name"] == "'=1+1"
    shown = {row[0]: row for row in tables_of(steward.get("/data-quality").get_data(as_text=True))["freshness"]}
    assert shown["youth_justice"][1] == "=1+1"  # the page shows the name as it is


# -- the API --------------------------------------------------------------------------------------------------------
def test_the_api_gives_the_same_sections(steward):
    answer = steward.get("/api/data-quality").get_json()
    assert [r["load_id"] for r in answer["quarantine_runs"]] == [run[0] for run in NEWEST_FIRST]
    assert answer["quarantine_runs"][-1]["reasons"] is None  # L0 predates reason counts
    assert answer["quarantine_runs"][1]["reasons"] == RUNS[2][5]
    trend = answer["quarantine_reasons"]
    assert trend["load_id"] == "L3" and trend["recorded"]
    assert [
        (r["source"], r["field"], r["reason"], r["problems"], r["previous_problems"], r["change"])
        for r in trend["rows"]
    ] == REASONS
    assert {r["previous_load_id"] for r in trend["rows"]} == {"L2"}
    assert [p["person_id"] for p in answer["disagreements"]["people"]] == ["P1", "P5"]
    assert "first_nhs_number" not in answer["disagreements"]["people"][0]
    csc = next(r for r in answer["missing_identifiers"] if r["system"] == "csc")
    assert {i["identifier"]: (i["held"], i["missing"], i["percent_missing"]) for i in csc["identifiers"]} == {
        "nhs_number": (True, 2, 66.7),
        "upn": (True, 3, 100.0),
        "dob": (True, 0, 0.0),
        "postcode": (False, None, None),
        "uprn": (False, None, None),
    }
    assert answer["linkage"]["records"] == len(ALL_RECORDS) and answer["linkage"]["queue_pending"] == 1
    police = next(s for s in answer["freshness"] if s["system"] == "police")
    assert police["stale"] is True and police["age_days"] == 30 and answer["stale_after_days"] == 7


def test_the_api_names_a_bad_parameter(steward):
    answer = steward.get("/api/data-quality?limit=0")
    assert answer.status_code == 400 and "limit" in answer.get_json()["message"]


# -- who may open it, and the audit trail --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "role, allowed",
    [("data_steward", True), ("analyst", True), ("admin", True), ("social_worker", False), ("leader", False)],
)
def test_only_the_linkage_team_and_administrators_get_in(graph, client_as, role, allowed):
    client = client_as(role, reasons=False)
    for url in ("/data-quality", "/data-quality/freshness.csv", "/data-quality/disagreements.csv", "/api/data-quality"):
        assert client.get(url).status_code == (200 if allowed else 403), url
    page = client.get("/status").get_data(as_text=True)
    assert ('href="/data-quality"' in page) is allowed  # the menu offers it only to those who may open it


def viewed(app) -> list[dict]:
    with app.app_context():
        events = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "data_quality_viewed").order_by(AuditEvent.id)
        ).scalars()
        return [{"username": e.username, **e.detail_data} for e in events]


def test_opening_the_page_or_the_list_of_people_is_audited(app, graph, client_as):
    analyst = client_as("analyst", reasons=False)
    before = len(viewed(app))
    analyst.get("/data-quality")
    analyst.get("/data-quality/disagreements.csv")
    analyst.get("/data-quality/freshness.csv")  # no names: not audited
    analyst.get("/api/data-quality?limit=1")
    events = viewed(app)[before:]
    assert events == [
        {"username": "analyst", "view": "page", "disagreements_listed": ["P1", "P5"]},
        {"username": "analyst", "view": "disagreements_csv", "disagreements_listed": ["P1", "P5"]},
        {"username": "analyst", "view": "api", "disagreements_listed": ["P1"]},
    ]
