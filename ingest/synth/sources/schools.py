"""Schools: pupils (census style), enrolments and the schools list."""

from __future__ import annotations

import random

from .. import names
from ..config import LA_CODE
from ..context import Context
from ..dates import year_of
from ..identity import PROFILES, make_ident
from ..model import Family
from .base import FMT, end_text

SRC = "schools"


def build(fam: Family, rng: random.Random, ctx: Context) -> list | None:
    if not fam.school:
        return None
    ids = ctx.ids
    by_child: dict = {}
    for e in sorted(fam.school, key=lambda e: e.start):
        by_child.setdefault(e.person, []).append(e)
    step_surname = {}
    for r in fam.rels:
        if r.kind == "parent" and r.sub == "step":
            step_surname[r.b] = r.a.birth_surname
    out = []
    for c, enrols in by_child.items():
        since = enrols[0].start
        ident = make_ident(ctx, rng, SRC, c, since, ids.next("PR", 7))
        x = ident.extra
        x["pref_fore"] = names.variant_forename(rng, c.forename) if rng.random() < 0.12 else ""
        x["pref_sur"] = ""
        if "-" in c.birth_surname and rng.random() < 0.3:
            x["pref_sur"] = c.birth_surname.split("-")[rng.randrange(2)]
        elif c in step_surname and rng.random() < 0.3:
            x["pref_sur"] = step_surname[c]
        x["former_known"] = rng.random() < 0.7
        x["uprn"] = rng.random() < 0.8
        x["fsm"] = "Y" if rng.random() < 0.15 + 0.6 * fam.need else "N"
        x["former_upn"] = ""
        records = [(ident, enrols)]
        if len(enrols) > 1 and rng.random() < min(0.5, PROFILES[SRC].dup * ctx.mess.dup_scale):
            # first registered with a temporary UPN, re-registered later with the permanent one
            temp = ctx.new_upn(enrols[0].worker, year_of(since), temporary=True)
            first = make_ident(ctx, rng, SRC, c, since, ids.next("PR", 7))
            first.extra.update(x)
            first.extra["temp_upn"] = temp
            dup_since = enrols[1].start
            second = make_ident(ctx, rng, SRC, c, dup_since, ids.next("PR", 7))
            second.extra.update(x)
            second.extra["former_upn"] = temp if rng.random() < 0.6 else ""
            records = [(first, enrols[:1]), (second, enrols[1:])]
        for ident_, es in records:
            out.append((ident_, [(ids.next("EN", 8), e) for e in es]))
    return out


def render(built: list, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for ident, enrols in built:
        p = ident.person
        if ident.since > as_of or p.dob > as_of:
            continue
        x = ident.extra
        last_leave = max(e.end for _, e in enrols)
        addr = ident.address_at(min(as_of, last_leave))
        legal = ident.surname_at(as_of)
        former = ""
        if x["former_known"] and p.birth_surname != p.surname_at(as_of) and legal != p.birth_surname:
            former = p.birth_surname
        upn = x.get("temp_upn") or ident.upn_at(as_of)
        sink.add(
            "schools/pupils.csv",
            [
                ident.rid,
                upn,
                x["former_upn"],
                legal,
                x["pref_sur"] if x["pref_sur"] != legal else "",
                former,
                ident.forename,
                x["pref_fore"],
                ident.middle,
                fmt(ident.dob_at(as_of)),
                ident.sex if ident.sex != "U" else p.sex,
                p.ethnicity,
                addr.line1 if addr else "",
                addr.line2 if addr else "",
                addr.town if addr else "",
                addr.postcode if addr else "",
                addr.uprn if addr and x["uprn"] else "",
                x["fsm"],
            ],
            p,
        )
        for rid, e in enrols:
            if e.start > as_of:
                continue
            sink.add(
                "schools/enrolments.csv",
                [
                    rid,
                    ident.rid,
                    e.worker.urn,
                    fmt(e.start),
                    end_text(fmt, e.end, as_of),
                    e.reason,
                ],
            )


def render_schools(ctx: Context, sink) -> None:
    for s in ctx.staff.schools:
        sink.add(
            "schools/schools.csv",
            [
                s.urn,
                f"{LA_CODE}/{s.estab}",
                s.name,
                s.phase,
                s.line1,
                s.town,
                s.postcode,
                s.phone,
                s.dsl.name,
                s.dsl.role,
                s.dsl.phone,
                s.dsl.email,
            ],
        )
