"""People who sign in: an email (an identifier, never logged: ids are), a tenant, a role, an Argon2id password
set through a one-time enrolment secret (or by the operator), and a TOTP secret sealed with the tenant's key.

Every credential check runs one Argon2id verification whether or not the account exists, has a password or is
disabled, so neither the answer nor its timing tells who has an account."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from phigate._sealed_fields import open_fields, seal_fields
from phigate._tables import user_sessions, users
from phigate.errors import Conflict, Forbidden, InputError, NotFound, Unauthenticated
from phigate.identity import _totp
from phigate.identity._roles import ROLE_SCOPES, Role, reads_phi
from phigate.models import ActorKind, AuthContext, Principal, validate_id
from phigate.ports import KeyManager

MIN_PASSWORD = 12
MAX_PASSWORD = 256  # Argon2id hashes what it is given: a megabyte-long "password" must not cost a megabyte of work
MAX_EMAIL = 254
# ASCII only: a look-alike letter from another script (Cyrillic "а" for Latin "a") cannot make a second account
# that reads as the first; internationalised addresses are refused rather than normalised.
_EMAIL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")
_DUMMY = "phigate-dummy-password"  # never a valid credential
_TOTP_PURPOSE = "totp"


class SecondFactorRequired(Forbidden):
    """The right password, but the role reads PHI and no second factor is enrolled and verified yet."""

    code = "mfa_enrolment_required"


def normalise_email(value: str) -> str:
    """The email as stored and compared (lower case); ``InputError`` unless it is a plain ASCII address."""
    # ASCII first: str.lower() maps some non-ASCII letters onto ASCII ones (the Kelvin sign onto "k")
    email = value.lower() if isinstance(value, str) and value.isascii() else ""
    if not email or len(email) > MAX_EMAIL or not email.isascii() or not _EMAIL.fullmatch(email) \
            or len(email.partition("@")[0]) > 64:
        raise InputError("the email must be a plain ASCII address of at most 254 characters")
    return email


def check_password(password: str) -> None:
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD \
            or not password.isprintable():
        raise InputError(f"the password must be {MIN_PASSWORD}-{MAX_PASSWORD} printable characters")


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str
    tenant: str
    role: Role
    created_at: float
    disabled_at: float | None
    has_password: bool
    totp_verified: bool
    labels: frozenset[str] = frozenset()  # the sensitivity labels this person was granted

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @property
    def needs_second_factor(self) -> bool:
        return reads_phi(self.role)

    def principal(self, auth: AuthContext | None = None) -> Principal:
        return Principal(id=self.id, kind=ActorKind.USER, tenant=self.tenant, scopes=ROLE_SCOPES[self.role],
                         auth=auth, role=self.role.value, labels=self.labels)


@dataclass(frozen=True, slots=True)
class NewUser:
    """A new user and, unless a password was given, the one-time enrolment secret (shown once, stored hashed)."""

    user: User
    enrolment_secret: str | None


class UserDirectory:
    def __init__(self, engine: Engine, keys: KeyManager, *, enrolment_ttl_seconds: float = 72 * 3600,
                 hasher: PasswordHasher | None = None) -> None:
        self._engine, self._keys, self._enrolment_ttl = engine, keys, enrolment_ttl_seconds
        self._hasher = hasher or PasswordHasher()  # Argon2id (argon2-cffi's RFC 9106 low-memory profile)
        self._dummy_hash = self._hasher.hash(_DUMMY)

    # -- administration ------------------------------------------------------------------------------------

    def add(self, email: str, tenant: str, role: Role, password: str | None = None, *,
            before_commit: Callable[[str], None] | None = None) -> NewUser:
        email = normalise_email(email)
        validate_id(tenant, "tenant")
        if password is not None:
            check_password(password)
        enrolment = None if password is not None else secrets.token_urlsafe(24)
        user_id = f"usr_{secrets.token_hex(12)}"
        now = time.time()
        with self._engine.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.email == email)).first() is not None:
                raise Conflict("a user with this email exists")
            conn.execute(users.insert().values(
                id=user_id, email=email, tenant=tenant, role=role.value, created_at=now,
                password_hash=self._hasher.hash(password) if password is not None else None,
                enrolment_hash=self._hasher.hash(enrolment) if enrolment is not None else None,
                enrolment_expires_at=now + self._enrolment_ttl if enrolment is not None else None))
            if before_commit is not None:
                before_commit(user_id)
        user = self.get(user_id)
        assert user is not None
        return NewUser(user, enrolment)

    def list(self) -> list[User]:
        with self._engine.connect() as conn:
            return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.created_at))]

    def get(self, user_id: str) -> User | None:
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id[:64])).first()
        return _user(row) if row is not None else None

    def is_active(self, user_id: str, tenant: str) -> bool:
        """Whether ``user_id`` is a user of ``tenant`` who is not disabled."""
        user = self.get(user_id)
        return user is not None and user.active and user.tenant == tenant

    def find(self, email: str) -> User | None:
        try:
            email = normalise_email(email)
        except InputError:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.email == email)).first()
        return _user(row) if row is not None else None

    def disable(self, user_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Disable the user and end every session of theirs (already disabled: nothing changes)."""
        self._change(user_id, {"disabled_at": time.time()}, users.c.disabled_at.is_(None), before_commit)

    def set_role(self, user_id: str, role: Role, *, before_commit: Callable[[], None] | None = None) -> None:
        """A new role: a change of privilege ends every session (the user signs in again with the new role)."""
        self._change(user_id, {"role": role.value}, users.c.role != role.value, before_commit)

    def grant_label(self, user_id: str, label: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Grant a sensitivity label (already granted: nothing changes); a change of privilege ends every
        session, so the next sign-in's token carries it."""
        user = self.get(user_id)
        if user is None:
            raise NotFound("no such user")
        labels = " ".join(sorted(user.labels | {label}))
        self._change(user_id, {"labels": labels}, users.c.labels != labels, before_commit)

    def _change(self, user_id: str, values: dict[str, object], unless_done: sa.ColumnElement[bool],
                before_commit: Callable[[], None] | None) -> None:
        if self.get(user_id) is None:
            raise NotFound("no such user")
        with self._engine.begin() as conn:
            n = conn.execute(users.update().where(users.c.id == user_id, unless_done).values(**values)).rowcount
            if n:
                end_sessions(conn, user_id)
                if before_commit is not None:
                    before_commit()

    # -- credentials -------------------------------------------------------------------------------------------

    def verify_password(self, email: str, password: str) -> User | None:
        """The active user with this email and password, else None, after one Argon2id check either way."""
        row = self._row_for(email)
        stored = row.password_hash if row is not None and row.password_hash else self._dummy_hash
        ok = self._verify(stored, password) and row is not None and bool(row.password_hash)
        if not ok or row is None or row.disabled_at is not None:
            return None
        return _user(row)

    def enrol(self, email: str, enrolment_secret: str, password: str, *,
              before_commit: Callable[[User], None] | None = None) -> User:
        """Set the first password with the one-time enrolment secret (consumed); ``Unauthenticated`` for every
        kind of failure (unknown email, wrong or used or expired secret, disabled user)."""
        check_password(password)
        row = self._row_for(email)
        stored = row.enrolment_hash if row is not None and row.enrolment_hash else self._dummy_hash
        ok = self._verify(stored, enrolment_secret) and row is not None and bool(row.enrolment_hash)
        if not ok or row is None or row.disabled_at is not None or (row.enrolment_expires_at or 0) < time.time():
            raise Unauthenticated("the email or enrolment secret is wrong, used or expired")
        with self._engine.begin() as conn:
            n = conn.execute(users.update().where(users.c.id == row.id, users.c.enrolment_hash == row.enrolment_hash)
                             .values(password_hash=self._hasher.hash(password), enrolment_hash=None,
                                     enrolment_expires_at=None)).rowcount
            if not n:  # a concurrent enrolment used the secret first
                raise Unauthenticated("the email or enrolment secret is wrong, used or expired")
            if before_commit is not None:
                before_commit(_user(row))
        return _user(row)

    def set_password(self, conn: Connection, user_id: str, password: str) -> None:
        """A new password (inside the caller's transaction); every session of the user ends."""
        check_password(password)
        conn.execute(users.update().where(users.c.id == user_id).values(password_hash=self._hasher.hash(password)))
        end_sessions(conn, user_id)

    def start_totp(self, user: User, issuer: str, *, before_commit: Callable[[], None] | None = None) -> str:
        """A new TOTP secret for a user who has none verified; its ``otpauth://`` URI, shown once."""
        if user.totp_verified:
            raise Conflict("a second factor is enrolled already")
        secret = _totp.new_secret()
        sealed = seal_fields(self._keys, user.tenant, _TOTP_PURPOSE, user.id, {"secret": secret})
        with self._engine.begin() as conn:
            n = conn.execute(users.update().where(users.c.id == user.id, users.c.totp_verified_at.is_(None))
                             .values(sealed_totp=sealed, totp_last_step=None)).rowcount
            if not n:
                raise Conflict("a second factor is enrolled already")
            if before_commit is not None:
                before_commit()
        return _totp.provisioning_uri(secret, user.email, issuer)

    def check_totp(self, user: User, code: str, *, confirm: bool = False) -> bool:
        """Whether ``code`` is the user's current TOTP code, not used before; the step is consumed. ``confirm``:
        the first code after enrolment, which marks the factor verified (else the factor must be verified)."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(users.c.sealed_totp, users.c.totp_last_step, users.c.totp_verified_at)
                               .where(users.c.id == user.id)).first()
        if row is None or row.sealed_totp is None or (row.totp_verified_at is None) != confirm:
            return False
        secret = open_fields(self._keys, user.tenant, _TOTP_PURPOSE, user.id, row.sealed_totp)["secret"]
        step = _totp.matching_step(str(secret), code, after_step=row.totp_last_step)
        if step is None:
            return False
        last = users.c.totp_last_step
        values: dict[str, object] = {"totp_last_step": step}
        if confirm:
            values["totp_verified_at"] = time.time()
        with self._engine.begin() as conn:  # consume the step: two requests with one code, one wins
            n = conn.execute(users.update().where(users.c.id == user.id, sa.or_(last.is_(None), last < step))
                             .values(**values)).rowcount
        return n == 1

    def _row_for(self, email: str) -> sa.Row[tuple[object, ...]] | None:
        try:
            key = normalise_email(email)
        except InputError:
            return None
        with self._engine.connect() as conn:
            return conn.execute(sa.select(users).where(users.c.email == key)).first()

    def _verify(self, stored: str, given: str) -> bool:
        try:
            return bool(self._hasher.verify(stored, given[:MAX_PASSWORD]))
        except (VerificationError, InvalidHashError):
            return False


def end_sessions(conn: Connection, user_id: str) -> None:
    conn.execute(user_sessions.update().where(user_sessions.c.user_id == user_id, user_sessions.c.revoked_at.is_(None))
                 .values(revoked_at=time.time()))


def _user(row: sa.Row[tuple[object, ...]]) -> User:
    m = row._mapping
    return User(str(m["id"]), str(m["email"]), str(m["tenant"]), Role(str(m["role"])), float(m["created_at"]),
                None if m["disabled_at"] is None else float(m["disabled_at"]),
                m["password_hash"] is not None, m["totp_verified_at"] is not None,
                frozenset(str(m["labels"] or "").split()))
