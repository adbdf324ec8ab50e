"""The linkage report (``python -m ingest linkage-report``), computed only through named read queries
(``cypher/linkage/report_*.cypher``) so that the app can show the same figures from the same queries."""

from __future__ import annotations

import json
import sys

from tabulate import tabulate

from graph import GraphStore

BAND_EDGES = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999)


def linkage_report(store: GraphStore, limit: int = 20) -> dict:
    methods = store.read("linkage/report_methods")
    queue = store.read("linkage/report_queue")
    return {
        "sources": store.read("linkage/report_sources"),
        "people": store.read("linkage/report_people")[0]["people"],
        "records_per_person": store.read("linkage/report_records_per_person"),
        "methods": methods,
        "probabilities": store.read("linkage/report_probabilities"),
        "queue": queue,
        "queue_pending": sum(q["pairs"] for q in queue if q["status"] == "pending"),
        "disagreements": store.read("linkage/report_disagreements", limit=limit),
    }


def _band(start: float) -> str:
    later = [e for e in BAND_EDGES if e > start]
    return f"{start:g} to {later[0]:g}" if later else f"{start:g} to 1"


def print_report(report: dict, out=sys.stdout, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps(report, default=str, indent=2), file=out)
        return
    records = sum(s["records"] for s in report["sources"])
    print(f"{records} source records, {report['people']} people", file=out)
    print(file=out)
    print(tabulate([(s["system"], s["records"]) for s in report["sources"]], headers=["source", "records"]), file=out)
    print(file=out)
    print(
        tabulate(
            [(r["records"], r["people"]) for r in report["records_per_person"]],
            headers=["records per person", "people"],
        ),
        file=out,
    )
    print(file=out)
    print(
        tabulate(
            [(m["method"], m["records"], f"{m['lowest_probability']:.4f}") for m in report["methods"]],
            headers=["linked by", "records", "lowest probability"],
        ),
        file=out,
    )
    print(file=out)
    print(
        tabulate(
            [(_band(b["band_from"]), b["records"]) for b in report["probabilities"]],
            headers=["match probability (probabilistic links)", "records"],
        ),
        file=out,
    )
    print(file=out)
    print(f"review queue: {report['queue_pending']} pairs pending", file=out)
    if report["queue"]:
        rows = [
            (q["status"], q["reason"], q["pairs"], f"{q['lowest_probability']:.3f}-{q['highest_probability']:.3f}")
            for q in report["queue"]
        ]
        print(tabulate(rows, headers=["status", "reason", "pairs", "probability"]), file=out)
    print(file=out)
    shown = report["disagreements"]
    print(f"people whose sources disagree (first {len(shown)}):", file=out)
    if shown:
        rows = [
            (
                d["person_id"],
                f"{d['forename'] or ''} {d['surname'] or ''}".strip(),
                d["records"],
                f"{d['earliest_dob']} .. {d['latest_dob']}" if d["dobs"] > 1 else "",
                f"{d['first_nhs_number']} / {d['last_nhs_number']}" if d["nhs_numbers"] > 1 else "",
                "M and F" if d["sexes"] > 1 else "",
            )
            for d in shown
        ]
        print(tabulate(rows, headers=["person", "name", "records", "dates of birth", "NHS numbers", "sex"]), file=out)
