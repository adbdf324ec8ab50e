"""The search page (the home page once signed in): one box, an optional date of birth, a table of people.

A plain GET form, so it works without JavaScript and a search can be bookmarked or shared as a link.
"""

from flask import render_template, request

from app.graph_store import get_store
from app.services.search import DEFAULT_LIMIT, SearchInputError
from app.services.search import search as run_search
from app.views import pages

SEX = {"F": "Female", "M": "Male"}


@pages.get("/")
def search():
    q = request.args.get("q", "").strip()
    dob = request.args.get("dob", "").strip()
    outcome, errors = None, {}
    if q or dob:
        try:
            outcome = run_search(get_store(), q, dob, DEFAULT_LIMIT).as_data()
        except SearchInputError as error:
            errors[error.field] = error.message
    return render_template("pages/search.html", q=q, dob=dob, outcome=outcome, errors=errors, sex_names=SEX)
