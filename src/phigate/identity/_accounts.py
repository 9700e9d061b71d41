"""Service accounts: OAuth 2.0 client credentials whose secrets are stored only as Argon2id hashes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from phigate.errors import InputError, NotFound, Unauthenticated
from phigate.models import ActorKind, Principal, validate_id
from phigate.ports import AccountRow, AccountStore

SCOPES = frozenset({"admin", "uploads:create", "uploads:read", "documents:read", "webhooks:manage",
                    "documents:read_phi", "documents:erase", "quarantine:admin",
                    "audit:read", "ai:invoke", "ai:admin", "ai:review"})
# the hash a verification runs against when the client id is unknown, so timing does not reveal which ids exist
_DUMMY_SECRET = "phigate-dummy-secret"  # noqa: S105 - never a valid credential


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    client_id: str
    name: str
    tenant: str
    scopes: frozenset[str]
    created_at: float
    revoked_at: float | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def principal(self) -> Principal:
        return Principal(id=self.client_id, kind=ActorKind.SERVICE, tenant=self.tenant, scopes=self.scopes)


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """A new account's id and secret: the secret exists only here and is never stored."""

    client_id: str
    client_secret: str
    account: ServiceAccount


class ServiceAccounts:
    def __init__(self, store: AccountStore, hasher: PasswordHasher | None = None) -> None:
        self._store = store
        self._hasher = hasher or PasswordHasher()  # Argon2id with argon2-cffi's RFC 9106 low-memory profile
        self._dummy_hash = self._hasher.hash(_DUMMY_SECRET)

    def add(self, name: str, tenant: str, scopes: frozenset[str] | set[str], *,
            before_commit: Callable[[str], None] | None = None) -> IssuedCredentials:
        """A new account; ``before_commit(client_id)`` runs inside the transaction (the audit event: when it
        fails, no account exists)."""
        if not name or len(name) > 128 or not name.isprintable():
            raise InputError("the account name must be 1-128 printable characters")
        validate_id(tenant, "tenant")
        unknown = set(scopes) - SCOPES
        if unknown or not scopes:
            raise InputError(f"scopes must be some of: {', '.join(sorted(SCOPES))}")
        client_id = f"svc_{secrets.token_hex(12)}"
        secret = secrets.token_urlsafe(32)
        account = ServiceAccount(client_id, name, tenant, frozenset(scopes), time.time(), None)
        row = AccountRow(client_id, name, tenant, account.scopes, account.created_at, None, self._hasher.hash(secret))
        self._store.add(row, before_commit=None if before_commit is None else lambda: before_commit(client_id))
        return IssuedCredentials(client_id, secret, account)

    def list(self) -> list[ServiceAccount]:
        return [_account(r) for r in self._store.list()]

    def get(self, client_id: str) -> ServiceAccount | None:
        row = self._store.get(client_id)
        return _account(row) if row is not None else None

    def revoke(self, client_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Revoke the account (already revoked: nothing changes, nothing is recorded)."""
        if self.get(client_id) is None:
            raise NotFound("no such service account")
        self._store.revoke(client_id, before_commit=before_commit)

    def revoke_tenant(self, tenant: str, *,
                      before_commit: Callable[[tuple[str, ...]], None] | None = None) -> tuple[str, ...]:
        """Revoke every active account of ``tenant`` (the tenant is disabled); the ids revoked."""
        validate_id(tenant, "tenant")
        return self._store.revoke_tenant(tenant, before_commit=before_commit)

    def is_active(self, client_id: str, tenant: str) -> bool:
        """Whether ``client_id`` exists, is bound to ``tenant`` and is not revoked: checked on every use of
        what it minted (tokens, signed URLs, tus sessions), so revocation is immediate."""
        account = self.get(client_id)
        return account is not None and account.active and account.tenant == tenant

    def authenticate(self, client_id: str, client_secret: str) -> ServiceAccount:
        """The account for these credentials; Unauthenticated (one error for every cause) otherwise."""
        row = self._store.get(client_id[:64])
        stored = row.secret_hash if row is not None else self._dummy_hash
        try:
            self._hasher.verify(stored, client_secret)
            valid = row is not None
        except (VerificationError, InvalidHashError):
            valid = False
        if not valid or row is None or row.revoked_at is not None:
            raise Unauthenticated("invalid client credentials")
        return _account(row)

    def any_exist(self) -> bool:
        return self._store.any_exist()


def _account(row: AccountRow) -> ServiceAccount:
    return ServiceAccount(row.client_id, row.name, row.tenant, row.scopes, row.created_at, row.revoked_at)
