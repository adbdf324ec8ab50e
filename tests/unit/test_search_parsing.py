"""Reading the search box (names in either order, dates of birth in the formats people type, identifiers) and
matching what was typed to the names the sources hold."""

import datetime as dt

import pytest

from app.services.search import (
    SearchInputError,
    TypedName,
    Vocabulary,
    dob_variants,
    forename_match,
    nhs_code,
    parse_date_of_birth,
    parse_search,
    surname_match,
    upn_code,
)

TODAY = dt.date(2026, 11, 20)
D = dt.date


def readings(text):
    return [
        (r.forename.text if r.forename else None, r.surname.text if r.surname else None)
        for r in parse_search(text, today=TODAY).readings
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "4/3/2015",
        "04/03/2015",
        "04-03-2015",
        "4.3.2015",
        "04.03.15",
        "04032015",
        "2015-03-04",
        "2015/3/4",
        "4 March 2015",
        "4 Mar 2015",
        "4th March 2015",
        "4 march, 2015",
        "March 4, 2015",
        "  4 March   2015 ",
    ],
)
def test_every_date_of_birth_format_is_day_first(typed):
    assert parse_date_of_birth(typed, TODAY) == D(2015, 3, 4)


def test_two_digit_years_are_not_in_the_future():
    assert parse_date_of_birth("1/1/87", TODAY) == D(1987, 1, 1)
    assert parse_date_of_birth("1/1/26", TODAY) == D(2026, 1, 1)
    assert parse_date_of_birth("1/1/27", TODAY) == D(1927, 1, 1)


@pytest.mark.parametrize(
    "typed, says",
    [
        ("31/02/2015", "Date of birth must be a real date (31/02/2015 is not)"),
        ("1/1/2030", "Date of birth must be today or in the past"),
        ("1/1/1850", "Date of birth must be after 1900"),
        ("next tuesday", "Date of birth must be a date, like 4/3/2015"),
        ("4/3/2015 Smith", "Date of birth must be a date, like 4/3/2015"),
    ],
)
def test_a_bad_date_of_birth_says_what_is_wrong_and_names_the_field(typed, says):
    with pytest.raises(SearchInputError) as error:
        parse_date_of_birth(typed, TODAY)
    assert error.value.field == "dob"
    assert says in error.value.message


def test_surname_comma_forename_is_read_surname_first():
    assert readings("Smith, Anna") == [("Anna", "Smith")]
    assert readings("SMITH,Anna Marie") == [("Anna", "SMITH")]
    assert readings("Jones-Smith, Chloe") == [("Chloe", "Jones-Smith")]
    assert readings("Smith,") == [(None, "Smith")]


def test_two_words_are_tried_both_ways_typed_order_first():
    assert readings("Anna Smith") == [("Anna", "Smith"), ("Smith", "Anna")]
    terms = parse_search("Smith Anna", today=TODAY)
    assert [r.penalty for r in terms.readings] == [0, 1]


def test_three_words_allow_a_middle_name_and_a_surname_of_several_words():
    assert ("Maria", "De La Cruz") in readings("Maria De La Cruz")
    assert ("Anna", "Smith") in readings("Anna Marie Smith")


def test_one_word_is_a_surname_first_then_a_forename():
    terms = parse_search("Chloe", today=TODAY)
    assert [(r.forename, r.surname.text if r.surname else None) for r in terms.readings][0] == (None, "Chloe")
    assert terms.readings[1].forename.text == "Chloe" and terms.readings[1].surname is None
    assert terms.readings[1].penalty > terms.readings[0].penalty


def test_a_partial_name_is_kept_as_typed():
    assert readings("Smi") == [(None, "Smi"), ("Smi", None)]


@pytest.mark.parametrize("typed", ["943 476 5919", "9434765919", "943-476-5919"])
def test_nhs_number_with_or_without_spaces(typed):
    terms = parse_search(typed, today=TODAY)
    assert terms.nhs_numbers == ("9434765919",)
    assert terms.readings == () and terms.dob is None
    assert "9434765919" in terms.record_ids  # a source may use the NHS number as its own id
    assert "943" not in terms.record_ids  # the groups of digits are one number, not three ids


@pytest.mark.parametrize("typed", ["A123456789012", "a123456789012", "A123 4567 89012"])
def test_upn_in_any_case_and_spacing(typed):
    terms = parse_search(typed, today=TODAY)
    assert terms.upns == ("A123456789012",)
    assert terms.readings == ()


def test_a_source_record_id_is_an_identifier_not_a_name():
    terms = parse_search("csc0033615", today=TODAY)
    assert {"csc0033615", "CSC0033615"} <= set(terms.record_ids)
    assert terms.readings == () and terms.nhs_numbers == () and terms.upns == ()


def test_names_and_a_date_together():
    terms = parse_search("Smith, Anna 4 March 1990", today=TODAY)
    assert terms.dob == D(1990, 3, 4)
    assert [(r.forename.text, r.surname.text) for r in terms.readings] == [("Anna", "Smith")]
    assert not terms.has_identifiers


def test_a_date_alone_is_a_date_of_birth_search():
    terms = parse_search("2015-05-06", today=TODAY)
    assert terms.dob == D(2015, 5, 6) and terms.readings == () and not terms.has_identifiers


def test_the_date_of_birth_field_alone_is_enough():
    terms = parse_search("", "6/5/2015", today=TODAY)
    assert terms.dob == D(2015, 5, 6) and terms.readings == ()


def test_the_date_field_and_a_different_date_in_the_box_disagree():
    with pytest.raises(SearchInputError) as error:
        parse_search("Smith 1/1/2015", "2/1/2015", today=TODAY)
    assert error.value.field == "dob"
    assert parse_search("Smith 1/1/2015", "2015-01-01", today=TODAY).dob == D(2015, 1, 1)


def test_an_impossible_date_in_the_box_names_q():
    with pytest.raises(SearchInputError) as error:
        parse_search("Smith 31/02/2015", today=TODAY)
    assert error.value.field == "q"
    assert error.value.message == "The date in the search box must be a real date (31/02/2015 is not)"


@pytest.mark.parametrize("typed", ["", "   ", ",", "!!"])
def test_nothing_to_search_names_q(typed):
    with pytest.raises(SearchInputError) as error:
        parse_search(typed, today=TODAY)
    assert error.value.field == "q"


def test_overlong_text_names_q():
    with pytest.raises(SearchInputError) as error:
        parse_search("Smith " * 50, today=TODAY)
    assert error.value.field == "q"


def test_accents_and_apostrophes_do_not_matter():
    assert surname_match(TypedName.of("obrien"), "O'Brien").score == 100
    assert forename_match(TypedName.of("Zoe"), "Zoë").score == 100


@pytest.mark.parametrize(
    "typed, stored, reason",
    [
        ("Jonse", "Jones", "similar spelling of surname"),
        ("Smiht", "Smith", "similar spelling of surname"),
        ("Smith", "Jones-Smith", "part of a double-barrelled surname"),
        ("Jones", "Jones-Smith", "part of a double-barrelled surname"),
        ("Jones-Smith", "Smith", "part of the double-barrelled surname typed"),
        ("Smi", "Smith", "partial surname"),
        ("Thompson", "Tomson", "similar spelling of surname"),
    ],
)
def test_surname_matches_tolerate_typing(typed, stored, reason):
    assert surname_match(TypedName.of(typed), stored).reason == reason


def test_surnames_that_only_look_alike_do_not_match():
    assert surname_match(TypedName.of("Smith"), "Brown") is None
    assert surname_match(TypedName.of("Ali"), "Alt") is None  # three letters: no keying error tolerated


@pytest.mark.parametrize(
    "typed, stored, reason",
    [
        ("Dan", "Danny", "short form of the forename"),
        ("Danny", "Dan", "short form of the forename"),
        ("Benjamin", "Ben", "short form of the forename"),
        ("A", "Anna", "initial"),
        ("Chloe", "Cloe", "similar spelling of forename"),
    ],
)
def test_forename_matches_take_short_forms_initials_and_spelling(typed, stored, reason):
    assert forename_match(TypedName.of(typed), stored).reason == reason


def test_likely_mis_keyings_of_a_date_of_birth():
    assert dob_variants(D(2015, 3, 4)) == {
        D(2015, 3, 4): "",
        D(2015, 4, 3): "day and month swapped",
        D(2014, 3, 4): "year differs by one",
        D(2016, 3, 4): "year differs by one",
    }
    assert D(2015, 4, 20) not in dob_variants(D(2015, 4, 20)).values()


def test_identifiers_pack_into_distinct_integers():
    assert nhs_code("9434765919") == 9434765919 and nhs_code("943476591") is None
    codes = {upn_code(u) for u in ["A123456789012", "B123456789012", "A123456789013", "A12345678901A"]}
    assert len(codes) == 4 and None not in codes
    assert upn_code("a123456789012") == upn_code("A123456789012")
    assert upn_code("1234567890123") is None


def test_the_vocabulary_offers_every_stored_name_worth_scoring():
    vocabulary = Vocabulary(["Smith", "Jones-Smith", "Smyth", "Smithson", "Brown", "Jones"])
    assert vocabulary.similar(TypedName.of("Smiht")) == {"Smith", "Jones-Smith"}
    assert {"Smith", "Smithson", "Jones-Smith", "Smyth"} <= vocabulary.similar(TypedName.of("Smith"))
    assert "Brown" not in vocabulary.similar(TypedName.of("Smith"))
    assert vocabulary.similar(TypedName.of("Jones-Smith")) >= {"Jones", "Smith", "Jones-Smith"}
