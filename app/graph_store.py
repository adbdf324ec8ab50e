"""One graph store per app process, opened at start-up and closed at exit.

The embedded engine allows one writing process, so the app holds the store and serves requests from threads.
"""

from __future__ import annotations

import atexit

from flask import Flask, current_app

from graph import GraphStore, open_store


def init_graph_store(app: Flask) -> None:
    store = app.config.get("GRAPH_STORE") or open_store(app.config["GRAPH_URL"] or None, apply_schema=True)
    app.extensions["graph_store"] = store
    atexit.register(store.close)


def get_store() -> GraphStore:
    return current_app.extensions["graph_store"]
