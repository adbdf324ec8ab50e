"""One way to write a result's values as text, shared by ``python -m graph query`` and the analysts' console, so
that a table on screen, its CSV and its JSON always agree.

Dates are ISO dates; nodes, relationships, paths, lists and maps are compact JSON; null is an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from graph.base import QueryResult


def json_default(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=json_default, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return json_default(value) if isinstance(value, (dt.date, dt.datetime, dt.time)) else str(value)


def result_rows_text(result: QueryResult) -> list[list[str]]:
    return [[cell_text(row.get(column)) for column in result.columns] for row in result.rows]


def result_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.columns)
    writer.writerows(result_rows_text(result))
    return out.getvalue()


def result_json(result: QueryResult, **extra) -> str:
    document = {"columns": result.columns, "rows": result.rows, "truncated": result.truncated, **extra}
    return json.dumps(document, default=json_default, ensure_ascii=False, indent=2)
