"""WSGI entry point for gunicorn (production uses Neo4j: several workers cannot share the embedded engine)."""

from app import create_app
from app.services.search import start_building

app = create_app()
start_building(app.extensions["graph_store"])  # the search index, in the background: searches need not wait
