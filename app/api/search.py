"""API: search."""
