"""The linkage report (``python -m ingest linkage-report``): its counts reconcile with the graph it reports on.

The report is computed only through named read queries (cypher/linkage/report_*), which the contract suite runs
on both engines; here the whole shipped sample is ingested and the report checked against direct counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import open_store
from ingest.linkage.report import linkage_report
from ingest.pipeline import run_ingest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    store = open_store(f"embedded:{folder / 'db'}", apply_schema=True)
    summary = run_ingest(store, ROOT / "sample_data" / "extracts", quarantine_path=folder / "q.csv", progress=False)
    yield store, summary, folder
    store.close()


def test_the_report_reconciles_with_the_graph(ingested):
    store, summary, _ = ingested
    report = linkage_report(store, limit=1000)
    stats = store.stats()
    records = stats["nodes"]["SourceRecord"]
    people = stats["nodes"]["Person"]
    assert sum(s["records"] for s in report["sources"]) == records == summary.batch.count("load/source_records")
    assert {s["system"] for s in report["sources"]} == {e.source for e in summary.extracts}
    assert report["people"] == people == sum(r["people"] for r in report["records_per_person"])
    assert sum(r["records"] * r["people"] for r in report["records_per_person"]) == records
    assert sum(m["records"] for m in report["methods"]) == stats["relationships"]["RECORD_OF"] == records
    methods = {m["method"]: m["records"] for m in report["methods"]}
    assert set(methods) <= {"identifier", "probabilistic", "steward", "single_record"}
    assert methods["single_record"] == next(r["people"] for r in report["records_per_person"] if r["records"] == 1)
    assert sum(b["records"] for b in report["probabilities"]) == methods["probabilistic"]
    queue = store.read("linkage/review_queue", status="pending", limit=100000)
    assert report["queue_pending"] == len(queue) == stats["nodes"].get("CandidateLink", 0)
    # every person listed as disagreeing has records that do disagree
    for person in report["disagreements"]:
        records_of = store.read("person_records", person_id=person["person_id"])
        dobs = {r["dob"] for r in records_of if r["dob"]}
        nhs = {r["nhs_number"] for r in records_of if r["nhs_number"]}
        assert len(dobs) == person["dobs"] and len(nhs) == person["nhs_numbers"]
        assert len(dobs) > 1 or len(nhs) > 1 or person["sexes"] > 1


def test_probabilistic_links_record_their_probability_and_method(ingested):
    store, _, _ = ingested
    methods = {m["method"]: m for m in store.read("linkage/report_methods")}
    assert methods["probabilistic"]["records"] > 500  # the sample needs the model, not only identifiers
    assert 0.9 <= methods["probabilistic"]["lowest_probability"] < 1.0  # the configured match threshold
    assert methods["identifier"]["lowest_probability"] == 1.0


def test_the_command_line_prints_the_report(ingested):
    store, _, folder = ingested
    store.close()  # one process may open the embedded database read-write; the command opens it read-only
    env = {**os.environ, "GRAPH_URL": f"embedded:{folder / 'db'}"}
    run = subprocess.run(
        [sys.executable, "-m", "ingest", "linkage-report", "--json", "--limit", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(run.stdout)
    assert report["people"] > 1000 and len(report["disagreements"]) <= 5
    text = subprocess.run(
        [sys.executable, "-m", "ingest", "linkage-report"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "records per person" in text and "review queue" in text and "people whose sources disagree" in text
