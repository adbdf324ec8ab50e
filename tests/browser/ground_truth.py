"""The sample's ground truth (sample_data/ground_truth/), joined to the graph the sample was loaded into, and the
child the explorer tests follow, picked from both rather than hard-coded.

Our person ids are not the truth's: a truth person is found in the graph through the source records
(records.csv names the source record of each truth person; the graph links each source record to one of ours).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.browser.harness import ROOT

TRUTH = ROOT / "sample_data" / "ground_truth"
ROW_LIMIT = 1_000_000


def _rows(name: str) -> list[dict]:
    with open(Path(TRUTH) / name, newline="") as f:
        return list(csv.DictReader(f))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Lead:
    episode_id: str
    service_system: str
    name: str
    role: str
    phone: str


@dataclass(frozen=True)
class FamilyCase:
    """A child who moved house on a known date, with an open involvement whose lead practitioner has a phone."""

    truth_id: str
    person_id: str
    forename: str
    surname: str
    dob: dt.date
    csc_record_id: str | None
    household_id: str  # ours, current today
    members_now: frozenset[str]  # our person ids, from the truth's current members
    move_date: dt.date
    before: dt.date  # a date well inside the previous household's time
    household_before: str  # ours
    members_before: frozenset[str]
    lead: Lead

    @property
    def misspelt_surname(self) -> str:
        return misspell(self.surname)


def misspell(name: str) -> str:
    """A typing slip a search must forgive: a doubled letter typed once, else one vowel swapped for another."""
    for i in range(1, len(name)):
        if name[i] == name[i - 1] and name[i].isalpha():
            return name[:i] + name[i + 1 :]
    swaps = {"a": "e", "e": "a", "i": "y", "o": "a", "u": "o", "y": "i"}
    for i in range(len(name) - 1, 0, -1):
        if name[i] in swaps:
            return name[:i] + swaps[name[i]] + name[i + 1 :]
    raise ValueError(f"no plausible misspelling of {name!r}")


class Truth:
    """The ground truth with its people mapped onto ours through the graph's source records."""

    def __init__(self, store):
        self.store = store
        self.people = {r["person_id"]: r for r in _rows("people.csv")}
        self.professionals = {(r["source"], r["source_id"]): r for r in _rows("professionals.csv")}
        self.households_of: dict[str, list[dict]] = defaultdict(list)
        self.members_of: dict[str, list[dict]] = defaultdict(list)
        for r in _rows("households.csv"):
            r = dict(r, valid_from=_date(r["valid_from"]), valid_to=_date(r["valid_to"]))
            self.households_of[r["person_id"]].append(r)
            self.members_of[r["household_id"]].append(r)
        self.records_of: dict[str, list[dict]] = defaultdict(list)
        for r in _rows("records.csv"):
            self.records_of[r["person_id"]].append(r)
        self._map_people()

    def _query(self, text: str) -> list[dict]:
        return self.store.run_read_only(text, row_limit=ROW_LIMIT).rows

    def _map_people(self) -> None:
        ours = {
            (r["system"], r["record_id"]): r["person_id"]
            for r in self._query(
                "MATCH (r:SourceRecord)-[:RECORD_OF]->(p:Person) "
                "RETURN r.system AS system, r.record_id AS record_id, p.person_id AS person_id"
            )
        }
        self._ours: dict[str, set[str]] = defaultdict(set)
        self._theirs: dict[str, set[str]] = defaultdict(set)
        for truth_id, records in self.records_of.items():
            for r in records:
                if (found := ours.get((r["source"], r["record_id"]))) is not None:
                    self._ours[truth_id].add(found)
                    self._theirs[found].add(truth_id)

    def our_id(self, truth_id: str) -> str | None:
        """Our id of a truth person, when the graph holds exactly one person for them and nobody else in it."""
        found = self._ours.get(truth_id, set())
        if len(found) != 1:
            return None
        ours = next(iter(found))
        return ours if self._theirs[ours] == {truth_id} else None

    def members_on(self, household_id: str, day: dt.date) -> set[str]:
        """Truth person ids in a truth household on a day (a row's valid_to is the day they moved out)."""
        return {
            r["person_id"]
            for r in self.members_of[household_id]
            if r["valid_from"] <= day and (r["valid_to"] is None or r["valid_to"] > day)
        }

    def households_on(self, truth_id: str, day: dt.date) -> list[dict]:
        return [
            r
            for r in self.households_of[truth_id]
            if r["valid_from"] <= day and (r["valid_to"] is None or r["valid_to"] > day)
        ]


class GraphFacts:
    """The few graph facts the choice needs, read once with small read-only queries."""

    def __init__(self, store):
        rows = store.run_read_only(
            "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) RETURN p.person_id AS person_id, "
            "h.household_id AS household_id, m.valid_from AS valid_from, m.valid_to AS valid_to",
            row_limit=ROW_LIMIT,
        ).rows
        self.memberships_of: dict[str, list[dict]] = defaultdict(list)
        self.memberships_in: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            self.memberships_of[r["person_id"]].append(r)
            self.memberships_in[r["household_id"]].append(r)
        self.open_leads: dict[str, list[dict]] = defaultdict(list)
        for r in store.run_read_only(
            "MATCH (p:Person)-[:SUBJECT_OF]->(e:Episode)<-[:LEAD_PRACTITIONER_FOR]-(pr:Professional) "
            "WHERE e.end_date IS NULL AND pr.phone IS NOT NULL "
            "RETURN p.person_id AS person_id, e.episode_id AS episode_id, e.system AS system, "
            "e.start_date AS start_date, pr.professional_id AS professional_id, pr.name AS name, pr.role AS role, "
            "pr.phone AS phone ORDER BY episode_id",
            row_limit=ROW_LIMIT,
        ).rows:
            self.open_leads[r["person_id"]].append(r)
        self.csc_ids = {
            r["person_id"]: r["record_id"]
            for r in store.run_read_only(
                "MATCH (r:SourceRecord {system: 'csc'})-[:RECORD_OF]->(p:Person) "
                "RETURN p.person_id AS person_id, r.record_id AS record_id ORDER BY record_id DESC",
                row_limit=ROW_LIMIT,
            ).rows
        }

    @staticmethod
    def _current(m: dict, day: dt.date) -> bool:
        return (m["valid_from"] is None or m["valid_from"] <= day) and (m["valid_to"] is None or m["valid_to"] >= day)

    def households_on(self, person_id: str, day: dt.date) -> list[str]:
        return [m["household_id"] for m in self.memberships_of[person_id] if self._current(m, day)]

    def members_on(self, household_id: str, day: dt.date) -> set[str]:
        return {m["person_id"] for m in self.memberships_in[household_id] if self._current(m, day)}


def choose_family_case(store, today: dt.date | None = None) -> FamilyCase:
    """The first child (in truth id order) who:

    - lives today in one household, with at least two others, which they moved into from another household on a
      date the truth records;
    - has an open involvement whose lead practitioner has a phone number in the truth's professionals;
    - and whose family the sources see whole: every person of both households is one person in the graph, and the
      graph's households of the child today and before the move hold exactly the truth's members (ingest's own
      ground-truth tests measure how often that holds; these tests are about what the explorer shows).
    """
    today = today or dt.date.today()
    truth, graph = Truth(store), GraphFacts(store)
    for truth_id, person in sorted(truth.people.items()):
        if person["family_role"] != "child" or person["deceased"] == "Y":
            continue
        case = _case_for(truth, graph, truth_id, person, today)
        if case:
            return case
    raise LookupError("no child in the sample data fits the explorer tests: the sample or ingest changed")


def _case_for(truth: Truth, graph: GraphFacts, truth_id: str, person: dict, today: dt.date) -> FamilyCase | None:
    current = truth.households_on(truth_id, today)
    if len(current) != 1 or current[0]["residence_type"] != "primary":
        return None
    home = current[0]
    move = home["valid_from"]
    previous = [r for r in truth.households_of[truth_id] if r["valid_to"] == move and r["residence_type"] == "primary"]
    if len(previous) != 1:
        return None
    before = previous[0]["valid_from"] + (move - previous[0]["valid_from"]) / 2
    if len(truth.households_on(truth_id, before)) != 1:
        return None
    now_truth = truth.members_on(home["household_id"], today)
    before_truth = truth.members_on(previous[0]["household_id"], before)
    if len(now_truth) < 3 or now_truth == before_truth:
        return None
    ours = {t: truth.our_id(t) for t in now_truth | before_truth}
    if None in ours.values():
        return None
    person_id = ours[truth_id]
    members_now = frozenset(ours[t] for t in now_truth)
    members_before = frozenset(ours[t] for t in before_truth)

    households_now = graph.households_on(person_id, today)
    households_before = graph.households_on(person_id, before)
    if len(households_now) != 1 or len(households_before) != 1 or households_now == households_before:
        return None
    if graph.members_on(households_now[0], today) != members_now:
        return None
    if graph.members_on(households_before[0], before) != members_before:
        return None
    if any(len(graph.households_on(p, today)) != 1 for p in members_now):
        return None

    lead = _lead(truth, graph, person_id, today)
    if lead is None:
        return None
    return FamilyCase(
        truth_id=truth_id,
        person_id=person_id,
        forename=person["forename"],
        surname=person["surname"],
        dob=dt.date.fromisoformat(person["dob"]),
        csc_record_id=graph.csc_ids.get(person_id),
        household_id=households_now[0],
        members_now=members_now,
        move_date=move,
        before=before,
        household_before=households_before[0],
        members_before=members_before,
        lead=lead,
    )


def _lead(truth: Truth, graph: GraphFacts, person_id: str, today: dt.date) -> Lead | None:
    """The child's first open involvement (by episode id) whose lead practitioner the truth knows with that phone."""
    for r in graph.open_leads.get(person_id, []):
        if r["start_date"] and r["start_date"] > today:
            continue
        system, _, source_id = r["professional_id"].partition(":")
        known = truth.professionals.get((system, source_id))
        if known and known["phone"] == r["phone"] and known["name"] == r["name"]:
            return Lead(r["episode_id"], r["system"], r["name"], r["role"], r["phone"])
    return None
