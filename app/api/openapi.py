"""/api/openapi.json, generated from the endpoints' marshmallow schemas (apispec)."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify

from app.api.core import ENDPOINTS, api

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    "required": ["error", "message"],
}


def build_spec() -> dict:
    spec = APISpec(
        title="familygraph API",
        version="1.0",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Read-only data behind the familygraph pages. Every route needs a signed-in session."},
    )
    spec.components.schema("Error", ERROR_SCHEMA)
    for ep in ENDPOINTS:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", ep.rule)
        parameters = [
            {"in": "path", "name": name, "required": True, "schema": {"type": "string"}, "description": text}
            for name, text in ep.path_params.items()
        ]
        if ep.query is not None:
            parameters.append({"in": "query", "schema": ep.query})
        errors = {
            "400": "A bad parameter (the message names it)",
            "401": "Not signed in",
            "403": "The user's role may not use this endpoint, or no reason for access to this person was given",
            "429": "Too many requests (rate limit)",
        }
        if ep.path_params:
            errors["404"] = "Unknown id"
        responses = {"200": {"description": "OK", "content": {"application/json": {"schema": ep.response}}}}
        for code, text in errors.items():
            responses[code] = {
                "description": text,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        operation = {
            "summary": ep.summary,
            "description": ep.description,
            "tags": [ep.tag],
            "parameters": parameters,
            "responses": responses,
        }
        if ep.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ep.body}}}
        spec.path(path="/api" + path, operations={ep.method.lower(): operation})
    return spec.to_dict()


@api.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec())
