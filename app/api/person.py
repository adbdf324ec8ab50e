"""API: one person's page data (summary, households, services involved, chronology, changes)."""

from __future__ import annotations

import datetime as dt

from flask_login import current_user

from app.api.core import NotFound, endpoint
from app.audit import record
from app.graph_store import get_store
from app.schemas import person as s
from app.services import person_page
from app.services.family import FamilyData, PersonNotFound, load_family
from app.views.reason import require_reason

PERSON = {"person_id": "Our id of the person (from search results)"}
CHANGES_DEFAULT_DAYS = 30


def _family(person_id: str, as_at: dt.date | None = None, what: str = "person") -> FamilyData:
    """The family as the user's role may see it, after the reason-for-access check; the view is audited."""
    try:
        data = load_family(get_store(), person_id, as_at, role=current_user.role)
    except PersonNotFound as missing:
        raise NotFound(str(missing)) from None
    require_reason(person_id)
    action = "service_detail_viewed" if what == "involvements" else "person_viewed"
    record(action, person_id=person_id, detail={"api": what, "as_at": data.as_at.isoformat()})
    return data


@endpoint(
    "/people/<person_id>",
    summary="One person: names, date of birth, address, source records",
    response=s.PersonOut,
    query=s.AsAtQuery,
    path_params=PERSON,
    tag="person",
)
def person(person_id, as_at=None):
    """The person's displayed facts and which sources know them, under which ids."""
    return person_page.person_summary(_family(person_id, as_at))


@endpoint(
    "/people/<person_id>/households",
    summary="Household composition on a date, and address history",
    response=s.HouseholdsOut,
    query=s.AsAtQuery,
    path_params=PERSON,
    tag="person",
)
def households(person_id, as_at=None):
    """Who lives with the person on the date (relationship, age, since when), and every household they were in."""
    return person_page.household_composition(_family(person_id, as_at, "households"))


@endpoint(
    "/people/<person_id>/involvements",
    summary="Services involved with the person and their household",
    response=s.InvolvementsOut,
    query=s.AsAtQuery,
    path_params=PERSON,
    tag="person",
)
def involvements(person_id, as_at=None):
    """Every involvement, open or closed, with its lead practitioner and source freshness; and every source as
    holding a record, searched with no record, or not connected."""
    return person_page.services_involved(get_store(), _family(person_id, as_at, "involvements"))


@endpoint(
    "/people/<person_id>/chronology",
    summary="One timeline across services and household members",
    response=s.ChronologyOut,
    query=s.ChronologyQuery,
    path_params=PERSON,
    tag="person",
)
def chronology(person_id, as_at=None, member=None, service=None):
    """Episodes opened and closed, moves, household changes and notifications, newest first."""
    return person_page.chronology(get_store(), _family(person_id, as_at, "chronology"), member, service)


@endpoint(
    "/people/<person_id>/changes",
    summary="What changed for this family since a date",
    response=s.ChangesOut,
    query=s.ChangesQuery,
    path_params=PERSON,
    tag="person",
)
def changes(person_id, since=None):
    """Changes found between loads for anyone on the person's page (default: the last 30 days)."""
    since = since or dt.date.today() - dt.timedelta(days=CHANGES_DEFAULT_DAYS)
    return person_page.changes_since(get_store(), _family(person_id, what="changes"), since)
