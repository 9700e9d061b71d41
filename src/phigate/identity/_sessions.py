"""People's sessions: one per sign-in, with an idle limit (no activity for ``idle_seconds`` ends it) and an
absolute one (``absolute_seconds`` after sign-in, whatever happens). A session is held by a refresh token, which
is stored only as its SHA-256 and replaced at every refresh (the old one stops working)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from phigate._tables import user_sessions, users
from phigate.errors import ConfigError, Unauthenticated
from phigate.models import AuthContext

# how stale ``last_seen_at`` may get before a request writes it again: the idle limit is measured to this
TOUCH_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    user_id: str
    auth: AuthContext
    expires_at: float


@dataclass(frozen=True, slots=True)
class OpenedSession:
    """A session and its refresh token (exists only here: stored as a hash)."""

    session: Session
    refresh_token: str


class Sessions:
    def __init__(self, engine: Engine, *, idle_seconds: float, absolute_seconds: float) -> None:
        if not 0 < idle_seconds <= absolute_seconds:
            raise ConfigError("a session's idle limit must be positive and within its absolute limit")
        self._engine, self._idle, self._absolute = engine, idle_seconds, absolute_seconds

    def open(self, user_id: str, *, acr: str, amr: tuple[str, ...], auth_time: float | None = None,
             before_commit: Callable[[str], None] | None = None) -> OpenedSession:
        """A new session; ``auth_time``: when the person authenticated (default now; an identity provider's
        sign-in may be a little older)."""
        now = time.time()
        when = now if auth_time is None else min(auth_time, now)
        session_id = f"ses_{secrets.token_hex(12)}"
        refresh = secrets.token_urlsafe(32)
        with self._engine.begin() as conn:
            conn.execute(user_sessions.insert().values(
                id=session_id, user_id=user_id, refresh_hash=token_digest(refresh), amr=" ".join(amr), acr=acr,
                auth_time=when, last_seen_at=now, expires_at=now + self._absolute, revoked_at=None))
            if before_commit is not None:
                before_commit(session_id)
        auth = AuthContext(acr=acr, amr=amr, auth_time=int(when), session_id=session_id)
        return OpenedSession(Session(session_id, user_id, auth, now + self._absolute), refresh)

    def refresh(self, refresh_token: str, *, before_commit: Callable[[Session], None] | None = None
                ) -> OpenedSession:
        """Rotate the refresh token of a live session; ``Unauthenticated`` for an unknown, replaced, revoked,
        idle or expired one (one answer for all)."""
        now = time.time()
        new = secrets.token_urlsafe(32)
        c = user_sessions.c
        with self._engine.begin() as conn:
            row = conn.execute(self._live(now).where(c.refresh_hash == token_digest(refresh_token[:128]))).first()
            if row is None:
                raise Unauthenticated("the session has ended; sign in again")
            n = conn.execute(user_sessions.update().where(c.id == row.id, c.refresh_hash == row.refresh_hash)
                             .values(refresh_hash=token_digest(new), last_seen_at=now)).rowcount
            if not n:  # a concurrent refresh rotated it first
                raise Unauthenticated("the session has ended; sign in again")
            session = _session(row)
            if before_commit is not None:
                before_commit(session)
        return OpenedSession(session, new)

    def active(self, session_id: str, user_id: str, tenant: str) -> bool:
        """Whether the session is live and belongs to this active user of ``tenant``; marks it used (the idle
        limit counts from the last use)."""
        now = time.time()
        c = user_sessions.c
        with self._engine.connect() as conn:
            row = conn.execute(self._live(now).where(c.id == session_id[:64], c.user_id == user_id[:64],
                                                     users.c.tenant == tenant)).first()
        if row is None:
            return False
        if now - float(row.last_seen_at) > TOUCH_SECONDS:
            with self._engine.begin() as conn:
                conn.execute(user_sessions.update().where(c.id == row.id).values(last_seen_at=now))
        return True

    def end(self, session_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        c = user_sessions.c
        with self._engine.begin() as conn:
            n = conn.execute(user_sessions.update().where(c.id == session_id, c.revoked_at.is_(None))
                             .values(revoked_at=time.time())).rowcount
            if n and before_commit is not None:
                before_commit()

    def _live(self, now: float) -> sa.Select[tuple[object, ...]]:
        c = user_sessions.c
        return (sa.select(user_sessions).join(users, users.c.id == c.user_id)
                .where(c.revoked_at.is_(None), c.expires_at > now, c.last_seen_at > now - self._idle,
                       users.c.disabled_at.is_(None)))


def token_digest(token: str) -> str:
    """How a bearer secret (refresh or reset token, 256 random bits) is stored: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _session(row: sa.Row[tuple[object, ...]]) -> Session:
    m = row._mapping
    auth = AuthContext(acr=str(m["acr"]), amr=tuple(str(m["amr"]).split()), auth_time=int(m["auth_time"]),
                       session_id=str(m["id"]))
    return Session(str(m["id"]), str(m["user_id"]), auth, float(m["expires_at"]))
