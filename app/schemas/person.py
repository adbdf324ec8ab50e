"""Schemas for the person page's data: summary, households, services involved, chronology, changes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class AsAtQuery(Schema):
    as_at = fields.Date(metadata={"description": "Draw the family as it stood on this date (default today)"})


class ChronologyQuery(AsAtQuery):
    member = fields.String(metadata={"description": "Only events about this family member (their person id)"})
    service = fields.String(metadata={"description": "Only events of this service (its name)"})


class ChangesQuery(Schema):
    since = fields.Date(metadata={"description": "Changes on or after this date (default 30 days ago)"})


class SourceRecordRef(Schema):
    system = fields.String(required=True)
    record_id = fields.String(required=True)
    extracted_at = fields.Date(allow_none=True)


class PersonOut(Schema):
    person_id = fields.String(required=True)
    name = fields.String(required=True)
    forename = fields.String(allow_none=True)
    middle_names = fields.String(allow_none=True)
    surname = fields.String(allow_none=True)
    other_names = fields.String(allow_none=True)
    dob = fields.Date(allow_none=True)
    dob_estimated = fields.Boolean(allow_none=True)
    age = fields.Integer(allow_none=True)
    sex = fields.String(allow_none=True)
    deceased = fields.Boolean(allow_none=True)
    date_of_death = fields.Date(allow_none=True)
    current_address = fields.String(allow_none=True)
    records = fields.List(fields.Nested(SourceRecordRef), required=True)


class MemberOut(Schema):
    person_id = fields.String(required=True)
    name = fields.String(required=True)
    dob = fields.Date(allow_none=True)
    age = fields.Integer(allow_none=True)
    sex = fields.String(allow_none=True)
    relationship = fields.String(required=True)
    since = fields.Date(allow_none=True)


class CurrentHouseholdOut(Schema):
    household_id = fields.String(required=True)
    address = fields.String(required=True)
    postcode = fields.String(allow_none=True)
    since = fields.Date(allow_none=True)
    members = fields.List(fields.Nested(MemberOut), required=True)


class HouseholdHistoryOut(Schema):
    household_id = fields.String(required=True)
    address = fields.String(required=True)
    postcode = fields.String(allow_none=True)
    uprn = fields.String(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    current = fields.Boolean(required=True)
    lived_with = fields.List(fields.String(), required=True)


class HouseholdsOut(Schema):
    as_at = fields.Date(required=True)
    current = fields.List(fields.Nested(CurrentHouseholdOut), required=True)
    history = fields.List(fields.Nested(HouseholdHistoryOut), required=True)


class InvolvementOut(Schema):
    person_id = fields.String(required=True)
    person_name = fields.String(required=True)
    relationship = fields.String(required=True)
    episode_id = fields.String(required=True)
    episode_type = fields.String(allow_none=True)
    service = fields.String(allow_none=True)
    service_code = fields.String(allow_none=True)
    agency = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    status = fields.String(allow_none=True, metadata={"description": "As the source recorded it"})
    status_on_date = fields.String(validate=validate.OneOf(["open", "closed"]), required=True)
    reduced = fields.Boolean(
        metadata={
            "description": "True when the viewer's role sees only that the service knows the person, and whom "
            "to contact (no type, dates or details)"
        }
    )
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    last_involvement = fields.Date(allow_none=True)
    lead_name = fields.String(allow_none=True)
    lead_role = fields.String(allow_none=True)
    lead_team = fields.String(allow_none=True)
    lead_organisation = fields.String(allow_none=True)
    lead_phone = fields.String(allow_none=True)
    lead_email = fields.String(allow_none=True)
    system = fields.String(required=True)
    source_name = fields.String(required=True)
    correct_as_of = fields.Date(allow_none=True)


class SourceCoverageOut(Schema):
    system = fields.String(required=True)
    name = fields.String(required=True)
    agency = fields.String(allow_none=True)
    state = fields.String(validate=validate.OneOf(["record", "no record", "not connected"]), required=True)
    extracted_at = fields.Date(allow_none=True)


class InvolvementsOut(Schema):
    as_at = fields.Date(required=True)
    people = fields.List(fields.String(), required=True)
    involvements = fields.List(fields.Nested(InvolvementOut), required=True)
    sources = fields.List(fields.Nested(SourceCoverageOut), required=True)


class EventOut(Schema):
    date = fields.Date(allow_none=True)
    kind = fields.String(required=True)
    summary = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(required=True)
    service = fields.String(allow_none=True)
    system = fields.String(allow_none=True)


class PersonRef(Schema):
    person_id = fields.String(required=True)
    name = fields.String(required=True)


class ChronologyOut(Schema):
    events = fields.List(fields.Nested(EventOut), required=True)
    people = fields.List(fields.Nested(PersonRef), required=True)
    services = fields.List(fields.String(), required=True)


class ChangeOut(Schema):
    change_id = fields.String(required=True)
    kind = fields.String(required=True)
    kind_words = fields.String(required=True)
    at = fields.Date(allow_none=True)
    summary = fields.String(required=True)
    person_id = fields.String(required=True)
    person_name = fields.String(required=True)
    load_id = fields.String(allow_none=True)


class ChangesOut(Schema):
    since = fields.Date(required=True)
    changes = fields.List(fields.Nested(ChangeOut), required=True)
