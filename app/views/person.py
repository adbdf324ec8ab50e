"""The person / family page: map, household composition, services involved, chronology, what changed.

Every part renders on the server from one FamilyData, so the page reads fully without JavaScript; the map's script
then draws the same data from /api/people/<id>/family-graph.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, render_template, request
from flask_login import current_user
from marshmallow import ValidationError

from app.audit import record
from app.graph_store import get_store
from app.schemas.family_graph import FamilyGraph
from app.schemas.person import AsAtQuery, ChangesQuery
from app.services import person_page
from app.services.family import PersonNotFound, find_person, load_family
from app.services.family_map import family_elements
from app.views import pages
from app.views.reason import require_reason

CHANGES_DEFAULT_DAYS = 30


def _date_param(schema, name: str, default: dt.date, errors: list[dict]) -> dt.date:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return schema().load({name: raw})[name]
    except ValidationError:
        errors.append(
            {"text": f"Enter the date as year-month-day, for example {default.isoformat()}", "href": f"#{name}"}
        )
        return default


@pages.get("/people/<person_id>")
def person(person_id: str):
    store = get_store()
    try:
        find_person(store, person_id, current_user.role)
    except PersonNotFound:
        abort(404, description=f"There is no person with id {person_id}.")
    ask = require_reason(person_id)
    if ask is not None:
        return ask
    errors: list[dict] = []
    today = dt.date.today()
    as_at = _date_param(AsAtQuery, "as_at", today, errors)
    since = _date_param(ChangesQuery, "since", today - dt.timedelta(days=CHANGES_DEFAULT_DAYS), errors)
    try:
        data = load_family(store, person_id, as_at, request.args.getlist("expand"), role=current_user.role)
    except PersonNotFound:
        abort(404, description=f"There is no person with id {person_id}.")
    expanded = set(request.args.getlist("expand")) & set(data.people)
    member = request.args.get("member") or None
    service = request.args.get("service") or None
    map_ = family_elements(data, expanded)
    record(
        "person_viewed",
        person_id=person_id,
        detail={"as_at": as_at.isoformat(), "expanded": sorted(expanded), "people_shown": sorted(data.people)},
    )
    return render_template(
        "pages/person.html",
        errors=errors,
        person_id=person_id,
        as_at=as_at,
        today=today,
        since=since,
        person=person_page.person_summary(data),
        map=map_,
        map_payload=FamilyGraph().dump(map_),
        expanded=sorted(expanded),
        households=person_page.household_composition(data),
        services=person_page.services_involved(store, data),
        chronology=person_page.chronology(store, data, member, service),
        chronology_filter={"member": member, "service": service},
        changes=person_page.changes_since(store, data, since),
    )


EXPORT_FORMATS = {"png", "html"}


@pages.post("/people/<person_id>/map-exported")
def map_exported(person_id: str):
    """The map's PNG and offline-HTML exports are made in the browser; it tells the audit trail first."""
    try:
        find_person(get_store(), person_id, current_user.role)
    except PersonNotFound:
        abort(404, description=f"There is no person with id {person_id}.")
    export_format = request.form.get("format", "")
    if export_format not in EXPORT_FORMATS:
        abort(400, description="format must be png or html")
    record("map_exported", person_id=person_id, detail={"format": export_format, "as_at": request.form.get("as_at")})
    return "", 204
