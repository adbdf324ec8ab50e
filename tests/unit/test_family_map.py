"""The family map's elements, built from the contract fixture family (loaded into the embedded engine) and, for the
cap, from a large family made by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from app.policy import load_policy
from app.services.family import FamilyData, load_family
from app.services.family_map import family_elements
from graph import open_store
from tests.fixtures.contract_graph import load_contract_graph

D = dt.date


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(f"embedded:{tmp_path_factory.mktemp('family-map-graph')}", apply_schema=True)
    load_contract_graph(store)
    yield store
    store.close()


def draw(store, as_at, person_id="P3", expanded=()):
    return family_elements(load_family(store, person_id, as_at, expanded, role="front_door"), expanded)


def nodes(map_):
    return {n["data"]["id"]: n["data"] for n in map_["elements"]["nodes"]}


def edges(map_):
    return {e["data"]["id"]: e["data"] for e in map_["elements"]["edges"]}


def households_of(map_):
    return {d["person_id"]: d.get("parent") for d in nodes(map_).values() if d["kind"] == "person"}


def test_current_household_members_sit_in_the_household_box(store):
    map_ = draw(store, D(2026, 11, 1))
    assert households_of(map_) == {
        "P3": "household:H2",
        "P1": "household:H2",
        "P4": "household:H2",
        "P2": None,  # Ben moved out on 2023-01-31
        "P5": None,  # Ed died in 2024 and his household is not drawn unless someone expands Fay or Ed
        "P6": None,
        "P7": None,
    }
    household = nodes(map_)["household:H2"]
    assert household["kind"] == "household"
    assert household["label"] == "7 Oak Street, Exampleton, EX2 2BB"
    assert sorted(household["members"]) == ["Anna Smith", "Chloe Jones-Smith", "Dan Jones"]


def test_before_the_move_the_family_is_drawn_at_elm_road(store):
    map_ = draw(store, D(2022, 6, 30))
    assert {pid for pid, h in households_of(map_).items() if h == "household:H1"} == {"P1", "P2", "P3", "P4"}
    assert "household:H2" not in nodes(map_)
    assert nodes(map_)["household:H1"]["label"].startswith("1 Elm Road")
    after = draw(store, D(2022, 7, 1))
    assert "household:H1" not in nodes(after)
    assert households_of(after)["P3"] == "household:H2"


def test_ben_leaves_the_household_after_31_january_2023(store):
    on_the_day, after = draw(store, D(2023, 1, 31)), draw(store, D(2023, 2, 1))
    assert households_of(on_the_day)["P2"] == "household:H2"
    assert households_of(after)["P2"] is None
    partners = "edge:partner:person:P1|person:P2"
    assert edges(on_the_day)[partners]["kind"] == "partner"
    former = edges(after)["edge:former-partner:person:P1|person:P2"]
    assert former["label"] == "former partner 2014–2023"
    assert partners not in edges(after)


def test_open_involvements_are_solid_closed_dashed_and_the_status_is_written_on_them(store):
    map_ = draw(store, D(2026, 11, 1))
    open_, closed = nodes(map_)["involvement:csc:E1"], nodes(map_)["involvement:early_help:E2"]
    assert open_["status"] == "open" and open_["label"].split("\n")[:2] == ["Children's social care", "OPEN"]
    assert closed["status"] == "closed" and closed["label"].split("\n")[:2] == ["Early help", "CLOSED"]
    assert closed["person_id"] == "P4" and closed["end_date"] == D(2021, 9, 30)
    links = {e["target"]: e for e in edges(map_).values() if e["kind"] == "involvement"}
    assert links["involvement:csc:E1"]["source"] == "person:P3" and links["involvement:csc:E1"]["status"] == "open"
    assert links["involvement:early_help:E2"]["source"] == "person:P4"
    assert links["involvement:early_help:E2"]["status"] == "closed"


def test_involvements_are_drawn_as_they_stood_on_the_date(store):
    map_ = draw(store, D(2021, 6, 1))
    assert "involvement:csc:E1" not in nodes(map_)  # opened in 2026
    early_help = nodes(map_)["involvement:early_help:E2"]
    assert early_help["status"] == "open" and "OPEN" in early_help["label"]
    assert early_help["end_date"] is None  # it had not ended yet


def test_lead_practitioner_is_joined_to_the_involvement_with_name_role_and_phone(store):
    map_ = draw(store, D(2026, 11, 1))
    lead = nodes(map_)["practitioner:csc:E1"]
    assert lead["label"] == "Sam Worker\nSocial worker"
    assert (lead["phone"], lead["email"], lead["team"]) == (
        "0113 496 0123",
        "sam.worker@example.org",
        "Assessment Team 2",
    )
    edge = edges(map_)["edge:lead:practitioner:csc:E1|involvement:csc:E1"]
    assert (edge["source"], edge["target"], edge["kind"]) == ("practitioner:csc:E1", "involvement:csc:E1", "lead")


def test_a_relatives_services_are_counted_as_hidden_until_they_are_expanded(store):
    map_ = draw(store, D(2026, 11, 1))
    assert "involvement:amh:E3" not in nodes(map_)
    assert nodes(map_)["person:P2"]["involvements_not_drawn"] == 1
    assert map_["hidden"]["involvements"] == 1
    assert map_["hidden"]["message"] == "1 more involvement hidden: expand or see the tables."

    expanded = draw(store, D(2026, 11, 1), expanded={"P2", "P6"})
    assert expanded["expanded"] == sorted(expanded["expanded"]) == ["P2", "P6"]
    assert nodes(expanded)["involvement:amh:E3"]["status"] == "open"
    assert "practitioner:amh:E3" not in nodes(expanded)  # no lead recorded
    assert households_of(expanded)["P6"] == "household:H3"  # Fay's own household, now drawn
    assert expanded["hidden"] == {"people": 0, "involvements": 0, "message": None}


def test_genogram_facts_deceased_sex_focus_and_relationship(store):
    map_ = draw(store, D(2026, 11, 1))
    ed, chloe, grace = (nodes(map_)[f"person:{p}"] for p in ("P5", "P3", "P7"))
    assert ed["deceased"] and ed["sex"] == "male" and "deceased" in ed["label"]
    assert ed["age"] == 38 and ed["date_of_death"] == D(2024, 2, 2)
    assert chloe["focus"] and chloe["sex"] == "female" and chloe["relationship"] == "this person"
    assert grace["label"] == "Grace Smith\nage about 66 · grandparent"
    assert not nodes(draw(store, D(2020, 1, 1)))["person:P5"]["deceased"]  # alive then


def test_people_not_yet_born_on_the_date_are_left_out(store):
    map_ = draw(store, D(2018, 1, 1))
    assert "person:P4" not in nodes(map_)  # Dan, born 2019
    assert all(e["source"] != "person:P4" and e["target"] != "person:P4" for e in edges(map_).values())


def test_every_edge_joins_drawn_nodes_and_ids_are_unique(store):
    for as_at in (D(2016, 1, 1), D(2022, 1, 1), D(2026, 11, 1)):
        map_ = draw(store, as_at, expanded={"P2", "P5", "P6", "P7"})
        ids = [n["data"]["id"] for n in map_["elements"]["nodes"]] + [
            e["data"]["id"] for e in map_["elements"]["edges"]
        ]
        assert len(ids) == len(set(ids))
        drawn = nodes(map_)
        for edge in edges(map_).values():
            assert edge["source"] in drawn and edge["target"] in drawn
        for node in drawn.values():
            assert node.get("parent") is None or drawn[node["parent"]]["kind"] == "household"


# ---- what the access policy leaves of a family (app/policy.py): the map draws no more than that ----


def test_a_restricted_record_is_drawn_by_name_only(store):
    data = load_family(store, "P3", D(2026, 11, 1), role="front_door")
    data.people["P1"] = load_policy().visible_person("social_worker", {**data.people["P1"], "restricted": True})
    map_ = family_elements(data)
    anna = nodes(map_)["person:P1"]
    assert sorted(nodes(map_)["household:H2"]["members"]) == ["Chloe Jones-Smith", "Dan Jones"]
    assert anna["name"] == "Restricted record" and anna["label"].startswith("Restricted record\n")
    assert anna.get("parent") is None and anna["restricted_record"] and not anna["expandable"]
    assert anna["dob"] is None and anna["age"] is None


def test_a_reduced_involvement_says_only_the_service_its_status_and_whom_to_contact(store):
    data = load_family(store, "P3", D(2026, 11, 1), role="front_door")
    data.involvements = load_policy().involvements_for("social_worker", data.involvements, data.people, data.as_at)
    amh = nodes(family_elements(data, expanded={"P2"}))["involvement:amh:E3"]
    assert amh["label"] == "Adult mental health\nOPEN"
    assert amh["start_date"] is None and amh["episode_type"] is None and amh["status"] == "open"


# ---- the cap, on a large family made by hand ----


def big_family(relatives: int, closed: int, open_: int) -> FamilyData:
    """A focus (X0) living with two others, a chain of relatives going outwards, and many involvements."""
    people = {
        f"X{i}": {
            "person_id": f"X{i}",
            "forename": f"Person{i}",
            "middle_names": None,
            "surname": "Test",
            "dob": D(1980, 1, 1),
            "dob_estimated": False,
            "sex": "F",
            "deceased": False,
            "date_of_death": None,
            "restricted": False,
        }
        for i in range(relatives + 3)
    }
    relationships = [
        {"src": f"X{i}", "dst": f"X{i + 1}", "type": "SIBLING_OF", "kind": "full", "valid_from": None, "valid_to": None}
        for i in range(relatives + 2)
    ]
    memberships = [
        {
            "person_id": f"X{i}",
            "household_id": "HX",
            "valid_from": D(2010, 1, 1),
            "valid_to": None,
            "line1": "1 Test Street",
            "line2": None,
            "town": "Exampleton",
            "postcode": "EX9 9XX",
            "uprn": None,
        }
        for i in range(3)
    ]

    def involvement(n: int, ended: dt.date | None) -> dict:
        return {
            "person_id": "X0",
            "episode_id": f"t:E{n}",
            "episode_type": "support",
            "start_date": D(2000, 1, 1),
            "end_date": ended,
            "status": "closed" if ended else "open",
            "service": "Early help",
            "agency": "Exampleton Council",
            "lead_name": f"Worker {n}",
            "lead_role": "Practitioner",
        }

    involvements = [involvement(n, D(2001 + n % 20, 1, 1 + n // 20)) for n in range(closed)]
    involvements += [involvement(closed + n, None) for n in range(open_)]
    return FamilyData("X0", D(2026, 11, 1), people, relationships, memberships, involvements)


def element_count(map_) -> int:
    return len(map_["elements"]["nodes"]) + len(map_["elements"]["edges"])


def test_a_family_within_the_cap_is_drawn_whole():
    map_ = family_elements(big_family(relatives=5, closed=3, open_=2))
    assert element_count(map_) < 300
    assert map_["hidden"] == {"people": 0, "involvements": 0, "message": None}


def test_closed_involvements_go_first_oldest_first():
    # 3 + 50 people, 52 sibling edges, 1 household, 40 closed and 10 open involvements (4 elements each): 306
    map_ = family_elements(big_family(relatives=50, closed=40, open_=10))
    assert element_count(map_) <= 300
    drawn = nodes(map_)
    dropped = [f"involvement:t:E{n}" for n in range(40) if f"involvement:t:E{n}" not in drawn]
    assert dropped == ["involvement:t:E0", "involvement:t:E20"]  # ended 2001-01-01 and 2001-01-02: the oldest
    assert all(f"person:X{i}" in drawn for i in range(53))
    assert map_["hidden"] == {
        "people": 0,
        "involvements": 2,
        "message": "2 more involvements hidden: expand or see the tables.",
    }


def test_then_the_most_distant_relatives_go_and_the_household_stays():
    map_ = family_elements(big_family(relatives=200, closed=5, open_=5))
    drawn = nodes(map_)
    assert element_count(map_) <= 300
    assert not any(n["kind"] == "involvement" and n["status"] == "closed" for n in drawn.values())
    people = sorted(int(pid.removeprefix("person:X")) for pid, n in drawn.items() if n["kind"] == "person")
    assert people == list(range(len(people)))  # the nearest kept, the farthest gone
    assert {"person:X0", "person:X1", "person:X2", "household:HX"} <= set(drawn)
    assert all(f"involvement:t:E{n}" in drawn for n in range(5, 10))  # open ones kept
    assert map_["hidden"]["people"] == 203 - len(people)
    assert map_["hidden"]["involvements"] == 5
    assert (
        map_["hidden"]["message"]
        == f"5 more involvements and {203 - len(people)} more people hidden: expand or see the tables."
    )


def test_people_the_loader_left_out_are_counted_too():
    data = big_family(relatives=2, closed=0, open_=1)
    data.hidden_people = 4
    assert family_elements(data)["hidden"]["people"] == 4
