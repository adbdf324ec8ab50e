"""Ingest benchmark: a large city's extracts through the whole pipeline, into the embedded engine and Neo4j.

    python bench/ingest.py --families 50000                       # embedded only
    tools/neo4j/with-neo4j.sh python bench/ingest.py --families 50000 --engines embedded,neo4j

For each engine (each in its own process, so peak memory is its own): rows/second per stage, the whole run's
time, peak memory, and the load stage against a one-row-per-transaction baseline measured in the same process on
a sample of the same rows (a full one-row run would take hours on Neo4j).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Node upserts: the baseline writes into an empty graph, where relationship rows would find no ends.
BASELINE_QUERIES = ["load/people", "load/source_records", "load/addresses", "load/households", "load/episodes"]


def generate(families: int, seed: int, out: Path) -> Path:
    extracts = out / "extracts"
    if not extracts.is_dir():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ingest.synth",
                "--families",
                str(families),
                "--seed",
                str(seed),
                "--out",
                str(out),
                "--messiness",
                "default",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
        )
        print(f"generated {families:,} families in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return extracts


def run_ingest_dry(extracts: Path):
    """The rows a run would write, without a store (for the baseline sample)."""
    import datetime as dt

    from ingest.assemble import Assembler
    from ingest.extract import extract_source
    from ingest.mapping import load_mappings
    from ingest.quarantine import Quarantine

    found = [extract_source(m, extracts, Quarantine(), dt.date.today()) for m in load_mappings().values()]
    return Assembler(found).assemble()


def worker(engine: str, extracts: Path, baseline_rows: int) -> dict:
    from graph import open_store
    from ingest.pipeline import run_ingest

    with tempfile.TemporaryDirectory() as tmp:
        url = f"embedded:{tmp}/db" if engine == "embedded" else os.environ["NEO4J_URI"]
        with open_store(url, apply_schema=True) as store:
            store.wipe()
            # Baseline first, on the empty graph: a sample of the rows the run will write, one per transaction.
            summary = run_ingest_dry(extracts)
            sample_rows = 0
            base_started = time.perf_counter()
            for name in BASELINE_QUERIES:
                for row in summary.rows[name][:baseline_rows]:
                    store.write(name, [row], batch_size=1, allow_bulk=False)
                    sample_rows += 1
            base_time = time.perf_counter() - base_started
            store.wipe()
            started = time.perf_counter()
            summary = run_ingest(store, extracts, quarantine_path=Path(tmp) / "q.csv", progress=False)
            total = time.perf_counter() - started
            print(f"{engine}: run in {total:.1f}s: {summary.timings}", file=sys.stderr)
            rows_read = sum(e.rows_read for e in summary.extracts)
            written = sum(len(v) for k, v in summary.batch.rows.items() if k.startswith("load/"))
            stats = summary.counts()
    t = summary.timings
    batched_rate = written / t["load"]
    baseline_rate = sample_rows / base_time
    return {
        "engine": engine,
        "rows_read": rows_read,
        "rows_written": written,
        "people": len(summary.batch.rows["load/people"]),
        "total_s": round(total, 1),
        "stages": {
            "read and validate": {
                "s": round(t["read and validate"], 1),
                "rows_per_s": round(rows_read / t["read and validate"]),
            },
            "standardise, link, households": {
                "s": round(t["standardise, link, households"], 1),
                "rows_per_s": round(rows_read / t["standardise, link, households"]),
            },
            "load": {"s": round(t["load"], 1), "rows_per_s": round(batched_rate)},
            "prune and changes": {"s": round(t["prune and changes"], 1)},
        },
        "baseline_one_row_per_tx_rows_per_s": round(baseline_rate),
        "load_speed_up": round(batched_rate / baseline_rate, 1),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "reconciled": summary.reconciles(),
        "quarantined": sum(s["quarantined"] for s in stats["sources"].values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engines", default="embedded")
    parser.add_argument("--baseline-rows", type=int, default=400, help="rows per query for the one-row baseline")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--extracts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.extracts, args.baseline_rows)))
        return 0
    extracts = generate(args.families, args.seed, args.out / f"families-{args.families}-seed-{args.seed}")
    results = []
    for engine in args.engines.split(","):
        if engine == "neo4j" and not os.environ.get("NEO4J_URI"):
            print("neo4j: NEO4J_URI is not set; run under tools/neo4j/with-neo4j.sh", file=sys.stderr)
            return 2
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                engine,
                "--extracts",
                str(extracts),
                "--baseline-rows",
                str(args.baseline_rows),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
