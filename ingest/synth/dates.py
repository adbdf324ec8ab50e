"""Date handling: ordinals inside the simulation, per-source text formats outside.

The simulation works with ``date.toordinal()`` integers. Each source writes
dates in its own format (see ``FORMATS``); ``parse`` reverses a format and is
used by the tests (and documents the formats exactly).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_NO = {m: i + 1 for i, m in enumerate(MONTHS)}


def _dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _iso(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _iso_dt(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d} 00:00:00"


def _compact(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _dmony_dash(d: date) -> str:
    return f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year:04d}"


def _dmy_nopad(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year:04d}"


def _d_mon_y(d: date) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1].title()} {d.year:04d}"


def _dmy_dash(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


#: format name -> (formatter, regex with groups d, m, y, human description)
FORMATS = {
    "dd/mm/yyyy": (_dmy, r"(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4})", "e.g. 05/03/2024"),
    "yyyy-mm-dd": (_iso, r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", "e.g. 2024-03-05"),
    "yyyy-mm-dd 00:00:00": (
        _iso_dt,
        r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) 00:00:00",
        "e.g. 2024-03-05 00:00:00 (time part always midnight)",
    ),
    "yyyymmdd": (_compact, r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", "e.g. 20240305"),
    "dd-MMM-yyyy": (
        _dmony_dash,
        r"(?P<d>\d{2})-(?P<mon>[A-Z]{3})-(?P<y>\d{4})",
        "e.g. 05-MAR-2024 (upper-case English month abbreviation)",
    ),
    "d/m/yyyy": (
        _dmy_nopad,
        r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
        "e.g. 5/3/2024 (day and month not zero-padded)",
    ),
    "dd Mmm yyyy": (
        _d_mon_y,
        r"(?P<d>\d{2}) (?P<mon>[A-Z][a-z]{2}) (?P<y>\d{4})",
        "e.g. 05 Mar 2024 (title-case English month abbreviation)",
    ),
    "dd-mm-yyyy": (_dmy_dash, r"(?P<d>\d{2})-(?P<m>\d{2})-(?P<y>\d{4})", "e.g. 05-03-2024"),
}
_REGEX = {k: re.compile(v[1] + r"\Z") for k, v in FORMATS.items()}


class DateFormatter:
    """Cached ordinal -> text conversion for one format."""

    __slots__ = ("_cache", "_fn", "name")

    def __init__(self, name: str):
        self.name = name
        self._fn = FORMATS[name][0]
        self._cache: dict[int, str] = {}

    def __call__(self, ordinal: int | None) -> str:
        if ordinal is None:
            return ""
        s = self._cache.get(ordinal)
        if s is None:
            s = self._fn(date.fromordinal(ordinal))
            self._cache[ordinal] = s
        return s


def parse(text: str, fmt: str) -> date | None:
    """Parse ``text`` written in format ``fmt``; ``None`` if it does not parse."""
    m = _REGEX[fmt].match(text)
    if not m:
        return None
    g = m.groupdict()
    month = _MONTH_NO.get(g["mon"].upper()) if "mon" in g else int(g["m"])
    if month is None:
        return None
    try:
        return date(int(g["y"]), month, int(g["d"]))
    except ValueError:
        return None


def add_years(ordinal: int, years: int) -> int:
    """Ordinal of the same calendar day ``years`` later (29 Feb -> 28 Feb)."""
    d = date.fromordinal(ordinal)
    try:
        return d.replace(year=d.year + years).toordinal()
    except ValueError:
        return d.replace(year=d.year + years, day=28).toordinal()


def year_of(ordinal: int) -> int:
    return date.fromordinal(ordinal).year


def sept_first(year: int) -> int:
    return date(year, 9, 1).toordinal()


def july_end(year: int) -> int:
    return date(year, 7, 22).toordinal()


def school_year_start(dob: int) -> int:
    """Calendar year in which a child born on ``dob`` starts Reception (September after turning 4)."""
    b = date.fromordinal(dob)
    return b.year + 4 + (1 if b.month >= 9 else 0)
