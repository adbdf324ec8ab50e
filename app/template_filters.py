"""Jinja filters for dates and ages, written the way council staff read them (e.g. 4 March 2015)."""

from __future__ import annotations

import datetime as dt

from flask import Flask


def long_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day} {value:%B %Y}"


def age_on(dob, on: dt.date | None = None) -> int | None:
    if not dob:
        return None
    if isinstance(dob, str):
        dob = dt.date.fromisoformat(dob[:10])
    on = on or dt.date.today()
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def register(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["age"] = age_on
