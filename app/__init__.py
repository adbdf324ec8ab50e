"""The familygraph web app (Flask application factory)."""

from __future__ import annotations

import os

from flask import Flask

from app.graph_store import init_graph_store


def create_app(settings: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder="../static", static_url_path="/static")
    app.config.update(
        GRAPH_URL=os.environ.get("GRAPH_URL", ""),
        JSON_SORT_KEYS=False,
    )
    if settings:
        app.config.update(settings)
    init_graph_store(app)

    from app.status import status

    app.register_blueprint(status)
    return app
