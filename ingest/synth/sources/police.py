"""Police: safeguarding notifications and the people in them."""

from __future__ import annotations

import random

from ..context import Context
from ..dates import year_of
from ..identity import PROFILES, make_ident
from ..model import Family
from .base import FMT, one_line

SRC = "police"


def build(fam: Family, rng: random.Random, ctx: Context) -> list | None:
    if not fam.police:
        return None
    ids = ctx.ids
    dup_p = min(0.5, PROFILES[SRC].dup * ctx.mess.dup_scale)
    nominal: dict = {}
    out = []
    for n in sorted(fam.police, key=lambda n: n["date"]):
        d = n["date"]
        ref = f"PPN/{year_of(d) % 100:02d}/{ids.next('PPN', 6)[3:]}"
        subjects = []
        for p, role in n["subjects"]:
            if p.dob > d:
                continue
            adult = d - p.dob >= 18 * 365
            if p not in nominal:
                nominal[p] = f"NOM{ids.next('NOM', 6)[3:]}"
            elif rng.random() < dup_p:
                nominal[p] = f"NOM{ids.next('NOM', 6)[3:]}"  # a second nominal for the same person
            ref_known = rng.random() < (0.85 if adult else 0.5)
            ident = make_ident(ctx, rng, SRC, p, d, ids.next("S", 8), allow_missing_dob=True)
            if not adult and ident.dob is not None and rng.random() < 0.3:
                ident.dob = None  # children's dates of birth are often not taken
            age = (d - p.dob) // 365
            approx = ""
            if ident.dob is None and rng.random() < 0.6:
                approx = str(max(0, age + (rng.randint(-3, 3) if adult else rng.randint(-1, 1))))
            subjects.append((ident, nominal[p] if ref_known else "", role, approx))
        out.append((ref, n, subjects))
    return out


def render(built: list, as_of: int, sink) -> None:
    fmt = FMT[SRC]
    for ref, n, subjects in built:
        if n["date"] > as_of:
            continue
        sink.add(
            "police/notifications.csv",
            [
                ref,
                fmt(n["date"]),
                n["type"],
                n["risk"],
                one_line(n["addr"], upper=True),
                n["addr"].postcode,
                n["officer"].source_id,
            ],
        )
        for ident, nom, role, approx in subjects:
            sink.add(
                "police/subjects.csv",
                [
                    ident.rid,
                    ref,
                    nom,
                    role,
                    ident.surnames[0][1].upper(),
                    ident.forename,
                    fmt(ident.dob_at(as_of)),
                    approx,
                    ident.sex,
                ],
                ident.person,
            )
