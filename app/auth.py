"""Signing in and out, and the rules every signed-in session lives by.

Every route except the health check, the sign-in pages and static files requires a signed-in user. A local account
signs in with its password here; single sign-on (app/sso.py) ends in the same ``start_session``. Then:

- one active session per user: signing in again (anywhere) ends the earlier session at its next request;
- idle timeout: a session with no request for IDLE_TIMEOUT (default 15 minutes) is signed out, with a message;
- an account an administrator disabled is signed out at its next request;
- a user holding a one-time password from an administrator must choose their own before anything else.

Wrong passwords lock the account (LOCKOUT_ATTEMPTS within LOCKOUT_WINDOW lock it for LOCKOUT_DURATION). The
message for every failed attempt is the same, whether or not the username exists or is locked, and takes as long.
Sign-ins, failed sign-ins and sign-outs (with why, when the app ended the session) go to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from app.audit import record
from app.users import (
    MIN_PASSWORD_LENGTH,
    LockoutRule,
    User,
    check_password_of_nobody,
    db,
    find_user,
    password_problem,
    utcnow,
)

auth = Blueprint("auth", __name__)
login_manager = LoginManager()
OPEN_ENDPOINTS = {"status.healthz", "auth.sign_in", "auth.sso_sign_in", "auth.sso_callback", "static"}
# Endpoints a user who must choose a password may still use.
BEFORE_OWN_PASSWORD = {"auth.change_password", "auth.sign_out", "static", "status.healthz"}
SESSION_TOKEN = "session_token"
WRONG = "The username or password is not right"
# How often the last-request time is written, at most: the idle timeout is exact to within this.
SEEN_WRITE_INTERVAL = dt.timedelta(seconds=30)


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired("Enter your username")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired("Enter your current password")])
    new = PasswordField("New password", validators=[InputRequired("Enter a new password")])
    confirm = PasswordField("New password again", validators=[InputRequired("Enter the new password again")])


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    app.before_request(_end_sessions_that_may_not_go_on)
    app.before_request(_require_sign_in)
    app.before_request(_require_own_password)
    app.add_template_filter(duration_words)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def lockout_rule() -> LockoutRule:
    config = current_app.config
    return LockoutRule(config["LOCKOUT_ATTEMPTS"], config["LOCKOUT_WINDOW"], config["LOCKOUT_DURATION"])


def idle_timeout() -> dt.timedelta:
    idle = current_app.config["IDLE_TIMEOUT"]
    return idle if isinstance(idle, dt.timedelta) else dt.timedelta(seconds=idle)


# -- every request ------------------------------------------------------------------------------------------------
def _end_sessions_that_may_not_go_on():
    if request.endpoint in ("static", "status.healthz") or not current_user.is_authenticated:
        return None
    user: User = current_user._get_current_object()
    now = utcnow()
    if not user.is_active:
        why, message = "disabled", "Your account has been disabled. Ask your administrator if you need it."
    elif SESSION_TOKEN not in session:  # a session from before sessions had tokens
        why, message = "session ended", "Your session has ended. Sign in again."
    elif not user.holds_session(session[SESSION_TOKEN]):
        why, message = "signed in elsewhere", "You were signed out because your account signed in somewhere else."
    elif user.session_seen_at is None or now - user.session_seen_at > idle_timeout():
        idle = duration_words(idle_timeout())
        why, message = "idle", f"You were signed out after {idle} without activity. Sign in again."
    else:
        if now - user.session_seen_at >= min(SEEN_WRITE_INTERVAL, idle_timeout() / 10):
            user.session_seen_at = now
            db.session.commit()
        return None
    # Ending someone else's session would sign out the newer one: the row's token is cleared only when it is ours.
    end_session(why=why, clear_token=why not in ("signed in elsewhere", "session ended"))
    flash(message)
    if request.path.startswith("/api/"):
        return jsonify(error="unauthorised", message=message), 401
    back_to = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.sign_in", next=back_to))


def _require_sign_in():
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="unauthorised", message="sign in to use the API"), 401
    return login_manager.unauthorized()


def _require_own_password():
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if request.endpoint in BEFORE_OWN_PASSWORD:
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="forbidden", message="choose your own password first, at /account/password"), 403
    return redirect(url_for("auth.change_password"))


# -- starting and ending sessions ----------------------------------------------------------------------------------
def start_session(user: User, method: str) -> None:
    """Sign `user` in with a fresh session (nothing of an earlier session in this browser carries over) that
    replaces any other session of theirs; audited as ``sign_in``."""
    next_url = session.get("sso_next")
    session.clear()
    token = user.start_session(utcnow())
    user.clear_failures()
    db.session.commit()
    login_user(user)
    session.permanent = True  # re-signed on every request, so that only idleness ages the cookie (config.py)
    session[SESSION_TOKEN] = token
    if next_url:
        session["sso_next"] = next_url
    record("sign_in", detail={"method": method})


def end_session(why: str | None = None, clear_token: bool = True) -> None:
    """Sign the current user out (audited as ``sign_out``, with why when the app ended the session)."""
    user: User = current_user._get_current_object()
    if clear_token:
        user.end_session()
        db.session.commit()
    record("sign_out", detail={"why": why} if why else None)
    logout_user()
    session.clear()


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link bounce users elsewhere after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        if not urlsplit(target).netloc:
            return target
    return url_for("pages.search")


# -- pages --------------------------------------------------------------------------------------------------------
@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = _check_password(form.username.data.strip(), form.password.data)
        if user is not None:
            start_session(user, method="password")
            return redirect(safe_next(request.args.get("next")))
        error = WRONG
    page = render_template(
        "auth/sign_in.html", form=form, error=error, rule=lockout_rule(), sso_provider=_sso.sso_provider_name()
    )
    return page, (401 if error else 200)


def _check_password(username: str, password: str) -> User | None:
    """The user, when the password is theirs and they may sign in; else None, with the failure counted and
    audited. Every refusal takes one password check's time."""
    now = utcnow()
    user = find_user(username)
    why = None
    if user is None:
        check_password_of_nobody(password)
        why = "unknown username"
    elif user.is_locked(now):
        check_password_of_nobody(password)  # a locked account's password is not even tried
        why = "account locked"
    elif not user.check_password(password):
        user.record_failure(now, lockout_rule())
        db.session.commit()
        why = "account locked after this attempt" if user.is_locked(now) else "wrong password"
    elif not user.is_active:
        why = "account disabled"
    if why is None:
        return user
    record("sign_in_failed", username=username, detail={"why": why})
    return None


@auth.post("/sign-out")
@login_required
def sign_out():
    end_session()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@auth.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Choose a new password (a local account's; single sign-on accounts have theirs at the identity provider)."""
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    errors: dict[str, str] = {}
    if user.is_local and form.validate_on_submit():
        if not user.check_password(form.current.data):
            errors["current"] = "The current password is not right"
        elif problem := password_problem(form.new.data, user.username):
            errors["new"] = problem
        elif form.new.data != form.confirm.data:
            errors["confirm"] = "Enter the same new password twice"
        elif form.new.data == form.current.data:
            errors["new"] = "Enter a password different from the current one"
        else:
            user.set_password(form.new.data)
            db.session.commit()
            record("user_admin", detail={"user": user.username, "changed": {"password": "changed by its holder"}})
            flash("Your password has been changed.")
            return redirect(url_for("pages.search"))
    for name, messages in form.errors.items():
        if name != "csrf_token":
            errors.setdefault(name, messages[0])
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "auth/change_password.html", form=form, errors=errors, user=user, min_length=MIN_PASSWORD_LENGTH
    )
    return page, status


def duration_words(duration: dt.timedelta) -> str:
    """ "15 minutes", "1 hour", "30 seconds": for messages about the lockout and the idle timeout."""
    seconds = round(duration.total_seconds())
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


from app import sso as _sso  # noqa: E402,F401  (the single sign-on routes, on this blueprint)
