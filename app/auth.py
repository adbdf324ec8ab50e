"""Sign-in and sign-out. Every route except the health check and static files requires a signed-in user."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, jsonify, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from app.users import User, db, find_user

auth = Blueprint("auth", __name__)
login_manager = LoginManager()
OPEN_ENDPOINTS = {"status.healthz", "auth.sign_in", "static"}


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired("Enter your username")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    app.before_request(_require_sign_in)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _require_sign_in():
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="unauthorised", message="sign in to use the API"), 401
    return login_manager.unauthorized()


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link bounce users elsewhere after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("pages.search")


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = find_user(form.username.data.strip())
        if user and user.is_active and user.check_password(form.password.data):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        error = "The username or password is not right"
    return render_template("auth/sign_in.html", form=form, error=error), (401 if error else 200)


@auth.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))
