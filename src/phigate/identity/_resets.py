"""Password reset: a single-use token (stored as its SHA-256) that lets its holder set a new password once,
before it expires. It is delivered by a ``ResetSender``; the shipped one writes each message to a 0600 file in
an outbox directory (for development and tests, or for a local mail agent to pick up)."""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from phigate.errors import ConfigError, ServiceUnavailable, Unauthenticated
from phigate.identity._sessions import token_digest
from phigate.identity._users import UserDirectory
from phigate.ports import ResetStore

INVALID = "the reset token is wrong, used or expired"


class ResetSender(Protocol):
    """Delivers a reset token to the person who owns ``email`` (by mail, a ticket system, ...)."""

    def send(self, email: str, token: str, expires_at: float) -> None: ...


class OutboxSender:
    """Each message as a JSON file of mode 0600 in ``directory`` (itself 0700)."""

    def __init__(self, directory: Path) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            directory.chmod(0o700)
        except OSError as exc:
            raise ConfigError("the password-reset outbox directory cannot be created") from exc
        self._dir = directory

    def send(self, email: str, token: str, expires_at: float) -> None:
        path = self._dir / f"reset-{int(time.time())}-{secrets.token_hex(6)}.json"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump({"to": email, "reset_token": token, "expires_at": int(expires_at)}, fh)
        except OSError as exc:
            raise ServiceUnavailable("the password-reset message could not be written") from exc


class PasswordResets:
    def __init__(self, store: ResetStore, directory: UserDirectory, *, ttl_seconds: float) -> None:
        self._store, self._directory, self._ttl = store, directory, ttl_seconds

    def issue(self, user_id: str, *, before_commit: Callable[[], None] | None = None) -> tuple[str, float]:
        """A new token for the user and when it expires (earlier unused tokens stay valid until they expire)."""
        token = secrets.token_urlsafe(32)
        expires_at = time.time() + self._ttl
        self._store.add(token_digest(token), user_id, expires_at, before_commit=before_commit)
        return token, expires_at

    def redeem(self, token: str, password: str, *, before_commit: Callable[[str, str], None] | None = None) -> str:
        """Set the password with ``token`` (used up, with every other token of the user); every session of the
        user ends. The user's id; ``Unauthenticated`` for any bad token."""
        password_hash = self._directory.password_hash(password)
        user_id = self._store.redeem(token_digest(token[:128]), password_hash, now=time.time(),
                                     before_commit=before_commit)
        if user_id is None:
            raise Unauthenticated(INVALID)
        return user_id
