"""Unit tests for ingest.households: hand-made residence histories with exact expected households."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

import pytest

from ingest.households import (
    Household,
    Membership,
    Residence,
    derive_households,
    household_as_at,
    household_id_for,
    members_as_at,
)

D = date.fromisoformat


def res(person: str, address: str, valid_from: str, valid_to: str | None, source: str = "LA") -> Residence:
    return Residence(person, address, D(valid_from), D(valid_to) if valid_to else None, source)


def hid(address: str, valid_from: str) -> str:
    """The id rule, written out independently of the module."""
    return "H" + hashlib.sha1(f"{address}|{valid_from}".encode()).hexdigest()[:12]


def hh(address: str, valid_from: str, valid_to: str | None) -> Household:
    return Household(hid(address, valid_from), address, D(valid_from), D(valid_to) if valid_to else None)


def mem(person: str, household: Household, valid_from: str, valid_to: str | None, source: str = "LA") -> Membership:
    return Membership(person, household.household_id, D(valid_from), D(valid_to) if valid_to else None, source)


def by_id(*households: Household) -> list[Household]:
    return sorted(households, key=lambda h: h.household_id)


def ordered(*memberships: Membership) -> list[Membership]:
    return sorted(memberships, key=lambda m: (m.household_id, m.person_id, m.valid_from))


def test_id_rule_matches_the_documented_formula():
    assert household_id_for("UPRN:1", D("2020-01-01")) == hid("UPRN:1", "2020-01-01")
    assert len(hid("UPRN:1", "2020-01-01")) == 13


def test_no_residences_no_households():
    assert derive_households([]) == ([], [])


def test_child_in_two_households_at_once():
    residences = [
        res("mother", "UPRN:1", "2020-01-01", None),
        res("child", "UPRN:1", "2020-01-01", None),
        res("father", "UPRN:2", "2020-03-01", None, "HOUSING"),
        res("child", "UPRN:2", "2020-03-01", None, "SCHOOL"),
    ]
    households, memberships = derive_households(residences)
    mum, dad = hh("UPRN:1", "2020-01-01", None), hh("UPRN:2", "2020-03-01", None)
    assert households == by_id(mum, dad)
    assert memberships == ordered(
        mem("mother", mum, "2020-01-01", None),
        mem("child", mum, "2020-01-01", None),
        mem("father", dad, "2020-03-01", None, "HOUSING"),
        mem("child", dad, "2020-03-01", None, "SCHOOL"),
    )
    assert household_as_at(memberships, households, "child", D("2021-01-01")) == sorted(
        [mum.household_id, dad.household_id]
    )
    assert household_as_at(memberships, households, "child", D("2020-02-01")) == [mum.household_id]
    assert household_as_at(memberships, [mum], "child", D("2021-01-01")) == [mum.household_id]
    assert members_as_at(memberships, dad.household_id, D("2021-01-01")) == ["child", "father"]


def test_partner_moves_out_household_continues():
    residences = [
        res("mother", "UPRN:1", "2018-03-01", None),
        res("child", "UPRN:1", "2018-03-01", None),
        res("partner", "UPRN:1", "2018-03-01", "2021-06-30"),
    ]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2018-03-01", None)
    assert households == [home]
    assert memberships == ordered(
        mem("mother", home, "2018-03-01", None),
        mem("child", home, "2018-03-01", None),
        mem("partner", home, "2018-03-01", "2021-06-30"),
    )
    assert members_as_at(memberships, home.household_id, D("2021-06-30")) == ["child", "mother", "partner"]
    assert members_as_at(memberships, home.household_id, D("2021-07-01")) == ["child", "mother"]
    assert household_as_at(memberships, households, "partner", D("2021-07-01")) == []
    # The others' memberships are exactly what they would be without the partner.
    _, without_partner = derive_households(residences[:2])
    assert [m for m in memberships if m.person_id != "partner"] == without_partner


def test_family_moves_old_household_ends_when_last_person_leaves():
    residences = [
        res("mother", "UPRN:1", "2015-01-01", "2019-05-31"),
        res("child", "UPRN:1", "2015-01-01", "2019-06-15"),
        res("mother", "UPRN:2", "2019-06-01", None),
        res("child", "UPRN:2", "2019-06-16", None),
    ]
    households, memberships = derive_households(residences)
    old, new = hh("UPRN:1", "2015-01-01", "2019-06-15"), hh("UPRN:2", "2019-06-01", None)
    assert households == by_id(old, new)
    assert memberships == ordered(
        mem("mother", old, "2015-01-01", "2019-05-31"),
        mem("child", old, "2015-01-01", "2019-06-15"),
        mem("mother", new, "2019-06-01", None),
        mem("child", new, "2019-06-16", None),
    )
    assert household_as_at(memberships, households, "child", D("2019-06-15")) == [old.household_id]
    assert household_as_at(memberships, households, "child", D("2019-06-16")) == [new.household_id]
    assert household_as_at(memberships, households, "mother", D("2019-06-10")) == [new.household_id]


def test_sources_with_slightly_different_dates_merge_and_are_listed():
    residences = [
        res("child", "UPRN:1", "2019-01-10", "2020-03-31", "LA"),
        res("child", "UPRN:1", "2019-01-01", "2020-04-15", "SCHOOL"),
        res("child", "UPRN:1", "2019-02-01", "2020-02-01", "HEALTH"),
        res("child", "UPRN:1", "2019-01-12", "2020-04-01", "LA"),
    ]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2019-01-01", "2020-04-15")
    assert households == [home]
    assert memberships == [mem("child", home, "2019-01-01", "2020-04-15", "HEALTH;LA;SCHOOL")]


def test_open_ended_residence_wins_and_keeps_the_household_open():
    residences = [
        res("child", "UPRN:1", "2020-02-01", "2020-12-31", "SCHOOL"),
        res("child", "UPRN:1", "2020-01-01", None, "LA"),
        res("sibling", "UPRN:1", "2020-01-01", "2020-08-31", "LA"),
    ]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2020-01-01", None)
    assert households == [home]
    assert memberships == ordered(
        mem("child", home, "2020-01-01", None, "LA;SCHOOL"),
        mem("sibling", home, "2020-01-01", "2020-08-31"),
    )
    assert members_as_at(memberships, home.household_id, D("2030-01-01")) == ["child"]


def test_gap_of_ten_days_is_bridged():
    residences = [
        res("child", "UPRN:1", "2020-01-01", "2020-01-10"),
        res("child", "UPRN:1", "2020-01-21", "2020-06-30"),
    ]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2020-01-01", "2020-06-30")
    assert households == [home]
    assert memberships == [mem("child", home, "2020-01-01", "2020-06-30")]


def test_gap_of_two_hundred_days_is_not_bridged():
    second_start = (D("2020-01-10") + timedelta(days=201)).isoformat()  # 200 empty days in between
    residences = [res("child", "UPRN:1", "2020-01-01", "2020-01-10"), res("child", "UPRN:1", second_start, None)]
    households, memberships = derive_households(residences)
    first, second = hh("UPRN:1", "2020-01-01", "2020-01-10"), hh("UPRN:1", second_start, None)
    assert second_start == "2020-07-29"
    assert households == by_id(first, second)
    assert memberships == ordered(
        mem("child", first, "2020-01-01", "2020-01-10"), mem("child", second, second_start, None)
    )


@pytest.mark.parametrize(("empty_days", "households_expected"), [(0, 1), (31, 1), (32, 2)])
def test_gap_boundary(empty_days, households_expected):
    start = D("2020-01-31") + timedelta(days=empty_days + 1)
    residences = [
        Residence("a", "UPRN:1", D("2020-01-01"), D("2020-01-31"), "LA"),
        Residence("b", "UPRN:1", start, None, "LA"),
    ]
    households, memberships = derive_households(residences, gap_days=31)
    assert len(households) == households_expected
    assert len(memberships) == 2


def test_gap_days_is_a_parameter():
    residences = [res("child", "UPRN:1", "2020-01-01", "2020-01-10"), res("child", "UPRN:1", "2020-01-21", None)]
    households, _ = derive_households(residences, gap_days=5)
    assert households == by_id(hh("UPRN:1", "2020-01-01", "2020-01-10"), hh("UPRN:1", "2020-01-21", None))


def test_address_reoccupied_by_new_family_after_standing_empty():
    residences = [
        res("x-parent", "UPRN:1", "2010-01-01", "2014-12-31"),
        res("x-child", "UPRN:1", "2010-06-01", "2014-12-31"),
        res("z-parent", "UPRN:1", "2015-06-01", None, "HOUSING"),
    ]
    households, memberships = derive_households(residences)
    before, after = hh("UPRN:1", "2010-01-01", "2014-12-31"), hh("UPRN:1", "2015-06-01", None)
    assert households == by_id(before, after)
    assert memberships == ordered(
        mem("x-parent", before, "2010-01-01", "2014-12-31"),
        mem("x-child", before, "2010-06-01", "2014-12-31"),
        mem("z-parent", after, "2015-06-01", None, "HOUSING"),
    )


def test_new_people_arriving_within_the_gap_continue_the_household():
    residences = [res("tenant-1", "UPRN:1", "2010-01-01", "2014-12-31"), res("tenant-2", "UPRN:1", "2015-01-11", None)]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2010-01-01", None)
    assert households == [home]
    assert memberships == ordered(
        mem("tenant-1", home, "2010-01-01", "2014-12-31"), mem("tenant-2", home, "2015-01-11", None)
    )


def test_person_who_leaves_and_returns_has_two_memberships_of_the_continuing_household():
    residences = [
        res("mother", "UPRN:1", "2016-01-01", None),
        res("father", "UPRN:1", "2016-01-01", "2017-03-31"),
        res("father", "UPRN:1", "2018-09-01", None),
    ]
    households, memberships = derive_households(residences)
    home = hh("UPRN:1", "2016-01-01", None)
    assert households == [home]
    assert memberships == ordered(
        mem("mother", home, "2016-01-01", None),
        mem("father", home, "2016-01-01", "2017-03-31"),
        mem("father", home, "2018-09-01", None),
    )
    assert members_as_at(memberships, home.household_id, D("2018-01-01")) == ["mother"]


def test_end_before_start_is_read_as_a_single_day():
    households, memberships = derive_households([res("child", "UPRN:1", "2020-05-01", "2020-04-01")])
    home = hh("UPRN:1", "2020-05-01", "2020-05-01")
    assert households == [home]
    assert memberships == [mem("child", home, "2020-05-01", "2020-05-01")]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="gap_days"):
        derive_households([], gap_days=-1)
    with pytest.raises(ValueError, match="address_key"):
        derive_households([res("child", "", "2020-01-01", None)])


def _history() -> list[Residence]:
    return [
        res("mother", "UPRN:1", "2015-01-01", "2019-05-31", "LA"),
        res("mother", "UPRN:1", "2015-02-01", "2019-05-20", "HEALTH"),
        res("child", "UPRN:1", "2015-01-01", "2019-06-15", "SCHOOL"),
        res("mother", "UPRN:2", "2019-06-01", None, "LA"),
        res("child", "UPRN:2", "2019-06-16", None, "SCHOOL"),
        res("child", "ADDR:10 ELM ROAD|LS12 3AB", "2017-01-01", "2018-01-01", "POLICE"),
        res("father", "ADDR:10 ELM ROAD|LS12 3AB", "2012-01-01", None, "HOUSING"),
        res("lodger", "UPRN:1", "2021-01-01", "2021-12-31", "HOUSING"),
    ]


def test_ids_and_output_are_stable_across_calls_and_input_order():
    residences = _history()
    first = derive_households(residences)
    assert derive_households(residences) == first
    assert derive_households(list(reversed(residences))) == first
    for seed in range(5):
        shuffled = residences[:]
        random.Random(seed).shuffle(shuffled)
        assert derive_households(iter(shuffled)) == first  # any iterable, any order
    households, memberships = first
    assert [h.household_id for h in households] == sorted(
        [
            hid("UPRN:1", "2015-01-01"),
            hid("UPRN:2", "2019-06-01"),
            hid("ADDR:10 ELM ROAD|LS12 3AB", "2012-01-01"),
            hid("UPRN:1", "2021-01-01"),
        ]
    )
    assert memberships == sorted(memberships, key=lambda m: (m.household_id, m.person_id, m.valid_from))
    mother = next(m for m in memberships if m.person_id == "mother" and m.valid_to is not None)
    assert (mother.valid_from, mother.valid_to, mother.source) == (D("2015-01-01"), D("2019-05-31"), "HEALTH;LA")


def test_memberships_lie_within_their_household():
    households, memberships = derive_households(_history())
    by_household = {h.household_id: h for h in households}
    for m in memberships:
        h = by_household[m.household_id]
        assert h.valid_from <= m.valid_from
        assert h.valid_to is None or (m.valid_to is not None and m.valid_to <= h.valid_to)
