"""What the pages and the API show, computed from the graph (plain functions taking a store; no Flask here)."""
