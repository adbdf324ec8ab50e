"""Person search benchmark: realistic searches taken from the graph's own people, timed server side.

    python bench/search.py                                   # the 50,000-family embedded graph, read-only
    python bench/search.py --graph-url embedded:/tmp/me/graph --per-kind 50
    NEO4J_USER=neo4j NEO4J_PASSWORD=... python bench/search.py --graph-url bolt://127.0.0.1:7687

Samples people (with their records' ids) from the graph, builds searches of several kinds (exact surname, forename
and surname, "surname, forename", a misspelt surname, a partial surname, surname and date of birth, date of birth
alone, NHS number, UPN, a source id, one forename), runs each through the search service exactly as the API does
(parsing, the in-memory person index, scoring, the first 20 results completed from the graph) and prints
p50/p95/max per kind (wall clock; and the p95 of the process's CPU time, which other programs' load on the machine
does not inflate), how often the person searched for was on the first page, and how often they were matched at all
(namesakes, listed youngest first, can fill the first page: the synthetic city has dozens of each common name).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tabulate import tabulate  # noqa: E402

from app.services import search as search_service  # noqa: E402
from graph import open_store  # noqa: E402

DEFAULT_GRAPH = "embedded:/tmp/g50k/graph"
# Person ids are hashes: one ending of two characters is a fair, repeatable sample of about 1 in 256 people.
SAMPLE_QUERY = (
    "MATCH (s:SourceRecord)-[:RECORD_OF]->(p:Person) WHERE p.person_id ENDS WITH $ending "
    "RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.dob AS dob, "
    "s.system AS system, s.record_id AS record_id, s.nhs_number AS nhs_number, s.upn AS upn"
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sample_people(store, ending: str) -> list[dict]:
    rows = store.run_read_only(SAMPLE_QUERY, {"ending": ending}, timeout_s=120, row_limit=100_000).rows
    people: dict[str, dict] = {}
    for row in rows:
        person = people.setdefault(row["person_id"], {**row, "nhs_numbers": set(), "upns": set(), "ids": []})
        if row["nhs_number"]:
            person["nhs_numbers"].add(row["nhs_number"])
        if row["upn"]:
            person["upns"].add(row["upn"])
        person["ids"].append(row["record_id"])
    return [p for p in people.values() if p["surname"] and p["forename"]]


def misspell(name: str, rng: random.Random) -> str:
    """A keying error: two neighbouring letters swapped, or one letter dropped or doubled."""
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 2)
    return rng.choice(
        [name[:i] + name[i + 1] + name[i] + name[i + 2 :], name[:i] + name[i + 1 :], name[:i] + name[i] + name[i:]]
    )


def spaced_nhs(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def searches(people: list[dict], per_kind: int, rng: random.Random) -> dict[str, list[tuple[dict, str, str]]]:
    """(person, box text, date-of-birth field) per kind."""

    def pick(pool):
        return rng.sample(pool, min(per_kind, len(pool)))

    dated = [p for p in people if p["dob"]]
    long_surnames = [p for p in people if len(p["surname"]) >= 5]
    return {
        "surname": [(p, p["surname"], "") for p in pick(people)],
        "forename surname": [(p, f"{p['forename']} {p['surname']}", "") for p in pick(people)],
        "surname, forename": [(p, f"{p['surname']}, {p['forename']}", "") for p in pick(people)],
        "misspelt surname": [(p, misspell(p["surname"], rng), "") for p in pick(long_surnames)],
        "forename misspelt surname": [(p, f"{p['forename']} {misspell(p['surname'], rng)}", "") for p in pick(people)],
        "partial surname": [(p, p["surname"][:4], "") for p in pick(long_surnames)],
        "surname + dob": [(p, p["surname"], f"{p['dob'].day}/{p['dob'].month}/{p['dob'].year}") for p in pick(dated)],
        "dob only": [(p, f"{p['dob'].day} {p['dob']:%B %Y}", "") for p in pick(dated)],
        "NHS number": [
            (p, spaced_nhs(sorted(p["nhs_numbers"])[0]), "") for p in pick([p for p in people if p["nhs_numbers"]])
        ],
        "UPN": [(p, sorted(p["upns"])[0], "") for p in pick([p for p in people if p["upns"]])],
        "source id": [(p, rng.choice(p["ids"]), "") for p in pick(people)],
        "forename only": [(p, p["forename"], "") for p in pick(people)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph-url", default=DEFAULT_GRAPH, help=f"the graph (default {DEFAULT_GRAPH}), read-only")
    parser.add_argument("--per-kind", type=int, default=40, help="searches of each kind (default 40)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ending", default="7", help="person ids ending so are sampled (default 7: 1 in 16)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    store = open_store(args.graph_url, read_only=True)
    print(f"graph: {store.describe()}", file=sys.stderr)
    started = time.perf_counter()
    people = sample_people(store, args.ending)
    print(f"sampled {len(people):,} people in {time.perf_counter() - started:.1f}s", file=sys.stderr)

    started = time.perf_counter()
    index = search_service.person_index(store)
    print(
        f"person index: {len(index):,} people, {len(index.surnames):,} surnames, {len(index.forenames):,} forenames, "
        f"{len(index.nhs_numbers):,} NHS numbers, {len(index.upns):,} UPNs; built in "
        f"{time.perf_counter() - started:.1f}s (once per completed load), process peak memory "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        file=sys.stderr,
    )
    plan = searches(people, args.per_kind, rng)
    for kind_searches in plan.values():  # warm the engine's caches with one of each kind
        search_service.search(store, kind_searches[0][1], kind_searches[0][2])

    position = {pid: n for n, pid in enumerate(index.person_ids)}
    rows, everything, all_cpu = [], [], []
    for kind, kind_searches in plan.items():
        millis, cpu, shown, matched = [], [], 0, 0
        for person, text, dob in kind_searches:
            began, began_cpu = time.perf_counter(), time.process_time()
            outcome = search_service.search(store, text, dob)
            millis.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            in_results = any(r["person_id"] == person["person_id"] for r in outcome.results)
            shown += in_results
            # Not timed: was the person among all the people the search matched (namesakes may fill the page)?
            terms = outcome.terms
            ranking = search_service.Ranking(index, terms) if not terms.has_identifiers else None
            matched += in_results or bool(ranking and position[person["person_id"]] in ranking.scores)
        everything += millis
        all_cpu += cpu
        n = len(millis)
        p95 = percentile(millis, 0.95)
        rows.append(
            [kind, n, statistics.median(millis), p95, max(millis), percentile(cpu, 0.95), shown / n, matched / n]
        )
    rows.append(
        [
            "all",
            len(everything),
            statistics.median(everything),
            percentile(everything, 0.95),
            max(everything),
            percentile(all_cpu, 0.95),
        ]
    )
    print(
        tabulate(
            rows,
            headers=["search", "n", "p50 ms", "p95 ms", "max ms", "CPU p95 ms", "person in first 20", "matched"],
            floatfmt=(".0f", ".0f", ".1f", ".1f", ".1f", ".1f", ".0%", ".0%"),
        )
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)", file=sys.stderr)
    store.close()


if __name__ == "__main__":
    main()
