"""Record linkage for data stewards: the review queue, one pair with its evidence, decisions, splits and the
linkage report. Only named queries (``cypher/linkage/``), the same ones ingest uses, so that the app and
``python -m ingest linkage-report`` give the same figures; no Flask here, and no ``ingest`` import.

Decisions are written as ``LinkDecision`` nodes: ingest reads them at the start of every run, so a decision takes
effect from the next ingest run on, not at once.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from graph import GraphStore

STATUSES = ("pending", "accepted", "rejected")
DECISIONS = ("accepted", "rejected")
# The lower edges of report_probabilities' bands (each up to the next edge; the last up to 1).
BAND_EDGES = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
RECORD_FIELDS = (
    "record_key",
    "system",
    "record_id",
    "forename",
    "middle_names",
    "surname",
    "former_surname",
    "dob",
    "sex",
    "postcode",
    "nhs_number",
    "upn",
    "extracted_at",
    "person_id",
)
# The model's comparisons (ingest/linkage/model.py), in the order a steward reads a record.
COMPARISON_NAMES = {
    "forename": "First name",
    "surname": "Surname",
    "dob": "Date of birth",
    "sex": "Sex",
    "address": "Address",
    "nhs_number": "NHS number",
    "upn": "UPN",
    "context": "Household context",
}
FULL_AGREEMENT = {"exact", "same", "same address", "shared household context"}
REASONS = {
    "uncertain": "The match probability is too low to link the records on its own, and too high to ignore.",
    "ambiguous": "Ambiguous: one of the records matches two people who are plainly different.",
    "conflict": "Linking them would join records that plainly belong to different people.",
}
METHOD_NAMES = {
    "identifier": "A shared identifier (NHS number, UPN or a source's own id)",
    "probabilistic": "Match probability (the linkage model)",
    "steward": "A data steward's decision",
    "single_record": "The person's only record",
}


# -- the review queue --------------------------------------------------------------------------------------
def queue_counts(store: GraphStore) -> dict[str, int]:
    """Pairs in the review queue by status (every status present, zero when none)."""
    return _status_counts(store.read("linkage/report_queue"))


def _status_counts(queue: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for row in queue:
        counts[row["status"]] = counts.get(row["status"], 0) + row["pairs"]
    return counts


def review_queue(store: GraphStore, status: str = "pending", limit: int = 50) -> list[dict]:
    """Candidate pairs with this status, strongest first, each with its two records."""
    pairs = (_with_records(store, c) for c in store.read("linkage/queue_candidates", status=status, limit=limit))
    return [pair for pair in pairs if pair is not None]


def review_pair(store: GraphStore, pair_key: str) -> dict | None:
    """One candidate pair with its evidence and the decisions taken on it (latest first); None if unknown."""
    found = store.read("linkage/review_pair", pair_key=pair_key)
    pair = _with_records(store, found[0]) if found else None
    if pair is not None:
        a, b = (record["record_key"] for record in pair["records"])
        pair["decisions"] = store.read("linkage/pair_decisions", record_a=a, record_b=b)
    return pair


def _with_records(store: GraphStore, candidate: dict) -> dict | None:
    """A candidate pair with its two records, each read by its key (a lookup, where a join would scan them all);
    None when a record has left the graph (the next full run drops the pair)."""
    records = store.read("linkage/pair_records", record_a=candidate["record_a"], record_b=candidate["record_b"])
    return _pair({**candidate, **records[0]}) if records else None


def _pair(row: dict) -> dict:
    records = [{field: row[f"{side}_{field}"] for field in RECORD_FIELDS} for side in ("a", "b")]
    return {
        "pair_key": row["pair_key"],
        "probability": row["probability"],
        "match_weight": row["match_weight"],
        "status": row["status"],
        "reason": row["reason"],
        "reason_text": reason_text(row["reason"]),
        "same_person_now": records[0]["person_id"] == records[1]["person_id"],
        "records": records,
        "evidence": evidence(row["evidence"]),
    }


def reason_text(reason: str | None) -> str:
    """Why ingest put the pair in the queue instead of linking it (the reasons of ingest/linkage), in words."""
    reason = reason or "uncertain"
    if reason in REASONS:
        return REASONS[reason]
    kind, _, detail = reason.partition(":")
    detail = detail.strip()
    if kind == "contradicts":
        fields = [COMPARISON_NAMES.get(f.strip(), f.strip()).lower() for f in detail.split(",")]
        return f"Much agrees, but the records disagree on {' and '.join(fields)}, so ingest would not link them."
    if kind == "uncertain":
        return f"Not enough to link them on: {detail}."
    if kind == "ambiguous":
        return f"Ambiguous: {detail}, so either record could be somebody else."
    return f"Held back: {reason}."


def evidence(text: str | None) -> list[dict]:
    """The evidence per field (JSON text {comparison: {level, weight}}) as rows a page can read out: the level and
    the weight, and whether the field agrees, said in words."""
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return []
    if not isinstance(parsed, dict):
        return []
    order = list(COMPARISON_NAMES)
    rows = []
    for comparison in sorted(parsed, key=lambda c: (order.index(c) if c in order else len(order), c)):
        detail = parsed[comparison] if isinstance(parsed[comparison], dict) else {}
        level = str(detail.get("level", ""))
        weight = float(detail.get("weight") or 0.0)
        rows.append(
            {
                "comparison": comparison,
                "field": COMPARISON_NAMES.get(comparison, comparison.replace("_", " ").capitalize()),
                "level": level,
                "weight": weight,
                "agreement": _agreement(level),
                "direction": "for a match" if weight > 0 else "against a match" if weight < 0 else "neither way",
            }
        )
    return rows


def _agreement(level: str) -> str:
    if level.startswith("missing"):
        return "not compared"
    if level in ("different", "not"):
        return "disagrees"
    return "agrees" if level in FULL_AGREEMENT else "partly agrees"


def record_decision(store: GraphStore, pair: dict, decision: str, decided_by: str, note: str | None) -> str:
    """Stores a steward's accept or reject of a pair; the pair leaves the pending queue at once, and ingest
    honours the decision from its next run on. Returns the decision id."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    decision_id = str(uuid.uuid4())
    store.write(
        "linkage/record_decision",
        decision_id=decision_id,
        decision=decision,
        record_a=pair["records"][0]["record_key"],
        record_b=pair["records"][1]["record_key"],
        decided_by=decided_by,
        decided_at=utc_now(),
        note=note or None,
    )
    return decision_id


def utc_now() -> dt.datetime:
    """Now in UTC, without a time zone: decisions are compared by time, and every decision is stored alike."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


# -- splitting a person ----------------------------------------------------------------------------------------
def record_key(record: dict) -> str:
    """A source record's key as ingest builds it (``system:record_id``)."""
    return f"{record['system']}:{record['record_id']}"


def person_for_split(store: GraphStore, person_id: str) -> dict | None:
    """A person, their source records (each with its key) and the splits already recorded; None if unknown."""
    found = store.read("person", person_id=person_id)
    if not found:
        return None
    records = [{**r, "record_key": record_key(r)} for r in store.read("person_records", person_id=person_id)]
    splits = [{**s, "groups": _groups(s["groups"])} for s in store.read("linkage/person_splits", person_id=person_id)]
    return {"person": found[0]["p"]["properties"], "records": records, "splits": splits}


def _groups(text: str | None) -> list[list[str]]:
    try:
        groups = json.loads(text or "[]")
    except ValueError:
        return []
    return [list(map(str, g)) for g in groups if isinstance(g, list)] if isinstance(groups, list) else []


def record_split(store: GraphStore, person_id: str, groups: list[list[str]], decided_by: str, note: str) -> str:
    """Stores a steward's split of a person into groups of record keys (applied from the next ingest run on).
    Returns the decision id."""
    if len(groups) < 2 or not all(groups):
        raise ValueError("a split needs at least two groups, none of them empty")
    decision_id = str(uuid.uuid4())
    store.write(
        "linkage/record_unlink",
        decision_id=decision_id,
        person_id=person_id,
        groups=json.dumps(groups),
        decided_by=decided_by,
        decided_at=utc_now(),
        note=note,
    )
    return decision_id


# -- the linkage report ----------------------------------------------------------------------------------------
def linkage_report(store: GraphStore, limit: int = 100) -> dict:
    """The linkage report, from the same named queries as ``python -m ingest linkage-report``, with what a page
    needs beside them: totals, every probability band (zero when empty), and whether the disagreements go on."""
    sources = store.read("linkage/report_sources")
    methods = store.read("linkage/report_methods")
    queue = store.read("linkage/report_queue")
    disagreements = store.read("linkage/report_disagreements", limit=limit + 1)
    return {
        "records": sum(s["records"] for s in sources),
        "sources": sources,
        "people": store.read("linkage/report_people")[0]["people"],
        "records_per_person": store.read("linkage/report_records_per_person"),
        "methods": [{**m, "description": METHOD_NAMES.get(m["method"], m["method"])} for m in methods],
        "probabilities": probability_bands(store.read("linkage/report_probabilities")),
        "queue": queue,
        "queue_by_status": [{"status": s, "pairs": n} for s, n in _status_counts(queue).items()],
        "queue_pending": _status_counts(queue)["pending"],
        "disagreements": disagreements[:limit],
        "more_disagreements": len(disagreements) > limit,
    }


def probability_bands(rows: list[dict]) -> list[dict]:
    """Every band of the histogram, in order, with its records, its share of all and its bar length (the
    largest band is the full bar)."""
    counts = {round(r["band_from"], 6): r["records"] for r in rows}
    edges = sorted(set(BAND_EDGES) | set(counts))
    total = sum(counts.values())
    largest = max(counts.values(), default=0)
    bands = []
    for i, start in enumerate(edges):
        end = edges[i + 1] if i + 1 < len(edges) else 1.0
        records = counts.get(round(start, 6), 0)
        bands.append(
            {
                "band_from": start,
                "band_to": end,
                "label": f"{start:g} to under {end:g}" if end < 1.0 else f"{start:g} to 1",
                "records": records,
                "percent": round(100.0 * records / total, 1) if total else 0.0,
                "bar_percent": round(100.0 * records / largest, 1) if largest else 0.0,
            }
        )
    return bands
