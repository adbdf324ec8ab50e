"""Settings from the environment (secrets never live in the repo).

FAMILYGRAPH_MODE=demo (the default for `make run`) may invent a per-process secret key; production refuses to
start without FAMILYGRAPH_SECRET_KEY, because a guessable key lets anyone forge a signed-in session.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class ConfigError(RuntimeError):
    pass


def settings_from_environment(environ=os.environ) -> dict:
    mode = environ.get("FAMILYGRAPH_MODE", "demo")
    if mode not in {"demo", "production"}:
        raise ConfigError(f"FAMILYGRAPH_MODE must be 'demo' or 'production', not {mode!r}")
    secret = environ.get("FAMILYGRAPH_SECRET_KEY", "")
    if not secret:
        if mode == "production":
            raise ConfigError("FAMILYGRAPH_SECRET_KEY is not set: refusing to start in production mode")
        secret = secrets.token_hex(32)
    return {
        "FAMILYGRAPH_MODE": mode,
        "SECRET_KEY": secret,
        "GRAPH_URL": environ.get("GRAPH_URL", ""),
        "SQLALCHEMY_DATABASE_URI": environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'data' / 'app.db'}"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_SECURE": mode == "production",
        "JSON_SORT_KEYS": False,
    }
