"""Analysts' and leaders' pages, server side, on a large graph (issue 7): each saved cohort, the service insight
figures and charts, the data-quality report, and typical console queries.

    python bench/analysis_pages.py --graph-url embedded:/path/to/graph [--as-at 2026-11-01]
    tools/neo4j/with-neo4j.sh python bench/analysis_pages.py --load-extracts DIR [--linkage FILE]

Each measure runs once to warm caches (not counted), then --repeat times; it prints rows returned, p50 and max in
milliseconds. Cohorts run exactly as the app runs them (app/services/cohorts.py: read-only, with limits).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services import console, data_quality, insight, insight_charts  # noqa: E402
from app.services.cohorts import run_cohort  # noqa: E402
from bench.app_pages import open_bench_store  # noqa: E402
from graph.cohorts import load_cohorts  # noqa: E402

CONSOLE_QUERIES = {
    "console: households with more than 4 people": (console.EXAMPLE_QUERY, {"min_people": 4}),
    "console: people per source system": (
        "MATCH (r:SourceRecord)-[:RECORD_OF]->(p:Person) RETURN r.system AS system, count(DISTINCT p) AS people "
        "ORDER BY system",
        {},
    ),
    "console: a family as a graph (one surname)": (
        "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) WHERE p.surname = $surname AND m.valid_to IS NULL "
        "RETURN p, m, h",
        {"surname": "Smith"},
    ),
}


def timed(function, repeat: int) -> tuple[int, list[float]]:
    answer = function()  # warm-up
    millis = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = function()
        millis.append((time.perf_counter() - started) * 1000)
    return answer, millis


def rows_of(answer) -> int | str:
    if hasattr(answer, "rows"):
        return len(answer.rows)
    if isinstance(answer, (list, tuple)):
        return len(answer)
    return ""


def measures(store, as_at: dt.date):
    for name, cohort in load_cohorts().items():
        arguments = cohort.arguments({"as_at": as_at.isoformat()})
        yield f"cohort: {name}", lambda c=cohort, a=arguments: run_cohort(store, c, a)
    yield "insight: all three figures", lambda: insight.insight(store, as_at)
    for chart in insight.CHARTS:
        yield (
            f"insight: {chart} figures + SVG",
            lambda c=chart: insight_charts.chart_svg(c, insight.figures(store, as_at, c)),
        )
    yield "data quality: whole report", lambda: data_quality.data_quality(store, as_at)
    for name, (text, params) in CONSOLE_QUERIES.items():
        yield name, lambda t=text, p=params: store.run_read_only(t, p, timeout_s=60, row_limit=5_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph-url", help="the graph to measure (default: GRAPH_URL / NEO4J_URI)")
    parser.add_argument("--load-extracts", type=Path, help="first load these extracts into an empty store")
    parser.add_argument("--linkage", type=Path, help="linkage configuration for --load-extracts")
    parser.add_argument("--as-at", type=dt.date.fromisoformat, default=dt.date(2026, 11, 1))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="measure only what has this text in its name")
    args = parser.parse_args(argv)
    store = open_bench_store(args.graph_url, args.load_extracts, args.linkage)
    print(f"engine: {store.describe()}; as at {args.as_at}; {args.repeat} runs each after a warm-up")
    results = []
    for name, function in measures(store, args.as_at):
        if args.only not in name:
            continue
        answer, millis = timed(function, args.repeat)
        results.append(
            {
                "measure": name,
                "rows": rows_of(answer),
                "p50_ms": round(statistics.median(millis), 1),
                "max_ms": round(max(millis), 1),
            }
        )
    from tabulate import tabulate

    print(tabulate(results, headers="keys", tablefmt="github"))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
