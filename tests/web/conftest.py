"""Web test set-up: the app on the contract fixture family (embedded engine), a fresh user database, one user
per role, and clients signed in through the real sign-in form (CSRF token included)."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.users import ROLES, create_user
from graph import open_store
from tests.fixtures.contract_graph import load_contract_graph

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def web_store(tmp_path_factory):
    store = open_store(f"embedded:{tmp_path_factory.mktemp('web-graph')}", apply_schema=True)
    load_contract_graph(store)
    yield store
    store.close()


def make_web_app(store, db_path, **settings):
    """The app on `store` with a fresh user database holding one user per role (username = role)."""
    app = create_app(
        {
            "GRAPH_STORE": store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "SECRET_KEY": "test-only-secret",
            "PSEUDONYM_KEY": "web-tests-only-pseudonym-key-0123456789",  # not the demo key file under data/
            **settings,
        }
    )
    with app.app_context():
        for role in ROLES:
            create_user(role, f"Test {ROLES[role]}", role, PASSWORD)
    return app


@pytest.fixture(scope="module")
def app(web_store, tmp_path_factory):
    return make_web_app(web_store, tmp_path_factory.mktemp("web-users") / "users.db")


def sign_in(client, username: str, password: str = PASSWORD):
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/sign-in", data={"username": username, "password": password, "csrf_token": token})


FIXTURE_PEOPLE = ("P1", "P2", "P3", "P4", "P5", "P6", "P7")


def give_reasons(client, *person_ids: str) -> None:
    """Answer the reason-for-access question for these people, as a user does before a person page opens (the
    first reason offered). People the role may not open have no question to answer and are skipped."""
    for person_id in person_ids:
        form = client.get(f"/people/{person_id}/reason")
        if form.status_code != 200:
            continue
        page = form.get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        code = re.search(r'name="reason"[^>]*value="([^"]+)"', page).group(1)
        client.post(f"/people/{person_id}/reason", data={"reason": code, "detail": "test", "csrf_token": token})


@pytest.fixture
def anonymous(app):
    return app.test_client()


@pytest.fixture
def client(app):
    """Signed in as a social worker (the commonest user), with a reason given for every fixture person."""
    client = app.test_client()
    assert sign_in(client, "social_worker").status_code == 302
    give_reasons(client, *FIXTURE_PEOPLE)
    return client


@pytest.fixture
def client_as(app):
    def make(role: str, reasons: bool = True):
        client = app.test_client()
        assert sign_in(client, role).status_code == 302
        if reasons:
            give_reasons(client, *FIXTURE_PEOPLE)
        return client

    return make
