"""Linking: which source records describe the same person, and the clustering that turns links into people.

Deterministic core. Strong identifiers: a valid NHS number, a valid UPN, and a source's own reference for one
person across its files or rows (``same_person``). Records that share one are the same person, unless they cannot
be (dates of birth further apart than a keying error explains: typically a parent's NHS number typed on a child's
record); such a pair does not link and is reported as a conflict.

Constrained clustering (``cluster``): links are processed strongest first (steward acceptances, then identifier
links, then probabilistic links by descending match probability) with union-find, and two clusters are never
joined when

* a steward has said two of their records are different people (a rejected pair, or an "unlink" split; the
  linkage adds two records that one source lists together under one name: a father and his son), or
* for a probabilistic link only: two of their records other than the linked pair are plainly different people
  (``hard_conflict``: different NHS numbers, different recorded sex, dates of birth further apart than a keying
  error explains, or clearly different forenames where both give a date of birth: twins; the fields are the
  configured ``contradictions``, all four for a link that compared no dates of birth). Surname, address and
  household context are shared by a whole family, so however much they agree they cannot outweigh these.

Each cluster becomes one Person whose id is stable for a stable cluster (derived from its smallest record key).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ingest import standardise

name_key = lru_cache(maxsize=500_000)(standardise.name_key)

IDENTIFIER, PROBABILISTIC, STEWARD, SINGLE = "identifier", "probabilistic", "steward", "single_record"
_METHOD_RANK = {STEWARD: 0, IDENTIFIER: 1, PROBABILISTIC: 2, SINGLE: 3}


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def one_keying_error(x: str, y: str) -> bool:
    """Equal but for one character typed wrong, dropped, added, or two neighbours swapped."""
    if x == y:
        return True
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        diff = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
        if len(diff) != 2:
            return len(diff) == 1
        i, j = diff
        return j == i + 1 and x[i] == y[j] and x[j] == y[i]  # two neighbours swapped (not "ML" for "EM")
    short, long_ = sorted((x, y), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def edit_distance(x: str, y: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions."""
    previous2: list[int] = []
    previous = list(range(len(y) + 1))
    for i in range(1, len(x) + 1):
        current = [i] + [0] * len(y)
        for j in range(1, len(y) + 1):
            cost = 0 if x[i - 1] == y[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and x[i - 1] == y[j - 2] and x[i - 2] == y[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(y)]


# How many years an estimated date of birth may be out: one the source flags as estimated (perhaps worked out
# from an approximate age, which can be a few years out either way), and one merely keyed as 1 January or 1 July
# (how estimates are usually typed). A father and the son named after him are further apart than either.
FLAGGED_ESTIMATE_YEARS = 4
KEYED_ESTIMATE_YEARS = 2


def dates_explained(x, y, slack_years: int = 0) -> bool:
    """Could two dates of birth be one person's, given how dates are mistyped? Within 31 days, or so but for a
    year typed one out; day and month swapped (perhaps with those too); one digit of the day or month wrong; or,
    when either is an estimate, years apart by no more than ``slack_years`` (see ``dob_slack``)."""
    if x is None or y is None:
        return True
    candidates = [x]
    if x.day <= 12 and x.day != x.month:
        candidates.append(x.replace(day=x.month, month=x.day))
    for d in candidates:
        for year in (d.year, d.year - 1, d.year + 1):
            try:
                shifted = d.replace(year=year)
            except ValueError:  # 29 February
                shifted = d.replace(year=year, day=28)
            if abs((shifted - y).days) <= 31:
                return True
    if x.year == y.year and one_keying_error(x.isoformat(), y.isoformat()):  # a day or month digit
        return True
    return slack_years > 0 and abs(x.year - y.year) <= slack_years


def dob_slack(record) -> int:
    """How many years a record's date of birth may be out: flagged as estimated, keyed as an estimate, or exact."""
    dob = record.get("dob")
    if dob is None:
        return 0
    if record.get("dob_estimated"):
        return FLAGGED_ESTIMATE_YEARS
    return KEYED_ESTIMATE_YEARS if (dob.month, dob.day) in {(1, 1), (7, 1)} else 0


def compatible(a: dict, b: dict) -> bool:
    """Could two records that share an identifier describe the same person? Not when their dates of birth are
    further apart than any keying error explains (a parent's NHS number typed on a child's record, even with the
    same surname; a father's on his son's of the same name)."""
    return dates_explained(a.get("dob"), b.get("dob"), dob_slack(a) + dob_slack(b))


def identifier_links(records: dict[str, dict], conflicts: list | None = None) -> list[tuple[str, str, str]]:
    """Pairs of records that share a strong identifier and may be the same person: (a, b, identifier kind)."""
    by_identifier: dict[tuple, list[str]] = defaultdict(list)
    for key, record in records.items():
        if record.get("nhs_number"):
            by_identifier[("nhs", record["nhs_number"])].append(key)
        if record.get("upn"):
            by_identifier[("upn", record["upn"])].append(key)
        if record.get("same_person"):
            by_identifier[("ref", record["system"], record["same_person"])].append(key)
    links = []
    for ident, keys in by_identifier.items():
        kind = {"nhs": "nhs_number", "upn": "upn", "ref": "source_reference"}[ident[0]]
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if compatible(records[a], records[b]):
                    links.append((a, b, kind))
                elif conflicts is not None:
                    conflicts.append((ident[0], a, b))
    return links


def person_id_for(members: Iterable[str]) -> str:
    return "P" + hashlib.sha1(min(members).encode()).hexdigest()[:12].upper()


def link_records(records: dict[str, dict], conflicts: list | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Deterministic linking only. Returns (record_key → person_id, record_key → method). person_id is stable for
    a stable cluster: derived from the cluster's smallest record key."""
    uf = UnionFind()
    methods: dict[str, str] = {}
    for key in records:
        uf.find(key)
    for a, b, _ in identifier_links(records, conflicts):
        uf.union(a, b)
        methods[a] = methods[b] = IDENTIFIER
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in records:
        clusters[uf.find(key)].append(key)
    person_of = {}
    for members in clusters.values():
        person_id = person_id_for(members)
        for key in members:
            person_of[key] = person_id
            methods.setdefault(key, SINGLE)
    return person_of, methods


# -- plain conflicts -----------------------------------------------------------------------------------------------


def jaro_winkler(s: str, t: str) -> float:
    if s == t:
        return 1.0
    if not s or not t:
        return 0.0
    window = max(max(len(s), len(t)) // 2 - 1, 0)
    s_flags, t_flags = [False] * len(s), [False] * len(t)
    matches = 0
    for i, ch in enumerate(s):
        for j in range(max(0, i - window), min(len(t), i + window + 1)):
            if not t_flags[j] and t[j] == ch:
                s_flags[i] = t_flags[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    s_matched = [ch for ch, f in zip(s, s_flags, strict=True) if f]
    t_matched = [ch for ch, f in zip(t, t_flags, strict=True) if f]
    transpositions = sum(a != b for a, b in zip(s_matched, t_matched, strict=True)) / 2
    jaro = (matches / len(s) + matches / len(t) + (matches - transpositions) / matches) / 3
    prefix = 0
    for a, b in zip(s[:4], t[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


@dataclass(frozen=True)
class Identity:
    """What a record says about the person as such (not their family): for conflict checks."""

    forenames: frozenset[str]  # name keys: forename, preferred forename, middle names
    variants: frozenset[str]  # nickname groups of the forenames
    dob: object  # datetime.date | None
    dob_slack: int  # years the date of birth may be out (see dob_slack)
    sex: str | None
    nhs: str | None
    surnames: frozenset[str] = frozenset()  # name keys of the surname (for forename and surname keyed swapped)

    @classmethod
    def of(cls, record: dict, variants_of: Callable[[str], Iterable[str]] = lambda _: ()) -> Identity:
        names = [record.get("forename"), record.get("preferred_forename"), *(record.get("middle_names") or "").split()]
        keys = frozenset(k for k in (name_key(n) for n in names) if k)
        dob = record.get("dob")
        sex = record.get("sex") if record.get("sex") in ("M", "F") else None
        variants = frozenset(v for k in keys for v in variants_of(k))
        surnames = frozenset(k for k in (name_key(record.get("surname")),) if k)
        return cls(keys, variants, dob, dob_slack(record), sex, record.get("nhs_number") or None, surnames)


def dob_far_apart(a: Identity, b: Identity) -> bool:
    """Dates of birth that no keying error explains (see ``dates_explained``)."""
    return not dates_explained(a.dob, b.dob, a.dob_slack + b.dob_slack)  # two estimates may be out both ways


def forenames_differ(a: Identity, b: Identity) -> bool:
    """No forename of one is the same as, a variant of, two keying errors from, or like (Jaro-Winkler ≥ 0.75) a
    forename of the other: twins, or siblings."""
    if not a.forenames or not b.forenames or a.forenames & b.forenames or a.variants & b.variants:
        return False
    if a.forenames & b.surnames and b.forenames & a.surnames:  # forename and surname keyed the other way round
        return False
    return not any(edit_distance(x, y) <= 2 or jaro_winkler(x, y) >= 0.75 for x in a.forenames for y in b.forenames)


CONFLICT_FIELDS = ("forename", "dob", "sex", "nhs_number")


def hard_conflict(a: Identity, b: Identity, fields: Iterable[str] = CONFLICT_FIELDS) -> bool:
    """Two records that are plainly different people whatever else agrees (see the module docstring). ``fields``:
    which disagreements count (all by default; see ``contradictions`` in ingest/linkage/linkage.yaml)."""
    if "nhs_number" in fields and a.nhs and b.nhs and a.nhs != b.nhs:
        return True
    if "sex" in fields and a.sex and b.sex and a.sex != b.sex:
        return True
    if "dob" in fields and dob_far_apart(a, b):
        return True
    return "forename" in fields and a.dob is not None and b.dob is not None and forenames_differ(a, b)


# -- constrained clustering ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    probability: float
    method: str  # identifier, probabilistic or steward
    strict: bool = False  # check every kind of conflict across the clusters (see cluster)


@dataclass
class Clustering:
    person_of: dict[str, str]
    methods: dict[str, str]
    probabilities: dict[str, float]
    blocked: list[Link]  # links not made because they would join what must stay apart


def cluster(
    keys: Iterable[str],
    links: Iterable[Link],
    cannot_link: Iterable[tuple[str, str]] = (),
    conflict: Callable[[str, str], bool] | None = None,
    strict_conflict: Callable[[str, str], bool] | None = None,
) -> Clustering:
    """Union-find over ``links`` (steward, then identifier, then probabilistic by descending probability), never
    joining two clusters that hold a cannot-link pair, nor (for a probabilistic link) a ``conflict`` pair other
    than the linked pair itself (whether that pair may link at all is the caller's decision)."""
    members: dict[str, list[str]] = {}
    root_of: dict[str, str] = {}
    for key in keys:
        members[key] = [key]
        root_of[key] = key
    forbidden: dict[str, set[str]] = defaultdict(set)  # root → record keys its cluster must never join
    for a, b in cannot_link:
        if a in root_of and b in root_of:
            forbidden[a].add(b)
            forbidden[b].add(a)
    best: dict[str, tuple[int, float, str]] = {}  # record → (method rank, -probability, method)
    blocked = []
    ordered = sorted(links, key=lambda link: (_METHOD_RANK[link.method], -link.probability, link.a, link.b))
    for link in ordered:
        if link.a not in root_of or link.b not in root_of:
            continue
        ra, rb = root_of[link.a], root_of[link.b]
        if ra != rb:
            if len(members[ra]) < len(members[rb]):
                ra, rb = rb, ra
            if forbidden[ra] & set(members[rb]) or (
                link.method == PROBABILISTIC
                and (check := (strict_conflict or conflict) if link.strict else conflict) is not None
                and any(check(x, y) for x in members[ra] for y in members[rb] if {x, y} != {link.a, link.b})
            ):
                blocked.append(link)
                continue
            for key in members[rb]:
                root_of[key] = ra
            members[ra].extend(members.pop(rb))
            forbidden[ra] |= forbidden.pop(rb, set())
        rank = (_METHOD_RANK[link.method], -link.probability, link.method)
        for key in (link.a, link.b):
            if key not in best or rank < best[key]:
                best[key] = rank
    person_of, methods, probabilities = {}, {}, {}
    for group in members.values():
        person_id = person_id_for(group)
        for key in group:
            person_of[key] = person_id
            if len(group) > 1 and key in best:
                _, negative, method = best[key]
                methods[key], probabilities[key] = method, -negative
            else:
                methods[key], probabilities[key] = SINGLE, 1.0
    return Clustering(person_of, methods, probabilities, blocked)
