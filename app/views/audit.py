"""The audit trail pages: search the audit by user, person, action and date; export it as CSV; verify the chain.

Only the roles in ``AUDIT_ROLES`` may see them (the policy file may replace the constant). Viewing and exporting are
themselves audited. There is no way to change or delete an event here, or anywhere in the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io

from flask import abort, render_template, request, stream_with_context, url_for
from flask_login import current_user

from app.audit import ACTIONS, AuditFilters, chain_key, count_events, find_events, iter_events, record, verify_chain
from app.users import ROLES
from app.views import pages
from app.views.downloads import attachment, spreadsheet_safe

AUDIT_ROLES = frozenset({"admin"})
PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # far beyond any real trail; keeps the offset a sane number
FILTER_TEXT_MAX = 200
CSV_COLUMNS = (
    "id",
    "at",
    "username",
    "role",
    "ip",
    "action",
    "target_person_id",
    "reason",
    "detail",
    "session_id",
    "prev_hash",
    "hash",
)


def may_view_audit() -> bool:
    return current_user.is_authenticated and getattr(current_user, "role", None) in AUDIT_ROLES


def audit_access_required(view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not may_view_audit():
            abort(403, description="Only administrators can see the audit trail.")
        return view(*args, **kwargs)

    return guarded


@pages.app_context_processor
def _audit_navigation():
    return {"can_view_audit": may_view_audit()}


@pages.get("/admin/audit")
@audit_access_required
def audit_trail():
    filters, form, errors = _read_filters()
    page = _page_number()
    verification = None
    if request.args.get("verify"):
        ok, first_bad, checked = verify_chain()
        verification = {"ok": ok, "first_bad_id": first_bad, "checked": checked}
    viewed = {"filters": filters.as_detail(), "page": page}
    if verification:
        viewed["chain_verified"] = verification
    record("audit_viewed", detail=viewed)
    total = 0 if errors else count_events(filters)
    events = [] if errors else find_events(filters, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    pages_total = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "audit/trail.html",
        form=form,
        errors=errors,
        actions=ACTIONS,
        role_names=ROLES,
        events=events,
        total=total,
        page=page,
        pages_total=pages_total,
        first=(page - 1) * PAGE_SIZE + 1,
        page_url=lambda n: url_for("pages.audit_trail", **{**form, "page": n}),
        csv_url=url_for("pages.audit_csv", **form),
        verify_url=url_for("pages.audit_trail", **{**form, "verify": 1}) + "#verification",
        verification=verification,
        keyed=chain_key() is not None,
    ), (400 if errors else 200)


@pages.get("/admin/audit.csv")
@audit_access_required
def audit_csv():
    filters, _form, errors = _read_filters()
    if errors:
        abort(400, description="; ".join(e["text"] for e in errors))
    rows = count_events(filters)
    record("audit_exported", detail={"filters": filters.as_detail(), "rows": rows})
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return attachment(stream_with_context(_csv_lines(filters)), f"familygraph-audit-{stamp}.csv")


def _csv_lines(filters: AuditFilters):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in iter_events(filters):
        writer.writerow([_csv_cell(row[name]) for name in CSV_COLUMNS])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds") + "Z"
    return spreadsheet_safe(str(value))  # search terms are typed by users


def _read_filters() -> tuple[AuditFilters, dict, list[dict]]:
    """The filters from the query string, the form's values as typed (for links), and what is wrong with them."""
    args = request.args
    form = {name: args.get(name, "").strip()[:FILTER_TEXT_MAX] for name in ("user", "person", "action", "from", "to")}
    form = {name: value for name, value in form.items() if value}
    errors = []
    action = form.get("action", "")
    if action and action not in ACTIONS:
        errors.append({"text": "Select an action from the list", "href": "#action"})
        action = ""
    dates = {}
    for name, words in (("from", "From"), ("to", "To")):
        try:
            dates[name] = dt.date.fromisoformat(form[name]) if name in form else None
        except ValueError:
            errors.append(
                {"text": f"{words} date: enter it as year-month-day, for example 2026-11-01", "href": f"#{name}"}
            )
            dates[name] = None
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors.append({"text": "The from date must be on or before the to date", "href": "#from"})
    filters = AuditFilters(
        username=form.get("user", ""),
        person_id=form.get("person", ""),
        action=action,
        date_from=dates["from"],
        date_to=dates["to"],
    )
    return filters, form, errors


def _page_number() -> int:
    try:
        return min(max(int(request.args.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        return 1
