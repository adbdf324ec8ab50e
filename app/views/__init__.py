"""HTML pages (one module per page); every page's data also comes from the JSON API's services."""

from flask import Blueprint

pages = Blueprint("pages", __name__)

from app.views import audit as _audit  # noqa: E402,F401
from app.views import cohorts as _cohorts  # noqa: E402,F401
from app.views import console as _console  # noqa: E402,F401
from app.views import data_quality as _data_quality  # noqa: E402,F401
from app.views import insight as _insight  # noqa: E402,F401
from app.views import linkage as _linkage  # noqa: E402,F401
from app.views import person as _person  # noqa: E402,F401
from app.views import reason as _reason  # noqa: E402,F401
from app.views import search as _search  # noqa: E402,F401
from app.views import user_admin as _user_admin  # noqa: E402,F401
