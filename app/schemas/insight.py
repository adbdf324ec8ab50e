"""Schemas of the service insight API: co-involvement of services, families by number of services, and open
involvements per month. Aggregate counts only."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, ValidationError, fields

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _in_range(day: dt.date) -> None:
    # A plain validator (not validate.Range) so that the OpenAPI document does not get a numeric minimum on a date.
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(f"Must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}.")


class InsightQuery(Schema):
    as_at = fields.Date(
        validate=_in_range,
        metadata={"description": "The date the figures are as at, year-month-day (default today)"},
    )


class ServiceOut(Schema):
    key = fields.String(required=True, metadata={"description": "The source system the service counts under"})
    name = fields.String(required=True)
    category = fields.String(allow_none=True)
    service_nodes = fields.Integer(
        required=True, metadata={"description": "How many services of the graph count under it (schools: one each)"}
    )


class CoInvolvementRowOut(Schema):
    service = fields.String(required=True, metadata={"description": "The service's key"})
    families = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "Families known to this service and to each service of `services`, in that order"},
    )


class BucketOut(Schema):
    services = fields.String(required=True, metadata={"description": "Number of services: 1, 2, ... or 6+"})
    families = fields.Integer(required=True)


class ServicesPerFamilyOut(Schema):
    families = fields.Integer(required=True, metadata={"description": "Every family on the as-at date"})
    known_to_any = fields.Integer(required=True, metadata={"description": "Families known to at least one service"})
    buckets = fields.List(fields.Nested(BucketOut), required=True)


class MonthOut(Schema):
    month = fields.String(required=True, metadata={"description": "year-month"})
    first_day = fields.Date(required=True)
    last_day = fields.Date(required=True)


class SeriesOut(Schema):
    service = fields.String(required=True, metadata={"description": "The service's key"})
    name = fields.String(required=True)
    counts = fields.List(
        fields.Integer(), required=True, metadata={"description": "Involvements open in each month of `months`"}
    )


class OpenByMonthOut(Schema):
    months = fields.List(fields.Nested(MonthOut), required=True)
    series = fields.List(fields.Nested(SeriesOut), required=True)


class DefinitionsOut(Schema):
    family = fields.String(required=True)
    involved = fields.String(required=True)
    service = fields.String(required=True)
    open_in_month = fields.String(required=True)


class InsightOut(Schema):
    as_at = fields.Date(required=True)
    involvement_from = fields.Date(
        required=True, metadata={"description": "The first day of the 12 months in which involvement counts"}
    )
    definitions = fields.Nested(DefinitionsOut, required=True)
    services = fields.List(fields.Nested(ServiceOut), required=True)
    co_involvement = fields.List(fields.Nested(CoInvolvementRowOut), required=True)
    services_per_family = fields.Nested(ServicesPerFamilyOut, required=True)
    open_by_month = fields.Nested(OpenByMonthOut, required=True)
