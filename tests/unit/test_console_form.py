"""The console's form: parameters found in the query (not in strings or comments), read by their type, with
messages that name the parameter; the limits kept within the council's bounds."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from app.services.console import (
    MAX_ROW_LIMIT,
    MAX_TIMEOUT_S,
    Parameter,
    coerce_parameter,
    detect_parameters,
    read_form,
)


def test_parameters_are_found_in_order_once_and_not_inside_strings_or_comments():
    text = "MATCH (p) WHERE p.a = $a AND p.b = '$not' // $nor\nAND p.c IN $c_list AND p.a <> $a /* $no */ RETURN $b"
    assert detect_parameters(text) == ["a", "c_list", "b"]


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("text", " Smith ", " Smith "),
        ("integer", "42", 42),
        ("integer", "-3", -3),
        ("number", "2.5", 2.5),
        ("date", "2026-03-31", dt.date(2026, 3, 31)),
        ("boolean", "Yes", True),
        ("boolean", "false", False),
        ("list of text", "P1, P2,,P3 ", ["P1", "P2", "P3"]),
    ],
)
def test_values_are_read_by_their_type(kind, raw, value):
    assert coerce_parameter(Parameter("x", kind, raw)) == value


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("integer", "3.5", "$x: enter a whole number"),
        ("number", "two", "$x: enter a number"),
        ("date", "31/03/2026", "$x: enter a date as year-month-day"),
        ("boolean", "maybe", "$x: enter true or false"),
        ("text", "", "$x: enter a value"),
        ("json", "1", "$x: choose a type"),
    ],
)
def test_bad_values_get_a_message_naming_the_parameter(kind, raw, message):
    with pytest.raises(ValueError, match=message.replace("$", r"\$")):
        coerce_parameter(Parameter("x", kind, raw))


def test_the_form_reads_each_parameter_and_bounds_the_limits():
    form = MultiDict(
        {
            "query": "MATCH (p:Person) WHERE p.dob > $born_after RETURN p LIMIT $n",
            "param-born_after": "2020-01-01",
            "type-born_after": "date",
            "param-n": "5",
            "param-unused": "ignored",
            "timeout_s": str(MAX_TIMEOUT_S + 1),
            "row_limit": "0",
        }
    )
    request = read_form(form)
    assert [(p.name, p.type) for p in request.parameters] == [("born_after", "date"), ("n", "integer")]
    assert request.values() == {"born_after": dt.date(2020, 1, 1), "n": 5}
    assert set(request.errors) == {"timeout_s", "row_limit"}
    assert f"from 1 to {MAX_ROW_LIMIT:,}" in request.errors["row_limit"]
