"""Quarantine reasons in the Load node's counts: a run over an extract with known bad rows records, per source and
"FIELD: reason", as many problems as its quarantine report has lines, reconciles with the rows quarantined, and
carries none of the rows' values into the graph.

Reason counts are problems, not rows: a row that fails two checks is one row quarantined and two problems; a
whole-file problem is one problem and no row."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from graph import open_store
from ingest.pipeline import run_ingest
from ingest.quarantine import WHOLE_FILE, general_reason

MAPPING = """
source: people
name: A people register
agency: Exampleton Council
category: social care
date_formats: ["%Y-%m-%d"]
files:
  people.csv:
    key: ID
    columns:
      ID: {required: true}
      SURNAME: {required: true}
      DOB: {type: date}
      SEX: {codes: [M, F]}
      NHS: {type: nhs_number}
      START: {type: date}
      END: {type: date, after: START}
    person:
      record_id: ID
      forename: FORENAME
      surname: SURNAME
      dob: DOB
      sex: {column: SEX, map: {M: M, F: F}, default: U}
      nhs_number: NHS
"""
# A second source whose folder is missing from the extract: a whole-file problem.
ABSENT = """
source: visits
name: A visits log
agency: Exampleton Council
files:
  visits.csv:
    key: VISIT_ID
    columns:
      VISIT_ID: {required: true}
"""
HEADER = ["ID", "FORENAME", "SURNAME", "DOB", "SEX", "NHS", "START", "END"]
ROWS = [
    ["A1", "Anna", "Smith", "1990-03-04", "F", "9434765919", "2020-01-01", ""],  # good
    ["B1", "Ben", "Jones", "2099-01-01", "M", "", "", ""],  # date of birth in the future
    ["C1", "Cara", "Evans", "1985-05-05", "Z", "1234567890", "", ""],  # two problems: sex code, NHS check digit
    ["D1", "Dora", "Khan", "1970-07-07", "Mrs Jones", "", "", ""],  # a name typed where a code goes
    ["A1", "Anna", "Smith", "1990-03-04", "F", "", "", ""],  # a duplicate of row 2
    ["", "Eve", "Walker", "2001-01-01", "F", "", "", ""],  # no id
    ["F1", "Fay", "Brown", "2012-09-10", "F", "", "2024-05-01", "2023-05-01"],  # ends before it starts
    ["G1", "Gus", "", "31/12/1990", "M", "", "", ""],  # two problems: no surname, a date in the wrong format
]
# Problems per "FIELD: reason", worked out by hand from ROWS: 9 problems in 7 rows.
EXPECTED = {
    "people": {
        "DOB: date is in the future": 1,
        "DOB: not a date in the format yyyy-mm-dd": 1,
        "END: END is before START": 1,
        "ID: duplicate of an earlier row (same ID)": 1,
        "ID: required field is missing": 1,
        "NHS: NHS number fails the modulus 11 check digit": 1,
        "SEX: code 'Z' is not in the code list": 1,
        "SEX: code is not in the code list": 1,
        "SURNAME: required field is missing": 1,
    },
    "visits": {f"{WHOLE_FILE}: source folder is missing": 1},
}
# Values of the bad rows that must not reach the graph (a date of birth, a name, a row number, the server's path).
PERSONAL = ["2099-01-01", "31/12/1990", "Mrs Jones", "Jones", "row 2"]


@pytest.fixture
def run(tmp_path):
    source = tmp_path / "extracts" / "people"
    source.mkdir(parents=True)
    with (source / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    (source / "manifest.json").write_text('{"extracted_at": "2026-11-01"}')
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    (mappings / "people.yaml").write_text(MAPPING)
    (mappings / "visits.yaml").write_text(ABSENT)
    store = open_store(f"embedded:{tmp_path / 'db'}", apply_schema=True)
    quarantine = tmp_path / "quarantine.csv"
    summary = run_ingest(
        store, tmp_path / "extracts", mappings_dir=mappings, quarantine_path=quarantine, progress=False
    )
    [load] = store.read("quality/load_runs", limit=5)
    with quarantine.open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    yield summary, json.loads(load["counts"]), lines, tmp_path
    store.close()


def test_the_load_node_records_the_reasons_of_each_source(run):
    summary, counts, _lines, _ = run
    assert counts["quarantine_reasons"] == EXPECTED
    assert summary.counts()["quarantine_reasons"] == EXPECTED


def test_reason_counts_reconcile_with_the_quarantine_report(run):
    _summary, counts, lines, _ = run
    from_report = Counter(
        (line["source"], f"{line['field'] or WHOLE_FILE}: {general_reason(line['reason'])}") for line in lines
    )
    recorded = Counter(
        {(s, key): n for s, reasons in counts["quarantine_reasons"].items() for key, n in reasons.items()}
    )
    assert recorded == from_report


def test_problems_add_up_to_at_least_the_rows_quarantined(run):
    _summary, counts, lines, _ = run
    for source, totals in counts["sources"].items():
        rows = {(line["file"], line["row"]) for line in lines if line["source"] == source and line["row"] != "0"}
        problems = sum(counts["quarantine_reasons"][source].values())
        assert len(rows) == totals["quarantined"]
        assert totals["read"] == totals["loaded"] + totals["quarantined"]
        assert problems >= totals["quarantined"]
    assert counts["sources"]["people"] == {"read": 8, "loaded": 1, "quarantined": 7, "file_problems": []}
    assert sum(counts["quarantine_reasons"]["people"].values()) == 9  # C1 and G1 have two problems each


def test_no_value_of_a_bad_row_reaches_the_graph(run):
    _summary, counts, lines, tmp_path = run
    stored = json.dumps(counts["quarantine_reasons"])
    for value in [*PERSONAL, str(tmp_path)]:
        assert value not in stored
    # the report itself keeps them, for the source to correct its rows
    assert {"2099-01-01", "Mrs Jones"} <= {line["value"] for line in lines}


@pytest.mark.parametrize(
    "reason, general",
    [
        ("date 2031-05-02 is in the future (after 2026-11-01)", "date is in the future"),
        ("date 1850-01-01 is before 1900-01-01", "date is before 1900-01-01"),
        ("duplicate of row 17 (same PERSON_ID)", "duplicate of an earlier row (same PERSON_ID)"),
        ("code 'UNK' is not in the code list", "code 'UNK' is not in the code list"),
        ("code 'John Smith' is not in the code list", "code is not in the code list"),
        ("code '=HYPERLINK(1)' is not in the code list", "code is not in the code list"),
        ("unknown flag(s) ASB, FOO", "unknown flag(s) ASB, FOO"),
        ("unknown flag(s) Mrs Jones", "unknown flag(s)"),
        ("file people.csv is missing from /srv/extracts/csc", "file people.csv is missing"),
        (
            "file p.csv is not UTF-8 (byte 1234); re-export it as UTF-8",
            "file p.csv is not UTF-8; re-export it as UTF-8",
        ),
        ("not a date in the format dd/mm/yyyy", "not a date in the format dd/mm/yyyy"),
        ("END_DATE is before START_DATE", "END_DATE is before START_DATE"),
        ("a reason nobody foresaw: '01/02/1990' 9434765919", "a reason nobody foresaw: … …"),
    ],
)
def test_reasons_are_generalised_before_they_are_stored(reason, general):
    assert general_reason(reason) == general
