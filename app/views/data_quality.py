"""The data-quality page for analysts, data stewards and administrators (policy/access.yaml), and each of its tables
as CSV. The list of people whose sources disagree names them, so opening the page or that table's CSV is audited
with the people listed."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import abort, render_template, request

from app import audit
from app.graph_store import get_store
from app.schemas.data_quality import DISAGREEMENTS_DEFAULT, DISAGREEMENTS_MAX, RUNS_DEFAULT, RUNS_MAX
from app.services import data_quality as quality
from app.views import pages
from app.views.downloads import attachment, spreadsheet_safe


def _bounded(name: str, default: int, largest: int) -> int:
    try:
        return min(max(int(request.args.get(name, default)), 1), largest)
    except ValueError:
        return default


def _limits() -> tuple[int, int]:
    """(people whose sources disagree, newest ingest runs) from the query string, kept within bounds."""
    return _bounded("limit", DISAGREEMENTS_DEFAULT, DISAGREEMENTS_MAX), _bounded("runs", RUNS_DEFAULT, RUNS_MAX)


def _audit_listed(view: str, people: list[dict]) -> None:
    audit.record("data_quality_viewed", detail={"view": view, "disagreements_listed": [p["person_id"] for p in people]})


@pages.get("/data-quality")
def data_quality():
    limit, runs = _limits()
    report = quality.data_quality(get_store(), dt.date.today(), limit=limit, runs=runs)
    _audit_listed("page", report["disagreements"]["people"])
    tables = {name: quality.table_rows(name, report) for name in quality.TABLES}
    return render_template(
        "pages/data_quality.html",
        report=report,
        tables=tables,
        limit=limit,
        runs=runs,
        step=DISAGREEMENTS_DEFAULT,
        max_limit=DISAGREEMENTS_MAX,
        max_runs=RUNS_MAX,
        identifiers=quality.IDENTIFIERS,
        not_held=quality.NOT_HELD,
    )


@pages.get("/data-quality/<table>.csv")
def data_quality_csv(table: str):
    if table not in quality.TABLES:
        abort(404, description=f"There is no data-quality table called {table}.")
    limit, runs = _limits()
    store = get_store()
    if table in ("quarantine_runs", "quarantine_reasons"):
        sections = quality.quarantine_sections(store, runs)
    elif table == "disagreements":
        sections = {"disagreements": quality.disagreements(store, limit)}
        _audit_listed("disagreements_csv", sections["disagreements"]["people"])
    elif table == "missing_identifiers":
        sections = {"missing_identifiers": quality.missing_identifiers(store)}
    else:
        sections = {"freshness": quality.freshness(store, dt.date.today())}
    columns = quality.TABLES[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_cell(row.get(name)) for name in columns] for row in quality.table_rows(table, sections))
    return attachment(buffer.getvalue(), f"familygraph-data-quality-{table}-{dt.date.today()}.csv")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_safe(str(value))  # codes and names come from the sources
