"""The search page (the home page once signed in): one box, an optional date of birth, a table of people.

A plain GET form, so it works without JavaScript and a search can be bookmarked or shared as a link.
"""

from flask import render_template, request
from flask_login import current_user

from app.audit import record
from app.graph_store import get_store
from app.services.search import DEFAULT_LIMIT, SearchInputError, as_role_may_see
from app.services.search import search as run_search
from app.views import pages

SEX = {"F": "Female", "M": "Male"}


@pages.get("/")
def search():
    q = request.args.get("q", "").strip()
    dob = request.args.get("dob", "").strip()
    outcome, errors = None, {}
    if q or dob:
        record("search", detail={"terms": q, "dob": dob})
        try:
            outcome = as_role_may_see(run_search(get_store(), q, dob, DEFAULT_LIMIT).as_data(), current_user.role)
        except SearchInputError as error:
            errors[error.field] = error.message
        else:
            shown = [r["person_id"] for r in outcome["results"]]
            record("results_shown", detail={"terms": q, "dob": dob, "person_ids": shown})
    return render_template("pages/search.html", q=q, dob=dob, outcome=outcome, errors=errors, sex_names=SEX)
