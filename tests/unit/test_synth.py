"""Tests for the synthetic data generator (ingest.synth) and identifier helpers."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from ingest.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    make_nhs_number,
    make_upn,
    nhs_check_digit,
    upn_check_letter,
)
from ingest.synth import generate
from ingest.synth.dates import parse
from ingest.synth.layouts import ADULT_ONLY, FILES, date_format

AS_OF = "2026-11-01"
LATER = "2026-12-01"
FAMILIES = 150


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*.csv"))}


@pytest.fixture(scope="module")
def high(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("high")
    generate(FAMILIES, 7, out, AS_OF, "high")
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    a = tmp_path_factory.mktemp("asof_a")
    b = tmp_path_factory.mktemp("asof_b")
    generate(FAMILIES, 11, a, AS_OF, "high")
    generate(FAMILIES, 11, b, LATER, "high")
    return a, b


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generate(300, 42, out, AS_OF)
    return out


def invalid_index(root: Path) -> dict[tuple[str, str], dict[int, dict]]:
    idx: dict[tuple[str, str], dict[int, dict]] = defaultdict(dict)
    for r in read(root / "ground_truth" / "invalid_rows.csv"):
        idx[(r["source"], r["file"])][int(r["row_number"])] = r
    return idx


# ----------------------------------------------------------------- identifiers
def test_nhs_check_digit_known_values():
    assert nhs_check_digit("943476591") == 9
    assert is_valid_nhs_number("9434765919")
    assert is_valid_nhs_number("943 476 5919")
    assert is_valid_nhs_number("943-476-5919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("943476591")
    assert not is_valid_nhs_number("")
    assert not is_valid_nhs_number(None)


def test_nhs_make_round_trip():
    made = 0
    for i in range(2000):
        n = make_nhs_number(f"999{i:06d}")
        if n is None:  # remainder 1: no valid number with these nine digits
            assert nhs_check_digit(f"999{i:06d}") is None
            continue
        made += 1
        assert is_valid_nhs_number(n)
        for wrong in range(10):
            if wrong != int(n[-1]):
                assert not is_valid_nhs_number(n[:-1] + str(wrong))
    assert made > 1700


def test_upn_check_letter_and_temporary():
    assert upn_check_letter("801200001001") == "H"
    assert is_valid_upn("H801200001001")
    assert not is_valid_upn("A801200001001")
    assert not is_valid_upn("H80120000100")
    for serial in range(0, 2300, 37):
        perm = make_upn(899, 2001, 2024, serial % 1000)
        temp = make_upn(899, 2001, 2024, serial, temporary=True)
        assert is_valid_upn(perm) and is_valid_upn(temp)
        assert temp[-1].isalpha() and perm[-1].isdigit()
        bad = ("B" if perm[0] != "B" else "C") + perm[1:]
        assert not is_valid_upn(bad)


# ---------------------------------------------------------------- generator
def test_determinism(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(60, 123, a, AS_OF, "default")
    generate(60, 123, b, AS_OF, "default")
    da, db = digest(a), digest(b)
    assert da == db
    assert len(da) == len(FILES) + 8
    c = tmp_path / "c"
    generate(60, 124, c, AS_OF, "default")
    assert digest(c) != da


def test_headers_match_layouts(high):
    for key, spec in FILES.items():
        with open(high / "extracts" / spec.source / spec.name, newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == spec.columns, key


def test_every_person_record_is_in_ground_truth(high):
    records = {
        (r["source"], r["file"], r["record_id"]): r["person_id"] for r in read(high / "ground_truth" / "records.csv")
    }
    people = {r["person_id"] for r in read(high / "ground_truth" / "people.csv")}
    assert set(records.values()) <= people
    seen = set()
    for spec in FILES.values():
        if not spec.person_file:
            continue
        for row in read(high / "extracts" / spec.source / spec.name):
            key = (spec.source, spec.name, row[spec.record_id])
            assert key in records, key
            seen.add(key)
    assert seen == set(records)


def test_record_ids_unique(high):
    for spec in FILES.values():
        ids = [r[spec.record_id] for r in read(high / "extracts" / spec.source / spec.name)]
        assert len(ids) == len(set(ids)), spec.key


def _check_value(spec, col, value: str, fmt: str, as_of: date) -> str | None:
    """Reason the value is invalid (in the generator's vocabulary), or None."""
    c = spec.col(col)
    if not value:
        return "missing_required_field" if c.required else None
    if c.kind == "date":
        d = parse(value, fmt)
        if d is None:
            return "unparseable_date"
        if col in ("DOB", "DateOfBirth") and d > as_of:
            return "dob_in_future"
    if c.kind == "nhs" and not is_valid_nhs_number(value):
        return "invalid_nhs_check_digit"
    if c.kind == "upn" and not is_valid_upn(value):
        return "invalid_upn_check_letter"
    if c.kind == "code" and value not in c.codes:
        return "unknown_code"
    if c.kind == "flags" and any(f not in c.codes for f in value.split(";")):
        return "unknown_code"
    return None


def _row_problems(spec, row: dict, as_of: date) -> list[tuple[str, str]]:
    fmt = date_format(spec.source)
    problems = []
    for col in spec.columns:
        reason = _check_value(spec, col, row[col], fmt, as_of)
        if reason:
            problems.append((col, reason))
    for opt in spec.invalid:
        parts = opt.split(":")
        if parts[1] == "end_before_start":
            end, start = parse(row[parts[0]], fmt), parse(row[parts[2]], fmt)
            if end and start and end < start:
                problems.append((parts[0], "end_before_start"))
    return problems


@pytest.mark.parametrize("fixture", ["high", "sample"])
def test_invalid_rows_are_exactly_the_listed_ones(fixture, request):
    root = request.getfixturevalue(fixture)
    as_of = date.fromisoformat(AS_OF)
    listed = invalid_index(root)
    total_rows = 0
    for spec in FILES.values():
        rows = read(root / "extracts" / spec.source / spec.name)
        total_rows += len(rows)
        marks = listed.get((spec.source, spec.name), {})
        for n, row in enumerate(rows, start=1):
            assert not any(v.startswith("(") or v in ("None", "nan") for v in row.values()), row
            problems = _row_problems(spec, row, as_of)
            if n in marks:
                m = marks[n]
                assert m["record_id"] == row[spec.record_id]
                assert (m["field"], m["reason"]) in problems, (spec.key, n, m, problems)
                assert len(problems) == 1, (spec.key, n, problems)
            else:
                assert not problems, (spec.key, n, problems, row)
    n_invalid = sum(len(v) for v in listed.values())
    assert 0.002 * total_rows < n_invalid < 0.03 * total_rows


def test_nhs_and_upn_values_valid_unless_listed(high):
    listed = invalid_index(high)
    checked = {"nhs": 0, "upn": 0}
    for spec in FILES.values():
        cols = [c for c in spec.cols if c.kind in ("nhs", "upn")]
        if not cols:
            continue
        marks = listed.get((spec.source, spec.name), {})
        for n, row in enumerate(read(high / "extracts" / spec.source / spec.name), start=1):
            for c in cols:
                v = row[c.name]
                if not v:
                    continue
                ok = is_valid_nhs_number(v) if c.kind == "nhs" else is_valid_upn(v)
                flagged = n in marks and marks[n]["field"] == c.name
                assert ok != flagged, (spec.key, n, c.name, v)
                checked[c.kind] += 1
    assert checked["nhs"] > 200 and checked["upn"] > 100
    for p in read(high / "ground_truth" / "people.csv"):
        assert not p["nhs_number"] or is_valid_nhs_number(p["nhs_number"])
        assert not p["upn"] or is_valid_upn(p["upn"])


def test_adult_only_sources_have_no_children(high):
    as_of = date.fromisoformat(AS_OF)
    dob = {p["person_id"]: date.fromisoformat(p["dob"]) for p in read(high / "ground_truth" / "people.csv")}
    n = 0
    for r in read(high / "ground_truth" / "records.csv"):
        if r["source"] in ADULT_ONLY:
            d = dob[r["person_id"]]
            assert (as_of.year - d.year - ((as_of.month, as_of.day) < (d.month, d.day))) >= 18, r
            n += 1
    assert n > 0


def _by_id(root: Path, spec) -> dict[str, dict]:
    return {r[spec.record_id]: r for r in read(root / "extracts" / spec.source / spec.name)}


def test_as_of_truncation(pair):
    a, b = pair
    cut = AS_OF
    # people: subset with identical fixed attributes
    pa = {p["person_id"]: p for p in read(a / "ground_truth" / "people.csv")}
    pb = {p["person_id"]: p for p in read(b / "ground_truth" / "people.csv")}
    assert set(pa) <= set(pb) and len(pb) >= len(pa)
    for pid, p in pa.items():
        q = pb[pid]
        for f in ("family_id", "forename", "birth_surname", "dob", "sex", "nhs_number"):
            assert p[f] == q[f], (pid, f)
        assert all(q["dob"] <= LATER for q in pb.values())

    # households and relationships: the later truth cut at the earlier date
    def cut_rows(rows, start, end):
        out = []
        for r in rows:
            if r[start] > cut:
                continue
            r = dict(r)
            if not r[end] or r[end] > cut:
                r[end] = ""
            out.append(tuple(r.values()))
        return sorted(out)

    for name, start, end in (
        ("households.csv", "valid_from", "valid_to"),
        ("relationships.csv", "valid_from", "valid_to"),
    ):
        ra = sorted(tuple(r.values()) for r in read(a / "ground_truth" / name))
        rb = cut_rows(read(b / "ground_truth" / name), start, end)
        assert ra == rb, name

    # records: every earlier record still exists, for the same person
    ra = {(r["file"], r["record_id"]): r["person_id"] for r in read(a / "ground_truth" / "records.csv")}
    rb = {(r["file"], r["record_id"]): r["person_id"] for r in read(b / "ground_truth" / "records.csv")}
    assert ra.items() <= rb.items()
    assert len(rb) > len(ra)

    # extracts: same ids; dates, codes and ids already known never change
    inv_a, inv_b = invalid_index(a), invalid_index(b)
    for spec in FILES.values():
        rows_a = read(a / "extracts" / spec.source / spec.name)
        rows_b = _by_id(b, spec)
        bad_a = {inv["record_id"] for inv in inv_a.get((spec.source, spec.name), {}).values()}
        bad_b = {inv["record_id"] for inv in inv_b.get((spec.source, spec.name), {}).values()}
        stable = [c.name for c in spec.cols if c.kind in ("date", "code", "id", "nhs")]
        for row in rows_a:
            rid = row[spec.record_id]
            assert rid in rows_b, (spec.key, rid)
            if rid in bad_a or rid in bad_b:
                continue
            other = rows_b[rid]
            for col in stable:
                if row[col]:
                    assert row[col] == other[col], (spec.key, rid, col, row[col], other[col])
        # something happened in the extra month
    csc_a = len(read(a / "extracts" / "csc" / "episodes.csv"))
    csc_b = len(read(b / "extracts" / "csc" / "episodes.csv"))
    assert csc_b >= csc_a


def test_as_of_out_of_range(tmp_path):
    with pytest.raises(ValueError):
        generate(5, 1, tmp_path, "2031-01-01")


def test_sample_contains_showcase_situations(sample):
    gt = sample / "ground_truth"
    people = {p["person_id"]: p for p in read(gt / "people.csv")}
    fams = read(gt / "families.csv")
    assert sum(len(f["known_to"].split(";")) >= 4 for f in fams) >= 10
    episodes = read(sample / "extracts" / "csc" / "episodes.csv")
    kinds = {e["EPISODE_TYPE"] for e in episodes}
    assert {"CONT", "REFR", "CIN", "CPP", "LAC"} <= kinds
    # siblings placed apart: siblings in different placement households at the same time
    placements = defaultdict(list)
    for h in read(gt / "households.csv"):
        if h["residence_type"] == "placement":
            placements[h["person_id"]].append(h)
    apart = 0
    for r in read(gt / "relationships.csv"):
        if r["type"] != "sibling":
            continue
        for x in placements.get(r["person_a"], []):
            for y in placements.get(r["person_b"], []):
                if (
                    x["household_id"] != y["household_id"]
                    and x["valid_from"] <= (y["valid_to"] or "9999")
                    and y["valid_from"] <= (x["valid_to"] or "9999")
                ):
                    apart += 1
    assert apart >= 1
    # a DA notification with a child under two present
    rec = {(r["file"], r["record_id"]): r["person_id"] for r in read(gt / "records.csv")}
    notes = {n["NotificationRef"]: n for n in read(sample / "extracts" / "police" / "notifications.csv")}
    under_two = 0
    for s in read(sample / "extracts" / "police" / "subjects.csv"):
        n = notes[s["NotificationRef"]]
        if n["TypeCode"] in ("DA", "DAC") and s["Role"] == "CHP":
            when = parse(n["NotificationDate"], "dd-MMM-yyyy")
            dob = date.fromisoformat(people[rec[("subjects.csv", s["SubjectID"])]]["dob"])
            if when and (when - dob).days < 730:
                under_two += 1
    assert under_two >= 1
    # twins (same family, surname and dob, different forenames) and a junior (same full name as a parent)
    groups = defaultdict(list)
    for p in people.values():
        groups[(p["family_id"], p["birth_surname"], p["dob"])].append(p["forename"])
    assert any(len(v) >= 2 and len(set(v)) == len(v) for v in groups.values())
    parents = [
        (r["person_a"], r["person_b"])
        for r in read(gt / "relationships.csv")
        if r["type"] == "parent" and r["subtype"] == "birth"
    ]
    assert any(
        people[a]["forename"] == people[b]["forename"] and people[a]["surname"] == people[b]["surname"]
        for a, b in parents
    )
    # some people are known to a source twice (duplicate records)
    per_person = defaultdict(int)
    for (f, _rid), pid in rec.items():
        if f == "persons.csv":
            per_person[pid] += 1
    assert any(n > 1 for n in per_person.values())


def test_layouts_doc_is_current():
    from ingest.synth import docs

    assert (docs.HERE / "LAYOUTS.md").read_text(encoding="utf-8") == docs.render()


def test_shipped_sample_is_reproducible(sample, tmp_path_factory):
    """sample_data/ is exactly `python -m ingest.synth --families 300 --seed 42 --out sample_data`, and
    sample_data/previous/ the same city a month earlier (`--as-of 2026-10-01`, extracts only)."""
    shipped = Path(__file__).resolve().parents[2] / "sample_data"
    current = {k: v for k, v in digest(shipped).items() if not k.startswith("previous/")}
    assert current == digest(sample)
    earlier = tmp_path_factory.mktemp("previous")
    generate(300, 42, earlier, "2026-10-01", "default")
    assert digest(shipped / "previous" / "extracts") == digest(earlier / "extracts")
