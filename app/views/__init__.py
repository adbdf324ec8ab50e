"""HTML pages (one module per page); every page's data also comes from the JSON API's services."""

from flask import Blueprint

pages = Blueprint("pages", __name__)

from app.views import search as _search  # noqa: E402,F401
