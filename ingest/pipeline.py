"""``python -m ingest run SOURCE_DIR``: read → validate → standardise → link → households → load.

Every run is recorded as a Load node with its counts, and its quarantine report is written to
``data/quarantine/<load_id>.csv`` (or ``--quarantine``). Loading is idempotent: every write MERGEs on our own
keys, so the same extract loaded twice changes nothing, and a run killed half-way converges when run again.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from graph import GraphStore
from ingest.assemble import Assembler, GraphBatch
from ingest.changes import Snapshot, change_rows, detect_changes
from ingest.extract import SourceExtract, extract_source
from ingest.linkage import LinkageConfig
from ingest.linkage.queue import read_decisions, write_queue
from ingest.mapping import load_mappings
from ingest.quarantine import Quarantine

# Nodes before the relationships that join them.
LOAD_ORDER = [
    "load/people",
    "load/source_records",
    "load/addresses",
    "load/households",
    "load/services",
    "load/professionals",
    "load/episodes",
    "load/record_of",
    "load/at",
    "load/member_of",
    "load/resided_at",
    "load/parent_of",
    "load/partner_of",
    "load/sibling_of",
    "load/related_to",
    "load/subject_of",
    "load/provided_by",
    "load/lead_practitioner_for",
]


def prune_stale(store: GraphStore, before: Snapshot, batch: GraphBatch) -> None:
    """After a full run, remove what the sources no longer support: households and memberships that are no
    longer derived, record links that moved to another person, and people no record describes any more."""
    rows = batch.rows
    households = {h["household_id"] for h in rows.get("load/households", [])}
    memberships = {(m["src"], m["dst"], m["valid_from"]) for m in rows.get("load/member_of", [])}
    links = {(r["src"], r["dst"]) for r in rows.get("load/record_of", [])}
    people = {p["person_id"] for p in rows.get("load/people", [])}
    stale_households = sorted({m["household_id"] for m in before.memberships} - households)
    store.write("ingest/delete_households", [{"household_id": h} for h in stale_households])
    store.write(
        "ingest/delete_memberships",
        [
            {"person_id": m["person_id"], "household_id": m["household_id"], "valid_from": m["valid_from"]}
            for m in before.memberships
            if (m["person_id"], m["household_id"], m["valid_from"]) not in memberships
            and m["household_id"] in households
        ],
    )
    store.write(
        "ingest/delete_record_links",
        [
            {"record_key": r["record_key"], "person_id": r["person_id"]}
            for r in before.records
            if (r["record_key"], r["person_id"]) not in links
        ],
    )
    store.write(
        "ingest/delete_people", [{"person_id": p} for p in sorted({r["person_id"] for r in before.records} - people)]
    )


@dataclass
class RunSummary:
    load_id: str
    extracts: list[SourceExtract]
    batch: GraphBatch
    quarantine_path: Path
    timings: dict[str, float]
    quarantine_reasons: dict[str, dict[str, int]] = field(default_factory=dict)  # Quarantine.reason_counts()

    def reconciles(self) -> bool:
        return all(e.rows_read == e.rows_loaded + e.rows_quarantined for e in self.extracts)

    def counts(self) -> dict:
        return {
            "sources": {
                e.source: {
                    "read": e.rows_read,
                    "loaded": e.rows_loaded,
                    "quarantined": e.rows_quarantined,
                    "file_problems": e.file_problems,
                }
                for e in self.extracts
            },
            "written": {q.removeprefix("load/"): self.batch.count(q) for q in [*LOAD_ORDER, "load/changes"]},
            # problems (not rows) per source and "FIELD: reason", values left out (ingest/quarantine.py)
            "quarantine_reasons": {e.source: self.quarantine_reasons.get(e.source, {}) for e in self.extracts},
        }


def run_ingest(
    store: GraphStore,
    source_dir: Path,
    sources: list[str] | None = None,
    mappings_dir: Path | None = None,
    quarantine_path: Path | None = None,
    as_of: dt.date | None = None,
    progress: bool | None = None,
    linkage: LinkageConfig | None = None,
) -> RunSummary:
    as_of = as_of or dt.date.today()
    started = dt.datetime.now().replace(microsecond=0)
    load_id = "L" + started.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)  # unique even within a second
    mappings = load_mappings(mappings_dir) if mappings_dir else load_mappings()
    unknown = set(sources or []) - set(mappings)
    if unknown:
        raise ValueError(f"no mapping for source(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(mappings))}")
    selected = [m for name, m in mappings.items() if not sources or name in sources]
    show = sys.stderr.isatty() if progress is None else progress
    quarantine = Quarantine()
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    extracts = [
        extract_source(m, Path(source_dir), quarantine, as_of)
        for m in tqdm(selected, desc="read and validate", disable=not show)
    ]
    timings["read and validate"], clock = time.perf_counter() - clock, time.perf_counter()
    assembler = Assembler(extracts)
    batch = assembler.assemble(linkage, read_decisions(store))  # steward decisions are honoured every run
    timings["standardise, link, households"], clock = time.perf_counter() - clock, time.perf_counter()
    timings["of which linking people"] = sum(assembler.linkage.summary["timings"].values())
    full_run = not sources or set(sources) >= set(mappings)
    baseline = not store.read("ingest/last_complete_load")
    before = Snapshot.read(store)

    store.write(
        "load/load_run",
        load_id=load_id,
        started_at=started,
        finished_at=None,
        source_dir=str(source_dir),
        status="running",
        counts="{}",
    )
    for query in tqdm(LOAD_ORDER, desc="load", disable=not show):
        store.write(query, batch.rows.get(query, []))
    write_queue(store, assembler.linkage.candidates, load_id, full_run)
    timings["load"], clock = time.perf_counter() - clock, time.perf_counter()
    if full_run:
        prune_stale(store, before, batch)
    extracted = {e.source: e.extracted_at for e in extracts}
    changes = [] if baseline else detect_changes(before, batch, extracted)
    loaded_at = dt.datetime.now().replace(microsecond=0)
    known = {r["change_id"] for r in store.read("ingest/change_ids")}
    nodes, about = change_rows(changes, load_id, loaded_at)
    new_nodes = [n for n in nodes if n["change_id"] not in known]
    store.write("load/changes", new_nodes)
    store.write("load/about", [a for a in about if a["src"] not in known])
    store.write("load/found_by", [{"src": n["change_id"], "dst": load_id} for n in new_nodes])
    batch.rows["load/changes"] = new_nodes
    timings["prune and changes"] = time.perf_counter() - clock
    store.write(
        "load/sources",
        [
            {
                "system": e.source,
                "name": e.mapping.name,
                "agency": e.mapping.agency,
                "extracted_at": e.extracted_at,
                "loaded_at": loaded_at,
                "last_load_id": load_id,
            }
            for e in extracts
            if e.extracted_at
        ],
    )
    quarantine_path = quarantine_path or Path("data") / "quarantine" / f"{load_id}.csv"
    quarantine.write(quarantine_path)
    summary = RunSummary(load_id, extracts, batch, quarantine_path, timings, quarantine.reason_counts())
    store.write(
        "load/load_run",
        load_id=load_id,
        started_at=started,
        finished_at=loaded_at,
        source_dir=str(source_dir),
        status="complete",
        counts=json.dumps(summary.counts()),
    )
    return summary
