"""Schemas of the data-quality API: quarantine per run and source, the latest run's quarantine reasons against the
run before, people whose sources disagree, the linkage summary, missing identifiers and each source's freshness."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.schemas.linkage import LinkageMethodSchema, LinkageRecordsPerPersonSchema, LinkageStatusCountSchema

DISAGREEMENTS_DEFAULT, DISAGREEMENTS_MAX = 50, 1000
RUNS_DEFAULT, RUNS_MAX = 10, 100


class LocalDateTime(fields.String):
    """A time as ingest recorded it: the ingest server's local time, with no zone (so not an RFC 3339 date-time),
    written as ISO 8601, e.g. 2026-11-02T06:01:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()


class DataQualityParams(Schema):
    limit = fields.Integer(
        load_default=DISAGREEMENTS_DEFAULT,
        validate=validate.Range(1, DISAGREEMENTS_MAX),
        metadata={"description": "at most this many people in the list of people whose sources disagree"},
    )
    runs = fields.Integer(
        load_default=RUNS_DEFAULT,
        validate=validate.Range(1, RUNS_MAX),
        metadata={"description": "this many of the newest ingest runs"},
    )


class SourceCountsSchema(Schema):
    source = fields.String()
    read = fields.Integer(metadata={"description": "rows read from the source's files"})
    loaded = fields.Integer()
    quarantined = fields.Integer(metadata={"description": "rows quarantined (read = loaded + quarantined)"})
    percent_quarantined = fields.Float()
    whole_file_problems = fields.Integer(
        metadata={"description": "files missing, empty, not UTF-8 or short of columns"}
    )


class RunSchema(Schema):
    load_id = fields.String()
    started_at = LocalDateTime(metadata={"description": "local time, no zone"})
    finished_at = LocalDateTime(allow_none=True, metadata={"description": "none while running, or if it stopped"})
    status = fields.String(allow_none=True)
    sources = fields.List(fields.Nested(SourceCountsSchema), metadata={"description": "empty: no counts recorded"})
    reasons = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        allow_none=True,
        metadata={
            "description": 'problems per source and "FIELD: reason" (a row can have several problems); none for '
            "runs recorded before ingest counted reasons"
        },
    )


class ReasonRowSchema(Schema):
    source = fields.String()
    field = fields.String(metadata={"description": "the column, or (whole file)"})
    reason = fields.String(metadata={"description": "the kind of problem, without the row's values"})
    problems = fields.Integer(metadata={"description": "problems in the latest run (0: none since the run before)"})
    previous_problems = fields.Integer(
        allow_none=True, metadata={"description": "in the run before that read the source; none if not recorded"}
    )
    previous_load_id = fields.String(allow_none=True)
    change = fields.String(metadata={"description": "up N, down N, no change, or no earlier figure"})


class ReasonTrendSchema(Schema):
    load_id = fields.String(allow_none=True, metadata={"description": "the latest run with counts"})
    finished_at = LocalDateTime(allow_none=True)
    recorded = fields.Boolean(metadata={"description": "false when that run predates quarantine reason counts"})
    rows = fields.List(fields.Nested(ReasonRowSchema))


class DisagreementSchema(Schema):
    person_id = fields.String()
    forename = fields.String(allow_none=True)
    surname = fields.String(allow_none=True)
    records = fields.Integer()
    dobs = fields.Integer(metadata={"description": "distinct dates of birth among the person's records"})
    earliest_dob = fields.Date(allow_none=True)
    latest_dob = fields.Date(allow_none=True)
    nhs_numbers = fields.Integer(metadata={"description": "distinct NHS numbers among the person's records"})
    sexes = fields.Integer(metadata={"description": "distinct recorded sexes (M, F)"})


class DisagreementsSchema(Schema):
    people = fields.List(fields.Nested(DisagreementSchema), metadata={"description": "by person id"})
    more = fields.Boolean(metadata={"description": "true when more people disagree than listed"})
    limit = fields.Integer()


class IdentifierSchema(Schema):
    identifier = fields.String(metadata={"description": "nhs_number, upn, dob, postcode or uprn"})
    label = fields.String()
    held = fields.Boolean(
        allow_none=True,
        metadata={"description": "whether the source's mapping carries it; none when no mapping says"},
    )
    missing = fields.Integer(allow_none=True, metadata={"description": "records without it; none when not held"})
    percent_missing = fields.Float(allow_none=True)


class MissingIdentifiersSchema(Schema):
    system = fields.String()
    records = fields.Integer()
    expected = fields.List(
        fields.String(), allow_none=True, metadata={"description": "the identifiers the source carries"}
    )
    identifiers = fields.List(fields.Nested(IdentifierSchema))


class LinkageSummarySchema(Schema):
    records = fields.Integer(metadata={"description": "source records in the graph"})
    people = fields.Integer()
    records_per_person = fields.List(fields.Nested(LinkageRecordsPerPersonSchema))
    methods = fields.List(fields.Nested(LinkageMethodSchema))
    queue_pending = fields.Integer(metadata={"description": "pairs waiting for a data steward"})
    queue_by_status = fields.List(fields.Nested(LinkageStatusCountSchema))


class FreshnessSchema(Schema):
    system = fields.String()
    name = fields.String(allow_none=True)
    agency = fields.String(allow_none=True)
    extracted_at = fields.Date(allow_none=True, metadata={"description": "the date of the newest extract"})
    loaded_at = LocalDateTime(allow_none=True, metadata={"description": "when ingest loaded it (local time)"})
    age_days = fields.Integer(allow_none=True, metadata={"description": "days from the extract date to today"})
    stale = fields.Boolean()
    status = fields.String(metadata={"description": "the same in words"})


class DataQualitySchema(Schema):
    generated_on = fields.Date()
    stale_after_days = fields.Integer(metadata={"description": "a source is stale when its extract is older"})
    quarantine_runs = fields.List(fields.Nested(RunSchema), metadata={"description": "newest first"})
    quarantine_reasons = fields.Nested(ReasonTrendSchema)
    disagreements = fields.Nested(DisagreementsSchema)
    missing_identifiers = fields.List(fields.Nested(MissingIdentifiersSchema))
    linkage = fields.Nested(LinkageSummarySchema)
    freshness = fields.List(fields.Nested(FreshnessSchema))
