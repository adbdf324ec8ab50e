"""Check-digit helpers for the national identifiers found in council extracts.

Two identifiers carry a check character that lets a validator reject mistyped
values before they are used for record linkage:

* the NHS number: 10 digits, the 10th being a modulus 11 check digit;
* the Unique Pupil Number (UPN) issued by schools in England: 13 characters,
  the first being a check letter computed over the other 12 (DfE algorithm).

All functions are pure and accept the raw strings found in extracts; the
``normalise_*`` helpers strip the separators different systems add.
"""

from __future__ import annotations

import re

__all__ = [
    "UPN_LETTERS",
    "is_valid_nhs_number",
    "is_valid_upn",
    "make_nhs_number",
    "make_upn",
    "nhs_check_digit",
    "normalise_nhs_number",
    "normalise_upn",
    "upn_check_letter",
]

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_NON_DIGITS = re.compile(r"[\s\-]")

#: The 23 letters used for UPN check letters and for the last character of a
#: temporary UPN (I, O and S are never used). A letter's value is its index.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_VALUE = {c: i for i, c in enumerate(UPN_LETTERS)}


def normalise_nhs_number(value: str | None) -> str:
    """Return ``value`` with spaces and hyphens removed ("" for None).

    Extracts write NHS numbers as ``9434765919``, ``943 476 5919`` or
    ``943-476-5919``; all normalise to ``9434765919``.
    """
    if value is None:
        return ""
    return _NON_DIGITS.sub("", value)


def nhs_check_digit(first_nine: str) -> int | None:
    """Compute the modulus 11 check digit for the first nine digits.

    Each digit is multiplied by a weight (10 for the first digit down to 2 for
    the ninth); the sum is divided by 11 and the check digit is
    ``11 - remainder``, with 11 mapped to 0. A result of 10 means no valid NHS
    number can start with these nine digits, and ``None`` is returned.

    >>> nhs_check_digit("943476591")
    9
    """
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError(f"expected 9 digits, got {first_nine!r}")
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str | None) -> bool:
    """True if ``value`` (separators allowed) is 10 digits with a correct check digit.

    >>> is_valid_nhs_number("943 476 5919")
    True
    >>> is_valid_nhs_number("9434765918")
    False
    """
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = nhs_check_digit(digits[:9])
    return check is not None and check == int(digits[9])


def make_nhs_number(first_nine: str) -> str | None:
    """Append the check digit to nine digits; ``None`` if they cannot form a valid number."""
    check = nhs_check_digit(first_nine)
    return None if check is None else f"{first_nine}{check}"


def normalise_upn(value: str | None) -> str:
    """Return ``value`` stripped of surrounding whitespace and upper-cased ("" for None)."""
    if value is None:
        return ""
    return value.strip().upper()


def upn_check_letter(body: str) -> str:
    """Compute the check letter for the last 12 characters of a UPN.

    ``body`` is: LA code (3 digits), DfE establishment number (4 digits),
    2-digit year of allocation and a 3-character serial number whose last
    character is a letter (from :data:`UPN_LETTERS`) in a temporary UPN.
    Each character's value (a digit's value, or a letter's index in
    :data:`UPN_LETTERS`) is multiplied by its position in the full UPN (2 to
    13); the sum modulo 23 indexes :data:`UPN_LETTERS`.

    >>> upn_check_letter("801200001001")
    'H'
    """
    if len(body) != 12 or not body[:11].isdigit():
        raise ValueError(f"expected 11 digits and a digit or letter, got {body!r}")
    last = body[11]
    if last.isdigit():
        last_value = int(last)
    elif last in _UPN_VALUE:
        last_value = _UPN_VALUE[last]
    else:
        raise ValueError(f"invalid last UPN character {last!r}")
    total = sum(int(c) * pos for pos, c in enumerate(body[:11], start=2))
    total += last_value * 13
    return UPN_LETTERS[total % 23]


def is_valid_upn(value: str | None) -> bool:
    """True if ``value`` is a well-formed permanent or temporary UPN with the right check letter.

    >>> is_valid_upn("H801200001001")
    True
    >>> is_valid_upn("A801200001001")
    False
    """
    upn = normalise_upn(value)
    if len(upn) != 13 or upn[0] not in _UPN_VALUE or not upn[1:12].isdigit():
        return False
    if not (upn[12].isdigit() or upn[12] in _UPN_VALUE):
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def make_upn(la_code: int, estab: int, year: int, serial: int, temporary: bool = False) -> str:
    """Build a UPN from its parts, adding the check letter.

    ``year`` is the year of allocation (only its last two digits are used).
    A permanent UPN's serial is 000-999. A temporary UPN (``temporary=True``)
    has a 2-digit serial (``serial`` 0-99) followed by a letter chosen from
    :data:`UPN_LETTERS` by ``serial // 100``.
    """
    if temporary:
        letter = UPN_LETTERS[(serial // 100) % len(UPN_LETTERS)]
        tail = f"{serial % 100:02d}{letter}"
    else:
        tail = f"{serial % 1000:03d}"
    body = f"{la_code % 1000:03d}{estab % 10000:04d}{year % 100:02d}{tail}"
    return upn_check_letter(body) + body
