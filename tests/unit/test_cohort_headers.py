"""The cohort library's headers and form input (graph/cohorts.py): every cohort file reads cleanly, names real
roles and follows the column naming the pseudonymised export relies on; a bad header names its file; bad form
input says, per field, what is expected."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.policy import load_policy
from app.users import ROLES
from graph.cohorts import (
    COHORTS_DIR,
    REQUIRED_COLUMNS,
    CohortDefinitionError,
    CohortInputError,
    CohortParam,
    load_cohorts,
    parse_cohort,
    subtract,
)
from graph.named_queries import load_library

D = dt.date
COHORTS = load_cohorts()
EXPECTED = {
    "under_fives_households_adult_services",
    "cp_plan_household_changed",
    "families_known_to_many_services",
    "open_csc_without_lead_practitioner",
    "siblings_placed_apart",
    "domestic_abuse_with_baby",
    "youth_justice_siblings_in_early_help",
}


def header(**overrides) -> str:
    lines = {
        "Title": "Test cohort",
        "Description": "Children under 18 on the date.",
        "Params": "as_at (date, default today: the date), days (integer, default 90, min 1: how far back)",
        "Derived": "since = as_at - days days",
        "Columns": "person_id, forename, surname, dob, household_id",
        "Roles": "analyst, admin",
        "Mode": "read",
        "Answers": "test",
    }
    lines.update(overrides)
    text = "".join(f"// {key}: {value}\n" for key, value in lines.items() if value is not None)
    return text + (
        "MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) WHERE p.dob <= $as_at AND m.valid_from >= $since\n"
        "RETURN p.person_id AS person_id, p.forename AS forename, p.surname AS surname, p.dob AS dob,\n"
        "       h.household_id AS household_id\n"
    )


# -- the shipped cohorts ---------------------------------------------------------------------------------------------
def test_every_cohort_file_parses_and_the_library_is_ordered_by_title():
    files = {p.stem for p in COHORTS_DIR.glob("*.cypher") if "." not in p.stem}
    assert set(COHORTS) == files == EXPECTED
    titles = [c.title.lower() for c in COHORTS.values()]
    assert titles == sorted(titles)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_cohort_is_a_documented_read_query(name):
    cohort = COHORTS[name]
    query = load_library()[cohort.query_name]
    assert query.mode == "read" and query.answers
    assert len(cohort.description) > 100, "say in plain English what counts and why"
    assert cohort.text.startswith("MATCH") and "// Title:" not in cohort.text
    assert [p.name for p in cohort.params][0] == "as_at"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_cohort_names_roles_that_exist_and_may_open_the_cohort_pages(name):
    roles = COHORTS[name].roles
    assert roles and roles <= set(ROLES)
    assert roles <= load_policy().pages["pages.cohort"], "a role the policy keeps off the cohort page cannot run it"


def test_front_door_may_run_the_lead_practitioner_cohort():
    assert {"front_door", "analyst", "admin"} <= COHORTS["open_csc_without_lead_practitioner"].roles
    assert COHORTS["open_csc_without_lead_practitioner"].allows("front_door")
    assert not COHORTS["families_known_to_many_services"].allows("front_door")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_columns_follow_the_export_naming(name):
    """The pseudonymised export replaces person_id, household_id, *_id and forename, surname, *_forename,
    *_surname, *_name: any other column must carry neither an identifier nor a name."""
    columns = COHORTS[name].columns
    assert columns[: len(REQUIRED_COLUMNS)] == REQUIRED_COLUMNS
    for column in columns[len(REQUIRED_COLUMNS) :]:
        if re.search(r"(^|_)(id|ids|identifier)($|_)", column):
            assert column.endswith("_id"), column
        if re.search(r"name", column):
            assert column.endswith(("_forename", "_surname", "_name")), column


# -- form input ------------------------------------------------------------------------------------------------------
def test_arguments_apply_defaults_and_derive_the_cut_off_dates():
    cohort = COHORTS["cp_plan_household_changed"]
    assert cohort.arguments({"as_at": "2026-11-01", "csrf_token": "ignored"}) == {
        "as_at": D(2026, 11, 1),
        "days": 90,
        "changed_since": D(2026, 8, 3),
        "children_born_after": D(2008, 11, 1),
    }
    today = dt.date.today()
    assert cohort.arguments({"as_at": "", "days": " 7 "})["changed_since"] == today - dt.timedelta(days=7)


def test_arguments_report_every_bad_field_at_once():
    cohort = COHORTS["families_known_to_many_services"]
    with pytest.raises(CohortInputError) as caught:
        cohort.arguments({"as_at": "01/11/2026", "min_services": "four", "months": "0"})
    errors = caught.value.errors
    assert set(errors) == {"as_at", "min_services", "months"}
    assert "as_at" in errors["as_at"] and "yyyy-mm-dd" in errors["as_at"]
    assert "min_services" in errors["min_services"] and "whole number" in errors["min_services"]
    assert "months" in errors["months"] and "from 1 to 120" in errors["months"]
    assert isinstance(caught.value, ValueError)


def test_a_cut_off_before_the_calendar_is_an_input_error_on_the_date():
    with pytest.raises(CohortInputError) as caught:
        COHORTS["cp_plan_household_changed"].arguments({"as_at": "0001-01-05", "days": "30"})
    assert "as_at" in caught.value.errors


@pytest.mark.parametrize(
    "param, raw, value",
    [
        (CohortParam("as_at", "date", "2026-11-01", "d"), None, D(2026, 11, 1)),
        (CohortParam("as_at", "date", "today", "d"), "  ", dt.date.today()),
        (CohortParam("as_at", "date", None, "d"), "2024-02-29", D(2024, 2, 29)),
        (CohortParam("days", "integer", "90", "d", 1, 3660), "+12", 12),
        (CohortParam("flag", "boolean", None, "d"), None, False),
        (CohortParam("flag", "boolean", "no", "d"), "on", True),
        (CohortParam("flag", "boolean", "yes", "d"), "No", False),
        (CohortParam("word", "text", None, "d"), "  Smith ", "Smith"),
    ],
)
def test_coerce_reads_what_a_form_sends(param, raw, value):
    assert param.coerce(raw) == value


@pytest.mark.parametrize(
    "param, raw, words",
    [
        (CohortParam("as_at", "date", None, "d"), None, ["as_at", "enter", "yyyy-mm-dd"]),
        (CohortParam("as_at", "date", None, "d"), "2026-02-30", ["as_at", "yyyy-mm-dd", "2026-02-30"]),
        (CohortParam("as_at", "date", None, "d"), "20261101", ["as_at", "yyyy-mm-dd"]),
        (CohortParam("days", "integer", None, "d"), "1.5", ["days", "whole number"]),
        (CohortParam("days", "integer", None, "d", 1, None), "0", ["days", "1 or more"]),
        (CohortParam("days", "integer", None, "d", None, 10), "11", ["days", "10 or less"]),
        (CohortParam("flag", "boolean", None, "d"), "maybe", ["flag", "yes or no"]),
        (CohortParam("word", "text", None, "d"), "x" * 201, ["word", "200 characters"]),
    ],
)
def test_coerce_says_which_parameter_is_wrong_and_what_it_expects(param, raw, words):
    with pytest.raises(ValueError) as caught:
        param.coerce(raw)
    for word in words:
        assert word in str(caught.value)


def test_form_value_shows_the_default_as_the_form_needs_it():
    assert CohortParam("as_at", "date", "today", "d").form_value() == dt.date.today().isoformat()
    assert CohortParam("days", "integer", "90", "d").form_value() == "90"
    assert CohortParam("as_at", "date", None, "d").form_value() == ""


@pytest.mark.parametrize(
    "day, amount, unit, result",
    [
        (D(2026, 11, 1), 90, "days", D(2026, 8, 3)),
        (D(2026, 11, 1), 12, "months", D(2025, 11, 1)),
        (D(2026, 3, 31), 1, "months", D(2026, 2, 28)),
        (D(2026, 1, 15), 13, "months", D(2024, 12, 15)),
        (D(2024, 2, 29), 5, "years", D(2019, 2, 28)),
        (D(2026, 11, 1), 18, "years", D(2008, 11, 1)),
    ],
)
def test_subtract_counts_back_calendar_units(day, amount, unit, result):
    assert subtract(day, amount, unit) == result


# -- bad headers -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"Title": None}, ["Title"]),
        ({"Description": None}, ["Description"]),
        ({"Roles": None}, ["Roles"]),
        ({"Columns": None}, ["Columns"]),
        ({"Mode": "write"}, ["Mode: read"]),
        ({"Roles": "analyst, Front Door"}, ["roles", "Front Door"]),
        ({"Params": "as_at (datetime, default today: d), days (integer: n)"}, ["unknown type", "datetime"]),
        ({"Params": "as_at (date, default yesterday: d), days (integer: n)"}, ["as_at", "bad default"]),
        ({"Params": "as_at (date, default today: d), days (integer, default many: n)"}, ["days", "bad default"]),
        ({"Params": "as_at (date, default today: d), days (integer, default 5, min 9: n)"}, ["days", "bad default"]),
        ({"Params": "as_at (date, default today: d), days (integer, default 90)"}, ["days", "description"]),
        ({"Params": "as_at (date, default today: d), days (integer, often 3: n)"}, ["days", "option"]),
        ({"Params": "as_at (date, default today: d), as_at (date: e), days (integer: n)"}, ["declared twice"]),
        ({"Params": "as_at (date, default today: d)"}, ["days", "not an integer param"]),
        ({"Derived": "since = days - as_at days"}, ["since", "not a date param"]),
        ({"Derived": "since = as_at + days days"}, ["derived"]),
        ({"Derived": None}, ["undeclared", "since"]),
        ({"Derived": "since = as_at - 90 days"}, ["never used", "days"]),
        ({"Columns": "person_id, surname, forename, dob, household_id"}, ["must start with"]),
    ],
)
def test_a_bad_header_is_a_clear_error_naming_the_file(overrides, words):
    with pytest.raises(CohortDefinitionError) as caught:
        parse_cohort("test", header(**overrides), "cypher/cohorts/test.cypher")
    message = str(caught.value)
    assert message.startswith("cypher/cohorts/test.cypher: ")
    for word in words:
        assert word in message


def test_the_header_parses_into_a_cohort():
    cohort = parse_cohort("test", header(), "test.cypher")
    assert cohort.query_name == "cohorts/test"
    assert [(p.name, p.type, p.default, p.minimum) for p in cohort.params] == [
        ("as_at", "date", "today", None),
        ("days", "integer", "90", 1),
    ]
    assert cohort.arguments({"as_at": "2026-11-01"})["since"] == D(2026, 8, 3)


def test_load_cohorts_names_the_bad_file(tmp_path):
    (tmp_path / "fine.cypher").write_text(header(), encoding="utf-8")
    (tmp_path / "broken.cypher").write_text(header(Title=None), encoding="utf-8")
    with pytest.raises(CohortDefinitionError, match=r"broken\.cypher: no '// Title:' line"):
        load_cohorts(tmp_path)
    (tmp_path / "broken.cypher").unlink()
    assert list(load_cohorts(tmp_path)) == ["fine"]
