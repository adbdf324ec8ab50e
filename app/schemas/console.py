"""Schemas of the console's and the cohort library's JSON API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.console import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, MAX_ROW_LIMIT, MAX_TIMEOUT_S, PARAMETER_TYPES


class ParameterSchema(Schema):
    name = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]*$"))
    type = fields.String(load_default="text", validate=validate.OneOf(PARAMETER_TYPES))
    value = fields.String(required=True, metadata={"description": "as typed in the form; read by its type"})


class ConsoleQueryBody(Schema):
    query = fields.String(required=True, validate=validate.Length(min=1), metadata={"description": "Cypher text"})
    parameters = fields.List(fields.Nested(ParameterSchema), load_default=list)
    timeout_s = fields.Integer(load_default=DEFAULT_TIMEOUT_S, validate=validate.Range(1, MAX_TIMEOUT_S))
    row_limit = fields.Integer(load_default=DEFAULT_ROW_LIMIT, validate=validate.Range(1, MAX_ROW_LIMIT))


class QueryAnswerSchema(Schema):
    columns = fields.List(fields.String())
    rows = fields.List(fields.Dict(), metadata={"description": "one object per row; dates as ISO text"})
    truncated = fields.Boolean(metadata={"description": "true when the row limit stopped the query"})
    row_limit = fields.Integer()
    elapsed_ms = fields.Integer()


class CohortParamSchema(Schema):
    name = fields.String()
    type = fields.String()
    default = fields.String(metadata={"description": "as the form shows it"})
    description = fields.String()


class CohortSchema(Schema):
    name = fields.String()
    title = fields.String()
    description = fields.String()
    params = fields.List(fields.Nested(CohortParamSchema))
    roles = fields.List(fields.String())


class CohortListSchema(Schema):
    cohorts = fields.List(fields.Nested(CohortSchema))


class CohortRunBody(Schema):
    arguments = fields.Dict(
        keys=fields.String(), values=fields.String(), load_default=dict, metadata={"description": "name → value"}
    )
