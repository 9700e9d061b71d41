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

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from phigate._sealed_fields import open_fields, seal_fields
from phigate.errors import Conflict, Forbidden, InputError, NotFound, Unauthenticated
from phigate.identity import _totp
from phigate.identity._roles import ROLE_SCOPES, Role, reads_phi
from phigate.models import ActorKind, AuthContext, Principal, validate_id
from phigate.ports import KeyManager, UserRow, UserStore

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
    def __init__(self, store: UserStore, keys: KeyManager, *, enrolment_ttl_seconds: float = 72 * 3600,
                 hasher: PasswordHasher | None = None) -> None:
        self._store, self._keys, self._enrolment_ttl = store, keys, enrolment_ttl_seconds
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
        row = UserRow(id=user_id, email=email, tenant=tenant, role=role.value, created_at=now,
                      password_hash=self._hasher.hash(password) if password is not None else None,
                      enrolment_hash=self._hasher.hash(enrolment) if enrolment is not None else None,
                      enrolment_expires_at=now + self._enrolment_ttl if enrolment is not None else None)
        self._store.add(row, before_commit=None if before_commit is None else lambda: before_commit(user_id))
        user = self.get(user_id)
        assert user is not None
        return NewUser(user, enrolment)

    def list(self) -> list[User]:
        return [_user(r) for r in self._store.list()]

    def get(self, user_id: str) -> User | None:
        row = self._store.get(user_id[:64])
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
        row = self._store.by_email(email)
        return _user(row) if row is not None else None

    def disable(self, user_id: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Disable the user and end every session of theirs (already disabled: nothing changes)."""
        self._known(user_id)
        self._store.disable(user_id, time.time(), before_commit=before_commit)

    def set_role(self, user_id: str, role: Role, *, before_commit: Callable[[], None] | None = None) -> None:
        """A new role: a change of privilege ends every session (the user signs in again with the new role)."""
        self._known(user_id)
        self._store.set_role(user_id, role.value, before_commit=before_commit)

    def grant_label(self, user_id: str, label: str, *, before_commit: Callable[[], None] | None = None) -> None:
        """Grant a sensitivity label (already granted: nothing changes); a change of privilege ends every
        session, so the next sign-in's token carries it."""
        user = self.get(user_id)
        if user is None:
            raise NotFound("no such user")
        self._known(user_id)
        self._store.set_labels(user_id, user.labels | {label}, before_commit=before_commit)

    def _known(self, user_id: str) -> None:
        if self.get(user_id) is None:
            raise NotFound("no such user")

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
        if not ok or row is None or row.enrolment_hash is None or row.disabled_at is not None \
                or (row.enrolment_expires_at or 0) < time.time():
            raise Unauthenticated("the email or enrolment secret is wrong, used or expired")
        user = _user(row)
        if not self._store.enrol(row.id, row.enrolment_hash, self._hasher.hash(password),
                                 before_commit=None if before_commit is None else lambda: before_commit(user)):
            # a concurrent enrolment used the secret first
            raise Unauthenticated("the email or enrolment secret is wrong, used or expired")
        return user

    def password_hash(self, password: str) -> str:
        """How a new password is stored (Argon2id), once it passes the rules."""
        check_password(password)
        return self._hasher.hash(password)

    def start_totp(self, user: User, issuer: str, *, before_commit: Callable[[], None] | None = None) -> str:
        """A new TOTP secret for a user who has none verified; its ``otpauth://`` URI, shown once."""
        if user.totp_verified:
            raise Conflict("a second factor is enrolled already")
        secret = _totp.new_secret()
        sealed = seal_fields(self._keys, user.tenant, _TOTP_PURPOSE, user.id, {"secret": secret})
        if not self._store.start_totp(user.id, sealed, before_commit=before_commit):
            raise Conflict("a second factor is enrolled already")
        return _totp.provisioning_uri(secret, user.email, issuer)

    def check_totp(self, user: User, code: str, *, confirm: bool = False) -> bool:
        """Whether ``code`` is the user's current TOTP code, not used before; the step is consumed. ``confirm``:
        the first code after enrolment, which marks the factor verified (else the factor must be verified)."""
        found = self._store.totp(user.id)
        if found is None:
            return False
        sealed, last_step, verified_at = found
        if sealed is None or (verified_at is None) != confirm:
            return False
        secret = open_fields(self._keys, user.tenant, _TOTP_PURPOSE, user.id, sealed)["secret"]
        step = _totp.matching_step(str(secret), code, after_step=last_step)
        if step is None:
            return False
        # consume the step: two requests with one code, one wins
        return self._store.use_totp_step(user.id, step, verified_at=time.time() if confirm else None)

    def _row_for(self, email: str) -> UserRow | None:
        try:
            key = normalise_email(email)
        except InputError:
            return None
        return self._store.by_email(key)

    def _verify(self, stored: str, given: str) -> bool:
        try:
            return bool(self._hasher.verify(stored, given[:MAX_PASSWORD]))
        except (VerificationError, InvalidHashError):
            return False


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.tenant, Role(row.role), row.created_at, row.disabled_at,
                row.password_hash is not None, row.totp_verified_at is not None, row.labels)
