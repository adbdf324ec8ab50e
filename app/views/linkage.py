"""The data steward's linkage pages: the review queue, one pair (accept or reject), splitting a wrongly merged
person, and the linkage report. Decisions are stored at once and honoured by ingest from its next run on.

Only data stewards, analysts and administrators may use them (``linkage_access_required``, which the linkage API
shares); the navigation shows the entries only to them.
"""

from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.audit import record
from app.graph_store import get_store
from app.services import linkage
from app.views import pages

LINKAGE_ROLES = frozenset({"data_steward", "analyst", "admin"})
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
NOTE_MAX = 2000
DECISION_WORDS = {"accepted": "the same person (accepted)", "rejected": "different people (rejected)"}


def may_use_linkage() -> bool:
    return current_user.is_authenticated and getattr(current_user, "role", None) in LINKAGE_ROLES


def linkage_access_required(view):
    """403 for signed-in users whose role may not review linkage: a GOV.UK page, or JSON on the API."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if may_use_linkage():
            return view(*args, **kwargs)
        message = "Only data stewards, analysts and administrators can review record linkage."
        if request.blueprint == "api":
            abort(403, description=message)  # the API's error handler answers in JSON
        return render_template("pages/linkage_error.html", title="You cannot use this page", message=message), 403

    return guarded


@pages.app_context_processor
def _linkage_navigation():
    return {"can_use_linkage": may_use_linkage()}


def _not_found(message: str):
    return render_template("pages/linkage_error.html", title="Page not found", message=message), 404


def _limit() -> int:
    try:
        return min(max(int(request.args.get("limit", DEFAULT_LIMIT)), 1), MAX_LIMIT)
    except ValueError:
        return DEFAULT_LIMIT


# -- the review queue and one pair ---------------------------------------------------------------------------
@pages.get("/linkage/review")
@linkage_access_required
def linkage_queue():
    status = request.args.get("status", "pending")
    if status not in linkage.STATUSES:
        status = "pending"
    limit = _limit()
    store = get_store()
    return render_template(
        "pages/linkage_queue.html",
        status=status,
        limit=limit,
        counts=linkage.queue_counts(store),
        pairs=linkage.review_queue(store, status, limit),
        step=DEFAULT_LIMIT,
        max_limit=MAX_LIMIT,
    )


@pages.route("/linkage/review/<path:pair_key>", methods=["GET", "POST"])
@linkage_access_required
def linkage_pair(pair_key: str):
    store = get_store()
    pair = linkage.review_pair(store, pair_key)
    if pair is None:
        return _not_found(
            "There is no pair with this key in the review queue. Ingest may have linked the records "
            "or kept them apart since; go back to the review queue."
        )
    form = {"decision": "", "note": ""}
    errors: list[dict] = []
    if request.method == "POST":
        if pair["status"] != "pending":
            flash("Somebody decided this pair before you: their decision stands.")
            return redirect(url_for("pages.linkage_pair", pair_key=pair_key))
        form = {"decision": request.form.get("decision", ""), "note": request.form.get("note", "").strip()}
        errors = _decision_errors(form)
        if not errors:
            linkage.record_decision(store, pair, form["decision"], current_user.username, form["note"])
            record(
                "linkage_decision",
                detail={"pair": pair_key, "decision": form["decision"], "note": form["note"] or None},
            )
            flash(
                f"Decision recorded: {DECISION_WORDS[form['decision']]}. It takes effect at the next ingest run; "
                "until then the records stay as they are."
            )
            return redirect(url_for("pages.linkage_pair", pair_key=pair_key))
    next_pairs = [] if pair["status"] == "pending" else linkage.review_queue(store, "pending", 1)
    return render_template(
        "pages/linkage_pair.html",
        pair=pair,
        form=form,
        errors=errors,
        decision_words=DECISION_WORDS,
        next_pair=next_pairs[0] if next_pairs else None,
        note_max=NOTE_MAX,
    ), (400 if errors else 200)


def _decision_errors(form: dict) -> list[dict]:
    errors = []
    if form["decision"] not in linkage.DECISIONS:
        errors.append({"text": "Select whether the two records are the same person", "href": "#decision"})
    if len(form["note"]) > NOTE_MAX:
        errors.append({"text": f"The note must be {NOTE_MAX} characters or fewer", "href": "#note"})
    return errors


# -- splitting a person ----------------------------------------------------------------------------------------
@pages.route("/linkage/people/<person_id>/split", methods=["GET", "POST"])
@linkage_access_required
def linkage_split(person_id: str):
    store = get_store()
    found = linkage.person_for_split(store, person_id)
    if found is None:
        return _not_found("There is no person with this id.")
    records = found["records"]
    choices = {r["record_key"]: "1" for r in records}  # everything starts in group 1; the steward moves some out
    note = ""
    errors: list[dict] = []
    if request.method == "POST":
        choices, note, errors = _read_split(records)
        if not errors:
            groups = [[key for key, group in choices.items() if group == g] for g in ("1", "2")]
            linkage.record_split(store, person_id, groups, current_user.username, note)
            record("linkage_decision", person_id=person_id, detail={"split": groups, "note": note})
            flash(
                f"Split recorded: {len(groups[0])} records in group 1, {len(groups[1])} in group 2. It applies from "
                "the next ingest run; until then the person stays as they are."
            )
            return redirect(url_for("pages.linkage_split", person_id=person_id))
    return render_template(
        "pages/linkage_split.html",
        person_id=person_id,
        person=found["person"],
        records=records,
        splits=found["splits"],
        choices=choices,
        note=note,
        errors=errors,
        error_for={e["field"]: e["text"] for e in errors},
        note_max=NOTE_MAX,
    ), (400 if errors else 200)


def _read_split(records: list[dict]) -> tuple[dict[str, str], str, list[dict]]:
    """The groups and note the form sent, and what is wrong with them (each error says which field it is about,
    and links to the control to change)."""
    form = request.form
    note = form.get("note", "").strip()
    sent = {form.get(f"record-{i}", ""): form.get(f"group-{i}", "") for i in range(1, len(records) + 1)}
    choices = {r["record_key"]: sent.get(r["record_key"], "") for r in records}
    errors = []
    if set(sent) != set(choices):
        choices = {key: group or "1" for key, group in choices.items()}
        errors.append(_error("groups", "The person's records changed since the page opened: check the groups"))
    else:
        for i, record in enumerate(records, start=1):
            if choices[record["record_key"]] not in ("1", "2"):
                errors.append(_error(f"group-{i}", f"Select group 1 or group 2 for record {record['record_key']}"))
    if not errors:
        for group, other in (("1", "2"), ("2", "1")):
            if group not in choices.values():
                first = "group-1" if group == "1" else "group-1-2"  # the first record's radio for that group
                errors.append(
                    _error(
                        "groups", f"Groups: put at least one record in group {group}, not all in group {other}", first
                    )
                )
    if not note:
        errors.append(_error("note", "Enter a note saying why these records are not one person"))
    elif len(note) > NOTE_MAX:
        errors.append(_error("note", f"The note must be {NOTE_MAX} characters or fewer"))
    return choices, note, errors


def _error(field: str, text: str, target: str | None = None) -> dict:
    return {"field": field, "text": text, "href": f"#{target or ('group-1' if field == 'groups' else field)}"}


# -- the linkage report ----------------------------------------------------------------------------------------
@pages.get("/linkage/report")
@linkage_access_required
def linkage_report():
    return render_template("pages/linkage_report.html", report=linkage.linkage_report(get_store(), limit=100))
