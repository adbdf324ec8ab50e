"""`python -m app.user_admin create`: the way a production install gets its first administrator, audited."""

from __future__ import annotations

import pytest

from app import user_admin
from app.audit import AuditEvent
from app.users import db, find_user


@pytest.fixture
def cli_env(monkeypatch, tmp_path, web_store):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'users.db'}")
    monkeypatch.setenv("GRAPH_URL", "")
    monkeypatch.setattr(user_admin, "create_app", lambda: _app(web_store))
    return tmp_path


def _app(store):
    from app import create_app

    return create_app({"GRAPH_STORE": store})


def test_create_asks_the_password_twice_and_audits_the_new_account(cli_env, monkeypatch, capsys):
    answers = iter(["a long enough password", "a long enough password"])
    monkeypatch.setattr(user_admin.getpass, "getpass", lambda prompt="": next(answers))
    assert user_admin.main(["create", "first.admin", "--role", "admin", "--name", "First Admin"]) == 0
    assert "created first.admin (Administrator)" in capsys.readouterr().out
    app = _app_from(cli_env)
    with app.app_context():
        assert find_user("first.admin").check_password("a long enough password")
        event = db.session.execute(db.select(AuditEvent).filter_by(action="user_admin")).scalar_one()
        assert event.username.startswith("command line (") and "first.admin" in event.detail


def test_a_short_or_mistyped_password_is_refused(cli_env, monkeypatch, capsys):
    monkeypatch.setattr(user_admin.getpass, "getpass", lambda prompt="": "short")
    assert user_admin.main(["create", "x.admin", "--role", "admin", "--name", "X"]) == 2
    answers = iter(["a long enough password", "a different password!"])
    monkeypatch.setattr(user_admin.getpass, "getpass", lambda prompt="": next(answers))
    assert user_admin.main(["create", "x.admin", "--role", "admin", "--name", "X"]) == 2
    assert "the two passwords differ" in capsys.readouterr().err


def _app_from(tmp_path):
    from flask import Flask

    app = Flask("check")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'users.db'}"
    db.init_app(app)
    return app
