"""Probabilistic linkage (ingest/linkage): the hard cases, on the shipped model, without a graph.

Records are shaped as the Assembler gives them (standardised fields, record_key "system:record_id").
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ingest import standardise as std
from ingest.extract import SourceExtract
from ingest.linkage import link_people, load_config
from ingest.linkage.decisions import from_rows

D = dt.date


def rec(system, rid, forename, surname, dob, sex="U", line1=None, postcode=None, **extra):
    address = std.address_key(None, line1, postcode) if line1 and postcode else None
    record = {
        "record_key": f"{system}:{rid}",
        "system": system,
        "record_id": rid,
        "file": "people.csv",
        "forename": forename,
        "middle_names": None,
        "surname": surname,
        "former_surname": None,
        "preferred_surname": None,
        "preferred_forename": None,
        "dob": dob,
        "dob_estimated": False,
        "sex": sex,
        "nhs_number": None,
        "upn": None,
        "date_of_death": None,
        "same_person": None,
        "extracted_at": D(2026, 11, 1),
        "_trust": 5,
        "postcode": std.normalise_postcode(postcode),
        "uprn": None,
        "address_key": address,
    }
    record.update(extra)
    return record


def addresses_of(records):
    return {
        r["address_key"]: {"address_key": r["address_key"], "line1": None, "town": None, "postcode": r["postcode"]}
        for r in records
        if r["address_key"]
    }


# Unrelated people, so that the data is not only the hard case.
BYSTANDERS = [
    rec("health", "Z1", "Oliver", "Walker", D(1984, 6, 1), "M", "3 Ash Close", "WQ3 3CC"),
    rec("health", "Z2", "Amelia", "Walker", D(1986, 2, 14), "F", "3 Ash Close", "WQ3 3CC"),
    rec("schools", "Z3", "Noah", "Walker", D(2014, 9, 9), "M", "3 Ash Close", "WQ3 3CC"),
    rec("health", "Z4", "Fatima", "Khan", D(1979, 11, 30), "F", "8 Mill Lane", "WQ8 8MM"),
    rec("housing", "Z5", "Fatima", "Khan", D(1979, 11, 30), "F"),
    rec("police", "Z6", "Dean", "Harris", None, "M"),
]


def link(records, groups=None):
    records = {r["record_key"]: r for r in [*records, *BYSTANDERS]}
    return link_people(records, (), groups or {}, addresses_of(records.values()), load_config())


def people(result):
    found = {}
    for key, person in result.person_of.items():
        found.setdefault(person, set()).add(key)
    return found


def test_nickname_married_surname_and_swapped_day_and_month_are_one_person():
    result = link(
        [
            rec("health", "H1", "Elizabeth", "Smith", D(1990, 3, 4), "F", "1 Elm Road", "WQ1 1AA"),
            # married since: her new surname, her nickname, and the day and month of birth typed the other way
            rec("housing", "T1", "Liz", "Jones", D(1990, 4, 3), "F", "1 Elm Road", "WQ1 1AA"),
            # a source that keeps her former surname, at another address
            rec(
                "early_help",
                "E1",
                "Lizzie",
                "Jones",
                D(1990, 3, 4),
                "F",
                "4 New Street",
                "WQ2 2BB",
                former_surname="Smith",
            ),
        ]
    )
    person = result.person_of["health:H1"]
    assert result.person_of["housing:T1"] == person == result.person_of["early_help:E1"]
    assert {result.methods[k] for k in ("health:H1", "housing:T1", "early_help:E1")} == {"probabilistic"}
    assert all(0.9 <= result.probabilities[k] < 1 for k in ("health:H1", "housing:T1"))
    # and nobody else joined her
    assert people(result)[person] == {"health:H1", "housing:T1", "early_help:E1"}


def test_twins_with_one_surname_date_of_birth_and_address_are_kept_apart():
    twins = [
        rec("health", "A1", "Paige", "Ackroyd", D(2015, 8, 30), "F", "5 Oak Street", "WQ5 5EE"),
        rec("schools", "A2", "Paige", "Ackroyd", D(2015, 8, 30), "F", "5 Oak Street", "WQ5 5EE"),
        rec("housing", "A3", "Paige", "Ackroyd", D(2015, 8, 30)),
        rec("health", "B1", "Olivia", "Ackroyd", D(2015, 8, 30), "F", "5 Oak Street", "WQ5 5EE"),
        rec("schools", "B2", "Olivia", "Ackroyd", D(2015, 8, 30), "F", "5 Oak Street", "WQ5 5EE"),
        rec("housing", "B3", "Livvy", "Ackroyd", D(2015, 8, 30)),
    ]
    result = link(twins, groups={("housing", "T9"): ["housing:A3", "housing:B3"]})
    found = people(result)
    assert found[result.person_of["health:A1"]] == {"health:A1", "schools:A2", "housing:A3"}
    assert found[result.person_of["health:B1"]] == {"health:B1", "schools:B2", "housing:B3"}


def test_a_father_and_the_son_named_after_him_are_kept_apart():
    family = [
        rec("health", "F1", "John", "Smith", D(1980, 5, 1), "M", "9 Hill Road", "WQ9 9HH"),
        rec("housing", "F2", "John", "Smith", D(1980, 5, 1), "M"),
        rec("health", "S1", "John", "Smith", D(2008, 9, 10), "M", "9 Hill Road", "WQ9 9HH"),
        rec("schools", "S2", "John", "Smith", D(2008, 9, 10), "M", "9 Hill Road", "WQ9 9HH"),
        rec("housing", "S3", "John", "Smith", D(2008, 9, 10), "M"),
        rec("housing", "M1", "Mary", "Smith", D(1982, 1, 20), "F"),
        # the police know "John Smith" without a date of birth, in a notification with Mary
        rec("police", "P1", "John", "Smith", None, "M"),
        rec("police", "P2", "Mary", "Smith", None, "F"),
    ]
    groups = {
        ("housing", "T1"): ["housing:F2", "housing:S3", "housing:M1"],
        ("police", "N1"): ["police:P1", "police:P2"],
    }
    result = link(family, groups)
    found = people(result)
    father, son = result.person_of["health:F1"], result.person_of["health:S1"]
    assert father != son
    assert found[father] == {"health:F1", "housing:F2"}
    assert found[son] == {"health:S1", "schools:S2", "housing:S3"}
    # which John the police mean cannot be told: the record stays on its own, and the question goes to review
    assert found[result.person_of["police:P1"]] == {"police:P1"}
    queued = [c for c in result.candidates if "police:P1" in (c["record_a"], c["record_b"])]
    assert queued and all(c["reason"].startswith("ambiguous") for c in queued)


def test_an_approximate_age_tells_the_father_from_the_son_named_after_him():
    # The police give "John Smith, about 44" at an incident at the family's home, with Mary, the son not there.
    on = D(2024, 6, 1)
    family = [
        rec("health", "F1", "John", "Smith", D(1980, 5, 1), "M", "9 Hill Road", "WQ9 9HH"),
        rec("health", "S1", "John", "Smith", D(2008, 9, 10), "M", "9 Hill Road", "WQ9 9HH"),
        rec("schools", "S2", "John", "Smith", D(2008, 9, 10), "M", "9 Hill Road", "WQ9 9HH"),
        rec("health", "M1", "Mary", "Smith", D(1982, 1, 20), "F", "9 Hill Road", "WQ9 9HH"),
        rec("police", "P1", "John", "Smith", std.dob_from_age(44, on), "M", dob_estimated=True),
        rec("police", "P2", "Mary", "Smith", std.dob_from_age(42, on), "F", dob_estimated=True),
        # another notification, elsewhere: a boy of the son's name and age that nothing else ties to the family
        rec("police", "P3", "John", "Smith", std.dob_from_age(15, on), "M", dob_estimated=True),
    ]
    incidents = SourceExtract("police", mapping=None)
    incidents.entities["person"] = [
        ("subjects.csv", 1, {"record_id": "P1", "seen_at_postcode": "WQ9 9HH"}),
        ("subjects.csv", 2, {"record_id": "P2", "seen_at_postcode": "WQ9 9HH"}),
        ("subjects.csv", 3, {"record_id": "P3", "seen_at_postcode": "WQ2 2ZZ"}),
    ]
    records = {r["record_key"]: r for r in [*family, *BYSTANDERS]}
    groups = {("police", "N1"): ["police:P1", "police:P2"]}
    result = link_people(records, [incidents], groups, addresses_of(records.values()), load_config())
    found = people(result)
    father, son = result.person_of["health:F1"], result.person_of["health:S1"]
    assert found[father] == {"health:F1", "police:P1"}  # the guessed age is the father's, not the son's
    assert found[son] == {"health:S1", "schools:S2"}
    assert found[result.person_of["health:M1"]] == {"health:M1", "police:P2"}
    # a name and an age alone do not say which boy: that one waits for a steward
    assert found[result.person_of["police:P3"]] == {"police:P3"}
    assert any("police:P3" in (c["record_a"], c["record_b"]) for c in result.candidates)


def test_the_review_queue_carries_evidence_per_field():
    result = link(
        [
            rec("health", "Q1", "Robert", "Jones", D(1985, 1, 1), "M", "2 Low Road", "WQ4 4DD"),
            rec("police", "Q2", "Robert", "Jones", None, "M"),  # no date of birth, no household in common
        ]
    )
    assert result.person_of["health:Q1"] != result.person_of["police:Q2"]
    (candidate,) = [c for c in result.candidates if c["pair_key"] == "health:Q1|police:Q2"]
    assert candidate["status"] == "pending" and 0.5 <= candidate["probability"] < 1
    evidence = json.loads(candidate["evidence"])
    assert evidence["forename"]["level"] == "exact" and evidence["dob"]["level"] == "missing on one side"
    assert set(evidence) == {"forename", "surname", "dob", "sex", "address", "nhs_number", "upn", "context"}


def test_steward_decisions_override_the_model():
    records = [
        rec("health", "X1", "Anna", "Smith", D(1990, 3, 4), "F", "1 Elm Road", "WQ1 1AA"),
        rec("housing", "X2", "Anna", "Smith", D(1990, 3, 4), "F", "1 Elm Road", "WQ1 1AA"),
        rec("health", "Y1", "Robert", "Jones", D(1985, 1, 1), "M", "2 Low Road", "WQ4 4DD"),
        rec("police", "Y2", "Robert", "Jones", None, "M"),
    ]
    decisions = from_rows(
        [
            {"decision_id": "D1", "kind": "rejected", "record_a": "health:X1", "record_b": "housing:X2"},
            {"decision_id": "D2", "kind": "accepted", "record_a": "health:Y1", "record_b": "police:Y2"},
        ]
    )
    records = {r["record_key"]: r for r in [*records, *BYSTANDERS]}
    result = link_people(records, (), {}, addresses_of(records.values()), load_config(), decisions)
    assert result.person_of["health:X1"] != result.person_of["housing:X2"]
    assert result.person_of["health:Y1"] == result.person_of["police:Y2"]
    assert result.methods["police:Y2"] == "steward"
    assert not [c for c in result.candidates if c["pair_key"] == "health:X1|housing:X2"]


def test_later_decisions_win_and_an_unlink_splits_into_its_groups():
    rows = [
        {
            "decision_id": "D1",
            "kind": "accepted",
            "record_a": "a:1",
            "record_b": "a:2",
            "decided_at": dt.datetime(2026, 1, 1),
        },
        {
            "decision_id": "D2",
            "kind": "rejected",
            "record_a": "a:2",
            "record_b": "a:1",
            "decided_at": dt.datetime(2026, 2, 1),
        },
        {
            "decision_id": "D3",
            "kind": "unlinked",
            "person_id": "P1",
            "groups": '[["a:3", "a:4"], ["a:5"]]',
            "decided_at": dt.datetime(2026, 3, 1),
        },
    ]
    decisions = from_rows(rows)
    assert decisions.cannot_link == [("a:1", "a:2"), ("a:3", "a:5"), ("a:4", "a:5")]
    assert decisions.must_link == []


@pytest.mark.parametrize("bad", ["{not json", '{"a": 1}', "[1, 2]"])
def test_a_malformed_unlink_is_ignored(bad):
    assert len(from_rows([{"decision_id": "D", "kind": "unlinked", "groups": bad}])) == 0


def test_the_configuration_is_checked(tmp_path):
    from ingest.linkage.config import LinkageConfigError

    config = load_config()
    assert config.match_threshold == 0.9 and config.review_threshold == 0.5 and config.model_path.exists()
    for bad in [
        "match_threshold: 0.4\nreview_threshold: 0.6",
        "contradictions: [surname]",
        "model: {train: sometimes}",
    ]:
        path = tmp_path / "linkage.yaml"
        path.write_text(bad)
        with pytest.raises(LinkageConfigError):
            load_config(path)


def test_a_saved_model_loads_back_and_a_level_it_lacks_counts_for_nothing(tmp_path):
    from ingest.linkage import model as splink_model

    shipped = splink_model.load(load_config().model_path)
    splink_model.save(shipped, tmp_path / "model.json")
    again = splink_model.load(tmp_path / "model.json")
    for name in ("forename", "surname", "dob", "address", "context"):
        assert splink_model.level_weights(again, name) == pytest.approx(splink_model.level_weights(shipped, name))
    # a model saved before a level was added: the level neither helps nor hurts until the model is estimated again
    saved = json.loads((tmp_path / "model.json").read_text())
    dob = next(c for c in saved["comparisons"] if c["output_column_name"] == "dob")
    dob["comparison_levels"] = [lv for lv in dob["comparison_levels"] if "within 4" not in lv["label_for_charts"]]
    (tmp_path / "old.json").write_text(json.dumps(saved))
    old = splink_model.load(tmp_path / "old.json")
    labels = splink_model.level_labels(old)["dob"]
    (new_level,) = [v for v, label in labels.items() if "within 4" in label]
    assert splink_model.level_weights(old, "dob")[new_level] == 0.0
    exact = next(v for v, label in labels.items() if label == "exact")
    assert splink_model.level_weights(old, "dob")[exact] == pytest.approx(
        splink_model.level_weights(shipped, "dob")[exact]
    )
