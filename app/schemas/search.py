"""Schemas of the person search API: its query parameters and the ranked people it returns."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.services.search import DEFAULT_LIMIT, MAX_LIMIT, MAX_TEXT, SearchInputError, parse_date_of_birth


class SearchQuery(Schema):
    q = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_TEXT),
        metadata={
            "description": "What to search for: 'surname, forename', 'forename surname', a partial name, a date of "
            "birth (4/3/2015, 2015-03-04, 4 March 2015), an NHS number, a UPN or a source system's record id; "
            "names and a date of birth may be combined ('Smith 4/3/2015')."
        },
    )
    dob = fields.String(
        load_default=None,
        validate=validate.Length(max=40),
        metadata={"description": "Optional date of birth, in any of the formats q accepts (day before month)."},
    )
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"How many people to return at most (1-{MAX_LIMIT}, default {DEFAULT_LIMIT})."},
    )

    @validates("q")
    def _not_blank(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Enter a name, a date of birth or an identifier.")

    @validates("dob")
    def _a_date(self, value, **kwargs):
        if value and value.strip():
            try:
                parse_date_of_birth(value)
            except SearchInputError as error:
                raise ValidationError(error.message) from None


class SourceId(Schema):
    system = fields.String(required=True, metadata={"description": "The source system's code, e.g. csc."})
    name = fields.String(required=True, metadata={"description": "The source system's name."})
    record_id = fields.String(required=True, metadata={"description": "The person's id in that system."})


class SearchResult(Schema):
    person_id = fields.String(required=True, metadata={"description": "Our id of the person."})
    url = fields.String(required=True, metadata={"description": "The person's page."})
    forename = fields.String(allow_none=True)
    surname = fields.String(allow_none=True)
    other_names = fields.List(
        fields.String(), metadata={"description": "Other surnames the sources hold (former, preferred, variants)."}
    )
    dob = fields.Date(allow_none=True)
    dob_estimated = fields.Boolean(metadata={"description": "The date of birth is an estimate."})
    age = fields.Integer(allow_none=True, metadata={"description": "Age today (at death if deceased)."})
    sex = fields.String(allow_none=True, metadata={"description": "M, F or U (unknown)."})
    deceased = fields.Boolean()
    postcode = fields.String(
        allow_none=True,
        metadata={"description": "Postcode of the current household, else of the latest address a source holds."},
    )
    sources = fields.List(fields.Nested(SourceId), metadata={"description": "Which sources know the person, as what."})
    matched_on = fields.List(
        fields.String(),
        metadata={"description": "Why the person matched, e.g. 'name', 'similar spelling of surname', 'NHS number'."},
    )
    score = fields.Integer(metadata={"description": "Match strength, for ordering only (higher is closer)."})


class SearchedFor(Schema):
    text = fields.String(metadata={"description": "The search text, tidied."})
    names = fields.List(fields.String(), metadata={"description": "The words read as names."})
    dob = fields.Date(allow_none=True, metadata={"description": "The date of birth read from q or dob."})
    nhs_numbers = fields.List(fields.String())
    upns = fields.List(fields.String())
    record_ids = fields.List(fields.String(), metadata={"description": "Tokens tried as source record ids."})


class SourceSearched(Schema):
    system = fields.String(required=True)
    name = fields.String(required=True)
    extracted_at = fields.Date(allow_none=True, metadata={"description": "Correct as of."})


class SearchOut(Schema):
    searched_for = fields.Nested(SearchedFor)
    results = fields.List(fields.Nested(SearchResult), metadata={"description": "Best match first, youngest first."})
    total = fields.Integer(metadata={"description": "How many people matched (results holds the first `limit`)."})
    truncated = fields.Boolean(metadata={"description": "More people matched than were returned."})
    sources_searched = fields.List(fields.Nested(SourceSearched))
    message = fields.String(
        allow_none=True, metadata={"description": "When nothing matched: 'No match in: <the sources searched>'."}
    )
