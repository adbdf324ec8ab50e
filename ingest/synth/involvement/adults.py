"""Adult services: secondary mental health care and substance misuse treatment (18+ only)."""

from __future__ import annotations

import random

from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..dates import add_years
from ..model import Episode, Family, Person
from ..population import days
from .common import age, coresidents, seg_of


def mental_health(fam: Family, rng: random.Random, ctx: Context) -> None:
    subjects: list[Person] = []
    if "mh" in fam.flags:
        mum = [p for p in fam.people if p.role == "mother"]
        others = [p for p in fam.people if p.role in ("father", "stepfather", "partner")]
        if mum and (rng.random() < 0.7 or not others):
            subjects.append(mum[0])
        elif others:
            subjects.append(others[rng.randrange(len(others))])
    for c in fam.people:
        if c.role == "child" and add_years(c.dob, 18) < SIM_END and rng.random() < 0.02 + 0.08 * fam.need:
            subjects.append(c)
    first = fam.appearances()
    for p in subjects:
        lo = max(SIM_START - 365, add_years(p.dob, 18), first[p.pid])
        hi = min(SIM_END, p.end())
        t = lo
        for _ in range(1 + (rng.random() < 0.35)):
            if t >= hi:
                break
            s = rng.randrange(t, hi)
            recent_baby = any(r.kind == "parent" and r.a is p and 0 <= s - r.b.dob < 365 for r in fam.rels)
            if recent_baby and p.sex == "F":
                team = "PMH"
            elif age(p, s) < 35 and rng.random() < 0.15:
                team = "EIP"
            elif rng.random() < 0.15:
                team = "CRHT"
            else:
                seg = seg_of(fam, p, s)
                team = "CMHTN" if seg is None or seg.addr.town in ("Westmoor", "Kelbrook") else "CMHTS"
            e = s + (rng.randrange(14, 60) if team == "CRHT" else rng.randrange(90, 900))
            e = min(e, p.end())
            coord = ctx.staff.pick_team(rng, "amh", team)
            fam.amh.append(Episode(p, team, s, e if e <= SIM_END else OPEN, "", "", coord))
            t = e + 30


# --------------------------------------------------------- substance misuse
def substance_misuse(fam: Family, rng: random.Random, ctx: Context) -> None:
    if "sm" not in fam.flags:
        return
    dads = [p for p in fam.people if p.role in ("father", "stepfather", "partner")]
    mums = [p for p in fam.people if p.role == "mother"]
    p = dads[rng.randrange(len(dads))] if dads and (rng.random() < 0.65 or not mums) else (mums[0] if mums else None)
    if p is None:
        return
    substance = rng.choice(("OPI", "CRK", "ALC", "ALC", "ALC", "CAN", "COC", "BZD", "AMP"))
    worker = ctx.staff.pick(rng, "sm")
    t = max(SIM_START - 365, add_years(p.dob, 18), fam.appearances()[p.pid])
    for _ in range(rng.randint(1, 3)):
        hi = min(SIM_END, p.end())
        if t >= hi:
            break
        s = rng.randrange(t, min(hi, t + days(4)))
        e = s + rng.randrange(60, 700)
        reason = rng.choices(("TC", "TCO", "DO", "TRF", "PRI"), (30, 15, 40, 10, 5))[0]
        if p.dod is not None and e >= p.dod:
            e, reason = p.dod, "DIED"
        kids = any(c.role == "child" and age(c, s) < 18 for c in coresidents(fam, p, s))
        if rng.random() < 0.3:
            worker = ctx.staff.pick(rng, "sm")
        fam.sm.append(
            Episode(p, "REF", s, e if e <= SIM_END else OPEN, substance, reason, worker, {"kids": "Y" if kids else "N"})
        )
        t = e + rng.randrange(30, 400)
        if rng.random() < 0.3:
            substance = rng.choice(("OPI", "CRK", "ALC", "CAN", "COC"))
