"""Contract cases for the person page's queries (cypher/family/), from the Smith-Jones fixture family."""

from __future__ import annotations

import datetime as dt

from tests.fixtures.contract_graph import EXTRACTED

D = dt.date


def _person(pid, forename, surname, dob, sex, *, estimated=False, deceased=False, died=None):
    return {
        "person_id": pid,
        "forename": forename,
        "middle_names": None,
        "surname": surname,
        "other_names": None,
        "dob": dob,
        "dob_estimated": estimated,
        "sex": sex,
        "deceased": deceased,
        "date_of_death": died,
        "restricted": False,
    }


def _membership(pid, hid, valid_from, valid_to, key, uprn, line1, postcode):
    return {
        "person_id": pid,
        "household_id": hid,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "address_key": key,
        "line1": line1,
        "line2": None,
        "town": "Exampleton",
        "postcode": postcode,
        "uprn": uprn,
    }


def _rel(src, dst, rtype, kind=None, related_as=None, valid_from=None, valid_to=None, source="csc"):
    return {
        "src": src,
        "dst": dst,
        "type": rtype,
        "kind": kind,
        "related_as": related_as,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "source": source,
    }


def _lead(pid, name, role, team, phone, email):
    return {
        "lead_id": pid,
        "lead_name": name,
        "lead_role": role,
        "lead_team": team,
        "lead_organisation": "Exampleton Council",
        "lead_phone": phone,
        "lead_email": email,
    }


CASES = {
    # Ben left the Oak Street household on 2023-01-31; nothing is found from a later date.
    "family/changes": (
        {"person_id": "P2", "since": D(2023, 1, 1)},
        [
            {
                "change_id": "C1",
                "kind": "left_household",
                "at": D(2023, 1, 31),
                "summary": "Ben Jones left the household at 7 Oak Street",
                "person_id": "P2",
                "load_id": "L1",
            }
        ],
    ),
    # Unknown ids simply give no row (the page says "no person"); order is by id.
    "family/people": (
        {"person_ids": ["P7", "P5", "nobody"]},
        [
            _person("P5", "Ed", "Brown", D(1985, 7, 8), "M", deceased=True, died=D(2024, 2, 2)),
            _person("P7", "Grace", "Smith", D(1960, 1, 1), "F", estimated=True),
        ],
    ),
    "family/memberships": (
        {"person_id": "P2"},
        [
            _membership(
                "P2", "H1", D(2015, 1, 1), D(2022, 6, 30), "UPRN:100000000001", "100000000001", "1 Elm Road", "EX1 1AA"
            ),
            _membership(
                "P2",
                "H2",
                D(2022, 7, 1),
                D(2023, 1, 31),
                "UPRN:100000000007",
                "100000000007",
                "7 Oak Street",
                "EX2 2BB",
            ),
        ],
    ),
    # Ben shared Elm Road and Oak Street with Anna, Chloe and Dan.
    "family/co_members": ({"person_id": "P2"}, [{"person_id": "P1"}, {"person_id": "P3"}, {"person_id": "P4"}]),
    # Grace's: mother of Anna, and Chloe's grandparent (RELATED_TO keeps the kind of relative in `type`).
    "family/relationships": (
        {"person_id": "P7"},
        [
            _rel("P7", "P1", "PARENT_OF", kind="birth"),
            _rel("P7", "P3", "RELATED_TO", related_as="grandparent"),
        ],
    ),
    # Anna has no involvement; Chloe's open episode has a social worker; Dan's closed one a family support worker.
    "family/involvements": (
        {"person_id": "P3"},
        [
            {
                "person_id": "P3",
                "episode_id": "csc:E1",
                "episode_type": "child in need",
                "start_date": D(2026, 3, 1),
                "end_date": None,
                "status": "open",
                "reason": None,
                "last_involvement": D(2026, 10, 20),
                "system": "csc",
                "extracted_at": EXTRACTED,
                "service_code": "csc",
                "service": "Children's social care",
                "agency": "Exampleton Council",
                "category": "social care",
                "sensitive": False,
                **_lead(
                    "csc:W1",
                    "Sam Worker",
                    "Social worker",
                    "Assessment Team 2",
                    "0113 496 0123",
                    "sam.worker@example.org",
                ),
            },
        ],
    ),
    "family/records": (
        {"person_id": "P3"},
        [
            {"person_id": "P3", "system": "csc", "record_id": "CSC3", "extracted_at": EXTRACTED},
            {"person_id": "P3", "system": "schools", "record_id": "A123456789012", "extracted_at": EXTRACTED},
        ],
    ),
}
