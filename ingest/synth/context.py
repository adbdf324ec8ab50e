"""Run-wide state: seeds, identifier factories, address book and staff pools.

Every identifier is allocated during the (as-of independent) simulation, in
family order, so the same seed gives the same identifiers whatever ``--as-of``.
Source record ids are counters passed through a bijective scramble so they
look arbitrary (as they do in real systems) yet stay unique.
"""

from __future__ import annotations

import random
import zlib

from ..identifiers import make_nhs_number, make_upn
from .addresses import AddressBook
from .config import LA_CODE, Messiness
from .professionals import School, Staff


def _mult(digits: int, k: int = 0) -> int:
    """A multiplier coprime with 10 (so x -> x * m mod 10**digits is a bijection)."""
    return int(("7" if k == 0 else "3") * (digits - 1) + "3") if digits > 1 else 3


class IdFactory:
    """Unique, random-looking ids ``prefix + digits`` from a per-kind counter."""

    def __init__(self, seed: int):
        self.seed = seed
        self.counters: dict[str, int] = {}
        self._params: dict[tuple[str, int], list] = {}

    def next(self, prefix: str, digits: int) -> str:
        params = self._params.get((prefix, digits))
        if params is None:
            mod = 10**digits
            off = zlib.crc32(f"{self.seed}:{prefix}{digits}".encode()) % mod
            params = [0, mod, _mult(digits), _mult(digits, 1), off, off // 7, f"0{digits}d"]
            self._params[(prefix, digits)] = params
        n, mod, m1, m2, off1, off2, fmt = params
        if n >= mod:
            raise OverflowError(f"id space {prefix}{'9' * digits} exhausted")
        params[0] = n + 1
        # affine map, digit reversal, affine map: a bijection on d-digit numbers
        x = int(format((n * m1 + off1) % mod, fmt)[::-1])
        return prefix + format((x * m2 + off2) % mod, fmt)

    def seq(self, prefix: str, digits: int) -> str:
        """Plain sequential id (for ids that are sequential in the real systems)."""
        key = f"seq:{prefix}"
        n = self.counters.get(key, 0) + 1
        self.counters[key] = n
        return f"{prefix}{n:0{digits}d}"


class Context:
    def __init__(self, seed: int, n_families: int, mess: Messiness):
        self.seed = seed
        self.n_families = n_families
        self.mess = mess
        master = random.Random(seed)
        self.book = AddressBook()
        self.staff = Staff(random.Random(master.random()), n_families, self.book)
        self.ids = IdFactory(seed)
        self._nhs_rng = random.Random(master.random())
        self._nhs_used: set[str] = set()
        self.foster_homes = [
            self.book.new(master, None, "out_of_area" if i % 4 == 3 else "house")
            for i in range(max(6, n_families // 40))
        ]
        self.foster_hh = {a.key: f"HH{i + 1:07d}F" for i, a in enumerate(self.foster_homes)}
        self.childrens_homes = [self.book.new(master, None) for _ in range(max(2, n_families // 400))]
        self.foster_hh.update({a.key: f"HH{i + 1:07d}K" for i, a in enumerate(self.childrens_homes)})

    def family_rng(self, idx: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + idx * 7_919 + 17)

    def new_nhs(self) -> str:
        """A fresh valid NHS number in the 999 test range."""
        rng = self._nhs_rng
        while True:
            n = make_nhs_number(f"999{rng.randrange(10**6):06d}")
            if n and n not in self._nhs_used:
                self._nhs_used.add(n)
                return n

    def new_upn(self, school: School, year: int, temporary: bool = False) -> str:
        key = (year, temporary)
        serial = school.upn_serial.get(key, 0)
        school.upn_serial[key] = serial + 1
        if temporary:
            return make_upn(LA_CODE, school.estab, year, serial % 2300, temporary=True)
        return make_upn(LA_CODE, school.estab, year, serial % 1000)
