"""``python -m graph``: apply the schema, run a read-only query, count what the graph holds.

    python -m graph init
    python -m graph query "MATCH (p:Person) RETURN p.surname AS surname LIMIT 5" [--param k=v] [--format table|csv|json]
    python -m graph stats

Errors print one line (``familygraph: ...``) and exit with status 2; a refused write exits with status 3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from tabulate import tabulate

from graph import GraphError, ReadOnlyViolation, open_store
from graph.base import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S
from graph.result_text import json_default, result_csv, result_rows_text


def parse_param(text: str) -> tuple[str, object]:
    """``k=v``: v is read as JSON when it parses (numbers, true/false, lists), as a date when ISO, else text."""
    key, sep, raw = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--param {text!r}: use NAME=VALUE")
    try:
        return key, json.loads(raw)
    except ValueError:
        pass
    try:
        return key, dt.date.fromisoformat(raw)
    except ValueError:
        return key, raw


def print_result(result, fmt: str, out=sys.stdout) -> None:
    if fmt == "json":
        json.dump(result.rows, out, default=json_default, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        out.write(result_csv(result))
    else:
        out.write(tabulate(result_rows_text(result), headers=result.columns, tablefmt="simple") + "\n")
        out.write(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n")
    if result.truncated:
        print(f"familygraph: stopped at the row limit of {result.row_limit:,} rows", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph", description="The familygraph graph store (GRAPH_URL).")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="apply the schema (idempotent)")
    query = commands.add_parser("query", help="run a read-only Cypher query")
    query.add_argument("text", help="the Cypher query")
    query.add_argument("--param", "-p", action="append", type=parse_param, default=[], metavar="NAME=VALUE")
    query.add_argument("--format", "-f", choices=["table", "csv", "json"], default="table")
    query.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds (default %(default)s)")
    query.add_argument("--limit", type=int, default=DEFAULT_ROW_LIMIT, help="rows (default %(default)s)")
    commands.add_parser("stats", help="count nodes by label and relationships by type")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "init":
            with open_store() as store:
                store.apply_schema()
                print(f"schema applied to {store.describe()}")
        elif args.command == "query":
            # Read-only on the engine itself: Neo4j READ transactions; the embedded database opened read-only.
            with open_store(read_only=True) as store:
                result = store.run_read_only(args.text, dict(args.param), timeout_s=args.timeout, row_limit=args.limit)
                print_result(result, args.format)
        elif args.command == "stats":
            with open_store(read_only=True) as store:
                counts = store.stats()
                print(store.describe())
                rows = [("node", k, v) for k, v in counts["nodes"].items()]
                rows += [("relationship", k, v) for k, v in counts["relationships"].items()]
                print(tabulate(rows, headers=["kind", "label/type", "count"], tablefmt="simple"))
    except ReadOnlyViolation as error:
        print(f"familygraph: refused: {error}", file=sys.stderr)
        return 3
    except GraphError as error:
        print(f"familygraph: {error}", file=sys.stderr)
        return 2
    return 0
