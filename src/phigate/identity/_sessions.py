"""People's sessions: one per sign-in, with an idle limit (no activity for ``idle_seconds`` ends it) and an
absolute one (``absolute_seconds`` after sign-in, whatever happens). A session is held by a refresh token, which
is stored only as its SHA-256 and replaced at every refresh (the old one stops working)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from phigate.errors import ConfigError, Unauthenticated
from phigate.models import AuthContext
from phigate.ports import SessionRow, SessionStore

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
    def __init__(self, store: SessionStore, *, idle_seconds: float, absolute_seconds: float) -> None:
        if not 0 < idle_seconds <= absolute_seconds:
            raise ConfigError("a session's idle limit must be positive and within its absolute limit")
        self._store, self._idle, self._absolute = store, idle_seconds, absolute_seconds

    def open(self, user_id: str, *, acr: str, amr: tuple[str, ...], auth_time: float | None = None,
             before_commit: Callable[[str], None] | None = None) -> OpenedSession:
        """A new session; ``auth_time``: when the person authenticated (default now; an identity provider's
        sign-in may be a little older)."""
        now = time.time()
        when = now if auth_time is None else min(auth_time, now)
        session_id = f"ses_{secrets.token_hex(12)}"
        refresh = secrets.token_urlsafe(32)
        row = SessionRow(id=session_id, user_id=user_id, refresh_hash=token_digest(refresh), acr=acr, amr=amr,
                         auth_time=when, last_seen_at=now, expires_at=now + self._absolute)
        self._store.add(row, before_commit=None if before_commit is None else lambda: before_commit(session_id))
        auth = AuthContext(acr=acr, amr=amr, auth_time=int(when), session_id=session_id)
        return OpenedSession(Session(session_id, user_id, auth, now + self._absolute), refresh)

    def refresh(self, refresh_token: str, *, before_commit: Callable[[Session], None] | None = None
                ) -> OpenedSession:
        """Rotate the refresh token of a live session; ``Unauthenticated`` for an unknown, replaced, revoked,
        idle or expired one (one answer for all)."""
        now = time.time()
        new = secrets.token_urlsafe(32)
        hook = None if before_commit is None else lambda row: before_commit(_session(row))
        row = self._store.rotate(token_digest(refresh_token[:128]), token_digest(new), now=now,
                                 idle_seconds=self._idle, before_commit=hook)
        if row is None:  # unknown, replaced, ended, or a concurrent refresh rotated it first
            raise Unauthenticated("the session has ended; sign in again")
        return OpenedSession(_session(row), new)

    def active(self, session_id: str, user_id: str, tenant: str) -> bool:
        """Whether the session is live and belongs to this active user of ``tenant``; marks it used (the idle
        limit counts from the last use)."""
        now = time.time()
        row = self._store.live(session_id[:64], user_id[:64], tenant, now=now, idle_seconds=self._idle)
        if row is None:
            return False
        if now - row.last_seen_at > TOUCH_SECONDS:
            self._store.touch(row.id, now)
        return True

    def end(self, session_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        self._store.end(session_id, before_commit=before_commit)


def token_digest(token: str) -> str:
    """How a bearer secret (refresh or reset token, 256 random bits) is stored: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _session(row: SessionRow) -> Session:
    auth = AuthContext(acr=row.acr, amr=row.amr, auth_time=int(row.auth_time), session_id=row.id)
    return Session(row.id, row.user_id, auth, row.expires_at)
