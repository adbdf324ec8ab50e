"""Everything the person page needs about one person's family, read once per request.

The family is the person, everyone within three family steps (parents, partners, siblings, other relatives) and
everyone who ever shared a household with them, capped so that a very large kin network cannot swamp the page.
The map, the household tables, the services table and the chronology are all drawn from one FamilyData, so they
cannot disagree with each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.policy import active_policy
from graph import GraphStore


class PersonNotFound(LookupError):
    def __init__(self, person_id: str):
        super().__init__(f"no person with id {person_id}")
        self.person_id = person_id


def current_on(row: dict, on: dt.date, start: str = "valid_from", end: str = "valid_to") -> bool:
    began, ended = row.get(start), row.get(end)
    return (began is None or began <= on) and (ended is None or ended >= on)


def involvement_open_on(row: dict, on: dt.date) -> bool:
    if row.get("reduced"):  # a reduced row keeps only open or closed on the date viewed, not its dates
        return row.get("status") == "open"
    return current_on(row, on, "start_date", "end_date")


def age_on(dob: dt.date | None, on: dt.date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@dataclass
class FamilyData:
    focus_id: str
    as_at: dt.date
    people: dict[str, dict]
    relationships: list[dict]
    memberships: list[dict]
    involvements: list[dict]
    records: list[dict] = field(default_factory=list)
    hidden_people: int = 0
    role: str | None = None
    categories_by_code: dict[str, str | None] = field(default_factory=dict)

    @property
    def focus(self) -> dict:
        return self.people[self.focus_id]

    def households_at(self, person_id: str, on: dt.date | None = None) -> list[dict]:
        on = on or self.as_at
        return [m for m in self.memberships if m["person_id"] == person_id and current_on(m, on)]

    def members_at(self, household_id: str, on: dt.date | None = None) -> list[str]:
        on = on or self.as_at
        return sorted(
            {m["person_id"] for m in self.memberships if m["household_id"] == household_id and current_on(m, on)},
            key=lambda pid: (self.people[pid].get("dob") or dt.date.min, pid),
        )

    def relationship_to_focus(self, person_id: str) -> str:
        return relationship_to(self, self.focus_id, person_id)


def relationship_to(data: FamilyData, focus_id: str, person_id: str) -> str:
    """How `person_id` is related to `focus_id`, in words ('mother', 'half-brother', 'former partner', ...)."""
    if person_id == focus_id:
        return "this person"
    sex = (data.people.get(person_id) or {}).get("sex")
    for r in data.relationships:
        if {r["src"], r["dst"]} != {focus_id, person_id}:
            continue
        kind = (r.get("kind") or "").lower()
        if r["type"] == "PARENT_OF":
            if r["src"] == person_id:
                word = _gendered(sex, "mother", "father", "parent")
            else:
                word = _gendered(sex, "daughter", "son", "child")
            return f"{kind}-{word}" if kind in {"step", "foster", "adoptive"} else word
        if r["type"] == "PARTNER_OF":
            ended = r.get("valid_to") is not None and r["valid_to"] < data.as_at
            return "former partner" if ended else "partner"
        if r["type"] == "SIBLING_OF":
            word = _gendered(sex, "sister", "brother", "sibling")
            return f"{kind}-{word}" if kind in {"half", "step"} else word
        if r["type"] == "RELATED_TO":
            return _related_words(r, person_id)
    if any(_share_household(data, focus_id, person_id)):
        return "household member"
    return "relative"


def _gendered(sex: str | None, female: str, male: str, other: str) -> str:
    return {"F": female, "M": male}.get(sex or "", other)


def _related_words(r: dict, person_id: str) -> str:
    """RELATED_TO carries its own type, read from the source's point of view (src is `type` of dst)."""
    kind = (r.get("kind") or "relative").replace("_", " ").lower()
    if r["src"] == person_id:
        return kind
    reverse = {"grandparent": "grandchild", "grandchild": "grandparent", "aunt or uncle": "niece or nephew"}
    return reverse.get(kind, kind)


def _share_household(data: FamilyData, a: str, b: str):
    ours = {m["household_id"] for m in data.memberships if m["person_id"] == a}
    return (m for m in data.memberships if m["person_id"] == b and m["household_id"] in ours)


def find_person(store: GraphStore, person_id: str, role: str) -> dict:
    """The person's row, if they exist and the role may open them (a restricted record the role may not open is
    not found at all: even a "restricted" answer would say who it is)."""
    found = store.read("family/people", person_ids=[person_id])
    if not found or not active_policy().may_see_person(role, found[0]):
        raise PersonNotFound(person_id)
    return found[0]


def load_family(
    store: GraphStore,
    person_id: str,
    as_at: dt.date | None = None,
    expanded: Iterable[str] = (),
    *,
    role: str,
    max_people: int = 120,
) -> FamilyData:
    """Read the family. Addresses are read for the person, everyone who ever shared a household with them and
    the relatives the user expanded; source records for those in the person's household on the date (what the
    page lists); relationships and involvements for everyone (the map draws every relative and says how many
    services it has not drawn). Each read starts from one person's key: see GraphStore.read_each for why.

    Everything is as `role` may see it (policy/access.yaml): a restricted person the role may not open is not
    found at all, or appears in the family as a "Restricted record" stand-in; involvements are hidden, reduced or
    capped per category and source; records of sources the role may not know about are left out."""
    as_at = as_at or dt.date.today()
    policy = active_policy()
    focus = [find_person(store, person_id, role)]
    household = [r["person_id"] for r in store.read("family/co_members", person_id=person_id)]
    kin = [r["person_id"] for r in store.read("family_network", person_id=person_id)]
    # Household members first: they matter most on the page; then relatives in a stable order.
    others = list(dict.fromkeys(household + kin))
    kept, hidden = others[: max_people - 1], max(0, len(others) - (max_people - 1))
    ids = [person_id, *kept]
    people = {row["person_id"]: row for row in focus + store.read("family/people", person_ids=kept)}
    relationships = []
    for row in store.read_each("family/relationships", "person_id", ids):
        related_as = row.pop("related_as")  # RELATED_TO keeps its kind of relative in `type`
        if row["dst"] in people:
            relationships.append({**row, "kind": row["kind"] or related_as})
    sealed = {pid for pid, person in people.items() if not policy.may_see_person(role, person)}
    extra = [pid for pid in expanded if pid in people and pid not in sealed]
    housed = [pid for pid in dict.fromkeys([person_id, *household, *extra]) if pid in people and pid not in sealed]
    involvements = store.read_each("family/involvements", "person_id", [pid for pid in ids if pid not in sealed])
    categories = {r["system"]: r["category"] for r in involvements} | {
        r["service_code"]: r["category"] for r in involvements
    }
    data = FamilyData(
        focus_id=person_id,
        as_at=as_at,
        people={pid: policy.visible_person(role, person) for pid, person in people.items()},
        relationships=relationships,
        memberships=store.read_each("family/memberships", "person_id", housed),
        involvements=policy.involvements_for(role, involvements, people, as_at),
        hidden_people=hidden,
        role=role,
        categories_by_code=categories,
    )
    in_scope = {person_id, *extra}
    for membership in data.households_at(person_id):
        in_scope.update(data.members_at(membership["household_id"]))
    records = store.read_each("family/records", "person_id", [pid for pid in ids if pid in in_scope])
    data.records = [r for r in records if policy.source_visible(role, r["system"], categories.get(r["system"]))]
    return data
