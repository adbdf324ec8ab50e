"""Youth justice: young people and their interventions / orders."""

from __future__ import annotations

import random

from .. import names
from ..config import SIM_END
from ..context import Context
from ..identity import make_ident, maybe_duplicate
from ..model import Family
from .base import FMT, end_text, one_line

SRC = "youth_justice"


def build(fam: Family, rng: random.Random, ctx: Context) -> tuple | None:
    if not fam.yj:
        return None
    ids = ctx.ids
    first: dict = {}
    for e in fam.yj:
        first[e.person] = min(first.get(e.person, e.start), e.start)
    reg, dups, idents = {}, {}, []
    for p, t in sorted(first.items(), key=lambda kv: kv[1]):
        ident = make_ident(ctx, rng, SRC, p, t, f"YJ{ids.next('YJ', 5)[2:]}")
        reg[p] = ident
        idents.append(ident)
        dup = maybe_duplicate(ctx, rng, SRC, ident, lambda: f"YJ{ids.next('YJ', 5)[2:]}", SIM_END)
        if dup is not None:
            dups[p] = dup
            idents.append(dup)
    for ident in idents:
        p = ident.person
        r = rng.random()
        alias = ""
        if r < 0.2:
            alias = names.variant_forename(rng, p.forename)
        elif r < 0.3:
            own = p.surname_at(ident.since)
            other = [
                q.birth_surname
                for q in fam.people
                if q.role in ("mother", "father", "stepfather") and q.birth_surname != own
            ]
            alias = f"{p.forename} {rng.choice(other)}" if other else ""
        ident.extra["alias"] = alias if alias != ident.forename else ""
    eps = []
    for e in fam.yj:
        ident = reg[e.person]
        dup = dups.get(e.person)
        if dup is not None and e.start >= dup.since and rng.random() < 0.6:
            ident = dup
        eps.append((ids.next("YJI", 6), ident, e))
    return idents, eps


def render(built: tuple, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    idents, eps = built
    for ident in idents:
        if ident.since > as_of:
            continue
        p = ident.person
        addr = ident.address_at(as_of)
        sink.add(
            "youth_justice/young_people.csv",
            [
                ident.rid,
                ident.forename,
                ident.surname_at(as_of),
                ident.extra["alias"],
                fmt(ident.dob_at(as_of)),
                ident.sex if ident.sex != "U" else p.sex,
                ident.upn_at(as_of),
                one_line(addr),
                addr.postcode if addr else "",
                p.ethnicity,
            ],
            p,
        )
    for rid, ident, e in eps:
        if e.start > as_of or ident.since > as_of:
            continue
        sink.add(
            "youth_justice/interventions.csv",
            [
                rid,
                ident.rid,
                e.kind,
                fmt(e.start),
                end_text(fmt, e.end, as_of),
                e.worker.source_id,
            ],
        )
