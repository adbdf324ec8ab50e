"""Council tenancies and temporary accommodation for social-rented homes."""

from __future__ import annotations

import random

from ..config import SIM_START
from ..context import Context
from ..model import Family
from .common import age, partner_at


def simulate(fam: Family, rng: random.Random, ctx: Context) -> None:
    for u in fam.units:
        for s in u.segs:
            if s.tenure not in ("social", "temporary"):
                continue
            occupants = [m for m in u.members if m.kind == "primary" and m.start < s.end and m.end > s.start]
            if not occupants:
                continue
            adults = [
                m.person for m in occupants if m.person.role != "child" or age(m.person, max(s.start, m.start)) >= 18
            ]
            adults.sort(key=lambda p: (p.role not in ("mother", "grandmother", "father"), p.dob))
            if not adults:
                continue
            lead = adults[0]
            partner = partner_at(fam, lead, s.start)
            members = []
            for m in occupants:
                p = m.person
                if p is lead:
                    rel = "LEAD"
                elif p is partner or p is partner_at(fam, lead, max(s.start, m.start)):
                    rel = "JOINT" if rng.random() < 0.5 else "PARTNER"
                elif p.role == "child":
                    parents = fam.parents_of(p, None)
                    if lead in fam.parents_of(p):
                        rel = "SON" if p.sex == "M" else "DAUGHTER"
                    elif lead in parents:
                        rel = "STEPSON" if p.sex == "M" else "STEPDAUGHTER"
                    elif any(r.kind == "grandparent" and r.a is lead and r.b is p for r in fam.rels):
                        rel = "GRANDSON" if p.sex == "M" else "GRANDDAUGHTER"
                    else:
                        rel = "OTHER"
                elif any(r.kind == "parent" and r.a is p and r.b is lead for r in fam.rels):
                    rel = "PARENT"
                else:
                    rel = "OTHER"
                members.append((p, rel, max(s.start, m.start), min(s.end, m.end)))
            if s.tenure == "temporary":
                ttype = "TA"
            else:
                ttype = "INT" if s.start >= SIM_START and rng.random() < 0.3 else "FLX" if rng.random() < 0.1 else "SEC"
            flags = []
            n = fam.need
            if rng.random() < 0.1 + 0.5 * n:
                flags.append("RENT_ARREARS")
            if rng.random() < 0.05 + (0.3 if "youth" in fam.flags else 0) + 0.1 * n:
                flags.append("ASB")
            if len(members) >= 5 and rng.random() < 0.6:
                flags.append("OVERCROWDING")
            if rng.random() < 0.15:
                flags.append("DISREPAIR")
            if "da" in fam.flags and u is fam.main and rng.random() < 0.5:
                flags.append("DOMESTIC_ABUSE")
            if s.tenure == "temporary" or (n > 0.7 and rng.random() < 0.3):
                flags.append("VULNERABLE")
            fam.tenancies.append(
                {
                    "addr": s.addr,
                    "start": s.start,
                    "end": s.end,
                    "type": ttype,
                    "flags": flags,
                    "officer": ctx.staff.pick(rng, "housing"),
                    "members": members,
                }
            )
