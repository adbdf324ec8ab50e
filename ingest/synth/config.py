"""Fixed simulation constants and the messiness profiles.

The simulation always covers the same window (``SIM_START`` .. ``SIM_END``)
whatever ``--as-of`` is, so a seed describes one fixed history and an extract
is that history cut at ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SIM_START = date(2019, 1, 1).toordinal()
"""First day on which simulated events (moves, episodes, notifications) occur."""

SIM_END = date(2028, 12, 31).toordinal()
"""Last simulated day; ``--as-of`` may not be later."""

ANCHOR = date(2023, 1, 1).toordinal()
"""Reference day used to sample ages (never the as-of date)."""

OPEN = date(9999, 12, 31).toordinal()
"""End ordinal of a spell that is still open at the end of the simulation."""

DEFAULT_AS_OF = "2026-11-01"
MIN_AS_OF = date(2020, 1, 1)
MAX_AS_OF = date(2028, 12, 31)

FUTURE_DOB_FROM = date(2030, 1, 1).toordinal()
"""Deliberately invalid "future" dates of birth are drawn after this day."""

LA_NAME = "Westmoor Metropolitan Borough Council"
LA_CODE = 899  # synthetic three-digit LA code used inside UPNs


@dataclass(frozen=True)
class Messiness:
    """Multipliers applied to the per-source base error rates."""

    name: str
    scale: float  # multiplies name/dob/identifier noise probabilities
    dup_scale: float  # multiplies duplicate-record probabilities
    invalid_rate: float  # share of rows made plainly invalid


MESSINESS = {
    "low": Messiness("low", 0.35, 0.4, 0.002),
    "default": Messiness("default", 1.0, 1.0, 0.007),
    "high": Messiness("high", 2.2, 2.5, 0.012),
}
