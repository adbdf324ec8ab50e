"""Hardening for every response: security headers with a strict Content-Security-Policy (Flask-Talisman), no caching
of pages that hold personal data, rate limits on sign-in and search (Flask-Limiter), and the reverse proxies to
trust. ``init_security`` runs early in the app factory; ``limit_rates`` after the blueprints are registered, since
it wraps their views.

The policy allows no inline script at all except the one line GOV.UK's page template runs to mark the page as
JavaScript-enabled, which carries a fresh nonce on every response (base.html passes ``csp_nonce()`` to the
template). Styles come from our own files only, with one exception: Cytoscape.js adds a one-rule <style> element
to the page the first time it draws a map, and that exact rule is allowed by its hash (a change of the rule in a
later Cytoscape release is blocked and reported in the browser console, which tests/browser watch for).
"""

from __future__ import annotations

import base64
import hashlib
import logging

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import check_secret_key

CYTOSCAPE_CONTAINER_RULE = ".__________cytoscape_container { position: relative; }"
LIMITER_KEY = "familygraph_limiter"
SIGN_IN_ENDPOINT = "auth.sign_in"
SEARCH_ENDPOINTS = ("pages.search", "api.search_api")
NOT_CACHED_EXCEPT = {"static"}  # our own scripts, styles and images may be cached; pages and JSON never


def _style_hash(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",  # plus the per-response nonce Talisman adds
    "style-src": ["'self'", _style_hash(CYTOSCAPE_CONTAINER_RULE)],
    "img-src": ["'self'", "data:"],  # the family map draws a cross for a deceased person from a data: SVG
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "browsing-topics": "()"}


def init_security(app: Flask) -> None:
    production = app.config["FAMILYGRAPH_MODE"] == "production"
    check_secret_key(app.config["FAMILYGRAPH_MODE"], app.config.get("SECRET_KEY") or "")  # also for settings passed in
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        # The client's address (audit trail, per-address rate limit) and https scheme, as the proxies tell them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    Talisman(
        app,
        # TLS ends at the council's reverse proxy; the app itself answers the health check over plain HTTP.
        force_https=False,
        strict_transport_security=production,  # sent on HTTPS requests only, as browsers ignore it on HTTP
        session_cookie_secure=production,
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        # Search terms are in URLs: never send them to another site. (Not "no-referrer": over HTTPS, Flask-WTF's
        # CSRF check requires a same-site Referer on every form post.)
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
    )
    app.after_request(_do_not_cache_personal_data)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429
    app.extensions[LIMITER_KEY] = Limiter(get_remote_address, app=app)
    # Flask-Limiter logs each refusal with its key, a client address: not for the application log.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)


def _do_not_cache_personal_data(response):
    if request.endpoint not in NOT_CACHED_EXCEPT and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


# -- rate limits -------------------------------------------------------------------------------------------------
def limit_rates(app: Flask) -> None:
    """Sign-in attempts per client address, and searches per signed-in user (the search page and the API share
    one count). The limits are read from the config on each request (SIGN_IN_RATE_LIMIT, SEARCH_RATE_LIMIT)."""
    limiter: Limiter = app.extensions[LIMITER_KEY]
    sign_in = limiter.limit(
        lambda: current_app.config["SIGN_IN_RATE_LIMIT"],
        methods=["POST"],
        # Only attempts that did not sign in count: colleagues behind one council address sign in all morning.
        deduct_when=lambda response: response.status_code != 302,
        error_message="There have been too many attempts to sign in from your network. Wait a minute, then try again.",
    )
    app.view_functions[SIGN_IN_ENDPOINT] = sign_in(app.view_functions[SIGN_IN_ENDPOINT])
    search = limiter.shared_limit(
        lambda: current_app.config["SEARCH_RATE_LIMIT"],
        scope="search",
        key_func=_user_key,
        exempt_when=_no_search_terms,  # the bare home page is not a search
        error_message="You have searched too many times in a short while. Wait a minute, then try again.",
    )
    for endpoint in SEARCH_ENDPOINTS:
        app.view_functions[endpoint] = search(app.view_functions[endpoint])


def _user_key() -> str:
    # The user's id, not their username: the key may appear in operational logs.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def _no_search_terms() -> bool:
    return not (request.args.get("q", "").strip() or request.args.get("dob", "").strip())
