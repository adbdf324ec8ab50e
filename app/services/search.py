"""Person search: one box of text (names, a date of birth, identifiers) becomes a ranked list of people.

How it finds people quickly on both engines (the embedded engine has only primary-key indexes):

1. The box is parsed into name readings ("Smith, Anna", "Anna Smith" and "Smith Anna" are all tried), a date of
   birth in any of the usual formats, and identifiers (NHS number, UPN, a source system's record id).
2. Typed names are matched in memory against the vocabulary of every distinct surname and forename the source
   records hold (one query each, cached per store and rebuilt when a new load completes): exact, part of a
   double-barrelled name, partial (prefix), one or two keying errors (rapidfuzz, optimal string alignment) and
   sounding alike (jellyfish Metaphone).
3. The graph is asked only for records holding those exact stored names (``WHERE s.surname IN $surnames``), or
   the typed date of birth and its likely mis-keyings, or the identifiers; each candidate person is then scored
   in Python against every name any source holds for them, and ranked: best match first, youngest first on a tie.
4. The first ``limit`` people are completed with their sources, ids and current postcode.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import logging
import re
import threading
import unicodedata
import weakref
from array import array
from collections import defaultdict
from dataclasses import dataclass

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.policy import active_policy
from graph import GraphStore

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_TEXT = 200
#: A partial (prefix) name widens to at most this many stored names, shortest first.
MAX_PREFIX_NAMES = 100


class SearchInputError(ValueError):
    """What was typed cannot be searched; ``field`` names the form field or API parameter (``q`` or ``dob``)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


# ==============================================================================================================
# Parsing the box
# ==============================================================================================================

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(r"(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/.-])")
_YEAR_FIRST = re.compile(r"(?<![\w/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\w/.-])")
_WORD_MONTH = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})(?!\w)", re.IGNORECASE
)
_MONTH_FIRST = re.compile(
    rf"(?<![\w])({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\w)", re.IGNORECASE
)
_EIGHT_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_NHS_NUMBER = re.compile(r"^\d{10}$")
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TOKEN = re.compile(r"[^\s,;]+")
_SEPARATORS = re.compile(r"[\s-]+")


#: How an error names the date it is about: the date-of-birth field, or a date typed in the search box.
_WHICH_DATE = {"dob": "Date of birth", "q": "The date in the search box"}


def _full_year(year: str, today: dt.date) -> int:
    """A two-digit year is in this century unless that would be in the future (15 → 2015, 87 → 1987)."""
    if len(year) == 4:
        return int(year)
    this_century = 2000 + int(year)
    return this_century if this_century <= today.year else this_century - 100


def _checked_date(year: int, month: int, day: int, typed: str, field_name: str, today: dt.date) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise SearchInputError(field_name, f"{_WHICH_DATE[field_name]} must be a real date ({typed} is not)") from None
    if value > today:
        raise SearchInputError(field_name, f"{_WHICH_DATE[field_name]} must be today or in the past ({typed} is not)")
    if value.year < 1900:
        raise SearchInputError(field_name, f"{_WHICH_DATE[field_name]} must be after 1900 (check the year of {typed})")
    return value


def _find_date(text: str, field_name: str, today: dt.date) -> tuple[dt.date, re.Match] | None:
    """The first date written in ``text`` (UK order: 4/3/2015 is 4 March 2015), and where it was found."""
    for pattern, parts in (
        (_YEAR_FIRST, lambda m: (int(m[1]), int(m[3]), int(m[4]))),
        (_DAY_FIRST, lambda m: (_full_year(m[4], today), int(m[3]), int(m[1]))),
        (_WORD_MONTH, lambda m: (int(m[3]), _MONTHS[m[2].lower()], int(m[1]))),
        (_MONTH_FIRST, lambda m: (int(m[3]), _MONTHS[m[1].lower()], int(m[2]))),
    ):
        match = pattern.search(text)
        if match:
            return _checked_date(*parts(match), match[0].strip(), field_name, today), match
    return None


def parse_date_of_birth(text: str, today: dt.date | None = None, field_name: str = "dob") -> dt.date:
    """A date of birth as people type it: 4/3/2015, 04-03-2015, 04.03.15, 04032015, 2015-03-04, 4 March 2015,
    4th Mar 2015, March 4, 2015. Day before month, as in the UK."""
    today = today or dt.date.today()
    typed = " ".join(text.split())
    eight = _EIGHT_DIGITS.match(typed)
    if eight:
        return _checked_date(int(eight[3]), int(eight[2]), int(eight[1]), typed, field_name, today)
    found = _find_date(typed, field_name, today)
    if found is None or found[1][0].strip() != typed:
        raise SearchInputError(
            field_name, f"{_WHICH_DATE[field_name]} must be a date, like 4/3/2015, 2015-03-04 or 4 March 2015"
        )
    return found[0]


def name_key(text: str | None) -> str:
    """A name reduced for comparison: upper-case ASCII letters only ("O'Brien-Smith" → "OBRIENSMITH")."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Z]", "", ascii_text.upper())


def name_parts(text: str | None) -> tuple[str, ...]:
    """The keys of each part of a name split on spaces and hyphens ("Jones-Smith" → ("JONES", "SMITH"))."""
    if not text:
        return ()
    return tuple(key for key in (name_key(part) for part in _SEPARATORS.split(text)) if key)


@dataclass(frozen=True)
class TypedName:
    """One name as typed, with the keys it is compared by."""

    text: str
    key: str
    parts: tuple[str, ...]
    sound: str

    @classmethod
    def of(cls, text: str) -> TypedName:
        key = name_key(text)
        return cls(text, key, name_parts(text), jellyfish.metaphone(key) if key else "")


@dataclass(frozen=True)
class NameReading:
    """One way of reading the typed words: which is the forename, which the surname (either may be missing).
    ``penalty`` ranks the less likely readings below the likelier ones on an otherwise equal match."""

    forename: TypedName | None
    surname: TypedName | None
    penalty: int = 0


@dataclass(frozen=True)
class SearchTerms:
    """What the box (and the optional date-of-birth field) asked for."""

    text: str
    name_words: tuple[str, ...] = ()
    readings: tuple[NameReading, ...] = ()
    dob: dt.date | None = None
    nhs_numbers: tuple[str, ...] = ()
    upns: tuple[str, ...] = ()
    record_ids: tuple[str, ...] = ()

    @property
    def has_identifiers(self) -> bool:
        return bool(self.nhs_numbers or self.upns or self.record_ids)


def _readings(words: list[str], surname_first: bool, given: list[str]) -> tuple[NameReading, ...]:
    """Every plausible split of the typed words into forename and surname.

    "Smith, Anna" is unambiguous. One word is a surname (or, ranked lower, a forename). Several words are read
    forename first ("Anna Smith", "Anna Marie Smith", "Maria De La Cruz") and surname first ("Smith Anna", which
    users asked for), the typed order ranked first on a tie.
    """
    if surname_first:
        surname = TypedName.of(" ".join(words)) if words else None
        forename = TypedName.of(given[0]) if given else None
        return (NameReading(forename, surname),) if surname or forename else ()
    if not words:
        return ()
    if len(words) == 1:
        return (NameReading(None, TypedName.of(words[0])), NameReading(TypedName.of(words[0]), None, penalty=10))
    readings: list[NameReading] = []
    for cut in range(1, len(words)):
        readings.append(NameReading(TypedName.of(words[0]), TypedName.of(" ".join(words[cut:]))))
    for cut in range(1, len(words)):
        readings.append(NameReading(TypedName.of(words[cut]), TypedName.of(" ".join(words[:cut])), penalty=1))
    unique: dict[tuple, NameReading] = {}
    for reading in readings:
        unique.setdefault((reading.forename.key, reading.surname.key), reading)
    return tuple(unique.values())


def _identifier_variants(token: str) -> tuple[set[str], set[str], set[str]]:
    compact = _SEPARATORS.sub("", token).strip(".,;:()[]'\"")
    upper = compact.upper()
    nhs = {compact} if _NHS_NUMBER.match(compact) else set()
    upn = {upper} if _UPN.match(upper) else set()
    ids = {token.strip(".,;:()[]'\""), compact, upper} - {""}
    return nhs, upn, ids


def parse_search(text: str | None, dob_text: str | None = None, today: dt.date | None = None) -> SearchTerms:
    """Read the search box (and the optional date-of-birth field).

    Accepts "surname, forename", "forename surname", "surname forename", a partial name, a date of birth in any
    of the formats of ``parse_date_of_birth`` (alone or with names), an NHS number (spaces allowed), a UPN or a
    source system's record id. Raises SearchInputError naming ``q`` or ``dob`` when it cannot be searched.
    """
    today = today or dt.date.today()
    text = " ".join((text or "").split())
    if len(text) > MAX_TEXT:
        raise SearchInputError("q", f"Search text must be {MAX_TEXT} characters or fewer")
    dob = parse_date_of_birth(dob_text, today) if dob_text and dob_text.strip() else None
    rest = text
    found = _find_date(rest, "q", today)
    if found:
        typed_dob, match = found
        if dob and dob != typed_dob:
            raise SearchInputError("dob", "Date of birth must be the same as the date in the search box, or left empty")
        dob = typed_dob
        rest = (rest[: match.start()] + " " + rest[match.end() :]).strip()

    tokens = _TOKEN.findall(rest)
    id_tokens = [t for t in tokens if any(c.isdigit() for c in t)]
    candidates = list(id_tokens)
    if len(id_tokens) > 1 and len(id_tokens) == len(tokens):
        joined = _identifier_variants("".join(tokens))  # "943 476 5919", "H801 2000 01001"
        candidates = [*candidates, "".join(tokens)] if not (joined[0] or joined[1]) else ["".join(tokens)]
    nhs: set[str] = set()
    upns: set[str] = set()
    ids: set[str] = set()
    for token in candidates:
        n, u, i = _identifier_variants(token)
        nhs |= n
        upns |= u
        ids |= {x for x in i if len(x) >= 2}

    names_text = " ".join(t for t in rest.split() if not any(c.isdigit() for c in t))
    surname_first = "," in names_text
    before, _, after = names_text.partition(",")
    words = _NAME_WORD.findall(before)
    given = _NAME_WORD.findall(after) if surname_first else []
    readings = _readings(words, surname_first, given)
    if not (readings or dob or ids):
        raise SearchInputError("q", "Enter a name, a date of birth or an identifier such as an NHS number")
    return SearchTerms(
        text=text,
        name_words=tuple(words + given),
        readings=readings,
        dob=dob,
        nhs_numbers=tuple(sorted(nhs)),
        upns=tuple(sorted(upns)),
        record_ids=tuple(sorted(ids)),
    )


# ==============================================================================================================
# Matching names
# ==============================================================================================================


def _max_edits(key: str) -> int:
    """Keying errors tolerated: none in very short names (too many false friends), one, then two."""
    return 0 if len(key) < 4 else 1 if len(key) < 7 else 2


EXACT_NAME = 100


@dataclass(frozen=True)
class NameMatch:
    score: int
    reason: str  # "" for an exact match


def surname_match(typed: TypedName, stored: str | None) -> NameMatch | None:
    """How well a stored surname matches a typed one, or None."""
    key = name_key(stored)
    if not key or not typed.key:
        return None
    if key == typed.key:
        return NameMatch(EXACT_NAME, "")
    parts = name_parts(stored)
    if len(parts) > 1 and typed.key in parts:
        return NameMatch(90, "part of a double-barrelled surname")
    if len(typed.parts) > 1 and key in typed.parts:
        return NameMatch(88, "part of the double-barrelled surname typed")
    if len(typed.key) >= 2 and key.startswith(typed.key):
        return NameMatch(80, "partial surname")
    edits = OSA.distance(typed.key, key, score_cutoff=_max_edits(typed.key))
    if edits <= _max_edits(typed.key):
        return NameMatch(75 if edits == 1 else 65, "similar spelling of surname")
    if len(parts) > 1 and any(OSA.distance(typed.key, p) <= _max_edits(typed.key) for p in parts):
        return NameMatch(62, "similar spelling of part of a double-barrelled surname")
    if len(typed.key) >= 3 and jellyfish.metaphone(key) == typed.sound:
        return NameMatch(60, "surname sounds alike")
    return None


def forename_match(typed: TypedName, stored: str | None) -> NameMatch | None:
    """How well a stored forename matches a typed one, or None. A short form matches the longer name either way
    round (Dan, Danny, Daniel), which with the forenames every source holds covers most nicknames."""
    key = name_key(stored)
    if not key or not typed.key:
        return None
    if key == typed.key:
        return NameMatch(EXACT_NAME, "")
    if len(typed.key) == 1:
        return NameMatch(70, "initial") if key.startswith(typed.key) else None
    short, long = sorted((typed.key, key), key=len)
    if len(short) >= 3 and long.startswith(short):
        return NameMatch(85, "short form of the forename")
    edits = OSA.distance(typed.key, key, score_cutoff=_max_edits(typed.key))
    if edits <= _max_edits(typed.key):
        return NameMatch(75 if edits == 1 else 65, "similar spelling of forename")
    if len(typed.key) >= 3 and jellyfish.metaphone(key) == typed.sound:
        return NameMatch(60, "forename sounds alike")
    return None


class Vocabulary:
    """The distinct stored values of one kind of name (surnames or forenames), indexed for fast matching."""

    def __init__(self, names):
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.by_part: dict[str, set[str]] = defaultdict(set)
        self.by_sound: dict[str, set[str]] = defaultdict(set)
        for stored in names:
            key = name_key(stored)
            if not key:
                continue
            self.by_key[key].add(stored)
            parts = name_parts(stored)
            if len(parts) > 1:
                for part in parts:
                    self.by_part[part].add(stored)
        self.keys = sorted(self.by_key)
        self.part_keys = sorted(self.by_part)
        for key in self.keys:
            self.by_sound[jellyfish.metaphone(key)].add(key)

    def __len__(self) -> int:
        return len(self.keys)

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.keys, prefix)
        end = bisect.bisect_left(self.keys, prefix + "\x7f")
        return sorted(self.keys[start:end], key=lambda k: (len(k), k))[:MAX_PREFIX_NAMES]

    def similar(self, typed: TypedName, *, prefix: bool = True, shorter: bool = False) -> set[str]:
        """Stored names that may match ``typed``: same key, a part of it, a prefix, a keying error or two away, the
        same Metaphone, or a double-barrelled name holding any of those. ``shorter`` also takes the stored names
        the typed one starts with (Danny → Dan). The caller scores each with surname_match or forename_match."""
        key = typed.key
        if not key:
            return set()
        keys = {k for k in (key, *typed.parts) if k in self.by_key}
        parts = {key}
        if prefix and len(key) >= 2:
            keys.update(self._prefixed(key))
        if shorter:
            keys.update(key[:n] for n in range(3, len(key)) if key[:n] in self.by_key)
        edits = _max_edits(key)
        if edits:
            keys.update(
                k for k, *_ in process.extract(key, self.keys, scorer=OSA.distance, score_cutoff=edits, limit=None)
            )
            parts.update(
                k for k, *_ in process.extract(key, self.part_keys, scorer=OSA.distance, score_cutoff=edits, limit=None)
            )
        if len(key) >= 3:
            keys.update(self.by_sound.get(typed.sound, ()))
        names = {stored for k in keys for stored in self.by_key[k]}
        # Double-barrelled names holding the typed name (or a keying error of it) as one of their parts.
        names.update(stored for part in parts for stored in self.by_part.get(part, ()))
        return names


# ==============================================================================================================
# The in-memory person index
# ==============================================================================================================
#
# Why in memory: the embedded engine has no secondary indexes, so any name, date or NHS-number lookup is a scan
# of 611k records (40-150 ms each at 50,000 families, measured), and a common surname brings back thousands of
# rows that cost more to hand to Python than to find (6,350 records for "Smith": 400-500 ms through store.read,
# on Neo4j's indexes too). Candidates are therefore found and ranked in this process, from an index read once per
# completed load (four grouped queries: 23-40 s at 50,000 families on a busy two-core machine, about 70 MB held),
# and the graph is asked only for the first page of people, by primary key: a millisecond or two.


@dataclass(frozen=True)
class Posting:
    """The people whose record in one source holds one stored name in one field."""

    field: str  # surname, former_surname, preferred_surname, forename or preferred_forename
    system: str
    people: array


#: Which field's posting explains a match best when scores tie: the name a source files them under first.
_FIELD_ORDER = {"surname": 0, "forename": 0, "preferred_surname": 1, "preferred_forename": 1, "former_surname": 2}


def nhs_code(value: str) -> int | None:
    """An NHS number as an integer key (10 digits), or None."""
    return int(value) if value and _NHS_NUMBER.match(value) else None


def upn_code(value: str) -> int | None:
    """A UPN as an integer key: its letter, its 11 digits and its last character, packed without loss."""
    value = (value or "").upper()
    if not _UPN.match(value):
        return None
    return (ord(value[0]) << 48) | (int(value[1:12]) << 8) | ord(value[12])


class IdentifierTable:
    """Identifier codes (sorted, as int64) to person indexes: a few bytes an entry, found by bisection."""

    def __init__(self, pairs: list[tuple[int, int]]):
        pairs.sort()
        self.codes = array("q", (code for code, _ in pairs))
        self.people = array("i", (person for _, person in pairs))

    def __len__(self) -> int:
        return len(self.codes)

    def find(self, code: int | None) -> set[int]:
        if code is None:
            return set()
        start = bisect.bisect_left(self.codes, code)
        end = bisect.bisect_right(self.codes, code)
        return set(self.people[start:end])


class PersonIndex:
    """Every person's date of birth, the names each source holds for them, and their NHS numbers and UPNs."""

    def __init__(self, load_id: str | None):
        self.load_id = load_id
        self.person_ids: list[str] = []
        self._position: dict[str, int] = {}
        self.dobs = array("i")  # date ordinal per person, 0 when unknown
        self.by_dob: dict[int, array] = {}
        self.surname_postings: dict[str, list[Posting]] = defaultdict(list)
        self.forename_postings: dict[str, list[Posting]] = defaultdict(list)
        self.systems: set[str] = set()
        self.sources: list[dict] = []  # the connected sources and how fresh each is, as of this load
        self.nhs_numbers = IdentifierTable([])
        self.upns = IdentifierTable([])
        self.surnames = Vocabulary(())
        self.forenames = Vocabulary(())

    def __len__(self) -> int:
        return len(self.person_ids)

    def position(self, person_id: str) -> int:
        found = self._position.get(person_id)
        if found is None:
            found = self._position[person_id] = len(self.person_ids)
            self.person_ids.append(person_id)
            self.dobs.append(0)
        return found

    def positions(self, person_ids: list[str]) -> list[int]:
        try:
            return list(map(self._position.__getitem__, person_ids))  # every person came with the dates of birth
        except KeyError:  # a person written between the index's queries
            return [self.position(pid) for pid in person_ids]

    def _postings(self, rows: list[dict], fields: tuple[str, ...], target: dict[str, list[Posting]]) -> None:
        for row in rows:
            self.systems.add(row["system"])
            people = array("i", sorted(set(self.positions(row["people"]))))
            for name_field in fields:
                if row[name_field]:
                    target[row[name_field]].append(Posting(name_field, row["system"], people))
        for postings in target.values():
            postings.sort(key=lambda p: (_FIELD_ORDER[p.field], p.system))

    @classmethod
    def build(cls, store: GraphStore, load_id: str | None) -> PersonIndex:
        index = cls(load_id)
        index.sources = [
            {"system": s["system"], "name": s["name"] or s["system"], "extracted_at": s["extracted_at"]}
            for s in store.read("source_freshness")
        ]
        for row in store.read("search/index_dates_of_birth"):  # every person, once: they are numbered here
            start, ids = len(index.person_ids), row["people"]
            people = array("i", range(start, start + len(ids)))
            index.person_ids += ids
            index._position.update(zip(ids, people, strict=True))
            ordinal = row["dob"].toordinal() if row["dob"] else 0
            index.dobs += array("i", [ordinal]) * len(ids)
            if ordinal:
                index.by_dob[ordinal] = people
        index._postings(
            store.read("search/index_surnames"),
            ("surname", "former_surname", "preferred_surname"),
            index.surname_postings,
        )
        index._postings(
            store.read("search/index_forenames"), ("forename", "preferred_forename"), index.forename_postings
        )
        nhs_pairs, upn_pairs = [], []
        for row in store.read("search/index_identifiers"):
            person = index.position(row["person_id"])
            if (code := nhs_code(row["nhs_number"])) is not None:
                nhs_pairs.append((code, person))
            if (code := upn_code(row["upn"])) is not None:
                upn_pairs.append((code, person))
        index.nhs_numbers, index.upns = IdentifierTable(nhs_pairs), IdentifierTable(upn_pairs)
        index.surnames = Vocabulary(index.surname_postings)
        index.forenames = Vocabulary(index.forename_postings)
        index._position = {}  # only needed while building; person ids come back from the results
        return index


class _Slot:
    """One store's index, and whether a newer one is being built."""

    def __init__(self):
        self.index: PersonIndex | None = None
        self.lock = threading.Lock()
        self.rebuilding = False


_SLOTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SLOTS_LOCK = threading.Lock()


def _latest_load(store: GraphStore) -> str | None:
    latest = store.read("ingest/last_complete_load")
    return latest[0]["load_id"] if latest else None


def _rebuild(store: GraphStore, slot: _Slot, load_id: str | None) -> None:
    try:
        index = PersonIndex.build(store, load_id)
        with slot.lock:
            slot.index = index
    except Exception:  # keep answering from the previous load; the next search tries again
        log.exception("search: rebuilding the person index failed")
    finally:
        slot.rebuilding = False


def person_index(store: GraphStore, wait: bool = False) -> PersonIndex:
    """The store's person index, built on first use and again whenever a newer load has completed.

    The first build is waited for (start_building at start-up avoids that wait). A rebuild after a load runs in a
    background thread while searches go on answering from the previous load; ``wait`` rebuilds at once instead.
    """
    with _SLOTS_LOCK:
        slot = _SLOTS.setdefault(store, _Slot())
    latest = _latest_load(store)
    index = slot.index
    if index is not None and index.load_id == latest:
        return index
    if index is None or wait:
        with slot.lock:
            if slot.index is None or slot.index.load_id != latest:
                slot.index = PersonIndex.build(store, latest)
            return slot.index
    with slot.lock:
        start = not slot.rebuilding
        slot.rebuilding = True
    if start:
        threading.Thread(target=_rebuild, args=(store, slot, latest), name="search-index", daemon=True).start()
    return index


def start_building(store: GraphStore) -> threading.Thread:
    """Build the store's person index in the background (call at start-up: the first search then need not wait
    for it, or waits only for what is left)."""
    thread = threading.Thread(target=person_index, args=(store,), name="search-index", daemon=True)
    thread.start()
    return thread


# ==============================================================================================================
# Ranking
# ==============================================================================================================

IDENTIFIER_SCORE = 1000
DOB_EXACT = 50
DOB_CLOSE = 30


def dob_variants(dob: dt.date) -> dict[dt.date, str]:
    """The typed date and the mis-keyings a record may hold instead, with how each differs."""
    variants = {dob: ""}
    if dob.day <= 12 and dob.day != dob.month:
        variants.setdefault(dt.date(dob.year, dob.day, dob.month), "day and month swapped")
    for year in (dob.year - 1, dob.year + 1):
        try:
            variants.setdefault(dob.replace(year=year), "year differs by one")
        except ValueError:  # 29 February
            pass
    return variants


@dataclass(frozen=True)
class Hit:
    """Why a person matched a typed name: the match, and the stored name, field and source it was found in."""

    score: int
    reason: str
    stored: str
    field: str
    system: str


@dataclass
class Candidate:
    """A chosen person and why they matched (names, date of birth, identifiers)."""

    score: int
    surname: Hit | None = None
    forename: Hit | None = None
    dob_reason: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()


def _name_hits(
    typed: TypedName,
    vocabulary: Vocabulary,
    postings: dict[str, list[Posting]],
    match,
    exact_only: bool = False,
    **similar,
) -> dict[int, Hit]:
    """Every person holding a stored name that matches ``typed``, with their best match.

    Whole postings are written at once, weakest first, so that each person keeps their best match: a common
    surname's tens of thousands of people cost a few dictionary updates in C, not a Python loop.
    """
    matches = []
    for stored in vocabulary.similar(typed, **similar):
        found = match(typed, stored)
        if found is not None and (found.score == EXACT_NAME or not exact_only):
            matches.append((found, stored))
    matches.sort(key=lambda m: m[0].score)
    hits: dict[int, Hit] = {}
    for found, stored in matches:
        for posting in reversed(postings[stored]):  # postings come best field first: write it last
            hits.update(
                dict.fromkeys(posting.people, Hit(found.score, found.reason, stored, posting.field, posting.system))
            )
    return hits


@dataclass
class ReadingHits:
    """The people matching one reading of the typed names: their score, and the name hits behind it."""

    scores: dict[int, int]
    surnames: dict[int, Hit]
    forenames: dict[int, Hit]


def _reading_hits(index: PersonIndex, reading: NameReading) -> ReadingHits:
    surnames: dict[int, Hit] = {}
    forenames: dict[int, Hit] = {}
    if reading.surname is not None:
        surnames = _name_hits(reading.surname, index.surnames, index.surname_postings, surname_match)
    if reading.forename is not None:
        forenames = _name_hits(
            reading.forename,
            index.forenames,
            index.forename_postings,
            forename_match,
            # One word read as a forename: that exact forename only, or every "Jack" in town would follow.
            exact_only=reading.surname is None,
            prefix=reading.surname is not None,
            shorter=True,
        )
    if reading.surname is None:
        scores = dict.fromkeys(forenames, EXACT_NAME - reading.penalty)
    elif reading.forename is None:
        scores = {p: hit.score - reading.penalty for p, hit in surnames.items()}
    else:
        both = surnames.keys() & forenames.keys()
        scores = {p: surnames[p].score + forenames[p].score - reading.penalty for p in both}
    return ReadingHits(scores, surnames, forenames)


class Ranking:
    """Every person matching the typed names (in any reading) and date of birth, scored; the best are chosen and
    explained without building anything per person for the thousands that are not shown."""

    def __init__(self, index: PersonIndex, terms: SearchTerms):
        self.index = index
        self.readings = [_reading_hits(index, reading) for reading in terms.readings]
        scores: dict[int, int] = {}
        for reading in self.readings:
            if not scores:
                scores = dict(reading.scores)
                continue
            for person, score in reading.scores.items():
                if score > scores.get(person, score - 1):
                    scores[person] = score
        self.dob_variants: dict[int, str] = {}
        if terms.dob:
            self.dob_variants = {day.toordinal(): why for day, why in dob_variants(terms.dob).items()}
            if not terms.readings:
                scores = {p: 0 for day in self.dob_variants for p in index.by_dob.get(day, ())}
            dobs = index.dobs
            scores = {
                p: score + (DOB_CLOSE if self.dob_variants[dobs[p]] else DOB_EXACT)
                for p, score in scores.items()
                if dobs[p] in self.dob_variants
            }
        self.scores = scores

    def __len__(self) -> int:
        return len(self.scores)

    def top(self, limit: int) -> list[int]:
        """The best ``limit`` people: highest score, then youngest (unknown dates of birth last)."""
        by_score: dict[int, list[int]] = defaultdict(list)
        for person, score in self.scores.items():
            by_score[score].append(person)
        chosen: list[int] = []
        for score in sorted(by_score, reverse=True):
            if len(chosen) >= limit:
                break
            chosen += heapq.nlargest(limit - len(chosen), by_score[score], key=self.index.dobs.__getitem__)
        return chosen

    def explain(self, person: int) -> Candidate:
        """Why one person matched: the reading that scored them best, its name hits, their date of birth."""
        best = max((r for r in self.readings if person in r.scores), key=lambda r: r.scores[person], default=None)
        why = self.dob_variants.get(self.index.dobs[person]) if self.dob_variants else None
        return Candidate(
            self.scores[person],
            best.surnames.get(person) if best else None,
            best.forenames.get(person) if best else None,
            None if why is None else f"date of birth close ({why})" if why else "date of birth",
        )


# ==============================================================================================================
# The search
# ==============================================================================================================


@dataclass
class SearchOutcome:
    terms: SearchTerms
    results: list[dict]
    total: int
    sources_searched: list[dict]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.results)

    @property
    def no_match_message(self) -> str | None:
        if self.results:
            return None
        if not self.sources_searched:
            return "No match: no source has been loaded yet"
        return "No match in: " + ", ".join(s["name"] for s in self.sources_searched)

    def as_data(self) -> dict:
        """The outcome as the API returns it and the page shows it."""
        terms = self.terms
        return {
            "searched_for": {
                "text": terms.text,
                "names": list(terms.name_words),
                "dob": terms.dob,
                "nhs_numbers": list(terms.nhs_numbers),
                "upns": list(terms.upns),
                "record_ids": list(terms.record_ids),
            },
            "results": self.results,
            "total": self.total,
            "truncated": self.truncated,
            "sources_searched": self.sources_searched,
            "message": self.no_match_message,
        }


def by_identifiers(store: GraphStore, index: PersonIndex, terms: SearchTerms) -> dict[str, set[tuple[str, str]]]:
    """Person id → (kind, system) of each identifier that found them: NHS numbers and UPNs from the index, source
    record ids by primary key (every source system × the spellings of the typed id)."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for table, values, kind, code in (
        (index.nhs_numbers, terms.nhs_numbers, "NHS number", nhs_code),
        (index.upns, terms.upns, "UPN", upn_code),
    ):
        for value in values:
            for person in table.find(code(value)):
                found[index.person_ids[person]].add((kind, ""))
    keys = [f"{system}:{record_id}" for system in sorted(index.systems) for record_id in terms.record_ids]
    if keys:
        for row in store.read("search/by_record_keys", record_keys=keys):
            if row["person_id"]:
                found[row["person_id"]].add(("id", row["system"]))
    return found


def age_on(dob: dt.date | None, on: dt.date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def current_postcodes(rows: list[dict]) -> dict[str, str]:
    """Per person, the postcode of the current household (the latest joined), else of the latest residence."""
    best: dict[str, tuple] = {}
    for row in rows:
        options = []
        if row["household_postcode"]:
            options.append((2, row["household_from"] or dt.date.min, row["household_postcode"]))
        if row["residence_postcode"]:
            current = row["residence_to"] is None
            options.append(
                (int(current), row["residence_to"] or row["residence_from"] or dt.date.min, row["residence_postcode"])
            )
        for option in options:
            if row["person_id"] not in best or option[:2] > best[row["person_id"]][:2]:
                best[row["person_id"]] = option
    return {pid: option[2] for pid, option in best.items()}


def _name_reason(hit: Hit | None, displayed: str | None, kind: str, source_names: dict[str, str]) -> str:
    """Why a typed name matched, and where the name it matched is held when that is not the displayed one."""
    if hit is None:
        return ""
    where = source_names.get(hit.system, hit.system)
    if hit.field == "former_surname":
        note = f"former surname {hit.stored} in {where}"
    elif name_key(hit.stored) == name_key(displayed):
        note = ""
    elif kind == "surname":
        note = f"{'preferred ' if hit.field == 'preferred_surname' else ''}surname {hit.stored} in {where}"
    else:
        note = f"known as {hit.stored} in {where}"
    return "; ".join(part for part in (hit.reason, note) if part) or "name"


def _reasons(candidate: Candidate, person: dict, source_names: dict[str, str]) -> list[str]:
    reasons = [
        f"{source_names.get(system, system)} id" if kind == "id" else kind for kind, system in candidate.identifiers
    ]
    names = [
        _name_reason(candidate.surname, person["surname"], "surname", source_names),
        _name_reason(candidate.forename, person["forename"], "forename", source_names),
    ]
    names = [n for n in names if n]
    if "name" in names and len(names) > 1:
        names.remove("name")
    reasons += names
    if candidate.dob_reason:
        reasons.append(candidate.dob_reason)
    return reasons


def _results(
    store: GraphStore, chosen: list[tuple[str, Candidate]], source_names: dict[str, str], today: dt.date
) -> list[dict]:
    """The chosen people as the page shows them: names, age, date of birth, sex, postcode, sources with ids."""
    ids = [person_id for person_id, _ in chosen]
    if not ids:
        return []
    people: dict[str, dict] = {}
    for row in store.read("search/people", person_ids=ids):
        person = people.setdefault(row["person_id"], {**row, "sources": []})
        if row["system"] is not None:
            name = source_names.get(row["system"], row["system"])
            person["sources"].append({"system": row["system"], "name": name, "record_id": row["record_id"]})
    postcodes = current_postcodes(store.read("search/postcodes", person_ids=ids))
    results = []
    for person_id, candidate in chosen:
        person = people.get(person_id)
        if person is None:  # gone since the index was built (a newer load is being indexed)
            continue
        died = person["date_of_death"] if person["deceased"] else None
        results.append(
            {
                "person_id": person_id,
                "url": f"/people/{person_id}",
                "forename": person["forename"],
                "surname": person["surname"],
                "other_names": [n.strip() for n in (person["other_names"] or "").split(";") if n.strip()],
                "dob": person["dob"],
                "dob_estimated": bool(person["dob_estimated"]),
                "age": age_on(person["dob"], died or today),
                "sex": person["sex"],
                "deceased": bool(person["deceased"]),
                "postcode": postcodes.get(person_id),
                "sources": person["sources"],
                "restricted": bool(person["restricted"]),
                "matched_on": _reasons(candidate, person, source_names),
                "score": candidate.score,
            }
        )
    return sorted(results, key=lambda r: (-r["score"], -(r["dob"] or dt.date.min).toordinal(), r["person_id"]))


def search_people(
    store: GraphStore, terms: SearchTerms, limit: int = DEFAULT_LIMIT, today: dt.date | None = None
) -> SearchOutcome:
    """Run a parsed search: the best ``limit`` people, best match first and youngest first on a tie."""
    today = today or dt.date.today()
    limit = max(1, min(limit, MAX_LIMIT))
    index = person_index(store)
    sources = index.sources
    source_names = {s["system"]: s["name"] for s in sources}
    if terms.has_identifiers:
        found = by_identifiers(store, index, terms)
        chosen = [(pid, Candidate(IDENTIFIER_SCORE, identifiers=tuple(sorted(why)))) for pid, why in found.items()]
        total = len(chosen)
        chosen = sorted(chosen, key=lambda c: c[0])[:limit]
    else:
        ranking = Ranking(index, terms)
        total = len(ranking)
        chosen = [(index.person_ids[p], ranking.explain(p)) for p in ranking.top(limit)]
    return SearchOutcome(terms, _results(store, chosen, source_names, today), total, sources)


def search(
    store: GraphStore, text: str | None, dob: str | None = None, limit: int = DEFAULT_LIMIT, today=None
) -> SearchOutcome:
    """Parse and run a search (SearchInputError when the text cannot be searched)."""
    return search_people(store, parse_search(text, dob, today), limit, today)


def as_role_may_see(data: dict, role: str) -> dict:
    """A search outcome (``SearchOutcome.as_data()``) as `role` may see it (policy/access.yaml): restricted people
    the role may not open are left out altogether (a "restricted" row would say who matched), and so are the
    sources the role may not know hold a record."""
    policy = active_policy()
    results = []
    for result in data["results"]:
        if not policy.may_see_person(role, result):
            continue
        sources = [s for s in result["sources"] if policy.source_visible(role, s["system"])]
        results.append({**result, "sources": sources})
    left_out = len(data["results"]) - len(results)
    searched = [s for s in data["sources_searched"] if policy.source_visible(role, s["system"])]
    message = data["message"]
    if not results and searched:
        message = "No match in: " + ", ".join(s["name"] for s in searched)
    return {
        **data,
        "results": results,
        "total": data["total"] - left_out,
        "sources_searched": searched,
        "message": message,
    }
