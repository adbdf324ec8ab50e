"""Collect rows per file, then sort, corrupt a few, number and write them as CSV."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from .invalid import corrupt, selected
from .layouts import FILES, SOURCE_BY_NAME, date_format


class Sink:
    """Rows of every extract file (plus the person id behind person rows)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[list[str], str]]] = {k: [] for k in FILES}

    def add(self, key: str, row: list[str], person=None) -> None:
        self.rows[key].append((row, person.pid if person is not None else ""))


def _open(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", newline="", encoding="utf-8")


def write_extracts(sink: Sink, out: Path, seed: int, invalid_rate: float, as_of: str) -> tuple[list, list, dict]:
    """Write extracts/<source>/<file> and a manifest.json per source; return (records, invalid rows, row counts)."""
    for source in SOURCE_BY_NAME:
        folder = out / "extracts" / source
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.json").write_text(
            json.dumps({"source": source, "extracted_at": as_of}) + "\n", encoding="utf-8"
        )
    records: list[tuple[str, str, str, str]] = []
    invalid: list[tuple] = []
    counts: dict[str, int] = {}
    for key, spec in FILES.items():
        rid_idx = spec.columns.index(spec.record_id)
        rows = sink.rows[key]
        rows.sort(key=lambda r: r[0][rid_idx])
        fmt = date_format(spec.source)
        ncols = len(spec.cols)
        threshold = int(invalid_rate * 1_000_000)
        for n, (row, pid) in enumerate(rows, start=1):
            if len(row) != ncols:
                raise AssertionError(f"{key}: row has {len(row)} values, layout has {ncols}")
            if spec.invalid and selected(seed, key, row[rid_idx], threshold):
                bad = corrupt(spec, row, fmt, seed)
                if bad is not None:
                    invalid.append((spec.source, spec.name, n, row[rid_idx], bad[0], bad[1]))
            if spec.person_file:
                records.append((spec.source, spec.name, row[rid_idx], pid))
        with _open(out / "extracts" / spec.source / spec.name) as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(spec.columns)
            w.writerows(r for r, _ in rows)
        counts[key] = len(rows)
    return records, invalid, counts


def write_csv(path: Path, header: list[str], rows) -> int:
    n = 0
    with _open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
            n += 1
    return n


def clean_dir(path: Path) -> None:
    """Remove previously generated files so stale ones never survive a re-run."""
    for sub in ("extracts", "ground_truth"):
        root = path / sub
        if not root.exists():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                if f.endswith(".csv") or f == "manifest.json":
                    os.remove(os.path.join(dirpath, f))
