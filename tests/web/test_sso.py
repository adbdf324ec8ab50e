"""OpenID Connect single sign-on against a fake identity provider served on a free local port: real HTTP between
the app (Authlib, requests) and the provider, RS256 ID tokens checked against the provider's JWKS, and the
provider's groups mapped to roles."""

from __future__ import annotations

import json
import secrets
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.audit import AuditEvent
from app.config import ConfigError
from app.sso import ROLE_PRECEDENCE, parse_role_map, role_for_groups
from app.users import OIDC, create_user, db, find_user
from tests.web.conftest import PASSWORD, sign_in

CLIENT_ID = "familygraph-test"
CLIENT_SECRET = "test-only-client-secret"
PROVIDER = "Council Entra ID"
ROLE_MAP = {
    "0b5c-social-workers": "social_worker",
    "77aa-front-door": "front_door",
    "e1f0-familygraph-admins": "admin",
}


class FakeIdentityProvider:
    """A tiny OpenID provider: discovery, JWKS, an authorize endpoint that signs in at once whoever the test set as
    ``identity`` and sends the browser straight back with a code, and a token endpoint that checks the client's
    credentials and returns an ID token signed with a test RSA key. ``tamper`` spoils the next ID token."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
        self.impostor_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
        self.identity: dict | None = None
        self.tamper: str | None = None
        self.codes: dict[str, dict] = {}
        self.url = ""
        self.app = self._make_app()

    def _make_app(self) -> Flask:
        idp = Flask("fake_idp")

        @idp.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.url,
                authorization_endpoint=f"{self.url}/authorize",
                token_endpoint=f"{self.url}/token",
                jwks_uri=f"{self.url}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
            )

        @idp.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @idp.get("/authorize")
        def authorize():
            args = request.args
            assert args["client_id"] == CLIENT_ID and args["response_type"] == "code"
            assert "openid" in args["scope"].split()
            back = args["redirect_uri"]
            if self.identity is None:
                return redirect(f"{back}?{urlencode({'error': 'access_denied', 'state': args['state']})}")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": args.get("nonce"), "redirect_uri": back, "identity": dict(self.identity)}
            return redirect(f"{back}?{urlencode({'code': code, 'state': args['state']})}")

        @idp.post("/token")
        def token():
            auth = request.authorization
            if not auth or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
                return jsonify(error="invalid_client"), 401
            grant = self.codes.pop(request.form.get("code", ""), None)
            if grant is None or request.form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify(error="invalid_grant"), 400
            now = int(time.time())
            claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant["nonce"]}
            claims.update(grant["identity"])
            key = self.key
            if self.tamper == "signature":
                key = self.impostor_key
            elif self.tamper == "audience":
                claims["aud"] = "some-other-app"
            elif self.tamper == "audience naming us as authorised party":
                claims["aud"], claims["azp"] = "some-other-app", CLIENT_ID
            elif self.tamper == "nonce":
                claims["nonce"] = "replayed"
            elif self.tamper == "expired":
                claims["iat"], claims["exp"] = now - 3600, now - 1800
            self.tamper = None
            id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)
            return jsonify(
                access_token=secrets.token_urlsafe(16), token_type="Bearer", expires_in=300, id_token=id_token
            )

        return idp

    def serve(self):
        server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, name="fake-idp", daemon=True)
        thread.start()
        return server, thread


@pytest.fixture(scope="module")
def idp():
    provider = FakeIdentityProvider()
    server, thread = provider.serve()
    yield provider
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def sso_app(web_store, idp, tmp_path_factory):
    app = create_app(
        {
            "GRAPH_STORE": web_store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('sso') / 'app.db'}",
            "SECRET_KEY": "test-only-secret",
            "OIDC_ISSUER": idp.url,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_PROVIDER_NAME": PROVIDER,
            "OIDC_ROLE_MAP": json.dumps(ROLE_MAP),  # as it comes from the environment
        }
    )
    with app.app_context():
        create_user("local.admin", "Local Admin", "admin", PASSWORD)
    return app


@pytest.fixture
def browser(sso_app):
    return sso_app.test_client()


def identity(sub: str, groups: list[str], name: str = "Priya Shah", username: str | None = None) -> dict:
    return {"sub": sub, "name": name, "preferred_username": username or f"{sub}@council.example", "groups": groups}


def sso_sign_in(client, idp: FakeIdentityProvider, who: dict | None, query: str = ""):
    """The whole round trip, as a browser makes it: the app sends it to the provider, the provider back."""
    idp.identity = who
    start = client.get(f"/sign-in/sso{query}")
    assert start.status_code == 302 and start.headers["Location"].startswith(f"{idp.url}/authorize?")
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/sign-in/sso/callback"
    return client.get(f"{back.path}?{back.query}")


def events(app, action: str, username: str | None = None) -> list[dict]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        if username:
            query = query.where(AuditEvent.username == username)
        return [json.loads(e.detail) if e.detail else {} for e in db.session.execute(query).scalars()]


def user_row(app, username: str):
    with app.app_context():
        user = find_user(username)
        if user is None:
            return None
        return {"role": user.role, "name": user.display_name, "source": user.auth_source, "hash": user.password_hash}


# -- the sign-in page ---------------------------------------------------------------------------------------------
def test_the_sign_in_page_offers_single_sign_on_when_it_is_set_up(browser, client):
    page = browser.get("/sign-in").get_data(as_text=True)
    assert f"Sign in with {PROVIDER}" in page and 'href="/sign-in/sso"' in page
    assert "Or sign in with a username and password" in page
    plain = client.get("/sign-in").get_data(as_text=True)  # conftest's app has no single sign-on
    assert "Sign in with" not in plain
    assert client.get("/sign-in/sso").status_code == 404


# -- signing in ---------------------------------------------------------------------------------------------------
def test_first_sign_in_creates_the_user_with_the_role_of_their_group(sso_app, idp, browser):
    who = identity("u-first", ["0b5c-social-workers", "some-unmapped-group"])
    response = sso_sign_in(browser, idp, who)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Signed in as Priya Shah (Social worker)" in browser.get("/").get_data(as_text=True)
    row = user_row(sso_app, "u-first@council.example")
    assert row == {"role": "social_worker", "name": "Priya Shah", "source": OIDC, "hash": ""}
    created = events(sso_app, "user_admin", "u-first@council.example")
    assert created == [{"user": "u-first@council.example", "created": {"role": "social_worker", "source": "oidc"}}]
    assert events(sso_app, "sign_in", "u-first@council.example") == [{"method": "sso"}]


def test_someone_in_several_groups_gets_the_most_privileged_role(sso_app, idp, browser):
    who = identity("u-many", ["0b5c-social-workers", "e1f0-familygraph-admins", "77aa-front-door"])
    assert sso_sign_in(browser, idp, who).status_code == 302
    assert user_row(sso_app, "u-many@council.example")["role"] == "admin"
    assert browser.get("/admin/users").status_code == 200


def test_someone_in_no_mapped_group_is_refused_with_a_clear_page(sso_app, idp, browser):
    response = sso_sign_in(browser, idp, identity("u-none", ["finance", "all-staff"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "You do not have access to familygraph" in page
    assert f"Your {PROVIDER} account is not in any group that gives access to familygraph" in page
    assert user_row(sso_app, "u-none@council.example") is None
    assert browser.get("/").status_code == 302  # not signed in
    refused = events(sso_app, "sign_in_failed", "u-none@council.example")
    assert refused == [{"why": "no group gives a role", "method": "sso", "groups": ["all-staff", "finance"]}]


def test_role_and_name_follow_the_groups_at_the_next_sign_in(sso_app, idp):
    first, later = sso_app.test_client(), sso_app.test_client()
    assert sso_sign_in(first, idp, identity("u-move", ["0b5c-social-workers"])).status_code == 302
    assert sso_sign_in(later, idp, identity("u-move", ["77aa-front-door"], name="Priya Shah-Khan")).status_code == 302
    assert user_row(sso_app, "u-move@council.example")["role"] == "front_door"
    assert "Signed in as Priya Shah-Khan (Front door (MASH))" in later.get("/").get_data(as_text=True)
    changed = events(sso_app, "user_admin", "u-move@council.example")[-1]
    assert changed == {
        "user": "u-move@council.example",
        "changed": {"display_name": ["Priya Shah", "Priya Shah-Khan"], "role": ["social_worker", "front_door"]},
        "by": "identity provider",
    }
    # Out of every mapped group: refused, and the account keeps its last role until an administrator acts.
    assert sso_sign_in(sso_app.test_client(), idp, identity("u-move", [])).status_code == 403


def test_the_page_asked_for_before_signing_in_opens_after_it(idp, browser):
    response = sso_sign_in(browser, idp, identity("u-next", ["0b5c-social-workers"]), "?next=/status")
    assert response.headers["Location"] == "/status"
    unsafe = sso_sign_in(browser, idp, identity("u-next", ["0b5c-social-workers"]), "?next=//evil.example/")
    assert unsafe.headers["Location"] == "/"


def test_a_single_sign_on_user_has_no_password_to_guess(sso_app, idp, browser):
    assert sso_sign_in(browser, idp, identity("u-nopass", ["0b5c-social-workers"])).status_code == 302
    other = sso_app.test_client()
    assert sign_in(other, "u-nopass@council.example", "").status_code in (200, 401)
    assert sign_in(other, "u-nopass@council.example", "anything at all").status_code == 401
    assert other.get("/").status_code == 302


def test_a_disabled_single_sign_on_user_is_refused(sso_app, idp, browser):
    assert sso_sign_in(browser, idp, identity("u-gone", ["0b5c-social-workers"])).status_code == 302
    with sso_app.app_context():
        find_user("u-gone@council.example").active = False
        db.session.commit()
    response = sso_sign_in(sso_app.test_client(), idp, identity("u-gone", ["0b5c-social-workers"]))
    assert response.status_code == 403 and "Your account has been disabled" in response.get_data(as_text=True)


def test_a_local_account_of_the_same_name_is_not_taken_over(sso_app, idp, browser):
    response = sso_sign_in(browser, idp, identity("u-clash", ["e1f0-familygraph-admins"], username="local.admin"))
    assert response.status_code == 403
    assert "already has an account called local.admin" in response.get_data(as_text=True)
    assert user_row(sso_app, "local.admin")["source"] == "local"


def test_groups_left_out_for_being_too_many_are_explained(sso_app, idp, browser):
    who = {"sub": "u-overage", "name": "Big Group", "_claim_names": {"groups": "src1"}}
    response = sso_sign_in(browser, idp, who)
    assert response.status_code == 403 and "did not list your groups" in response.get_data(as_text=True)


# -- what must not work ---------------------------------------------------------------------------------------------
TAMPERED = ["signature", "audience", "audience naming us as authorised party", "nonce", "expired"]


@pytest.mark.parametrize("tamper", TAMPERED)
def test_an_id_token_that_does_not_check_out_is_refused(sso_app, idp, browser, tamper):
    idp.tamper = tamper
    sub = "u-" + tamper.replace(" ", "-")
    response = sso_sign_in(browser, idp, identity(sub, ["e1f0-familygraph-admins"]))
    assert response.status_code == 401 and "Sign-in did not work" in response.get_data(as_text=True)
    assert browser.get("/").status_code == 302
    assert user_row(sso_app, f"{sub}@council.example") is None


def test_a_callback_without_the_state_this_browser_was_given_is_refused(idp, browser, sso_app):
    idp.identity = identity("u-csrf", ["e1f0-familygraph-admins"])
    started = sso_app.test_client().get("/sign-in/sso")  # another browser started the sign-in
    at_provider = requests.get(started.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    assert browser.get(f"{back.path}?{back.query}").status_code == 401
    assert browser.get("/").status_code == 302


def test_the_provider_refusing_is_shown_as_a_failed_sign_in(idp, browser):
    response = sso_sign_in(browser, idp, None)  # e.g. the user cancelled at the provider
    assert response.status_code == 401 and "did not confirm who you are" in response.get_data(as_text=True)


def test_an_unreachable_provider_is_said_plainly(web_store, tmp_path):
    app = create_app(
        {
            "GRAPH_STORE": web_store,
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
            "OIDC_ISSUER": "http://127.0.0.1:9",  # the discard port: nothing answers
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ROLE_MAP": {"g": "analyst"},
        }
    )
    response = app.test_client().get("/sign-in/sso")
    assert response.status_code == 503 and "could not be reached" in response.get_data(as_text=True)


# -- configuration --------------------------------------------------------------------------------------------------
def test_the_role_map_is_read_from_json_or_yaml_and_checked():
    assert parse_role_map('{"a": "admin"}') == {"a": "admin"}
    assert parse_role_map("a: admin\n12345: analyst\n") == {"a": "admin", "12345": "analyst"}
    with pytest.raises(ConfigError, match="'g' maps to 'boss', which is not a role"):
        parse_role_map({"g": "boss"})
    with pytest.raises(ConfigError, match="nobody could sign in"):
        parse_role_map("")
    with pytest.raises(ConfigError, match="must map each group to a role"):
        parse_role_map('["admin"]')


def test_the_role_map_can_live_in_a_file(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("# council groups\nsg-familygraph-sw: social_worker\n", encoding="utf-8")
    assert parse_role_map("", str(path)) == {"sg-familygraph-sw": "social_worker"}
    with pytest.raises(ConfigError, match="cannot be read"):
        parse_role_map("", str(tmp_path / "missing.yaml"))


def test_the_documented_order_decides_between_roles():
    everything = {role: role for role in ROLE_PRECEDENCE}
    assert role_for_groups(list(everything), everything) == "admin"
    assert role_for_groups(["analyst", "early_help"], everything) == "early_help"
    assert role_for_groups(["front_door", "social_worker"], everything) == "front_door"
    assert role_for_groups(["nothing"], everything) is None


def test_single_sign_on_half_set_up_refuses_to_start(web_store, tmp_path):
    settings = {
        "GRAPH_STORE": web_store,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
        "OIDC_ISSUER": "https://login.example/tenant/v2.0",
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_ROLE_MAP": {"g": "analyst"},
    }
    with pytest.raises(ConfigError, match="FAMILYGRAPH_OIDC_CLIENT_SECRET is not set"):
        create_app(settings)
    with pytest.raises(ConfigError, match="needs a role map"):
        create_app({**settings, "OIDC_CLIENT_SECRET": "x", "OIDC_ROLE_MAP": ""})
