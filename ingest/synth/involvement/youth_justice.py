"""Youth justice interventions for 10-17 year olds (with dual registration at the PRU)."""

from __future__ import annotations

import random

from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..dates import add_years
from ..model import Episode, Family, Person


def simulate(fam: Family, rng: random.Random, ctx: Context) -> None:
    forced = "youth" in fam.flags
    done = False
    for c in sorted((p for p in fam.people if p.role == "child"), key=lambda p: p.dob):
        lo = max(SIM_START - 365, add_years(c.dob, 10))
        hi = min(SIM_END, add_years(c.dob, 18), c.end())
        if lo >= hi:
            continue
        p = (0.004 + 0.07 * fam.need) * (1.8 if c.sex == "M" else 0.5)
        if not (forced and not done) and rng.random() >= p:
            continue
        done = True
        cm = ctx.staff.pick(rng, "yj")
        t = max(lo, rng.randrange(lo, hi) if not forced else lo)
        ladder = ("PREV", "CR", "YC", "YCC", "RO", "YRO", "DTO")
        step = rng.randrange(0, 3)
        for _ in range(rng.randint(1, 3)):
            if t >= hi:
                break
            kind = ladder[min(step, len(ladder) - 1)]
            dur = {
                "PREV": (60, 180),
                "CR": (1, 2),
                "YC": (1, 2),
                "YCC": (60, 120),
                "RO": (90, 365),
                "YRO": (180, 720),
                "DTO": (120, 720),
            }[kind]
            e = t + rng.randrange(*dur)
            fam.yj.append(Episode(c, kind, t, e if e <= SIM_END else OPEN, "", "", cm))
            if kind in ("RO", "YRO") and rng.random() < 0.4:
                pupil_referral_unit(fam, rng, ctx, c, t)
            t = e + rng.randrange(30, 300)
            step += rng.randint(1, 2)


def pupil_referral_unit(fam: Family, rng: random.Random, ctx: Context, c: Person, when: int) -> None:
    """Dual registration at the pupil referral unit (main school becomes 'M')."""
    for e in fam.school:
        if e.person is c and e.start <= when < e.end:
            e.reason = "M"
            end = min(e.end, when + rng.randrange(60, 200))
            pru = ctx.staff.special[-1]
            fam.school.append(Episode(c, "ENROL", when, end if end <= SIM_END else OPEN, "S", "", pru))
            return
