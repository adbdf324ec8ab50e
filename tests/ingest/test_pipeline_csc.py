"""The ingest pipeline on a small hand-made children's social care extract: validation, quarantine,
reconciliation, whole-file problems, idempotence and the graph it builds."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from graph import open_store
from ingest.mapping import MAPPINGS_DIR
from ingest.pipeline import run_ingest

PERSONS = [
    "PERSON_ID",
    "FORENAME",
    "MIDDLE_NAMES",
    "SURNAME",
    "KNOWN_AS",
    "DOB",
    "DOB_ESTIMATED",
    "GENDER",
    "ETHNICITY",
    "NHS_NUMBER",
    "UPN",
    "DATE_OF_DEATH",
    "PERSON_TYPE",
    "RECORD_CREATED",
]
GOOD_PEOPLE = [
    [
        "CSC0000001",
        "anna",
        "",
        "SMITH",
        "",
        "04/03/1990",
        "N",
        "2",
        "WBRI",
        "943 476 5919",
        "",
        "",
        "REL",
        "01/01/2015",
    ],
    ["CSC0000002", "Ben", "", "Jones", "", "20/11/1988", "N", "1", "", "", "", "", "REL", "01/01/2015"],
    ["CSC0000003", "Chloe", "", "Jones-Smith", "", "06/05/2015", "N", "2", "", "", "", "", "CLI", "01/06/2015"],
    ["CSC0000004", "Dan", "", "Jones", "", "02/01/2019", "N", "1", "", "", "", "", "CLI", "03/01/2019"],
    # a duplicate registration of Anna: same NHS number, so the same person
    ["CSC0000009", "Ann", "", "Smith", "", "04/03/1990", "N", "2", "", "9434765919", "", "", "REL", "01/01/2020"],
]
BAD_PEOPLE = [  # (row, field, reason fragment)
    (
        ["CSC0000010", "Zed", "", "Future", "", "01/01/2099", "N", "1", "", "", "", "", "CLI", "01/01/2020"],
        "DOB",
        "in the future",
    ),
    (
        ["CSC0000011", "Old", "", "Timer", "", "01/01/1850", "N", "1", "", "", "", "", "REL", "01/01/2020"],
        "DOB",
        "before 1900",
    ),
    (
        ["CSC0000012", "Bad", "", "Date", "", "31/02/2010", "N", "1", "", "", "", "", "CLI", "01/01/2020"],
        "DOB",
        "not a date",
    ),
    (
        ["CSC0000013", "Bad", "", "Nhs", "", "01/02/2010", "N", "1", "", "9434765918", "", "", "CLI", "01/01/2020"],
        "NHS_NUMBER",
        "modulus 11",
    ),
    (
        ["CSC0000014", "Bad", "", "Upn", "", "01/02/2010", "N", "1", "", "", "A801200005001", "", "CLI", "01/01/2020"],
        "UPN",
        "check letter",
    ),
    (
        ["CSC0000015", "Bad", "", "Code", "", "01/02/2010", "N", "7", "", "", "", "", "CLI", "01/01/2020"],
        "GENDER",
        "not in the code list",
    ),
    (
        ["CSC0000016", "No", "", "", "", "01/02/2010", "N", "1", "", "", "", "", "CLI", "01/01/2020"],
        "SURNAME",
        "required",
    ),
    (
        ["CSC0000017", "Long", "", "X" * 101, "", "01/02/2010", "N", "1", "", "", "", "", "CLI", "01/01/2020"],
        "SURNAME",
        "longer than 100",
    ),
    (
        ["CSC0000018", "Dead", "", "Before", "", "01/02/2010", "N", "1", "", "", "", "01/01/2009", "CLI", "01/01/2020"],
        "DATE_OF_DEATH",
        "before DOB",
    ),
    (
        ["CSC0000003", "Chloe", "", "Again", "", "06/05/2015", "N", "2", "", "", "", "", "CLI", "01/06/2015"],
        "PERSON_ID",
        "duplicate of row 3",
    ),
]
ADDRESSES = [
    "ADDRESS_ID",
    "PERSON_ID",
    "ADDRESS_TYPE",
    "ADDRESS_LINE_1",
    "ADDRESS_LINE_2",
    "TOWN",
    "POSTCODE",
    "UPRN",
    "START_DATE",
    "END_DATE",
]
ADDRESS_ROWS = [
    ["A1", "CSC0000001", "HOME", "1 Elm Road", "", "Exampleton", "ex1 1aa", "100000000001", "01/01/2015", "30/06/2022"],
    ["A2", "CSC0000002", "HOME", "1 Elm Road", "", "Exampleton", "EX1 1AA", "100000000001", "01/01/2015", "30/06/2022"],
    ["A3", "CSC0000003", "HOME", "1 Elm Road", "", "Exampleton", "EX1 1AA", "100000000001", "06/05/2015", "30/06/2022"],
    ["A4", "CSC0000004", "HOME", "1 Elm Road", "", "Exampleton", "EX1 1AA", "100000000001", "02/01/2019", "30/06/2022"],
    ["A5", "CSC0000001", "HOME", "7 Oak Street", "", "Exampleton", "EX2 2BB", "100000000007", "01/07/2022", ""],
    [
        "A6",
        "CSC0000002",
        "HOME",
        "7 Oak Street",
        "",
        "Exampleton",
        "EX2 2BB",
        "100000000007",
        "01/07/2022",
        "31/01/2023",
    ],
    ["A7", "CSC0000003", "HOME", "7 Oak Street", "", "Exampleton", "EX2 2BB", "100000000007", "01/07/2022", ""],
    ["A8", "CSC0000004", "HOME", "7 Oak Street", "", "Exampleton", "EX2 2BB", "100000000007", "01/07/2022", ""],
    ["A9", "CSC0000002", "HOME", "3 Ash Close", "", "Exampleton", "EX3 3CC", "", "01/02/2023", ""],
    ["A99", "CSC0000002", "HOME", "9 Nowhere", "", "Exampleton", "NOT A POSTCODE", "", "01/02/2023", ""],
]
RELATIONSHIPS = [
    ["REL_ID", "PERSON_ID", "RELATED_PERSON_ID", "REL_CODE", "START_DATE", "END_DATE"],
    ["R1", "CSC0000003", "CSC0000001", "MOT", "", ""],
    ["R2", "CSC0000003", "CSC0000002", "FAT", "", ""],
    ["R3", "CSC0000004", "CSC0000001", "MOT", "", ""],
    ["R4", "CSC0000004", "CSC0000002", "FAT", "", ""],
    ["R5", "CSC0000001", "CSC0000002", "PTN", "01/01/2014", "31/01/2023"],
    ["R6", "CSC0000002", "CSC0000001", "PTN", "01/01/2014", "31/01/2023"],
]
WORKERS = [
    ["WORKER_ID", "WORKER_NAME", "JOB_TITLE", "TEAM", "ORGANISATION", "PHONE", "EMAIL"],
    [
        "SW00001",
        "Sam Worker",
        "Social Worker",
        "Assessment Team 2",
        "Exampleton Council",
        "01134960123",
        "Sam.Worker@Example.org",
    ],
    ["SW00002", "Pat Typo", "Social Worker", "Team 1", "Exampleton Council", "01134960124", "pat.typo.example.org"],
]
EPISODES = [
    [
        "EPISODE_ID",
        "PERSON_ID",
        "EPISODE_TYPE",
        "START_DATE",
        "END_DATE",
        "REASON_CODE",
        "OUTCOME_CODE",
        "WORKER_ID",
        "PLACEMENT_TYPE",
        "PLACEMENT_POSTCODE",
    ],
    ["E1", "CSC0000003", "CIN", "01/03/2026", "", "N1", "", "SW00001", "", ""],
    ["E2", "CSC0000004", "CONT", "01/02/2021", "01/02/2021", "2A", "NFA", "SW00001", "", ""],
    ["E3", "CSC0000004", "CIN", "01/03/2021", "01/01/2021", "N1", "", "SW00001", "", ""],
]


def write_csv(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def extract(tmp_path):
    folder = tmp_path / "extracts" / "csc"
    folder.mkdir(parents=True)
    write_csv(folder / "persons.csv", [PERSONS, *GOOD_PEOPLE, *[row for row, _, _ in BAD_PEOPLE]])
    write_csv(folder / "addresses.csv", [ADDRESSES, *ADDRESS_ROWS])
    write_csv(folder / "relationships.csv", RELATIONSHIPS)
    write_csv(folder / "workers.csv", WORKERS)
    write_csv(folder / "episodes.csv", EPISODES)
    (folder / "manifest.json").write_text('{"extracted_at": "2026-11-01"}')
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    shutil.copy(MAPPINGS_DIR / "csc.yaml", mappings)
    return tmp_path


@pytest.fixture
def store(empty_store):
    """Every pipeline test runs on both engines."""
    return empty_store


def ingest(store, root, **kwargs):
    return run_ingest(
        store,
        root / "extracts",
        mappings_dir=root / "mappings",
        quarantine_path=root / "q.csv",
        as_of=dt.date(2026, 11, 2),
        progress=False,
        **kwargs,
    )


def quarantine_lines(root):
    with (root / "q.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_validation_rule_quarantines_its_row_with_file_row_and_field(store, extract):
    summary = ingest(store, extract)
    lines = quarantine_lines(extract)
    for offset, (_row, field, reason) in enumerate(BAD_PEOPLE):
        row_number = len(GOOD_PEOPLE) + offset + 1
        match = [q for q in lines if q["file"] == "persons.csv" and q["row"] == str(row_number)]
        assert match, f"row {row_number} ({reason}) was not quarantined"
        assert match[0]["field"] == field and reason in match[0]["reason"], match
    episode_problem = [q for q in lines if q["file"] == "episodes.csv"]
    assert episode_problem == [
        {
            "source": "csc",
            "file": "episodes.csv",
            "row": "3",
            "field": "END_DATE",
            "value": "01/01/2021",
            "reason": "END_DATE is before START_DATE",
        }
    ]
    other = {
        (q["file"], q["row"], q["field"], q["reason"]) for q in lines if q["file"] in {"addresses.csv", "workers.csv"}
    }
    assert other == {
        ("addresses.csv", "10", "POSTCODE", "not a valid UK postcode"),
        ("workers.csv", "2", "EMAIL", "not a valid e-mail address"),
    }
    csc = summary.extracts[0]
    assert csc.rows_read == csc.rows_loaded + csc.rows_quarantined
    assert csc.rows_quarantined == len(BAD_PEOPLE) + 3


def test_the_graph_holds_people_households_episodes_and_leads(store, extract):
    ingest(store, extract)
    counts = store.stats()
    assert counts["nodes"]["Person"] == 4  # five good rows, two of them Anna (same NHS number)
    assert counts["nodes"]["SourceRecord"] == 5
    people = {
        r["p"]["properties"]["forename"]: r["p"]["properties"]
        for r in store.run_read_only("MATCH (p:Person) RETURN p").rows
    }
    assert people["Anna"]["surname"] == "Smith" and people["Anna"]["dob"] == dt.date(1990, 3, 4)
    chloe = people["Chloe"]["person_id"]
    services = store.read("services_involved", person_ids=[chloe])
    assert [(s["episode_type"], s["status"], s["lead_name"], s["lead_phone"], s["lead_email"]) for s in services] == [
        ("child in need", "open", "Sam Worker", "0113 496 0123", "sam.worker@example.org")
    ]
    homes = store.read("person_households", person_id=chloe)
    assert [(h["line1"], h["valid_from"], h["valid_to"]) for h in homes] == [
        ("7 Oak Street", dt.date(2022, 7, 1), None),
        ("1 Elm Road", dt.date(2015, 5, 6), dt.date(2022, 6, 30)),
    ]
    now = store.read("household_members", household_id=homes[0]["household_id"], as_at=dt.date(2026, 1, 1))
    assert sorted(m["forename"] for m in now) == ["Anna", "Chloe", "Dan"]  # Ben moved out in January 2023
    before = store.read("household_members", household_id=homes[0]["household_id"], as_at=dt.date(2022, 12, 1))
    assert sorted(m["forename"] for m in before) == ["Anna", "Ben", "Chloe", "Dan"]
    network = {r["person_id"] for r in store.read("family_network", person_id=chloe)}
    assert network == {people[n]["person_id"] for n in ("Anna", "Ben", "Dan")}
    assert counts["relationships"]["SIBLING_OF"] == 1 and counts["relationships"]["PARTNER_OF"] == 1


def test_loading_the_same_extract_twice_changes_no_counts(store, extract):
    ingest(store, extract)
    first = store.stats()
    ingest(store, extract)
    second = store.stats()
    first["nodes"].pop("Load"), second["nodes"].pop("Load")  # each run is recorded
    assert first == second


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda f: f.unlink(), "file workers.csv is missing"),
        (lambda f: f.write_text(""), "file workers.csv is empty"),
        (
            lambda f: f.write_bytes("WORKER_ID,WORKER_NAME\nSW1,Zoë\n".encode("latin-1")),
            "file workers.csv is not UTF-8",
        ),
        (
            lambda f: f.write_text("WORKER_ID,JOB_TITLE\nSW1,x\n"),
            "file workers.csv lacks column(s) EMAIL, ORGANISATION, PHONE, TEAM, WORKER_NAME",
        ),
    ],
)
def test_whole_file_problems_are_named_and_the_run_continues(store, extract, damage, reason):
    damage(extract / "extracts" / "csc" / "workers.csv")
    summary = ingest(store, extract)
    assert any(reason in p for p in summary.extracts[0].file_problems)
    assert [q for q in quarantine_lines(extract) if q["row"] == "0"][0]["reason"].startswith(reason)
    assert store.stats()["nodes"]["Person"] == 4


def test_changes_between_two_extracts_a_month_apart(store, extract):
    ingest(store, extract)  # the baseline: a first load records no changes
    assert store.stats()["nodes"].get("Change", 0) == 0
    folder = extract / "extracts" / "csc"
    later = [r if r[0] != "A8" else [*r[:9], "30/09/2026"] for r in ADDRESS_ROWS]
    later.append(["A10", "CSC0000004", "HOME", "3 Ash Close", "", "Exampleton", "EX3 3CC", "", "01/10/2026", ""])
    write_csv(folder / "addresses.csv", [ADDRESSES, *later])
    episodes = [r if r[0] != "E1" else [*r[:4], "20/10/2026", *r[5:]] for r in EPISODES]
    episodes.append(["E4", "CSC0000004", "CIN", "15/10/2026", "", "N1", "", "SW00001", "", ""])
    write_csv(folder / "episodes.csv", episodes)
    ingest(store, extract)
    people = {
        r["p"]["properties"]["forename"]: r["p"]["properties"]["person_id"]
        for r in store.run_read_only("MATCH (p:Person) RETURN p").rows
    }
    found = store.read("family_changes", person_ids=list(people.values()), since=dt.date(2026, 9, 1))
    summary = sorted((c["kind"], c["at"], c["person_id"], c["summary"]) for c in found)
    assert summary == [
        ("episode_closed", dt.date(2026, 10, 20), people["Chloe"], "child in need (csc) closed"),
        ("episode_opened", dt.date(2026, 10, 15), people["Dan"], "child in need (csc) opened"),
        ("left_household", dt.date(2026, 9, 30), people["Dan"], "Left the household at 7 Oak Street, EX2 2BB"),
        ("moved", dt.date(2026, 10, 1), people["Dan"], "Moved to 3 Ash Close, EX3 3CC"),
    ]
    ingest(store, extract)  # the same extract again finds nothing new
    assert len(store.read("family_changes", person_ids=list(people.values()), since=dt.date(2000, 1, 1))) == len(found)


class CrashingStore:
    """Wraps a store and fails on the Nth write, as a killed process would stop mid-load."""

    def __init__(self, store, fail_at: int):
        self._store, self._left = store, fail_at

    def write(self, name, rows=None, **kwargs):
        self._left -= 1
        if self._left == 0:
            raise RuntimeError("simulated crash")
        return self._store.write(name, rows, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)


def graph_dump(store) -> tuple:
    """Every node and relationship by our own ids and properties, leaving out run bookkeeping."""
    nodes = store.run_read_only("MATCH (n) RETURN n", row_limit=100_000).rows
    rels = store.run_read_only("MATCH (a)-[r]->(b) RETURN r", row_limit=100_000).rows
    skip = ("Load:", "Change:")
    bookkeeping = {"last_load_id", "loaded_at"}

    def props(item):
        return sorted(((k, v) for k, v in item["properties"].items() if k not in bookkeeping), key=str)

    return (
        sorted((n["n"]["id"], props(n["n"])) for n in nodes if not n["n"]["id"].startswith(skip)),
        sorted((r["r"]["id"], props(r["r"])) for r in rels if not r["r"]["start"].startswith(skip)),
    )


@pytest.mark.parametrize("fail_at", [3, 9, 14])
def test_a_run_killed_half_way_converges_when_run_again(store, extract, tmp_path, fail_at):
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest(CrashingStore(store, fail_at), extract)
    ingest(store, extract)
    with open_store(f"embedded:{tmp_path / 'clean'}", apply_schema=True) as clean:
        ingest(clean, extract)
        assert graph_dump(store) == graph_dump(clean)
