"""The audit trail: who did what, when, from where and why, kept append-only in the app's SQL database.

Tamper evidence is a hash chain: each event's hash covers its own fields and the previous event's hash, so changing,
inserting or deleting a row breaks the chain at that row (``verify_chain``). With ``FAMILYGRAPH_AUDIT_KEY`` set the
hashes are HMACs, so someone who can write to the database but does not hold the key cannot rebuild the chain after
editing it. (A random per-process demo secret is no use as a key: the chain would stop verifying at each restart.)
Deleting the newest events leaves a shorter chain that still verifies; compare ``chain_head()`` with a copy kept
elsewhere to see that.

Appends are serialised, so that two requests cannot both extend the same event: a lock within the process, a
database lock across processes (BEGIN IMMEDIATE on SQLite, LOCK TABLE on PostgreSQL, SELECT ... FOR UPDATE
elsewhere), and a unique ``prev_hash`` as the last word. The app never changes or removes an event: ORM updates and
deletes of ``AuditEvent`` raise, and so does any UPDATE, DELETE or TRUNCATE of the table sent through SQLAlchemy.

Each audit write is its own short transaction on its own connection, so an event stays recorded even when the
request's work is rolled back. On SQLite, commit the request's own writes before calling ``record``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flask import current_app, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import BigInteger, Index, Integer, event, insert, or_, select, text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.users import db

ACTIONS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_out": "Signed out",
    "search": "Searched",
    "results_shown": "Search results shown",
    "reason_given": "Gave a reason for access",
    "person_viewed": "Viewed a person",
    "service_detail_viewed": "Viewed a service's detail",
    "map_exported": "Exported a family map",
    "cypher_query": "Ran a Cypher query",
    "cohort_run": "Ran a cohort query",
    "cohort_exported": "Exported a pseudonymised cohort",
    "data_quality_viewed": "Viewed the data-quality report",
    "linkage_decision": "Made a linkage decision",
    "audit_viewed": "Viewed the audit trail",
    "audit_exported": "Exported the audit trail",
    "user_admin": "Changed a user",
}
GENESIS = "0" * 64  # the prev_hash of the first event
KEY_SETTING = "FAMILYGRAPH_AUDIT_KEY"
SESSION_KEY = "audit_session_id"
USERNAME_MAX = 80
APPEND_ATTEMPTS = 5
VERIFY_BATCH = 2000
# The fields each hash covers, in the canonical JSON (sorted keys) with the previous event's hash.
CHAINED_FIELDS = (
    "id",
    "at",
    "username",
    "role",
    "ip",
    "action",
    "target_person_id",
    "detail",
    "reason",
    "session_id",
    "prev_hash",
)

_append_lock = threading.Lock()


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or remove an audit event through the app."""


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    # Ids are given by record() under the append lock (last id + 1), so the hash can cover them.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    # UTC, stored without a zone, to the microsecond (the hash covers it; MySQL would round it to seconds)
    at: Mapped[dt.datetime] = mapped_column(db.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql"), index=True)
    username: Mapped[str] = mapped_column(db.String(USERNAME_MAX))
    role: Mapped[str | None] = mapped_column(db.String(40))
    ip: Mapped[str | None] = mapped_column(db.String(45))
    action: Mapped[str] = mapped_column(db.String(40))
    target_person_id: Mapped[str | None] = mapped_column(db.Text, index=True)
    detail: Mapped[str | None] = mapped_column(db.Text)  # canonical JSON text
    reason: Mapped[str | None] = mapped_column(db.Text)
    session_id: Mapped[str | None] = mapped_column(db.String(64))
    prev_hash: Mapped[str] = mapped_column(db.String(64), unique=True)  # unique: the chain cannot fork
    hash: Mapped[str] = mapped_column(db.String(64), unique=True)

    __table_args__ = (Index("ix_audit_events_session_person", "session_id", "target_person_id"),)

    @property
    def detail_data(self):
        try:
            return json.loads(self.detail) if self.detail else None
        except ValueError:
            return self.detail  # not JSON: somebody changed it outside the app, and the chain says so

    @property
    def action_words(self) -> str:
        return ACTIONS.get(self.action, self.action)


# The audit search matches usernames whatever their case.
Index("ix_audit_events_username_lower", db.func.lower(AuditEvent.username))


# -- writing ---------------------------------------------------------------------------------------------------
def record(action: str, *, person_id=None, detail=None, reason=None, user=None, username: str | None = None) -> int:
    """Append one event and return its id.

    Who: ``user`` (anything with ``username`` and ``role``, e.g. for command-line tools) or else the signed-in user;
    ``username`` alone names someone not signed in (a failed sign-in). IP address and session come from the request,
    when there is one. Without an explicit ``reason``, an event about a person carries the reason for access given
    for that person in this session. ``sign_in`` starts a new audit session, ``sign_out`` ends it.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: one of {', '.join(ACTIONS)}")
    in_request = has_request_context()
    if user is None and in_request and current_user.is_authenticated:
        user = current_user
    name = user.username if user is not None else username
    if not name:
        raise ValueError("record() needs the user: sign in, or pass user= or username=")
    if in_request and action == "sign_in":
        session[SESSION_KEY] = secrets.token_urlsafe(24)  # reasons given before do not carry over
    person_id = None if person_id is None else str(person_id)
    if reason is None and person_id is not None:
        reason = reason_for(person_id)
    event_id = _append(
        {
            "username": name[:USERNAME_MAX],
            "role": getattr(user, "role", None),
            "ip": request.remote_addr if in_request else None,
            "action": action,
            "target_person_id": person_id,
            "detail": canonical_json(detail) if detail is not None else None,
            "reason": reason,
            "session_id": _session_id(create=current_user.is_authenticated) if in_request else None,
        }
    )
    if in_request and action == "sign_out":
        session.pop(SESSION_KEY, None)
    return event_id


def reason_for(person_id) -> str | None:
    """The reason for access the signed-in user gave for this person in this session, or None."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    session_id = _session_id(create=False)
    if session_id is None:
        return None
    return db.session.execute(
        select(AuditEvent.reason)
        .where(
            AuditEvent.session_id == session_id,
            AuditEvent.target_person_id == str(person_id),
            AuditEvent.username == current_user.username,
            AuditEvent.action == "reason_given",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(row: Mapping, key: bytes | None) -> str:
    """The hash of one event: SHA-256 (HMAC-SHA-256 with a key) over the canonical JSON of its chained fields."""
    fields = {name: row[name] for name in CHAINED_FIELDS}
    fields["at"] = _as_utc_naive(row["at"]).isoformat(timespec="microseconds")
    payload = canonical_json(fields).encode("utf-8")
    if key:
        return hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


def chain_key() -> bytes | None:
    key = current_app.config.get(KEY_SETTING) or os.environ.get(KEY_SETTING)
    return key.encode("utf-8") if key else None


def _session_id(create: bool) -> str | None:
    session_id = session.get(SESSION_KEY)
    if session_id is None and create:
        session_id = session[SESSION_KEY] = secrets.token_urlsafe(24)
    return session_id


def _as_utc_naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


def _append(values: dict) -> int:
    table = AuditEvent.__table__
    key = chain_key()
    engine = db.engine
    _refuse_if_request_holds_sqlite_write_lock(engine)
    with _append_lock:
        for _ in range(APPEND_ATTEMPTS):
            with engine.connect() as conn:
                last = _lock_and_read_last(conn)
                row = {
                    **values,
                    "id": last.id + 1 if last else 1,
                    "at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    "prev_hash": last.hash if last else GENESIS,
                }
                row["hash"] = chain_hash(row, key)
                try:
                    conn.execute(insert(table).values(**row))
                    conn.commit()
                    return row["id"]
                except IntegrityError:
                    conn.rollback()  # another process extended the chain first (only without a table lock)
    raise RuntimeError(f"could not append to the audit trail after {APPEND_ATTEMPTS} attempts")


def _lock_and_read_last(conn: Connection):
    table = AuditEvent.__table__
    last = select(table.c.id, table.c.hash).order_by(table.c.id.desc()).limit(1)
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # takes the write lock before reading the last event
    elif dialect == "postgresql":
        # EXCLUSIVE blocks other writers but not readers; a row lock on the last event would not stop a second
        # writer from reading the same last event once the first commits.
        conn.execute(text(f"LOCK TABLE {table.name} IN EXCLUSIVE MODE"))
    else:
        last = last.with_for_update()
    return conn.execute(last).first()


def _refuse_if_request_holds_sqlite_write_lock(engine: Engine) -> None:
    """Fail at once, with the cause, rather than wait out SQLite's busy timeout for a lock this thread holds."""
    if engine.dialect.name != "sqlite":
        return
    orm_session = db.session()
    if not orm_session.in_transaction():
        return
    dbapi = orm_session.connection().connection.dbapi_connection
    if getattr(dbapi, "in_transaction", False):
        raise RuntimeError("commit the request's database changes before recording an audit event (SQLite)")


# -- append-only guards ----------------------------------------------------------------------------------------
def _refuse(*_args, **_kwargs):
    raise AuditTrailIsAppendOnly("audit events cannot be changed or deleted")


event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEvent for m in state.all_mappers):
        _refuse()


_CHANGING_SQL = re.compile(
    r"^\s*(?:UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:[\"`]?\w+[\"`]?\.)?[\"`]?audit_events\b", re.I
)


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_changing_sql(_conn, _cursor, statement, _params, _context, _executemany) -> None:
    if _CHANGING_SQL.match(statement):
        _refuse()


# -- checking --------------------------------------------------------------------------------------------------
def verify_chain() -> tuple[bool, int | None, int]:
    """Walk the chain from the first event: (intact, id of the first event that does not fit, events checked).

    Reads in short batches, so that a long check never holds a lock that would stop events being written.
    """
    table = AuditEvent.__table__
    columns = [table.c[name] for name in (*CHAINED_FIELDS, "hash")]
    key = chain_key()
    expected_prev, last_id, checked = GENESIS, None, 0
    while True:
        query = select(*columns).order_by(table.c.id).limit(VERIFY_BATCH)
        if last_id is not None:
            query = query.where(table.c.id > last_id)
        with db.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        if not rows:
            return True, None, checked
        for row in rows:
            checked += 1
            if row["prev_hash"] != expected_prev or not hmac.compare_digest(chain_hash(row, key), row["hash"]):
                return False, row["id"], checked
            expected_prev = row["hash"]
        last_id = rows[-1]["id"]


def chain_head() -> tuple[int, str] | None:
    """The newest event's id and hash: kept outside the database, it shows whether the newest events went."""
    with db.engine.connect() as conn:
        row = conn.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return (row.id, row.hash) if row else None


# -- searching -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    person_id: str = ""
    action: str = ""
    date_from: dt.date | None = None  # inclusive, UTC
    date_to: dt.date | None = None  # inclusive, UTC

    def as_detail(self) -> dict:
        return {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in vars(self).items()
            if value
        }


def _conditions(filters: AuditFilters) -> list:
    conditions = []
    if filters.username:
        conditions.append(db.func.lower(AuditEvent.username) == filters.username.lower())
    if filters.person_id:
        # Events about the person, and events whose detail names them (e.g. the search results that listed them).
        conditions.append(
            or_(
                AuditEvent.target_person_id == filters.person_id,
                AuditEvent.detail.contains(canonical_json(filters.person_id), autoescape=True),
            )
        )
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.date_from:
        conditions.append(AuditEvent.at >= dt.datetime.combine(filters.date_from, dt.time()))
    if filters.date_to:
        conditions.append(AuditEvent.at < dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time()))
    return conditions


def count_events(filters: AuditFilters) -> int:
    return db.session.execute(select(db.func.count(AuditEvent.id)).where(*_conditions(filters))).scalar_one()


def find_events(filters: AuditFilters, offset: int = 0, limit: int = 50) -> list[AuditEvent]:
    """Matching events, newest first."""
    query = select(AuditEvent).where(*_conditions(filters)).order_by(AuditEvent.id.desc()).offset(offset).limit(limit)
    return list(db.session.execute(query).scalars())


def iter_events(filters: AuditFilters, batch: int = 1000) -> Iterator[Mapping]:
    """Every matching event as a plain row, newest first, read in batches (for exports of any size)."""
    table = AuditEvent.__table__
    before = None
    while True:
        query = select(table).where(*_conditions(filters)).order_by(table.c.id.desc()).limit(batch)
        if before is not None:
            query = query.where(table.c.id < before)
        with db.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        yield from rows
        if len(rows) < batch:
            return
        before = rows[-1]["id"]
