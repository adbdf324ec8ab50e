"""User administration (administrators only): list users, add a local user, change a role, disable or enable an
account, and issue a new one-time password.

A new local user gets a one-time password that is shown to the administrator once, on the page after the form,
and never stored in clear or shown again; its holder must choose their own password at first sign-in. (An
administrator who types a password would know it for as long as it is in use.) Issuing a new one also unlocks the
account and ends its session. Single sign-on users' roles come from their identity provider's groups at each
sign-in, so their role is not changed here; they can be disabled like anyone.

An administrator cannot disable their own account or take the administrator role from it, and the last active
administrator cannot be disabled or re-roled, so that nobody can lock the service out of its own user management.
Every change is audited as ``user_admin`` with what changed.
"""

from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from app.audit import record
from app.users import (
    OIDC,
    ROLES,
    User,
    active_admin_count,
    all_users,
    create_user,
    db,
    find_user,
    new_one_time_password,
    utcnow,
)
from app.views import pages

ADMIN = "admin"
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]*$"


def admin_only(view):
    """The policy file gives these pages to administrators; this refuses anyone else even if it were edited to give
    them away, since managing users would let a role raise itself to any other."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if getattr(current_user, "role", None) != ADMIN:
            abort(403, description="Only administrators can manage users.")
        return view(*args, **kwargs)

    return guarded


class AddUserForm(FlaskForm):
    display_name = StringField(
        "Full name",
        validators=[
            InputRequired("Enter the person's full name"),
            Length(max=120, message="Enter a name of 120 characters or fewer"),
        ],
    )
    username = StringField(
        "Username",
        validators=[
            InputRequired("Enter a username"),
            Length(max=80, message="Enter a username of 80 characters or fewer"),
            Regexp(
                USERNAME_PATTERN, message="Use only letters, digits, dots, hyphens, underscores and @ in a username"
            ),
        ],
    )
    role = StringField("Role", validators=[InputRequired("Select a role")])  # one of ROLES, checked in the view


class RoleForm(FlaskForm):
    user_id = HiddenField()
    role = StringField("Role", validators=[InputRequired("Select a role")])  # one of ROLES, checked in the view


class UserForm(FlaskForm):
    """Forms that act on one user and take nothing else (disable, enable, new password)."""

    user_id = HiddenField()


def _user_or_404(user_id) -> User:
    user = db.session.get(User, int(user_id)) if str(user_id or "").isdigit() else None
    if user is None:
        abort(404, description="There is no such user.")
    return user


def _is_last_active_admin(user: User) -> bool:
    return user.role == ADMIN and user.active and active_admin_count() <= 1


def _page(template: str, **context) -> str:
    return render_template(template, now=utcnow(), **context)


def _audit_change(user: User, changed: dict) -> None:
    record("user_admin", detail={"user": user.username, "changed": changed})


# -- pages ----------------------------------------------------------------------------------------------------------
@pages.get("/admin/users")
@admin_only
def user_list():
    return _page("admin/users.html", users=all_users())


@pages.route("/admin/users/new", methods=["GET", "POST"])
@admin_only
def user_add():
    form = AddUserForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        username, role = form.username.data.strip(), form.role.data
        if role not in ROLES:
            errors["role"] = "Select a role"
        elif find_user(username) is not None:
            errors["username"] = f"There is already a user called {username}"
        else:
            password = new_one_time_password()
            user = create_user(username, form.display_name.data.strip(), role, password, must_change_password=True)
            record("user_admin", detail={"user": user.username, "created": {"role": role, "source": user.auth_source}})
            return render_template("admin/users_password.html", user=user, password=password, new_user=True)
    for name, messages in form.errors.items():
        if name != "csrf_token":
            errors.setdefault(name, messages[0])
    status = 400 if request.method == "POST" else 200
    return render_template("admin/users_new.html", form=form, errors=errors, roles=ROLES), status


@pages.get("/admin/users/user")
@admin_only
def user_detail():
    user = _user_or_404(request.args.get("id"))
    return _page("admin/users_detail.html", user=user, roles=ROLES, errors={}, form=RoleForm(role=user.role))


@pages.post("/admin/users/role")
@admin_only
def user_role():
    form = RoleForm()
    user = _user_or_404(form.user_id.data)
    new_role = form.role.data
    error = None
    if user.auth_source == OIDC:
        error = "This user's role comes from their groups at the identity provider: change their groups there"
    elif new_role not in ROLES:
        error = "Select a role"
    elif user.role == ADMIN and new_role != ADMIN and user.id == current_user.id:
        error = "You cannot take the administrator role from yourself: ask another administrator"
    elif new_role != ADMIN and _is_last_active_admin(user):
        error = "This is the only active administrator: make someone else an administrator first"
    if error:
        page = _page("admin/users_detail.html", user=user, roles=ROLES, errors={"role": error}, form=form)
        return page, 400
    if new_role != user.role:
        old_role, user.role = user.role, new_role
        db.session.commit()
        _audit_change(user, {"role": [old_role, new_role]})
        flash(f"{user.display_name} is now {ROLES[new_role].lower()}. The change applies from their next page.")
    return redirect(url_for("pages.user_detail", id=user.id))


@pages.post("/admin/users/status")
@admin_only
def user_status():
    form = UserForm()
    user = _user_or_404(form.user_id.data)
    enable = request.form.get("active") == "yes"
    error = None
    if not enable and user.id == current_user.id:
        error = "You cannot disable your own account"
    elif not enable and _is_last_active_admin(user):
        error = "This is the only active administrator: make someone else an administrator first"
    if error:
        page = _page(
            "admin/users_detail.html", user=user, roles=ROLES, errors={"status": error}, form=RoleForm(role=user.role)
        )
        return page, 400
    if enable != user.active:
        user.active = enable
        if not enable:
            user.end_session()  # signed out at their next request
        db.session.commit()
        _audit_change(user, {"active": [not enable, enable]})
        flash(f"{user.display_name}'s account is {'enabled' if enable else 'disabled'}.")
    return redirect(url_for("pages.user_detail", id=user.id))


@pages.post("/admin/users/password")
@admin_only
def user_password():
    form = UserForm()
    user = _user_or_404(form.user_id.data)
    if not user.is_local:
        page = _page(
            "admin/users_detail.html",
            user=user,
            roles=ROLES,
            errors={"password": "This user signs in with single sign-on and has no familygraph password"},
            form=RoleForm(role=user.role),
        )
        return page, 400
    password = new_one_time_password()
    user.set_password(password, must_change=True)
    user.clear_failures()
    user.end_session()
    db.session.commit()
    _audit_change(user, {"password": "new one-time password issued", "unlocked": True})
    return render_template("admin/users_password.html", user=user, password=password, new_user=False)
