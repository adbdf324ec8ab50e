"""Standardise the free-text fields found in source extracts: names, addresses, contact details, codes.

Every source system writes the same fact differently ("o'brien", "O’BRIEN ", "O Brien"; "ls123ab",
"LS12  3AB"; "+44 (0)113 496 0123", "0113-496-0123"). This module turns such values into one display form
(``clean_*``, ``normalise_*``) and, for record linkage, into comparison keys (``name_key``, ``surname_parts``,
``address_key``).

Conventions shared by every function here:

* Pure: no I/O, no state, no dependencies beyond the standard library.
* Blank input (``None``, ``""``, whitespace only) gives ``None``, except where the return type is a collection
  (``surname_parts`` gives ``[]``, the ``split_*`` functions a tuple of ``None``) or a code with an "unknown"
  value (``normalise_sex`` gives ``"U"``).
* Odd text never raises: a value that cannot be made sense of gives ``None`` (or the "unknown" value), so a
  validator can quarantine the row with a reason instead of the run failing.
* Inputs are expected to be ``str``; other scalars (an ``int`` sex code, a UPRN read as a number) are accepted
  and converted with ``str()``.

Dates of birth are typed by validation, except one that a source only gives as an age: ``dob_from_age`` turns
"about 34 on 5 March 2024" into an estimated date of birth.

Check digits of NHS numbers and UPNs are a separate concern: see ``ingest/identifiers.py``
(``is_valid_nhs_number``, ``is_valid_upn``). The ``normalise_nhs_number``/``normalise_upn`` here return
``None`` for a value of the wrong shape, whereas the helpers of the same name there return ``""``/the stripped
text and leave the shape check to their ``is_valid_*``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = [
    "address_key",
    "clean_address_line",
    "clean_name",
    "dob_from_age",
    "is_valid_email",
    "is_valid_phone",
    "is_valid_postcode",
    "match_address_line",
    "name_key",
    "normalise_email",
    "normalise_nhs_number",
    "normalise_phone",
    "normalise_postcode",
    "normalise_sex",
    "normalise_upn",
    "normalise_uprn",
    "split_address_line",
    "split_full_name",
    "surname_parts",
]

# --------------------------------------------------------------------------------------------------------------
# Shared text helpers
# --------------------------------------------------------------------------------------------------------------

#: Characters extracts use for an apostrophe (curly quotes, modifier letter, prime, backtick, acute accent).
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u2032\u0060\u00b4"
#: Dashes and hyphen look-alikes.
_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_PUNCT_TRANSLATION = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_HYPHENS, "-")})
#: Letters that NFKD does not decompose into a base letter plus accents, and would otherwise be lost.
_LETTER_TRANSLATION = str.maketrans(
    {
        "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l",
        "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
    }
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


def _text(value: object) -> str | None:
    """``value`` as a stripped string, or ``None`` when blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _ascii(text: str) -> str:
    """Remove accents (NFKD, then drop what is not ASCII): "Zoë" → "Zoe", "José" → "Jose", "Søren" → "Soren"."""
    text = text.translate(_PUNCT_TRANSLATION).translate(_LETTER_TRANSLATION)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+")


def _case_segment(segment: str) -> str:
    """Proper-case one hyphen/apostrophe-free piece of a word.

    A piece already written in deliberate mixed case ("MacDonald", "DeVito") is kept; otherwise the first letter
    is upper-cased and the rest lower-cased, with "Mc" names getting their third letter capitalised
    ("MCDONALD" → "McDonald"). "Mac" is left alone: "Machin" and "Mackay" are not "MacHin" and "MacKay".
    """
    if _CAMEL.fullmatch(segment):
        return segment
    lower = segment.lower()
    if len(lower) > 2 and lower.startswith("mc") and lower[2].isalpha():
        return "Mc" + lower[2].upper() + lower[3:]
    return lower[:1].upper() + lower[1:]


def _case_word(word: str) -> str:
    """Proper-case a word, treating hyphens and apostrophes as internal boundaries.

    After a hyphen every part is capitalised ("Smith-Jones"). After an apostrophe the next part is capitalised
    only when what precedes it is a single letter ("O'Brien", "D'Arcy"), so a possessive stays lower case
    ("John's").
    """
    parts = []
    for part in word.split("-"):
        pieces = part.split("'")
        cased = [_case_segment(pieces[0])]
        for previous, piece in zip(pieces, pieces[1:], strict=False):
            cased.append(_case_segment(piece) if len(previous) == 1 else piece.lower())
        parts.append("'".join(cased))
    return "-".join(parts)


# --------------------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------------------

_NAME_JUNK = re.compile(r"[^A-Za-z0-9'\- ]+")
_AROUND_HYPHEN = re.compile(r"\s*-[\s-]*")
_AROUND_APOSTROPHE = re.compile(r"\s*'[\s']*")
_EDGE_MARKS = re.compile(r"(?:(?<=\s)|^)['-]+|['-]+(?=\s|$)")


def clean_name(text: object) -> str | None:
    """A name (or any part of one) in display form.

    Whitespace is collapsed, accents removed, curly apostrophes and dashes straightened, punctuation other than
    hyphen and apostrophe replaced by a space, spaces around hyphens and apostrophes removed, and each word
    proper-cased (see ``_case_word``).

    >>> clean_name("  o’brien ")
    "O'Brien"
    >>> clean_name("SMITH - JONES")
    'Smith-Jones'
    >>> clean_name("Zoë")
    'Zoe'
    >>> clean_name("MCDONALD")
    'McDonald'
    >>> clean_name("DE LA CRUZ")
    'De La Cruz'
    >>> clean_name("  ") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    name = _NAME_JUNK.sub(" ", _ascii(raw))
    name = _AROUND_HYPHEN.sub("-", name)
    name = _AROUND_APOSTROPHE.sub("'", name)
    name = _collapse(_EDGE_MARKS.sub(" ", name))
    if not any(c.isalnum() for c in name):
        return None
    return " ".join(_case_word(word) for word in name.split(" "))


_NOT_KEY = re.compile(r"[^A-Z]+")


def name_key(text: object) -> str | None:
    """A name reduced for matching: upper-case ASCII letters only.

    >>> name_key("O'Brien-Smith")
    'OBRIENSMITH'
    >>> name_key("Zoë ")
    'ZOE'
    """
    raw = _text(text)
    if raw is None:
        return None
    return _NOT_KEY.sub("", _ascii(raw).upper()) or None


_SURNAME_SPLIT = re.compile(r"[\s\-]+")


def surname_parts(text: object) -> list[str]:
    """The ``name_key`` of each part of a multi-part surname (split on spaces and hyphens); ``[]`` when blank.

    Lets "Jones-Smith" in one system match "Smith" or "Jones Smith" in another.

    >>> surname_parts("Jones-Smith")
    ['JONES', 'SMITH']
    >>> surname_parts("O'Brien")
    ['OBRIEN']
    """
    raw = _text(text)
    if raw is None:
        return []
    keys = (name_key(part) for part in _SURNAME_SPLIT.split(_ascii(raw)))
    return [key for key in keys if key]


_TITLES = frozenset({"MR", "MRS", "MISS", "MS", "MX", "DR", "MASTER"})
#: Lower-case surname particles: in "Maria De La Cruz" they belong to the surname, not to the middle names.
_SURNAME_PARTICLES = frozenset(
    {"DA", "DAS", "DE", "DEL", "DELLA", "DEN", "DER", "DI", "DOS", "DU", "LA", "LE", "TER", "VAN", "VON"}
)


def _name_words(text: str) -> list[str]:
    """Cleaned words of a name with leading titles removed."""
    cleaned = clean_name(text)
    words = cleaned.split(" ") if cleaned else []
    while words and words[0].upper() in _TITLES:
        words.pop(0)
    return words


def split_full_name(text: object) -> tuple[str | None, str | None, str | None]:
    """Split a full name into cleaned ``(forename, middle_names, surname)``; ``None`` for a missing part.

    * "SMITH, John Paul": surname first, before a comma.
    * "John Paul Smith": last word is the surname, first the forename, the rest middle names (space-separated).
      Particles before the last word go with the surname: "Maria De La Cruz" → ("Maria", None, "De La Cruz").
    * "Smith": a single word is taken as a surname.
    * Titles (Mr, Mrs, Miss, Ms, Mx, Dr, Master, with or without a full stop) are removed from the front.

    >>> split_full_name("SMITH, John Paul")
    ('John', 'Paul', 'Smith')
    >>> split_full_name("Mrs Jane Smith")
    ('Jane', None, 'Smith')
    >>> split_full_name("Smith")
    (None, None, 'Smith')
    """
    raw = _text(text)
    if raw is None:
        return None, None, None
    if "," in raw:
        surname_text, _, given_text = raw.partition(",")
        surname_words = _name_words(surname_text)
        given = _name_words(given_text.replace(",", " "))
        surname = " ".join(surname_words) or None
    else:
        words = _name_words(raw)
        if not words:
            return None, None, None
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].upper() in _SURNAME_PARTICLES:  # "Maria De La Cruz"
            cut -= 1
        if cut == 1 and len(words) > 2 and words[0].upper() in _SURNAME_PARTICLES:  # "De La Cruz": all surname
            cut = 0
        given, surname = words[:cut], " ".join(words[cut:])
    forename = given[0] if given else None
    middle = " ".join(given[1:]) or None
    return forename, middle, surname


# --------------------------------------------------------------------------------------------------------------
# Postcodes, UPRNs, addresses
# --------------------------------------------------------------------------------------------------------------

#: Outward code shapes of the standard UK postcode pattern: A9, A99, AA9, AA99, A9A, AA9A (the second letter of a
#: two-letter area is never I or Z).
_OUTWARD = re.compile(r"[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]")
_INWARD = re.compile(r"[0-9][A-Z]{2}")


def normalise_postcode(text: object) -> str | None:
    """A UK postcode in upper case with one space before the inward code; ``None`` if not a postcode's shape.

    The shape is the standard UK postcode pattern (outward code A9, A99, AA9, AA99, A9A or AA9A; inward code
    9AA), plus the special GIR 0AA. Whether the postcode exists is not checked.

    >>> normalise_postcode("ls123ab")
    'LS12 3AB'
    >>> normalise_postcode(" LS12  3AB ")
    'LS12 3AB'
    >>> normalise_postcode("LS12") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    compact = _WHITESPACE.sub("", raw).upper()
    if compact == "GIR0AA":
        return "GIR 0AA"
    outward, inward = compact[:-3], compact[-3:]
    if _OUTWARD.fullmatch(outward) and _INWARD.fullmatch(inward):
        return f"{outward} {inward}"
    return None


def is_valid_postcode(text: object) -> bool:
    """True when ``text`` has the shape of a UK postcode (see ``normalise_postcode``)."""
    return normalise_postcode(text) is not None


_EXCEL_FLOAT = re.compile(r"(\d+)\.0*")


def normalise_uprn(text: object) -> str | None:
    """A UPRN as 1-12 digits without leading zeros; ``None`` when not numeric, zero, or too long.

    Spaces are ignored, and a trailing ``.0`` (a UPRN that passed through a spreadsheet as a number) is dropped.

    >>> normalise_uprn("000100023336956")
    '100023336956'
    >>> normalise_uprn("100023336956.0")
    '100023336956'
    >>> normalise_uprn("N/A") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    digits = _WHITESPACE.sub("", raw)
    if (m := _EXCEL_FLOAT.fullmatch(digits)) is not None:
        digits = m.group(1)
    if not digits.isascii() or not digits.isdigit():
        return None
    digits = digits.lstrip("0")
    if not digits or len(digits) > 12:
        return None
    return digits


#: Street-type abbreviations expanded in address keys, anywhere in the line.
_ABBREVIATIONS = {
    "RD": "ROAD",
    "AVE": "AVENUE",
    "CL": "CLOSE",
    "CRES": "CRESCENT",
    "DR": "DRIVE",
    "LN": "LANE",
    "CT": "COURT",
    "PL": "PLACE",
    "GDNS": "GARDENS",
    "TER": "TERRACE",
    "TERR": "TERRACE",
}
#: Expanded only as the last word: "St John's Road" keeps its "ST" (Saint), "High St" becomes "HIGH STREET".
_LAST_WORD_ABBREVIATIONS = {"ST": "STREET"}
_ADDRESS_JUNK = re.compile(r"[^A-Z0-9 ]+")


def match_address_line(text: object) -> str | None:
    """An address line reduced for matching (the line part of ``address_key``).

    Upper case, accents removed, apostrophes dropped ("John's" → "JOHNS"), other punctuation replaced by a space,
    whitespace collapsed, common street-type abbreviations expanded (RD, AVE, CL, CRES, DR, LN, CT, PL, GDNS,
    TER/TERR; ST only as the last word).

    >>> match_address_line("Flat 2, 10 Elm Rd.")
    'FLAT 2 10 ELM ROAD'
    >>> match_address_line("St John's St")
    'ST JOHNS STREET'
    """
    raw = _text(text)
    if raw is None:
        return None
    line = _ascii(raw).upper().replace("'", "")
    words = _ADDRESS_JUNK.sub(" ", line).split()
    if not words:
        return None
    words = [_ABBREVIATIONS.get(word, word) for word in words]
    words[-1] = _LAST_WORD_ABBREVIATIONS.get(words[-1], words[-1])
    return " ".join(words)


def address_key(uprn: object, line1: object, postcode: object) -> str | None:
    """A key that is equal for two records of the same address.

    * ``"UPRN:<uprn>"`` when a usable UPRN is given (see ``normalise_uprn``);
    * else ``"ADDR:<line1>|<postcode>"`` with line 1 as ``match_address_line`` gives it and the postcode as
      ``normalise_postcode`` gives it. A postcode that is not a valid shape is still used, reduced to its
      upper-case letters and digits, so that the same mistyped postcode in two records still matches;
    * ``None`` when there is neither a UPRN nor both a line 1 and a postcode.

    >>> address_key("100023336956", "anything", None)
    'UPRN:100023336956'
    >>> address_key(None, "Flat 2, 10 Elm Road", "ls123ab") == address_key("", "Flat 2 10 Elm Rd", "LS12 3AB")
    True
    >>> address_key(None, "Flat 2, 10 Elm Road", "ls123ab")
    'ADDR:FLAT 2 10 ELM ROAD|LS12 3AB'
    """
    number = normalise_uprn(uprn)
    if number is not None:
        return f"UPRN:{number}"
    line = match_address_line(line1)
    raw_postcode = _text(postcode)
    if line is None or raw_postcode is None:
        return None
    code = normalise_postcode(raw_postcode) or re.sub(r"[^A-Z0-9]", "", _ascii(raw_postcode).upper())
    if not code:
        return None
    return f"ADDR:{line}|{code}"


def split_address_line(text: object) -> tuple[str | None, str | None, str | None]:
    """Split a one-line, comma-separated address into ``(line1, line2, town)``.

    1 part → (line1, None, None); 2 parts → (line1, None, town); 3 → (line1, line2, town); more than 3 → (first,
    the middle parts joined with ", ", last). Empty parts are dropped and whitespace collapsed; nothing else is
    changed (a trailing postcode, if the caller left one in, would be returned as the town).

    >>> split_address_line("12 Elm Road, Hilltop, Exampleton")
    ('12 Elm Road', 'Hilltop', 'Exampleton')
    >>> split_address_line("12 Elm Road, Exampleton")
    ('12 Elm Road', None, 'Exampleton')
    """
    raw = _text(text)
    if raw is None:
        return None, None, None
    parts = [_collapse(part) for part in raw.split(",")]
    parts = [part for part in parts if part]
    if not parts:
        return None, None, None
    if len(parts) == 1:
        return parts[0], None, None
    return parts[0], ", ".join(parts[1:-1]) or None, parts[-1]


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
#: Small words kept lower case inside hyphenated place names: "Stoke-on-Trent", "Ashby-de-la-Zouch".
_COMPOUND_SMALL_WORDS = frozenset(
    {"and", "at", "by", "de", "en", "in", "la", "le", "next", "of", "on", "the", "under", "upon", "with"}
)
#: Small words kept lower case when they stand alone, unless they start a comma-separated part:
#: "Newcastle upon Tyne", "Isle of Wight" but "Flat 2, The Maltings".
_STANDALONE_SMALL_WORDS = frozenset({"and", "of", "on", "upon", "under"})
_ADDRESS_TOKENS = re.compile(r"([^\w'\-]+)")  # splits a line into words and the punctuation/space between


def _case_address_word(word: str, starts_part: bool) -> str:
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        lower = part.lower()
        if any(c.isdigit() for c in part):
            # "2a" → "2A", "ls12" → "LS12", but ordinals stay readable: "1st".
            out.append(lower if _ORDINAL.fullmatch(part) else part.upper())
        elif (i > 0 and len(parts) > 2 and lower in _COMPOUND_SMALL_WORDS and i < len(parts) - 1) or (
            len(parts) == 1 and not starts_part and lower in _STANDALONE_SMALL_WORDS
        ):
            out.append(lower)
        else:
            out.append(_case_word(part))
    return "-".join(out)


def clean_address_line(text: object) -> str | None:
    """An address line for display: whitespace collapsed and title case that keeps flat numbers readable.

    Words with digits are upper-cased ("Flat 2A", "Unit 3B") except ordinals ("1st Floor"); "O'Neill",
    "McAllister" and deliberately mixed case are handled as in names; a few small words stay lower case inside
    place names ("Stoke-on-Trent", "Newcastle upon Tyne"). Punctuation and accents are kept.

    >>> clean_address_line("  flat 2a,   10 ELM ROAD ")
    'Flat 2A, 10 Elm Road'
    >>> clean_address_line("st john's court, stoke-on-trent")
    "St John's Court, Stoke-on-Trent"
    """
    raw = _text(text)
    if raw is None:
        return None
    tokens = _ADDRESS_TOKENS.split(_collapse(raw.translate(_PUNCT_TRANSLATION)))
    out = []
    starts_part = True
    for token in tokens:
        if not token:
            continue
        if _ADDRESS_TOKENS.fullmatch(token):
            out.append(token)
            starts_part = starts_part or any(c in ",(;/" for c in token)
            continue
        out.append(_case_address_word(token, starts_part))
        starts_part = False
    return "".join(out) or None


# --------------------------------------------------------------------------------------------------------------
# Contact details
# --------------------------------------------------------------------------------------------------------------

_EXTENSION = re.compile(r"(?<![a-z])(?:ext(?:ension|n)?\.?|x|#)\s*:?\s*(\d{1,6})\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
#: Geographic area codes with six digits ("mixed" areas), written 6 + 5 (or 6 + 4).
_SIX_DIGIT_AREAS = frozenset(
    {
        "013873",
        "015242",
        "015394",
        "015395",
        "015396",
        "016973",
        "016974",
        "016977",
        "017683",
        "017684",
        "017687",
        "019467",
    }
)


def _group_phone(number: str) -> str:
    """Group a UK number (10 or 11 digits, leading 0) the way Ofcom's numbering plan writes it."""
    if len(number) == 11:
        if number.startswith("02"):  # 020 7946 0123, 029 2018 0123
            return f"{number[:3]} {number[3:7]} {number[7:]}"
        if number.startswith("01"):
            if number[2] == "1" or number[3] == "1":  # 0113 496 0123, 0121 496 0123
                return f"{number[:4]} {number[4:7]} {number[7:]}"
            if number[:6] in _SIX_DIGIT_AREAS:
                return f"{number[:6]} {number[6:]}"
            return f"{number[:5]} {number[5:]}"  # 01632 960123
        if number[1] in "389":  # 0300 123 4567, 0800 123 4567, 0909 ...
            return f"{number[:4]} {number[4:7]} {number[7:]}"
        return f"{number[:5]} {number[5:]}"  # 07700 900123, 05xxx
    # 10 digits: 0800 123 456, 01xxx xxxxx, 016977 xxxx
    if number[1] in "389":
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if number[:6] in _SIX_DIGIT_AREAS:
        return f"{number[:6]} {number[6:]}"
    return f"{number[:5]} {number[5:]}"


def normalise_phone(text: object) -> str | None:
    """A UK phone number grouped for display, or ``None`` when it is not one.

    International form (+44, 0044, a 12-digit 44...) becomes national (leading 0), a "(0)" after +44 is dropped,
    and a 10-digit number starting 1, 2, 3, 7 or 8 gets back the leading 0 a spreadsheet took away. The result
    must then have 10 or 11 digits, start with 0 and not 00. An extension ("x123", "ext. 123", "extension 123")
    is kept as " ext 123". Any other country code gives ``None``.

    >>> normalise_phone("+44 (0)113 496 0123")
    '0113 496 0123'
    >>> normalise_phone("07700900123")
    '07700 900123'
    >>> normalise_phone("020 7946 0123 x123")
    '020 7946 0123 ext 123'
    >>> normalise_phone("496 0123") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    raw = raw.translate(_PUNCT_TRANSLATION)
    extension = None
    if (m := _EXTENSION.search(raw)) is not None:
        extension, raw = m.group(1), raw[: m.start()]
    international = raw.lstrip().startswith("+")
    raw = raw.replace("(0)", "")
    digits = "".join(_DIGITS.findall(raw))
    if not digits.isascii():
        return None
    if international:
        if not digits.startswith("44"):
            return None
        digits = "0" + digits[2:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif len(digits) == 12 and digits.startswith("44"):
        digits = "0" + digits[2:]
    elif len(digits) == 10 and digits[0] in "12378":
        digits = "0" + digits
    if len(digits) not in (10, 11) or not digits.startswith("0") or digits[1] == "0":
        return None
    grouped = _group_phone(digits)
    return f"{grouped} ext {extension}" if extension else grouped


def is_valid_phone(text: object) -> bool:
    """True when ``normalise_phone`` makes a UK number of ``text``."""
    return normalise_phone(text) is not None


_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def normalise_email(text: object) -> str | None:
    """An e-mail address stripped and lower-cased; ``None`` unless plausible.

    Plausible: exactly one "@", something before it, no whitespace, and a domain of at least two non-empty
    dot-separated labels. A "mailto:" prefix and surrounding angle brackets are removed.

    >>> normalise_email(" Jane.Smith@Example.GOV.uk ")
    'jane.smith@example.gov.uk'
    >>> normalise_email("jane.smith@example") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    email = raw.strip("<> ").lower()
    email = email.removeprefix("mailto:")
    return email if _EMAIL.fullmatch(email) else None


def is_valid_email(text: object) -> bool:
    """True when ``normalise_email`` accepts ``text``."""
    return normalise_email(text) is not None


# --------------------------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------------------------

_SEX_CODES = {
    **dict.fromkeys(("M", "MALE", "1", "MAN", "BOY", "MASC", "MASCULINE"), "M"),
    **dict.fromkeys(("F", "FEMALE", "2", "WOMAN", "GIRL", "FEM", "FEMININE"), "F"),
}


def normalise_sex(text: object) -> str:
    """Sex as "M", "F" or "U" (unknown, not stated, anything else, blank).

    Accepts the codings seen in extracts: letters, words (male/man/boy, female/woman/girl) and the numeric
    codes of the Person Stated Gender data standard used by SSDA903 and the SSD (1 male, 2 female; 0 not known
    and 9 not specified give "U").

    >>> normalise_sex(" female"), normalise_sex(1), normalise_sex("9"), normalise_sex(None)
    ('F', 'M', 'U', 'U')
    """
    raw = _text(text)
    if raw is None:
        return "U"
    return _SEX_CODES.get(raw.upper().rstrip("."), "U")


_ID_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_nhs_number(text: object) -> str | None:
    """An NHS number as 10 digits (spaces and hyphens removed); ``None`` otherwise.

    The check digit is not verified here: use ``ingest.identifiers.is_valid_nhs_number``.

    >>> normalise_nhs_number("943 476 5919")
    '9434765919'
    >>> normalise_nhs_number("943476591") is None
    True
    """
    raw = _text(text)
    if raw is None:
        return None
    digits = _ID_SEPARATORS.sub("", raw)
    return digits if len(digits) == 10 and digits.isascii() and digits.isdigit() else None


def normalise_upn(text: object) -> str | None:
    """A Unique Pupil Number upper-cased without spaces, when it is 13 letters/digits; ``None`` otherwise.

    The check letter is not verified here: use ``ingest.identifiers.is_valid_upn``.

    >>> normalise_upn("h801 2000 01001")
    'H801200001001'
    """
    raw = _text(text)
    if raw is None:
        return None
    upn = _WHITESPACE.sub("", raw).upper()
    return upn if len(upn) == 13 and upn.isascii() and upn.isalnum() else None


# --------------------------------------------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------------------------------------------

_MAX_AGE = 120


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def dob_from_age(age: object, on: object) -> dt.date | None:
    """An estimated date of birth for someone said to be ``age`` whole years old on the date ``on`` (a police
    subject's approximate age on the incident date): the middle of the year of birth dates that age allows, so
    that the estimate is at most half a year from any of them. ``None`` when the age is not a whole number from 0
    to 120 or there is no date.

    >>> dob_from_age(34, dt.date(2024, 3, 5)), dob_from_age("0", dt.date(2024, 3, 5))
    (datetime.date(1989, 9, 4), datetime.date(2023, 9, 4))
    >>> dob_from_age("about 30", dt.date(2024, 3, 5)) is None, dob_from_age(30, None) is None
    (True, True)
    """
    raw = _text(age)
    if raw is None or not isinstance(on, dt.date) or not raw.isascii() or not raw.isdigit():
        return None
    years = int(raw)
    if years > _MAX_AGE:
        return None
    on = on.date() if isinstance(on, dt.datetime) else on
    latest = _years_before(on, years)  # the birthday falls on the day itself
    earliest = _years_before(on, years + 1) + dt.timedelta(days=1)
    return earliest + (latest - earliest) / 2
