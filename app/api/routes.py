"""Imports every API module so that its endpoints register on the blueprint."""

from app.api import family_graph as _family_graph  # noqa: F401
from app.api import linkage as _linkage  # noqa: F401
from app.api import person as _person  # noqa: F401
from app.api import search as _search  # noqa: F401
