"""The cohort library: saved family-cohort queries (cypher/cohorts/) run from a form.

Each cohort's header says which roles may run it, on top of the page policy. Results link to the person pages
(for roles that may open them), download as CSV, and, for analysts, as a pseudonymised CSV. Every run and export
is audited with the cohort, its arguments and the people it listed.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from app.audit import record
from app.graph_store import get_store
from app.services import pseudonymise
from app.services.cohorts import people_in, run_cohort
from app.views import pages
from app.views.downloads import attachment
from graph import GraphError, QueryTimeout
from graph.cohorts import Cohort, CohortInputError, load_cohorts
from graph.result_text import result_csv, result_rows_text


def cohorts_for_role(role: str | None = None) -> list[Cohort]:
    role = role or getattr(current_user, "role", None)
    return [c for c in load_cohorts().values() if role in c.roles]


def _cohort_or_refusal(name: str):
    cohort = load_cohorts().get(name)
    if cohort is None:
        return None, _message("Page not found", "There is no saved cohort with this name.", 404)
    if current_user.role not in cohort.roles:
        return None, _message("You cannot use this page", f"Your role may not run the cohort “{cohort.title}”.", 403)
    return cohort, None


def _message(title: str, message: str, status: int):
    saved_cohorts = {"href": url_for("pages.cohort_list"), "text": "Go to the saved cohorts"}
    return render_template("error.html", title=title, message=message, more_link=saved_cohorts), status


def _form_values(cohort: Cohort) -> dict:
    """Each parameter as the form shows it: what was posted, else its default."""
    return {p.name: request.form.get(p.name, p.form_value()) for p in cohort.params}


def _filename(cohort: Cohort, suffix: str) -> str:
    return f"{cohort.name}-{dt.date.today():%Y%m%d}{suffix}.csv"


@pages.get("/cohorts")
def cohort_list():
    return render_template("pages/cohort_list.html", cohorts=cohorts_for_role())


@pages.route("/cohorts/<cohort>", methods=["GET", "POST"])
def cohort(cohort: str):
    found, refusal = _cohort_or_refusal(cohort)
    if refusal:
        return refusal
    form = _form_values(found)
    if request.method == "GET":
        return _page(found, form)
    try:
        arguments = found.arguments(request.form)
    except CohortInputError as problem:
        return _page(found, form, errors=problem.errors, status=400)
    output = "csv" if request.form.get("action") == "csv" else "run"
    try:
        result = run_cohort(get_store(), found, arguments)
    except (QueryTimeout, GraphError) as problem:
        record(
            "cohort_run",
            detail={"cohort": found.name, "arguments": plain_arguments(arguments), "outcome": str(problem)},
        )
        return _page(found, form, failure=str(problem), status=400)
    people = people_in(result)
    record(
        "cohort_run",
        detail={
            "cohort": found.name,
            "arguments": plain_arguments(arguments),
            "output": output,
            "rows": len(result.rows),
            "people": people,
        },
    )
    if output == "csv":
        return attachment(result_csv(result), _filename(found, ""))
    return _page(found, form, result=result)


@pages.post("/cohorts/<cohort>/pseudonymised.csv")
def cohort_export(cohort: str):
    found, refusal = _cohort_or_refusal(cohort)
    if refusal:
        return refusal
    form = _form_values(found)
    try:
        arguments = found.arguments(request.form)
    except CohortInputError as problem:
        return _page(found, form, errors=problem.errors, status=400)
    try:
        key = pseudonymise.export_key(current_app.config)
    except pseudonymise.PseudonymKeyMissing as problem:
        return _page(found, form, failure=str(problem), status=503)
    try:
        result = run_cohort(get_store(), found, arguments)
    except (QueryTimeout, GraphError) as problem:
        return _page(found, form, failure=str(problem), status=400)
    kept, dropped = pseudonymise.export_columns(result.columns)
    record(
        "cohort_exported",
        detail={
            "cohort": found.name,
            "arguments": plain_arguments(arguments),
            "rows": len(result.rows),
            "columns": kept,
            "left_out": dropped,
            "people": people_in(result),
        },
    )
    body = pseudonymise.pseudonymised_csv(result.columns, result.rows, pseudonymise.Pseudonymiser(key))
    return attachment(body, _filename(found, "-pseudonymised"))


def plain_arguments(arguments: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in arguments.items()}


def _page(cohort: Cohort, form: dict, *, result=None, errors=None, failure=None, status=200):
    errors = errors or {}
    table = result_rows_text(result) if result is not None else None
    person_column = result.columns.index("person_id") if result is not None and "person_id" in result.columns else None
    dropped = pseudonymise.export_columns(result.columns)[1] if result is not None else []
    return render_template(
        "pages/cohort.html",
        cohort=cohort,
        form=form,
        errors=errors,
        error_list=[{"text": text, "href": f"#{field}"} for field, text in errors.items()],
        failure=failure,
        result=result,
        table=table,
        person_column=person_column,
        export_left_out=dropped,
        console_url=url_for("pages.console_page", cohort=cohort.name),
    ), status
