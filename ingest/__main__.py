"""``python -m ingest run SOURCE_DIR [--source NAME ...]``: load source extracts into the graph (GRAPH_URL).
``python -m ingest linkage-report``: how the graph's source records were linked into people."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabulate import tabulate

from graph import GraphError, open_store
from ingest.linkage.config import load_config
from ingest.linkage.report import linkage_report, print_report
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
    run.add_argument(
        "--first",
        type=Path,
        metavar="EARLIER_DIR",
        help="on an empty graph, load this earlier extract first, so that the changes between the two are recorded",
    )
    run.add_argument("--linkage", type=Path, metavar="FILE", help="linkage configuration (ingest/linkage/linkage.yaml)")
    report = commands.add_parser(
        "linkage-report", help="records per source, people, how records were linked, the review queue, disagreements"
    )
    report.add_argument("--limit", type=int, default=20, help="how many people whose sources disagree to list")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.command == "linkage-report":
        return linkage_report_command(args)
    if not args.source_dir.is_dir():
        print(f"familygraph: {args.source_dir} is not a folder of extracts", file=sys.stderr)
        return 2
    try:
        linkage = load_config(args.linkage) if args.linkage else None
        with open_store(apply_schema=True) as store:
            if args.if_empty and store.stats()["nodes"].get("Person"):
                print(f"{store.describe()} already holds data; not loading {args.source_dir}")
                return 0
            if args.first and not store.stats()["nodes"].get("Person"):
                print_summary(run_ingest(store, args.first, sources=args.source, linkage=linkage))
            summary = run_ingest(
                store, args.source_dir, sources=args.source, quarantine_path=args.quarantine, linkage=linkage
            )
    except (GraphError, MappingError, ValueError) as error:
        print(f"familygraph: {error}", file=sys.stderr)
        return 2
    print_summary(summary)
    return 0 if summary.reconciles() else 1


def linkage_report_command(args) -> int:
    """The linkage report of the graph GRAPH_URL names (read-only; the same named queries the app uses)."""
    try:
        with open_store(read_only=True) as store:
            report = linkage_report(store, limit=args.limit)
    except GraphError as error:
        print(f"familygraph: {error}", file=sys.stderr)
        return 2
    print_report(report, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
