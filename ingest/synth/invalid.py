"""Deliberately invalid rows: which rows, which field, how.

The choice is a hash of (seed, file, record id), so it needs no RNG state and
a record is corrupted the same way in every extract of the same seed (as far
as the row allows: e.g. "end before start" needs a start date).
"""

from __future__ import annotations

import zlib
from datetime import date

from ..identifiers import UPN_LETTERS
from .config import FUTURE_DOB_FROM
from .dates import FORMATS, parse
from .layouts import FileSpec

REASONS = (
    "dob_in_future",
    "end_before_start",
    "invalid_nhs_check_digit",
    "invalid_upn_check_letter",
    "unknown_code",
    "missing_required_field",
    "unparseable_date",
)

_JUNK_CODES = ("ZZ", "X9", "UNK", "99", "?", "XX", "Q")
_JUNK_TEXT = ("N/K", "UNKNOWN", "??", "TBC")
# impossible (day, month) pairs written in the file's own date format
_IMPOSSIBLE = ((31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11), (29, 2))


def _h(seed: int, *parts: object) -> int:
    return zlib.crc32(f"{seed}|{'|'.join(map(str, parts))}".encode())


def _impossible_date(fmt: str, h: int) -> str:
    if h % 5 == 0:
        return _JUNK_TEXT[(h // 5) % len(_JUNK_TEXT)]
    d, m = _IMPOSSIBLE[h % len(_IMPOSSIBLE)]
    y = 1995 + h % 30
    if m == 2 and d == 29:
        y = 2019 if y % 4 == 0 else y  # never a leap year
    mon = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")[m - 1]
    text = {
        "dd/mm/yyyy": f"{d:02d}/{m:02d}/{y}",
        "yyyy-mm-dd": f"{y}-{m:02d}-{d:02d}",
        "yyyy-mm-dd 00:00:00": f"{y}-{m:02d}-{d:02d} 00:00:00",
        "yyyymmdd": f"{y}{m:02d}{d:02d}",
        "dd-MMM-yyyy": f"{d:02d}-{mon}-{y}",
        "d/m/yyyy": f"{d}/{m}/{y}",
        "dd Mmm yyyy": f"{d:02d} {mon.title()} {y}",
        "dd-mm-yyyy": f"{d:02d}-{m:02d}-{y}",
    }[fmt]
    if (m == 2 and d == 29 and y % 4 == 0) or parse(text, fmt) is not None:
        return _JUNK_TEXT[0]
    return text


def selected(seed: int, key: str, rid: str, threshold: int) -> bool:
    """Is the row with record id ``rid`` in file ``key`` one to corrupt (rate = threshold / 1e6)?"""
    return _h(seed, key, rid) % 1_000_000 < threshold


def corrupt(spec: FileSpec, row: list[str], date_fmt: str, seed: int) -> tuple[str, str] | None:
    """Make ``row`` invalid in place in one field; return (field, reason), or None if no option applies."""
    rid = row[spec.columns.index(spec.record_id)]
    cols = spec.columns
    options = []
    for opt in spec.invalid:
        parts = opt.split(":")
        col, reason = parts[0], parts[1]
        value = row[cols.index(col)]
        if reason in ("invalid_nhs_check_digit", "invalid_upn_check_letter", "missing_required_field") and not value:
            continue
        if reason == "invalid_upn_check_letter" and (len(value) != 13 or value[0] not in UPN_LETTERS):
            continue
        if reason == "end_before_start" and parse(row[cols.index(parts[2])], date_fmt) is None:
            continue
        options.append(parts)
    if not options:
        return None
    h2 = _h(seed, "kind", spec.key, rid)
    parts = options[h2 % len(options)]
    col, reason = parts[0], parts[1]
    i = cols.index(col)
    fmt_fn = FORMATS[date_fmt][0]
    if reason == "dob_in_future":
        row[i] = fmt_fn(date.fromordinal(FUTURE_DOB_FROM + h2 % 2000))
    elif reason == "unparseable_date":
        row[i] = _impossible_date(date_fmt, h2)
    elif reason == "end_before_start":
        start = parse(row[cols.index(parts[2])], date_fmt)
        row[i] = fmt_fn(date.fromordinal(start.toordinal() - 1 - h2 % 400))
    elif reason == "invalid_nhs_check_digit":
        v = row[i]
        row[i] = v[:-1] + str((int(v[-1]) + 1 + h2 % 9) % 10)
    elif reason == "invalid_upn_check_letter":
        v = row[i]
        k = UPN_LETTERS.index(v[0])
        row[i] = UPN_LETTERS[(k + 1 + h2 % 22) % 23] + v[1:]
    elif reason == "unknown_code":
        codes = spec.col(col).codes or {}
        junk = [c for c in _JUNK_CODES if c not in codes]
        row[i] = junk[h2 % len(junk)]
    elif reason == "missing_required_field":
        row[i] = ""
    return col, reason
