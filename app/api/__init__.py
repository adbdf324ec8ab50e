"""The JSON API under /api/: every page's data, described as OpenAPI from the same marshmallow schemas."""

from app.api.core import api, endpoint  # noqa: F401
