"""Helpers about who lives where and with whom, shared by the service simulations."""

from __future__ import annotations

from ..model import Family, Person, Segment, Unit
from ..population import YEAR


def age(p: Person, when: int) -> float:
    return (when - p.dob) / YEAR


def primary_spells(fam: Family, p: Person) -> list[tuple[int, int, Segment]]:
    """(start, end, segment) of every primary/placement residence of ``p``, sorted."""
    out = []
    for u in fam.units:
        for m in u.members:
            if m.person is p and m.kind != "secondary":
                for s in u.segs:
                    a, b = max(m.start, s.start), min(m.end, s.end)
                    if a < b:
                        out.append((a, b, s))
    out.sort(key=lambda x: x[0])
    return out


def seg_of(fam: Family, p: Person, when: int) -> Segment | None:
    for a, b, s in primary_spells(fam, p):
        if a <= when < b:
            return s
    return None


def children_in(unit: Unit, when: int, max_age: float = 18.0) -> list[Person]:
    return [p for p in unit.members_at(when) if p.role == "child" and age(p, when) < max_age]


def main_carer(fam: Family) -> Person:
    for role in ("mother", "father", "grandmother"):
        for p in fam.people:
            if p.role == role and fam.main and any(m.person is p for m in fam.main.members):
                return p
    return fam.people[0]


def partner_at(fam: Family, p: Person, when: int, grace: int = 0) -> Person | None:
    for r in fam.rels:
        if r.kind == "partner" and (r.a is p or r.b is p) and r.start <= when < r.end + grace:
            return r.b if r.a is p else r.a
    return None


def coresidents(fam: Family, p: Person, when: int) -> list[Person]:
    seg = seg_of(fam, p, when)
    if seg is None:
        return []
    return [q for q in fam.people if q is not p and seg_of(fam, q, when) is seg]
