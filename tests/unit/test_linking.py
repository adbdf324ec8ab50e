import datetime as dt

from ingest.linking import compatible, link_records

D = dt.date


def record(system, rid, forename, surname, dob, nhs=None, upn=None, ref=None, estimated=False):
    return {"system": system, "record_id": rid, "forename": forename, "surname": surname, "dob": dob,
            "dob_estimated": estimated, "nhs_number": nhs, "upn": upn, "same_person": ref}


def link(*records):
    keyed = {f"{r['system']}:{r['record_id']}": r for r in records}
    conflicts = []
    person_of, methods = link_records(keyed, conflicts)
    return person_of, methods, conflicts


def test_records_sharing_an_nhs_number_are_one_person_with_the_method_recorded():
    person_of, methods, _ = link(
        record("csc", "1", "Anna", "Smith", D(1990, 3, 4), nhs="9434765919"),
        record("health", "9", "Ann", "Smyth", D(1990, 4, 3), nhs="9434765919"),  # day and month swapped
        record("schools", "U", "Anna", "Smith", D(1990, 3, 4)),
    )
    assert person_of["csc:1"] == person_of["health:9"] != person_of["schools:U"]
    assert methods["csc:1"] == "identifier" and methods["schools:U"] == "single_record"


def test_a_parents_nhs_number_on_a_childs_record_does_not_merge_them():
    person_of, _, conflicts = link(
        record("csc", "M", "Ava", "Sutcliffe", D(1983, 10, 10), nhs="9993504270"),
        record("csc", "C", "Jayden", "Wood", D(2007, 5, 14), nhs="9993504270"),
    )
    assert person_of["csc:M"] != person_of["csc:C"]
    assert conflicts == [("nhs", "csc:M", "csc:C")]


def test_twins_with_their_own_identifiers_stay_apart_and_a_source_reference_links():
    person_of, _, _ = link(
        record("schools", "A", "Amy", "Lee", D(2015, 1, 1), upn="A801200005001"),
        record("schools", "B", "Ben", "Lee", D(2015, 1, 1), upn="B801200005002"),
        record("police", "S1", "Amy", "LEE", None, ref="NOM1"),
        record("police", "S2", "Amy", "Lee", D(2015, 1, 1), ref="NOM1"),
    )
    assert person_of["schools:A"] != person_of["schools:B"]
    assert person_of["police:S1"] == person_of["police:S2"]


def test_person_ids_are_stable_and_independent_of_input_order():
    a = record("csc", "1", "Anna", "Smith", D(1990, 3, 4), nhs="9434765919")
    b = record("health", "9", "Ann", "Smith", D(1990, 3, 4), nhs="9434765919")
    assert link(a, b)[0] == link(b, a)[0]


def test_compatibility_rules():
    base = record("x", "1", "Anna", "Smith", D(1990, 3, 4))
    assert compatible(base, record("x", "2", "Zed", "Other", None))  # unknown date of birth
    assert compatible(base, record("x", "2", "Zed", "Other", D(1991, 3, 4)))  # mistyped year
    assert compatible(base, record("x", "2", "Anna", "Smith", D(1990, 4, 3)))  # day and month swapped
    assert compatible(base, record("x", "2", "Anna", "Smith", D(1990, 3, 14)))  # a day digit
    assert compatible(base, record("x", "2", "Anna", "Smith", D(1989, 1, 1), estimated=True))  # an estimate
    assert not compatible(base, record("x", "2", "Zed", "Other", D(2007, 5, 14)))
    # A name in common does not explain dates of birth decades apart: a mother's NHS number on her baby's record,
    # a father's on the son named after him.
    assert not compatible(base, record("x", "2", "Baby", "Smith", D(2020, 1, 1)))
    assert not compatible(base, record("x", "2", "Anna", "Jones", D(1970, 1, 1)))


def test_a_mothers_nhs_number_on_her_babys_record_does_not_merge_them_even_with_one_surname():
    person_of, _, conflicts = link(
        record("health", "M", "Alexandra", "Young", D(1995, 7, 6), nhs="9999381049"),
        record("health", "B", "Demi", "Young", D(2023, 4, 11), nhs="9999381049"),
    )
    assert person_of["health:M"] != person_of["health:B"]
    assert conflicts == [("nhs", "health:M", "health:B")]
