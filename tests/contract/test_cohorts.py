"""The cohort library on both engines: each cohort returns exactly the children the fixture families were built
to put in it (tests/fixtures/cohort_graph.py explains every family), with its columns in the declared order.

Each case runs the cohort the way the app does: form input (strings) through Cohort.arguments, then
store.read(cohort.query_name, ...). ``near_misses`` name people built to fall just outside; they are also absent
from ``rows``, and are asserted first only so that a failure says which edge broke.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.cohorts import load_cohorts
from tests.conftest import ENGINES, open_test_store
from tests.fixtures.cohort_graph import AS_AT, PEOPLE, load_cohort_graph

D = dt.date
NAMES = {pid: (forename, surname, dob) for pid, forename, surname, dob, _ in PEOPLE}


def child(pid: str, household_id: str | None, **extra) -> dict:
    forename, surname, dob = NAMES[pid]
    return {
        "person_id": pid,
        "forename": forename,
        "surname": surname,
        "dob": dob,
        "household_id": household_id,
        **extra,
    }


def sibling(pid: str, household_id: str | None, sib: str, sibling_household_id: str | None, looked_after: bool):
    forename, surname, dob = NAMES[sib]
    return child(
        pid,
        household_id,
        sibling_id=sib,
        sibling_forename=forename,
        sibling_surname=surname,
        sibling_dob=dob,
        sibling_household_id=sibling_household_id,
        sibling_looked_after=looked_after,
    )


def under_five(pid, household_id, count, mental_health, substances):
    return child(pid, household_id, under_fives=count, adult_mental_health=mental_health, substance_misuse=substances)


# cohort name → list of (form input beyond as_at, expected rows in order, near misses that must not appear)
CASES = {
    "under_fives_households_adult_services": [
        (
            {},
            [under_five(p, "HA", 3, True, False) for p in ("A4", "A2", "A3")],
            {"A6", "A5", "A1", "B2", "B3", "C2", "C3", "C4"},
        ),
        (
            {"min_children": "2"},
            [under_five(p, "HA", 3, True, False) for p in ("A4", "A2", "A3")]
            + [under_five(p, "HB", 2, False, True) for p in ("B2", "B3")],
            {"B4", "C2", "C3", "C4"},
        ),
    ],
    "cp_plan_household_changed": [
        (
            {},
            [
                child("E1", "HE2", changed_on=D(2026, 10, 1), change_dates=2),
                child("D1", "HD", changed_on=D(2026, 9, 15), change_dates=1),
            ],
            {"F1", "G1", "H1", "D2"},
        ),
        (
            {"days": "91"},
            [
                child("E1", "HE2", changed_on=D(2026, 10, 1), change_dates=2),
                child("D1", "HD", changed_on=D(2026, 9, 15), change_dates=1),
                child("F1", "HF", changed_on=D(2026, 8, 2), change_dates=1),
            ],
            {"G1", "H1"},
        ),
    ],
    "families_known_to_many_services": [
        (
            {},
            [child("W2", "HW", services=4), child("W3", "HW", services=4)],
            {"W1", "X2", "X3", "T1", "C2"},
        ),
        (
            {"min_services": "3", "months": "12"},
            [
                child("W2", "HW", services=4),
                child("W3", "HW", services=4),
                child("X2", "HX", services=3),
                child("X3", "HX", services=3),
            ],
            {"X1", "X4", "T1"},
        ),
    ],
    "open_csc_without_lead_practitioner": [
        (
            {},
            [
                child("J2", "HJ", episodes_without_lead=1, earliest_start_date=D(2026, 3, 1)),
                child("J1", "HJ", episodes_without_lead=1, earliest_start_date=D(2026, 4, 1)),
            ],
            {"J3", "J5", "D1", "G1", "K1"},
        ),
        (
            {"as_at": "2026-10-10"},
            [child("J1", "HJ", episodes_without_lead=1, earliest_start_date=D(2026, 4, 1))],
            {"J2", "J3"},
        ),
    ],
    "siblings_placed_apart": [
        (
            {},
            [
                sibling("K1", None, "K2", "HK", False),
                sibling("K1", None, "K5", "HK2", True),
                sibling("K5", "HK2", "K1", None, True),
                sibling("K5", "HK2", "K2", "HK", False),
            ],
            {"K2", "K3", "L1", "L2", "M1", "M2"},
        ),
    ],
    "domestic_abuse_with_baby": [
        (
            {},
            [
                child("S1", "HS", notifications=1, latest_notification_date=D(2026, 6, 6)),
                child("P3", "HP", notifications=2, latest_notification_date=D(2026, 3, 3)),
            ],
            {"P4", "P5", "Q3", "R3"},
        ),
        (
            {"months": "13"},
            [
                child("S1", "HS", notifications=1, latest_notification_date=D(2026, 6, 6)),
                child("P3", "HP", notifications=2, latest_notification_date=D(2026, 3, 3)),
                child("Q3", "HQ", notifications=1, latest_notification_date=D(2025, 10, 1)),
            ],
            {"P4", "R3"},
        ),
    ],
    "youth_justice_siblings_in_early_help": [
        ({}, [child("T1", "HT", siblings_in_early_help=2)], {"U1", "V1", "T2", "T3"}),
    ],
}
CASE_IDS = [(name, i) for name in sorted(CASES) for i in range(len(CASES[name]))]


@pytest.fixture(scope="module", params=ENGINES)
def cohort_store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_cohort_graph(store)
    yield store
    store.close()


def test_every_cohort_has_a_case():
    assert set(load_cohorts()) - set(CASES) == set(), "add a case in tests/contract/test_cohorts.py for each cohort"
    assert set(CASES) - set(load_cohorts()) == set(), "cases for cohorts that no longer exist"


@pytest.mark.parametrize("name, index", CASE_IDS, ids=[f"{n}-{i}" for n, i in CASE_IDS])
def test_cohort_returns_exactly_the_expected_children(cohort_store, name, index):
    form, expected, near_misses = CASES[name][index]
    cohort = load_cohorts()[name]
    rows = cohort_store.read(cohort.query_name, **cohort.arguments({"as_at": AS_AT.isoformat(), **form}))
    returned = [row["person_id"] for row in rows]
    assert near_misses & set(returned) == set(), f"near misses came back: {sorted(near_misses & set(returned))}"
    assert returned == [row["person_id"] for row in expected]
    assert rows == expected
    for row in rows:
        assert list(row) == list(cohort.columns), "columns in the order the header's Columns line gives"
