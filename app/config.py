"""Settings from the environment (secrets never live in the repo).

FAMILYGRAPH_MODE=demo (the default for `make run`) may invent a per-process secret key; production refuses to
start without a FAMILYGRAPH_SECRET_KEY of its own (missing, a well-known placeholder or shorter than 32 characters),
because a guessable key lets anyone forge a signed-in session. Every other setting has a safe default; README
"Configuration" and docs/security.md list them.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = {"demo", "production"}
MIN_SECRET_LENGTH = 32
# Values people copy from examples and tutorials; a key that anyone could guess is no key.
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "change_me", "secret", "secret-key", "dev", "development", "test"}


class ConfigError(RuntimeError):
    pass


def check_secret_key(mode: str, secret: str) -> None:
    """Refuse a missing, placeholder or short secret key in production mode."""
    if mode != "production":
        return
    if not secret:
        raise ConfigError("FAMILYGRAPH_SECRET_KEY is not set: refusing to start in production mode")
    if secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"FAMILYGRAPH_SECRET_KEY is a placeholder or shorter than {MIN_SECRET_LENGTH} characters: refusing to "
            "start in production mode (make one with `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )


def _pseudonym_key(environ) -> str:
    key = environ.get("FAMILYGRAPH_PSEUDONYM_KEY", "")
    if key and (key.strip().lower() in PLACEHOLDER_SECRETS or len(key) < MIN_SECRET_LENGTH):
        raise ConfigError(
            f"FAMILYGRAPH_PSEUDONYM_KEY is a placeholder or shorter than {MIN_SECRET_LENGTH} characters: refusing to "
            "start (make one with `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    return key


def settings_from_environment(environ=os.environ) -> dict:
    mode = environ.get("FAMILYGRAPH_MODE", "demo")
    if mode not in MODES:
        raise ConfigError(f"FAMILYGRAPH_MODE must be 'demo' or 'production', not {mode!r}")
    secret = environ.get("FAMILYGRAPH_SECRET_KEY", "")
    check_secret_key(mode, secret)
    if not secret:
        secret = secrets.token_hex(32)
    production = mode == "production"
    idle = _minutes(environ, "FAMILYGRAPH_IDLE_TIMEOUT_MINUTES", 15)
    return {
        "FAMILYGRAPH_MODE": mode,
        "SECRET_KEY": secret,
        "GRAPH_URL": environ.get("GRAPH_URL", ""),
        "SQLALCHEMY_DATABASE_URI": environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'data' / 'app.db'}"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "JSON_SORT_KEYS": False,
        # The idle timeout: signed out after this long without a request (app/auth.py, on the server).
        "IDLE_TIMEOUT": idle,
        # How long the browser keeps the session cookie after the last request, and how old a cookie's signature
        # may be. Longer than the idle timeout on purpose: a session that timed out must still reach the server,
        # to be told why and audited, rather than vanish with its cookie.
        "PERMANENT_SESSION_LIFETIME": max(dt.timedelta(hours=12), 2 * idle),
        # Lockout: this many wrong passwords within the window lock the account for the duration.
        "LOCKOUT_ATTEMPTS": _whole_number(environ, "FAMILYGRAPH_LOCKOUT_ATTEMPTS", 5),
        "LOCKOUT_WINDOW": _minutes(environ, "FAMILYGRAPH_LOCKOUT_WINDOW_MINUTES", 15),
        "LOCKOUT_DURATION": _minutes(environ, "FAMILYGRAPH_LOCKOUT_MINUTES", 15),
        # Rate limits (Flask-Limiter's notation); counts are kept in memory unless a storage URI is given.
        "SIGN_IN_RATE_LIMIT": environ.get("FAMILYGRAPH_SIGN_IN_RATE_LIMIT", "10 per minute"),
        "SEARCH_RATE_LIMIT": environ.get("FAMILYGRAPH_SEARCH_RATE_LIMIT", "60 per minute"),
        "RATELIMIT_STORAGE_URI": environ.get("FAMILYGRAPH_RATELIMIT_STORAGE_URI", "memory://"),
        # How many reverse proxies in front of the app to trust for the client's address and scheme.
        "TRUSTED_PROXIES": _whole_number(environ, "FAMILYGRAPH_TRUSTED_PROXIES", 0, minimum=0),
        # The key of the pseudonymised cohort exports (app/services/pseudonymise.py): the same person gets the same
        # pseudonym in every export made with one key. Production has no export without it; demo mode keeps a
        # generated key under data/.
        "PSEUDONYM_KEY": _pseudonym_key(environ),
        # OpenID Connect single sign-on (app/sso.py): off unless an issuer or metadata URL is given.
        "OIDC_ISSUER": environ.get("FAMILYGRAPH_OIDC_ISSUER", ""),
        "OIDC_METADATA_URL": environ.get("FAMILYGRAPH_OIDC_METADATA_URL", ""),
        "OIDC_CLIENT_ID": environ.get("FAMILYGRAPH_OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": environ.get("FAMILYGRAPH_OIDC_CLIENT_SECRET", ""),
        "OIDC_PROVIDER_NAME": environ.get("FAMILYGRAPH_OIDC_PROVIDER_NAME", "single sign-on"),
        "OIDC_SCOPES": environ.get("FAMILYGRAPH_OIDC_SCOPES", "openid profile email"),
        "OIDC_GROUPS_CLAIM": environ.get("FAMILYGRAPH_OIDC_GROUPS_CLAIM", "groups"),
        "OIDC_USERNAME_CLAIM": environ.get("FAMILYGRAPH_OIDC_USERNAME_CLAIM", "preferred_username"),
        "OIDC_ROLE_MAP": environ.get("FAMILYGRAPH_OIDC_ROLE_MAP", ""),
        "OIDC_ROLE_MAP_FILE": environ.get("FAMILYGRAPH_OIDC_ROLE_MAP_FILE", ""),
        "OIDC_REDIRECT_URI": environ.get("FAMILYGRAPH_OIDC_REDIRECT_URI", ""),
    }


def _whole_number(environ, name: str, default: int, minimum: int = 1) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def _minutes(environ, name: str, default: int) -> dt.timedelta:
    return dt.timedelta(minutes=_whole_number(environ, name, default))
