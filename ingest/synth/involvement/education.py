"""School careers: Reception to Year 11 (or 13), school changes on moves, UPNs issued at first entry."""

from __future__ import annotations

import random

from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..dates import july_end, school_year_start, sept_first, year_of
from ..model import Episode, Family, Person, Segment
from .common import primary_spells


def _address_on(spells: list[tuple[int, int, Segment]], when: int):
    for a, b, s in spells:
        if a <= when < b:
            return s.addr
    return spells[0][2].addr if spells else None


def _choose_school(rng: random.Random, ctx: Context, addr, phase: str, special: bool):
    if addr is None or addr.postcode.startswith("YX"):
        return None  # placed out of the borough: school not known here
    if special:
        return ctx.staff.special[0]
    return ctx.staff.school_for(rng, addr.town, phase)


def simulate(fam: Family, rng: random.Random, ctx: Context) -> None:
    """Reception from the September after the 4th birthday; secondary from Year 7; moves may change school."""
    for c in fam.people:
        if c.role != "child":
            continue
        y0 = school_year_start(c.dob)
        start = sept_first(y0)
        if start > SIM_END:
            continue
        final = min(july_end(y0 + (14 if rng.random() < 0.45 else 12)), c.end())
        if final < SIM_START - 365:
            continue
        spells = primary_spells(fam, c)
        special = rng.random() < 0.02
        transfer = sept_first(y0 + 7)
        events = sorted({a for a, _, _ in spells if start < a < final} | ({transfer} if transfer < final else set()))
        school = _choose_school(rng, ctx, _address_on(spells, start), "PRI", special)
        enrol_start = start
        for ev in events:
            if ev == transfer:
                change = not special
            else:
                new_addr, old_addr = _address_on(spells, ev), _address_on(spells, ev - 1)
                if new_addr is None or old_addr is None:
                    continue
                if new_addr.postcode.startswith("YX") != old_addr.postcode.startswith("YX"):
                    change = True
                elif new_addr.town != old_addr.town:
                    change = rng.random() < 0.9
                else:
                    change = rng.random() < 0.2
            if not change:
                continue
            if school is not None:
                _enrol(fam, ctx, c, school, enrol_start, july_end(y0 + 7) if ev == transfer else ev)
            phase = "PRI" if ev < transfer else "SEC"
            school = _choose_school(rng, ctx, _address_on(spells, ev), phase, special)
            enrol_start = ev if ev == transfer else ev + rng.randrange(3, 25)
        if school is not None:
            _enrol(fam, ctx, c, school, enrol_start, final)


def _enrol(fam: Family, ctx: Context, c: Person, school, start: int, end: int) -> None:
    if end <= start:
        return
    if not c.upn:
        c.upn = ctx.new_upn(school, year_of(start))
        c.upn_from = start
    fam.school.append(Episode(c, "ENROL", start, end if end <= SIM_END else OPEN, "C", "", school))
