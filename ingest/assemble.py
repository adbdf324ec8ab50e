"""Stages 3-6: standardise entities, link people, derive households and family links, shape graph rows.

The output is a GraphBatch: for each named load query in cypher/load/, the rows to write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from ingest import standardise as std
from ingest.extract import SourceExtract
from ingest.households import Residence, derive_households
from ingest.linkage import LinkageConfig, link_people
from ingest.linkage.decisions import Decisions

PERSON_FIELDS = ("forename", "middle_names", "surname", "former_surname", "preferred_surname", "preferred_forename")


@dataclass
class GraphBatch:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, query: str, row: dict) -> None:
        self.rows[query].append(row)

    def count(self, query: str) -> int:
        return len(self.rows.get(query, []))


def _short_hash(*parts) -> str:
    return hashlib.sha1("|".join(str(p or "") for p in parts).encode()).hexdigest()[:12].upper()


_PROFESSIONAL_FIELDS = ("name", "role", "team", "organisation", "phone", "email")


def _professional_row(professional_id: str, entity: dict, source: str) -> dict:
    """A load/professionals row from a professional entity (or an episode's inline lead fields)."""
    return {
        "professional_id": professional_id,
        "name": std.clean_name(entity.get("name")),
        "role": entity.get("role"),
        "team": entity.get("team"),
        "organisation": entity.get("organisation"),
        "phone": std.normalise_phone(entity.get("phone")),
        "email": std.normalise_email(entity.get("email")),
        "system": source,
    }


def _as_bool(value) -> bool:
    return value is True or str(value).lower() in {"true", "y", "yes", "1"}


def _address(entity: dict) -> dict | None:
    uprn = std.normalise_uprn(entity.get("uprn"))
    line1 = std.clean_address_line(entity.get("line1"))
    postcode = std.normalise_postcode(entity.get("postcode"))
    key = std.address_key(uprn, line1, postcode)
    if key is None:
        return None
    return {
        "address_key": key,
        "uprn": uprn,
        "line1": line1,
        "line2": std.clean_address_line(entity.get("line2")),
        "town": std.clean_address_line(entity.get("town")),
        "postcode": postcode,
    }


class Assembler:
    def __init__(self, extracts: list[SourceExtract]):
        self.extracts = extracts
        self.batch = GraphBatch()
        self.records: dict[str, dict] = {}
        self.groups: dict[tuple, list[str]] = defaultdict(list)
        self.addresses: dict[str, dict] = {}
        self.residences: list[Residence] = []
        self.professional_alias: dict[str, str] = {}

    # -- people -------------------------------------------------------------------------------------------
    def _records(self) -> None:
        for ex in self.extracts:
            for file_name, _, e in ex.entities.get("person", []):
                key = f"{ex.source}:{e['record_id']}"
                dob, dob_estimated = e.get("dob"), _as_bool(e.get("dob_estimated"))
                if dob is None and e.get("age") is not None:  # only an approximate age (police): estimate the dob
                    dob = std.dob_from_age(e["age"], e.get("age_on"))
                    dob_estimated = dob is not None
                record = {
                    "record_key": key,
                    "system": ex.source,
                    "record_id": str(e["record_id"]),
                    "file": file_name,
                    **{f: std.clean_name(e.get(f)) for f in PERSON_FIELDS},
                    "dob": dob,
                    "dob_estimated": dob_estimated,
                    "sex": std.normalise_sex(e.get("sex")),
                    "nhs_number": e.get("nhs_number"),
                    "upn": e.get("upn"),
                    "date_of_death": e.get("date_of_death"),
                    "same_person": e.get("same_person"),
                    "extracted_at": ex.extracted_at,
                    "_trust": ex.mapping.trust,
                }
                address = _address(e)
                record["postcode"] = address["postcode"] if address else std.normalise_postcode(e.get("postcode"))
                record["uprn"] = address["uprn"] if address else None
                record["address_key"] = address["address_key"] if address else None
                if address:
                    self.addresses.setdefault(address["address_key"], address)
                    start = e.get("address_from")
                    if start:
                        record["_residence"] = (address["address_key"], start, e.get("address_to"))
                if e.get("group"):
                    self.groups[(ex.source, str(e["group"]))].append(key)
                self.records[key] = record

    def _people(self, person_of: dict, methods: dict, probabilities: dict | None = None) -> None:
        clusters = defaultdict(list)
        for key, pid in person_of.items():
            clusters[pid].append(self.records[key])
        for pid, members in clusters.items():
            # Display rule: the most trusted source, then the most recent extract, then the record key.
            ranked = sorted(
                members, key=lambda r: (r["_trust"], -(r["extracted_at"] or dt.date.min).toordinal(), r["record_key"])
            )
            best = ranked[0]
            dob_record = next(
                (r for r in ranked if r["dob"] and not r["dob_estimated"]), next((r for r in ranked if r["dob"]), best)
            )
            other = sorted(
                {r[f] for r in members for f in ("surname", "former_surname", "preferred_surname") if r[f]}
                - {best["surname"]}
            )
            death = next((r["date_of_death"] for r in ranked if r["date_of_death"]), None)
            self.batch.add(
                "load/people",
                {
                    "person_id": pid,
                    "forename": best["forename"],
                    "middle_names": best["middle_names"],
                    "surname": best["surname"],
                    "other_names": "; ".join(other) or None,
                    "dob": dob_record["dob"],
                    "dob_estimated": bool(dob_record["dob_estimated"]),
                    "sex": best["sex"]
                    if best["sex"] != "U"
                    else next((r["sex"] for r in ranked if r["sex"] != "U"), "U"),
                    "deceased": death is not None,
                    "date_of_death": death,
                    "name_source": best["system"],
                    "dob_source": dob_record["system"],
                    "restricted": False,
                    "restriction_reason": None,
                },
            )
        for key, record in self.records.items():
            row = {
                k: v for k, v in record.items() if not k.startswith("_") and k not in {"same_person", "date_of_death"}
            }
            row["fields"] = json.dumps({"same_person": record["same_person"]} if record["same_person"] else {})
            self.batch.add("load/source_records", row)
            probability = (probabilities or {}).get(key, 1.0)
            self.batch.add(
                "load/record_of",
                {"src": key, "dst": person_of[key], "match_probability": probability, "method": methods[key]},
            )

    # -- households -----------------------------------------------------------------------------------------
    def _residences(self, person_of: dict) -> None:
        for key, record in self.records.items():
            if "_residence" in record:
                address_key, start, end = record["_residence"]
                self.residences.append(Residence(person_of[key], address_key, start, end, record["system"]))
        for ex in self.extracts:
            for _, _, e in ex.entities.get("residence", []):
                person = person_of.get(f"{ex.source}:{e['person']}")
                address = _address(e)
                if person is None or address is None or not e.get("valid_from"):
                    continue
                self.addresses.setdefault(address["address_key"], address)
                self.residences.append(
                    Residence(person, address["address_key"], e["valid_from"], e.get("valid_to"), ex.source)
                )
        households, memberships = derive_households(self.residences)
        for address in self.addresses.values():
            self.batch.add("load/addresses", address)
        for h in households:
            self.batch.add(
                "load/households",
                {
                    "household_id": h.household_id,
                    "address_key": h.address_key,
                    "valid_from": h.valid_from,
                    "valid_to": h.valid_to,
                },
            )
            self.batch.add(
                "load/at",
                {"src": h.household_id, "dst": h.address_key, "valid_from": h.valid_from, "valid_to": h.valid_to},
            )
        for m in memberships:
            self.batch.add(
                "load/member_of",
                {
                    "src": m.person_id,
                    "dst": m.household_id,
                    "valid_from": m.valid_from,
                    "valid_to": m.valid_to,
                    "source": m.source,
                },
            )
        seen = set()
        for r in self.residences:
            if (r.person_id, r.address_key, r.valid_from) not in seen:
                seen.add((r.person_id, r.address_key, r.valid_from))
                self.batch.add(
                    "load/resided_at",
                    {
                        "src": r.person_id,
                        "dst": r.address_key,
                        "valid_from": r.valid_from,
                        "valid_to": r.valid_to,
                        "source": r.source,
                    },
                )

    # -- relationships ------------------------------------------------------------------------------------------
    def _relationships(self, person_of: dict) -> None:
        parents = defaultdict(set)
        parent_rows, partner_rows, sibling_rows, related_rows = {}, {}, {}, {}
        for ex in self.extracts:
            for _, _, e in ex.entities.get("relationship", []):
                a, b = person_of.get(f"{ex.source}:{e['person']}"), person_of.get(f"{ex.source}:{e['related']}")
                rule = (e.get("codes") or {}).get(str(e.get("code")))
                if not a or not b or a == b or not rule:
                    continue
                kind = rule["type"]
                if kind == "parent":
                    parent, child = (b, a) if rule.get("parent") == "related" else (a, b)
                    parents[child].add(parent)
                    parent_rows.setdefault(
                        (parent, child),
                        {"src": parent, "dst": child, "kind": rule.get("kind", "unknown"), "source": ex.source},
                    )
                elif kind == "partner":
                    pair = tuple(sorted((a, b)))
                    row = {
                        "src": pair[0],
                        "dst": pair[1],
                        "valid_from": e.get("valid_from"),
                        "valid_to": e.get("valid_to"),
                        "source": ex.source,
                    }
                    old = partner_rows.get(pair)
                    if old is None or (row["valid_from"] or dt.date.min) > (old["valid_from"] or dt.date.min):
                        partner_rows[pair] = row
                elif kind == "sibling":
                    pair = tuple(sorted((a, b)))
                    sibling_rows.setdefault(
                        pair,
                        {"src": pair[0], "dst": pair[1], "kind": rule.get("kind", "recorded"), "source": ex.source},
                    )
                else:
                    src, dst = (b, a) if rule.get("direction") == "related" else (a, b)
                    label = rule.get("label", "relative")
                    related_rows.setdefault(
                        (src, dst, label), {"src": src, "dst": dst, "type": label, "source": ex.source}
                    )
        children_of = defaultdict(set)
        for child, ps in parents.items():
            for p in ps:
                children_of[p].add(child)
        for kids in children_of.values():
            for a in kids:
                for b in kids:
                    if a < b and (a, b) not in sibling_rows:
                        kind = "full" if parents[a] == parents[b] and len(parents[a]) >= 2 else "half"
                        sibling_rows[(a, b)] = {"src": a, "dst": b, "kind": kind, "source": "derived"}
        for query, rows in (
            ("load/parent_of", parent_rows),
            ("load/partner_of", partner_rows),
            ("load/sibling_of", sibling_rows),
            ("load/related_to", related_rows),
        ):
            for row in rows.values():
                self.batch.add(query, row)

    # -- services, episodes, professionals ----------------------------------------------------------------------
    def _professional_id(self, source: str, entity: dict) -> str:
        """Within a source by its id; across sources by name + organisation + e-mail."""
        local = f"{source}:{entity['professional_id']}"
        identity = (
            std.clean_name(entity.get("name")) or "",
            (entity.get("organisation") or "").lower(),
            std.normalise_email(entity.get("email")) or "",
        )
        canonical = self.professional_alias.setdefault(identity, local) if identity[0] and identity[2] else local
        return canonical

    def _services_and_episodes(self, person_of: dict) -> None:
        professionals = {}
        local_to_canonical = {}
        for ex in self.extracts:
            s = ex.mapping.service or {"code": ex.source, "name": ex.mapping.name}
            self.batch.add(
                "load/services",
                {
                    "code": s["code"],
                    "name": s.get("name", ex.mapping.name),
                    "agency": s.get("agency", ex.mapping.agency),
                    "category": s.get("category", ex.mapping.category),
                    "system": ex.source,
                    "sensitive": ex.mapping.sensitive,
                    "local_offer": False,
                    "description": s.get("description"),
                },
            )
            for _, _, e in ex.entities.get("service", []):
                self.batch.add(
                    "load/services",
                    {
                        "code": e["code"],
                        "name": e.get("name"),
                        "agency": e.get("agency") or ex.mapping.agency,
                        "category": e.get("category") or ex.mapping.category,
                        "system": ex.source,
                        "sensitive": ex.mapping.sensitive,
                        "local_offer": False,
                        "description": e.get("description"),
                    },
                )
            for _, _, e in ex.entities.get("professional", []):
                pid = self._professional_id(ex.source, e)
                local_to_canonical[f"{ex.source}:{e['professional_id']}"] = pid
                professionals.setdefault(pid, _professional_row(pid, e, ex.source))
        episodes = {}
        for ex in self.extracts:
            default_service = (ex.mapping.service or {}).get("code", ex.source)
            for _, _, e in ex.entities.get("episode", []):
                eid = f"{ex.source}:{e['episode_id']}"
                subjects = []
                if e.get("person"):
                    subjects = [person_of.get(f"{ex.source}:{e['person']}")]
                elif e.get("group"):
                    subjects = [person_of.get(k) for k in self.groups.get((ex.source, str(e["group"])), [])]
                subjects = [s for s in subjects if s]
                if eid not in episodes:
                    end = e.get("end_date")
                    episodes[eid] = True
                    self.batch.add(
                        "load/episodes",
                        {
                            "episode_id": eid,
                            "system": ex.source,
                            "record_id": str(e["episode_id"]),
                            "episode_type": e.get("episode_type"),
                            "start_date": e["start_date"],
                            "end_date": end,
                            "reason": e.get("reason"),
                            "status": "closed" if end else "open",
                            "last_involvement": end or ex.extracted_at,
                            "details": e.get("details"),
                            "extracted_at": ex.extracted_at,
                        },
                    )
                    self.batch.add("load/provided_by", {"src": eid, "dst": e.get("service") or default_service})
                    lead = None
                    if e.get("lead"):
                        lead = local_to_canonical.get(f"{ex.source}:{e['lead']}")
                    elif e.get("lead_name"):
                        # Lead practitioner typed into the episode: the same fields as a professional entity.
                        inline = {field: e.get(f"lead_{field}") for field in _PROFESSIONAL_FIELDS}
                        inline["professional_id"] = _short_hash(inline["name"], inline["organisation"], inline["email"])
                        lead = self._professional_id(ex.source, inline)
                        professionals.setdefault(lead, _professional_row(lead, inline, ex.source))
                    if lead:
                        self.batch.add(
                            "load/lead_practitioner_for",
                            {"src": lead, "dst": eid, "valid_from": e["start_date"], "valid_to": end},
                        )
                for subject in subjects:
                    self.batch.add("load/subject_of", {"src": subject, "dst": eid, "role": e.get("role") or "subject"})
        for row in professionals.values():
            self.batch.add("load/professionals", row)

    def assemble(self, linkage: LinkageConfig | None = None, decisions: Decisions | None = None) -> GraphBatch:
        """``linkage``: thresholds and model (default ``ingest/linkage/linkage.yaml``); ``decisions``: the stewards'
        decisions read from the graph. The linkage result (review queue, summary) is kept as ``self.linkage``."""
        self._records()
        self.linkage = link_people(self.records, self.extracts, self.groups, self.addresses, linkage, decisions)
        person_of = self.linkage.person_of
        self._people(person_of, self.linkage.methods, self.linkage.probabilities)
        self._residences(person_of)
        self._relationships(person_of)
        self._services_and_episodes(person_of)
        return self.batch
