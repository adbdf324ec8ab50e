"""Police safeguarding notifications: domestic abuse, child concern, missing from home."""

from __future__ import annotations

import random

from ..config import SIM_END, SIM_START
from ..context import Context
from ..dates import add_years
from ..model import Family
from ..population import days
from .common import age, children_in, main_carer, partner_at, seg_of


def simulate(fam: Family, rng: random.Random, ctx: Context, da_dates: list[int]) -> None:
    host = main_carer(fam)
    for d in da_dates:
        perp = partner_at(fam, host, d, grace=days(1.5))
        if perp is None or not perp.alive_on(d) or not host.alive_on(d):
            continue
        seg = seg_of(fam, host, d)
        if seg is None:
            continue
        unit = next((u for u in fam.units if seg in u.segs), fam.main)
        subjects = [(host, "VIC"), (perp, "PERP")]
        for k in children_in(unit, d):
            if rng.random() < 0.85:
                subjects.append((k, "CHP"))
        risk = "H" if rng.random() < 0.15 + 0.3 * fam.need else "M" if rng.random() < 0.5 else "S"
        fam.police.append(
            {
                "date": d,
                "type": "DAC" if rng.random() < 0.3 else "DA",
                "risk": risk,
                "addr": seg.addr,
                "officer": ctx.staff.pick(rng, "police"),
                "subjects": subjects,
            }
        )
    # child concern / missing from home notifications
    csc_kids = {e.person for e in fam.csc if e.kind in ("CIN", "CPP", "LAC")}
    yj_like = "youth" in fam.flags
    for k in fam.people:
        if k.role != "child":
            continue
        p_cc = (0.25 if k in csc_kids else 0.01) + (0.4 if yj_like and age(k, SIM_END) > 12 else 0.0)
        if rng.random() >= p_cc:
            continue
        for _ in range(rng.randint(1, 3)):
            lo = max(SIM_START, add_years(k.dob, 10 if yj_like else 2))
            hi = min(SIM_END, add_years(k.dob, 18), k.end())
            if lo >= hi:
                break
            d = rng.randrange(lo, hi)
            seg = seg_of(fam, k, d)
            if seg is None:
                continue
            kind = "MFH" if age(k, d) >= 11 and rng.random() < 0.6 else "CC"
            subjects = [(k, "SUBJ")]
            parent = next((p for p in fam.people if p.role in ("mother", "father") and seg_of(fam, p, d) is seg), None)
            if parent is not None and rng.random() < 0.6:
                subjects.append((parent, "OTH"))
            fam.police.append(
                {
                    "date": d,
                    "type": kind,
                    "risk": "",
                    "addr": seg.addr,
                    "officer": ctx.staff.pick(rng, "police"),
                    "subjects": subjects,
                }
            )
