"""0-19 health: universal health visiting, targeted school nursing, family nurse partnership."""

from __future__ import annotations

import random

from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..dates import add_years
from ..model import Episode, Family
from .common import age


def simulate(fam: Family, rng: random.Random, ctx: Context) -> None:
    staff = ctx.staff
    hv = staff.pick_role(rng, "health", "Health Visitor")
    sn = staff.pick_role(rng, "health", "School Nurse")
    cp = {e.person for e in fam.csc if e.kind in ("CPP", "LAC")}
    cin = {e.person for e in fam.csc if e.kind == "CIN"}
    for c in fam.people:
        if c.role != "child":
            continue
        five = add_years(c.dob, 5)
        if five >= SIM_START - 365:
            start = c.dob + rng.randrange(10, 15)
            end = min(five + rng.randrange(0, 40), c.end())
            if end > start:
                level = "UPP" if c in cp else "UPL" if (c in cin or fam.need > 0.55) else "UNI"
                fam.health.append(Episode(c, "HV", start, end if end <= SIM_END else OPEN, level, "", hv))
        if (c in cp or c in cin or fam.need > 0.65) and rng.random() < 0.6:
            lo = max(five, SIM_START - 365)
            hi = min(add_years(c.dob, 18), SIM_END, c.end())
            if lo < hi:
                s = rng.randrange(lo, hi)
                e = s + rng.randrange(120, 1000)
                fam.health.append(
                    Episode(c, "SN", s, e if e <= min(hi, SIM_END) else OPEN, "UPP" if c in cp else "UPL", "", sn)
                )
    mother = next((p for p in fam.people if p.role == "mother"), None)
    if mother is not None:
        kids = sorted((p for p in fam.children_of(mother)), key=lambda p: p.dob)
        if kids and age(mother, kids[0].dob) < 20 and kids[0].dob >= SIM_START - 3 * 365:
            fnp = staff.pick_role(rng, "health", "Family Nurse")
            s = kids[0].dob - rng.randrange(60, 150)
            e = add_years(kids[0].dob, 2)
            fam.health.append(Episode(mother, "FNP", s, e if e <= SIM_END else OPEN, "UPP", "", fnp))
