"""The person page renders every panel on the server (readable without JavaScript)."""

from __future__ import annotations

import re


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_person_page_shows_household_services_chronology_and_changes(client):
    response = client.get("/people/P3")
    assert response.status_code == 200
    text = _text(response.get_data(as_text=True))
    assert "Chloe Jones-Smith" in text
    assert "Living at 7 Oak Street, Exampleton, EX2 2BB" in text
    assert "Anna Smith mother" in text and "Dan Jones brother" in text
    assert "Sam Worker Social worker, Assessment Team 2 0113 496 0123" in text
    assert "Children's social care correct as of 1 November 2026" in text.replace("&#39;", "'")
    assert "Police safeguarding notifications Not connected: not searched" in text
    assert "Adult mental health Searched: no record" in text
    assert "Chloe Jones-Smith: episode opened" in text


def test_as_at_date_redraws_the_household(client):
    text = _text(client.get("/people/P3?as_at=2020-01-01").get_data(as_text=True))
    assert "Living at 1 Elm Road" in text and "Ben Jones father" in text
    assert "This page shows the family as it stood on 1 January 2020" in text


def test_bad_date_is_reported_and_today_shown(client):
    response = client.get("/people/P3?as_at=not-a-date")
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)


def test_chronology_filter_by_person(client):
    text = _text(client.get("/people/P3?member=P4").get_data(as_text=True))
    assert "Dan Jones: episode closed" in text
    assert "Chloe Jones-Smith: episode opened" not in text


def test_changes_since(client):
    text = _text(client.get("/people/P2?since=2023-01-01").get_data(as_text=True))
    assert "Ben Jones left the household at 7 Oak Street" in text


def test_unknown_person_is_a_404_page(client):
    response = client.get("/people/NOPE")
    assert response.status_code == 404
    assert "There is no person with id NOPE" in response.get_data(as_text=True)


def _token(client, path="/people/P3"):
    return re.search(r'data-csrf-token="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_a_map_export_is_audited_before_the_browser_makes_the_file(app, client):
    from app.audit import AuditEvent
    from app.users import db

    response = client.post("/people/P3/map-exported", data={"format": "png", "csrf_token": _token(client)})
    assert response.status_code == 204
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).filter_by(action="map_exported").order_by(AuditEvent.id.desc())
        ).scalar()
        assert (event.username, event.target_person_id) == ("social_worker", "P3")
        assert event.reason  # the reason for access given for Chloe in this session


def test_a_map_export_report_needs_the_form_token_and_a_known_format(client):
    assert client.post("/people/P3/map-exported", data={"format": "png"}).status_code == 400
    assert (
        client.post("/people/P3/map-exported", data={"format": "gif", "csrf_token": _token(client)}).status_code == 400
    )
    assert (
        client.post("/people/NOPE/map-exported", data={"format": "png", "csrf_token": _token(client)}).status_code
        == 404
    )
