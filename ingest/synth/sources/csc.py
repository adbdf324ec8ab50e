"""Children's social care: persons, relationships, addresses, episodes."""

from __future__ import annotations

import random

from .. import names
from ..config import OPEN, SIM_END
from ..context import Context
from ..identity import Ident, make_ident, maybe_duplicate
from ..involvement import primary_spells
from ..model import Family
from .base import FMT, end_text, nhs_spaced

SRC = "csc"
_GENDER = {"M": "1", "F": "2", "U": "0"}


class CscBuild:
    def __init__(self) -> None:
        self.idents: list[Ident] = []
        self.rels: list[tuple] = []
        self.addrs: list[tuple] = []
        self.eps: list[tuple] = []


def build(fam: Family, rng: random.Random, ctx: Context) -> CscBuild | None:
    if not fam.csc:
        return None
    ids = ctx.ids
    out = CscBuild()
    first: dict = {}
    for e in fam.csc:
        if e.person not in first or e.start < first[e.person]:
            first[e.person] = e.start
    end_inv = max(e.end for e in fam.csc)
    reg: dict = {}

    def register(p, since: int, ptype: str) -> None:
        if p in reg or p.dob > SIM_END:
            return
        mother = next(
            (r.a for r in fam.rels if r.kind == "parent" and r.b is p and r.a.sex == "F" and r.sub == "birth"), None
        )
        ident = make_ident(ctx, rng, SRC, p, since, ids.next("CSC", 7), mother=mother)
        ident.extra["type"] = ptype
        _extras(ident, rng, ctx)
        reg[p] = ident
        out.idents.append(ident)

    for kid, t in sorted(first.items(), key=lambda kv: kv[1]):
        register(kid, t, "CLI")
    for kid, t in sorted(first.items(), key=lambda kv: kv[1]):
        for r in fam.rels:
            if r.b is not kid:
                continue
            if r.kind == "parent" and (r.sub == "birth" or (r.start < end_inv and r.end > t)):
                register(r.a, max(t, r.start) + rng.randrange(0, 30), "REL")
            elif r.kind == "grandparent" and ("kinship" in fam.flags or rng.random() < 0.25):
                register(r.a, t + rng.randrange(0, 200), "REL")
    # duplicates: the same person registered again later under a new PERSON_ID
    dups: dict = {}
    for ident in list(out.idents):
        dup = maybe_duplicate(ctx, rng, SRC, ident, lambda: ids.next("CSC", 7), SIM_END)
        if dup is not None:
            dup.extra["type"] = ident.extra["type"]
            _extras(dup, rng, ctx)
            out.idents.append(dup)
            dups[ident.person] = dup

    # relationships, both directions
    for r in fam.rels:
        a, b = reg.get(r.a), reg.get(r.b)
        if a is None or b is None:
            continue
        vis = max(a.since, b.since)
        if r.kind == "parent" and r.sub == "birth":
            pair = ("MOT" if r.a.sex == "F" else "FAT", "CHD", None, None)
        elif r.kind == "parent":
            pair = ("SMO" if r.a.sex == "F" else "SFA", "SCH", r.start, r.end)
        elif r.kind == "partner":
            pair = ("PTN", "PTN", r.start, r.end)
        elif r.kind == "sibling":
            code = "SIB" if r.sub == "full" else "HSB"
            pair = (code, code, None, None)
        elif r.kind == "grandparent":
            pair = ("GMO" if r.a.sex == "F" else "GFA", "GCH", None, None)
        else:
            continue
        up, down, start, end = pair
        if start is not None:
            vis = max(vis, start)
        out.rels.append((ids.next("R", 8), b, a, up, start, end, vis))
        out.rels.append((ids.next("R", 8), a, b, down, start, end, vis))
    for p, dup in dups.items():
        mum = next(
            (
                reg[r.a]
                for r in fam.rels
                if r.kind == "parent" and r.b is p and r.sub == "birth" and r.a.sex == "F" and r.a in reg
            ),
            None,
        )
        if mum is not None and rng.random() < 0.5:
            vis = max(dup.since, mum.since)
            out.rels.append((ids.next("R", 8), dup, mum, "MOT", None, None, vis))
            out.rels.append((ids.next("R", 8), mum, dup, "CHD", None, None, vis))

    # addresses from when known
    for ident in out.idents:
        spells = primary_spells(fam, ident.person)
        for a, b, seg in spells:
            if b <= ident.since:
                continue
            if ident.dup_of is not None and not (a <= ident.since < b):
                continue
            atype = "PLAC" if seg.tenure == "foster" else "HOME"
            out.addrs.append((ids.next("A", 8), ident, atype, seg.addr, a, b, max(a, ident.since), rng.random() < 0.7))

    # episodes
    for e in fam.csc:
        ident = reg[e.person]
        dup = dups.get(e.person)
        if dup is not None and e.start >= dup.since and rng.random() < 0.6:
            ident = dup
        out.eps.append((ids.next("E", 8), ident, e))
    return out


def _extras(ident: Ident, rng: random.Random, ctx: Context) -> None:
    p = ident.person
    known_as = names.variant_forename(rng, p.forename) if rng.random() < 0.08 else ""
    ident.extra["known_as"] = known_as if known_as != ident.forename else ""
    r = rng.random()
    ident.extra["eth"] = "NOBT" if r < 0.05 else "REFU" if r < 0.07 else p.ethnicity


def render(b: CscBuild, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for ident in b.idents:
        p = ident.person
        if ident.since > as_of or p.dob > as_of:
            continue
        dod = fmt(p.dod) if p.dod is not None and p.dod <= as_of else ""
        sink.add(
            "csc/persons.csv",
            [
                ident.rid,
                ident.forename,
                ident.middle,
                ident.surname_at(as_of),
                ident.extra["known_as"],
                fmt(ident.dob_at(as_of)),
                "Y" if ident.dob_est else "N",
                _GENDER[ident.sex],
                ident.extra["eth"],
                nhs_spaced(ident.nhs),
                ident.upn_at(as_of),
                dod,
                ident.extra["type"],
                fmt(ident.since),
            ],
            p,
        )
    for rid, a, rel, code, start, end, vis in b.rels:
        if vis > as_of or a.person.dob > as_of or rel.person.dob > as_of:
            continue
        sink.add(
            "csc/relationships.csv",
            [
                rid,
                a.rid,
                rel.rid,
                code,
                fmt(start) if start is not None else "",
                end_text(fmt, end, as_of) if end is not None and end != OPEN else "",
            ],
        )
    for rid, ident, atype, addr, start, end, vis, uprn in b.addrs:
        if vis > as_of or ident.since > as_of:
            continue
        sink.add(
            "csc/addresses.csv",
            [
                rid,
                ident.rid,
                atype,
                addr.line1,
                addr.line2,
                addr.town,
                addr.postcode,
                addr.uprn if uprn else "",
                fmt(start),
                end_text(fmt, end, as_of),
            ],
        )
    for rid, ident, e in b.eps:
        if e.start > as_of or ident.since > as_of:
            continue
        closed = e.end <= as_of
        addr = e.extra.get("placement_addr") if e.kind == "LAC" else None
        sink.add(
            "csc/episodes.csv",
            [
                rid,
                ident.rid,
                e.kind,
                fmt(e.start),
                fmt(e.end) if closed else "",
                e.reason,
                e.outcome if closed else "",
                e.worker.source_id,
                e.extra.get("placement_type", ""),
                addr.postcode if addr is not None else "",
            ],
        )
