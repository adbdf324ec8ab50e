"""``python -m ingest run SOURCE_DIR [--source NAME ...]``: load source extracts into the graph (GRAPH_URL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabulate import tabulate

from graph import GraphError, open_store
from ingest.mapping import MappingError
from ingest.pipeline import run_ingest


def print_summary(summary, out=sys.stdout) -> None:
    rows = [
        (e.source, e.rows_read, e.rows_loaded, e.rows_quarantined, "; ".join(e.file_problems)) for e in summary.extracts
    ]
    total = [sum(r[i] for r in rows) for i in (1, 2, 3)]
    rows.append(("total", *total, ""))
    print(tabulate(rows, headers=["source", "rows read", "loaded", "quarantined", "file problems"]), file=out)
    written = summary.counts()["written"]
    print(tabulate(sorted(written.items()), headers=["written", "rows"]), file=out)
    print("stage times: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items()), file=out)
    state = "reconciled: rows read = loaded + quarantined" if summary.reconciles() else "DOES NOT RECONCILE"
    print(f"load {summary.load_id}: {state}; quarantine report: {summary.quarantine_path}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="ingest the extracts in SOURCE_DIR (one folder per source system)")
    run.add_argument("source_dir", type=Path)
    run.add_argument("--source", action="append", help="only this source (repeatable)")
    run.add_argument("--quarantine", type=Path, help="where to write the quarantine report")
    run.add_argument("--if-empty", action="store_true", help="do nothing when the graph already holds people")
    args = parser.parse_args(argv)
    if not args.source_dir.is_dir():
        print(f"familygraph: {args.source_dir} is not a folder of extracts", file=sys.stderr)
        return 2
    try:
        with open_store(apply_schema=True) as store:
            if args.if_empty and store.stats()["nodes"].get("Person"):
                print(f"{store.describe()} already holds data; not loading {args.source_dir}")
                return 0
            summary = run_ingest(store, args.source_dir, sources=args.source, quarantine_path=args.quarantine)
    except (GraphError, MappingError, ValueError) as error:
        print(f"familygraph: {error}", file=sys.stderr)
        return 2
    print_summary(summary)
    return 0 if summary.reconciles() else 1


if __name__ == "__main__":
    sys.exit(main())
