"""Reason for access: before a person's record opens, the user says why, once per person per signed-in session.

A view calls ``require_reason(person_id)`` first and returns its answer when there is one (a redirect to this page;
on the API it raises a 403 instead). The reason is recorded as a ``reason_given`` audit event, and ``app.audit.record``
attaches it to every later event about that person in the same session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.audit import reason_for, record
from app.graph_store import get_store
from app.policy import may_see_person
from app.services.person_page import display_name
from app.views import pages

REASONS = {
    "front_door": "Assessing a referral (front door)",
    "allocated_case": "Allocated case work",
    "strategy_or_enquiry": "Strategy discussion or child protection enquiry",
    "early_help": "Early help assessment or review",
    "data_quality": "Data quality or linkage review",
    "other": "Other (say why)",
}
OTHER = "other"
DETAIL_MAX = 500


def require_reason(person_id: str):
    """None when the signed-in user gave a reason for this person in this session; else the redirect to send to
    the reason page (on the API: a 403 raised, which the API answers in JSON)."""
    if reason_for(person_id) is not None:
        return None
    if request.blueprint == "api":  # the API's error handler answers in JSON
        ask = url_for("pages.person_reason", person_id=person_id)
        abort(403, description=f"give a reason for access to this person first, at {ask}")
    here = request.full_path.rstrip("?")
    return redirect(url_for("pages.person_reason", person_id=person_id, next=here))


def give_reason(person_id: str, code: str, detail: str = "") -> str:
    """Record a reason for access to this person in this session; returns the reason as recorded."""
    words = REASONS[code].removesuffix(" (say why)")
    reason = f"{words}: {detail}" if detail else words
    record("reason_given", person_id=person_id, reason=reason, detail={"reason_code": code})
    return reason


@pages.route("/people/<person_id>/reason", methods=["GET", "POST"])
def person_reason(person_id: str):
    found = get_store().read("person", person_id=person_id)
    person = found[0]["p"]["properties"] if found else None
    # A restricted record the role may not open is not found at all: the question would name the person.
    if person is None or not may_see_person(current_user.role, person):
        abort(404, description=f"There is no person with id {person_id}.")
    next_url = _same_site(request.values.get("next"), url_for("pages.person", person_id=person_id))
    form = {"reason": "", "detail": ""}
    errors: list[dict] = []
    if request.method == "POST":
        form = {"reason": request.form.get("reason", ""), "detail": request.form.get("detail", "").strip()}
        errors = _errors(form)
        if not errors:
            give_reason(person_id, form["reason"], form["detail"])
            return redirect(next_url)
    return render_template(
        "pages/reason.html",
        person_id=person_id,
        name=display_name(person),
        dob=person.get("dob"),
        reasons=REASONS,
        form=form,
        errors=errors,
        next_url=next_url,
        detail_max=DETAIL_MAX,
    ), (400 if errors else 200)


def _errors(form: dict) -> list[dict]:
    errors = []
    if form["reason"] not in REASONS:
        errors.append({"text": "Select why you need to open this record", "href": "#reason"})
    elif form["reason"] == OTHER and not form["detail"]:
        errors.append({"text": "Say why you need to open this record", "href": "#detail"})
    if len(form["detail"]) > DETAIL_MAX:
        errors.append({"text": f"Your reason must be {DETAIL_MAX} characters or fewer", "href": "#detail"})
    return errors


def _same_site(target: str | None, default: str) -> str:
    """Only a path on this site: an open redirect would let a crafted link send users elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        if not urlsplit(target).netloc:
            return target
    return default
