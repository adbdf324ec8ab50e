"""API: the family map's elements."""

from __future__ import annotations

from flask_login import current_user

from app.api.core import NotFound, endpoint
from app.audit import record
from app.graph_store import get_store
from app.schemas.family_graph import FamilyGraph, FamilyGraphQuery
from app.services.family import PersonNotFound, load_family
from app.services.family_map import family_elements
from app.views.reason import require_reason


@endpoint(
    "/people/<person_id>/family-graph",
    summary="A person's family map as Cytoscape.js elements",
    response=FamilyGraph,
    query=FamilyGraphQuery,
    path_params={"person_id": "The person at the centre of the map"},
    tag="person",
)
def family_graph(person_id, as_at=None, expand=()):
    """The person, their households on the date (compound nodes), relatives, every service involvement of the
    person and their household (and of the relatives in `expand`) with its lead practitioner. About 300 elements at
    most: `hidden` counts and describes what was left off."""
    try:
        data = load_family(get_store(), person_id, as_at, expand, role=current_user.role)
    except PersonNotFound as error:
        raise NotFound(str(error)) from error
    require_reason(person_id)
    record("person_viewed", person_id=person_id, detail={"api": "family-graph", "expanded": sorted(expand)})
    return family_elements(data, expanded=expand)
