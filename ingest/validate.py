"""Row validation with marshmallow schemas built from a file's column rules.

Every rule failure becomes a Problem naming the column, the value and the reason; a row with any problem is
quarantined whole (never half-loaded). Blank cells are treated as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from marshmallow import Schema, ValidationError, fields, validate

from ingest.identifiers import is_valid_nhs_number, is_valid_upn, normalise_nhs_number
from ingest.mapping import ColumnRule, FileMapping
from ingest.standardise import is_valid_email, normalise_postcode

_FORMAT_PARTS = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "Mon", "%H": "hh", "%M": "mm", "%S": "ss"}


def format_name(fmt: str) -> str:
    """A strptime format as people write it: %d/%m/%Y → dd/mm/yyyy."""
    for code, name in _FORMAT_PARTS.items():
        fmt = fmt.replace(code, name)
    return fmt


@dataclass(frozen=True)
class Problem:
    field: str
    value: str
    reason: str


class ExtractDate(fields.Field):
    """A date written in one of the source's formats (time parts such as ' 00:00:00' are allowed)."""

    def __init__(self, formats, earliest: dt.date | None, latest: dt.date | None, **kwargs):
        super().__init__(**kwargs)
        self.formats = formats
        self.earliest = earliest
        self.latest = latest

    def _deserialize(self, value, attr, data, **kwargs):
        for fmt in self.formats:
            try:
                parsed = dt.datetime.strptime(value, fmt).date()
                break
            except ValueError:
                continue
        else:
            names = " or ".join(format_name(f) for f in self.formats)
            raise ValidationError(f"not a date in the format {names}")
        if self.latest and parsed > self.latest:
            raise ValidationError(f"date {parsed.isoformat()} is in the future (after {self.latest.isoformat()})")
        if self.earliest and parsed < self.earliest:
            raise ValidationError(f"date {parsed.isoformat()} is before {self.earliest.isoformat()}")
        return parsed


class NhsNumber(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        digits = normalise_nhs_number(value)
        if not digits.isdigit() or len(digits) != 10:
            raise ValidationError("NHS number must have 10 digits")
        if not is_valid_nhs_number(digits):
            raise ValidationError("NHS number fails the modulus 11 check digit")
        return digits


class Upn(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        upn = value.replace(" ", "").upper()
        if len(upn) != 13:
            raise ValidationError("UPN must have 13 characters")
        if not is_valid_upn(upn):
            raise ValidationError("UPN check letter does not match")
        return upn


class Postcode(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError("not a valid UK postcode")
        return postcode


class Email(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        if not is_valid_email(value):
            raise ValidationError("not a valid e-mail address")
        return value.strip().lower()


class Flags(fields.String):
    def __init__(self, codes=None, **kwargs):
        super().__init__(**kwargs)
        self.codes = codes

    def _deserialize(self, value, attr, data, **kwargs):
        flags = [f.strip() for f in value.split(";") if f.strip()]
        unknown = [f for f in flags if self.codes and f not in self.codes]
        if unknown:
            raise ValidationError(f"unknown flag(s) {', '.join(unknown)}")
        return flags


def _field(rule: ColumnRule, formats, as_of: dt.date) -> fields.Field:
    common = {"required": rule.required, "allow_none": not rule.required}
    if rule.type == "date":
        earliest = dt.date.fromisoformat(rule.not_before) if rule.not_before else None
        return ExtractDate(formats, earliest, as_of if rule.past else None, **common)
    if rule.type == "int":
        return fields.Integer(strict=False, **common)
    if rule.type == "nhs_number":
        return NhsNumber(**common)
    if rule.type == "upn":
        return Upn(**common)
    if rule.type == "postcode":
        return Postcode(**common)
    if rule.type == "email":
        return Email(**common)
    if rule.type == "flags":
        return Flags(codes=rule.codes, **common)
    validators = []
    if rule.max_length:
        validators.append(validate.Length(max=rule.max_length, error=f"longer than {rule.max_length} characters"))
    if rule.codes:
        validators.append(validate.OneOf(rule.codes, error="code {input!r} is not in the code list"))
    return fields.String(validate=validators, **common)


class RowValidator:
    """Validates the rows of one file against its mapping; built once per file."""

    def __init__(self, mapping: FileMapping, source_formats: tuple[str, ...], as_of: dt.date):
        formats = (mapping.date_format,) if mapping.date_format else source_formats
        self.rules = mapping.columns
        self.schema = Schema.from_dict({name: _field(rule, formats, as_of) for name, rule in self.rules.items()})()

    def validate(self, row: dict[str, str]) -> tuple[dict | None, list[Problem]]:
        data = {k: v for k, v in row.items() if k in self.rules and v != ""}
        problems = []
        try:
            values = self.schema.load(data)
        except ValidationError as error:
            for name, messages in sorted(error.messages.items()):
                for message in messages if isinstance(messages, list) else [str(messages)]:
                    reason = "required field is missing" if message == "Missing data for required field." else message
                    problems.append(Problem(name, row.get(name, ""), reason))
            return None, problems
        for name, rule in self.rules.items():
            if rule.after and values.get(name) and values.get(rule.after) and values[name] < values[rule.after]:
                problems.append(Problem(name, row.get(name, ""), f"{name} is before {rule.after}"))
        if problems:
            return None, problems
        # keep unmapped columns as text, so that entity specs may read them
        return {**{k: (v or None) for k, v in row.items()}, **values}, []
