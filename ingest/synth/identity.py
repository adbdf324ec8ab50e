"""How a source records a person: per-source identity variants (the "mess").

``make_ident`` draws, once per (source, person, registration), the forename,
surname history, date of birth, sex and identifiers as that source holds them.
All randomness is drawn here (as-of independent); ``Ident`` methods that take
``as_of`` are pure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from . import names
from .context import Context
from .model import Person


@dataclass(frozen=True)
class Profile:
    nick: float  # forename recorded as a nickname / spelling variant
    ftypo: float  # forename keying error
    stypo: float  # surname variant or keying error
    swap: float  # day and month of birth swapped
    dtypo: float  # date of birth off by a day / a year
    est: float  # adults: estimated date of birth (01/01 or 01/07)
    dob_missing: float  # date of birth not recorded (where the layout allows)
    nhs: float  # NHS number recorded
    upn: float  # UPN recorded (children who have one)
    case: float  # case / whitespace noise
    dup: float  # person registered twice
    update: float  # a later surname change is picked up
    dbl: float  # double-barrelled surname recorded differently
    middle: float  # middle names recorded
    lag: int  # max days before an address change reaches the source


PROFILES = {
    "csc": Profile(0.05, 0.015, 0.015, 0.010, 0.008, 0.04, 0.0, 0.55, 0.60, 0.04, 0.020, 0.60, 0.40, 0.7, 90),
    "early_help": Profile(0.10, 0.02, 0.02, 0.015, 0.010, 0.0, 0.03, 0.0, 0.0, 0.08, 0.04, 0.5, 0.50, 0.0, 0),
    "schools": Profile(0.0, 0.005, 0.005, 0.004, 0.003, 0.0, 0.0, 0.0, 0.99, 0.02, 0.012, 0.5, 0.30, 0.9, 60),
    "health": Profile(0.02, 0.008, 0.010, 0.006, 0.004, 0.0, 0.0, 0.97, 0.0, 0.02, 0.010, 0.9, 0.30, 0.8, 45),
    "police": Profile(0.18, 0.04, 0.04, 0.030, 0.030, 0.05, 0.35, 0.0, 0.0, 0.0, 0.06, 0.3, 0.60, 0.0, 0),
    "housing": Profile(0.08, 0.02, 0.02, 0.020, 0.010, 0.0, 0.05, 0.0, 0.0, 0.05, 0.0, 0.5, 0.50, 0.0, 0),
    "adult_mental_health": Profile(
        0.04, 0.01, 0.01, 0.008, 0.006, 0.0, 0.0, 0.90, 0.0, 0.03, 0.012, 0.8, 0.30, 0.0, 60
    ),
    "substance_misuse": Profile(0.15, 0.03, 0.03, 0.020, 0.020, 0.0, 0.0, 0.35, 0.0, 0.05, 0.04, 0.5, 0.50, 0.0, 0),
    "youth_justice": Profile(0.06, 0.01, 0.01, 0.010, 0.006, 0.0, 0.0, 0.0, 0.45, 0.03, 0.015, 0.5, 0.40, 0.0, 60),
}


@dataclass(slots=True, eq=False)
class Ident:
    rid: str
    person: Person
    since: int  # registration date
    forename: str
    middle: str
    surnames: list[tuple[int, str]]  # (from, surname as recorded)
    dob: int | None
    dob_est: bool
    sex: str  # M, F or U
    nhs: str
    upn_known: bool
    lag: int
    dup_of: Ident | None = None
    extra: dict = field(default_factory=dict)

    def surname_at(self, when: int) -> str:
        cur = self.surnames[0][1]
        for start, name in self.surnames:
            if start <= when:
                cur = name
        return cur

    def dob_at(self, as_of: int) -> int | None:
        """Recorded DOB, falling back to the true one if the variant lies after ``as_of``."""
        if self.dob is None:
            return None
        return self.dob if self.dob <= as_of else self.person.dob

    def upn_at(self, as_of: int) -> str:
        p = self.person
        return p.upn if self.upn_known and p.upn and p.upn_from <= as_of else ""

    def address_at(self, as_of: int):
        return self.person.address_at(as_of - self.lag)


def _p(x: float, scale: float) -> float:
    return min(0.9, x * scale)


_STALE, _SEX_UNKNOWN, _WRONG_NHS = 0.02, 0.003, 0.003
_SCALED: dict[tuple[str, float], tuple[Profile, float, float, float]] = {}


def scaled(source: str, scale: float) -> tuple[Profile, float, float, float]:
    """The source's profile with error rates multiplied by ``scale`` (and presence rates reduced)."""
    key = (source, scale)
    if key not in _SCALED:
        p = PROFILES[source]
        present = lambda x: 1.0 - min(0.95, (1.0 - x) * scale) if x > 0 else 0.0  # noqa: E731
        prof = replace(
            p,
            nick=_p(p.nick, scale),
            ftypo=_p(p.ftypo, scale),
            stypo=_p(p.stypo, scale),
            swap=_p(p.swap, scale),
            dtypo=_p(p.dtypo, scale),
            est=_p(p.est, scale),
            case=_p(p.case, scale),
            dbl=_p(p.dbl, scale),
            nhs=present(p.nhs),
            upn=present(p.upn),
        )
        _SCALED[key] = (prof, _p(_STALE, scale), _p(_SEX_UNKNOWN, scale), _p(_WRONG_NHS, scale))
    return _SCALED[key]


def record_surname(rng: random.Random, prof: Profile, name: str) -> str:
    """``name`` as keyed by the source (``prof`` already scaled)."""
    if "-" in name and rng.random() < prof.dbl:
        parts = name.split("-")
        k = rng.randrange(3)
        name = " ".join(parts) if k == 0 else parts[0] if k == 1 else parts[-1]
    if rng.random() < prof.stypo:
        name = names.variant_surname(rng, name)
    if rng.random() < prof.case:
        name = names.case_noise(rng, name)
    return name


def record_forename(rng: random.Random, prof: Profile, name: str) -> str:
    if rng.random() < prof.nick:
        name = names.variant_forename(rng, name)
    if rng.random() < prof.ftypo:
        name = names.typo(rng, name)
    if rng.random() < prof.case:
        name = names.case_noise(rng, name)
    return name


def record_dob(
    rng: random.Random, prof: Profile, p: Person, since: int, allow_missing: bool
) -> tuple[int | None, bool]:
    r = rng.random()
    if allow_missing and r < prof.dob_missing:
        return None, False
    r = rng.random()
    swap = prof.swap
    typo = swap + prof.dtypo
    adult = since - p.dob > 18 * 365
    est = typo + (prof.est if adult else 0.0)
    if r >= est:
        return p.dob, False
    d = date.fromordinal(p.dob)
    if r < swap:
        if d.day <= 12 and d.day != d.month:
            return date(d.year, d.day, d.month).toordinal(), False
        return p.dob, False
    if r < typo:
        k = rng.randrange(4)
        if k == 0:
            return p.dob + rng.choice((-1, 1)), False
        if k == 1:
            return p.dob + rng.choice((-10, 10)), False
        try:
            return d.replace(year=d.year + rng.choice((-1, 1))).toordinal(), False
        except ValueError:
            return p.dob + 365, False
    if r < est:
        year = d.year + (rng.choice((-1, 1)) if rng.random() < 0.3 else 0)
        return date(year, rng.choice((1, 7)), 1).toordinal(), True
    return p.dob, False


def make_ident(
    ctx: Context,
    rng: random.Random,
    source: str,
    p: Person,
    since: int,
    rid: str,
    allow_missing_dob: bool = False,
    mother: Person | None = None,
) -> Ident:
    prof, stale, sex_unknown, wrong_nhs = scaled(source, ctx.mess.scale)
    since = max(since, p.dob)
    current = p.surname_at(since)
    if len(p.surnames) > 1 and current != p.birth_surname and rng.random() < stale:
        current = p.surnames[-2][1] if p.surnames[-1][0] <= since else p.birth_surname  # stale name given
    surnames = [(since, record_surname(rng, prof, current))]
    for start, name in p.surnames[1:]:
        if start > since and rng.random() < prof.update:
            surnames.append((start + rng.randrange(0, 120), record_surname(rng, prof, name)))
    dob, est = record_dob(rng, prof, p, since, allow_missing_dob)
    if dob is not None and dob > since:
        dob, est = p.dob, False  # nobody records a birth date after the record was made
    sex = "U" if rng.random() < sex_unknown else p.sex
    nhs = ""
    if p.nhs and prof.nhs > 0 and rng.random() < prof.nhs:
        nhs = p.nhs
        if mother is not None and mother.nhs and rng.random() < wrong_nhs:
            nhs = mother.nhs  # the mother's number keyed on the baby's record
    upn_known = prof.upn > 0 and rng.random() < prof.upn
    middle = p.middle if p.middle and rng.random() < prof.middle else ""
    return Ident(
        rid,
        p,
        since,
        record_forename(rng, prof, p.forename),
        middle,
        surnames,
        dob,
        est,
        sex,
        nhs,
        upn_known,
        rng.randrange(0, prof.lag + 1),
    )


def maybe_duplicate(
    ctx: Context, rng: random.Random, source: str, ident: Ident, rid_factory, end: int, allow_missing_dob: bool = False
) -> Ident | None:
    """With the source's duplicate rate, register the same person again later under a new id."""
    prof = PROFILES[source]
    if rng.random() >= min(0.5, prof.dup * ctx.mess.dup_scale) or end <= ident.since + 30:
        return None
    since = rng.randrange(ident.since + 30, end)
    dup = make_ident(ctx, rng, source, ident.person, since, rid_factory(), allow_missing_dob)
    dup.dup_of = ident
    return dup
