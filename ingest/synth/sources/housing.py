"""Housing: tenancies, household members per tenancy, housing officers."""

from __future__ import annotations

import random

from ..context import Context
from ..identity import make_ident
from ..model import Family
from .base import FMT, end_text, title_for

SRC = "housing"


def build(fam: Family, rng: random.Random, ctx: Context) -> list | None:
    if not fam.tenancies:
        return None
    ids = ctx.ids
    out = []
    for t in sorted(fam.tenancies, key=lambda t: t["start"]):
        members = []
        for p, rel, joined, left in t["members"]:
            ident = make_ident(ctx, rng, SRC, p, joined, ids.next("HM", 7), allow_missing_dob=True)
            adult = joined - p.dob >= 18 * 365
            ident.extra["title"] = title_for(rng, p) if adult and rng.random() < 0.9 else ""
            members.append((ident, rel, joined, left))
        out.append((ids.next("TEN", 6), t, members))
    return out


def render(built: list, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for ref, t, members in built:
        if t["start"] > as_of:
            continue
        a = t["addr"]
        sink.add(
            "housing/tenancies.csv",
            [
                ref,
                a.uprn,
                a.line1,
                a.line2,
                a.town,
                a.postcode,
                t["type"],
                fmt(t["start"]),
                end_text(fmt, t["end"], as_of),
                ";".join(t["flags"]),
                t["officer"].source_id,
            ],
        )
        for ident, rel, joined, left in members:
            if joined > as_of or ident.person.dob > as_of:
                continue
            sink.add(
                "housing/members.csv",
                [
                    ident.rid,
                    ref,
                    ident.extra["title"],
                    ident.forename,
                    ident.surname_at(as_of),
                    fmt(ident.dob_at(as_of)),
                    rel,
                    fmt(joined),
                    end_text(fmt, left, as_of),
                ],
                ident.person,
            )
