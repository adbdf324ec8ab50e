"""Service involvement: who is known to which service, when, and with whom.

Runs after ``population.simulate_family`` on the same family RNG. Children's
social care runs first because a child coming into care changes where they
live (placement households), which the later services see.
"""

from __future__ import annotations

import random

from ..context import Context
from ..model import Family
from ..population import Builder
from . import adults, early_help, education, health, housing, police, social_care, youth_justice
from .common import primary_spells
from .risks import assign_flags, domestic_abuse_dates

__all__ = ["finalise", "primary_spells", "simulate_services"]


def simulate_services(fam: Family, rng: random.Random, ctx: Context) -> None:
    """Add every service's involvement to ``fam`` (drawing from the family RNG), then finalise it."""
    b = Builder(fam, rng, ctx)
    assign_flags(fam, rng)
    da_dates = domestic_abuse_dates(fam, rng)
    social_care.simulate(fam, rng, ctx, b, da_dates)
    police.simulate(fam, rng, ctx, da_dates)
    education.simulate(fam, rng, ctx)
    early_help.simulate(fam, rng, ctx)
    health.simulate(fam, rng, ctx)
    housing.simulate(fam, rng, ctx)
    adults.mental_health(fam, rng, ctx)
    adults.substance_misuse(fam, rng, ctx)
    youth_justice.simulate(fam, rng, ctx)
    finalise(fam)


def finalise(fam: Family) -> None:
    """Derive address histories and end partnerships / step relations at a death."""
    for p in fam.people:
        p.addresses = [(a, b_, s.addr) for a, b_, s in primary_spells(fam, p)]
    for r in fam.rels:
        if r.kind == "partner" or (r.kind == "parent" and r.sub == "step"):
            for q in (r.a, r.b):
                if q.dod is not None and q.dod < r.end:
                    r.end = max(q.dod, r.start)
