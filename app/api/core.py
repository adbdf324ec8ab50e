"""The API blueprint, the `endpoint` decorator and JSON errors.

`endpoint` validates query parameters with a marshmallow schema (a bad parameter is a 400 naming it), serialises
the view's return value with the response schema, and records both for /api/openapi.json, so the documentation
cannot drift from what the code accepts and returns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Blueprint, jsonify, request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import HTTPException

api = Blueprint("api", __name__, url_prefix="/api")


@dataclass(frozen=True)
class Endpoint:
    rule: str  # Flask rule, e.g. /people/<person_id>
    summary: str
    description: str
    query: type[Schema] | None
    response: type[Schema]
    path_params: dict[str, str]  # name -> description
    tag: str
    method: str = "GET"
    body: type[Schema] | None = None  # a JSON request body (POST)


ENDPOINTS: list[Endpoint] = []


class NotFound(Exception):
    """An unknown id: a 404 whose message says what was not found."""


def endpoint(rule, *, summary, response, query=None, path_params=None, tag="explorer", method="GET", body=None):
    """A JSON endpoint. GET endpoints take `query` parameters; POST endpoints take a JSON `body` (and need the
    session's CSRF token in an X-CSRFToken header, like every form post)."""

    def wrap(view):
        doc = (view.__doc__ or "").strip()
        ENDPOINTS.append(Endpoint(rule, summary, doc, query, response, path_params or {}, tag, method, body))

        @functools.wraps(view)
        def run(**path):
            params = {}
            if query is not None:
                params = query().load(request.args.to_dict())
            else:
                unknown = sorted(request.args)
                if unknown:
                    raise ValidationError({name: ["Unknown parameter."] for name in unknown})
            if body is not None:
                document = request.get_json(silent=True)
                if not isinstance(document, dict):
                    raise ValidationError({"body": ["Send a JSON object (Content-Type: application/json)."]})
                params.update(body().load(document))
            return jsonify(response().dump(view(**path, **params)))

        api.add_url_rule(rule, view_func=run, methods=[method])
        return run

    return wrap


@api.errorhandler(ValidationError)
def _bad_parameters(error: ValidationError):
    messages = error.normalized_messages()
    names = ", ".join(sorted(messages)) if isinstance(messages, dict) else "query"
    detail = "; ".join(
        f"{name}: {' '.join(map(str, m)) if isinstance(m, list) else m}" for name, m in sorted(messages.items())
    )
    return jsonify(error="bad_parameter", message=f"bad parameter {names}: {detail}", parameters=messages), 400


@api.errorhandler(NotFound)
def _not_found(error: NotFound):
    return jsonify(error="not_found", message=str(error)), 404


@api.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return jsonify(error=error.name.lower().replace(" ", "_"), message=error.description), error.code
