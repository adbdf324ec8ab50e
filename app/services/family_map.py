"""The family map's elements (Cytoscape.js JSON) drawn from a FamilyData, as the family stood on its as-at date.

The person is at the centre; the households current on the date are compound nodes around their members; every
service involvement of the person, their household and any relative the user expanded is a node joined to the
person it concerns, with its lead practitioner beside it. The map stays readable by keeping to about
`max_elements` elements: closed involvements go first (oldest first), then the most distant relatives, and what
was left out is counted and said, because users read "not on the map" as "no involvement".
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable

from app.services.family import FamilyData, age_on, current_on, involvement_open_on
from app.services.person_page import address_text, display_name, people_in_scope

SEX_WORDS = {"M": "male", "F": "female"}
EDGE_WORDS = {"birth": "", "full": "", "half": "half-", "step": "step-", "foster": "foster ", "adoptive": "adoptive "}
UNREACHABLE = 99


def family_elements(data: FamilyData, expanded: Iterable[str] = (), max_elements: int = 300) -> dict:
    """The map of `data`'s family as at `data.as_at`: {"elements": {"nodes", "edges"}, "hidden", "as_at", ...}."""
    as_at = data.as_at
    present = {pid for pid, p in data.people.items() if pid == data.focus_id or _born_by(p, as_at)}
    # A restricted record the viewer may not open (the access policy's stand-in) is drawn by name only: where it
    # lives and which services know it would say who it is.
    sealed = {pid for pid in present if data.people[pid].get("restricted_record")}
    expanded = sorted({pid for pid in expanded if pid in present and pid != data.focus_id})
    scope = [pid for pid in people_in_scope(data) if pid in present]
    with_services = [pid for pid in dict.fromkeys(scope + expanded) if pid not in sealed]
    graph = _Graph()

    households = _households(data, with_services)
    for hid, membership in households.items():
        graph.add_node(_household_node(data, hid, membership))
    order = list(households)
    for pid in sorted(present, key=lambda p: (p != data.focus_id, p)):
        current = set() if pid in sealed else {m["household_id"] for m in data.households_at(pid, as_at)}
        mine = sorted(current & set(households), key=order.index)
        node = _person_node(data, pid, mine[0] if mine else None, pid in with_services, pid in expanded)
        node["data"]["expandable"] = pid not in with_services and pid not in sealed
        graph.add_node(node)
        for other in mine[1:]:
            graph.add_edge(_edge("also-lives-at", f"person:{pid}", f"household:{other}", "also lives at"))
    for edge in _relationship_edges(data, present):
        graph.add_edge(edge)

    not_drawn = {pid: 0 for pid in present}
    for inv in data.involvements:
        if inv["person_id"] not in present or inv["person_id"] in sealed or not _started_by(inv, as_at):
            continue
        if inv["person_id"] not in with_services:
            not_drawn[inv["person_id"]] += 1
            continue
        _add_involvement(graph, inv, as_at)
    for pid, count in not_drawn.items():
        graph.nodes[f"person:{pid}"]["data"]["involvements_not_drawn"] = count

    dropped_people, dropped_involvements = _cap(graph, data, present, scope, expanded, max_elements)
    people_hidden = len(dropped_people) + data.hidden_people
    involvements_hidden = dropped_involvements + sum(not_drawn.values())
    return {
        "focus_id": data.focus_id,
        "as_at": as_at,
        "expanded": expanded,
        "elements": {"nodes": list(graph.nodes.values()), "edges": list(graph.edges.values())},
        "hidden": {
            "people": people_hidden,
            "involvements": involvements_hidden,
            "message": _hidden_message(involvements_hidden, people_hidden),
        },
    }


class _Graph:
    """Nodes and edges by id, with each node's edges, so that dropping a node drops what hangs off it."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self.edges: dict[str, dict] = {}
        self.edges_of: dict[str, set[str]] = {}

    def __len__(self):
        return len(self.nodes) + len(self.edges)

    def add_node(self, node: dict) -> None:
        self.nodes[node["data"]["id"]] = node
        self.edges_of.setdefault(node["data"]["id"], set())

    def add_edge(self, edge: dict) -> None:
        d = edge["data"]
        if d["source"] in self.nodes and d["target"] in self.nodes and d["id"] not in self.edges:
            self.edges[d["id"]] = edge
            self.edges_of[d["source"]].add(d["id"])
            self.edges_of[d["target"]].add(d["id"])

    def drop(self, node_id: str) -> None:
        for edge_id in self.edges_of.pop(node_id, set()):
            edge = self.edges.pop(edge_id, None)
            if edge:
                other = edge["data"]["target"] if edge["data"]["source"] == node_id else edge["data"]["source"]
                self.edges_of.get(other, set()).discard(edge_id)
        self.nodes.pop(node_id, None)


def _born_by(person: dict, on: dt.date) -> bool:
    return person.get("dob") is None or person["dob"] <= on


def _started_by(inv: dict, on: dt.date) -> bool:
    return inv.get("start_date") is None or inv["start_date"] <= on


def _deceased_by(person: dict, on: dt.date) -> bool:
    died = person.get("date_of_death")
    return bool(person.get("deceased")) and (died is None or died <= on)


def _households(data: FamilyData, people: list[str]) -> dict[str, dict]:
    """The households drawn: those current on the date of the people whose own households are shown, the focus's
    first (latest joined first), so that a person in two of them sits in the focus's household."""
    found: dict[str, dict] = {}
    for pid in people:
        current = sorted(
            data.households_at(pid, data.as_at), key=lambda m: m["valid_from"] or dt.date.min, reverse=True
        )
        for membership in current:
            found.setdefault(membership["household_id"], membership)
    return found


def _household_node(data: FamilyData, hid: str, membership: dict) -> dict:
    address = address_text(membership)
    members = data.members_at(hid, data.as_at)
    return {
        "data": {
            "id": f"household:{hid}",
            "kind": "household",
            "label": address or "Household (address not recorded)",
            "household_id": hid,
            "address": address,
            "postcode": membership.get("postcode"),
            "uprn": membership.get("uprn"),
            "members": [
                display_name(data.people[p])
                for p in members
                if p in data.people and not data.people[p].get("restricted_record")
            ],
        }
    }


def _person_node(data: FamilyData, pid: str, household: str | None, services_shown: bool, expanded: bool) -> dict:
    person = data.people[pid]
    as_at = data.as_at
    deceased = _deceased_by(person, as_at)
    age = age_on(person.get("dob"), person["date_of_death"] if deceased and person.get("date_of_death") else as_at)
    name = display_name(person)
    focus = pid == data.focus_id
    relationship = "this person" if focus else data.relationship_to_focus(pid)
    about = _age_words(age, bool(person.get("dob_estimated")), deceased)
    lines = [name, about if focus else f"{about} · {relationship}"]
    node = {
        "id": f"person:{pid}",
        "kind": "person",
        "label": "\n".join(line for line in lines if line),
        "person_id": pid,
        "name": name,
        "sex": SEX_WORDS.get(person.get("sex") or "", "unknown"),
        "age": age,
        "dob": person.get("dob"),
        "dob_estimated": bool(person.get("dob_estimated")),
        "deceased": deceased,
        "date_of_death": person.get("date_of_death") if deceased else None,
        "restricted": bool(person.get("restricted")),
        "restricted_record": bool(person.get("restricted_record")),
        "focus": focus,
        "relationship": relationship,
        "household": household,
        "services_shown": services_shown,
        "expanded": expanded,
        "involvements_not_drawn": 0,
    }
    if household:
        node["parent"] = f"household:{household}"
    return {"data": node}


def _age_words(age: int | None, estimated: bool, deceased: bool) -> str:
    about = "about " if estimated else ""
    if deceased:
        return f"deceased, died aged {about}{age}" if age is not None else "deceased"
    return f"age {about}{age}" if age is not None else "age not known"


def _edge(kind: str, source: str, target: str, label: str, **extra) -> dict:
    ends = (
        "|".join(sorted((source, target))) if kind in {"partner", "former-partner", "sibling"} else f"{source}|{target}"
    )
    return {
        "data": {"id": f"edge:{kind}:{ends}", "kind": kind, "source": source, "target": target, "label": label, **extra}
    }


def _relationship_edges(data: FamilyData, present: set[str]) -> list[dict]:
    edges = []
    for r in data.relationships:
        a, b = r["src"], r["dst"]
        if a not in present or b not in present or a == b:
            continue
        kind = (r.get("kind") or "").lower()
        source, target = f"person:{a}", f"person:{b}"
        dates = {"valid_from": r.get("valid_from"), "valid_to": r.get("valid_to")}
        if r["type"] == "PARENT_OF":
            edges.append(_edge("parent", source, target, f"{EDGE_WORDS.get(kind, '')}parent".strip(), relation=kind))
        elif r["type"] == "PARTNER_OF":
            if r.get("valid_from") and r["valid_from"] > data.as_at:
                continue
            if r.get("valid_to") and r["valid_to"] < data.as_at:
                label = f"former partner{_years(r.get('valid_from'), r['valid_to'])}"
                edges.append(_edge("former-partner", source, target, label, **dates))
            else:
                since = f" since {r['valid_from'].year}" if r.get("valid_from") else ""
                edges.append(_edge("partner", source, target, f"partner{since}", **dates))
        elif r["type"] == "SIBLING_OF":
            edges.append(_edge("sibling", source, target, f"{EDGE_WORDS.get(kind, '')}sibling", relation=kind))
        elif r["type"] == "RELATED_TO":
            words = (kind or "relative").replace("_", " ")
            edges.append(_edge("relative", source, target, f"{words} of", relation=words))
    return edges


def _years(began: dt.date | None, ended: dt.date) -> str:
    return f" {began.year}–{ended.year}" if began else f" until {ended.year}"


def _add_involvement(graph: _Graph, inv: dict, as_at: dt.date) -> None:
    status = _status_on(inv, as_at)
    when = (
        f"since {_month(inv['start_date'])}"
        if status == "open" and inv.get("start_date")
        else (f"ended {_month(inv['end_date'])}" if inv.get("end_date") else "")
    )
    service = inv.get("service") or inv.get("service_code") or "Service"
    node_id = f"involvement:{inv['episode_id']}"
    graph.add_node(
        {
            "data": {
                "id": node_id,
                "kind": "involvement",
                "label": "\n".join(line for line in (service, status.upper(), when) if line),
                "episode_id": inv["episode_id"],
                "person_id": inv["person_id"],
                "service": service,
                "service_code": inv.get("service_code"),
                "agency": inv.get("agency"),
                "category": inv.get("category"),
                "episode_type": inv.get("episode_type"),
                "status": status,
                "start_date": inv.get("start_date"),
                "end_date": inv.get("end_date") if inv.get("end_date") and inv["end_date"] <= as_at else None,
                "last_involvement": inv.get("last_involvement"),
                "system": inv.get("system"),
                "lead_name": inv.get("lead_name"),
                "lead_role": inv.get("lead_role"),
                "reduced": bool(inv.get("reduced")),
            }
        }
    )
    graph.add_edge(_edge("involvement", f"person:{inv['person_id']}", node_id, "", status=status))
    if inv.get("lead_name"):
        practitioner = f"practitioner:{inv['episode_id']}"
        graph.add_node(
            {
                "data": {
                    "id": practitioner,
                    "kind": "practitioner",
                    "label": "\n".join(p for p in (inv["lead_name"], inv.get("lead_role")) if p),
                    "episode_id": inv["episode_id"],
                    "person_id": inv["person_id"],
                    "name": inv["lead_name"],
                    "role": inv.get("lead_role"),
                    "team": inv.get("lead_team"),
                    "organisation": inv.get("lead_organisation"),
                    "phone": inv.get("lead_phone"),
                    "email": inv.get("lead_email"),
                }
            }
        )
        graph.add_edge(_edge("lead", practitioner, node_id, "lead practitioner", status=status))


def _status_on(inv: dict, on: dt.date) -> str:
    if inv.get("end_date") is None and inv.get("status") == "closed":
        return "closed"  # closed with no end date recorded
    return "open" if involvement_open_on(inv, on) else "closed"


def _month(day: dt.date) -> str:
    return f"{day:%b %Y}"


def _cap(
    graph: _Graph, data: FamilyData, present: set[str], scope: list[str], expanded: list[str], limit: int
) -> tuple[set[str], int]:
    """Drop elements until at most `limit` remain: closed involvements (oldest first), then people from the most
    distant, then open involvements (oldest first). The focus and their household always stay."""
    dropped_people: set[str] = set()
    dropped_involvements = 0
    if len(graph) <= limit:
        return dropped_people, dropped_involvements

    def involvements(status: str) -> list[dict]:
        rows = [n["data"] for n in graph.nodes.values() if n["data"]["kind"] == "involvement"]
        rows = [r for r in rows if r["status"] == status]
        return sorted(rows, key=lambda r: (r["end_date"] or r["start_date"] or dt.date.min, r["episode_id"]))

    def drop_involvement(inv: dict) -> None:
        graph.drop(f"practitioner:{inv['episode_id']}")
        graph.drop(inv["id"])

    for inv in involvements("closed"):
        if len(graph) <= limit:
            break
        drop_involvement(inv)
        dropped_involvements += 1

    distance = _distances(data, present)
    keep = set(scope) | {data.focus_id}
    candidates = sorted(
        (pid for pid in present if pid not in keep),
        key=lambda pid: (-distance.get(pid, UNREACHABLE), pid in expanded, pid),
    )
    for pid in candidates:
        if len(graph) <= limit:
            break
        for node in [n["data"] for n in graph.nodes.values() if n["data"]["kind"] == "involvement"]:
            if node["person_id"] == pid:
                drop_involvement(node)
                dropped_involvements += 1
        graph.drop(f"person:{pid}")
        dropped_people.add(pid)
    for node_id in [i for i, n in graph.nodes.items() if n["data"]["kind"] == "household"]:
        if not graph.edges_of.get(node_id) and not any(
            n["data"].get("parent") == node_id for n in graph.nodes.values()
        ):
            graph.drop(node_id)

    for inv in involvements("open"):
        if len(graph) <= limit:
            break
        drop_involvement(inv)
        dropped_involvements += 1
    return dropped_people, dropped_involvements


def _distances(data: FamilyData, present: set[str]) -> dict[str, int]:
    """Family steps from the focus (relationships and shared current households both count as one step)."""
    neighbours: dict[str, set[str]] = {pid: set() for pid in present}
    for r in data.relationships:
        if r["src"] in present and r["dst"] in present:
            neighbours[r["src"]].add(r["dst"])
            neighbours[r["dst"]].add(r["src"])
    for m in data.memberships:
        if m["person_id"] in present and current_on(m, data.as_at):
            for other in data.members_at(m["household_id"], data.as_at):
                if other in present and other != m["person_id"]:
                    neighbours[m["person_id"]].add(other)
    distance = {data.focus_id: 0}
    queue = deque([data.focus_id])
    while queue:
        pid = queue.popleft()
        for other in neighbours.get(pid, ()):
            if other not in distance:
                distance[other] = distance[pid] + 1
                queue.append(other)
    return distance


def _hidden_message(involvements: int, people: int) -> str | None:
    parts = []
    if involvements:
        parts.append(f"{involvements} more {'involvement' if involvements == 1 else 'involvements'}")
    if people:
        parts.append(f"{people} more {'person' if people == 1 else 'people'}")
    if not parts:
        return None
    return f"{' and '.join(parts)} hidden: expand or see the tables."
