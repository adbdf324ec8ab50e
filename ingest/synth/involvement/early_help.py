"""Early help involvement of a family (members, episodes, lead practitioner)."""

from __future__ import annotations

import random

from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..model import Family, Person
from ..population import days
from .common import age


def simulate(fam: Family, rng: random.Random, ctx: Context) -> None:
    n = fam.need
    p = 0.04 + 0.3 * n + (0.4 if "eh_stepdown" in fam.flags else 0.0)
    if rng.random() >= p:
        return
    main = fam.main
    starts = [SIM_START - 200 + rng.randrange(days(9))]
    if rng.random() < 0.25:
        starts.append(starts[0] + days(rng.uniform(1.5, 4.0)))
    members: dict[Person, list] = {}
    episodes = []
    for s in starts:
        if s > SIM_END:
            break
        residents = main.members_at(s)
        if not any(r.role == "child" for r in residents):
            continue
        for r in residents:
            if r not in members:
                members[r] = [_eh_role(r), s]
        lead = _eh_lead(fam, rng, ctx, s)
        a_end = s + rng.randrange(14, 60)
        episodes.append({"type": "EHA", "start": s, "end": a_end, "closure": "OUT", "lead": lead})
        f_end = a_end + rng.randrange(90, 420)
        closure = rng.choices(("OUT", "STU", "DIS", "NFA"), (55, 15 + 20 * n, 15, 15))[0]
        episodes.append(
            {
                "type": rng.choice(("TAF", "FSW")),
                "start": a_end,
                "end": f_end if f_end <= SIM_END else OPEN,
                "closure": closure,
                "lead": lead,
            }
        )
        # people who join the household while the family is open are added
        for m in main.members:
            if s < m.start < f_end and m.kind == "primary" and m.person not in members:
                members[m.person] = [_eh_role(m.person), m.start]
    if episodes:
        fam.eh.append({"members": [(p, r, d) for p, (r, d) in members.items()], "episodes": episodes})


def _eh_role(p: Person) -> str:
    if p.role == "child":
        return "Child"
    if p.role in ("mother", "father"):
        return "Parent/Carer"
    if p.role.startswith("grand"):
        return "Grandparent"
    if p.role in ("stepfather", "partner"):
        return "Partner"
    return "Other Adult"


def _eh_lead(fam: Family, rng: random.Random, ctx: Context, when: int):
    r = rng.random()
    if r < 0.2:
        for e in fam.school:
            if e.start <= when < e.end:
                return e.worker.dsl
    if r < 0.32 and any(p.role == "child" and age(p, when) < 5 for p in fam.main.members_at(when)):
        return ctx.staff.pick_role(rng, "health", "Health Visitor")
    return ctx.staff.pick(rng, "eh")
