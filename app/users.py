"""People who sign in: local accounts in a SQL database (SQLite by default, PostgreSQL via DATABASE_URL).

Passwords are hashed with Argon2id. Roles decide what each user may see (issue 6 deepens this into a policy file).
"""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()
_hasher = PasswordHasher()

ROLES = {
    "social_worker": "Social worker",
    "early_help": "Early help worker",
    "front_door": "Front door (MASH)",
    "analyst": "Analyst",
    "data_steward": "Data steward",
    "admin": "Administrator",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(db.String(80), unique=True)
    display_name: Mapped[str] = mapped_column(db.String(120))
    role: Mapped[str] = mapped_column(db.String(40))
    password_hash: Mapped[str] = mapped_column(db.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def create_user(username: str, display_name: str, role: str, password: str) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    user = User(username=username, display_name=display_name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
