"""Substance misuse: one flat referrals file with client details repeated per row."""

from __future__ import annotations

import random

from ..context import Context
from ..identity import PROFILES, make_ident
from ..model import Family
from .base import FMT, end_text

SRC = "substance_misuse"
_GENDER = {"M": "M", "F": "F", "U": "U"}


def build(fam: Family, rng: random.Random, ctx: Context) -> list | None:
    if not fam.sm:
        return None
    ids = ctx.ids
    out = []
    clients: dict = {}
    dup_p = min(0.5, PROFILES[SRC].dup * ctx.mess.dup_scale)
    for e in sorted(fam.sm, key=lambda e: e.start):
        p = e.person
        base = clients.get(p)
        if base is None or rng.random() < dup_p:
            base = make_ident(ctx, rng, SRC, p, e.start, f"SMC{ids.next('SMC', 5)[3:]}")
            clients[p] = base
        # details re-keyed at each referral: usually identical, sometimes drifting
        ident = base
        if rng.random() < 0.15:
            ident = make_ident(ctx, rng, SRC, p, e.start, base.rid)
        addr = p.address_at(e.start)
        out.append((ids.next("SMR", 6), ident, e, addr))
    return out


def render(built: list, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for rid, ident, e, addr in built:
        if e.start > as_of:
            continue
        w = e.worker
        closed = e.end <= as_of
        sink.add(
            "substance_misuse/referrals.csv",
            [
                rid,
                ident.rid,
                ident.surnames[0][1],
                ident.forename,
                fmt(ident.dob_at(as_of)),
                _GENDER[ident.sex],
                addr.postcode if addr else "",
                ident.nhs,
                fmt(e.start),
                end_text(fmt, e.end, as_of),
                e.outcome if closed else "",
                e.reason,
                e.extra["kids"],
                w.name,
                w.team,
                w.phone,
                w.email,
            ],
            ident.person,
        )
