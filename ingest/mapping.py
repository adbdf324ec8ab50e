"""Source mappings: one YAML file per source system says what its extract holds and what each column means.

Adding a source system means adding a mapping file (ingest/mappings/<source>.yaml); see ingest/README.md for
the format. This module loads a mapping and checks its shape, so that a mistake in a mapping is reported by
file and key before any data is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
ENTITY_KINDS = ("person", "residence", "relationship", "episode", "professional", "service")
COLUMN_TYPES = ("text", "date", "int", "nhs_number", "upn", "postcode", "email", "phone", "flags")


class MappingError(ValueError):
    """A mapping file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class ColumnRule:
    name: str
    type: str = "text"
    required: bool = False
    max_length: int | None = None
    codes: tuple[str, ...] | None = None  # allowed values (after strip); blank allowed unless required
    past: bool = False  # dates: not in the future
    not_before: str | None = None  # dates: e.g. "1900-01-01"
    after: str | None = None  # dates: this column must not be before that column


@dataclass(frozen=True)
class FileMapping:
    name: str  # file name inside the source folder
    key: str  # the column that identifies a row (its record id)
    columns: dict[str, ColumnRule]
    entities: dict[str, dict]  # kind → field specs
    join: dict | None = None  # {"file": other.csv, "on": COLUMN}: other file's columns as other.csv:COLUMN
    date_format: str | None = None


@dataclass(frozen=True)
class SourceMapping:
    source: str
    name: str
    agency: str
    category: str
    sensitive: bool
    date_formats: tuple[str, ...]
    files: dict[str, FileMapping]
    service: dict = field(default_factory=dict)  # the default Service for this source's episodes
    trust: int = 5  # for choosing a person's displayed name and date of birth: lower is more trusted
    path: Path | None = None


def _fail(path, where, message):
    raise MappingError(f"{path}: {where}: {message}")


def _column_rule(path, file_name, name, spec) -> ColumnRule:
    spec = spec or {}
    if not isinstance(spec, dict):
        _fail(path, f"files.{file_name}.columns.{name}", "must be a mapping of rules")
    unknown = set(spec) - {"type", "required", "max_length", "codes", "past", "not_before", "after"}
    if unknown:
        _fail(path, f"files.{file_name}.columns.{name}", f"unknown rules {sorted(unknown)}")
    col_type = spec.get("type", "text")
    if col_type not in COLUMN_TYPES:
        _fail(path, f"files.{file_name}.columns.{name}.type", f"{col_type!r} is not one of {COLUMN_TYPES}")
    codes = spec.get("codes")
    if codes is not None:
        codes = tuple(str(c) for c in (codes.keys() if isinstance(codes, dict) else codes))
    return ColumnRule(
        name,
        col_type,
        bool(spec.get("required", False)),
        spec.get("max_length"),
        codes,
        bool(spec.get("past", col_type == "date")),
        spec.get("not_before", "1900-01-01" if col_type == "date" else None),
        spec.get("after"),
    )


def load_mapping(path: Path) -> SourceMapping:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise MappingError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        _fail(path, "top level", "must be a mapping")
    for key in ("source", "name", "files"):
        if key not in data:
            _fail(path, key, "is required")
    formats = data.get("date_formats") or [data.get("date_format", "%Y-%m-%d")]
    files = {}
    for file_name, spec in data["files"].items():
        if "key" not in spec:
            _fail(path, f"files.{file_name}.key", "is required (the column that identifies a row)")
        columns = {
            name: _column_rule(path, file_name, name, rule) for name, rule in (spec.get("columns") or {}).items()
        }
        if spec["key"] not in columns:
            columns[spec["key"]] = ColumnRule(spec["key"], required=True)
        entities = {kind: spec[kind] for kind in ENTITY_KINDS if kind in spec}
        extra = set(spec) - set(ENTITY_KINDS) - {"key", "columns", "join", "date_format"}
        if extra:
            _fail(path, f"files.{file_name}", f"unknown keys {sorted(extra)} (entities are {ENTITY_KINDS})")
        join = spec.get("join")
        if join is not None:
            if True in join:  # YAML 1.1 reads a bare `on:` key as the boolean true
                join["on"] = join.pop(True)
            if set(join) != {"file", "on"}:
                _fail(path, f"files.{file_name}.join", "needs exactly `file` and `on`")
            if join["file"] not in data["files"]:
                _fail(path, f"files.{file_name}.join.file", f"{join['file']} is not a file of this mapping")
        files[file_name] = FileMapping(file_name, spec["key"], columns, entities, join, spec.get("date_format"))
    return SourceMapping(
        source=data["source"],
        name=data["name"],
        agency=data.get("agency", ""),
        category=data.get("category", ""),
        sensitive=bool(data.get("sensitive", False)),
        date_formats=tuple(formats),
        files=files,
        service=data.get("service") or {},
        trust=int(data.get("trust", 5)),
        path=Path(path),
    )


def load_mappings(directory: Path = MAPPINGS_DIR) -> dict[str, SourceMapping]:
    mappings = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        mapping = load_mapping(path)
        mappings[mapping.source] = mapping
    return mappings
