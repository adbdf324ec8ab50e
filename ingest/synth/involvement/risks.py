"""Family risk flags (domestic abuse, parental mental health, substance misuse) and DA incident dates."""

from __future__ import annotations

import random

from ..config import SIM_END, SIM_START
from ..model import Family
from ..population import days


def assign_flags(fam: Family, rng: random.Random) -> None:
    n = fam.need
    complex_ = "complex" in fam.flags
    if complex_ or rng.random() < 0.03 + 0.3 * n**1.5:
        fam.flags.add("da")
    if complex_ or rng.random() < 0.05 + 0.18 * n:
        fam.flags.add("mh")
    if (complex_ and rng.random() < 0.6) or rng.random() < 0.02 + 0.16 * n**2:
        fam.flags.add("sm")


def domestic_abuse_dates(fam: Family, rng: random.Random) -> list[int]:
    if "da" not in fam.flags:
        return []
    dates: list[int] = []
    if "complex" in fam.flags:
        babies = [p for p in fam.people if p.role == "child" and p.dob >= SIM_START]
        if babies:
            baby = max(babies, key=lambda p: p.dob)
            lo = baby.dob + 30
            dates += [min(lo + rng.randrange(0, 600), SIM_END) for _ in range(rng.randint(2, 4))]
    start = SIM_START - 365 + rng.randrange(days(8.5))
    length = days(rng.uniform(0.5, 4.0))
    for _ in range(1 + int(rng.expovariate(1.0 / (1 + 2.5 * fam.need)))):
        dates.append(start + rng.randrange(max(1, length)))
    return sorted(d for d in set(dates) if d <= SIM_END)
