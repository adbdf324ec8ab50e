"""Children's social care: contacts, referrals, child in need, child protection, care (moves children into placements)."""

from __future__ import annotations

import random

from .. import names
from ..config import OPEN, SIM_END, SIM_START
from ..context import Context
from ..dates import add_years
from ..model import Episode, Family, Member, Person, Segment, Unit
from ..population import Builder, add_grandparent, days
from .common import age, children_in


def simulate(fam: Family, rng: random.Random, ctx: Context, b: Builder, da_dates: list[int]) -> None:
    staff = ctx.staff
    main = fam.main
    n = fam.need
    forced = {"complex", "lac_siblings"} & fam.flags
    p_any = 0.08 + 0.55 * n + (0.15 if "da" in fam.flags else 0.0)
    if not forced and rng.random() > p_any:
        return
    n_inv = 1 + (rng.random() < 0.35 * n) + (rng.random() < 0.15 * n)
    starts = sorted(SIM_START - 365 + rng.randrange(days(9.5)) for _ in range(n_inv))
    if da_dates and rng.random() < 0.7:
        starts[0] = min(da_dates[0] + rng.randrange(1, 4), SIM_END)
        starts.sort()
    if "complex" in fam.flags:
        babies = [p.dob for p in fam.people if p.role == "child" and p.dob >= SIM_START]
        first_da = [d for d in da_dates if babies and d > max(babies)]
        if first_da:
            starts = sorted([first_da[0] + rng.randrange(1, 4)] + [s for s in starts[1:] if s > first_da[0] + 500])
    last_end = 0
    for inv_no, t in enumerate(starts):
        t = max(t, last_end + 90)
        if t > SIM_END:
            break
        kids = [k for k in children_in(main, t) if k.alive_on(t)]
        if not kids:
            continue
        level = _escalation(rng, n, fam, forced and inv_no == 0)
        src = (
            "6"
            if "da" in fam.flags and rng.random() < 0.6
            else rng.choice(("1A", "1C", "2A", "2A", "3A", "3B", "3C", "3F", "4", "5D", "9"))
        )
        duty = staff.duty[rng.randrange(len(staff.duty))]
        contact_out = {0: rng.choice(("NFA", "INF", "EH")), 1: "REF"}[min(level, 1)]
        for k in kids:
            fam.csc.append(Episode(k, "CONT", t, t + rng.randrange(0, 2), src, contact_out, duty))
        last_end = t + 1
        if contact_out == "EH":
            fam.flags.add("eh_stepdown")
        if level == 0:
            continue
        r = t + rng.randrange(0, 5)
        r_end = r + rng.randrange(10, 46)
        ref_out = "NFA" if level == 1 and rng.random() < 0.5 else "EH" if level == 1 else "S47" if level >= 3 else "CIN"
        for k in kids:
            fam.csc.append(Episode(k, "REFR", r, r_end, src, ref_out, duty))
        last_end = r_end
        if level == 1:
            if ref_out == "EH":
                fam.flags.add("eh_stepdown")
            continue
        sw = staff.allocated[rng.randrange(len(staff.allocated))]
        need_code = rng.choice(("N1", "N1", "N1", "N4", "N5", "N3", "N8", "N6", "N7", "N2"))
        cin_start = r_end
        cin_end = cin_start + rng.randrange(90, 540)
        if level >= 3:
            cp_start = r_end + rng.randrange(5, 16)
            cp_end = cp_start + rng.randrange(120, 720)
            cat = (
                rng.choice(("NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL"))
                if "da" not in fam.flags
                else rng.choice(("EMO", "EMO", "NEG", "MUL"))
            )
            lac_kids: list[Person] = []
            lac_start = OPEN
            if level >= 4:
                lac_start = cp_start + rng.randrange(30, 400)
                lac_kids = [k for k in kids if age(k, lac_start) < 16 and k.alive_on(lac_start)]
                if not ("lac_siblings" in fam.flags and inv_no == 0) and len(lac_kids) > 1 and rng.random() < 0.4:
                    lac_kids = rng.sample(lac_kids, rng.randint(1, len(lac_kids)))
                if lac_start > SIM_END:
                    lac_kids = []
            for k in kids:
                if k in lac_kids:
                    fam.csc.append(
                        Episode(
                            k,
                            "CPP",
                            cp_start,
                            min(lac_start, cp_end) if lac_start < cp_end else cp_end,
                            cat,
                            "LAC" if lac_start < cp_end else "CPE",
                            sw,
                        )
                    )
                else:
                    fam.csc.append(Episode(k, "CPP", cp_start, cp_end, cat, "CPE", sw))
            cin_end = max(cin_end, cp_end + rng.randrange(0, 120))
            if lac_kids:
                lac_end = _looked_after(fam, rng, ctx, b, lac_kids, lac_start, sw, inv_no == 0)
                cin_end = max(cin_end, lac_end)
        for k in kids:
            end = min(cin_end, add_years(k.dob, 18), k.end())
            out = "ESC" if level >= 3 else rng.choice(("CLO", "CLO", "EH"))
            if end <= cin_start:
                continue
            fam.csc.append(Episode(k, "CIN", cin_start, end if end <= SIM_END else OPEN, need_code, out, sw))
        last_end = cin_end
        if cin_end > SIM_END:
            break


def _escalation(rng: random.Random, n: float, fam: Family, forced: bool) -> int:
    """0 contact only, 1 referral, 2 child in need, 3 child protection, 4 looked after."""
    if forced:
        return 4 if "lac_siblings" in fam.flags else 3
    if rng.random() > 0.35 + 0.45 * n:
        return 0
    if rng.random() > 0.45 + 0.4 * n:
        return 1
    if rng.random() > 0.1 + 0.5 * n**2 + (0.15 if "da" in fam.flags else 0):
        return 2
    if rng.random() > 0.12 + 0.35 * n**2:
        return 3
    return 4


def _looked_after(
    fam: Family, rng: random.Random, ctx: Context, b: Builder, kids: list[Person], start: int, sw, first: bool
) -> int:
    """Move ``kids`` into care from ``start``; return the last LAC end (or OPEN)."""
    legal = rng.choice(("C1", "C1", "C2", "V2", "V2", "L1"))
    apart = len(kids) > 1 and (("lac_siblings" in fam.flags and first) or rng.random() < 0.5)
    gran = [p for p in fam.people if p.role == "grandmother" and p.alive_on(start)]
    kin = not apart and rng.random() < 0.2
    homes: list = []
    if kin:
        if not gran:
            mum = next((p for p in fam.people if p.role == "mother"), kids[0])
            g = add_grandparent(b, mum, "F", names.GROUPS[mum.group])
            gu = b.unit(None, start - rng.randrange(400, 4000), "social" if rng.random() < 0.5 else "owner")
            b.join(gu, g, gu.segs[0].start)
            gran = [g]
        gunit = next((u for u in fam.units for m in u.members if m.person is gran[0]), None)
        homes = [("U4", gunit, None)]
    else:
        pool = ctx.foster_homes
        for k in kids:
            if homes and not apart:
                break
            if age(k, start) >= 12 and rng.random() < 0.4:
                addr = ctx.childrens_homes[rng.randrange(len(ctx.childrens_homes))]
                homes.append(("K2", None, addr))
            else:
                addr = pool[rng.randrange(len(pool))]
                homes.append(("U6" if rng.random() < 0.7 else "U3", None, addr))
    last_end = 0
    for i, k in enumerate(kids):
        ptype, punit, paddr = homes[i % len(homes)] if apart else homes[0]
        end = start + rng.randrange(120, 1200) if rng.random() < 0.8 else OPEN
        end = min(end, add_years(k.dob, 18), k.end())
        if end <= start:
            continue
        outcome = ""
        if end < OPEN:
            outcome = rng.choices(("E4A", "E41", "E47", "E8"), (60, 10, 15, 15))[0]
            if ptype == "U4":
                outcome = "E47"
            if end == add_years(k.dob, 18):
                outcome = "E8"
        # residence: leave primary and secondary homes, join the placement
        orig_end = OPEN
        for u in fam.units:
            for m in u.members:
                if m.person is k and m.start <= start < m.end:
                    if m.kind == "primary":
                        orig_end = m.end
                    m.end = start
        # a primary home that would start during the placement starts when it ends
        for u in fam.units:
            for m in u.members:
                if m.person is k and m.kind == "primary" and start < m.start < end:
                    m.start = end
            u.members[:] = [m for m in u.members if m.start < m.end]
        if punit is None:
            hh = ctx.foster_hh[paddr.key]
            punit = Unit(f"PL{hh}", [Segment(hh, paddr, 0, OPEN, "foster")], [])
            fam.units.append(punit)
        punit.members.append(Member(k, start, end, "placement"))
        if end < OPEN and end < orig_end:
            back = fam.main
            if outcome == "E41":
                fathers = [p for p in fam.parents_of(k) if p.sex == "M"]
                back = next(
                    (
                        u
                        for u in fam.units
                        if fathers
                        and u is not fam.main
                        and any(m.person is fathers[0] and m.start <= end < m.end for m in u.members)
                    ),
                    fam.main,
                )
            if outcome == "E47" and ptype != "U4":
                outcome = "E4A"
            if outcome != "E47":
                back.members.append(Member(k, end, orig_end, "primary"))
        paddr_final = punit.segs[0].addr
        fam.csc.append(
            Episode(
                k,
                "LAC",
                start,
                end if end <= SIM_END else OPEN,
                legal,
                outcome,
                sw,
                {"placement_type": ptype, "placement_addr": paddr_final},
            )
        )
        fam.flags.add("lac")
        last_end = max(last_end, end)
    if apart and len({id(h) for h in homes}) > 1:
        fam.flags.add("siblings_apart")
    return last_end
