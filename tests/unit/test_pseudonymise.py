"""Pseudonymised exports: keyed, stable pseudonyms; coarsened quasi-identifiers; unknown columns left out; and every
saved cohort's columns decided (a new cohort column that the rules do not know fails here, not in an export)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from app.services.pseudonymise import (
    Pseudonymiser,
    PseudonymKeyMissing,
    column_kind,
    export_columns,
    export_key,
    pseudonymised_csv,
)
from graph.cohorts import load_cohorts

KEY = b"0123456789abcdef0123456789abcdef"


def test_pseudonyms_are_stable_keyed_and_kind_specific():
    one, other = Pseudonymiser(KEY), Pseudonymiser(b"another key of thirty-two chars!")
    assert one.pseudonym("person_id", "P1") == one.pseudonym("person_id", "P1")
    assert one.pseudonym("person_id", "P1") != one.pseudonym("person_id", "P2")
    assert one.pseudonym("person_id", "P1") != other.pseudonym("person_id", "P1")
    assert one.pseudonym("person_id", "P1").startswith("P-") and len(one.pseudonym("person_id", "P1")) == 18
    assert one.pseudonym("household_id", "H1").startswith("H-")
    # A sibling's id is a person id: the same person has the same pseudonym in either column.
    assert one.pseudonym("sibling_id", "P1") == one.pseudonym("person_id", "P1")
    assert one.pseudonym("sibling_household_id", "H1") == one.pseudonym("household_id", "H1")
    # A surname equal to an identifier's text still gets a different pseudonym.
    assert one.pseudonym("surname", "P1") != one.pseudonym("person_id", "P1")
    assert one.pseudonym("surname", "Smith") == one.pseudonym("sibling_surname", "Smith")
    assert one.pseudonym("person_id", None) == ""


def test_quasi_identifiers_are_coarsened():
    p = Pseudonymiser(KEY)
    assert p.value("dob", dt.date(2019, 5, 17)) == "2019-05"
    assert p.value("sibling_dob", dt.date(2001, 1, 2)) == "2001-01"
    assert p.value("postcode", "le1 7rh") == "LE1"
    assert p.value("postcode", "SW1A 1AA") == "SW1A"
    assert p.value("services", 4) == "4"
    assert p.value("changed_on", dt.date(2026, 10, 1)) == "2026-10-01"


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("person_id", "identifier"),
        ("sibling_id", "identifier"),
        ("nhs_number", "identifier"),
        ("upn", "identifier"),
        ("forename", "name"),
        ("sibling_surname", "name"),
        ("lead_name", "name"),
        ("dob", "dob"),
        ("postcode", "postcode"),
        ("services", "keep"),
        ("earliest_start_date", "keep"),
        ("address_line1", "drop"),
        ("notes", "drop"),
        ("phone", "drop"),
    ],
)
def test_columns_are_classified(column, kind):
    assert column_kind(column) == kind


def test_unknown_columns_are_left_out_and_named():
    columns = ["person_id", "forename", "dob", "address_line1", "services"]
    kept, dropped = export_columns(columns)
    assert kept == ["person_id", "forename", "dob", "services"] and dropped == ["address_line1"]
    rows = [
        {"person_id": "P1", "forename": "Ann", "dob": dt.date(2020, 2, 2), "address_line1": "1 High St", "services": 3}
    ]
    lines = list(csv.reader(io.StringIO(pseudonymised_csv(columns, rows, Pseudonymiser(KEY)))))
    assert lines[0] == ["person_id", "forename", "dob_month", "services"]
    assert "1 High St" not in lines[1] and "Ann" not in lines[1] and "P1" not in lines[1]


@pytest.mark.parametrize("name", sorted(load_cohorts()))
def test_every_saved_cohorts_columns_are_decided_for_export(name):
    cohort = load_cohorts()[name]
    assert cohort.columns, f"{name}: declare its columns in the header (// Columns: ...)"
    assert export_columns(list(cohort.columns))[1] == [], (
        f"{name}: decide these columns in app/services/pseudonymise.py"
    )


def test_the_key_comes_from_the_environment_and_production_has_no_default(tmp_path, monkeypatch):
    assert export_key({"PSEUDONYM_KEY": "x" * 40, "FAMILYGRAPH_MODE": "production"}) == b"x" * 40
    with pytest.raises(PseudonymKeyMissing, match="FAMILYGRAPH_PSEUDONYM_KEY"):
        export_key({"PSEUDONYM_KEY": "", "FAMILYGRAPH_MODE": "production"})
    monkeypatch.setattr("app.services.pseudonymise.DEMO_KEY_FILE", tmp_path / "demo.key")
    demo = export_key({"PSEUDONYM_KEY": "", "FAMILYGRAPH_MODE": "demo"})
    assert len(demo) == 64 and export_key({"FAMILYGRAPH_MODE": "demo"}) == demo  # kept, so stable across restarts
    assert (tmp_path / "demo.key").stat().st_mode & 0o777 == 0o600
