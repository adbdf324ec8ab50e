"""Ground truth: the real people, households, relationships behind the extracts.

Written to ``ground_truth/`` (never read by the ingest). Dates are ISO
``yyyy-mm-dd``; an empty ``valid_to`` means still current at the as-of date.
"""

from __future__ import annotations

from pathlib import Path

from .context import Context
from .dates import DateFormatter
from .model import Family
from .writers import write_csv

ISO = DateFormatter("yyyy-mm-dd")

PEOPLE_HEADER = [
    "person_id",
    "family_id",
    "family_role",
    "forename",
    "middle_names",
    "surname",
    "birth_surname",
    "dob",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "deceased",
    "date_of_death",
]
HOUSEHOLD_HEADER = [
    "household_id",
    "person_id",
    "address_id",
    "uprn",
    "postcode",
    "valid_from",
    "valid_to",
    "residence_type",
]
REL_HEADER = ["person_a", "person_b", "type", "subtype", "valid_from", "valid_to"]
ADDRESS_HEADER = ["address_id", "uprn", "line1", "line2", "town", "postcode"]
FAMILY_HEADER = ["family_id", "need", "flags", "known_to"]


def _to(end: int, as_of: int) -> str:
    return ISO(end) if end <= as_of else ""


class Truth:
    def __init__(self, as_of: int):
        self.as_of = as_of
        self.people: list[list[str]] = []
        self.households: list[list[str]] = []
        self.rels: list[list[str]] = []
        self.families: list[list[str]] = []
        self.addresses: dict[int, list[str]] = {}

    def add_family(self, fam: Family, known_to: list[str]) -> None:
        as_of = self.as_of
        first = fam.appearances()
        born = {p.pid for p in fam.people if p.dob <= as_of and first[p.pid] <= as_of}
        if not born:
            return
        for p in fam.people:
            if p.pid not in born:
                continue
            dead = p.dod is not None and p.dod <= as_of
            self.people.append(
                [
                    p.pid,
                    fam.fid,
                    p.role,
                    p.forename,
                    p.middle,
                    p.surname_at(as_of),
                    p.birth_surname,
                    ISO(p.dob),
                    p.sex,
                    p.ethnicity,
                    p.nhs,
                    p.upn if p.upn_from <= as_of else "",
                    "Y" if dead else "N",
                    ISO(p.dod) if dead else "",
                ]
            )
        for u in fam.units:
            for m in u.members:
                if m.person.pid not in born:
                    continue
                for s in u.segs:
                    a, b = max(m.start, s.start), min(m.end, s.end)
                    if a >= b or a > as_of:
                        continue
                    addr = s.addr
                    self.households.append(
                        [
                            s.hh_id,
                            m.person.pid,
                            f"ADR{addr.key}",
                            addr.uprn,
                            addr.postcode,
                            ISO(a),
                            _to(b, as_of),
                            m.kind,
                        ]
                    )
                    if addr.key not in self.addresses:
                        self.addresses[addr.key] = [
                            f"ADR{addr.key}",
                            addr.uprn,
                            addr.line1,
                            addr.line2,
                            addr.town,
                            addr.postcode,
                        ]
        for r in fam.rels:
            if r.a.pid in born and r.b.pid in born and r.start <= as_of:
                self.rels.append([r.a.pid, r.b.pid, r.kind, r.sub, ISO(r.start), _to(r.end, as_of)])
        self.families.append([fam.fid, f"{fam.need:.3f}", ";".join(sorted(fam.flags)), ";".join(known_to)])

    def write(self, out: Path, records: list, invalid: list, ctx: Context) -> dict[str, int]:
        gt = out / "ground_truth"
        counts = {
            "people.csv": write_csv(gt / "people.csv", PEOPLE_HEADER, self.people),
            "households.csv": write_csv(gt / "households.csv", HOUSEHOLD_HEADER, self.households),
            "relationships.csv": write_csv(gt / "relationships.csv", REL_HEADER, self.rels),
            "addresses.csv": write_csv(
                gt / "addresses.csv", ADDRESS_HEADER, (self.addresses[k] for k in sorted(self.addresses))
            ),
            "families.csv": write_csv(gt / "families.csv", FAMILY_HEADER, self.families),
            "records.csv": write_csv(gt / "records.csv", ["source", "file", "record_id", "person_id"], records),
            "invalid_rows.csv": write_csv(
                gt / "invalid_rows.csv", ["source", "file", "row_number", "record_id", "field", "reason"], invalid
            ),
            "professionals.csv": write_csv(
                gt / "professionals.csv",
                ["professional_id", "name", "role", "team", "organisation", "phone", "email", "source", "source_id"],
                (_prof_row(p) for p in ctx.staff.all),
            ),
        }
        return counts


_PROF_SOURCE = {
    "csc": "csc",
    "eh": "early_help",
    "health": "health",
    "dsl": "schools",
    "police": "police",
    "housing": "housing",
    "amh": "adult_mental_health",
    "sm": "substance_misuse",
    "yj": "youth_justice",
}


def _prof_row(p) -> list[str]:
    return [p.prof_id, p.name, p.role, p.team, p.org, p.phone, p.email, _PROF_SOURCE[p.kind], p.source_id]
