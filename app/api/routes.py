"""Imports every API module so that its endpoints register on the blueprint."""

from app.api import console as _console  # noqa: F401
from app.api import data_quality as _data_quality  # noqa: F401
from app.api import family_graph as _family_graph  # noqa: F401
from app.api import insight as _insight  # noqa: F401
from app.api import linkage as _linkage  # noqa: F401
from app.api import person as _person  # noqa: F401
from app.api import search as _search  # noqa: F401
