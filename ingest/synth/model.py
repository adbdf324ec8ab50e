"""The simulated world: people, households (units at addresses), relationships, events.

Dates are ``date.toordinal()`` integers; ``config.OPEN`` marks an open end.
Everything here describes the full simulated history; extracts and ground
truth are cut at ``as_of`` only when rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .addresses import Address
from .config import OPEN


@dataclass(slots=True, eq=False)
class Person:
    pid: str
    family: int
    role: str  # mother, father, child, stepfather, partner, grandmother, grandfather, ...
    sex: str  # "M" or "F"
    dob: int
    forename: str
    middle: str
    surnames: list[tuple[int, str]]  # (from ordinal, surname); first entry from birth
    group: str
    ethnicity: str
    nhs: str = ""
    upn: str = ""
    upn_from: int = OPEN  # day the UPN was issued (first school entry)
    dod: int | None = None
    # filled in by population.finalise(): primary address spells (start, end, Address)
    addresses: list[tuple[int, int, Address]] = field(default_factory=list)

    def surname_at(self, when: int) -> str:
        current = self.surnames[0][1]
        for start, name in self.surnames:
            if start <= when:
                current = name
            else:
                break
        return current

    @property
    def birth_surname(self) -> str:
        return self.surnames[0][1]

    def end(self) -> int:
        return OPEN if self.dod is None else self.dod

    def alive_on(self, when: int) -> bool:
        return self.dob <= when and (self.dod is None or when < self.dod)

    def address_at(self, when: int) -> Address | None:
        found = None
        for start, end, addr in self.addresses:
            if start <= when < end:
                return addr
            if start <= when:
                found = addr  # last known address before ``when``
        return found


@dataclass(slots=True)
class Segment:
    """A unit living at one address over [start, end): one true household."""

    hh_id: str
    addr: Address
    start: int
    end: int
    tenure: str  # social, private, owner, temporary, foster


@dataclass(slots=True)
class Member:
    person: Person
    start: int
    end: int
    kind: str  # primary, secondary (regular stays), placement


@dataclass(slots=True, eq=False)
class Unit:
    """People who move together; a new Segment each time they move."""

    uid: str
    segs: list[Segment] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    def seg_at(self, when: int) -> Segment | None:
        for s in self.segs:
            if s.start <= when < s.end:
                return s
        return None

    def members_at(self, when: int, kinds: tuple[str, ...] = ("primary",)) -> list[Person]:
        return [
            m.person for m in self.members if m.start <= when < m.end and m.kind in kinds and m.person.alive_on(when)
        ]

    def end(self) -> int:
        return self.segs[-1].end if self.segs else OPEN


@dataclass(slots=True)
class Rel:
    a: Person
    b: Person
    kind: str  # parent (a is parent of b), partner, sibling, grandparent (a of b)
    sub: str  # birth/step (parent), full/half (sibling), "" otherwise
    start: int
    end: int


@dataclass(slots=True)
class Episode:
    """A generic service episode about one person (CSC, health, AMH, YJ ...)."""

    person: Person
    kind: str
    start: int
    end: int
    reason: str = ""
    outcome: str = ""
    worker: object = None
    extra: dict = field(default_factory=dict)


@dataclass(slots=True)
class Family:
    idx: int
    fid: str
    group: str
    need: float
    people: list[Person] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)  # da, mh, sm, yo, social_housing ...
    main: Unit | None = None
    # service events, filled by involvement.py
    csc: list[Episode] = field(default_factory=list)
    eh: list[dict] = field(default_factory=list)
    health: list[Episode] = field(default_factory=list)
    police: list[dict] = field(default_factory=list)
    tenancies: list[dict] = field(default_factory=list)
    amh: list[Episode] = field(default_factory=list)
    sm: list[Episode] = field(default_factory=list)
    yj: list[Episode] = field(default_factory=list)
    school: list[Episode] = field(default_factory=list)

    def appearances(self) -> dict[str, int]:
        """Day each person enters the story: birth (children) or first home / relationship."""
        first = {p.pid: (p.dob if p.role == "child" else OPEN) for p in self.people}
        for u in self.units:
            for m in u.members:
                first[m.person.pid] = min(first[m.person.pid], m.start)
        for r in self.rels:
            for q in (r.a, r.b):
                first[q.pid] = min(first[q.pid], r.start)
        return first

    def children_of(self, parent: Person) -> list[Person]:
        return [r.b for r in self.rels if r.kind == "parent" and r.a is parent and r.sub == "birth"]

    def parents_of(self, child: Person, sub: str | None = "birth") -> list[Person]:
        return [r.a for r in self.rels if r.kind == "parent" and r.b is child and (sub is None or r.sub == sub)]
