"""Render LAYOUTS.md from ``layouts.py`` (``python -m ingest.synth.docs``)."""

from __future__ import annotations

from pathlib import Path

from .dates import FORMATS
from .invalid import REASONS
from .layouts import SOURCES, Col, FileSpec, SourceSpec

HERE = Path(__file__).parent

INTRO = """\
# Extract layouts of the synthetic sources

Generated from `ingest/synth/layouts.py` by `python -m ingest.synth.docs`; do not edit by hand.

`python -m ingest.synth --families N --seed S --out DIR [--as-of YYYY-MM-DD] [--messiness low|default|high]`
writes `DIR/extracts/<source>/<file>.csv` (what the ingest reads) and `DIR/ground_truth/*.csv`
(the answers, never read by the ingest). A seed fixes one simulated history of a fictional
borough (Westmoor, 2019-2028); `--as-of` (default 2026-11-01) only cuts it: events after the
as-of date are absent, episodes still running then have a blank end date, and people born
later do not exist yet. Two extracts of the same seed a month apart differ only by that month.

## Conventions common to all files

* Each source folder also holds `manifest.json`: `{{"source": "<source>", "extracted_at": "<as-of date, yyyy-mm-dd>"}}`.
* UTF-8 (names may contain letters such as `ś`, `ł`, `ë`), comma separated, first row is the
  header, values quoted only when needed (standard CSV, Python `csv` module), `\\n` line ends.
* An empty value means "not recorded" / "still open". There is no other null marker.
* Every file has a record id column (unique within the file); files are sorted by it. Record
  ids are source-specific and look arbitrary: they never encode the person.
* Each source writes dates in **its own** format (table below). Date-of-birth values can be
  wrong in realistic ways (day and month swapped, off by one day/ten days/a year, estimated as
  01/01 or 01/07 of the year).
* Names are typed by people: nicknames and spelling variants (Robert/Bob, Mohammed/Muhammad,
  Katherine/Catherine), keying errors, upper/lower case and stray spaces, double-barrelled
  surnames recorded in full, with a space, or as one part, old surnames not updated after a
  marriage or a child taking a step-parent's surname, female-only surnames (Begum, Bibi,
  Khatun) and Polish feminine forms (Kowalski/Kowalska) within one family.
* Addresses are synthetic: `line 1` is "house number + street" or "Flat n, Block name",
  `line 2` a locality (houses) or the street (flats), then the town. Postcodes are in valid UK
  format but use the made-up areas `WQ` (the borough) and `YX` (out-of-area foster
  placements). UPRNs are 12 digits starting `10`; only some sources carry them.
* NHS numbers (10 digits, modulus 11 check digit) come from the 999 test range. UPNs are 13
  characters: check letter + LA code `899` + 4-digit establishment number + 2-digit year + 3-character
  serial; a temporary UPN ends in a letter. Check-digit helpers: `ingest/identifiers.py`.
* Professionals' phone numbers are Ofcom drama numbers (`01xx 496 0xxx`, `07700 900xxx`) and
  e-mail domains are subdomains of `example.org`.
* The same real person can have two record ids in one source (duplicate registration), and an
  identifier can occasionally be plausible but wrong (e.g. the mother's NHS number keyed on her
  baby's record).
* A small share of rows (about 0.2 % at `low`, 0.7 % at `default`, 1.2 % at `high` of the rows of
  the files that list "possible invalid values") is plainly invalid, one field per row. Reasons:
  {reasons}. They are listed in `ground_truth/invalid_rows.csv`.

## Date formats

| source | format | example |
|---|---|---|
{date_rows}

## Identifiers carried by each source

| source | record ids | national / shared identifiers | how one person's rows are tied together |
|---|---|---|---|
{id_rows}
"""

ID_SUMMARY = {
    "csc": (
        "PERSON_ID (persons), REL_ID, ADDRESS_ID, EPISODE_ID, WORKER_ID",
        "NHS number (about half), UPN (about half of children), UPRN on addresses (most)",
        "PERSON_ID across all csc files",
    ),
    "early_help": (
        "FamilyRef, MemberID, EpisodeRef",
        "none",
        "FamilyRef groups a family; no person id across families",
    ),
    "schools": (
        "PupilRef, EnrolmentID, URN",
        "UPN (nearly all), FormerUPN (some), UPRN (most)",
        "PupilRef (pupils, enrolments); a re-registered child has two PupilRefs",
    ),
    "health": (
        "PatientID, CaseloadID, StaffID",
        "NHS number (nearly all)",
        "PatientID (patients, caseload, MainCarerPatientID)",
    ),
    "police": (
        "NotificationRef, SubjectID, CollarNo",
        "none (PersonRef is a police nominal id)",
        "PersonRef when present; otherwise nothing",
    ),
    "housing": (
        "TenancyRef, MemberRowID, OfficerCode",
        "UPRN of the tenancy property",
        "nothing: members are listed per tenancy",
    ),
    "adult_mental_health": ("ClientID, EpisodeID, StaffID", "NHS number (mostly)", "ClientID (clients, episodes)"),
    "substance_misuse": ("ReferralID", "NHS number (a minority)", "ClientRef across referrals"),
    "youth_justice": ("YPID, InterventionID, CaseManagerID", "UPN (under half)", "YPID (young_people, interventions)"),
}

TRUTH = """\
## Ground truth (`ground_truth/`, not for the ingest)

| file | columns | meaning |
|---|---|---|
| `people.csv` | person_id, family_id, family_role, forename, middle_names, surname, birth_surname, dob, sex, ethnicity, nhs_number, upn, deceased, date_of_death | every simulated person who exists at the as-of date; `surname` as at the as-of date; `upn` once issued; NHS number blank for a few recent arrivals |
| `households.csv` | household_id, person_id, address_id, uprn, postcode, valid_from, valid_to, residence_type | true residence: a household is one group living at one address (a move starts a new household id); `residence_type` primary, secondary (regular stays with the other parent, overlapping the primary one) or placement (care placement; foster homes and children's homes are shared across families) |
| `relationships.csv` | person_a, person_b, type, subtype, valid_from, valid_to | `parent` (a is parent of b; subtype birth or step; step ends when the partnership ends), `partner` (ends at separation or death), `sibling` (full or half), `grandparent` (a of b) |
| `addresses.csv` | address_id, uprn, line1, line2, town, postcode | the true addresses referenced by households.csv |
| `records.csv` | source, file, record_id, person_id | the true person behind every row of every person file (marked "person rows" below) |
| `invalid_rows.csv` | source, file, row_number, record_id, field, reason | deliberately invalid rows; row_number counts data rows from 1 (header excluded) |
| `families.csv` | family_id, need, flags, known_to | simulation family, latent need (0-1), scenario flags (da, mh, sm, lac, siblings_apart, shared_care_actual, kinship, complex, ...), sources with rows for the family |
| `professionals.csv` | professional_id, name, role, team, organisation, phone, email, source, source_id | every professional; source_id is their id in `source` (blank for early help / substance misuse staff, who appear inline) |

Dates in ground truth are ISO `yyyy-mm-dd`; an empty `valid_to` means current at the as-of date.
"""


def _fmt_col(c: Col, date_format: str) -> str:
    if c.kind == "date":
        return f"date `{date_format}`"
    if c.kind == "code":
        return "code (list below)"
    if c.kind == "flags":
        return "`;`-separated codes (list below)"
    return {"id": "id", "nhs": "NHS number", "upn": "UPN", "int": "integer"}.get(c.kind, "text")


def _file(spec: FileSpec, src: SourceSpec) -> list[str]:
    lines = [f"### `{spec.source}/{spec.name}`", "", spec.desc, ""]
    lines.append(
        f"* Record id: `{spec.record_id}`"
        + (" (person rows: listed in ground_truth/records.csv)" if spec.person_file else "")
    )
    if spec.ties:
        lines.append(f"* {spec.ties}")
    if spec.invalid:
        opts = []
        for o in spec.invalid:
            parts = o.split(":")
            opts.append(f"`{parts[0]}` {parts[1]}" + (f" (vs `{parts[2]}`)" if len(parts) > 2 else ""))
        lines.append("* Possible invalid values: " + "; ".join(opts))
    lines += ["", "| column | meaning | format | required |", "|---|---|---|---|"]
    for c in spec.cols:
        lines.append(f"| `{c.name}` | {c.desc} | {_fmt_col(c, src.date_format)} | {'yes' if c.required else ''} |")
    coded = [c for c in spec.cols if c.codes]
    for c in coded:
        lines += ["", f"Codes for `{c.name}`: " + ", ".join(f"`{k}` {v}".rstrip() for k, v in c.codes.items())]
    lines.append("")
    return lines


def render() -> str:
    date_rows = "\n".join(f"| {s.name} | `{s.date_format}` | {FORMATS[s.date_format][2]} |" for s in SOURCES)
    id_rows = "\n".join(
        f"| {s.name} | {a} | {b} | {c} |" for s, (a, b, c) in ((s, ID_SUMMARY[s.name]) for s in SOURCES)
    )
    out = [INTRO.format(reasons=", ".join(f"`{r}`" for r in REASONS), date_rows=date_rows, id_rows=id_rows)]
    for s in SOURCES:
        out += [f"## Source `{s.name}`: {s.title}", "", s.desc, "", f"Date format: `{s.date_format}`.", ""]
        for f in s.files:
            out += _file(f, s)
    out.append(TRUTH)
    return "\n".join(out)


def main() -> None:
    (HERE / "LAYOUTS.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
