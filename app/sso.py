"""OpenID Connect single sign-on (Microsoft Entra ID, Okta, Keycloak, ...) with Authlib, and the mapping from the
identity provider's groups to familygraph's roles.

Off unless FAMILYGRAPH_OIDC_ISSUER (or FAMILYGRAPH_OIDC_METADATA_URL) is set; then the client id, client secret and
a role map are required too, and the app refuses to start without them. The role map says which role each group
gives (`group: role`, as JSON or YAML, in FAMILYGRAPH_OIDC_ROLE_MAP or in the file FAMILYGRAPH_OIDC_ROLE_MAP_FILE);
groups are matched exactly as the identity provider sends them in the groups claim (FAMILYGRAPH_OIDC_GROUPS_CLAIM,
default ``groups``: Entra ID sends group object ids there). Someone in several mapped groups gets the first of
their roles in ``ROLE_PRECEDENCE``; someone in none is refused.

The first sign-in creates the user (no local password, ``auth_source`` "oidc"), keyed on the issuer and the ID
token's ``sub``; later sign-ins update the name and the role from the groups, so that a change of group membership
takes effect at the next sign-in. Creations and changes are audited as ``user_admin``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError

from app.audit import record
from app.auth import auth, safe_next, start_session
from app.config import ConfigError
from app.users import OIDC, ROLES, User, create_user, db, find_oidc_user, find_user

SSO_KEY = "familygraph_sso"
CLIENT_NAME = "oidc"
# The most privileged role first: someone in several mapped groups gets the first of their roles here. Admin can
# manage users and read the audit trail; a data steward changes the graph (linkage decisions); the front door sees
# every sensitive category in full; then social workers, early help workers, analysts, and service leaders (who see
# aggregate figures only).
ROLE_PRECEDENCE = ("admin", "data_steward", "front_door", "social_worker", "early_help", "analyst", "leader")
NAME_MAX, USERNAME_MAX = 120, 80
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SsoSettings:
    provider_name: str
    groups_claim: str
    username_claim: str
    role_map: dict[str, str]
    redirect_uri: str


def init_sso(app: Flask) -> None:
    config = app.config
    metadata_url = config.get("OIDC_METADATA_URL") or ""
    issuer = (config.get("OIDC_ISSUER") or "").rstrip("/")
    if not (metadata_url or issuer):
        return
    missing = [f"FAMILYGRAPH_OIDC_{name}" for name in ("CLIENT_ID", "CLIENT_SECRET") if not config.get(f"OIDC_{name}")]
    if missing:
        raise ConfigError(f"single sign-on is configured but {' and '.join(missing)} is not set")
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=metadata_url or f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": config.get("OIDC_SCOPES") or "openid profile email"},
    )
    app.extensions[SSO_KEY] = SsoSettings(
        provider_name=config.get("OIDC_PROVIDER_NAME") or "single sign-on",
        groups_claim=config.get("OIDC_GROUPS_CLAIM") or "groups",
        username_claim=config.get("OIDC_USERNAME_CLAIM") or "preferred_username",
        role_map=parse_role_map(config.get("OIDC_ROLE_MAP"), config.get("OIDC_ROLE_MAP_FILE")),
        redirect_uri=config.get("OIDC_REDIRECT_URI") or "",
    )


def parse_role_map(value, file: str | None = None) -> dict[str, str]:
    """``{group: role}`` from a mapping, from JSON or YAML text, or from a JSON or YAML file."""
    source = "FAMILYGRAPH_OIDC_ROLE_MAP"
    if not value and file:
        source = f"FAMILYGRAPH_OIDC_ROLE_MAP_FILE ({file})"
        try:
            value = Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"{source} cannot be read: {error.strerror}") from None
    if isinstance(value, str):
        try:
            value = yaml.safe_load(value) if value.strip() else None  # YAML reads JSON too
        except yaml.YAMLError:
            raise ConfigError(f"{source} is neither JSON nor YAML") from None
    if not value:
        raise ConfigError(f"single sign-on needs a role map ({source}): no group gives a role, so nobody could sign in")
    if not isinstance(value, dict):
        raise ConfigError(f'{source} must map each group to a role, like {{"familygraph-admins": "admin"}}')
    role_map = {}
    for group, role in value.items():
        if role not in ROLES:
            raise ConfigError(
                f"{source}: group {group!r} maps to {role!r}, which is not a role: one of {', '.join(ROLES)}"
            )
        role_map[str(group)] = role
    return role_map


def role_for_groups(groups, role_map: dict[str, str]) -> str | None:
    """The most privileged role any of these groups gives (ROLE_PRECEDENCE), or None."""
    roles = {role_map[group] for group in groups if group in role_map}
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def sso_settings() -> SsoSettings | None:
    return current_app.extensions.get(SSO_KEY)


def sso_provider_name() -> str | None:
    """The name for the "Sign in with ..." button, or None when single sign-on is not set up."""
    settings = sso_settings()
    return settings.provider_name if settings else None


def _client():
    return current_app.extensions["authlib.integrations.flask_client"].create_client(CLIENT_NAME)


def _settings_or_404() -> SsoSettings:
    settings = sso_settings()
    if settings is None:
        abort(404, description="Single sign-on is not set up for this service. Sign in with your username.")
    return settings


# -- the two routes -------------------------------------------------------------------------------------------------
@auth.get("/sign-in/sso")
def sso_sign_in():
    """Off to the identity provider, which sends the browser back to the callback."""
    settings = _settings_or_404()
    session["sso_next"] = safe_next(request.args.get("next"))
    callback = settings.redirect_uri or url_for("auth.sso_callback", _external=True)
    try:
        return _client().authorize_redirect(callback)
    except (requests.RequestException, AuthlibBaseError, ValueError, RuntimeError) as error:
        log.warning("single sign-on could not start: %s", type(error).__name__)
        return _refused(
            f"{settings.provider_name} could not be reached",
            "Try again in a few minutes. If it keeps happening, tell the service desk.",
            503,
        )


@auth.get("/sign-in/sso/callback")
def sso_callback():
    settings = _settings_or_404()
    client = _client()
    try:
        # Authlib checks the issuer by default but not the audience: a token the provider issued to another
        # application (naming us only as "azp") must not sign anyone in here.
        issuer = client.load_server_metadata()["issuer"]
        claims_options = {
            "iss": {"essential": True, "values": [issuer]},
            "aud": {"essential": True, "values": [current_app.config["OIDC_CLIENT_ID"]]},
        }
        token = client.authorize_access_token(claims_options=claims_options)
    except (requests.RequestException, AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        # The provider's refusal, a stale or forged state, or an ID token that does not check out.
        log.warning("single sign-on callback refused: %s", type(error).__name__)
        return _refused(
            "Sign-in did not work",
            f"{settings.provider_name} did not confirm who you are. Go back to the sign-in page and try again.",
            401,
        )
    claims = token.get("userinfo") or {}
    if not claims.get("sub") or not claims.get("iss"):
        return _refused("Sign-in did not work", f"{settings.provider_name} sent no identity.", 401)
    subject = f"{claims['iss']} {claims['sub']}"
    username = str(claims.get(settings.username_claim) or claims.get("email") or claims["sub"])[:USERNAME_MAX]
    name = str(claims.get("name") or username)[:NAME_MAX]
    groups = _groups(claims, settings.groups_claim)
    if groups is None:
        record("sign_in_failed", username=username, detail={"why": "groups not sent (too many)", "method": "sso"})
        return _refused(
            "Your groups could not be read",
            f"{settings.provider_name} did not list your groups, which it does when someone is in very many. Your "
            "administrator can have it send only the groups assigned to familygraph.",
            403,
        )
    role = role_for_groups(groups, settings.role_map)
    if role is None:
        detail = {"why": "no group gives a role", "method": "sso", "groups": sorted(groups)[:50]}
        record("sign_in_failed", username=username, detail=detail)
        return _refused(
            "You do not have access to familygraph",
            f"Your {settings.provider_name} account is not in any group that gives access to familygraph. Ask your "
            "manager or the service desk to add you to the right group.",
            403,
        )
    user = find_oidc_user(subject)
    if user is None:
        if find_user(username) is not None:
            record("sign_in_failed", username=username, detail={"why": "username taken by another account"})
            return _refused(
                "Your account could not be set up",
                f"familygraph already has an account called {username} that is not linked to your "
                f"{settings.provider_name} account. Ask your administrator.",
                403,
            )
        user = create_user(username, name, role, None, auth_source=OIDC, oidc_subject=subject)
        record("user_admin", user=user, detail={"user": username, "created": {"role": role, "source": OIDC}})
    else:
        _update_from_provider(user, name, role)
    if not user.is_active:
        record("sign_in_failed", username=user.username, detail={"why": "account disabled", "method": "sso"})
        return _refused(
            "Your account has been disabled",
            "Ask your administrator if you need access to familygraph.",
            403,
        )
    start_session(user, method="sso")
    return redirect(session.pop("sso_next", None) or url_for("pages.search"))


def _groups(claims, claim: str) -> list[str] | None:
    """The groups in the ID token, or None when the provider left them out for being too many (Entra ID's
    "overage": ``_claim_names`` names the claim instead of the token holding it)."""
    if claim not in claims and claim in (claims.get("_claim_names") or {}):
        return None
    value = claims.get(claim) or []
    if isinstance(value, str):
        value = [value]
    return [str(group) for group in value]


def _update_from_provider(user: User, name: str, role: str) -> None:
    changed = {}
    if user.display_name != name:
        changed["display_name"] = [user.display_name, name]
        user.display_name = name
    if user.role != role:
        changed["role"] = [user.role, role]
        user.role = role
    if changed:
        db.session.commit()
        record("user_admin", user=user, detail={"user": user.username, "changed": changed, "by": "identity provider"})


def _refused(title: str, message: str, status: int):
    return render_template("auth/sso_refused.html", title=title, message=message), status
