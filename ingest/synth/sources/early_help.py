"""Early help: family-based members and episodes with inline lead practitioner."""

from __future__ import annotations

import random

from ..context import Context
from ..identity import PROFILES, make_ident
from ..model import Family
from .base import FMT, end_text, one_line

SRC = "early_help"
_GENDER = {"M": "Male", "F": "Female", "U": "Unknown"}


def build(fam: Family, rng: random.Random, ctx: Context) -> list | None:
    if not fam.eh:
        return None
    ids = ctx.ids
    out = []
    for eh in fam.eh:
        episodes = eh["episodes"]
        # Occasionally the family is registered a second time for a later episode.
        split = len(episodes)
        if len(episodes) > 2 and rng.random() < min(0.5, PROFILES[SRC].dup * 4 * ctx.mess.dup_scale):
            split = 2
        for i, part in enumerate((episodes[:split], episodes[split:])):
            if not part:
                continue
            fref = ids.next("EHF", 6)
            t0 = part[0]["start"]
            members = []
            for p, role, added in eh["members"]:
                when = max(added, t0) if i == 1 else added
                ident = make_ident(ctx, rng, SRC, p, when, ids.next("EHM", 7), allow_missing_dob=True)
                ident.extra["upper"] = rng.random() < 0.7
                members.append((ident, role, when, p.address_at(when)))
            eps = []
            for e in part:
                lead = e["lead"]
                name = lead.name if rng.random() > 0.1 else f"{lead.forename[0]}. {lead.surname}"
                phone = lead.phone if rng.random() > 0.08 else ""
                eps.append((ids.next("EHE", 6), e, name, lead, phone))
            out.append((fref, members, eps))
    return out


def render(built: list, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for fref, members, eps in built:
        if not eps or eps[0][1]["start"] > as_of:
            continue
        for ident, role, when, addr in members:
            p = ident.person
            if when > as_of or p.dob > as_of:
                continue
            surname = ident.surname_at(as_of)
            full = f"{surname.upper() if ident.extra['upper'] else surname}, {ident.forename}"
            sink.add(
                "early_help/families.csv",
                [
                    fref,
                    ident.rid,
                    full,
                    fmt(ident.dob_at(as_of)),
                    _GENDER[ident.sex],
                    role,
                    one_line(addr),
                    addr.postcode if addr is not None else "",
                    fmt(when),
                ],
                p,
            )
        for rid, e, name, lead, phone in eps:
            if e["start"] > as_of:
                continue
            closed = e["end"] <= as_of
            sink.add(
                "early_help/episodes.csv",
                [
                    rid,
                    fref,
                    e["type"],
                    fmt(e["start"]),
                    end_text(fmt, e["end"], as_of),
                    e["closure"] if closed else "",
                    name,
                    lead.role,
                    lead.org,
                    phone,
                    lead.email,
                ],
            )
