"""Unit tests for ingest.standardise: exact outputs for the formats source extracts use."""

from __future__ import annotations

import doctest

import pytest

from ingest import standardise
from ingest.standardise import (
    address_key,
    clean_address_line,
    clean_name,
    is_valid_email,
    is_valid_phone,
    is_valid_postcode,
    match_address_line,
    name_key,
    normalise_email,
    normalise_nhs_number,
    normalise_phone,
    normalise_postcode,
    normalise_sex,
    normalise_upn,
    normalise_uprn,
    split_address_line,
    split_full_name,
    surname_parts,
)

BLANKS = [None, "", "   ", "\t\n"]
#: Text that must never make a function raise.
ODD = ["???", "-", "'", "N/A", "\u200b", "😀", "ŁØß", "0", "12,34", "a@b@c", "(0)", "x", "ext", ",", "--'--", "#1"]


def test_docstring_examples():
    failures, tried = doctest.testmod(standardise)
    assert tried > 30
    assert failures == 0


@pytest.mark.parametrize(
    "func",
    [
        clean_name,
        name_key,
        normalise_postcode,
        normalise_uprn,
        clean_address_line,
        match_address_line,
        normalise_phone,
        normalise_email,
        normalise_nhs_number,
        normalise_upn,
    ],
)
@pytest.mark.parametrize("blank", BLANKS)
def test_blank_gives_none(func, blank):
    assert func(blank) is None


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_for_collections_and_codes(blank):
    assert surname_parts(blank) == []
    assert split_full_name(blank) == (None, None, None)
    assert split_address_line(blank) == (None, None, None)
    assert address_key(blank, blank, blank) is None
    assert normalise_sex(blank) == "U"
    assert not is_valid_postcode(blank)
    assert not is_valid_phone(blank)
    assert not is_valid_email(blank)


@pytest.mark.parametrize("text", ODD)
def test_odd_text_never_raises(text):
    for func in (
        clean_name,
        name_key,
        surname_parts,
        split_full_name,
        normalise_postcode,
        normalise_uprn,
        clean_address_line,
        match_address_line,
        split_address_line,
        normalise_phone,
        normalise_email,
        normalise_sex,
        normalise_nhs_number,
        normalise_upn,
    ):
        func(text)
    address_key(text, text, text)


# -- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  john   paul  ", "John Paul"),
        ("Zoë", "Zoe"),
        ("JOSÉ", "Jose"),
        ("Søren Łukasz", "Soren Lukasz"),
        ("Smith - Jones", "Smith-Jones"),
        ("smith-jones", "Smith-Jones"),
        ("anne--marie", "Anne-Marie"),
        ("o'brien", "O'Brien"),
        ("O’BRIEN", "O'Brien"),
        ("o ' brien", "O'Brien"),
        ("d'arcy", "D'Arcy"),
        ("MCDONALD", "McDonald"),
        ("mcdonald-o'neill", "McDonald-O'Neill"),
        ("MacDonald", "MacDonald"),  # deliberate mixed case is kept
        ("MACHIN", "Machin"),  # "Mac" is not a reliable prefix
        ("DE LA CRUZ", "De La Cruz"),
        ("J.P. Smith", "J P Smith"),
        ("Smith,John", "Smith John"),
        ("(Smith)", "Smith"),
        ("-smith-", "Smith"),
        ("'ali'", "Ali"),
        ("...", None),
        ("'-'", None),
    ],
)
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'Brien-Smith", "OBRIENSMITH"),
        ("  de la Cruz ", "DELACRUZ"),
        ("Zoë", "ZOE"),
        ("Straße", "STRASSE"),
        ("Smith 2", "SMITH"),
        ("123", None),
    ],
)
def test_name_key(raw, expected):
    assert name_key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jones-Smith", ["JONES", "SMITH"]),
        ("Jones Smith", ["JONES", "SMITH"]),
        ("jones - smith", ["JONES", "SMITH"]),
        ("O'Brien", ["OBRIEN"]),
        ("De La Cruz", ["DE", "LA", "CRUZ"]),
        ("Smith", ["SMITH"]),
        ("-", []),
    ],
)
def test_surname_parts(raw, expected):
    assert surname_parts(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SMITH, John Paul", ("John", "Paul", "Smith")),
        ("SMITH, John", ("John", None, "Smith")),
        ("SMITH-JONES, mary anne louise", ("Mary", "Anne Louise", "Smith-Jones")),
        ("SMITH,", (None, None, "Smith")),
        (", John", ("John", None, None)),
        ("Smith, Mrs Jane", ("Jane", None, "Smith")),
        ("Mrs SMITH, Jane", ("Jane", None, "Smith")),
        ("John Paul Smith", ("John", "Paul", "Smith")),
        ("John Paul George Smith", ("John", "Paul George", "Smith")),
        ("John Smith", ("John", None, "Smith")),
        ("Smith", (None, None, "Smith")),
        ("Mr. John Smith", ("John", None, "Smith")),
        ("MISS jane o'brien", ("Jane", None, "O'Brien")),
        ("Master Tom Smith", ("Tom", None, "Smith")),
        ("Mx Sam Smith", ("Sam", None, "Smith")),
        ("Dr Smith", (None, None, "Smith")),
        ("Mr", (None, None, None)),
        ("Maria De La Cruz", ("Maria", None, "De La Cruz")),
        ("Ludwig van Beethoven", ("Ludwig", None, "Van Beethoven")),
        ("De La Cruz", (None, None, "De La Cruz")),
        ("Di Smith", ("Di", None, "Smith")),
        ("  zoë   SMITH  ", ("Zoe", None, "Smith")),
    ],
)
def test_split_full_name(raw, expected):
    assert split_full_name(raw) == expected


# -- postcodes, UPRNs, addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ls123ab", "LS12 3AB"),
        ("LS12  3AB", "LS12 3AB"),
        (" ls12 3ab ", "LS12 3AB"),
        ("M11AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("ec1a1bb", "EC1A 1BB"),
        ("WQ1 2AB", "WQ1 2AB"),  # the synthetic data's made-up area has a valid shape
        ("gir0aa", "GIR 0AA"),
        ("LS12", None),
        ("3AB", None),
        ("LS12 3A8", None),
        ("LS12-3AB", None),
        ("1S12 3AB", None),
        ("LI12 3AB", None),  # I is never the second letter
        ("LS123 3AB", None),
        ("12345", None),
    ],
)
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected
    assert is_valid_postcode(raw) is (expected is not None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("100023336956", "100023336956"),
        ("000100023336956", "100023336956"),
        (" 10 0023336956 ", "100023336956"),
        ("100023336956.0", "100023336956"),
        (100023336956, "100023336956"),
        ("7", "7"),
        ("1234567890123", None),
        ("0", None),
        ("10002333695a", None),
        ("1.5", None),
        ("-12", None),
        ("N/A", None),
    ],
)
def test_normalise_uprn(raw, expected):
    assert normalise_uprn(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Flat 2, 10 Elm Road", "FLAT 2 10 ELM ROAD"),
        ("Flat 2 10 Elm Rd", "FLAT 2 10 ELM ROAD"),
        ("flat 2,10 elm rd.", "FLAT 2 10 ELM ROAD"),
        ("12 High St", "12 HIGH STREET"),
        ("St John's Road", "ST JOHNS ROAD"),
        ("3 St Mary's Cl", "3 ST MARYS CLOSE"),
        ("1 Oak Ave", "1 OAK AVENUE"),
        ("1 Oak Cres", "1 OAK CRESCENT"),
        ("1 Oak Dr", "1 OAK DRIVE"),
        ("1 Oak Ln", "1 OAK LANE"),
        ("1 Oak Ct", "1 OAK COURT"),
        ("1 Oak Pl", "1 OAK PLACE"),
        ("1 Oak Gdns", "1 OAK GARDENS"),
        ("1 Oak Ter", "1 OAK TERRACE"),
        ("1 Oak Terr", "1 OAK TERRACE"),
        ("10-12  Café Row", "10 12 CAFE ROW"),
        (",,", None),
    ],
)
def test_match_address_line(raw, expected):
    assert match_address_line(raw) == expected


def test_address_key():
    assert address_key("100023336956", "Flat 2, 10 Elm Road", "LS12 3AB") == "UPRN:100023336956"
    assert address_key("00100023336956", None, None) == "UPRN:100023336956"
    assert address_key(None, "Flat 2, 10 Elm Road", "ls123ab") == "ADDR:FLAT 2 10 ELM ROAD|LS12 3AB"
    assert address_key("", "Flat 2 10 Elm Rd", "LS12 3AB") == "ADDR:FLAT 2 10 ELM ROAD|LS12 3AB"
    assert address_key("not a uprn", "Flat 2 10 Elm Rd", "LS12 3AB") == "ADDR:FLAT 2 10 ELM ROAD|LS12 3AB"
    # A postcode of the wrong shape is still used, reduced to letters and digits.
    assert address_key(None, "10 Elm Rd", "ls12 3a8") == "ADDR:10 ELM ROAD|LS123A8"
    assert address_key(None, "10 Elm Road", None) is None
    assert address_key(None, None, "LS12 3AB") is None
    assert address_key(None, "10 Elm Road", "--") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12 Elm Road, Hilltop, Exampleton", ("12 Elm Road", "Hilltop", "Exampleton")),
        ("12 Elm Road, Exampleton", ("12 Elm Road", None, "Exampleton")),
        ("12 Elm Road", ("12 Elm Road", None, None)),
        ("Flat 2, 10 Elm Road, Hilltop, Exampleton", ("Flat 2", "10 Elm Road, Hilltop", "Exampleton")),
        ("a, b, c, d, e", ("a", "b, c, d", "e")),
        ("  12  Elm Road ,, Exampleton ,", ("12 Elm Road", None, "Exampleton")),
        (" , , ", (None, None, None)),
    ],
)
def test_split_address_line(raw, expected):
    assert split_address_line(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  flat 2a,   10 ELM ROAD ", "Flat 2A, 10 Elm Road"),
        ("FLAT 2, THE MALTINGS", "Flat 2, The Maltings"),
        ("unit 3b", "Unit 3B"),
        ("1st floor flat", "1st Floor Flat"),
        ("10-12 high st", "10-12 High St"),
        ("st john's court", "St John's Court"),
        ("o'neill house", "O'Neill House"),
        ("mcallister way", "McAllister Way"),
        ("stoke-on-trent", "Stoke-on-Trent"),
        ("ashby-de-la-zouch", "Ashby-de-la-Zouch"),
        ("NEWCASTLE UPON TYNE", "Newcastle upon Tyne"),
        ("(rear) 12 elm rd", "(Rear) 12 Elm Rd"),
    ],
)
def test_clean_address_line(raw, expected):
    assert clean_address_line(raw) == expected


# -- contact details ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 113 496 0123", "0113 496 0123"),
        ("01134960123", "0113 496 0123"),
        ("0113-496-0123", "0113 496 0123"),
        ("(0113) 496 0123", "0113 496 0123"),
        ("+44 (0)113 496 0123", "0113 496 0123"),
        ("0044 113 496 0123", "0113 496 0123"),
        ("441134960123", "0113 496 0123"),
        ("1134960123", "0113 496 0123"),  # leading zero lost in a spreadsheet
        ("0121 496 0123", "0121 496 0123"),
        ("07700900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("7700900123", "07700 900123"),
        ("02079460123", "020 7946 0123"),
        ("020 7946 0123", "020 7946 0123"),
        ("029 2018 0123", "029 2018 0123"),
        ("01632960123", "01632 960123"),
        ("015394 12345", "015394 12345"),
        ("03001234567", "0300 123 4567"),
        ("08081570123", "0808 157 0123"),
        ("0800 123 456", "0800 123 456"),
        ("01632 96012", "01632 96012"),
        ("0113 496 0123 x123", "0113 496 0123 ext 123"),
        ("0113 496 0123x123", "0113 496 0123 ext 123"),
        ("0113 496 0123 ext 123", "0113 496 0123 ext 123"),
        ("0113 496 0123 Ext. 45", "0113 496 0123 ext 45"),
        ("0113 496 0123 extension: 7", "0113 496 0123 ext 7"),
        ("496 0123", None),
        ("011349601234567", None),
        ("0113 496 0123 / 07700 900123", None),
        ("+1 212 555 0100", None),
        ("00113 496 0123", None),
        ("N/A", None),
    ],
)
def test_normalise_phone(raw, expected):
    assert normalise_phone(raw) == expected
    assert is_valid_phone(raw) is (expected is not None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Jane.Smith@Example.GOV.uk ", "jane.smith@example.gov.uk"),
        ("mailto:jane@example.org", "jane@example.org"),
        ("<jane@example.org>", "jane@example.org"),
        ("j+tag@mail.example.co.uk", "j+tag@mail.example.co.uk"),
        ("jane@example", None),
        ("jane@@example.org", None),
        ("jane@exa@mple.org", None),
        ("jane smith@example.org", None),
        ("@example.org", None),
        ("jane@.example.org", None),
        ("jane@example.org.", None),
        ("jane@example..org", None),
        ("not an email", None),
    ],
)
def test_normalise_email(raw, expected):
    assert normalise_email(raw) == expected
    assert is_valid_email(raw) is (expected is not None)


# -- codes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M", "M"),
        ("m", "M"),
        ("Male", "M"),
        (" MAN ", "M"),
        ("boy", "M"),
        ("1", "M"),
        (1, "M"),
        ("F", "F"),
        ("female", "F"),
        ("Woman", "F"),
        ("GIRL", "F"),
        ("2", "F"),
        (2, "F"),
        ("0", "U"),
        ("9", "U"),
        ("U", "U"),
        ("unknown", "U"),
        ("not stated", "U"),
        ("X", "U"),
        (None, "U"),
    ],
)
def test_normalise_sex(raw, expected):
    assert normalise_sex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        (" 943 476 5918 ", "9434765918"),  # wrong check digit: still the right shape
        ("943476591", None),
        ("94347659190", None),
        ("943476591X", None),
    ],
)
def test_normalise_nhs_number(raw, expected):
    assert normalise_nhs_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H801200001001", "H801200001001"),
        ("h801 2000 01001", "H801200001001"),
        (" h80120000100a ", "H80120000100A"),
        ("H80120000100", None),
        ("H8012000010011", None),
        ("H-801200001001", None),
    ],
)
def test_normalise_upn(raw, expected):
    assert normalise_upn(raw) == expected


def test_an_approximate_age_gives_the_middle_of_the_birth_dates_it_allows():
    import datetime as dt

    from ingest.standardise import dob_from_age

    on = dt.date(2024, 3, 5)
    estimate = dob_from_age(34, on)
    assert dt.date(1989, 3, 6) < estimate < dt.date(1990, 3, 5)  # 34 on 5 March 2024: born in that year
    assert abs((estimate - dt.date(1989, 9, 4)).days) <= 1
    assert dob_from_age("7", dt.date(2024, 2, 29)) == dob_from_age(7, dt.date(2024, 2, 29))  # no 29 Feb in 2017
    for bad in (None, "", "-3", "4.5", "121", "about 30", "٣"):
        assert dob_from_age(bad, on) is None
    assert dob_from_age(30, None) is None
