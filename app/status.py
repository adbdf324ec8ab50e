"""Health check (no sign-in) and the status page: which engine, and what the graph holds."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template

from app.graph_store import get_store

status = Blueprint("status", __name__)


@status.get("/healthz")
def healthz():
    store = get_store()
    store.read("stats_node_counts")
    return jsonify(status="ok", engine=store.engine)


@status.get("/status")
def status_page():
    store = get_store()
    return render_template(
        "status.html", engine=store.describe(), counts=store.stats(), sources=store.read("source_freshness")
    )
