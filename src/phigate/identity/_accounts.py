"""Service accounts: OAuth 2.0 client credentials whose secrets are stored only as Argon2id hashes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from phigate._tables import service_accounts
from phigate.errors import InputError, NotFound, Unauthenticated
from phigate.models import ActorKind, Principal, validate_id

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
    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self._engine = engine
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
        with self._engine.begin() as conn:
            conn.execute(service_accounts.insert().values(
                client_id=client_id, name=name, tenant=tenant, scopes=" ".join(sorted(scopes)),
                secret_hash=self._hasher.hash(secret), created_at=account.created_at, revoked_at=None))
            if before_commit is not None:
                before_commit(client_id)
        return IssuedCredentials(client_id, secret, account)

    def list(self) -> list[ServiceAccount]:
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(service_accounts).order_by(service_accounts.c.created_at)).all()
        return [_account(r) for r in rows]

    def get(self, client_id: str) -> ServiceAccount | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(service_accounts)
                               .where(service_accounts.c.client_id == client_id)).first()
        return _account(row) if row is not None else None

    def revoke(self, client_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Revoke the account (already revoked: nothing changes, nothing is recorded)."""
        if self.get(client_id) is None:
            raise NotFound("no such service account")
        with self._engine.begin() as conn:
            n = conn.execute(service_accounts.update()
                             .where(service_accounts.c.client_id == client_id,
                                    service_accounts.c.revoked_at.is_(None))
                             .values(revoked_at=time.time())).rowcount
            if n and before_commit is not None:
                before_commit()

    def revoke_tenant(self, tenant: str, *,
                      before_commit: Callable[[tuple[str, ...]], None] | None = None) -> tuple[str, ...]:
        """Revoke every active account of ``tenant`` (the tenant is disabled); the ids revoked."""
        validate_id(tenant, "tenant")
        c = service_accounts.c
        with self._engine.begin() as conn:
            ids = tuple(str(r.client_id) for r in conn.execute(
                sa.select(c.client_id).where(c.tenant == tenant, c.revoked_at.is_(None))))
            if ids:
                conn.execute(service_accounts.update().where(c.client_id.in_(ids), c.revoked_at.is_(None))
                             .values(revoked_at=time.time()))
                if before_commit is not None:
                    before_commit(ids)
        return ids

    def is_active(self, client_id: str, tenant: str) -> bool:
        """Whether ``client_id`` exists, is bound to ``tenant`` and is not revoked: checked on every use of
        what it minted (tokens, signed URLs, tus sessions), so revocation is immediate."""
        account = self.get(client_id)
        return account is not None and account.active and account.tenant == tenant

    def authenticate(self, client_id: str, client_secret: str) -> ServiceAccount:
        """The account for these credentials; Unauthenticated (one error for every cause) otherwise."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(service_accounts)
                               .where(service_accounts.c.client_id == client_id[:64])).first()
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
        with self._engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(service_accounts)).scalar_one() > 0


def _account(row: sa.Row[tuple[object, ...]]) -> ServiceAccount:
    m = row._mapping
    return ServiceAccount(str(m["client_id"]), str(m["name"]), str(m["tenant"]),
                          frozenset(str(m["scopes"]).split()), float(m["created_at"]),
                          None if m["revoked_at"] is None else float(m["revoked_at"]))
