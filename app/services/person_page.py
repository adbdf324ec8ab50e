"""The person page's panels: household composition and address history, services involved, chronology, changes.

Each takes the FamilyData the map is drawn from, so every panel agrees with the map.
"""

from __future__ import annotations

import datetime as dt

from app.policy import active_policy
from app.services.family import FamilyData, age_on, current_on, involvement_open_on
from app.services.sources import freshness_by_system, source_coverage
from graph import GraphStore


def display_name(person: dict) -> str:
    return " ".join(p for p in (person.get("forename"), person.get("surname")) if p) or "(name not recorded)"


def address_text(m: dict) -> str:
    return ", ".join(p for p in (m.get("line1"), m.get("line2"), m.get("town"), m.get("postcode")) if p)


def person_summary(data: FamilyData) -> dict:
    person = data.focus
    current = data.households_at(data.focus_id)
    return {
        **person,
        "name": display_name(person),
        "age": age_on(person.get("dob"), data.as_at),
        "current_address": address_text(current[0]) if current else None,
        "records": [r for r in data.records if r["person_id"] == data.focus_id],
    }


def household_composition(data: FamilyData) -> dict:
    """Who lives with the person on the as-at date (with since when), and every household they have been in."""
    current = []
    for membership in data.households_at(data.focus_id):
        members = []
        for pid in data.members_at(membership["household_id"]):
            person = data.people[pid]
            joined = [
                m
                for m in data.memberships
                if m["person_id"] == pid
                and m["household_id"] == membership["household_id"]
                and current_on(m, data.as_at)
            ]
            members.append(
                {
                    "person_id": pid,
                    "name": display_name(person),
                    "dob": person.get("dob"),
                    "age": age_on(person.get("dob"), data.as_at),
                    "sex": person.get("sex"),
                    "relationship": data.relationship_to_focus(pid),
                    "since": joined[0]["valid_from"] if joined else None,
                }
            )
        current.append(
            {
                "household_id": membership["household_id"],
                "address": address_text(membership),
                "postcode": membership.get("postcode"),
                "since": membership["valid_from"],
                "members": members,
            }
        )
    history = [
        {
            "household_id": m["household_id"],
            "address": address_text(m),
            "postcode": m.get("postcode"),
            "uprn": m.get("uprn"),
            "valid_from": m["valid_from"],
            "valid_to": m["valid_to"],
            "current": current_on(m, data.as_at),
            "lived_with": [
                display_name(data.people[pid])
                for pid in sorted(
                    {
                        o["person_id"]
                        for o in data.memberships
                        if o["household_id"] == m["household_id"] and o["person_id"] != data.focus_id
                    }
                )
            ],
        }
        for m in data.memberships
        if m["person_id"] == data.focus_id
    ]
    history.sort(key=lambda h: h["valid_from"] or dt.date.min, reverse=True)
    return {"as_at": data.as_at, "current": current, "history": history}


def people_in_scope(data: FamilyData) -> list[str]:
    """The person and everyone in their household(s) on the as-at date: whose services the page lists."""
    ids = [data.focus_id]
    for membership in data.households_at(data.focus_id):
        ids += [pid for pid in data.members_at(membership["household_id"]) if pid not in ids]
    return ids


def services_involved(store: GraphStore, data: FamilyData) -> dict:
    """Every involvement (open or closed) of the person and their household, each with its source's freshness,
    and every source listed as holding a record, searched with no record, or not connected."""
    scope = people_in_scope(data)
    freshness = freshness_by_system(store)
    rows = []
    for inv in data.involvements:
        if inv["person_id"] not in scope:
            continue
        person = data.people[inv["person_id"]]
        source = freshness.get(inv["system"]) or {}
        rows.append(
            {
                **inv,
                "person_name": display_name(person),
                "relationship": data.relationship_to_focus(inv["person_id"]),
                "open": involvement_open_on(inv, data.as_at),
                "status_on_date": "open" if involvement_open_on(inv, data.as_at) else "closed",
                "source_name": source.get("name") or inv["system"],
                "correct_as_of": source.get("extracted_at") or inv.get("extracted_at"),
            }
        )
    rows.sort(key=lambda r: (not r["open"], -(r["start_date"] or dt.date.min).toordinal(), r["episode_id"]))
    systems = {r["system"] for r in data.records if r["person_id"] in scope}
    policy = active_policy()
    sources = [
        s
        for s in source_coverage(store, systems)
        if policy.source_visible(data.role, s["system"], data.categories_by_code.get(s["system"]))
    ]
    return {"as_at": data.as_at, "people": scope, "involvements": rows, "sources": sources}


# Change kinds the chronology already shows from the episodes and memberships themselves.
DERIVED_CHANGE_KINDS = {"moved", "joined_household", "left_household", "episode_opened", "episode_closed"}
CHANGE_WORDS = {
    "moved": "moved",
    "joined_household": "joined household",
    "left_household": "left household",
    "episode_opened": "episode opened",
    "episode_closed": "episode closed",
    "new_relationship": "new relationship",
    "known_to_service": "newly known to a service",
}


def chronology(store: GraphStore, data: FamilyData, person_id: str | None = None, service: str | None = None) -> dict:
    """One timeline across services and family members, newest first: episodes opened and closed, moves in and
    out of households, and the changes found between loads (notifications and the like)."""
    scope = set(people_in_scope(data))
    events = []
    for inv in data.involvements:
        if inv["person_id"] not in scope:
            continue
        base = {"person_id": inv["person_id"], "service": inv["service"], "system": inv["system"]}
        lead = f" Lead practitioner: {inv['lead_name']}." if inv.get("lead_name") else ""
        if inv.get("start_date"):
            what = f"{inv['service']}: {inv.get('episode_type') or 'involvement'} opened.{lead}"
            events.append({**base, "date": inv["start_date"], "kind": "episode opened", "summary": what})
        if inv.get("end_date"):
            what = f"{inv['service']}: {inv.get('episode_type') or 'involvement'} closed."
            events.append({**base, "date": inv["end_date"], "kind": "episode closed", "summary": what})
    for m in data.memberships:
        if m["person_id"] not in scope:
            continue
        base = {"person_id": m["person_id"], "service": None, "system": None}
        if m.get("valid_from"):
            what = f"Joined the household at {address_text(m)}."
            events.append({**base, "date": m["valid_from"], "kind": "moved in", "summary": what})
        if m.get("valid_to"):
            what = f"Left the household at {address_text(m)}."
            events.append({**base, "date": m["valid_to"], "kind": "moved out", "summary": what})
    for change in _visible_changes(store, data, sorted(scope), dt.date(1900, 1, 1)):
        if change["kind"] in DERIVED_CHANGE_KINDS:
            continue
        events.append(
            {
                "person_id": change["person_id"],
                "service": None,
                "system": None,
                "date": change["at"],
                "kind": CHANGE_WORDS.get(change["kind"], change["kind"]),
                "summary": change["summary"],
            }
        )
    for e in events:
        e["person_name"] = display_name(data.people[e["person_id"]])
    services = sorted({e["service"] for e in events if e["service"]})
    if person_id:
        events = [e for e in events if e["person_id"] == person_id]
    if service:
        events = [e for e in events if e["service"] == service]
    events.sort(key=lambda e: (e["date"] or dt.date.min, e["kind"]), reverse=True)
    people = [{"person_id": pid, "name": display_name(data.people[pid])} for pid in data.people if pid in scope]
    return {"events": events, "people": people, "services": services}


def _visible_changes(store: GraphStore, data: FamilyData, person_ids: list[str], since: dt.date) -> list[dict]:
    """Changes as the role may see them: a change about a service the role may not see in detail is left out."""
    policy = active_policy()
    rows = store.read_each("family/changes", "person_id", person_ids, since=since)
    rows.sort(key=lambda c: c["at"] or dt.date.min, reverse=True)
    return [c for c in rows if policy.visible_change(data.role, c, data.categories_by_code) is not None]


def changes_since(store: GraphStore, data: FamilyData, since: dt.date) -> dict:
    """What changed for this family (everyone on the page, not only the household) since a date."""
    rows = _visible_changes(store, data, sorted(data.people), since)
    for row in rows:
        row["person_name"] = display_name(data.people[row["person_id"]])
        row["kind_words"] = CHANGE_WORDS.get(row["kind"], row["kind"])
    return {"since": since, "changes": rows}
