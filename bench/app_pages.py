"""Person page and search response times, server side, on a large graph (issue 5's figures).

    python bench/app_pages.py --graph-url embedded:/path/to/graph            # a graph already loaded
    tools/neo4j/with-neo4j.sh python bench/app_pages.py --load-extracts DIR [--linkage FILE]  # load into the
                                                                      # test Neo4j first

For a seeded random sample of people (children first: the page users open most), it times:
* page data: what the person page and the API compute for one person (family read + map elements + household
  composition + services involved) — the issue's "map + households + involvements";
* page: the whole HTML page through the app (test client, signed in), including chronology and changes;
* search: the search box (app/services/search.py) on names taken from the same people, misspelt on purpose.
It prints p50, p95 and max per measure (milliseconds). The first request per kind warms caches and is not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services import person_page  # noqa: E402
from app.services.family import load_family  # noqa: E402
from app.services.family_map import family_elements  # noqa: E402
from graph import open_store  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, millis: list[float]) -> dict:
    return {
        "measure": name,
        "n": len(millis),
        "p50_ms": round(statistics.median(millis), 1),
        "p95_ms": round(percentile(millis, 0.95), 1),
        "max_ms": round(max(millis), 1),
    }


def sample_people(store, n: int, seed: int) -> list[dict]:
    rows = store.run_read_only(
        "MATCH (p:Person) WHERE p.dob >= $born_after RETURN p.person_id AS person_id, p.forename AS forename, "
        "p.surname AS surname, p.dob AS dob LIMIT 50000",
        {"born_after": dt.date(2008, 1, 1)},
        row_limit=50000,
    ).rows
    people = [dict(r) for r in rows]
    return random.Random(seed).sample(people, min(n, len(people)))


def misspell(name: str, rng: random.Random) -> str:
    if not name or len(name) < 4:
        return name or ""
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # swap two neighbouring letters


def time_page_data(store, people: list[dict]) -> list[float]:
    out = []
    for person in people:
        started = time.perf_counter()
        data = load_family(store, person["person_id"], role="social_worker")
        family_elements(data)
        person_page.household_composition(data)
        person_page.services_involved(store, data)
        out.append((time.perf_counter() - started) * 1000)
    return out


def time_pages(store, people: list[dict]) -> list[float]:
    import tempfile

    from app import create_app
    from app.users import create_user

    db = Path(tempfile.mkdtemp()) / "users.db"
    app = create_app({"GRAPH_STORE": store, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        create_user("bench", "Bench", "social_worker", "bench-password-not-secret")
    client = app.test_client()
    client.post("/sign-in", data={"username": "bench", "password": "bench-password-not-secret"})
    out = []
    for person in people:
        # The reason-for-access question is answered once per person (not timed: the user reads the page).
        client.post(f"/people/{person['person_id']}/reason", data={"reason": "allocated_case"})
        started = time.perf_counter()
        response = client.get(f"/people/{person['person_id']}")
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return out


def time_search(store, people: list[dict], seed: int) -> dict[str, list[float]]:
    from app.services.search import search

    rng = random.Random(seed)
    kinds = {
        "surname, forename": lambda p: f"{p['surname']}, {p['forename']}",
        "misspelt surname": lambda p: misspell(p["surname"], rng),
        "forename surname": lambda p: f"{p['forename']} {misspell(p['surname'], rng)}",
        "date of birth": lambda p: p["dob"].strftime("%d/%m/%Y") if p["dob"] else p["surname"],
    }
    out = {}
    for kind, text_of in kinds.items():
        search(store, text_of(people[0]))  # warm the name vocabulary
        times = []
        for person in people:
            started = time.perf_counter()
            search(store, text_of(person))
            times.append((time.perf_counter() - started) * 1000)
        out[kind] = times
    return out


def open_bench_store(graph_url: str | None, load_extracts: Path | None = None, linkage: Path | None = None):
    """The graph to measure: GRAPH_URL / NEO4J_URI unless given; an embedded graph is opened read-only. With
    load_extracts, those extracts are first loaded into the (empty) store, e.g. the test Neo4j."""
    import os

    url = graph_url or os.environ.get("NEO4J_URI") or os.environ.get("GRAPH_URL")
    if not load_extracts:
        return open_store(url, read_only=url is not None and url.startswith("embedded"))
    from ingest.linkage.config import load_config
    from ingest.pipeline import run_ingest

    store = open_store(url, apply_schema=True)
    started = time.perf_counter()
    run_ingest(store, load_extracts, linkage=load_config(linkage) if linkage else None)
    print(f"loaded {load_extracts} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph-url", help="the graph to measure (default: GRAPH_URL / NEO4J_URI)")
    parser.add_argument("--load-extracts", type=Path, help="first load these extracts into an empty store")
    parser.add_argument("--linkage", type=Path, help="linkage configuration for --load-extracts")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    store = open_bench_store(args.graph_url, args.load_extracts, args.linkage)
    people = sample_people(store, args.people + 1, args.seed)
    print(f"engine: {store.describe()}; people sampled: {len(people) - 1}")
    results = []
    time_page_data(store, people[:1])
    results.append(summary("page data (map + households + involvements)", time_page_data(store, people[1:])))
    results.append(summary("whole person page (HTML)", time_pages(store, people[1:])))
    for kind, times in time_search(store, people[1:], args.seed).items():
        results.append(summary(f"search: {kind}", times))
    from tabulate import tabulate

    print(tabulate(results, headers="keys", tablefmt="github"))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
