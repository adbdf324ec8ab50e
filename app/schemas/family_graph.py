"""Schemas of the family map API: its query parameters and the Cytoscape.js elements it returns."""

from __future__ import annotations

from flask import has_request_context, request
from marshmallow import Schema, fields, pre_load, validate


class FamilyGraphQuery(Schema):
    as_at = fields.Date(
        metadata={
            "description": "Draw households, memberships and involvements as they stood on this date (YYYY-MM-DD); "
            "default today."
        }
    )
    expand = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        validate=validate.Length(max=50),
        load_default=list,
        metadata={"description": "A relative's person id whose own households and services to draw (repeatable)."},
    )

    @pre_load
    def _every_expand(self, data, **kwargs):
        # The endpoint passes each parameter's first value only; `expand` is repeatable, so take all of them.
        if has_request_context() and "expand" in request.args:
            return {**data, "expand": request.args.getlist("expand")}
        if isinstance(data.get("expand"), str):
            return {**data, "expand": [data["expand"]]}
        return data


class NodeData(Schema):
    """A node's data; `kind` says which group of fields it carries (person, household, involvement, practitioner)."""

    id = fields.String(
        required=True,
        metadata={"description": "person:<id>, household:<id>, involvement:<episode id> or practitioner:<episode id>"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(["person", "household", "involvement", "practitioner"]))
    label = fields.String(required=True, metadata={"description": "The text drawn on the node (lines split by \\n)."})
    parent = fields.String(metadata={"description": "The household box a person sits in (a current member)."})
    # person
    person_id = fields.String(metadata={"description": "The person (for an involvement: the person it concerns)."})
    name = fields.String(metadata={"description": "The person's or the practitioner's name."})
    sex = fields.String(validate=validate.OneOf(["male", "female", "unknown"]))
    age = fields.Integer(allow_none=True, metadata={"description": "On the as-at date (at death if deceased)."})
    dob = fields.Date(allow_none=True)
    dob_estimated = fields.Boolean()
    deceased = fields.Boolean(metadata={"description": "Deceased on or before the as-at date."})
    date_of_death = fields.Date(allow_none=True)
    restricted = fields.Boolean()
    restricted_record = fields.Boolean(
        metadata={"description": "A restricted person the viewer may not see: shown as 'Restricted record' only."}
    )
    focus = fields.Boolean(metadata={"description": "The person the page is about."})
    relationship = fields.String(metadata={"description": "Relationship to the focus, in words."})
    household = fields.String(allow_none=True, metadata={"description": "Id of the household box the person is in."})
    services_shown = fields.Boolean(metadata={"description": "Whether this person's involvements are drawn."})
    expanded = fields.Boolean()
    expandable = fields.Boolean(metadata={"description": "Whether 'expand' would draw this person's services."})
    involvements_not_drawn = fields.Integer(metadata={"description": "Involvements not drawn until expanded."})
    # household
    household_id = fields.String()
    address = fields.String()
    postcode = fields.String(allow_none=True)
    uprn = fields.String(allow_none=True)
    members = fields.List(fields.String(), metadata={"description": "Current members' names on the as-at date."})
    # involvement (and practitioner: episode_id)
    episode_id = fields.String()
    service = fields.String()
    service_code = fields.String(allow_none=True)
    agency = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    episode_type = fields.String(allow_none=True)
    status = fields.String(
        validate=validate.OneOf(["open", "closed"]), metadata={"description": "Open or closed on the as-at date."}
    )
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True, metadata={"description": "Only if it had ended by the as-at date."})
    last_involvement = fields.Date(allow_none=True)
    system = fields.String(allow_none=True)
    lead_name = fields.String(allow_none=True)
    lead_role = fields.String(allow_none=True)
    reduced = fields.Boolean(
        metadata={"description": "The viewer's role sees only that the service knows the person, and whom to contact."}
    )
    # practitioner
    role = fields.String(allow_none=True)
    team = fields.String(allow_none=True)
    organisation = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)


class EdgeData(Schema):
    id = fields.String(required=True)
    source = fields.String(required=True)
    target = fields.String(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            ["parent", "partner", "former-partner", "sibling", "relative", "involvement", "lead", "also-lives-at"]
        ),
    )
    label = fields.String(required=True)
    relation = fields.String(metadata={"description": "birth, step, half, or a relative's type (e.g. grandparent)."})
    status = fields.String(metadata={"description": "For involvement and lead edges: open or closed on the date."})
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)


class Node(Schema):
    data = fields.Nested(NodeData, required=True)


class Edge(Schema):
    data = fields.Nested(EdgeData, required=True)


class Elements(Schema):
    nodes = fields.List(fields.Nested(Node), required=True)
    edges = fields.List(fields.Nested(Edge), required=True)


class Hidden(Schema):
    people = fields.Integer(required=True, metadata={"description": "People left off the map."})
    involvements = fields.Integer(required=True, metadata={"description": "Involvements left off the map."})
    message = fields.String(allow_none=True, metadata={"description": "What was left off, in words (null if none)."})


class FamilyGraph(Schema):
    focus_id = fields.String(required=True)
    as_at = fields.Date(required=True)
    expanded = fields.List(fields.String(), required=True, metadata={"description": "The relatives drawn expanded."})
    elements = fields.Nested(Elements, required=True, metadata={"description": "Cytoscape.js elements JSON."})
    hidden = fields.Nested(Hidden, required=True)
