"""Professionals (with caseloads across families) and schools.

Phone numbers come only from Ofcom's ranges reserved for drama
(0113 496 0000-0999, 0114 496 0000-0999, ..., 07700 900000-900999) and
e-mail addresses use subdomains of ``example.org``, so none is real.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from . import names
from .addresses import BOROUGH_TOWNS, AddressBook

_LANDLINE_BLOCKS = ("0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0")
_MOBILE_BLOCK = "07700 900"

_ASCII = str.maketrans({"ł": "l", "Ł": "L"})

COUNCIL_DOMAIN = "westmoor-council.example.org"
HEALTH_DOMAIN = "westmoor-health.example.org"
POLICE_DOMAIN = "pennine-valleys-police.example.org"
HOUSING_DOMAIN = "westmoor-homes.example.org"
MH_DOMAIN = "pvmh-nhs.example.org"
SM_DOMAIN = "horizon-recovery.example.org"

COUNCIL = "Westmoor Metropolitan Borough Council"
HEALTH_ORG = "Westmoor Community Healthcare NHS Trust"
POLICE_ORG = "Pennine Valleys Police"
HOUSING_ORG = "Westmoor Homes"
MH_ORG = "Pennine Valleys Mental Health NHS Foundation Trust"
SM_ORG = "Horizon Recovery Westmoor"


@dataclass(slots=True, eq=False)
class Professional:
    prof_id: str  # ground-truth professional id
    kind: str  # csc, eh, health, dsl, police, housing, amh, sm, yj
    source_id: str  # the id the owning source gives them ("" if inline only)
    forename: str
    surname: str
    role: str
    team: str
    org: str
    phone: str
    email: str
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"


class PhoneBook:
    def __init__(self, rng: random.Random):
        self.landlines = [f"{b}{i:03d}" for b in _LANDLINE_BLOCKS for i in range(1000)]
        self.mobiles = [f"{_MOBILE_BLOCK}{i:03d}" for i in range(1000)]
        rng.shuffle(self.landlines)
        rng.shuffle(self.mobiles)
        self.rng = rng

    def take(self, mobile: bool) -> str:
        pool = self.mobiles if mobile else self.landlines
        if len(pool) > 1:
            return pool.pop()
        return pool[0]


@dataclass(slots=True)
class School:
    urn: str
    estab: int
    name: str
    phase: str  # PRI, SEC, SPE, PRU
    town: str
    line1: str
    postcode: str
    phone: str
    dsl: Professional
    upn_serial: dict = field(default_factory=dict)  # year -> next serial


_ROLES = {
    "csc": (("Social Worker", 6), ("Senior Social Worker", 3), ("Advanced Practitioner", 1)),
    "eh": (("Early Help Practitioner", 5), ("Family Support Worker", 4), ("Family Intervention Worker", 2)),
    "health": (("Health Visitor", 6), ("School Nurse", 3), ("Family Nurse", 1)),
    "police": (("PC", 6), ("DC", 3), ("DS", 1)),
    "housing": (("Housing Officer", 5), ("Tenancy Sustainment Officer", 2), ("Housing Options Officer", 1)),
    "amh": (("CPN", 5), ("OT", 1), ("SW", 2), ("PSY", 1)),
    "sm": (("Recovery Worker", 5), ("Senior Recovery Worker", 1)),
    "yj": (("YJ Case Manager", 4), ("YJ Officer", 2)),
}
_TEAMS = {
    "csc": (
        "Assessment Team North",
        "Assessment Team South",
        "Safeguarding Team 1",
        "Safeguarding Team 2",
        "Safeguarding Team 3",
        "Children in Care Team",
        "Disabled Children's Team",
    ),
    "eh": ("Early Help Hub North", "Early Help Hub South", "Early Help Hub East", "Family Intervention Service"),
    "health": ("0-19 Service North", "0-19 Service South", "0-19 Service East", "Family Nurse Partnership"),
    "police": (
        "Safeguarding Hub",
        "Domestic Abuse Investigation Team",
        "NPT Westmoor",
        "NPT Kelbrook",
        "NPT Ashbridge",
        "Missing Persons Team",
    ),
    "housing": ("Housing Management North", "Housing Management South", "Tenancy Sustainment", "Housing Options"),
    "amh": ("CMHTN", "CMHTS", "EIP", "PMH", "CRHT"),
    "sm": ("Adult Recovery Service", "Alcohol Team", "Family Recovery Team"),
    "yj": ("Youth Justice Service",),
}
_ORGS = {
    "csc": (COUNCIL, COUNCIL_DOMAIN),
    "eh": (COUNCIL, COUNCIL_DOMAIN),
    "health": (HEALTH_ORG, HEALTH_DOMAIN),
    "police": (POLICE_ORG, POLICE_DOMAIN),
    "housing": (HOUSING_ORG, HOUSING_DOMAIN),
    "amh": (MH_ORG, MH_DOMAIN),
    "sm": (SM_ORG, SM_DOMAIN),
    "yj": (COUNCIL, COUNCIL_DOMAIN),
}
_ID_FORMAT = {
    "csc": "SW{:05d}",
    "eh": "",
    "health": "HS{:04d}",
    "police": "{:04d}",
    "housing": "HO{:03d}",
    "amh": "MHS{:04d}",
    "sm": "",
    "yj": "YCM{:03d}",
}


class Staff:
    """All professional pools for one run (sizes scale with the number of families)."""

    def __init__(self, rng: random.Random, n_families: int, book: AddressBook):
        self.rng = rng
        self.phones = PhoneBook(rng)
        self.emails: set[str] = set()
        self.all: list[Professional] = []
        self._next = 0
        sizes = {
            "csc": max(8, n_families // 40),
            "eh": max(5, n_families // 60),
            "health": max(8, n_families // 45),
            "police": max(8, n_families // 50),
            "housing": max(4, n_families // 120),
            "amh": max(4, n_families // 150),
            "sm": max(3, n_families // 250),
            "yj": max(3, n_families // 300),
        }
        self.pools: dict[str, list[Professional]] = {}
        self._subpools: dict[tuple[str, str, str], list[Professional]] = {}
        for kind, n in sizes.items():
            self.pools[kind] = [self._make(kind, i) for i in range(n)]
        # The duty social workers at the front door take contacts and referrals.
        for p in self.pools["csc"][: max(2, len(self.pools["csc"]) // 8)]:
            p.team = "Front Door (MASH)"
        self.duty = self.pools["csc"][: max(2, len(self.pools["csc"]) // 8)]
        self.allocated = self.pools["csc"][len(self.duty) :]
        self.schools = self._make_schools(n_families, book)

    def _person_name(self) -> tuple[str, str]:
        rng = self.rng
        group = names.GROUPS["british"] if rng.random() < 0.75 else names.pick_group(rng)
        sex = "F" if rng.random() < 0.72 else "M"
        fn = names.pick_forename(rng, group, sex)
        sn = names.gendered_surname(names.pick_surname(rng, group), sex)
        return fn, sn

    def _email(self, fn: str, sn: str, domain: str) -> str:
        base = f"{fn}.{sn}".lower().replace("'", "").replace(" ", "").translate(_ASCII)
        base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode() or "staff"
        email = f"{base}@{domain}"
        n = 2
        while email in self.emails:
            email = f"{base}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def _make(self, kind: str, i: int) -> Professional:
        rng = self.rng
        fn, sn = self._person_name()
        roles = _ROLES[kind]
        role = rng.choices([r for r, _ in roles], [w for _, w in roles])[0]
        if i < len(roles):
            role = roles[i][0]
        teams = _TEAMS[kind]
        team = teams[i % len(teams)]
        if kind == "health" and role == "Family Nurse":
            team = "Family Nurse Partnership"
        org, domain = _ORGS[kind]
        self._next += 1
        fmt = _ID_FORMAT[kind]
        source_id = fmt.format(1000 + i * 7 if kind == "police" else i + 1) if fmt else ""
        mobile = rng.random() < (0.5 if kind in ("eh", "sm", "yj", "health") else 0.25)
        return self._register(
            Professional(
                f"PRO{self._next:05d}",
                kind,
                source_id,
                fn,
                sn,
                role,
                team,
                org,
                self.phones.take(mobile),
                self._email(fn, sn, domain),
            )
        )

    def _register(self, p: Professional) -> Professional:
        self.all.append(p)
        return p

    def _make_schools(self, n_families: int, book: AddressBook) -> list[School]:
        rng = self.rng
        n_pri = max(10, n_families // 110)
        n_sec = max(3, n_families // 450)
        schools: list[School] = []
        saints = ("St Mary's", "St Joseph's", "St Peter's", "St John's", "Holy Trinity", "St Anne's")
        used_names: set[str] = set()
        for phase, n in (("PRI", n_pri), ("SEC", n_sec), ("SPE", 1), ("PRU", 1)):
            for i in range(n):
                town = BOROUGH_TOWNS[i % len(BOROUGH_TOWNS)]
                addr = book.new(rng, town)
                street_stem = addr.street.split()[0]
                if phase == "PRI":
                    style = rng.random()
                    if style < 0.2:
                        name = f"{rng.choice(saints)} {rng.choice(('CE', 'Catholic'))} Primary School"
                    elif style < 0.4:
                        name = f"{street_stem} Primary Academy"
                    else:
                        name = f"{street_stem} {rng.choice(('Primary School', 'Community Primary School', 'Infant and Junior School'))}"
                elif phase == "SEC":
                    name = f"{town} {rng.choice(('Academy', 'High School', 'Grammar School', 'Community College'))}"
                elif phase == "SPE":
                    name = "Hollins Park Special School"
                else:
                    name = "Westmoor Pupil Referral Unit"
                base, k = name, 2
                while name in used_names:
                    name = f"{base} ({town})" if k == 2 else f"{base} {k}"
                    k += 1
                used_names.add(name)
                estab = {"PRI": 2000, "SEC": 4000, "SPE": 7000, "PRU": 1100}[phase] + i + 1
                urn = f"{100000 + (estab * 37 + 11) % 900000}"
                fn, sn = self._person_name()
                slug = "".join(c for c in name.lower() if c.isalnum())[:24]
                self._next += 1
                dsl = self._register(
                    Professional(
                        f"PRO{self._next:05d}",
                        "dsl",
                        urn,
                        fn,
                        sn,
                        rng.choice(("Designated Safeguarding Lead", "Deputy Headteacher (DSL)", "Pastoral Lead (DSL)")),
                        "Safeguarding",
                        name,
                        self.phones.take(False),
                        self._email(fn, sn, f"{slug}.sch.example.org"),
                    )
                )
                schools.append(
                    School(urn, estab, name, phase, town, addr.line1, addr.postcode, self.phones.take(False), dsl)
                )
        self.primaries = {t: [s for s in schools if s.phase == "PRI" and s.town == t] for t in BOROUGH_TOWNS}
        self.secondaries = {t: [s for s in schools if s.phase == "SEC" and s.town == t] for t in BOROUGH_TOWNS}
        self.all_pri = [s for s in schools if s.phase == "PRI"]
        self.all_sec = [s for s in schools if s.phase == "SEC"]
        self.special = [s for s in schools if s.phase in ("SPE", "PRU")]
        return schools

    def pick(self, rng: random.Random, kind: str) -> Professional:
        pool = self.pools[kind]
        return pool[rng.randrange(len(pool))]

    def _subpool(self, kind: str, attr: str, value: str) -> list[Professional]:
        key = (kind, attr, value)
        pool = self._subpools.get(key)
        if pool is None:
            pool = [p for p in self.pools[kind] if getattr(p, attr) == value] or self.pools[kind]
            self._subpools[key] = pool
        return pool

    def pick_role(self, rng: random.Random, kind: str, role: str) -> Professional:
        pool = self._subpool(kind, "role", role)
        return pool[rng.randrange(len(pool))]

    def pick_team(self, rng: random.Random, kind: str, team: str) -> Professional:
        pool = self._subpool(kind, "team", team)
        return pool[rng.randrange(len(pool))]

    def school_for(self, rng: random.Random, town: str, phase: str) -> School:
        local = (self.primaries if phase == "PRI" else self.secondaries).get(town) or (
            self.all_pri if phase == "PRI" else self.all_sec
        )
        if rng.random() < 0.85:
            return local[rng.randrange(len(local))]
        pool = self.all_pri if phase == "PRI" else self.all_sec
        return pool[rng.randrange(len(pool))]
