"""People signing in: enrolment (first password), TOTP enrolment, login with password and TOTP code, refresh,
logout. Anonymous use cases: no ``authorize()``, but every one is counted, throttled and audited.

One answer for every failed credential (unknown email, wrong password, wrong code, disabled user), each after
one Argon2id check. Failures count per email (hashed: the throttle's storage never sees an address) and per
source address; once either is over a window of ``[people]`` the answer is 429 with ``Retry-After`` before any
hash is checked, and the failure that crossed the limit writes an ``auth.lockout`` event."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from phigate.denials import DenialLog
from phigate.errors import Conflict, Error, RateLimited, ServiceUnavailable, Unauthenticated
from phigate.identity import (
    AccessToken,
    OpenedSession,
    PasswordResets,
    ResetSender,
    SecondFactorRequired,
    Session,
    Throttle,
    TokenIssuer,
    User,
    UserDirectory,
    WebAuthn,
)
from phigate.identity._sessions import Sessions
from phigate.models import ActorKind, Principal
from phigate.ports import Audit

log = logging.getLogger("phigate.sign_in")
T = TypeVar("T")
ACR_MFA = "urn:phigate:acr:mfa"  # password and a second factor
ACR_PASSWORD = "urn:phigate:acr:pwd"  # noqa: S105 - an acr value, not a secret; a password alone (roles that read no PHI, without a second factor)
WRONG = "the email, password or code is wrong"
USER = ActorKind.USER


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: str
    access: AccessToken
    refresh_token: str
    session_expires_at: float


class SignInService:
    HASH_WAIT_SECONDS = 2.0

    def __init__(self, directory: UserDirectory, sessions: Sessions, issuer: TokenIssuer, audit: Audit, *,
                 throttle: Throttle, denials: DenialLog, totp_issuer: str = "phigate",
                 max_hash_checks: int = 2, resets: tuple[PasswordResets, ResetSender] | None = None,
                 webauthn: WebAuthn | None = None) -> None:
        self._directory, self._sessions, self._issuer, self._audit = directory, sessions, issuer, audit
        self._resets, self._webauthn = resets, webauthn
        self._throttle, self._denials, self._totp_issuer = throttle, denials, totp_issuer
        self._hash_slots = threading.BoundedSemaphore(max_hash_checks)

    @property
    def directory(self) -> UserDirectory:
        return self._directory

    @property
    def throttle(self) -> Throttle:
        """The sign-in failure counters (per email hash, per source address), shared with federated sign-in."""
        return self._throttle

    def open_federated(self, user: User, *, acr: str, amr: tuple[str, ...], auth_time: int,
                       **details: str | None) -> SignedIn:
        """A session for a person another system authenticated (an OpenID Connect provider): ``acr``, ``amr`` and
        ``auth_time`` as it vouched for them; the ``auth.login`` event carries ``details`` (method, provider)."""
        opened = self._sessions.open(user.id, acr=acr, amr=amr, auth_time=auth_time, before_commit=lambda sid:
                                     self._audit.record("auth.login", actor=user.id, actor_kind=USER,
                                                        tenant=user.tenant, outcome="success", user=user.id,
                                                        session=sid, acr=acr, amr="+".join(amr), **details))
        return self._signed_in(user, opened)

    def check_second_factor(self, user: User, code: str) -> bool:
        """Whether ``code`` is the user's current TOTP code (consumed): phigate's own factor after a provider's
        sign-in that had none."""
        return user.totp_verified and self._directory.check_totp(user, code)

    # -- sign-in ---------------------------------------------------------------------------------------------

    def login(self, email: str, password: str, code: str | None, source: str | None = None,
              assertion: tuple[str, dict[str, Any]] | None = None) -> SignedIn:
        """Password, then the second factor the user has: a WebAuthn ``assertion`` (ceremony id, credential) or
        a TOTP code. A second factor is required for every role that reads PHI."""

        def check() -> tuple[User, tuple[str, ...]]:
            user = self._directory.verify_password(email, password)
            if user is None:
                raise Unauthenticated(WRONG)
            if assertion is not None:
                if self._webauthn is None or not self._webauthn.authenticate(user, *assertion):
                    raise Unauthenticated(WRONG)
                return user, ("pwd", "hwk")
            if user.totp_verified:
                if not code or not self._directory.check_totp(user, code):
                    raise Unauthenticated(WRONG)
                return user, ("pwd", "otp")
            if self._has_webauthn(user):
                raise Unauthenticated(WRONG)
            if user.needs_second_factor:
                self._audit.record("auth.login", actor=user.id, actor_kind=USER, tenant=user.tenant,
                                   outcome="denied", user=user.id, reason="mfa_enrolment_required")
                raise SecondFactorRequired("this role reads PHI: enrol and verify a second factor first")
            return user, ("pwd",)

        user, amr = self._attempt("auth.login", email, source, check)
        acr = ACR_MFA if len(amr) > 1 else ACR_PASSWORD
        opened = self._sessions.open(user.id, acr=acr, amr=amr, before_commit=lambda sid: self._audit.record(
            "auth.login", actor=user.id, actor_kind=USER, tenant=user.tenant, outcome="success", user=user.id,
            session=sid, acr=acr, amr="+".join(amr)))
        return self._signed_in(user, opened)

    def refresh(self, refresh_token: str) -> SignedIn:
        """A new access token and a new refresh token (the old one stops working) for a live session."""
        found: list[User] = []

        def record(session: Session) -> None:
            user = self._directory.get(session.user_id)
            if user is None or not user.active:
                raise Unauthenticated("the session has ended; sign in again")
            found.append(user)
            self._audit.record("auth.refresh", actor=user.id, actor_kind=USER, tenant=user.tenant,
                               outcome="success", user=user.id, session=session.id)

        try:
            opened = self._sessions.refresh(refresh_token, before_commit=record)
        except Unauthenticated as exc:
            self._denials.denied("auth.refresh", actor="anonymous", tenant=None, reason=exc.code)
            raise
        return self._signed_in(found[0], opened)

    def logout(self, principal: Principal) -> None:
        """End the session the caller's token belongs to (its access token stops working at once)."""
        if principal.kind is not USER or principal.auth is None:
            raise Unauthenticated("only a person's session can be signed out")
        self._sessions.end(principal.auth.session_id, before_commit=lambda: self._audit.record(
            "auth.logout", actor=principal.id, actor_kind=USER, tenant=principal.tenant, outcome="success",
            user=principal.id, session=principal.auth.session_id if principal.auth else None))

    def is_active(self, principal: Principal) -> bool:
        """Whether a person's token is still good: its session is live and the user active in that tenant."""
        return (principal.kind is USER and principal.auth is not None and principal.tenant is not None
                and self._sessions.active(principal.auth.session_id, principal.id, principal.tenant))

    # -- enrolment ---------------------------------------------------------------------------------------------

    def enrol(self, email: str, enrolment_secret: str, password: str, source: str | None = None) -> User:
        """Set the first password with the one-time enrolment secret the administrator was shown."""

        def check() -> User:
            return self._directory.enrol(email, enrolment_secret, password, before_commit=lambda user:
                                         self._audit.record("user.enrol", actor=user.id, actor_kind=USER,
                                                            tenant=user.tenant, outcome="success", user=user.id))

        return self._attempt("user.enrol", email, source, check)

    def start_totp(self, email: str, password: str, source: str | None = None) -> str:
        """A TOTP secret for a user without a verified one; its ``otpauth://`` URI (shown this once)."""
        user = self._attempt("user.totp.enrol", email, source, lambda: self._known(email, password))
        if self._has_webauthn(user):
            raise Conflict("a second factor is enrolled already")
        return self._directory.start_totp(user, self._totp_issuer, before_commit=lambda: self._audit.record(
            "user.totp.enrol", actor=user.id, actor_kind=USER, tenant=user.tenant, outcome="started",
            user=user.id))

    def confirm_totp(self, email: str, password: str, code: str, source: str | None = None) -> None:
        """The first code from the authenticator: the factor is verified and sign-in may use it."""

        def check() -> User:
            user = self._known(email, password)
            if not self._directory.check_totp(user, code, confirm=True):
                raise Unauthenticated(WRONG)
            return user

        user = self._attempt("user.totp.verify", email, source, check)
        self._audit.record("user.totp.verify", actor=user.id, actor_kind=USER, tenant=user.tenant,
                           outcome="success", user=user.id)

    # -- WebAuthn ----------------------------------------------------------------------------------------------

    def webauthn_options(self, email: str, password: str, purpose: Literal["register", "login"],
                         source: str | None = None) -> tuple[str, dict[str, Any]]:
        """A ceremony id and the options for the browser: to register an authenticator (only while the user has
        no second factor: a password alone must not add one to an account that has one) or to sign in."""
        webauthn = self._require_webauthn()
        user = self._attempt(f"user.webauthn.{purpose}", email, source, lambda: self._known(email, password))
        if purpose == "register" and user.totp_verified:
            raise Conflict("a second factor is enrolled already")
        return webauthn.options(user, purpose)

    def webauthn_register(self, email: str, password: str, ceremony: str, credential: dict[str, Any],
                          source: str | None = None) -> None:
        webauthn = self._require_webauthn()

        def check() -> User:
            user = self._known(email, password)
            webauthn.register(user, ceremony, credential)
            return user

        user = self._attempt("user.webauthn.register", email, source, check)
        self._audit.record("user.webauthn.register", actor=user.id, actor_kind=USER, tenant=user.tenant,
                           outcome="success", user=user.id)

    def _require_webauthn(self) -> WebAuthn:
        if self._webauthn is None:
            raise ServiceUnavailable("WebAuthn is not configured on this server")
        return self._webauthn

    def _has_webauthn(self, user: User) -> bool:
        return self._webauthn is not None and self._webauthn.has_credentials(user.id)

    # -- password reset ----------------------------------------------------------------------------------------

    def request_reset(self, email: str) -> None:
        """Send a reset token to the user with this email, if there is one, they are active and they have not
        asked too often; the caller learns nothing either way (no error, no difference in the answer)."""
        if self._resets is None:
            raise ServiceUnavailable("password reset is not configured on this server")
        resets, sender = self._resets
        user = self._directory.find(email)
        if not self._throttle.hit(reset=email_key(email)) or user is None or not user.active:
            self._denials.denied("auth.reset.request", actor="anonymous", tenant=None, reason="not_sent")
            return
        try:
            token, expires_at = resets.issue(user.id, before_commit=lambda: self._audit.record(
                "auth.reset.request", actor=user.id, actor_kind=USER, tenant=user.tenant, outcome="success",
                user=user.id))
            sender.send(user.email, token, expires_at)  # a token never sent is never known: it just expires
        except Error as exc:  # the answer must not differ: the operator sees it in the log (ids only)
            log.warning("a password-reset message for user %s was not sent: %s", user.id, exc.code)

    def reset_password(self, token: str, password: str) -> None:
        """A new password with a reset token (single use); every session of the user ends."""
        if self._resets is None:
            raise ServiceUnavailable("password reset is not configured on this server")
        try:
            self._resets[0].redeem(token, password, before_commit=lambda user_id, tenant: self._audit.record(
                "user.password.reset", actor=user_id, actor_kind=USER, tenant=tenant, outcome="success",
                user=user_id))
        except Unauthenticated as exc:
            self._denials.denied("user.password.reset", actor="anonymous", tenant=None, reason=exc.code)
            raise

    # -- the shared path of every credential check -------------------------------------------------------------

    def _known(self, email: str, password: str) -> User:
        user = self._directory.verify_password(email, password)
        if user is None:
            raise Unauthenticated(WRONG)
        return user

    def _attempt(self, action: str, email: str, source: str | None, check: Callable[[], T]) -> T:
        keys = {"user": email_key(email), "source": source}
        try:
            self._throttle.check(**keys)
        except RateLimited:
            self._denials.denied(action, actor="anonymous", tenant=None, reason="locked")
            raise
        if not self._hash_slots.acquire(timeout=self.HASH_WAIT_SECONDS):
            raise RateLimited("too many sign-ins at once; try again shortly", retry_after=1)
        try:
            return check()
        except Unauthenticated as exc:
            self._failed(action, email, keys, exc)
            raise
        finally:
            self._hash_slots.release()

    def _failed(self, action: str, email: str, keys: dict[str, str | None], exc: Error) -> None:
        known = self._directory.find(email)
        actor, tenant = (known.id, known.tenant) if known is not None else ("anonymous", None)
        self._audit.record(action, actor=actor, actor_kind=USER if known else None, tenant=tenant,
                           outcome="failure", user=known.id if known else None, reason=exc.code)
        if not self._throttle.hit(**keys):
            self._audit.record("auth.lockout", actor=actor, actor_kind=USER if known else None, tenant=tenant,
                               outcome="denied", user=known.id if known else None)

    def _signed_in(self, user: User, opened: OpenedSession) -> SignedIn:
        token = self._issuer.issue(user.principal(opened.session.auth))
        return SignedIn(user.id, token, opened.refresh_token, opened.session.expires_at)


def email_key(email: str) -> str:
    """The throttle's key for an email: a hash of its normalised form (any string, account or not)."""
    normal = email.lower() if isinstance(email, str) else ""
    return hashlib.sha256(normal.encode("utf-8", "replace")).hexdigest()[:32]
