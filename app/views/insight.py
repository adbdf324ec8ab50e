"""The service insight page for service leaders: which services work with the same families, how many services each
family is known to, and where demand is going, as at a date. Each chart is an SVG drawn on the server (its own URL,
shown with <img>) with its numbers in a table beside it and as a CSV download.

Aggregate counts only: no person is shown, so nothing is audited per person, and nothing personal is logged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from flask import Response, abort, render_template, request
from marshmallow import ValidationError

from app.graph_store import get_store
from app.schemas.insight import InsightQuery
from app.services import insight as figures
from app.services import insight_charts
from app.views import pages
from app.views.downloads import attachment, spreadsheet_safe

# The SVG's own Content-Security-Policy. matplotlib's SVG styles itself with a <style> element and style attributes,
# and draws the heat map's colour bar as an embedded data: PNG. Shown through the page's <img>, Chromium renders it
# whatever this response's policy says (an image document runs no script and takes no policy from its response:
# checked in tests/browser/test_insight.py). But a leader who opens a chart on its own (to zoom, save or print it)
# gets an SVG document, and under the app's policy (style-src 'self', app/security.py) every inline style is
# refused and every shape turns black. So this one response allows inline styles and data: images and nothing
# else: no script, no fetches, no fonts or images from anywhere, not framed.
SVG_CONTENT_SECURITY_POLICY = {
    "default-src": "'none'",
    "style-src": "'unsafe-inline'",
    "img-src": "data:",
    "frame-ancestors": "'none'",
}

TITLES = {
    "co_involvement": "Services working with the same families",
    "services_per_family": "Families by number of services involved",
    "open_by_month": "Open involvements per month",
}


@dataclass(frozen=True)
class Table:
    """One chart's numbers as the page's table and the CSV show them."""

    caption: str
    corner: str  # the header above the row headers
    columns: list[str]
    rows: list[tuple[str, list[int]]]


def _as_at() -> tuple[dt.date, str | None]:
    """The as-at date of the request (default today), and the error to show if the one given is not a date."""
    today = dt.date.today()
    raw = request.args.get("as_at", "").strip()
    if not raw:
        return today, None
    try:
        return InsightQuery().load({"as_at": raw})["as_at"], None
    except ValidationError:
        return today, (
            f"Enter the date the figures are as at as year-month-day, between 1900 and 2999, for example "
            f"{today.isoformat()}"
        )


def _chart_or_404(chart: str) -> str:
    if chart not in figures.CHARTS:
        abort(404, description=f"There is no chart called {chart}. The charts are: {', '.join(figures.CHARTS)}.")
    return chart


def _as_at_or_400() -> dt.date:
    as_at, error = _as_at()
    if error:
        abort(400, description=error)
    return as_at


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def table_of(chart: str, data) -> Table:
    if chart == "co_involvement":
        names = [s.name for s in data.services]
        return Table(
            f"Families known to both services in the 12 months to {_long_date(data.as_at)} (the diagonal: families "
            "known to the service)",
            "Service",
            names,
            list(zip(names, data.families, strict=True)),
        )
    if chart == "services_per_family":
        return Table(
            f"Families by how many services were involved with them in the 12 months to {_long_date(data.as_at)}",
            "Services involved",
            ["Families"],
            [(insight_charts.bucket_label(label), [count]) for label, count in data.buckets],
        )
    return Table(
        f"Involvements open in each month, {data.months[0].label} to {data.months[-1].label}, by service",
        "Month",
        [s.name for s in data.services],
        [(m.label, [row[k] for row in data.counts]) for k, m in enumerate(data.months)],
    )


def _csv_cell(value):
    return spreadsheet_safe(value) if isinstance(value, str) else value


@pages.get("/insight")
def insight():
    as_at, error = _as_at()
    if error:
        errors = [{"text": error, "href": "#as_at"}]
        return render_template(
            "pages/insight.html", as_at=None, raw_as_at=request.args.get("as_at", ""), errors=errors
        ), 400
    data = figures.insight(get_store(), as_at)
    charts = {chart: getattr(data, chart) for chart in figures.CHARTS}
    return render_template(
        "pages/insight.html",
        as_at=as_at,
        raw_as_at=as_at.isoformat(),
        errors=[],
        data=data,
        definitions=figures.DEFINITIONS,
        titles=TITLES,
        tables={chart: table_of(chart, found) for chart, found in charts.items()},
        alt={chart: insight_charts.alt_text(chart, found) for chart, found in charts.items()},
        log_scale=insight_charts.uses_log_scale(data.open_by_month),
    )


@pages.get("/insight/<chart>.svg")
def insight_chart(chart: str):
    chart = _chart_or_404(chart)
    data = figures.figures(get_store(), _as_at_or_400(), chart)
    return Response(insight_charts.chart_svg(chart, data), mimetype="image/svg+xml")


# Flask-Talisman reads a view's own options from this attribute (what its @talisman(...) decorator would set).
insight_chart.talisman_view_options = {"content_security_policy": SVG_CONTENT_SECURITY_POLICY}


@pages.get("/insight/<chart>.csv")
def insight_csv(chart: str):
    chart = _chart_or_404(chart)
    as_at = _as_at_or_400()
    table = table_of(chart, figures.figures(get_store(), as_at, chart))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_csv_cell(h) for h in [table.corner, *table.columns]])
    for label, values in table.rows:
        writer.writerow([_csv_cell(label), *values])
    filename = f"service-insight-{chart.replace('_', '-')}-{as_at.isoformat()}.csv"
    return attachment(out.getvalue(), filename)
