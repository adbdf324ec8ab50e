"""API: person search (the data behind the search page)."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import ValidationError

from app.api.core import endpoint
from app.audit import record
from app.graph_store import get_store
from app.schemas.search import SearchOut, SearchQuery
from app.services.search import SearchInputError, as_role_may_see, search


@endpoint("/search", summary="Find people by name, date of birth or identifier", response=SearchOut, query=SearchQuery)
def search_api(q, dob=None, limit=None):
    """One box as on the search page: names in any order (misspellings, nicknames, former and double-barrelled
    surnames tolerated), a date of birth, an NHS number, a UPN or a source id. Best match first, youngest first on
    a tie; when nothing matches, `message` lists the sources searched."""
    record("search", detail={"terms": q, "dob": dob, "api": True})
    try:
        outcome = search(get_store(), q, dob, limit)
    except SearchInputError as error:
        raise ValidationError({error.field: [error.message]}) from None
    data = as_role_may_see(outcome.as_data(), current_user.role)
    record("results_shown", detail={"terms": q, "dob": dob, "person_ids": [r["person_id"] for r in data["results"]]})
    return data
