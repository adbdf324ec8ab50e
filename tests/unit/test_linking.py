import datetime as dt

from ingest.linking import compatible, link_records

D = dt.date


def record(system, rid, forename, surname, dob, nhs=None, upn=None, ref=None, estimated=False):
    return {
        "system": system,
        "record_id": rid,
        "forename": forename,
        "surname": surname,
        "dob": dob,
        "dob_estimated": estimated,
        "nhs_number": nhs,
        "upn": upn,
        "same_person": ref,
    }


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


def test_constrained_clustering_never_joins_what_must_stay_apart():
    from ingest.linking import PROBABILISTIC, Link, cluster

    keys = ["a", "b", "c", "d"]
    links = [
        Link("a", "b", 0.99, PROBABILISTIC),
        Link("b", "c", 0.98, PROBABILISTIC),
        Link("c", "d", 0.97, PROBABILISTIC),
    ]
    # a rejected pair (a, c): b joins a first (the strongest link), so c cannot join them; c and d still link
    result = cluster(keys, links, cannot_link=[("a", "c")])
    assert result.person_of["a"] == result.person_of["b"] != result.person_of["c"] == result.person_of["d"]
    assert [(link.a, link.b) for link in result.blocked] == [("b", "c")]
    assert result.methods["a"] == "probabilistic" and result.probabilities["a"] == 0.99
    # a conflict (two plainly different people) blocks a probabilistic link, not an identifier or steward one
    conflict = lambda x, y: {x, y} == {"a", "d"}  # noqa: E731
    result = cluster(keys, [*links, Link("a", "d", 1.0, "identifier")], conflict=conflict)
    assert len(set(result.person_of.values())) == 1 and result.methods["d"] == "identifier"


def test_a_single_record_is_certain_and_person_ids_follow_the_smallest_key():
    from ingest.linking import PROBABILISTIC, Link, cluster, person_id_for

    result = cluster(["x", "y", "z"], [Link("y", "z", 0.95, PROBABILISTIC)])
    assert result.methods["x"] == "single_record" and result.probabilities["x"] == 1.0
    assert result.person_of["z"] == person_id_for(["y", "z"]) == person_id_for(["z", "y"])


def test_dates_that_keying_errors_explain():
    from ingest.linking import dates_explained

    base = D(1990, 3, 4)
    assert dates_explained(base, D(1990, 4, 3))  # day and month swapped
    assert dates_explained(base, D(1991, 3, 4))  # a year out
    assert dates_explained(base, D(1990, 3, 14))  # a day ten out
    assert dates_explained(base, D(1991, 4, 3))  # swapped and a year out
    assert dates_explained(base, D(1990, 8, 4))  # one digit of the month
    assert not dates_explained(base, D(1980, 3, 4))  # a digit of the year: a father's, not a typo
    assert not dates_explained(base, D(1992, 6, 1))
    assert dates_explained(base, D(1991, 7, 1), slack_years=2)  # an estimate keyed as 1 July
    assert not dates_explained(base, D(1994, 7, 1), slack_years=2)


def test_forenames_that_differ_mark_twins_but_not_variants_or_typos():
    from ingest.linkage.features import Nicknames
    from ingest.linking import Identity, forenames_differ

    nicknames = Nicknames()

    def who(forename, surname="Lee", middle=None):
        return Identity.of({"forename": forename, "surname": surname, "middle_names": middle}, nicknames.variants)

    assert forenames_differ(who("Paige"), who("Olivia"))
    assert not forenames_differ(who("Elizabeth"), who("Liz"))  # nickname
    assert not forenames_differ(who("Lizzue"), who("Beth"))  # a misspelt nickname: the table's nearest name
    assert not forenames_differ(who("Jonathon"), who("Jonathan"))  # a typo
    assert not forenames_differ(who("Ann", middle="Marie"), who("Marie"))  # known by a middle name
    assert not forenames_differ(who("Lee", "Kim"), who("Kim", "Lee"))  # forename and surname swapped


def test_a_common_name_is_never_taken_for_a_misspelling():
    from collections import Counter

    from ingest.linkage.features import Nicknames

    frequencies = Counter({"KELLY": 120, "ELLY": 3, "LIZZUE": 1, "LIZZIE": 40})
    nicknames = Nicknames(frequencies)
    assert nicknames.variants("KELLY") == ()  # one letter from Elly, but a name of its own
    assert nicknames.variants("LIZZUE") == ("ELIZABETH",)
    assert nicknames.variants("ROB") == ("ROBERT",)


def test_estimated_dates_of_birth_may_be_years_out_and_two_estimates_both_ways():
    from ingest.linking import Identity, dob_far_apart, dob_slack

    def who(dob, estimated=False):
        return {"forename": "Lee", "surname": "Hall", "dob": dob, "dob_estimated": estimated}

    assert dob_slack(who(D(1990, 3, 4))) == 0
    assert dob_slack(who(D(1990, 7, 1))) == 2  # keyed as an estimate usually is
    assert dob_slack(who(D(1990, 9, 3), estimated=True)) == 4  # an approximate age, say
    assert dob_slack(who(None, estimated=True)) == 0
    exact, guess = Identity.of(who(D(1990, 3, 4))), Identity.of(who(D(1993, 9, 3), estimated=True))
    assert not dob_far_apart(exact, guess)  # an age guessed three years out is still the same person
    assert not dob_far_apart(guess, Identity.of(who(D(1986, 9, 3), estimated=True)))  # two guesses, 3½ years each
    assert dob_far_apart(guess, Identity.of(who(D(1966, 3, 4))))  # a father's date of birth is not a guess away
    assert not compatible(who(D(1990, 3, 4)), who(D(1983, 9, 3), estimated=True))


def test_one_keying_error_swaps_two_neighbours_both_ways():
    from ingest.linking import one_keying_error

    assert one_keying_error("MILLIE", "MLILIE")  # I and L swapped
    assert one_keying_error("JON", "JOHN") and one_keying_error("ANNE", "ANNA")
    assert not one_keying_error("EMILIE", "MLILIE")  # "EM" is not "ML" swapped
    assert not one_keying_error("MILLIE", "MOLLY")


def test_a_misspelling_takes_the_variants_of_the_common_name_near_it():
    from collections import Counter

    from ingest.linkage.features import Nicknames

    nicknames = Nicknames(Counter({"JOEE": 1, "JOE": 40, "ZOEE": 1, "JOEY": 6, "MLILIE": 1, "MILLIE": 50}))
    assert nicknames.variants("JOEE") == ("JOSEPH",)  # Joe (and Joey), not the rare Zoee
    assert set(nicknames.variants("MLILIE")) == set(nicknames.variants("MILLIE"))


def test_soundex_blocks_names_keyed_with_an_error_together():
    from ingest.linkage.features import soundex

    assert soundex("CLARK") == soundex("CLARKE") == "C462"
    assert soundex("SUTCLIFFE") == soundex("SUTCLIIFFE")
    assert soundex("ASHCRAFT") == "A261" and soundex("TYMCZAK") == "T522" and soundex("PFISTER") == "P236"
    assert soundex("LI") == "L000" and soundex(None) is None
