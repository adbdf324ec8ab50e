"""Every source mapping loads and agrees with the extract layouts (ingest/synth/layouts.py).

A mapping may only name files and columns the layout describes, its code lists must be the layout's, its date
formats must read the layout's dates, and its entities must use the field names the pipeline consumes.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest

from ingest.mapping import load_mappings
from ingest.synth.dates import FORMATS
from ingest.synth.layouts import SOURCE_BY_NAME, SOURCES

MAPPINGS = load_mappings()
CATEGORIES = {
    "social care",
    "early help",
    "education",
    "health",
    "police",
    "housing",
    "adult mental health",
    "substance misuse",
    "youth justice",
}
SENSITIVE = {"police", "adult_mental_health", "substance_misuse", "youth_justice"}
# kind → (required fields, allowed fields); "when" (row filter) and "codes" (relationship table) are always allowed
ADDRESS = {"line1", "line2", "town", "postcode", "uprn"}
ENTITY_FIELDS = {
    "person": (
        {"record_id"},
        {
            "record_id",
            "forename",
            "middle_names",
            "surname",
            "former_surname",
            "preferred_surname",
            "preferred_forename",
            "dob",
            "dob_estimated",
            "age",
            "age_on",
            "seen_at_postcode",
            "sex",
            "nhs_number",
            "upn",
            "date_of_death",
            "same_person",
            "group",
            "address_from",
            "address_to",
            *ADDRESS,
        },
    ),
    "residence": ({"person", "valid_from"}, {"person", "valid_from", "valid_to", *ADDRESS}),
    "relationship": ({"person", "related", "code"}, {"person", "related", "code", "valid_from", "valid_to"}),
    "episode": (
        {"episode_id", "start_date"},
        {
            "episode_id",
            "person",
            "group",
            "episode_type",
            "start_date",
            "end_date",
            "reason",
            "details",
            "service",
            "role",
            "lead",
            "lead_name",
            "lead_role",
            "lead_team",
            "lead_organisation",
            "lead_phone",
            "lead_email",
        },
    ),
    "professional": (
        {"professional_id", "name"},
        {"professional_id", "name", "role", "team", "organisation", "phone", "email"},
    ),
    "service": ({"code", "name"}, {"code", "name", "agency", "category", "description"}),
}
LAYOUT_TYPES = {"date": "date", "nhs": "nhs_number", "upn": "upn", "int": "int", "flags": "flags"}

FILES = [(s, f) for s, m in sorted(MAPPINGS.items()) for f in sorted(m.files)]


def _layout(source, file_name):
    spec = SOURCE_BY_NAME[source]
    return next(f for f in spec.files if f.name == file_name)


def _column_refs(spec):
    """Every column a field spec reads (``other.csv:COL`` for a joined file's column)."""
    if spec is None or isinstance(spec, bool | int | float):
        return []
    if isinstance(spec, str):
        return [spec]
    assert isinstance(spec, dict), f"field spec {spec!r} is not understood"
    if "value" in spec:
        return []
    if "template" in spec:
        return [name for _, name, _, _ in string.Formatter().parse(spec["template"]) if name]
    assert "column" in spec, f"field spec {spec!r} is not understood"
    return [spec["column"]]


def _entity_refs(fields):
    refs = []
    for name, spec in fields.items():
        if name == "codes":
            continue
        if name == "when":
            refs.append(spec["column"])
        else:
            refs.extend(_column_refs(spec))
    return refs


def test_mappings_load():
    assert MAPPINGS, "no mappings in ingest/mappings"


def test_every_source_has_a_mapping():
    assert set(MAPPINGS) == {s.name for s in SOURCES}


@pytest.mark.parametrize("source", sorted(MAPPINGS))
def test_source_header(source):
    mapping = MAPPINGS[source]
    layout = SOURCE_BY_NAME[source]
    assert mapping.path.stem == source, "name the file after its source"
    assert mapping.name and mapping.agency
    assert mapping.category in CATEGORIES
    assert mapping.sensitive == (source in SENSITIVE)
    assert mapping.service.get("code") and mapping.service.get("name")
    assert mapping.service.get("category", mapping.category) in CATEGORIES
    assert set(mapping.files) == {f.name for f in layout.files}, "map every file of the source, and only those"


@pytest.mark.parametrize("source", sorted(MAPPINGS))
def test_date_formats_read_the_layouts_dates(source):
    formatter = FORMATS[SOURCE_BY_NAME[source].date_format][0]
    formats = MAPPINGS[source].date_formats
    for day in (dt.date(2024, 3, 5), dt.date(1987, 12, 31), dt.date(2019, 11, 1)):
        text = formatter(day)
        parsed = set()
        for fmt in formats:
            try:
                parsed.add(dt.datetime.strptime(text, fmt).date())
            except ValueError:
                continue
        assert parsed == {day}, f"{source}: {text!r} does not read as {day} with {formats}"


@pytest.mark.parametrize("source, file_name", FILES)
def test_file_columns_exist_in_the_layout(source, file_name):
    fm = MAPPINGS[source].files[file_name]
    layout = _layout(source, file_name)
    assert fm.key == layout.record_id
    unknown = set(fm.columns) - set(layout.columns)
    assert not unknown, f"{source}/{file_name}: columns {sorted(unknown)} are not in the layout"
    for rule in fm.columns.values():
        if rule.after:
            assert rule.after in layout.columns
            assert fm.columns.get(rule.after) and fm.columns[rule.after].type == "date", f"{rule.name}: after a date"


@pytest.mark.parametrize("source, file_name", FILES)
def test_column_rules_agree_with_the_layout(source, file_name):
    fm = MAPPINGS[source].files[file_name]
    layout = _layout(source, file_name)
    for name, rule in fm.columns.items():
        col = layout.col(name)
        if col.kind in LAYOUT_TYPES:
            assert rule.type == LAYOUT_TYPES[col.kind], f"{file_name}:{name} should be type {LAYOUT_TYPES[col.kind]}"
        if rule.type in ("date", "nhs_number", "upn", "int", "flags"):
            assert LAYOUT_TYPES.get(col.kind) == rule.type, f"{file_name}:{name} is {col.kind} in the layout"
        if rule.required:
            assert col.required, f"{file_name}:{name} is optional in the layout; requiring it quarantines good rows"


@pytest.mark.parametrize("source, file_name", FILES)
def test_code_lists_are_the_layouts(source, file_name):
    fm = MAPPINGS[source].files[file_name]
    layout = _layout(source, file_name)
    for name, rule in fm.columns.items():
        if rule.codes is None:
            continue
        expected = layout.col(name).codes
        assert expected is not None, f"{file_name}:{name} has no code list in the layout"
        assert len(rule.codes) == len(set(rule.codes)), f"{file_name}:{name}: repeated codes"
        assert set(rule.codes) == set(expected), f"{file_name}:{name}: codes differ from the layout's"


@pytest.mark.parametrize("source, file_name", FILES)
def test_entity_specs_name_layout_columns(source, file_name):
    mapping = MAPPINGS[source]
    fm = mapping.files[file_name]
    layout = _layout(source, file_name)
    if fm.join:
        assert set(fm.join) == {"file", "on"}, f'join keys {list(fm.join)}: quote "on" (bare on is YAML for true)'
        assert fm.join["file"] in mapping.files and fm.join["file"] != file_name
        assert fm.join["on"] in layout.columns
        assert fm.join["on"] in _layout(source, fm.join["file"]).columns
    for kind, fields in fm.entities.items():
        for ref in _entity_refs(fields):
            other, sep, column = ref.rpartition(":")
            if sep:
                assert fm.join and other == fm.join["file"], f"{kind}: {ref} reads a file that is not joined"
                assert column in _layout(source, other).columns, f"{kind}: {ref} is not in the layout"
            else:
                assert ref in layout.columns, f"{source}/{file_name} {kind}: column {ref} is not in the layout"


@pytest.mark.parametrize("source, file_name", FILES)
def test_entity_fields_are_the_pipelines(source, file_name):
    mapping = MAPPINGS[source]
    for kind, fields in mapping.files[file_name].entities.items():
        required, allowed = ENTITY_FIELDS[kind]
        names = set(fields) - {"when", "codes"}
        assert required <= names, f"{file_name} {kind}: missing {sorted(required - names)}"
        assert names <= allowed, f"{file_name} {kind}: unknown fields {sorted(names - allowed)}"
        if "when" in fields:
            assert set(fields["when"]) - {"column"} <= {"in", "not_blank"}
        if kind == "episode":
            assert ("person" in fields) != ("group" in fields), "an episode is about a person or a group"
            assert not ("lead" in fields and "lead_name" in fields), "lead by id or inline, not both"
            if "lead" in fields:
                assert any("professional" in f.entities for f in mapping.files.values())
            if "group" in fields:
                assert any("group" in f.entities.get("person", {}) for f in mapping.files.values())
        if kind == "person" and ("address_from" in fields or "address_to" in fields):
            assert "address_from" in fields and ADDRESS & set(fields)
        if kind == "relationship":
            table = fields.get("codes")
            assert table, "a relationship needs a codes table"
            for code, rule in table.items():
                assert rule["type"] in {"parent", "partner", "sibling", "related"}, code
                if rule["type"] == "parent":
                    assert rule.get("parent") in {"person", "related"}, code
                if rule["type"] == "related":
                    assert rule.get("label") and rule.get("direction") in {"person", "related"}, code
            code_spec = fields["code"]
            if isinstance(code_spec, dict) and "value" in code_spec:
                assert code_spec["value"] in table
            else:
                column = code_spec if isinstance(code_spec, str) else code_spec["column"]
                codes = mapping.files[file_name].columns[column].codes
                assert codes is not None and set(table) == set(codes)


@pytest.mark.parametrize("source, file_name", FILES)
def test_code_maps_translate_layout_codes(source, file_name):
    """A ``{column: C, map: {...}}`` spec only translates codes C can hold (e.g. "1", not 1)."""
    fm = MAPPINGS[source].files[file_name]
    layout = _layout(source, file_name)
    for kind, fields in fm.entities.items():
        for name, spec in fields.items():
            if not (isinstance(spec, dict) and "map" in spec):
                continue
            other, sep, column = spec["column"].rpartition(":")
            codes = (_layout(source, other) if sep else layout).col(column).codes
            assert codes is not None, f"{kind}.{name}: {spec['column']} has no code list"
            unknown = {str(k) for k in spec["map"]} - set(codes)
            assert not unknown and all(isinstance(k, str) for k in spec["map"]), f"{kind}.{name}: {sorted(unknown)}"
