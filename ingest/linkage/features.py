"""Comparison features: each standardised person record as one row of the columns the linkage model compares.

The records are the Assembler's (``ingest/assemble.py``): names already cleaned, dates already dates, postcodes
and UPRNs normalised. Here they become keys for matching:

* forenames: ``fn`` (upper-case letters only), ``fng`` (the nickname/variant groups the forename and any
  preferred forename belong to, from ``nicknames.txt``), ``fna`` (every forename a record holds: forename,
  preferred forename, middle names), ``fn_canon`` (the group's formal name, for blocking) and ``fn_i`` (initial);
* surnames: ``sn``, ``sn2`` (its first two letters, for blocking), ``sn_sx`` (its Soundex code, as ``fn_sx`` for
  the forename: blocking on names keyed with an error) and ``sna`` (every surname and every part of a
  hyphenated or multi-word surname, former and preferred surnames included: "Jones-Smith" meets "Smith");
* date of birth: ``dob`` (ISO text), ``dob_y``/``dob_m``/``dob_d``, ``dob_key`` (year with day and month in
  sorted order, so a swapped day and month block together) and ``dob_est`` (the source says it is estimated, or
  it was worked out from an approximate age);
* sex (``M``/``F``, unknown as null); NHS number and UPN;
* address: ``addr`` (address keys: the record's own and every residence the source gives it; a line-and-postcode
  key stands for the UPRN key where any source gives both), ``pc`` (postcodes: those and where the source met the
  person, ``seen_at_postcode``, such as a police incident's: evidence, not a residence), ``pcd`` (postcode
  districts), ``pc1`` (its own postcode, for blocking), and for fuzzy comparison of its own address ``line``,
  ``line_no`` (the line's house and flat numbers: a similar line with other numbers is another house),
  ``street`` (the first word of the street's name, for blocking) and ``town``. The address is read from the
  person row as given, so that one with a postcode that is not a UK one (FEBRL's Australian ones), which
  standardisation leaves out, still counts;
* household context: the records the record's source puts beside it (the same family, tenancy or notification,
  a recorded relationship) or that share one of its addresses, as ``ctxp`` (the people they belong to so far)
  and ``ctxn`` (their names).

Empty lists are null, so the model's null levels apply to a record that does not hold a field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest import standardise as std
from ingest.linking import one_keying_error

NICKNAMES = Path(__file__).resolve().parent / "nicknames.txt"
name_key = lru_cache(maxsize=500_000)(std.name_key)  # the same few thousand names, a hundred thousand times
_OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ")
_NUMBER = re.compile(r"[0-9]+")
_NOT_STREET = frozenset({"FLAT", "APARTMENT", "UNIT", "ROOM", "HOUSE"})  # words before the street's own name
_SOUNDEX = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"), "L": "4"}
_SOUNDEX.update({**dict.fromkeys("MN", "5"), "R": "6"})


@lru_cache(maxsize=4)
def nickname_groups(path: Path = NICKNAMES) -> dict[str, tuple[str, ...]]:
    """Name key → the formal names of the groups it belongs to (a group is named by its first name)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        keys = [k for k in (name_key(n) for n in line.split()) if k]
        for key in dict.fromkeys(keys):
            if keys[0] not in groups[key]:
                groups[key].append(keys[0])
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=200_000)
def soundex(key: str | None) -> str | None:
    """American Soundex of a name key (``CLARK`` and ``CLARKE`` → ``C462``), for blocking on names keyed with an
    error: the first letter and the codes of the next consonants, vowels separating repeats, H and W not."""
    if not key:
        return None
    codes = [key[0]]
    last = _SOUNDEX.get(key[0], "")
    for ch in key[1:]:
        code = _SOUNDEX.get(ch, "")
        if code and code != last:
            codes.append(code)
        if ch not in "HW":
            last = code
    return "".join(codes)[:4].ljust(4, "0")


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


@lru_cache(maxsize=4)
def _deletion_index(path: Path = NICKNAMES) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for key in nickname_groups(path):
        if len(key) >= 3:
            for variant in _deletions(key) | {key}:
                index[variant].add(key)
    return {k: frozenset(v) for k, v in index.items()}


class Nicknames:
    """Forename key → the nickname groups it belongs to (``nicknames.txt``).

    A name that is not in the table takes the groups of the one table name a keying error away from it
    ("Aelksander" → Aleksander's, "Lizzue" → Lizzie's; when several names are that near, the groups shared by
    all of them that are about as common as the commonest: "Joee" is Joe, not the rare Zoee), but only when it is
    rare in this run's records and they are much commoner: "Kelly" is a name of its own, not a mistyped "Elly"."""

    def __init__(self, frequencies: Counter | None = None, path: Path = NICKNAMES):
        self.groups = nickname_groups(path)
        self.index = _deletion_index(path)
        self.frequencies = frequencies if frequencies is not None else Counter()
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def for_records(cls, records: dict[str, dict]) -> Nicknames:
        return cls(Counter(name_key(r.get("forename")) for r in records.values()))

    def variants(self, key: str | None) -> tuple[str, ...]:
        if not key:
            return ()
        if key in self.groups:
            return self.groups[key]
        if key not in self._cache:
            self._cache[key] = self._near(key)
        return self._cache[key]

    def _near(self, key: str) -> tuple[str, ...]:
        if len(key) < 4:
            return ()
        near = {name for variant in _deletions(key) | {key} for name in self.index.get(variant, ())}
        near = {name for name in near if one_keying_error(key, name)}
        if not near:
            return ()
        commonest = max(self.frequencies[n] for n in near)
        if self.frequencies[key] > max(2, commonest / 5):
            return ()
        near = {n for n in near if self.frequencies[n] * 5 >= commonest}  # "Joee": Joe, not the rare Zoee
        shared = set.intersection(*(set(self.groups[n]) for n in near))  # names as near and as common must agree
        return tuple(sorted(shared))


@dataclass
class RecordContext:
    """What a record's source says around it: who it appears with, and where it lived."""

    co_members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    addresses: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    postcodes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    alias: dict[str, str] = field(default_factory=dict)  # line-and-postcode address key → its UPRN key
    # The address on each person row as the source gave it, kept whole even when the postcode is not a UK one
    # (standardisation drops such an address: FEBRL's Australian ones).
    own: dict[str, dict] = field(default_factory=dict)

    def address(self, key: str | None) -> str | None:
        return self.alias.get(key, key) if key else None

    groups: list[list[str]] = field(default_factory=list)  # people a source lists together (not by address)

    def together(self, keys, stated: bool = True) -> None:
        keys = list(dict.fromkeys(keys))
        if len(keys) < 2 or len(keys) > 50:  # a "group" of fifty is a school, not a household
            return
        if stated:
            self.groups.append(keys)
        for key in keys:
            self.co_members[key].update(k for k in keys if k != key)


def _address_aliases(extracts, addresses: dict[str, dict]) -> dict[str, str]:
    """One source keys an address by its UPRN, another by its first line and postcode: wherever a UPRN comes
    with a line and postcode, the line-and-postcode key stands for the UPRN key."""
    alias: dict[str, str] = {}

    def learn(uprn, line1, postcode):
        by_uprn = std.address_key(uprn, None, None) if uprn else None
        by_line = std.address_key(None, line1, postcode)
        if by_uprn and by_line and by_uprn.startswith("UPRN:"):
            alias.setdefault(by_line, by_uprn)

    for address in addresses.values():
        learn(address.get("uprn"), address.get("line1"), address.get("postcode"))
    for ex in extracts:
        for kind in ("person", "residence"):
            for _, _, e in ex.entities.get(kind, []):
                if e.get("uprn"):
                    learn(e.get("uprn"), e.get("line1"), e.get("postcode"))
    return alias


def gather_context(
    extracts, records: dict[str, dict], groups: dict[tuple, list[str]], addresses: dict[str, dict] | None = None
) -> RecordContext:
    """Household context from the extracts: groups (family, tenancy), episodes with several subjects
    (a police notification), relationships recorded between two records, and everybody recorded at one
    address (by any source, at any time; an address keyed by line and postcode in one source and by UPRN in
    another counts as one)."""
    context = RecordContext(alias=_address_aliases(extracts, addresses or {}))
    for keys in groups.values():
        context.together(keys)
    at_address: dict[str, list[str]] = defaultdict(list)
    for key, record in records.items():
        if record.get("address_key"):
            at_address[context.address(record["address_key"])].append(key)
    for ex in extracts:
        for _, _, e in ex.entities.get("person", []):
            key = f"{ex.source}:{e['record_id']}"
            raw_postcode = std.normalise_postcode(e.get("postcode")) or _code(e.get("postcode"))
            own = {
                "address_key": context.address(std.address_key(e.get("uprn"), e.get("line1"), e.get("postcode"))),
                "postcode": raw_postcode,
                "line": std.match_address_line(e.get("line1")),
                "town": name_key(e.get("town")),
            }
            context.own[key] = own
            seen = std.normalise_postcode(e.get("seen_at_postcode"))  # a place the person was, not their home
            if seen:
                context.postcodes[key].add(seen)
            if own["address_key"] and not records.get(key, {}).get("address_key"):
                at_address[own["address_key"]].append(key)
        episodes: dict[str, list[str]] = defaultdict(list)
        for _, _, e in ex.entities.get("episode", []):
            if e.get("person"):
                key = f"{ex.source}:{e['person']}"
                if key in records:
                    episodes[str(e.get("episode_id"))].append(key)
        for keys in episodes.values():
            context.together(keys)
        for _, _, e in ex.entities.get("relationship", []):
            a, b = f"{ex.source}:{e.get('person')}", f"{ex.source}:{e.get('related')}"
            if a in records and b in records and a != b:
                context.together([a, b])
        for _, _, e in ex.entities.get("residence", []):
            key = f"{ex.source}:{e.get('person')}"
            if key not in records:
                continue
            address = context.address(std.address_key(e.get("uprn"), e.get("line1"), e.get("postcode")))
            postcode = std.normalise_postcode(e.get("postcode"))
            if address:
                context.addresses[key].add(address)
                at_address[address].append(key)
            if postcode:
                context.postcodes[key].add(postcode)
    for keys in at_address.values():  # people recorded at one address, by any source
        context.together(keys, stated=False)
    return context


def _code(text) -> str | None:
    """A postcode that is not a UK one, as letters and digits (``"2074"``)."""
    code = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    return code or None


def _postcode_of(record: dict) -> str | None:
    """The record's postcode: UK-normalised, or the raw code kept in a non-UPRN address key (other countries)."""
    if record.get("postcode"):
        return record["postcode"]
    key = record.get("address_key") or ""
    if key.startswith("ADDR:") and "|" in key:
        return key.rsplit("|", 1)[1] or None
    return None


def _district(postcode: str) -> str | None:
    match = _OUTWARD.match(postcode + " " if " " not in postcode else postcode)
    return match.group(1) if match else None


def _none_if_empty(values) -> list | None:
    values = [v for v in dict.fromkeys(values) if v]
    return values or None


def feature_row(record: dict, context: RecordContext, addresses: dict[str, dict], nicknames: Nicknames) -> dict:
    fn = name_key(record.get("forename"))
    forenames = [record.get("forename"), record.get("preferred_forename")]
    variants = [g for name in forenames for g in nicknames.variants(name_key(name))]
    all_forenames = [name_key(n) for n in forenames] + [name_key(w) for w in (record.get("middle_names") or "").split()]
    surnames = [record.get(f) for f in ("surname", "former_surname", "preferred_surname")]
    surname_keys = [name_key(s) for s in surnames] + [p for s in surnames for p in std.surname_parts(s)]
    dob = record.get("dob")
    key = record["record_key"]
    own = context.own.get(key, {})
    own_postcode = _postcode_of(record) or own.get("postcode")
    postcodes = [own_postcode, *sorted(context.postcodes.get(key, ()))]
    address = addresses.get(record.get("address_key") or "", {})
    address_key = context.address(record.get("address_key")) or own.get("address_key")
    line = std.match_address_line(address.get("line1")) or own.get("line")
    return {
        "unique_id": key,
        "system": record["system"],
        "fn": fn,
        "fn_i": fn[0] if fn else None,
        "fn_canon": (variants[0] if variants else fn),
        "fng": _none_if_empty(variants),
        "fna": _none_if_empty(all_forenames),
        "sn": name_key(record.get("surname")),
        "sn2": (name_key(record.get("surname")) or "")[:2] or None,
        "sn_sx": soundex(name_key(record.get("surname"))),
        "fn_sx": soundex(fn),
        "sna": _none_if_empty(surname_keys),
        "dob": dob.isoformat() if dob else None,
        "dob_y": dob.year if dob else None,
        "dob_m": dob.month if dob else None,
        "dob_d": dob.day if dob else None,
        "dob_key": f"{dob.year}-{min(dob.month, dob.day):02d}-{max(dob.month, dob.day):02d}" if dob else None,
        "dob_est": bool(record.get("dob_estimated")) if dob else None,
        "sex": record.get("sex") if record.get("sex") in ("M", "F") else None,
        "nhs": record.get("nhs_number") or None,
        "upn": record.get("upn") or None,
        "addr": _none_if_empty([address_key, *sorted(context.addresses.get(key, ()))]),
        "pc": _none_if_empty(postcodes),
        "pcd": _none_if_empty([_district(p) for p in postcodes if p]),
        "pc1": own_postcode,
        "line": line,
        "line_no": (" ".join(_NUMBER.findall(line)) or None) if line else None,
        "street": next((w for w in (line or "").split() if w.isalpha() and w not in _NOT_STREET), None),
        "town": name_key(address.get("town")) or own.get("town"),
    }


def feature_rows(
    records: dict[str, dict], context: RecordContext, addresses: dict[str, dict], nicknames: Nicknames | None = None
) -> list[dict]:
    nicknames = nicknames or Nicknames.for_records(records)
    return [feature_row(r, context, addresses, nicknames) for r in records.values()]


def context_tokens(
    context: RecordContext, cluster_of: dict[str, str], names: dict[str, str | None] | None = None
) -> dict[str, tuple[list[str] | None, list[str] | None]]:
    """Each record's household context: the people (clusters so far) and the names (formal forename and
    surname) of the records its source puts beside it, or that share an address with it, other than itself."""
    names = names or {}
    tokens = {}
    for key, cluster in cluster_of.items():
        others = [k for k in context.co_members.get(key, ()) if k in cluster_of and cluster_of[k] != cluster]
        people = sorted({cluster_of[k] for k in others})
        known = {names[k] for k in others if names.get(k)} - {names.get(key)}
        tokens[key] = (people or None, sorted(known) or None)
    return tokens


def shared_household(a: tuple, b: tuple) -> int:
    """The context comparison's level for two records' tokens (as ``model.SHARED_HOUSEHOLD_SQL``): -1 when either
    has no context, 2 for a shared person or two shared names, 1 for one shared name, 0 otherwise."""
    (pa, na), (pb, nb) = a, b
    if (pa is None and na is None) or (pb is None and nb is None):
        return -1
    if pa and pb and not set(pa).isdisjoint(pb):
        return 2
    common = len(set(na or ()) & set(nb or ()))
    return 2 if common >= 2 else int(common == 1)


def name_tokens(rows: list[dict]) -> dict[str, str | None]:
    """Record key → formal forename and surname (``ANNE|SMITH``), for household context."""
    return {r["unique_id"]: f"{r['fn_canon']}|{r['sn']}" if r["fn_canon"] and r["sn"] else None for r in rows}


def namesakes(context: RecordContext, names: dict[str, str | None], records: dict[str, dict], explained) -> set:
    """Pairs of records that one source lists together (one family, tenancy or notification) under the same
    name: two people (a father and his son named after him), unless both give dates of birth that could be one
    person's (``explained``: a row keyed twice)."""
    found = set()
    for keys in context.groups:
        by_name: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            if names.get(key):
                by_name[names[key]].append(key)
        for same in by_name.values():
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    if records[a]["system"] != records[b]["system"]:
                        continue
                    da, db = records[a].get("dob"), records[b].get("dob")
                    if da is not None and db is not None and explained(da, db):
                        continue
                    found.add(tuple(sorted((a, b))))
    return found
