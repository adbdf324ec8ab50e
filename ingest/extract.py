"""Stage 1-2 for one source: read its files, validate every row (bad rows to quarantine), build entities.

Counts reconcile per source: rows read = rows loaded + rows quarantined (a duplicate of an earlier row with the
same key in the same file is quarantined as such).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ingest.entities import applies, build_entity, template_columns
from ingest.mapping import SourceMapping
from ingest.quarantine import Quarantine
from ingest.reader import read_extract
from ingest.validate import Problem, RowValidator


@dataclass
class SourceExtract:
    source: str
    mapping: SourceMapping
    extracted_at: dt.date | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    file_problems: list[str] = field(default_factory=list)
    entities: dict[str, list[tuple[str, int, dict]]] = field(default_factory=dict)  # kind → (file, row, entity)


def _extracted_at(folder: Path) -> dt.date | None:
    """The extract date: manifest.json's extracted_at if present, else the newest file's modification date."""
    manifest = folder / "manifest.json"
    if manifest.exists():
        import json

        return dt.date.fromisoformat(json.loads(manifest.read_text())["extracted_at"])
    times = [p.stat().st_mtime for p in folder.glob("*.csv")]
    return dt.datetime.fromtimestamp(max(times)).date() if times else None


def referenced_columns(file_mapping) -> set[str]:
    """Columns of this file that its entity specs read (joined files' columns, written FILE:COLUMN, excluded)."""
    found: set[str] = set()

    def visit(spec):
        if isinstance(spec, str):
            found.add(spec)
        elif isinstance(spec, dict):
            if "template" in spec:
                found.update(template_columns(spec["template"]))
            if "column" in spec:
                visit(spec["column"])

    for fields in file_mapping.entities.values():
        for name, spec in fields.items():
            if name not in {"codes", "when"}:
                visit(spec)
        if "when" in fields:
            visit(fields["when"]["column"])
    return {c for c in found if ":" not in c}


def extract_source(mapping: SourceMapping, source_dir: Path, quarantine: Quarantine, as_of: dt.date) -> SourceExtract:
    folder = source_dir / mapping.source
    result = SourceExtract(mapping.source, mapping)
    if not folder.is_dir():
        reason = f"source folder {folder} is missing"
        result.file_problems.append(reason)
        quarantine.add_file(mapping.source, "", reason)
        return result
    result.extracted_at = _extracted_at(folder)
    valid: dict[str, list[tuple[int, dict]]] = {}
    for file_name, file_mapping in mapping.files.items():
        read = read_extract(
            mapping.source, folder / file_name, set(file_mapping.columns) | referenced_columns(file_mapping)
        )
        if read.problem:
            result.file_problems.append(read.problem.reason)
            quarantine.add_file(mapping.source, file_name, read.problem.reason)
            continue
        validator = RowValidator(file_mapping, mapping.date_formats, as_of)
        seen: dict[str, int] = {}
        rows = []
        for number, raw in read.rows:
            result.rows_read += 1
            values, problems = validator.validate(raw)
            key = raw.get(file_mapping.key, "")
            if not problems and key in seen:
                problems = [Problem(file_mapping.key, key, f"duplicate of row {seen[key]} (same {file_mapping.key})")]
            if problems:
                quarantine.add_row(mapping.source, file_name, number, problems)
                result.rows_quarantined += 1
                continue
            seen[key] = number
            rows.append((number, values))
            result.rows_loaded += 1
        valid[file_name] = rows

    for file_name, file_mapping in mapping.files.items():
        rows = valid.get(file_name, [])
        joined_index = {}
        if file_mapping.join:
            target, on = file_mapping.join["file"], file_mapping.join["on"]
            target_key = mapping.files[target].key if target in mapping.files else on
            joined_index = {values.get(target_key): values for _, values in valid.get(target, [])}
        for kind, spec in file_mapping.entities.items():
            bucket = result.entities.setdefault(kind, [])
            for number, values in rows:
                joined = joined_index.get(values.get(file_mapping.join["on"])) if file_mapping.join else None
                if file_mapping.join and joined is None:
                    joined = {}
                if applies(spec, values, joined):
                    entity = build_entity(spec, values, joined)
                    if kind == "relationship":
                        entity["codes"] = spec.get("codes", {})
                    bucket.append((file_name, number, entity))
    return result
