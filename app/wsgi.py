"""WSGI entry point for gunicorn (production uses Neo4j: several workers cannot share the embedded engine)."""

from app import create_app

app = create_app()
