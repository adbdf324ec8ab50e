"""Contract cases for the person search's named queries (cypher/search/), worked out by hand from the fixture family
in tests/fixtures/contract_graph.py: Anna Smith (P1, records csc CSC1 with her NHS number and health RW1 with day
and month swapped), Ben Jones (P2, amh M2 as Benjamin), Chloe Jones-Smith (P3, csc CSC3 and schools as Chloe
Jones with her UPN), Dan Jones (P4, early help EH4 as Danny); Ed and Fay Brown and Grace Smith have no records."""

import datetime as dt

D = dt.date


CHLOE = {"person_id": "P3", "forename": "Chloe", "surname": "Jones-Smith", "other_names": None, "dob": D(2015, 5, 6)}


def _postcodes(pid, postcode=None, since=None):
    return {
        "person_id": pid,
        "household_postcode": postcode,
        "household_from": since,
        "residence_postcode": None,
        "residence_from": None,
        "residence_to": None,
    }


CASES = {
    "search/index_dates_of_birth": (
        {},
        [
            {"dob": dob, "people": [pid]}
            for dob, pid in [
                (D(1960, 1, 1), "P7"),
                (D(1985, 7, 8), "P5"),
                (D(1988, 11, 20), "P2"),
                (D(1990, 3, 4), "P1"),
                (D(2012, 9, 10), "P6"),
                (D(2015, 5, 6), "P3"),
                (D(2019, 1, 2), "P4"),
            ]
        ],
    ),
    "search/index_surnames": (
        {},
        [
            {"system": system, "surname": surname, "former_surname": None, "preferred_surname": None, "people": [pid]}
            for system, surname, pid in [
                ("amh", "Jones", "P2"),
                ("csc", "Jones-Smith", "P3"),
                ("csc", "Smith", "P1"),
                ("early_help", "Jones", "P4"),
                ("health", "Smith", "P1"),
                ("schools", "Jones", "P3"),
            ]
        ],
    ),
    # Where nicknames come from: Ben is Benjamin to adult mental health, Dan is Danny to early help.
    "search/index_forenames": (
        {},
        [
            {"system": system, "forename": forename, "preferred_forename": None, "people": [pid]}
            for system, forename, pid in [
                ("amh", "Benjamin", "P2"),
                ("csc", "Anna", "P1"),
                ("csc", "Chloe", "P3"),
                ("early_help", "Danny", "P4"),
                ("health", "Anna", "P1"),
                ("schools", "Chloe", "P3"),
            ]
        ],
    ),
    "search/index_identifiers": (
        {},
        [
            {"person_id": "P1", "nhs_number": "9434765919", "upn": None},
            {"person_id": "P3", "nhs_number": None, "upn": "A123456789012"},
        ],
    ),
    # A typed id tried in several systems: only the keys that exist answer.
    "search/by_record_keys": (
        {"record_keys": ["csc:EH4", "early_help:EH4", "csc:CSC3", "schools:CSC3"]},
        [
            {"person_id": "P3", "system": "csc", "record_id": "CSC3"},
            {"person_id": "P4", "system": "early_help", "record_id": "EH4"},
        ],
    ),
    # Chloe's two records; Ed Brown (deceased) has none, and still gets his row.
    "search/people": (
        {"person_ids": ["P5", "P3"]},
        [
            {
                **CHLOE,
                "dob_estimated": False,
                "sex": "F",
                "deceased": False,
                "date_of_death": None,
                "restricted": False,
                "system": system,
                "record_id": record_id,
            }
            for system, record_id in [("csc", "CSC3"), ("schools", "A123456789012")]
        ]
        + [
            {
                "person_id": "P5",
                "forename": "Ed",
                "surname": "Brown",
                "other_names": None,
                "dob": D(1985, 7, 8),
                "dob_estimated": False,
                "sex": "M",
                "deceased": True,
                "date_of_death": D(2024, 2, 2),
                "restricted": False,
                "system": None,
                "record_id": None,
            }
        ],
    ),
    # Ben left the family's household in 2023 and has no other: no postcode. Chloe lives at 7 Oak Street, Fay at
    # 3 Ash Close; the fixture records no residences.
    "search/postcodes": (
        {"person_ids": ["P2", "P3", "P6"]},
        [
            _postcodes("P2"),
            _postcodes("P3", "EX2 2BB", D(2022, 7, 1)),
            _postcodes("P6", "EX3 3CC", D(2013, 1, 1)),
        ],
    ),
}
