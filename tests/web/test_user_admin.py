"""User administration pages (/admin/users): administrators only; list, add a local user with a one-time password
its holder must replace at first sign-in, change a role, disable and enable, issue a new one-time password; every
change audited, every form guarded by its CSRF token, and the guards that stop an administrator locking the
service out of its own user management."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app import create_app
from app.audit import AuditEvent
from app.users import ROLES, create_user, db, find_user
from tests.web.conftest import PASSWORD, sign_in

NOT_ADMIN = [role for role in ROLES if role != "admin"]
NEW_PASSWORD = "three unrelated words here"


@pytest.fixture(scope="module")
def app(web_store, tmp_path_factory):
    """The module's own app: one user per role (username = role), and a few more to administer."""
    app = create_app(
        {
            "GRAPH_STORE": web_store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('user-admin') / 'app.db'}",
            "SECRET_KEY": "test-only-secret",
            "LOCKOUT_ATTEMPTS": 2,
        }
    )
    with app.app_context():
        for role in ROLES:
            create_user(role, f"Test {ROLES[role]}", role, PASSWORD)
        create_user("sso.person", "Sam Single", "social_worker", None, auth_source="oidc", oidc_subject="iss sub-1")
    return app


@pytest.fixture
def admin(app):
    client = app.test_client()
    assert sign_in(client, "admin").status_code == 302
    return client


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def user_id(app, username: str) -> int:
    with app.app_context():
        return find_user(username).id


def user(app, username: str):
    with app.app_context():
        found = find_user(username)
        db.session.expunge(found)
        return found


def add_local_user(app, username: str, role: str = "analyst", password: str = PASSWORD) -> int:
    with app.app_context():
        return create_user(username, f"Person {username}", role, password).id


def post(client, url: str, form: dict, token_from: str = "/admin/users/new"):
    form = {"csrf_token": token_of(client.get(token_from).get_data(as_text=True)), **form}
    return client.post(url, data=form)


def user_admin_events(app) -> list[tuple[str, dict]]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == "user_admin").order_by(AuditEvent.id)
        return [(e.username, json.loads(e.detail)) for e in db.session.execute(query).scalars()]


def one_time_password(html: str) -> str:
    return re.search(r'<strong id="one-time-password">([^<]+)</strong>', html).group(1)


# -- who may -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", NOT_ADMIN)
def test_only_administrators_may_use_the_pages(app, role):
    client = app.test_client()
    sign_in(client, role)
    target = user_id(app, "analyst")
    token = token_of(client.get("/status").get_data(as_text=True))
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/user?id={target}"):
        assert client.get(path).status_code == 403, path
    for path, form in (
        ("/admin/users/new", {"display_name": "X", "username": "x", "role": "admin"}),
        ("/admin/users/role", {"user_id": target, "role": "admin"}),
        ("/admin/users/status", {"user_id": target, "active": "no"}),
        ("/admin/users/password", {"user_id": target}),
    ):
        assert client.post(path, data={**form, "csrf_token": token}).status_code == 403, path
    assert find_user_role(app, "analyst") == "analyst" and user(app, "analyst").active
    with app.app_context():
        assert find_user("x") is None


def find_user_role(app, username: str) -> str:
    return user(app, username).role


def test_signed_out_visitors_are_sent_to_sign_in(app):
    response = app.test_client().get("/admin/users")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


# -- the list --------------------------------------------------------------------------------------------------------
def test_the_list_shows_every_user_with_role_source_status_and_last_sign_in(app, admin):
    html = admin.get("/admin/users").get_data(as_text=True)
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in html
    for header in ("Username", "Name", "Role", "Signs in with", "Status", "Last sign-in"):
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in html
    row = re.search(r"sso\.person</a></th>(.*?)</tr>", html, re.S).group(1)
    assert "Sam Single" in row and "Social worker" in row and "Single sign-on" in row and "Never" in row
    admin_row = re.search(r">admin</a></th>(.*?)</tr>", html, re.S).group(1)
    assert "Local account" in admin_row and "Active" in admin_row and "UTC" in admin_row  # signed in just now


# -- adding a user ------------------------------------------------------------------------------------------------
def test_an_added_user_gets_a_one_time_password_and_must_choose_their_own(app, admin):
    response = post(
        admin, "/admin/users/new", {"display_name": "Nia Adeyemi", "username": "nia.a", "role": "early_help"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "User added" in html and "shown only now" in html
    password = one_time_password(html)
    assert response.headers["Cache-Control"] == "no-store"
    created = user(app, "nia.a")
    assert (created.display_name, created.role, created.auth_source, created.must_change_password) == (
        "Nia Adeyemi",
        "early_help",
        "local",
        True,
    )
    assert password not in created.password_hash
    assert user_admin_events(app)[-1] == (
        "admin",
        {"user": "nia.a", "created": {"role": "early_help", "source": "local"}},
    )

    nia = app.test_client()
    signed_in = sign_in(nia, "nia.a", password)
    assert signed_in.status_code == 302
    assert nia.get("/").headers["Location"] == "/account/password"  # nothing else until they choose a password
    assert nia.get("/api/search?q=Smith").status_code == 403
    page = nia.get("/account/password").get_data(as_text=True)
    assert "one-time password from your administrator" in page
    token = token_of(page)
    weak = nia.post(
        "/account/password", data={"csrf_token": token, "current": password, "new": "short", "confirm": "short"}
    )
    assert weak.status_code == 400 and '<a href="#new">Enter a password of at least 12 characters</a>' in weak.get_data(
        as_text=True
    )
    form = {"csrf_token": token, "current": password, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert nia.post("/account/password", data=form).headers["Location"] == "/"
    assert nia.get("/").status_code == 200
    assert user_admin_events(app)[-1] == ("nia.a", {"user": "nia.a", "changed": {"password": "changed by its holder"}})
    assert sign_in(app.test_client(), "nia.a", password).status_code == 401  # the one-time password is spent


def test_adding_a_user_says_what_is_missing_or_taken(admin):
    empty = post(admin, "/admin/users/new", {"display_name": "", "username": "", "role": ""})
    html = empty.get_data(as_text=True)
    assert empty.status_code == 400 and "There is a problem" in html
    for href, text in (
        ("#display_name", "Enter the person&#39;s full name"),
        ("#username", "Enter a username"),
        ("#role", "Select a role"),
    ):
        assert f'<a href="{href}">{text}</a>' in html
    taken = post(admin, "/admin/users/new", {"display_name": "Another", "username": "analyst", "role": "analyst"})
    assert taken.status_code == 400 and "There is already a user called analyst" in taken.get_data(as_text=True)
    odd = post(admin, "/admin/users/new", {"display_name": "Odd", "username": "a b<c>", "role": "analyst"})
    assert odd.status_code == 400 and "Use only letters, digits" in odd.get_data(as_text=True)
    bogus = post(admin, "/admin/users/new", {"display_name": "Boss", "username": "boss", "role": "superuser"})
    assert bogus.status_code == 400 and user_missing(admin, "boss")


def user_missing(admin, username: str) -> bool:
    return f">{username}</a>" not in admin.get("/admin/users").get_data(as_text=True)


# -- changing a user ---------------------------------------------------------------------------------------------
def test_a_role_change_applies_from_the_users_next_page_and_is_audited(app, admin):
    target = add_local_user(app, "role.change", role="analyst")
    them = app.test_client()
    sign_in(them, "role.change", PASSWORD)
    assert them.get("/?q=Smith").status_code == 403  # analysts do not search
    response = post(
        admin, "/admin/users/role", {"user_id": target, "role": "social_worker"}, f"/admin/users/user?id={target}"
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/user?id={target}"
    assert "is now social worker" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert them.get("/").status_code == 200
    assert user_admin_events(app)[-1] == (
        "admin",
        {"user": "role.change", "changed": {"role": ["analyst", "social_worker"]}},
    )


def test_disabling_signs_the_user_out_and_enabling_lets_them_back(app, admin):
    target = add_local_user(app, "to.disable")
    them = app.test_client()
    sign_in(them, "to.disable", PASSWORD)
    detail = f"/admin/users/user?id={target}"
    assert post(admin, "/admin/users/status", {"user_id": target, "active": "no"}, detail).status_code == 302
    bounced = them.get("/status")
    assert bounced.status_code == 302
    assert "Your account has been disabled" in them.get("/sign-in").get_data(as_text=True)
    assert sign_in(app.test_client(), "to.disable", PASSWORD).status_code == 401
    assert "Disabled" in admin.get(detail).get_data(as_text=True)
    assert post(admin, "/admin/users/status", {"user_id": target, "active": "yes"}, detail).status_code == 302
    assert sign_in(app.test_client(), "to.disable", PASSWORD).status_code == 302
    changes = [detail for name, detail in user_admin_events(app)[-2:]]
    assert changes == [
        {"user": "to.disable", "changed": {"active": [True, False]}},
        {"user": "to.disable", "changed": {"active": [False, True]}},
    ]


def test_a_new_one_time_password_unlocks_the_account(app, admin):
    target = add_local_user(app, "locked.out")
    for _ in range(2):  # LOCKOUT_ATTEMPTS is 2 here
        sign_in(app.test_client(), "locked.out", "forgotten")
    assert sign_in(app.test_client(), "locked.out", PASSWORD).status_code == 401
    detail = f"/admin/users/user?id={target}"
    assert "Locked until" in admin.get(detail).get_data(as_text=True)
    issued = post(admin, "/admin/users/password", {"user_id": target}, detail)
    password = one_time_password(issued.get_data(as_text=True))
    assert "their account is unlocked" in issued.get_data(as_text=True)
    assert sign_in(app.test_client(), "locked.out", PASSWORD).status_code == 401  # the old one no longer works
    assert sign_in(app.test_client(), "locked.out", password).status_code == 302
    assert user_admin_events(app)[-1] == (
        "admin",
        {"user": "locked.out", "changed": {"password": "new one-time password issued", "unlocked": True}},
    )


def test_a_single_sign_on_users_role_comes_from_their_groups(app, admin):
    target = user_id(app, "sso.person")
    detail = f"/admin/users/user?id={target}"
    html = re.sub(r"\s+", " ", admin.get(detail).get_data(as_text=True))
    assert "their role comes from their groups at the identity provider" in html
    assert "Issue a new one-time password" not in html and 'action="/admin/users/role"' not in html
    refused = post(admin, "/admin/users/role", {"user_id": target, "role": "admin"}, detail)
    assert refused.status_code == 400 and find_user_role(app, "sso.person") == "social_worker"
    assert post(admin, "/admin/users/password", {"user_id": target}, detail).status_code == 400


# -- guards ---------------------------------------------------------------------------------------------------------
def test_an_administrator_cannot_lock_themselves_or_everyone_out(app, admin):
    me = user_id(app, "admin")
    detail = f"/admin/users/user?id={me}"
    demoted = post(admin, "/admin/users/role", {"user_id": me, "role": "analyst"}, detail)
    assert demoted.status_code == 400 and "cannot take the administrator role from yourself" in demoted.get_data(
        as_text=True
    )
    disabled = post(admin, "/admin/users/status", {"user_id": me, "active": "no"}, detail)
    assert disabled.status_code == 400 and "cannot disable your own account" in disabled.get_data(as_text=True)
    assert user(app, "admin").role == "admin" and user(app, "admin").active


def test_the_last_active_administrator_keeps_the_role(web_store, tmp_path):
    app = create_app(
        {"GRAPH_STORE": web_store, "TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.db'}"}
    )
    with app.app_context():
        create_user("first.admin", "First", "admin", PASSWORD)
        second = create_user("second.admin", "Second", "admin", PASSWORD).id
    client = app.test_client()
    sign_in(client, "first.admin")
    detail = f"/admin/users/user?id={second}"
    assert post(client, "/admin/users/status", {"user_id": second, "active": "no"}, detail).status_code == 302
    # first.admin is now the only active administrator: second.admin, once enabled, may be demoted, first.admin not.
    assert post(client, "/admin/users/status", {"user_id": second, "active": "yes"}, detail).status_code == 302
    assert post(client, "/admin/users/role", {"user_id": second, "role": "analyst"}, detail).status_code == 302
    with app.app_context():
        assert find_user("second.admin").role == "analyst"


def test_an_unknown_user_is_not_found(admin):
    assert admin.get("/admin/users/user?id=999999").status_code == 404
    assert admin.get("/admin/users/user?id=nonsense").status_code == 404
    assert post(admin, "/admin/users/status", {"user_id": "999999", "active": "no"}).status_code == 404


def test_every_user_admin_form_needs_its_csrf_token(app, admin):
    target = add_local_user(app, "csrf.target")
    before = len(user_admin_events(app))
    for path, form in (
        ("/admin/users/new", {"display_name": "No Token", "username": "no.token", "role": "admin"}),
        ("/admin/users/role", {"user_id": target, "role": "admin"}),
        ("/admin/users/status", {"user_id": target, "active": "no"}),
        ("/admin/users/password", {"user_id": target}),
    ):
        response = admin.post(path, data=form)
        assert response.status_code == 400 and "The CSRF token is missing" in response.get_data(as_text=True), path
    assert len(user_admin_events(app)) == before
    changed = user(app, "csrf.target")
    assert (changed.role, changed.active, changed.must_change_password) == ("analyst", True, False)
    assert user_missing(admin, "no.token")
