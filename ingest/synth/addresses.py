"""Synthetic UK-style geography: towns, streets, postcodes, dwellings and UPRNs.

The street layout is built from a fixed seed, so it is identical for every run;
which dwellings are occupied depends on the run's seed. Postcodes use the
made-up postcode areas ``WQ`` (the borough) and ``YX`` (out-of-area foster
placements): valid UK format, not real postcodes. UPRNs are 12 digits
starting ``10``, derived from the dwelling key by a bijection (so unique).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# town -> (outward codes, localities)
TOWNS = {
    "Westmoor": (
        ("WQ1", "WQ2", "WQ3", "WQ4", "WQ5", "WQ6"),
        ("Town Centre", "Holme Bank", "Low Fold", "Ravenscliffe", "Moorside"),
    ),
    "Kelbrook": (("WQ7", "WQ8"), ("Kelbrook Green", "Upper Kelbrook", "Scar Top")),
    "Ashbridge": (("WQ9", "WQ10"), ("Ashbridge Lane Ends", "Millbank", "Stone Hill")),
    "Hollinsworth": (("WQ11", "WQ12"), ("Hollins Park", "Netherfield", "Cragg Vale")),
    "Thornleigh": (("WQ14", "WQ15"), ("Thornleigh Common", "Fernside")),
}
BOROUGH_TOWNS = tuple(TOWNS)
OUT_OF_AREA_TOWNS = {"Brackenfield": ("YX3",), "Redmire Bay": ("YX9",)}

_STEMS = (
    "Acorn Alder Ash Aspen Badger Beech Birch Blackthorn Bracken Bramble Briar Calder Cedar "
    "Chapel Cherry Chestnut Church Clover Colliery Coronation Cotton Cross Dale Elm Fern "
    "Field Foundry Garden Glebe Gorse Granary Hawthorn Hazel Heather Hollin Holly Hope "
    "Ivy Jubilee Juniper Kestrel Laburnum Larch Lilac Linden Lister Lodge Maple Meadow Mill "
    "Moor Mount Nab Oak Orchard Park Pennine Pinfold Poplar Priory Quarry Railway Raven "
    "Rowan School Spring Station Stone Sycamore Tannery Tenter Thorn Vale Victoria Weaver "
    "Well Willow Wool Wren Yew Aire Brook Crag Fold Gill Holme Ing Royd Scar Shaw Syke"
).split()
_SUFFIXES = ("Road Street Avenue Close Lane Grove Way Crescent Drive Terrace Gardens Place Walk Rise View").split()
_BLOCK_NAMES = "Court House Heights Tower Mews Lodge".split()


@dataclass(slots=True)
class Address:
    key: int
    uprn: str
    line1: str  # "12 Acorn Road" or "Flat 3, Kestrel Court"
    line2: str  # street for flats, locality for houses (may be "")
    town: str
    postcode: str
    street: str
    number: str
    flat: str
    kind: str  # house | flat | foster | temporary


@dataclass(slots=True)
class Street:
    name: str
    locality: str
    town: str
    outward: str
    units: tuple[str, ...]  # inward codes, one per block of 30 house numbers
    is_block: bool  # a block of flats rather than a street of houses
    block: str


def _build_streets() -> list[Street]:
    rng = random.Random(20240501)
    streets: list[Street] = []
    used_units: set[str] = set()

    def unit(outward: str) -> str:
        while True:
            inward = f"{rng.randrange(1, 10)}{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}"
            if outward + inward not in used_units:
                used_units.add(outward + inward)
                return inward

    all_towns = list(TOWNS.items()) + [(t, (o, ("",))) for t, o in OUT_OF_AREA_TOWNS.items()]
    for town, (outwards, localities) in all_towns:
        n_streets = 60 if town in OUT_OF_AREA_TOWNS else 650 if town == "Westmoor" else 330
        names: set[str] = set()
        while len(names) < n_streets:
            names.add(f"{rng.choice(_STEMS)} {rng.choice(_SUFFIXES)}")
        town_streets = []
        for name in sorted(names):
            outward = rng.choice(outwards)
            units = tuple(unit(outward) for _ in range(7))
            town_streets.append(Street(name, rng.choice(localities), town, outward, units, False, ""))
        streets += town_streets
        if town not in OUT_OF_AREA_TOWNS:
            n_blocks = 350 if town == "Westmoor" else 180
            blocks = sorted({f"{s} {b}" for s in _STEMS for b in _BLOCK_NAMES})
            for block in rng.sample(blocks, n_blocks):
                host = town_streets[rng.randrange(len(town_streets))]
                streets.append(Street(host.name, host.locality, town, host.outward, (unit(host.outward),), True, block))
    return streets


STREETS = _build_streets()
_BOROUGH_STREETS = [i for i, s in enumerate(STREETS) if s.town in TOWNS and not s.is_block]
_BLOCKS = [i for i, s in enumerate(STREETS) if s.is_block]
_OOA_STREETS = [i for i, s in enumerate(STREETS) if s.town in OUT_OF_AREA_TOWNS]
_TOWN_STREETS = {t: [i for i in _BOROUGH_STREETS if STREETS[i].town == t] for t in TOWNS}

_UPRN_MULT = 3_141_592_653  # coprime with 10: key -> uprn is a bijection mod 10**10


def uprn_for(key: int) -> str:
    return f"10{(key * _UPRN_MULT + 7_000_000_001) % 10**10:010d}"


class AddressBook:
    """Allocates distinct dwellings; a dwelling is never handed out twice."""

    def __init__(self) -> None:
        self.used: set[int] = set()
        self.by_key: dict[int, Address] = {}

    def _make(self, street_idx: int, number: int, suffix: int, kind: str) -> Address:
        s = STREETS[street_idx]
        key = (street_idx * 1000 + number) * 4 + suffix
        if s.is_block:
            line1 = f"Flat {number}, {s.block}"
            line2 = s.name
            num = ""
            flat = str(number)
            unit = s.units[0]
        else:
            num = f"{number}{'' if suffix == 0 else 'ABC'[suffix - 1]}"
            line1 = f"{num} {s.name}"
            line2 = s.locality
            flat = ""
            unit = s.units[min(number // 30, len(s.units) - 1)]
        addr = Address(key, uprn_for(key), line1, line2, s.town, f"{s.outward} {unit}", s.name, num, flat, kind)
        self.used.add(key)
        self.by_key[key] = addr
        return addr

    def new(self, rng: random.Random, town: str | None = None, kind: str = "house") -> Address:
        """A previously unused dwelling (in ``town`` if given; ``kind`` flat/temporary use blocks)."""
        if kind in ("flat", "temporary"):
            pool = _BLOCKS
        elif kind == "out_of_area":
            pool = _OOA_STREETS
        else:
            pool = _TOWN_STREETS[town] if town else _BOROUGH_STREETS
        for attempt in range(40):
            idx = pool[rng.randrange(len(pool))]
            number = rng.randrange(1, 81) if STREETS[idx].is_block else rng.randrange(1, 210)
            suffix = 0 if attempt < 25 else rng.randrange(1, 4)
            key = (idx * 1000 + number) * 4 + suffix
            if key not in self.used:
                return self._make(idx, number, suffix, "house" if kind == "out_of_area" else kind)
        # Exhausted: walk forward deterministically to the next free key.
        key = (idx * 1000 + number) * 4
        while key in self.used or (key // 4) % 1000 == 0:
            key += 1
        idx, rest = divmod(key, 4000)
        number, suffix = divmod(rest, 4)
        return self._make(idx % len(STREETS), number, suffix, kind)
