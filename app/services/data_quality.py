"""The data-quality page's figures: quarantined rows per ingest run and source, the quarantine reasons of the
latest run beside the run before, people whose sources disagree and the linkage summary (both from the linkage
report, app/services/linkage.py), identifiers missing per source, and how fresh each source is.

Only named queries (``cypher/quality/``, ``cypher/linkage/``, ``source_freshness``) and the source mappings'
YAML (which identifiers each source's records can carry); no Flask here, and no ``ingest`` import: the app reads
what ingest wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from app.services import linkage
from graph import GraphStore

MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "ingest" / "mappings"
# Every source is meant to send an extract at least weekly, so an extract more than a week old means a missed
# delivery (or a failed load) that somebody should chase.
STALE_AFTER_DAYS = 7
# The reasons table compares the latest run with the run before that read the same source: it looks this far back
# whatever number of runs the page lists (a run of one source at a time would otherwise hide the one before).
REASON_LOOKBACK = 20
IDENTIFIERS = {
    "nhs_number": "NHS number",
    "upn": "UPN",
    "dob": "Date of birth",
    "postcode": "Postcode",
    "uprn": "UPRN",
}
# A person spec field that also gives a record its date of birth (police: an approximate age, ingest/assemble.py).
HOLDS_DOB = {"dob", "age"}
WHOLE_FILE = "(whole file)"  # the field of whole-file problems in the Load counts (ingest/quarantine.py)

# The columns of each downloadable table (its CSV header), in the order the page shows them.
TABLES = {
    "quarantine_runs": [
        "finished_at",
        "load_id",
        "status",
        "source",
        "read",
        "loaded",
        "quarantined",
        "percent_quarantined",
        "whole_file_problems",
    ],
    "quarantine_reasons": ["source", "field", "reason", "problems", "previous_problems", "change"],
    "disagreements": [
        "person_id",
        "forename",
        "surname",
        "records",
        "dobs",
        "earliest_dob",
        "latest_dob",
        "nhs_numbers",
        "sexes",
    ],
    "missing_identifiers": [
        "system",
        "records",
        "carries",
        *(f"{key}_{part}" for key in IDENTIFIERS for part in ("missing", "percent_missing")),
    ],
    "freshness": ["system", "name", "extracted_at", "loaded_at", "age_days", "status"],
}
NOT_HELD = "not held by this source"
NOT_KNOWN = "not known (no mapping for this source)"


# -- quarantine over time --------------------------------------------------------------------------------------
def quarantine_runs(store: GraphStore, limit: int = 10) -> list[dict]:
    """The newest ``limit`` ingest runs, newest first, with their per-source counts and quarantine reasons
    (``reasons`` is None for runs recorded before ingest counted reasons, and for runs without counts)."""
    runs = []
    for row in store.read("quality/load_runs", limit=limit):
        counts = _json_object(row["counts"])
        sources = counts.get("sources") if isinstance(counts.get("sources"), dict) else {}
        reasons = counts.get("quarantine_reasons") if isinstance(counts.get("quarantine_reasons"), dict) else None
        runs.append(
            {
                "load_id": row["load_id"],
                "started_at": row["started_at"],
                "finished_at": row["finished_at"],
                "status": row["status"],
                "sources": [_source_counts(name, sources[name]) for name in sorted(sources)],
                "reasons": reasons,
            }
        )
    return runs


def _json_object(text: str | None) -> dict:
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _source_counts(source: str, counts) -> dict:
    counts = counts if isinstance(counts, dict) else {}
    read, quarantined = _int(counts.get("read")), _int(counts.get("quarantined"))
    problems = counts.get("file_problems")
    return {
        "source": source,
        "read": read,
        "loaded": _int(counts.get("loaded")),
        "quarantined": quarantined,
        "percent_quarantined": _percent(quarantined, read),
        "whole_file_problems": len(problems) if isinstance(problems, list) else 0,
    }


def _int(value) -> int:
    return value if isinstance(value, int) else 0


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def run_rows(runs: list[dict]) -> list[dict]:
    """One row per run and source (newest run first); a run without counts (still running, or stopped before
    the end) is one row with no source and no numbers, so that it is seen."""
    rows = []
    for run in runs:
        head = {"finished_at": run["finished_at"], "load_id": run["load_id"], "status": run["status"]}
        if not run["sources"]:
            rows.append({**head, **dict.fromkeys(TABLES["quarantine_runs"][3:])})
        rows.extend({**head, **source} for source in run["sources"])
    return rows


def quarantine_sections(store: GraphStore, runs: int) -> dict:
    """The ``runs`` newest runs, and the reasons of the latest run beside the run before (see REASON_LOOKBACK)."""
    recent = quarantine_runs(store, max(runs, REASON_LOOKBACK))
    return {"quarantine_runs": recent[:runs], "quarantine_reasons": reason_trend(recent)}


def reason_trend(runs: list[dict]) -> dict:
    """The quarantine reasons of the newest run with counts, each with the count of the run before that read the
    same source (None when that run predates reason counts, or there is none). A reason gone since the run before
    is listed with 0. Counts are problems, not rows: one row can have several."""
    counted = [run for run in runs if run["sources"]]
    latest = counted[0] if counted else None
    result = {
        "load_id": latest["load_id"] if latest else None,
        "finished_at": latest["finished_at"] if latest else None,
        "recorded": bool(latest and latest["reasons"] is not None),
        "rows": [],
    }
    if not result["recorded"]:
        return result
    for source in (s["source"] for s in latest["sources"]):
        now = _reasons_of(latest, source)
        previous = next((r for r in counted[1:] if any(s["source"] == source for s in r["sources"])), None)
        before = _reasons_of(previous, source) if previous and previous["reasons"] is not None else None
        for key in set(now) | set(before or {}):
            field, _, reason = key.partition(": ")
            problems = _int(now.get(key))
            earlier = None if before is None else _int(before.get(key))
            result["rows"].append(
                {
                    "source": source,
                    "field": field,
                    "reason": reason,
                    "problems": problems,
                    "previous_problems": earlier,
                    "previous_load_id": previous["load_id"] if before is not None else None,
                    "change": _change(problems, earlier),
                }
            )
    result["rows"].sort(
        key=lambda r: (r["source"], -r["problems"], -(r["previous_problems"] or 0), r["field"], r["reason"])
    )
    return result


def _reasons_of(run: dict, source: str) -> dict:
    found = (run["reasons"] or {}).get(source)
    return found if isinstance(found, dict) else {}


def _change(now: int, before: int | None) -> str:
    if before is None:
        return "no earlier figure"
    if now == before:
        return "no change"
    return f"up {now - before}" if now > before else f"down {before - now}"


# -- linkage: people whose sources disagree, and the summary ---------------------------------------------------
def linkage_sections(store: GraphStore, limit: int) -> tuple[dict, dict]:
    """(disagreements, linkage summary) from one run of the linkage report's queries."""
    report = linkage.linkage_report(store, limit=limit)
    return _disagreements(report["disagreements"], report["more_disagreements"], limit), {
        key: report[key]
        for key in ("records", "people", "records_per_person", "methods", "queue_pending", "queue_by_status")
    }


def disagreements(store: GraphStore, limit: int) -> dict:
    """The first ``limit`` people whose sources disagree (the linkage report's own query), and whether more do."""
    found = store.read("linkage/report_disagreements", limit=limit + 1)
    return _disagreements(found[:limit], len(found) > limit, limit)


def _disagreements(people: list[dict], more: bool, limit: int) -> dict:
    # The values that disagree stay on the linkage report: here, how many differ (and the range of birth dates).
    keep = TABLES["disagreements"]
    return {"people": [{k: p[k] for k in keep} for p in people], "more": more, "limit": limit}


# -- missing identifiers ---------------------------------------------------------------------------------------
def held_identifiers(mappings_dir: Path = MAPPINGS_DIR) -> dict[str, set[str]]:
    """Per source (its mapping's ``source``), the identifiers its person records are mapped from: what a
    SourceRecord of that source can carry. A mapping that cannot be read is left out (its source: not known)."""
    held: dict[str, set[str]] = {}
    for path in sorted(Path(mappings_dir).glob("*.yaml")):
        try:
            mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(mapping, dict) or not isinstance(mapping.get("files"), dict):
            continue
        fields: set[str] = set()
        for spec in mapping["files"].values():
            person = spec.get("person") if isinstance(spec, dict) else None
            if isinstance(person, dict):
                fields |= set(person) & set(IDENTIFIERS)
                fields |= {"dob"} if set(person) & HOLDS_DOB else set()
        held[str(mapping.get("source"))] = fields
    return held


def missing_identifiers(store: GraphStore, mappings_dir: Path = MAPPINGS_DIR) -> list[dict]:
    """Per source system: its records, and per identifier whether the source carries it (None: no mapping says)
    and, where it does, how many records lack it and what share."""
    held = held_identifiers(mappings_dir)
    rows = []
    for row in store.read("quality/missing_identifiers"):
        carries = held.get(row["system"])
        identifiers = []
        for key, label in IDENTIFIERS.items():
            is_held = None if carries is None else key in carries
            missing = row[f"without_{key}"]
            identifiers.append(
                {
                    "identifier": key,
                    "label": label,
                    "held": is_held,
                    "missing": missing if is_held is not False else None,
                    "percent_missing": _percent(missing, row["records"]) if is_held is not False else None,
                }
            )
        rows.append(
            {
                "system": row["system"],
                "records": row["records"],
                "expected": None if carries is None else [IDENTIFIERS[k] for k in IDENTIFIERS if k in carries],
                "identifiers": identifiers,
            }
        )
    return rows


# -- freshness -------------------------------------------------------------------------------------------------
def freshness(store: GraphStore, today: dt.date) -> list[dict]:
    """Each source's last extract date and load time, the extract's age in days on ``today``, and whether it is
    stale (older than STALE_AFTER_DAYS, or of no known date), said in words."""
    rows = []
    for row in store.read("source_freshness"):
        extracted = row["extracted_at"]
        age = (today - extracted).days if extracted else None
        stale = age is None or age > STALE_AFTER_DAYS
        if age is None:
            status = "Stale: extract date not known"
        elif stale:
            status = f"Stale: more than {STALE_AFTER_DAYS} days old"
        else:
            status = "Up to date"
        rows.append({**row, "age_days": age, "stale": stale, "status": status})
    return rows


# -- everything ------------------------------------------------------------------------------------------------
def data_quality(store: GraphStore, today: dt.date, limit: int = 50, runs: int = 10) -> dict:
    """Every section of the page: ``runs`` newest ingest runs, at most ``limit`` people whose sources disagree."""
    people, summary = linkage_sections(store, limit)
    return {
        "generated_on": today,
        "stale_after_days": STALE_AFTER_DAYS,
        **quarantine_sections(store, runs),
        "disagreements": people,
        "missing_identifiers": missing_identifiers(store),
        "linkage": summary,
        "freshness": freshness(store, today),
    }


def table_rows(table: str, sections: dict) -> list[dict]:
    """The rows of one of TABLES, flat (one value per column), from the sections ``data_quality`` returns (or
    the ones the table needs): what its CSV holds, and what the page's table shows."""
    if table == "quarantine_runs":
        return run_rows(sections["quarantine_runs"])
    if table == "quarantine_reasons":
        return sections["quarantine_reasons"]["rows"]
    if table == "disagreements":
        return sections["disagreements"]["people"]
    if table == "freshness":
        return sections["freshness"]
    if table == "missing_identifiers":
        rows = []
        for row in sections["missing_identifiers"]:
            flat = {
                "system": row["system"],
                "records": row["records"],
                "carries": NOT_KNOWN if row["expected"] is None else ", ".join(row["expected"]) or "none of these",
            }
            for ident in row["identifiers"]:
                held = ident["held"] is not False
                flat[f"{ident['identifier']}_missing"] = ident["missing"] if held else NOT_HELD
                flat[f"{ident['identifier']}_percent_missing"] = ident["percent_missing"] if held else None
            rows.append(flat)
        return rows
    raise KeyError(table)
