"""Turns validated rows into canonical entities, following the field specs in a file's mapping.

A field spec is one of:
- ``COLUMN`` — the (validated, typed) value of a column; ``other.csv:COLUMN`` reads the joined file's row;
- ``{value: X}`` — a constant;
- ``{column: C, map: {code: value, ...}, default: X}`` — a code translated;
- ``{template: "{A} {B}"}`` — columns put together (blank parts dropped);
- ``{name_part: forename|middle_names|surname, column: C}`` — one part of a full name such as "SMITH, Jo";
- ``{address_part: line1|line2|town, column: C}`` — one part of a one-line address.
"""

from __future__ import annotations

import re

from ingest.standardise import split_address_line, split_full_name

_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")

_NAME_PARTS = ("forename", "middle_names", "surname")
_ADDRESS_PARTS = ("line1", "line2", "town")


class FieldError(ValueError):
    pass


def _lookup(row: dict, joined: dict | None, column: str):
    if ":" in column and joined is not None:
        _, _, col = column.partition(":")
        return joined.get(col)
    if column not in row:
        raise FieldError(f"column {column!r} is not in the file")
    return row[column]


def template_columns(template: str) -> list[str]:
    return _TEMPLATE_FIELD.findall(template)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # flags
        return ", ".join(str(v) for v in value)
    return str(value)


def field_value(spec, row: dict, joined: dict | None = None):
    if spec is None:
        return None
    if isinstance(spec, str):
        return _lookup(row, joined, spec)
    if not isinstance(spec, dict):
        return spec
    if "value" in spec:
        return spec["value"]
    if "template" in spec:
        template = spec["template"]
        values = {n: _text(_lookup(row, joined, n)) for n in _TEMPLATE_FIELD.findall(template)}
        if not any(values.values()):
            return None
        return " ".join(_TEMPLATE_FIELD.sub(lambda m: values[m.group(1)], template).split()) or None
    if "name_part" in spec:
        text = _lookup(row, joined, spec["column"])
        return split_full_name(text)[_NAME_PARTS.index(spec["name_part"])] if text else None
    if "address_part" in spec:
        text = _lookup(row, joined, spec["column"])
        return split_address_line(text)[_ADDRESS_PARTS.index(spec["address_part"])] if text else None
    if "column" in spec:
        raw = _lookup(row, joined, spec["column"])
        if "map" in spec:
            mapped = spec["map"].get(raw if raw is None else str(raw))
            return mapped if mapped is not None else spec.get("default")
        return raw if raw not in (None, "") else spec.get("default")
    raise FieldError(f"field spec {spec!r} is not understood")


def build_entity(fields: dict, row: dict, joined: dict | None = None) -> dict:
    """Every key of the entity spec evaluated for one row (nested 'codes' tables are passed through)."""
    out = {}
    for name, spec in fields.items():
        if name in {"codes", "when"}:
            continue
        out[name] = field_value(spec, row, joined)
    return out


def applies(fields: dict, row: dict, joined: dict | None = None) -> bool:
    """An entity spec may carry ``when: {column: C, in: [..]}`` to apply to some rows only."""
    condition = fields.get("when")
    if not condition:
        return True
    value = field_value(condition["column"], row, joined)
    if "in" in condition:
        return value in condition["in"]
    if "not_blank" in condition:
        return value not in (None, "")
    return True
