"""Simulate one family's people, partnerships, households and moves.

Everything is drawn from the family's own ``random.Random`` and the fixed
simulation window, never from the as-of date. Service involvement (which can
move a child into care) is added afterwards by ``involvement.py``; then
``finalise`` derives each person's primary address history.
"""

from __future__ import annotations

import random

from . import names
from .config import ANCHOR, OPEN, SIM_END, SIM_START
from .context import Context
from .dates import add_years
from .model import Family, Member, Person, Rel, Segment, Unit

YEAR = 365.25

STRUCTURES = (
    ("couple", 0.50),
    ("lone_mother", 0.28),
    ("blended", 0.10),
    ("lone_father", 0.03),
    ("kinship", 0.04),
    ("multigen", 0.05),
)


def days(years: float) -> int:
    return int(years * YEAR)


def scenario_for(idx: int) -> str:
    """Showcase scenarios forced on a fixed share of families so every sample has them."""
    if idx % 30 == 5:
        return "complex"  # DA with a baby, CP plan, parental MH/SM, social housing
    if idx % 50 == 17:
        return "lac_siblings"  # several children looked after, placed apart
    if idx % 40 == 11:
        return "twins_junior"
    if idx % 45 == 9:
        return "shared_care"  # separation with the children staying at both homes
    if idx % 50 == 31:
        return "youth"  # teenager known to youth justice and police
    return ""


class Builder:
    """Helpers that create people and units for one family."""

    def __init__(self, fam: Family, rng: random.Random, ctx: Context):
        self.fam = fam
        self.rng = rng
        self.ctx = ctx

    # -------------------------------------------------------------- people
    def person(
        self,
        role: str,
        sex: str,
        dob: int,
        group: names.Group,
        surname: str,
        forename: str | None = None,
        ethnicity: str | None = None,
    ) -> Person:
        rng = self.rng
        avoid = {p.forename for p in self.fam.people if p.role == "child"} if role == "child" else None
        fn = forename or names.pick_forename(rng, group, sex, avoid)
        middle = ""
        if rng.random() < 0.55:
            middle = names.pick_forename(rng, group, sex, {fn})
            if rng.random() < 0.12:
                middle += " " + names.pick_forename(rng, group, sex, {fn, middle})
        p = Person(
            pid=self.ctx.ids.seq("P", 7),
            family=self.fam.idx,
            role=role,
            sex=sex,
            dob=dob,
            forename=fn,
            middle=middle,
            surnames=[(dob, names.gendered_surname(surname, sex))],
            group=group.name,
            ethnicity=ethnicity or group.ethnicity,
        )
        # A few adults who arrived from abroad recently have no NHS number yet.
        if not (role != "child" and group.name not in ("british", "irish") and rng.random() < 0.03):
            p.nhs = self.ctx.new_nhs()
        self.fam.people.append(p)
        return p

    def change_surname(self, p: Person, when: int, surname: str) -> None:
        surname = names.gendered_surname(surname, p.sex) if "-" not in surname else surname
        if when <= p.dob or surname == p.surname_at(when):
            return
        p.surnames.append((when, surname))
        p.surnames.sort(key=lambda x: x[0])

    def rel(self, a: Person, b: Person, kind: str, sub: str, start: int, end: int = OPEN) -> None:
        self.fam.rels.append(Rel(a, b, kind, sub, start, end))

    # --------------------------------------------------------------- units
    def unit(self, addr_town: str | None, start: int, tenure: str, kind: str = "house") -> Unit:
        u = Unit(self.ctx.ids.seq("U", 7))
        self.fam.units.append(u)
        self.move(u, start, tenure, addr_town, kind)
        return u

    def move(self, u: Unit, when: int, tenure: str, town: str | None = None, kind: str = "house") -> None:
        if u.segs:
            u.segs[-1].end = when
        addr = self.ctx.book.new(self.rng, town, kind)
        u.segs.append(Segment(self.ctx.ids.seq("HH", 7), addr, when, OPEN, tenure))

    def join(self, u: Unit, p: Person, start: int, end: int = OPEN, kind: str = "primary") -> None:
        start = max(start, p.dob)
        end = min(end, p.end())
        if start < end:
            u.members.append(Member(p, start, end, kind))

    def leave(self, u: Unit, p: Person, when: int, kinds: tuple[str, ...] = ("primary",)) -> None:
        """End ``p``'s memberships of ``u`` at ``when`` (later ones are dropped)."""
        for m in u.members:
            if m.person is p and m.kind in kinds and when < m.end:
                m.end = when
        u.members[:] = [m for m in u.members if m.start < m.end]

    def joined(self, u: Unit, p: Person) -> int:
        return min((m.start for m in u.members if m.person is p and m.kind == "primary"), default=OPEN)

    def lived_alone_until(self, p: Person, until: int, met: int) -> None:
        """Give an incoming adult partner (met on ``met``) their own address until they move in."""
        start = max(add_years(p.dob, 18), met - days(self.rng.uniform(0.2, 6.0)))
        if start < until:
            u = self.unit(
                None,
                start,
                "private" if self.rng.random() < 0.6 else "social",
                "flat" if self.rng.random() < 0.5 else "house",
            )
            self.join(u, p, start, until)


def _tenure(rng: random.Random, need: float) -> str:
    r = rng.random()
    if r < 0.10 + 0.38 * need:
        return "social"
    if r < 0.55 + 0.25 * need:
        return "private"
    return "owner"


def _death(rng: random.Random, p: Person, hazard: float, after: int = 0) -> None:
    """Maybe set a date of death inside the simulation window (and after ``after``)."""
    if hazard <= 0:
        return
    t = max(SIM_START, p.dob, after) + days(rng.expovariate(hazard))
    if t <= SIM_END:
        p.dod = t


def simulate_family(idx: int, ctx: Context) -> tuple[Family, random.Random]:
    rng = ctx.family_rng(idx)
    scenario = scenario_for(idx)
    group = names.pick_group(rng)
    need = rng.random() ** 1.6
    if scenario in ("complex", "lac_siblings"):
        need = 0.75 + 0.25 * need
    elif scenario == "youth":
        need = 0.45 + 0.5 * need
    fam = Family(idx, f"F{idx + 1:06d}", group.name, need)
    if scenario:
        fam.flags.add(scenario)
    b = Builder(fam, rng, ctx)

    structure = rng.choices([s for s, _ in STRUCTURES], [w for _, w in STRUCTURES])[0]
    if scenario in ("complex",):
        structure = "couple" if rng.random() < 0.6 else "blended"
    elif scenario in ("twins_junior", "shared_care"):
        structure = "couple"
    elif scenario == "lac_siblings" and structure in ("kinship", "lone_father"):
        structure = "lone_mother"

    # ----------------------------------------------------------- children
    k = rng.choices((1, 2, 3, 4, 5, 6), (30, 34, 20, 9, 5, 2))[0]
    if scenario == "lac_siblings":
        k = max(k, 3)
    if scenario == "youth":
        youngest_age = rng.uniform(0.0, 9.0)
    elif scenario == "complex":
        youngest_age = rng.uniform(-3.0, -0.5)  # a baby born during the window
    else:
        youngest_age = rng.uniform(-4.5, 14.0)
    if structure in ("lone_mother", "blended", "lone_father", "kinship") and scenario != "complex":
        youngest_age = max(youngest_age, (ANCHOR - SIM_START) / YEAR + 0.3)
    ages = [youngest_age]
    for _ in range(k - 1):
        ages.append(ages[-1] + rng.uniform(1.0, 5.0))
    ages = [a for a in ages if a <= 20.5] or [youngest_age]
    if scenario == "youth" and max(ages) < 13:
        ages.append(rng.uniform(13.0, 16.0))
        ages.sort()
    child_dobs = sorted(ANCHOR - days(a) + rng.randrange(-20, 20) for a in ages)
    twins_at = -1
    if scenario == "twins_junior" or rng.random() < 0.02:
        twins_at = rng.randrange(len(child_dobs))
        child_dobs.insert(twins_at, child_dobs[twins_at])

    eldest = child_dobs[0]
    first_birth_age = rng.uniform(16.5, 24.0) if need > 0.6 else rng.uniform(18.0, 34.0)
    mother_dob = eldest - days(first_birth_age) - rng.randrange(365)
    # nobody gives birth after 45: drop later children
    child_dobs = [d for d in child_dobs if d - mother_dob < days(45)]
    father_dob = mother_dob - days(rng.gauss(2.5, 3.5))
    father_dob = min(father_dob, eldest - days(17))

    mgroup = group
    fgroup = group if rng.random() < 0.88 else names.pick_group(rng)
    maiden = names.pick_surname(rng, mgroup)
    if mgroup.name in names.FEMALE_SURNAMES and rng.random() < 0.3:
        maiden = rng.choice(names.FEMALE_SURNAMES[mgroup.name])
    fsurname = names.pick_surname(rng, fgroup)
    while fsurname == maiden and len(fgroup.surnames) > 1:
        fsurname = names.pick_surname(rng, fgroup)

    mother = b.person("mother", "F", mother_dob, mgroup, maiden)
    father: Person | None = None
    if structure in ("couple", "multigen", "lone_father") or rng.random() < 0.75:
        father = b.person("father", "M", father_dob, fgroup, fsurname)
    partnership_start = eldest - days(rng.uniform(0.5, 5.0))
    partnership_start = max(partnership_start, add_years(mother_dob, 16), add_years(father_dob, 16))
    married = father is not None and structure in ("couple", "multigen") and rng.random() < 0.5
    if married:
        wedding = min(partnership_start + days(rng.uniform(0.2, 4.0)), SIM_START - 30)
        b.change_surname(mother, wedding, fsurname)

    # Children of the first partnership: a mother in a blended family had older
    # children with ``father`` and (possibly) younger ones with the step-father.
    first_sep: int | None = None
    if structure in ("lone_mother", "blended", "lone_father", "kinship"):
        last_birth = max(child_dobs)
        lo, hi = last_birth + 60, SIM_START - 45
        first_sep = rng.randint(lo, hi) if lo < hi else last_birth + 60
    stepfather: Person | None = None
    step_start = OPEN
    n_first = len(child_dobs)
    if structure == "blended":
        sgroup = group if rng.random() < 0.85 else names.pick_group(rng)
        step_start = first_sep + days(rng.uniform(0.3, 2.5))
        s_dob = min(mother_dob - days(rng.gauss(2.0, 4.0)), step_start - days(rng.uniform(18.5, 24.0)))
        stepfather = b.person("stepfather", "M", s_dob, sgroup, names.pick_surname(rng, sgroup))
        # 0-2 joint children after the step-father arrived
        joint = rng.choices((0, 1, 2), (35, 45, 20))[0]
        for j in range(joint):
            d = step_start + days(rng.uniform(0.8, 2.5) + j * rng.uniform(1.2, 3.0))
            if d - mother_dob < days(44) and d <= SIM_END:
                child_dobs.append(d)

    double_barrel = father is not None and not married and mgroup.name == "british" and rng.random() < 0.12
    children: list[Person] = []
    for i, dob in enumerate(child_dobs):
        sex = "M" if rng.random() < 0.51 else "F"
        if i == twins_at + 1 and twins_at >= 0 and rng.random() < 0.4:
            sex = children[twins_at].sex  # same-sex twins, different forenames
        is_joint = stepfather is not None and i >= n_first
        dad = stepfather if is_joint else father
        if dad is None:
            surname = mother.surname_at(dob)
        elif is_joint:
            surname = dad.birth_surname if rng.random() < 0.7 else mother.surname_at(dob)
        elif married or rng.random() < 0.6:
            surname = fsurname
        elif double_barrel:
            surname = f"{maiden}-{fsurname}"
        else:
            surname = maiden
        cgroup = mgroup
        eth = mgroup.ethnicity
        if dad is not None and names.GROUPS[dad.group].name != mgroup.name:
            eth = names.MIXED_CODES.get(dad.group, names.MIXED_CODES.get(mgroup.name, "MWAS"))
        c = b.person("child", sex, dob, cgroup, surname, ethnicity=eth)
        children.append(c)
        b.rel(mother, c, "parent", "birth", dob)
        if dad is not None:
            b.rel(dad, c, "parent", "birth", dob)
    # Junior: eldest son named after his father (same full name, different DOB).
    if father is not None and (scenario == "twins_junior" or rng.random() < 0.035):
        sons = [c for c in children[:n_first] if c.sex == "M" and c.surname_at(c.dob) == father.birth_surname]
        if sons:
            sons[0].forename = father.forename
            if rng.random() < 0.5:
                sons[0].middle = father.middle
    for i, c1 in enumerate(children):
        for c2 in children[i + 1 :]:
            full = {p.pid for p in fam.parents_of(c1)} == {p.pid for p in fam.parents_of(c2)}
            b.rel(c1, c2, "sibling", "full" if full else "half", max(c1.dob, c2.dob))

    # Partnerships.
    if father is not None:
        b.rel(mother, father, "partner", "", partnership_start, first_sep if first_sep else OPEN)
    if stepfather is not None:
        b.rel(mother, stepfather, "partner", "", step_start)

    # ------------------------------------------------------------ deaths
    for p in fam.people:
        if p.role in ("father", "stepfather") and structure != "lone_father":
            _death(rng, p, 0.0015 + (0.008 if need > 0.8 else 0.0), step_start if p is stepfather else 0)
        elif p.role == "child" and rng.random() < 0.002:
            p.dod = p.dob + rng.randrange(30, 700)
            if p.dod > SIM_END or p.dob < SIM_START:
                p.dod = None

    # --------------------------------------------------------- main unit
    town = rng.choice(("Westmoor", "Westmoor", "Westmoor", "Kelbrook", "Ashbridge", "Hollinsworth", "Thornleigh"))
    tenure = _tenure(rng, need)
    earliest = max(add_years(mother_dob, 17), partnership_start if father else eldest - 365)
    m0 = rng.randint(earliest, SIM_START - 400) if earliest < SIM_START - 400 else earliest
    if structure == "kinship":
        gm = add_grandparent(b, mother, "F", group)
        gf = add_grandparent(b, mother, "M", group) if rng.random() < 0.5 else None
        main = b.unit(town, min(m0, add_years(gm.dob, 30)), tenure)
        b.join(main, gm, main.segs[0].start)
        if gf:
            b.join(main, gf, main.segs[0].start)
        # mother lived with the children until kinship care began
        mum_unit = b.unit(town, m0, "social" if need > 0.4 else "private", "flat")
        b.join(mum_unit, mother, m0)
        kin_start = (
            rng.randint(max(child_dobs) + 90, SIM_START - 30)
            if max(child_dobs) + 90 < SIM_START - 30
            else SIM_START - 30
        )
        for c in children:
            b.join(mum_unit, c, m0, kin_start)
            b.join(main, c, kin_start)
        if father is not None:
            fu = b.unit(None, min(first_sep, SIM_START - 60), "private")
            b.join(fu, father, fu.segs[0].start)
        fam.flags.add("kinship")
        host = gm
    else:
        main = b.unit(town, m0, tenure)
        host = father if structure == "lone_father" else mother
        b.join(main, host, m0)
        for c in children:
            b.join(main, c, m0)
        if structure == "lone_father":
            b.leave(main, mother, OPEN)
            mu = b.unit(None, min(first_sep, SIM_START - 60), "private")
            b.join(mu, mother, mu.segs[0].start)
        elif father is not None:
            b.join(main, father, max(m0, partnership_start), first_sep or OPEN)
            if first_sep:
                fu = b.unit(None, first_sep, "social" if rng.random() < need else "private")
                b.join(fu, father, first_sep)
        if stepfather is not None:
            moved_in = step_start + rng.randrange(0, 200)
            b.join(main, stepfather, moved_in)
            b.lived_alone_until(stepfather, moved_in, step_start)
            for c in children[:n_first]:
                b.rel(stepfather, c, "parent", "step", step_start)
        if structure == "multigen":
            gm = add_grandparent(b, mother, "F", group)
            b.join(main, gm, m0)
    fam.main = main
    for p in fam.people:
        if p.role.startswith("grand") and p is not host:
            _death(rng, p, 0.03)

    # ---------------------------------------------------- during the window
    _moves(b, main, need)
    partner = stepfather or (father if structure in ("couple", "multigen") else None)
    if structure != "kinship":
        _partner_dynamics(b, main, mother if structure != "lone_father" else father, partner, children, scenario)
    _young_adults(b, main, children)
    _remove_unborn_after_separation(fam)
    return fam, rng


def add_grandparent(b: Builder, parent: Person, sex: str, group: names.Group) -> Person:
    dob = parent.dob - days(b.rng.uniform(18.0, 32.0))
    surname = parent.birth_surname if sex == "M" or b.rng.random() < 0.8 else names.pick_surname(b.rng, group)
    gp = b.person("grandmother" if sex == "F" else "grandfather", sex, dob, group, surname)
    b.rel(gp, parent, "parent", "birth", parent.dob)
    for r in list(b.fam.rels):
        if r.kind == "parent" and r.a is parent and r.sub == "birth":
            b.rel(gp, r.b, "grandparent", "", r.b.dob)
    return gp


def _moves(b: Builder, unit: Unit, need: float) -> None:
    rng = b.rng
    rate = 0.07 + 0.16 * need
    t = max(SIM_START, unit.segs[-1].start + 30)
    while True:
        t += days(rng.expovariate(rate))
        if t > SIM_END:
            break
        cur = unit.segs[-1]
        same_town = rng.random() < 0.75
        town = (
            cur.addr.town
            if same_town and cur.addr.town in ("Westmoor", "Kelbrook", "Ashbridge", "Hollinsworth", "Thornleigh")
            else None
        )
        if need > 0.55 and rng.random() < 0.25:
            b.move(unit, t, "temporary", town, "temporary")
            t += rng.randrange(60, 280)
            if t > SIM_END:
                break
        tenure = cur.tenure if cur.tenure != "temporary" and rng.random() < 0.7 else _tenure(rng, need)
        b.move(unit, t, tenure, town, "flat" if rng.random() < 0.15 else "house")


def _partner_dynamics(
    b: Builder, main: Unit, host: Person, partner: Person | None, children: list[Person], scenario: str
) -> None:
    """Separations and new partners of the host (usually the mother) during the window."""
    rng, fam = b.rng, b.fam
    t = SIM_START
    for _ in range(3):
        if partner is not None:
            if b.joined(main, partner) == OPEN:
                break  # never moved in
            t = max(t, b.joined(main, partner) + 30)
            hazard = 0.025 + 0.05 * fam.need + (0.2 if scenario == "shared_care" else 0.0)
            sep = t + days(rng.expovariate(hazard))
            if partner.dod is not None and partner.dod < sep:
                sep = OPEN  # widowed; no further dynamics
                break
            if sep > SIM_END:
                break
            _separate(b, main, host, partner, children, sep, scenario)
            partner, t = None, sep
        else:
            if host.role not in ("mother", "father") or host.dod is not None:
                break
            t = max(t, add_years(host.dob, 18))
            t_new = t + days(0.3 + rng.expovariate(0.25))
            if t_new > SIM_END or (host.sex == "F" and t_new - host.dob > days(50)):
                break
            partner = _new_partner(b, main, host, children, t_new)
            t = t_new


def _separate(
    b: Builder, main: Unit, host: Person, partner: Person, children: list[Person], when: int, scenario: str
) -> None:
    rng, fam = b.rng, b.fam
    for r in fam.rels:
        if r.kind == "partner" and {r.a.pid, r.b.pid} == {host.pid, partner.pid} and r.end == OPEN:
            r.end = when
        if r.kind == "parent" and r.sub == "step" and r.a is partner and r.end == OPEN:
            r.end = when
    b.leave(main, partner, when)
    town = main.seg_at(when).addr.town if main.seg_at(when) else None
    pu = b.unit(
        town if rng.random() < 0.6 else None,
        when,
        "social" if rng.random() < fam.need * 0.7 else "private",
        "flat" if rng.random() < 0.4 else "house",
    )
    b.join(pu, partner, when)
    own = [c for c in children if partner in fam.parents_of(c)]
    if own and (scenario == "shared_care" or rng.random() < 0.45):
        start = when + rng.randrange(14, 120)
        for c in own:
            b.join(pu, c, start, add_years(c.dob, 18), "secondary")
        fam.flags.add("shared_care_actual")
    if rng.random() < 0.3:
        t = when + days(rng.uniform(0.5, 4.0))
        if t < SIM_END:
            b.move(pu, t, pu.segs[-1].tenure, None)
    if partner.role in ("father", "stepfather", "partner") and rng.random() < 0.4:
        t_new = when + days(rng.uniform(0.3, 3.0))
        if t_new <= SIM_END and partner.dod is None:
            _new_partner(b, pu, partner, list(own), t_new)


def _new_partner(b: Builder, unit: Unit, host: Person, children: list[Person], when: int) -> Person:
    rng = b.rng
    group = names.GROUPS[host.group] if rng.random() < 0.8 else names.pick_group(rng)
    sex = "M" if host.sex == "F" else "F"
    dob = host.dob - days(rng.gauss(2.0 if sex == "M" else -2.0, 4.0))
    dob = min(dob, when - days(rng.uniform(18.5, 24.0)))
    role = "stepfather" if sex == "M" and children else "partner"
    p = b.person(role, sex, dob, group, names.pick_surname(rng, group))
    _death(rng, p, 0.0015, when + 400)
    b.rel(host, p, "partner", "", when)
    moves_in = when + rng.randrange(30, 400)
    if moves_in <= SIM_END:
        b.join(unit, p, moves_in)
    b.lived_alone_until(p, moves_in if moves_in <= SIM_END else OPEN, when)
    for c in children:
        if c.alive_on(when) and when - c.dob < days(18):
            b.rel(p, c, "parent", "step", when)
            if host.sex == "F" and when - c.dob < days(12) and rng.random() < 0.15:
                b.change_surname(c, when + days(rng.uniform(0.5, 3.0)), p.birth_surname)
    if host.sex == "F" and sex == "M" and rng.random() < 0.2:
        b.change_surname(host, when + days(rng.uniform(0.5, 3.0)), p.birth_surname)
    # maybe a baby with the new partner
    if host.sex == "F" and rng.random() < 0.3:
        dob_baby = when + days(rng.uniform(0.8, 2.5))
        if dob_baby <= SIM_END and dob_baby - host.dob < days(43):
            sex_b = "M" if rng.random() < 0.51 else "F"
            baby = b.person(
                "child", sex_b, dob_baby, group, p.birth_surname if rng.random() < 0.7 else host.surname_at(dob_baby)
            )
            b.rel(host, baby, "parent", "birth", dob_baby)
            b.rel(p, baby, "parent", "birth", dob_baby)
            for c in children:
                b.rel(c, baby, "sibling", "half", dob_baby)
            b.join(unit, baby, dob_baby)
            children.append(baby)
    return p


def _young_adults(b: Builder, main: Unit, children: list[Person]) -> None:
    rng = b.rng
    for c in children:
        if rng.random() < 0.5:
            leave = c.dob + days(rng.uniform(17.5, 23.0))
            start = main.segs[0].start
            if start + 30 < leave <= SIM_END and c.dod is None:
                b.leave(main, c, leave)
                u = b.unit(
                    None,
                    leave,
                    "social" if rng.random() < 0.4 else "private",
                    "flat" if rng.random() < 0.6 else "house",
                )
                b.join(u, c, leave)
                for other in b.fam.units:
                    if other is not main and other is not u:
                        b.leave(other, c, leave, ("secondary",))


def _remove_unborn_after_separation(fam: Family) -> None:
    """Children drawn at the start whose birth would fall well after their father left are dropped."""
    drop = set()
    for c in fam.people:
        if c.role != "child":
            continue
        for r in fam.rels:
            if r.kind == "partner" and r.end != OPEN:
                pair = {r.a.pid, r.b.pid}
                parents = {p.pid for p in fam.parents_of(c)}
                if len(parents) == 2 and parents == pair and c.dob > r.end + 270:
                    drop.add(c.pid)
    if not drop:
        return
    fam.people[:] = [p for p in fam.people if p.pid not in drop]
    fam.rels[:] = [r for r in fam.rels if r.a.pid not in drop and r.b.pid not in drop]
    for u in fam.units:
        u.members[:] = [m for m in u.members if m.person.pid not in drop]
