"""Helpers shared by the source renderers."""

from __future__ import annotations

from ..dates import DateFormatter
from ..layouts import SOURCE_BY_NAME

#: one cached date formatter per source, in that source's own format
FMT = {name: DateFormatter(spec.date_format) for name, spec in SOURCE_BY_NAME.items()}


def end_text(fmt: DateFormatter, end: int | None, as_of: int) -> str:
    """An end date, blank while still open at ``as_of``."""
    if end is None or end > as_of:
        return ""
    return fmt(end)


def nhs_spaced(n: str) -> str:
    return f"{n[:3]} {n[3:6]} {n[6:]}" if n else ""


def nhs_dashed(n: str) -> str:
    return f"{n[:3]}-{n[3:6]}-{n[6:]}" if n else ""


def one_line(addr, upper: bool = False) -> str:
    if addr is None:
        return ""
    text = ", ".join(x for x in (addr.line1, addr.line2, addr.town) if x)
    return text.upper() if upper else text


def title_for(rng, p) -> str:
    if p.sex == "M":
        return "Mr"
    return rng.choice(("Mrs", "Miss", "Ms", "Ms"))
