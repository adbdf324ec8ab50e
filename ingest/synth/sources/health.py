"""Health visiting / school nursing: patients, caseload episodes, staff."""

from __future__ import annotations

import random

from ..config import SIM_END
from ..context import Context
from ..identity import make_ident, maybe_duplicate
from ..model import Family
from .base import FMT, end_text

SRC = "health"
_GENDER = {"M": "1", "F": "2", "U": "X"}


def build(fam: Family, rng: random.Random, ctx: Context) -> tuple | None:
    if not fam.health:
        return None
    ids = ctx.ids
    first: dict = {}
    for e in fam.health:
        if e.person not in first or e.start < first[e.person]:
            first[e.person] = e.start
    # main carers: the birth mother of each child on a caseload
    carers: dict = {}
    for p, t in list(first.items()):
        if p.role != "child":
            continue
        mum = next(
            (r.a for r in fam.rels if r.kind == "parent" and r.b is p and r.sub == "birth" and r.a.sex == "F"), None
        )
        if mum is not None:
            carers[p] = mum
            first[mum] = min(first.get(mum, t), t)
    reg: dict = {}
    idents = []
    for p, t in sorted(first.items(), key=lambda kv: kv[1]):
        ident = make_ident(ctx, rng, SRC, p, max(t, p.dob), ids.next("RW", 7), mother=carers.get(p))
        _extras(ident, rng)
        reg[p] = ident
        idents.append(ident)
    dups = {}
    for ident in list(idents):
        dup = maybe_duplicate(ctx, rng, SRC, ident, lambda: ids.next("RW", 7), SIM_END)
        if dup is not None:
            _extras(dup, rng)
            idents.append(dup)
            dups[ident.person] = dup
    for ident in idents:
        mum = carers.get(ident.person)
        ident.extra["carer"] = reg[mum] if mum is not None and rng.random() < 0.9 else None
        ident.extra["type"] = "C" if ident.person.role == "child" else "A"
    eps = []
    for e in fam.health:
        ident = reg[e.person]
        dup = dups.get(e.person)
        if dup is not None and e.start >= dup.since and rng.random() < 0.6:
            ident = dup
        eps.append((ids.next("CL", 8), ident, e))
    return idents, eps


def _extras(ident, rng: random.Random) -> None:
    if ident.nhs:
        ident.extra["status"] = "01" if rng.random() < 0.92 else "02"
    else:
        ident.extra["status"] = "03" if rng.random() < 0.6 else "04"


def render(built: tuple, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    idents, eps = built
    for ident in idents:
        p = ident.person
        if ident.since > as_of or p.dob > as_of:
            continue
        addr = ident.address_at(as_of)
        carer = ident.extra["carer"]
        carer_id = carer.rid if carer is not None and carer.since <= as_of else ""
        sink.add(
            "health/patients.csv",
            [
                ident.rid,
                ident.nhs,
                ident.extra["status"],
                ident.surname_at(as_of),
                ident.forename,
                ident.middle,
                fmt(ident.dob_at(as_of)),
                _GENDER[ident.sex],
                addr.line1 if addr else "",
                addr.line2 if addr else "",
                addr.town if addr else "",
                addr.postcode if addr else "",
                ident.extra["type"],
                carer_id,
                fmt(p.dod) if p.dod is not None and p.dod <= as_of else "",
            ],
            p,
        )
    for rid, ident, e in eps:
        if e.start > as_of or ident.since > as_of:
            continue
        sink.add(
            "health/caseload.csv",
            [
                rid,
                ident.rid,
                e.kind,
                fmt(e.start),
                end_text(fmt, e.end, as_of),
                e.reason,
                e.worker.source_id,
            ],
        )
