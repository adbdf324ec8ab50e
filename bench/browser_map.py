"""First draw of the family map in headless Chromium: navigation start to the map's ready flag (issue 5's figure:
a map of about 150 elements drawn in under 1 s).

    .venv/bin/python bench/browser_map.py                                   # the sample data, loaded fresh
    .venv/bin/python bench/browser_map.py --graph-url embedded:/path/graph  # a graph already loaded (read-only)

The app is started as the browser tests start it (tests/browser/harness.py). The person is one whose map as drawn
today has about --elements elements (nodes and edges, within 5 %), unless --person names one. Each run opens the
page in a new tab and reads the page's own performance marks, measured from navigation start: `family-map-data` (the
map's data arrived) and `family-map-drawn` (laid out and drawn), with when the page's HTML had arrived (the server's
share) and when the map's data was asked for. "cold" runs use a new browser context each time (nothing cached, as
on a first visit); "warm" runs share one (scripts cached). The reason for access is given once before the runs. The
first run of each kind warms the server and is not counted. Prints the median and the spread of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import (  # noqa: E402
    PAGE_OPTIONS,
    launch_chromium,
    make_app,
    open_family_page,
    open_heavy_page,
    sample_app,
    serve,
    sign_in,
)

MARKS = """() => ({
    "page-received": performance.getEntriesByType("navigation")[0].responseEnd,
    "data-requested": performance.getEntriesByType("resource").find(r => r.name.includes("/family-graph"))?.startTime,
    "family-map-data": performance.getEntriesByName("family-map-data")[0]?.startTime,
    "family-map-drawn": performance.getEntriesByName("family-map-drawn")[0]?.startTime,
})"""


def map_size(store, person_id: str) -> int:
    from app.services.family import load_family
    from app.services.family_map import family_elements

    elements = family_elements(load_family(store, person_id, role="social_worker"))["elements"]
    return len(elements["nodes"]) + len(elements["edges"])


# Each drawn involvement brings about five elements (its node, its lead practitioner's node, two edges and its
# share of the household): a rough count picks the candidates, the map itself decides.
ELEMENTS_PER_EPISODE = 5
CANDIDATES = 300
ROUGH_COUNT = """
MATCH (p:Person)-[m:MEMBER_OF]->(h:Household)<-[n:MEMBER_OF]-(q:Person)-[:SUBJECT_OF]->(e:Episode)
WHERE m.valid_to IS NULL AND n.valid_to IS NULL
RETURN p.person_id AS pid, count(DISTINCT e) AS episodes ORDER BY pid"""


def find_person(store, target: int) -> tuple[str, int]:
    """A person whose map today has within 5 % of `target` elements: the people whose current households have
    about the right number of episodes are tried first (in id order among equals), the closest map kept."""
    rows = store.run_read_only(ROUGH_COUNT, row_limit=10_000_000, timeout_s=600).rows
    rows.sort(key=lambda r: (abs(r["episodes"] * ELEMENTS_PER_EPISODE - target), r["pid"]))
    closest = None
    for row in rows[:CANDIDATES]:
        size = map_size(store, row["pid"])
        if abs(size - target) <= target * 0.05:
            return row["pid"], size
        if closest is None or abs(size - target) < abs(closest[1] - target):
            closest = (row["pid"], size)
    if closest is None:
        raise SystemExit("the graph holds no person in a household with a service involvement")
    return closest


def measure(browser, base_url: str, person_id: str, runs: int, cold: bool) -> list[dict]:
    signed_in = browser.new_context(**PAGE_OPTIONS)
    first = signed_in.new_page()
    sign_in(first, base_url, "social_worker")
    # The reason for access is asked once per person per session: answer it before the runs, which share the session.
    open_family_page(first, f"{base_url}/people/{person_id}", timeout_ms=60_000)
    first.close()
    state = signed_in.storage_state()
    found = []
    for _ in range(runs + 1):
        context = browser.new_context(storage_state=state, **PAGE_OPTIONS) if cold else signed_in
        page = context.new_page()
        open_heavy_page(page, f"{base_url}/people/{person_id}", timeout_ms=60_000)
        marks = page.evaluate(MARKS)
        marks["elements"] = page.evaluate("() => window.cy.elements().length")
        found.append(marks)
        page.close()
        if cold:
            context.close()
    signed_in.close()
    return found[1:]


def describe(kind: str, results: list[dict]) -> dict:
    drawn = [r["family-map-drawn"] for r in results]

    def median_of(name: str) -> int | str:
        values = [r[name] for r in results if r.get(name) is not None]
        return round(statistics.median(values)) if values else "none (the page carries the first drawing's data)"

    return {
        "runs": kind,
        "median first draw (ms)": round(statistics.median(drawn)),
        "min (ms)": round(min(drawn)),
        "max (ms)": round(max(drawn)),
        "median page received (ms)": median_of("page-received"),
        "median map data requested (ms)": median_of("data-requested"),
        "median map data arrived (ms)": median_of("family-map-data"),
        "median layout and draw after data (ms)": round(
            statistics.median(r["family-map-drawn"] - r["family-map-data"] for r in results)
        ),
        "elements drawn": results[0]["elements"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph-url", help="an embedded graph already loaded (default: load the sample data)")
    parser.add_argument("--person", help="the person whose page to open (default: found by --elements)")
    parser.add_argument("--elements", type=int, default=150, help="map size to look for (nodes and edges)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from graph import open_store

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="familygraph-bench-map-")))
        if args.graph_url:
            store = stack.enter_context(open_store(args.graph_url, read_only=True))
            base_url = stack.enter_context(serve(make_app(store, work / "users.db")))
        else:
            running = stack.enter_context(sample_app(work))
            store, base_url = running.store, running.base_url
        person_id = args.person or find_person(store, args.elements)[0]
        size = map_size(store, person_id)
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        results = [
            describe("cold (new context each run)", measure(browser, base_url, person_id, args.runs, cold=True)),
            describe("warm (scripts cached)", measure(browser, base_url, person_id, args.runs, cold=False)),
        ]
    summary = {"person_id": person_id, "map elements": size, "runs each": args.runs, "results": results}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"family map of {person_id}: {size} elements; median of {args.runs} runs, headless Chromium")
        for r in results:
            print("  " + "; ".join(f"{k}: {v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
