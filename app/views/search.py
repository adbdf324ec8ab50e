"""The search page (the home page once signed in)."""

from flask import render_template

from app.views import pages


@pages.get("/")
def search():
    return render_template("pages/search.html")
