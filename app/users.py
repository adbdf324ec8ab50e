"""People who sign in: local accounts and single sign-on accounts in a SQL database (SQLite by default, PostgreSQL
via DATABASE_URL).

Local passwords are hashed with Argon2id. Repeated wrong passwords lock an account for a while (``record_failure``).
Each user has at most one active session: its token's hash is kept on the user row, so a second sign-in replaces
the first, and the time of the session's last request is kept there too, for the idle timeout (app/auth.py).
Roles decide what each user may see (policy/access.yaml).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import inspect, text
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()
_hasher = PasswordHasher()
# Verified against when there is no password to check, so that an unknown or locked username takes as long to
# refuse as a wrong password (the time taken must not tell whether a username exists).
_DECOY_HASH = _hasher.hash(secrets.token_urlsafe(16))

ROLES = {
    "social_worker": "Social worker",
    "early_help": "Early help worker",
    "front_door": "Front door (MASH)",
    "analyst": "Analyst",
    "data_steward": "Data steward",
    "admin": "Administrator",
    "leader": "Service leader",
}
LOCAL = "local"
OIDC = "oidc"
AUTH_SOURCES = {LOCAL: "Local account", OIDC: "Single sign-on"}
MIN_PASSWORD_LENGTH = 12


def utcnow() -> dt.datetime:
    """Now in UTC without a zone: the form every time column is stored in (SQLite keeps no zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class LockoutRule:
    """``attempts`` wrong passwords within ``window`` lock the account for ``duration``."""

    attempts: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    duration: dt.timedelta = dt.timedelta(minutes=15)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(db.String(80), unique=True)
    display_name: Mapped[str] = mapped_column(db.String(120))
    role: Mapped[str] = mapped_column(db.String(40))
    # "" for single sign-on accounts: no local password can match it.
    password_hash: Mapped[str] = mapped_column(db.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Added by issue 6 (``upgrade_schema`` adds them to an older database).
    auth_source: Mapped[str] = mapped_column(db.String(10), default=LOCAL, server_default=LOCAL)
    oidc_subject: Mapped[str | None] = mapped_column(db.String(255), unique=True)  # issuer + " " + sub
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    failures_since: Mapped[dt.datetime | None] = mapped_column()  # the first failure of the current window
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column()
    session_token_hash: Mapped[str | None] = mapped_column(db.String(64))
    session_seen_at: Mapped[dt.datetime | None] = mapped_column()

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        # Flask-Login would treat a disabled user's session as signed out without a word; app/auth.py instead
        # decides on every request whether a session may go on, and says why when it may not.
        return True

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def source_name(self) -> str:
        return AUTH_SOURCES.get(self.auth_source, self.auth_source)

    @property
    def is_local(self) -> bool:
        return self.auth_source == LOCAL

    def set_password(self, password: str, must_change: bool = False) -> None:
        self.password_hash = _hasher.hash(password)
        self.must_change_password = must_change

    def check_password(self, password: str) -> bool:
        try:
            return bool(self.password_hash) and _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    # -- lockout ---------------------------------------------------------------------------------------------------
    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def record_failure(self, now: dt.datetime, rule: LockoutRule) -> None:
        """Count a wrong password; the ``rule.attempts``-th within ``rule.window`` locks the account."""
        if self.failures_since is None or now - self.failures_since > rule.window:
            self.failures_since, self.failed_logins = now, 0
        self.failed_logins += 1
        if self.failed_logins >= rule.attempts:
            self.locked_until = now + rule.duration
            self.failures_since, self.failed_logins = None, 0

    def clear_failures(self) -> None:
        self.failed_logins, self.failures_since, self.locked_until = 0, None, None

    # -- the one active session ------------------------------------------------------------------------------------
    def start_session(self, now: dt.datetime) -> str:
        """A new session token (for the session cookie); any earlier session of this user stops matching."""
        token = secrets.token_urlsafe(32)
        self.session_token_hash = _token_hash(token)
        self.session_seen_at = self.last_sign_in_at = now
        return token

    def holds_session(self, token: str | None) -> bool:
        return bool(token and self.session_token_hash) and hmac.compare_digest(
            self.session_token_hash, _token_hash(token)
        )

    def end_session(self) -> None:
        self.session_token_hash = self.session_seen_at = None


def _token_hash(token: str) -> str:
    # Only the hash is stored, so that reading the database does not hand out live sessions.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_password_of_nobody(password: str) -> None:
    """Spend the time a password check takes, for a username that has no password to check."""
    try:
        _hasher.verify(_DECOY_HASH, password)
    except VerificationError:
        pass


def create_user(
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    *,
    auth_source: str = LOCAL,
    oidc_subject: str | None = None,
    must_change_password: bool = False,
) -> User:
    """Add a user. Local accounts need a password; single sign-on accounts have none (``password=None``)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if auth_source not in AUTH_SOURCES:
        raise ValueError(f"unknown account source {auth_source!r}: one of {', '.join(AUTH_SOURCES)}")
    if (auth_source == LOCAL) != (password is not None):
        raise ValueError("a local account needs a password, and a single sign-on account has none")
    user = User(username=username, display_name=display_name, role=role, auth_source=auth_source, password_hash="")
    user.oidc_subject = oidc_subject
    if password is not None:
        user.set_password(password, must_change=must_change_password)
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()


def find_oidc_user(subject: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(oidc_subject=subject)).scalar_one_or_none()


def all_users() -> list[User]:
    return list(db.session.execute(db.select(User).order_by(db.func.lower(User.username))).scalars())


def active_admin_count() -> int:
    query = db.select(db.func.count(User.id)).where(User.role == "admin", User.active.is_(True))
    return db.session.execute(query).scalar_one()


# No 0/o, 1/l/i: a one-time password is often read out over the phone.
_SPOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_one_time_password() -> str:
    """A password for an administrator to hand over, like ``7kq4-m9xd-c3wt-h2pz`` (16 characters from 31, about
    79 bits); its holder must choose their own at first sign-in."""
    groups = ("".join(secrets.choice(_SPOKEN_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def password_problem(password: str, username: str) -> str | None:
    """Why a new password is not good enough, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Enter a password of at least {MIN_PASSWORD_LENGTH} characters"
    if username and username.lower() in password.lower():
        return "Enter a password that does not contain your username"
    return None


# -- schema upgrade ----------------------------------------------------------------------------------------------
def upgrade_schema() -> None:
    """Add the columns issue 6 added to the users table to a database made before them (``create_all`` makes new
    tables but never changes an existing one). Adding nullable or defaulted columns is safe on SQLite and
    PostgreSQL alike; the unique index on ``oidc_subject`` is created with it."""
    existing = {column["name"] for column in inspect(db.engine).get_columns(User.__tablename__)}
    missing = [column for column in User.__table__.columns if column.name not in existing]
    if not missing:
        return
    with db.engine.begin() as conn:
        for column in missing:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(
                text(f'ALTER TABLE {User.__tablename__} ADD COLUMN "{column.name}" {kind}{_default_sql(column)}')
            )
        if any(column.name == "oidc_subject" for column in missing):
            conn.execute(text(f"CREATE UNIQUE INDEX ix_users_oidc_subject ON {User.__tablename__} (oidc_subject)"))


def _default_sql(column) -> str:
    if column.server_default is None:
        return ""
    value = column.server_default.arg
    return f" DEFAULT {value.text if hasattr(value, 'text') else repr(str(value))}"
