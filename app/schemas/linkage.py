"""Schemas of the linkage API: the review queue, one pair with its evidence, and the linkage report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.linkage import STATUSES


class LinkageQueueParams(Schema):
    status = fields.String(
        load_default="pending",
        validate=validate.OneOf(STATUSES),
        metadata={"description": "which pairs: pending (the queue itself), accepted or rejected"},
    )
    limit = fields.Integer(
        load_default=50, validate=validate.Range(1, 500), metadata={"description": "at most this many pairs"}
    )


class LinkageReportParams(Schema):
    limit = fields.Integer(
        load_default=100,
        validate=validate.Range(1, 1000),
        metadata={"description": "at most this many people in the list of sources that disagree"},
    )


class LinkageRecordSchema(Schema):
    record_key = fields.String(metadata={"description": "system:record_id"})
    system = fields.String()
    record_id = fields.String()
    forename = fields.String(allow_none=True)
    middle_names = fields.String(allow_none=True)
    surname = fields.String(allow_none=True)
    former_surname = fields.String(allow_none=True)
    dob = fields.Date(allow_none=True)
    sex = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    nhs_number = fields.String(allow_none=True)
    upn = fields.String(allow_none=True)
    extracted_at = fields.Date(allow_none=True, metadata={"description": "the date of the extract it came in"})
    person_id = fields.String(metadata={"description": "the person the record belongs to now"})


class LinkageEvidenceSchema(Schema):
    comparison = fields.String(metadata={"description": "the model's comparison, e.g. dob"})
    field = fields.String(metadata={"description": "the comparison in words"})
    level = fields.String(metadata={"description": "the comparison level the pair reached, e.g. exact, different"})
    weight = fields.Float(metadata={"description": "match weight of that level, in bits (negative: against)"})
    agreement = fields.String(metadata={"description": "agrees, partly agrees, disagrees or not compared"})
    direction = fields.String(metadata={"description": "for a match, against a match or neither way"})


class LinkageDecisionSchema(Schema):
    decision_id = fields.String()
    kind = fields.String(metadata={"description": "accepted or rejected"})
    decided_by = fields.String()
    decided_at = fields.DateTime(metadata={"description": "UTC"})
    note = fields.String(allow_none=True)


class LinkagePairSchema(Schema):
    pair_key = fields.String(metadata={"description": "record_a|record_b"})
    probability = fields.Float(metadata={"description": "match probability"})
    match_weight = fields.Float()
    status = fields.String(metadata={"description": "pending, accepted or rejected"})
    reason = fields.String(allow_none=True, metadata={"description": "why ingest put the pair in the queue"})
    reason_text = fields.String()
    same_person_now = fields.Boolean()
    records = fields.List(fields.Nested(LinkageRecordSchema))
    evidence = fields.List(fields.Nested(LinkageEvidenceSchema))


class LinkagePairDetailSchema(LinkagePairSchema):
    decisions = fields.List(fields.Nested(LinkageDecisionSchema), metadata={"description": "latest first"})


class LinkageQueueSchema(Schema):
    status = fields.String()
    total = fields.Integer(metadata={"description": "how many pairs have this status"})
    limit = fields.Integer()
    pairs = fields.List(fields.Nested(LinkagePairSchema), metadata={"description": "strongest first"})


class LinkageSourceCountSchema(Schema):
    system = fields.String()
    records = fields.Integer()


class LinkageRecordsPerPersonSchema(Schema):
    records = fields.Integer()
    people = fields.Integer()


class LinkageMethodSchema(Schema):
    method = fields.String()
    description = fields.String()
    records = fields.Integer()
    lowest_probability = fields.Float(allow_none=True)
    mean_probability = fields.Float(allow_none=True)


class LinkageBandSchema(Schema):
    band_from = fields.Float()
    band_to = fields.Float()
    label = fields.String()
    records = fields.Integer()
    percent = fields.Float(metadata={"description": "share of the records linked by probability"})


class LinkageQueueGroupSchema(Schema):
    status = fields.String()
    reason = fields.String(allow_none=True)
    pairs = fields.Integer()
    lowest_probability = fields.Float(allow_none=True)
    highest_probability = fields.Float(allow_none=True)


class LinkageStatusCountSchema(Schema):
    status = fields.String()
    pairs = fields.Integer()


class LinkageDisagreementSchema(Schema):
    person_id = fields.String()
    forename = fields.String(allow_none=True)
    surname = fields.String(allow_none=True)
    dob = fields.Date(allow_none=True)
    records = fields.Integer()
    dobs = fields.Integer(metadata={"description": "distinct dates of birth among the person's records"})
    earliest_dob = fields.Date(allow_none=True)
    latest_dob = fields.Date(allow_none=True)
    nhs_numbers = fields.Integer()
    first_nhs_number = fields.String(allow_none=True)
    last_nhs_number = fields.String(allow_none=True)
    sexes = fields.Integer()


class LinkageReportSchema(Schema):
    records = fields.Integer(metadata={"description": "source records in the graph"})
    people = fields.Integer()
    sources = fields.List(fields.Nested(LinkageSourceCountSchema))
    records_per_person = fields.List(fields.Nested(LinkageRecordsPerPersonSchema))
    methods = fields.List(
        fields.Nested(LinkageMethodSchema), metadata={"description": "how records joined their people"}
    )
    probabilities = fields.List(
        fields.Nested(LinkageBandSchema), metadata={"description": "histogram of probabilistic links"}
    )
    queue = fields.List(fields.Nested(LinkageQueueGroupSchema))
    queue_by_status = fields.List(fields.Nested(LinkageStatusCountSchema))
    queue_pending = fields.Integer()
    disagreements = fields.List(
        fields.Nested(LinkageDisagreementSchema), metadata={"description": "people whose sources disagree"}
    )
    more_disagreements = fields.Boolean(metadata={"description": "true when more people disagree than listed"})
