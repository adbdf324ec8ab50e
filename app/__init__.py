"""The familygraph web app (Flask application factory)."""

from __future__ import annotations

from flask import Flask
from flask_wtf import CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from app.config import settings_from_environment
from app.graph_store import init_graph_store
from app.security import init_security, limit_rates

csrf = CSRFProtect()


def create_app(settings: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder="../static", static_url_path="/static")
    app.config.update(settings_from_environment())
    if settings:
        app.config.update(settings)
    # Our templates first, then GOV.UK Frontend's macros under the prefix their own imports use.
    app.jinja_loader = ChoiceLoader(
        [PackageLoader("app"), PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from app import template_filters

    template_filters.register(app)

    init_graph_store(app)
    _init_users(app)
    init_security(app)
    csrf.init_app(app)

    from app.api import api
    from app.api import openapi as _openapi  # noqa: F401  (registers /api/openapi.json)
    from app.api import routes as _routes  # noqa: F401  (registers every endpoint)
    from app.auth import auth, init_auth
    from app.errors import init_errors
    from app.policy import enforce_page_policy
    from app.sso import init_sso
    from app.status import status
    from app.views import pages

    init_auth(app)
    init_sso(app)
    init_errors(app)
    enforce_page_policy(app)
    csrf.exempt(api)  # the API is read-only (GET); CSRF guards the forms
    for blueprint in (status, auth, pages, api):
        app.register_blueprint(blueprint)
    limit_rates(app)  # wraps the sign-in and search views, so after the blueprints
    return app


def _init_users(app: Flask) -> None:
    from pathlib import Path

    from app import audit as _audit  # noqa: F401  (its table is created with the users')
    from app.users import db, upgrade_schema

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        upgrade_schema()
