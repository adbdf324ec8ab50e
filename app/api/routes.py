"""Imports every API module so that its endpoints register on the blueprint."""

from app.api import search as _search  # noqa: F401
