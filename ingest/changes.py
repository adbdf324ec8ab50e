"""Change detection: compare what a run derived with the graph as it stood, and describe what happened.

Kinds: ``moved`` (a new household at another address), ``joined_household``, ``left_household``,
``episode_opened``, ``episode_closed``, ``new_relationship``, ``known_to_service`` (a person newly known to a
source system). Each change carries the date it happened (``at``), not the date it was found. Ids are derived
from the change itself, so a re-run that finds the same change writes the same node: loading the same extract
twice creates no new changes. The first load into an empty graph is the baseline and records none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from graph import GraphStore
from ingest.assemble import GraphBatch


@dataclass(frozen=True)
class Change:
    kind: str
    at: dt.date
    summary: str
    person_ids: tuple[str, ...]

    @property
    def change_id(self) -> str:
        text = "|".join([self.kind, self.at.isoformat(), self.summary, *self.person_ids])
        return "C" + hashlib.sha1(text.encode()).hexdigest()[:12].upper()


@dataclass
class Snapshot:
    memberships: list[dict]
    episodes: list[dict]
    records: list[dict]
    relationships: list[dict]

    @classmethod
    def read(cls, store: GraphStore) -> Snapshot:
        return cls(
            store.read("ingest/snapshot_memberships"),
            store.read("ingest/snapshot_episodes"),
            store.read("ingest/snapshot_records"),
            store.read("ingest/snapshot_relationships"),
        )


def _address_label(addresses: dict, key: str) -> str:
    a = addresses.get(key) or {}
    return ", ".join(p for p in (a.get("line1"), a.get("postcode")) if p) or key


def detect_changes(before: Snapshot, batch: GraphBatch, extracted_at: dict[str, dt.date]) -> list[Change]:
    rows = batch.rows
    addresses = {a["address_key"]: a for a in rows.get("load/addresses", [])}
    household_address = {h["household_id"]: h["address_key"] for h in rows.get("load/households", [])}
    changes: list[Change] = []

    # Households: joins, moves and leaves.
    old = {(m["person_id"], m["household_id"], m["valid_from"]): m for m in before.memberships}
    old_addresses = defaultdict(set)
    for m in before.memberships:
        old_addresses[m["person_id"]].add(m["address_key"])
    for m in rows.get("load/member_of", []):
        person, household = m["src"], m["dst"]
        address = household_address.get(household)
        previous = old.get((person, household, m["valid_from"]))
        if previous is None:
            if any(a != address for a in old_addresses.get(person, ())) and address not in old_addresses[person]:
                changes.append(
                    Change("moved", m["valid_from"], f"Moved to {_address_label(addresses, address)}", (person,))
                )
            elif address not in old_addresses.get(person, ()):
                changes.append(
                    Change(
                        "joined_household",
                        m["valid_from"],
                        f"Joined the household at {_address_label(addresses, address)}",
                        (person,),
                    )
                )
        if (
            m["valid_to"]
            and (previous is None or previous["valid_to"] is None)
            and (previous is not None or person in old_addresses)
        ):
            changes.append(
                Change(
                    "left_household",
                    m["valid_to"],
                    f"Left the household at {_address_label(addresses, address)}",
                    (person,),
                )
            )

    # Episodes opened and closed.
    old_episodes = {e["episode_id"]: e for e in before.episodes}
    subjects = defaultdict(list)
    for s in rows.get("load/subject_of", []):
        subjects[s["dst"]].append(s["src"])
    services = {p["src"]: p["dst"] for p in rows.get("load/provided_by", [])}
    for e in rows.get("load/episodes", []):
        eid, people = e["episode_id"], tuple(sorted(set(subjects.get(e["episode_id"], []))))
        if not people:
            continue
        what = f"{e['episode_type'] or 'involvement'} ({services.get(eid, e['system'])})"
        previous = old_episodes.get(eid)
        if previous is None:
            changes.append(Change("episode_opened", e["start_date"], f"{what} opened", people))
        if e["end_date"] and (previous is None or previous["end_date"] is None):
            changes.append(Change("episode_closed", e["end_date"], f"{what} closed", people))

    # New parent and partner relationships.
    old_pairs = {(r["src"], r["dst"], r["r"]["type"]) for r in before.relationships}
    for query, rel_type, words in (
        ("load/parent_of", "PARENT_OF", "New parent/child relationship"),
        ("load/partner_of", "PARTNER_OF", "New partner relationship"),
    ):
        for r in rows.get(query, []):
            if (r["src"], r["dst"], rel_type) not in old_pairs:
                at = r.get("valid_from") or extracted_at.get(r.get("source")) or dt.date.today()
                changes.append(Change("new_relationship", at, words, (r["src"], r["dst"])))

    # People newly known to a source system.
    old_systems = defaultdict(set)
    for r in before.records:
        old_systems[r["person_id"]].add(r["system"])
    known_before = set(old_systems)
    system_of = {r["record_key"]: r["system"] for r in rows.get("load/source_records", [])}
    for link in rows.get("load/record_of", []):
        person, system = link["dst"], system_of[link["src"]]
        if system not in old_systems[person] and (person in known_before or before.records):
            old_systems[person].add(system)
            changes.append(
                Change(
                    "known_to_service",
                    extracted_at.get(system) or dt.date.today(),
                    f"Newly known to {system}",
                    (person,),
                )
            )
    return changes


def change_rows(changes: list[Change], load_id: str, detected_at: dt.datetime) -> tuple[list[dict], list[dict]]:
    """Rows for load/changes and load/about."""
    nodes, about = {}, []
    for change in changes:
        cid = change.change_id
        if cid not in nodes:
            nodes[cid] = {
                "change_id": cid,
                "kind": change.kind,
                "at": change.at,
                "summary": change.summary,
                "detected_at": detected_at,
                "load_id": load_id,
            }
            about += [{"src": cid, "dst": p} for p in change.person_ids]
    return list(nodes.values()), about
