"""Hardening of signing in and of every response: lockout after wrong passwords (and its end), CSRF on every form,
the idle timeout, one active session per user, rate limits on sign-in and search, security headers with a strict
Content-Security-Policy, the refusal to start in production with a default secret, the users table upgrade, and
no personal data in the application log. Each test that bends a setting gets an app of its own."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import time
from contextlib import closing
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from app import create_app
from app.audit import AuditEvent
from app.config import ConfigError, settings_from_environment
from app.users import ROLES, create_user, db, find_user
from tests.web.conftest import PASSWORD, sign_in

WRONG = "The username or password is not right"
LONG_SECRET = "x9" * 32


def make_app(web_store, tmp_path, **settings):
    app = create_app(
        {
            "GRAPH_STORE": web_store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
            "SECRET_KEY": "test-only-secret",
            **settings,
        }
    )
    with app.app_context():
        for role in ("social_worker", "analyst"):
            create_user(role, f"Test {ROLES[role]}", role, PASSWORD)
    return app


def csrf_token(client, path: str = "/sign-in") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def events(app, action: str) -> list[tuple[str, dict | None]]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return [(e.username, json.loads(e.detail) if e.detail else None) for e in db.session.execute(query).scalars()]


def without_token(html: str) -> str:
    """The page without what differs on every response: the CSRF token and the script nonce."""
    return re.sub(r'(name="csrf_token" value="|nonce=")[^"]+', r"\1", html)


# -- lockout --------------------------------------------------------------------------------------------------------
def test_repeated_wrong_passwords_lock_the_account_until_the_lock_ends(web_store, tmp_path):
    app = make_app(web_store, tmp_path, LOCKOUT_ATTEMPTS=3, LOCKOUT_DURATION=dt.timedelta(seconds=1))
    client = app.test_client()
    for _ in range(3):
        assert sign_in(client, "analyst", "not it").status_code == 401
    locked = sign_in(client, "analyst")  # the right password, during the lock
    assert locked.status_code == 401 and WRONG in locked.get_data(as_text=True)
    assert client.get("/status").status_code == 302
    whys = [detail["why"] for name, detail in events(app, "sign_in_failed") if name == "analyst"]
    assert whys == ["wrong password", "wrong password", "account locked after this attempt", "account locked"]

    time.sleep(1.1)
    assert sign_in(client, "analyst").status_code == 302
    with app.app_context():
        assert find_user("analyst").failed_logins == 0 and find_user("analyst").locked_until is None


def test_wrong_passwords_further_apart_than_the_window_do_not_add_up(web_store, tmp_path):
    app = make_app(web_store, tmp_path, LOCKOUT_ATTEMPTS=3, LOCKOUT_WINDOW=dt.timedelta(seconds=1))
    client = app.test_client()
    for _ in range(2):
        sign_in(client, "analyst", "not it")
    time.sleep(1.1)
    for _ in range(2):
        sign_in(client, "analyst", "not it")
    assert sign_in(client, "analyst").status_code == 302


def test_a_refusal_does_not_tell_whether_the_username_exists_or_is_locked(web_store, tmp_path):
    app = make_app(web_store, tmp_path, LOCKOUT_ATTEMPTS=2)
    client = app.test_client()
    unknown = without_token(sign_in(client, "no.such.user", "guess").get_data(as_text=True))
    known = without_token(sign_in(client, "analyst", "guess").get_data(as_text=True))
    sign_in(client, "analyst", "guess")  # the second: locked now
    locked = without_token(sign_in(client, "analyst", PASSWORD).get_data(as_text=True))

    def page(html, username):
        return html.replace(f'value="{username}"', 'value=""')

    assert page(unknown, "no.such.user") == page(known, "analyst") == page(locked, "analyst")
    assert WRONG in known and "After 2 wrong passwords within 15 minutes, an account is locked for 15 minutes" in known


def test_sign_in_and_sign_out_are_audited(app, anonymous):
    assert sign_in(anonymous, "early_help").status_code == 302
    assert ("early_help", {"method": "password"}) in events(app, "sign_in")
    anonymous.post("/sign-out", data={"csrf_token": csrf_token(anonymous, "/status")})
    assert events(app, "sign_out")[-1] == ("early_help", None)


# -- CSRF -----------------------------------------------------------------------------------------------------------
def test_every_sign_in_form_needs_its_csrf_token(app, client):
    fresh = app.test_client()
    response = fresh.post("/sign-in", data={"username": "analyst", "password": PASSWORD})
    assert response.status_code == 400 and fresh.get("/status").status_code == 302

    assert client.post("/sign-out").status_code == 400
    assert client.get("/status").status_code == 200  # still signed in

    form = {"current": PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase"}
    assert client.post("/account/password", data=form).status_code == 400
    assert sign_in(app.test_client(), "social_worker").status_code == 302  # the old password still works


# -- sessions -------------------------------------------------------------------------------------------------------
def test_an_idle_session_is_signed_out_with_a_message(web_store, tmp_path):
    app = make_app(web_store, tmp_path, IDLE_TIMEOUT=dt.timedelta(seconds=1))
    client = app.test_client()
    sign_in(client, "analyst")
    for _ in range(4):  # busy for longer than the timeout: each request keeps the session alive
        time.sleep(0.4)
        assert client.get("/status").status_code == 200
    time.sleep(1.2)
    response = client.get("/status")
    assert response.status_code == 302 and unquote(response.headers["Location"]) == "/sign-in?next=/status"
    assert "You were signed out after 1 second without activity" in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/status").status_code == 302
    assert events(app, "sign_out")[-1] == ("analyst", {"why": "idle"})


def test_a_second_sign_in_ends_the_first_session(app):
    first, second = app.test_client(), app.test_client()
    sign_in(first, "front_door")
    assert first.get("/status").status_code == 200
    sign_in(second, "front_door")
    response = first.get("/status")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    page = first.get("/sign-in").get_data(as_text=True)
    assert "You were signed out because your account signed in somewhere else" in page
    assert second.get("/status").status_code == 200  # the new session goes on
    assert events(app, "sign_out")[-1] == ("front_door", {"why": "signed in elsewhere"})
    sign_in(first, "front_door")
    api = second.get("/api/search?q=Smith")
    assert api.status_code == 401 and "signed in somewhere else" in api.get_json()["message"]


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app):
    client = app.test_client()
    sign_in(client, "data_steward")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/status").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/status")})
    assert copy.get("/status").status_code == 302


# -- rate limits ----------------------------------------------------------------------------------------------------
def test_too_many_failed_sign_ins_from_one_address_get_429(web_store, tmp_path):
    app = make_app(web_store, tmp_path, SIGN_IN_RATE_LIMIT="3 per minute", LOCKOUT_ATTEMPTS=100)
    client = app.test_client()
    for _ in range(5):  # signing in does not count: a whole office may share one address
        assert sign_in(client, "analyst").status_code == 302
    for username in ("analyst", "social_worker", "nobody"):  # spraying across accounts does
        assert sign_in(client, username, "guess").status_code == 401
    refused = sign_in(client, "analyst")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    page = refused.get_data(as_text=True)
    assert "Too many requests" in page and "too many attempts to sign in from your network" in page
    assert "govuk-template" in page
    assert client.get("/sign-in").status_code == 200  # the page itself still opens


def test_too_many_searches_by_one_user_get_429_on_the_page_and_the_api(web_store, tmp_path):
    app = make_app(web_store, tmp_path, SEARCH_RATE_LIMIT="3 per minute")
    client, colleague = app.test_client(), app.test_client()
    sign_in(client, "social_worker")
    sign_in(colleague, "analyst")
    for terms in ("Smith", "Jones"):
        assert client.get("/", query_string={"q": terms}).status_code == 200
    assert client.get("/api/search?q=Anna").status_code == 200  # the page and the API share one count
    page = client.get("/", query_string={"q": "Dan"})
    assert page.status_code == 429 and "searched too many times" in page.get_data(as_text=True)
    api = client.get("/api/search?q=Dan")
    assert api.status_code == 429 and api.get_json()["error"] == "too_many_requests"
    assert client.get("/").status_code == 200  # the search page without a search is not a search
    assert colleague.get("/api/search?q=Dan").status_code != 429  # counted per user


# -- headers --------------------------------------------------------------------------------------------------------
def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    nonces = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    assert policy["script-src"][0] == "'self'" and len(nonces) == 1
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # The one inline script (GOV.UK's js-enabled line) carries this response's nonce; no other inline script.
    html = response.get_data(as_text=True)
    nonce = nonces[0][len("'nonce-") : -1]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce}"']
    assert nonce != csp(client.get("/"))["script-src"][1][len("'nonce-") : -1]  # fresh on every response
    assert " style=" not in html


def test_other_security_headers_and_caching(client, anonymous):
    for response in (client.get("/"), client.get("/api/search?q=Smith"), anonymous.get("/sign-in")):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"  # personal data stays out of caches
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in response.headers  # demo mode, plain HTTP
    static = anonymous.get("/static/favicon.svg")
    assert static.headers.get("Cache-Control") != "no-store"


def test_production_behind_a_proxy_sends_hsts_and_secure_cookies(web_store, tmp_path, monkeypatch):
    monkeypatch.setenv("FAMILYGRAPH_MODE", "production")
    monkeypatch.setenv("FAMILYGRAPH_SECRET_KEY", LONG_SECRET)
    app = make_app(web_store, tmp_path, SECRET_KEY=LONG_SECRET, TRUSTED_PROXIES=1)
    client = app.test_client()
    # What the council's TLS-terminating proxy adds to each request it passes on.
    client.environ_base.update({"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "203.0.113.7"})
    https = "https://familygraph.council.example"  # as the browser sees it (it sends Secure cookies only there)
    page = client.get("/sign-in", base_url=https).get_data(as_text=True)
    form = {"username": "analyst", "password": PASSWORD, "csrf_token": re.search(r'value="([^"]+)"', page).group(1)}
    # Over HTTPS the CSRF check also wants a same-site Referer, which Referrer-Policy: same-origin lets through.
    response = client.post("/sign-in", data=form, base_url=https, headers={"Referer": f"{https}/sign-in"})
    assert response.status_code == 302
    assert re.fullmatch(r"max-age=3155\d{4}; includeSubDomains", response.headers["Strict-Transport-Security"])
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with app.app_context():
        signed_in = db.session.execute(select(AuditEvent).where(AuditEvent.action == "sign_in")).scalars().all()
        assert signed_in[-1].ip == "203.0.113.7"  # the client's address, not the proxy's


# -- secrets --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("secret", [None, "", "changeme", "secret", "short-but-not-a-default"])
def test_production_refuses_a_missing_or_default_secret(secret):
    environ = {"FAMILYGRAPH_MODE": "production"}
    if secret is not None:
        environ["FAMILYGRAPH_SECRET_KEY"] = secret
    with pytest.raises(ConfigError, match="FAMILYGRAPH_SECRET_KEY"):
        settings_from_environment(environ)


def test_production_starts_with_a_real_secret_and_demo_needs_none():
    assert settings_from_environment({"FAMILYGRAPH_MODE": "production", "FAMILYGRAPH_SECRET_KEY": LONG_SECRET})
    assert len(settings_from_environment({})["SECRET_KEY"]) == 64


def test_the_app_refuses_to_start_in_production_without_a_secret(web_store, tmp_path, monkeypatch):
    monkeypatch.setenv("FAMILYGRAPH_MODE", "production")
    monkeypatch.delenv("FAMILYGRAPH_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="not set"):
        create_app({"GRAPH_STORE": web_store, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}"})
    # A default slipped in through settings is refused as well.
    monkeypatch.setenv("FAMILYGRAPH_SECRET_KEY", LONG_SECRET)
    with pytest.raises(ConfigError, match="placeholder"):
        create_app(
            {
                "GRAPH_STORE": web_store,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}",
                "SECRET_KEY": "changeme",
            }
        )


@pytest.mark.parametrize(
    ("name", "value"), [("FAMILYGRAPH_IDLE_TIMEOUT_MINUTES", "soon"), ("FAMILYGRAPH_LOCKOUT_ATTEMPTS", "0")]
)
def test_a_bad_setting_is_named(name, value):
    with pytest.raises(ConfigError, match=name):
        settings_from_environment({name: value})


# -- an older database ----------------------------------------------------------------------------------------------
def test_a_users_table_from_before_is_upgraded_in_place(web_store, tmp_path):
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, username VARCHAR(80) UNIQUE, display_name VARCHAR(120), "
            "role VARCHAR(40), password_hash VARCHAR(255), active BOOLEAN, created_at DATETIME)"
        )
        conn.commit()
    app = create_app({"GRAPH_STORE": web_store, "TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        from argon2 import PasswordHasher

        db.session.execute(
            db.text(
                "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
                "VALUES ('old.hand', 'Old Hand', 'analyst', :h, 1, '2025-01-01 00:00:00')"
            ),
            {"h": PasswordHasher().hash(PASSWORD)},
        )
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, "old.hand").status_code == 302
    with app.app_context():
        user = find_user("old.hand")
        assert (user.auth_source, user.failed_logins, user.must_change_password) == ("local", 0, False)


# -- logs -----------------------------------------------------------------------------------------------------------
def test_no_personal_data_reaches_the_application_log(web_store, tmp_path, caplog):
    app = make_app(web_store, tmp_path, SEARCH_RATE_LIMIT="1 per minute", SIGN_IN_RATE_LIMIT="1 per minute")
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    sign_in(client, "zebedee.private", "hunter2-password")
    sign_in(client, "zebedee.private", "hunter2-password")  # refused by the rate limit
    sign_in(client, "social_worker")
    client.get("/", query_string={"q": "Jones-Smith"})
    client.get("/", query_string={"q": "Jones-Smith"})  # refused by the rate limit
    logged = caplog.text
    for personal in ("zebedee", "hunter2", "Jones-Smith", "127.0.0.1", "social_worker"):
        assert personal not in logged
