"""The analysts' Cypher console: a query, its parameters as a form, the answer as a table (and as a graph when it
holds nodes or paths), and CSV or JSON downloads of the same answer. Every run is audited with its text.

The page works without JavaScript (a textarea and a form post); static/js/console.js adds the CodeMirror editor,
keeps the parameter rows in step with the query as it is typed, and draws the graph.
"""

from __future__ import annotations

import datetime as dt

from flask import render_template, request

from app.audit import record
from app.graph_store import get_store
from app.services import console
from app.views import pages
from app.views.cohorts import cohorts_for_role
from app.views.downloads import attachment
from graph.result_text import result_csv, result_json, result_rows_text

OUTPUTS = {"run", "csv", "json"}


def _download_name(extension: str) -> str:
    return f"familygraph-query-{dt.datetime.now():%Y%m%d-%H%M%S}.{extension}"


def _page(form: console.ConsoleRequest, outcome=None, status: int = 200):
    result = outcome.result if outcome else None
    elements, graph_cut = console.graph_elements(result) if result else ([], False)
    return render_template(
        "pages/console.html",
        form=form,
        outcome=outcome,
        table=result_rows_text(result) if result else None,
        elements=elements,
        graph_cut=graph_cut,
        error_list=[{"text": text, "href": f"#{field}"} for field, text in form.errors.items()],
        parameter_types=console.PARAMETER_TYPES,
        max_timeout_s=console.MAX_TIMEOUT_S,
        max_row_limit=console.MAX_ROW_LIMIT,
        max_graph_elements=console.MAX_GRAPH_ELEMENTS,
        cohorts=cohorts_for_role(),
    ), status


@pages.route("/console", methods=["GET", "POST"])
def console_page():
    if request.method == "GET":
        return _page(_starting_form(request.args.get("cohort")))
    form = console.read_form(request.form)
    output = request.form.get("action", "run")
    if output not in OUTPUTS:
        output = "run"
    values = form.values()
    if not form.text.strip():
        form.errors["query"] = "Enter a Cypher query"
    if form.errors:
        record("cypher_query", detail=console.audit_detail(form, values, None, output))
        return _page(form, status=400)
    outcome = console.run(get_store(), form, values)
    record("cypher_query", detail=console.audit_detail(form, values, outcome, output))
    if outcome.error:
        return _page(form, outcome, status=400)
    if output == "csv":
        return attachment(result_csv(outcome.result), _download_name("csv"))
    if output == "json":
        body = result_json(outcome.result, row_limit=outcome.result.row_limit, query=form.text)
        return attachment(body, _download_name("json"), "application/json")
    return _page(form, outcome)


def _starting_form(cohort_name: str | None) -> console.ConsoleRequest:
    """The example query, or a saved cohort's query with its default arguments, to start from."""
    cohort = next((c for c in cohorts_for_role() if c.name == cohort_name), None)
    if cohort is None:
        return console.ConsoleRequest(console.EXAMPLE_QUERY, [console.Parameter("min_people", "integer", "4")])
    arguments = cohort.arguments({})
    parameters = [
        console.Parameter(name, console.type_of(arguments.get(name), name), console.form_text(arguments.get(name)))
        for name in console.detect_parameters(cohort.text)
    ]
    return console.ConsoleRequest(cohort.text, parameters)
