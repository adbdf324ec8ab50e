"""Adult mental health: clients (18+), episodes of care, care coordinators."""

from __future__ import annotations

import random

from ..config import SIM_END
from ..context import Context
from ..identity import make_ident, maybe_duplicate
from ..model import Family
from .base import FMT, end_text, nhs_dashed, one_line, title_for

SRC = "adult_mental_health"
_SEX = {"M": "Male", "F": "Female", "U": "Not known"}


def build(fam: Family, rng: random.Random, ctx: Context) -> tuple | None:
    if not fam.amh:
        return None
    ids = ctx.ids
    first: dict = {}
    for e in fam.amh:
        first[e.person] = min(first.get(e.person, e.start), e.start)
    reg, dups, idents = {}, {}, []
    for p, t in sorted(first.items(), key=lambda kv: kv[1]):
        ident = make_ident(ctx, rng, SRC, p, t, ids.next("AMH", 6))
        reg[p] = ident
        idents.append(ident)
        dup = maybe_duplicate(ctx, rng, SRC, ident, lambda: ids.next("AMH", 6), min(SIM_END, p.end()))
        if dup is not None:
            dups[p] = dup
            idents.append(dup)
    for ident in idents:
        p = ident.person
        ident.extra["title"] = title_for(rng, p) if rng.random() < 0.85 else ""
        kids = [r.b for r in fam.rels if r.kind == "parent" and r.a is p]
        has = any(0 <= ident.since - k.dob < 18 * 365 for k in kids)
        ident.extra["kids"] = "U" if rng.random() < 0.1 else ("Y" if has else "N")
    eps = []
    for e in fam.amh:
        ident = reg[e.person]
        dup = dups.get(e.person)
        if dup is not None and e.start >= dup.since and rng.random() < 0.6:
            ident = dup
        eps.append((ids.next("MHE", 7), ident, e))
    return idents, eps


def render(built: tuple, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    idents, eps = built
    for ident in idents:
        if ident.since > as_of:
            continue
        addr = ident.address_at(as_of)
        sink.add(
            "adult_mental_health/clients.csv",
            [
                ident.rid,
                nhs_dashed(ident.nhs),
                ident.extra["title"],
                ident.forename,
                ident.surname_at(as_of),
                fmt(ident.dob_at(as_of)),
                _SEX[ident.sex],
                one_line(addr),
                addr.postcode if addr else "",
                ident.extra["kids"],
            ],
            ident.person,
        )
    for rid, ident, e in eps:
        if e.start > as_of or ident.since > as_of:
            continue
        sink.add(
            "adult_mental_health/episodes.csv",
            [
                rid,
                ident.rid,
                fmt(e.start),
                end_text(fmt, e.end, as_of),
                e.kind,
                e.worker.source_id,
            ],
        )
