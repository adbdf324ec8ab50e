"""Reads one extract file: checks it exists, is UTF-8, is not empty and has the mapped columns.

Whole-file problems are returned as FileProblem (the run goes on with the other files); rows come back with
their 1-based data row number (the header is row 0), so a quarantined row can be found in the file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileProblem:
    source: str
    file: str
    reason: str


@dataclass
class ReadFile:
    rows: list[tuple[int, dict[str, str]]]
    problem: FileProblem | None = None


def read_extract(source: str, path: Path, required_columns: set[str]) -> ReadFile:
    name = path.name
    if not path.exists():
        return ReadFile([], FileProblem(source, name, f"file {name} is missing from {path.parent}"))
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as spreadsheet exports write
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return ReadFile(
            [], FileProblem(source, name, f"file {name} is not UTF-8 (byte {error.start}); re-export it as UTF-8")
        )
    if not text.strip():
        return ReadFile([], FileProblem(source, name, f"file {name} is empty"))
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = sorted(required_columns - set(header))
    if missing:
        return ReadFile([], FileProblem(source, name, f"file {name} lacks column(s) {', '.join(missing)}"))
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=1):
        rows.append((number, {k: (v or "").strip() for k, v in row.items() if k is not None}))
    return ReadFile(rows)
