"""Enterprise sign-in through OpenID Connect providers (``[oidc.providers.<name>]``): an anonymous use case like
password sign-in (no ``authorize()``), throttled and audited the same way.

``begin`` starts a sign-in (state, nonce, PKCE, a cookie binding it to the browser) and names the provider's
authorization URL; ``complete`` takes the provider's answer, validates the ID token and opens a phigate session
for a person who exists in an allowed tenant (or is provisioned, when ``jit_provisioning`` is on). The session
carries the provider's ``amr`` and ``auth_time`` and a mapped ``acr``: ``urn:phigate:acr:mfa`` when the provider
vouches for a second factor (``amr`` or ``acr`` in the provider's lists), else ``urn:phigate:acr:pwd``. A role
that reads PHI without the provider's second factor must add phigate's own (TOTP) before a session opens, or is
refused. Every refusal of a person gives one answer, whether or not they have an account."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from phigate._oidc_config import is_loopback
from phigate.denials import DenialLog
from phigate.errors import InputError, NotFound, RateLimited
from phigate.identity import Role, SecondFactorRequired, User, UserDirectory
from phigate.identity._oidc import (
    IdToken,
    OidcLogins,
    OidcProvider,
    OidcRejected,
    PendingSecondFactor,
    StartedLogin,
)
from phigate.models import ActorKind
from phigate.ports import Audit
from phigate.services.sign_in import ACR_MFA, ACR_PASSWORD, SignedIn, SignInService, email_key
from phigate.services.tenants import TenantService

ACTION = "auth.login"
METHOD = "oidc"
MAX_AMR_CHARS = 64  # what a session row keeps of the provider's amr values
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class FederationPolicy:
    """Which of a provider's people phigate accepts, and what counts as their second factor."""

    tenants: frozenset[str]
    email_claim: str = "email"
    require_email_verified: bool = True
    role_claim: str | None = None
    role_map: Mapping[str, Role] | None = None
    tenant_claim: str | None = None
    jit_provisioning: bool = False
    mfa_acr: frozenset[str] = frozenset()
    mfa_amr: frozenset[str] = frozenset({"mfa", "otp", "hwk"})


@dataclass(frozen=True, slots=True)
class Federation:
    provider: OidcProvider
    policy: FederationPolicy


@dataclass(frozen=True, slots=True)
class Redirect:
    """Where to send the browser, and the cookie value that binds the sign-in to it."""

    url: str
    browser_secret: str


@dataclass(frozen=True, slots=True)
class SecondFactorStep:
    """The provider's sign-in had no second factor and the role reads PHI: phigate's TOTP code is needed, with
    this one-time token, from the same browser, within ``expires_in`` seconds."""

    pending_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class TerminalHandoff:
    """A terminal's sign-in (``phigate login --oidc``): send the browser to the terminal's loopback address, which
    receives a one-time code to collect the session with (and whether phigate's TOTP code is needed too)."""

    url: str


class OidcSignInService:
    def __init__(self, federations: Mapping[str, Federation], logins: OidcLogins, sign_in: SignInService,
                 audit: Audit, denials: DenialLog, tenants: TenantService) -> None:
        self._federations, self._logins, self._sign_in = federations, logins, sign_in
        self._audit, self._denials, self._tenants = audit, denials, tenants

    @property
    def providers(self) -> list[str]:
        return sorted(self._federations)

    def close(self) -> None:
        """Close the connections to the providers."""
        for federation in self._federations.values():
            federation.provider.close()

    @property
    def login_ttl_seconds(self) -> int:
        """How long a started sign-in lasts (the browser cookie that binds it lives as long)."""
        return int(self._logins.ttl_seconds)

    def begin(self, provider: str, source: str | None, terminal: tuple[str, str] | None = None) -> Redirect:
        """Start a sign-in. ``terminal``: the loopback URL and PKCE S256 challenge of ``phigate login --oidc``,
        which then collects the sign-in (``collect``) instead of the browser."""
        federation = self._federation(provider)
        self._check_throttle(source, None)
        if terminal is not None:
            _check_terminal(*terminal)
        started = self._logins.start(provider, terminal)
        url = federation.provider.authorization_url(started.state, started.nonce, started.code_verifier)
        return Redirect(url, started.browser_secret)

    def complete(self, provider: str, *, code: str | None, state: str | None, error: str | None,
                 browser_secret: str | None, source: str | None) -> SignedIn | SecondFactorStep | TerminalHandoff:
        """The provider's answer (``code`` and ``state``, or ``error``): a session, phigate's second-factor step,
        a hand-over to the terminal that started the sign-in, or ``Unauthenticated`` (one answer for every
        refusal; the audit event says which)."""
        federation = self._federation(provider)
        self._check_throttle(source, None)
        known: list[User] = []
        try:
            if error is not None or not code or not state:
                raise OidcRejected("provider_error" if error is not None else "missing_code")
            started = self._logins.take(provider, state, browser_secret)
            token = federation.provider.validate(
                federation.provider.exchange(code[:2048], started.code_verifier), started.nonce)
            user = self._person(provider, federation.policy, token)
            known.append(user)
            return self._open(provider, federation.policy, started, user, token)
        except OidcRejected as exc:
            self._failed(provider, exc.reason, known[0] if known else None, source)
            raise

    def second_factor(self, provider: str, pending_token: str, code: str, browser_secret: str | None,
                      source: str | None) -> SignedIn:
        """phigate's TOTP code for a sign-in parked by ``complete``, from the browser that started it: the
        session, with ``otp`` added to the provider's ``amr``."""
        return self._finish(provider, source, pending_token, code, browser_secret=browser_secret)

    def collect(self, provider: str, handoff_code: str, verifier: str, totp_code: str | None,
                source: str | None) -> SignedIn:
        """The session of a terminal's sign-in: the one-time code its loopback address received and the verifier
        of the challenge it started with (and phigate's TOTP code when the provider's sign-in had no second
        factor and the role reads PHI)."""
        return self._finish(provider, source, handoff_code, totp_code, terminal_verifier=verifier)

    def _finish(self, provider: str, source: str | None, token: str, totp_code: str | None, *,
                browser_secret: str | None = None, terminal_verifier: str | None = None) -> SignedIn:
        policy = self._federation(provider).policy
        self._check_throttle(source, None)
        user: User | None = None
        try:
            pending = self._logins.take_pending(provider, token, browser_secret=browser_secret,
                                                terminal_verifier=terminal_verifier)
            user = self._sign_in.directory.get(pending.user_id)
            if user is None or not user.active or user.tenant not in policy.tenants:
                raise OidcRejected("disabled")
            self._check_throttle(source, user.email)
            amr, mfa = pending.amr, _mfa(policy, pending.amr, pending.acr)
            if not mfa and user.needs_second_factor:
                if not totp_code or not self._sign_in.check_second_factor(user, totp_code):
                    raise OidcRejected("second_factor")
                amr, mfa = _amr((*amr, "otp")), True
        except OidcRejected as exc:
            self._failed(provider, exc.reason, user, source)
            raise
        return self._sign_in.open_federated(user, acr=ACR_MFA if mfa else ACR_PASSWORD, amr=amr,
                                            auth_time=pending.auth_time, method=METHOD, provider=provider)

    # -- the steps ---------------------------------------------------------------------------------------------

    def _federation(self, provider: str) -> Federation:
        federation = self._federations.get(provider)
        if federation is None:
            raise NotFound("no such identity provider")
        return federation

    def _person(self, provider: str, policy: FederationPolicy, token: IdToken) -> User:
        """The phigate user the ID token names, active in a tenant the provider serves (or provisioned now)."""
        email = token.claims.get(policy.email_claim)
        if not isinstance(email, str) or not email:
            raise OidcRejected("no_email")
        if policy.require_email_verified and token.claims.get("email_verified") is not True:
            raise OidcRejected("email_unverified")
        role = _mapped_role(policy, token)
        user = self._sign_in.directory.find(email)
        if user is None:
            if not policy.jit_provisioning or role is None:
                raise OidcRejected("unknown_person")
            user = self._provision(provider, policy, token, email, role)
        if not user.active:
            raise OidcRejected("disabled")
        if user.tenant not in policy.tenants:
            raise OidcRejected("tenant")
        return user

    def _provision(self, provider: str, policy: FederationPolicy, token: IdToken, email: str, role: Role) -> User:
        tenant = token.claims.get(policy.tenant_claim) if policy.tenant_claim else None
        if tenant is None and len(policy.tenants) == 1:
            tenant = next(iter(policy.tenants))
        if not isinstance(tenant, str) or tenant not in policy.tenants or self._tenants.find(tenant) is None:
            raise OidcRejected("tenant")  # a tenant the provider does not serve, or one not registered
        directory: UserDirectory = self._sign_in.directory
        new = directory.add(email, tenant, role, None, before_commit=lambda user_id: self._audit.record(
            "user.create", actor=user_id, actor_kind=ActorKind.USER, tenant=tenant, outcome="success", user=user_id,
            role=role.value, method=METHOD, provider=provider))
        return new.user

    def _open(self, provider: str, policy: FederationPolicy, started: StartedLogin, user: User,
              token: IdToken) -> SignedIn | SecondFactorStep | TerminalHandoff:
        amr = _amr(token.amr)
        mfa = _mfa(policy, token.amr, token.acr)
        needs_totp = not mfa and user.needs_second_factor
        if started.return_to is None and not needs_totp:
            return self._sign_in.open_federated(user, acr=ACR_MFA if mfa else ACR_PASSWORD, amr=amr,
                                                auth_time=token.auth_time, method=METHOD, provider=provider)
        if needs_totp and not user.totp_verified:
            self._audit.record(ACTION, actor=user.id, actor_kind=ActorKind.USER, tenant=user.tenant,
                               outcome="denied", user=user.id, reason="mfa_required", method=METHOD,
                               provider=provider)
            raise SecondFactorRequired("this role reads PHI: sign in at the identity provider with a second factor, "
                                       "or enrol phigate's own (TOTP)")
        step = self._logins.park(started, PendingSecondFactor(user.id, provider, token.acr, amr, token.auth_time))
        waiting = "second_factor_required" if needs_totp else "terminal_handoff"
        self._audit.record(ACTION, actor=user.id, actor_kind=ActorKind.USER, tenant=user.tenant, outcome="started",
                           user=user.id, reason=waiting, method=METHOD, provider=provider)
        if started.return_to is not None:
            query = {"code": step, **({"second_factor": "totp"} if needs_totp else {})}
            return TerminalHandoff(f"{started.return_to}?{urllib.parse.urlencode(query)}")
        return SecondFactorStep(step, int(self._logins.second_factor_seconds))

    # -- throttling and the trail -----------------------------------------------------------------------------

    def _check_throttle(self, source: str | None, email: str | None) -> None:
        try:
            self._sign_in.throttle.check(source=source, user=email_key(email) if email else None)
        except RateLimited:
            self._denials.denied(ACTION, actor="anonymous", tenant=None, reason="locked")
            raise

    def _failed(self, provider: str, reason: str, user: User | None, source: str | None) -> None:
        actor, tenant = (user.id, user.tenant) if user is not None else ("anonymous", None)
        kind = ActorKind.USER if user is not None else None
        self._audit.record(ACTION, actor=actor, actor_kind=kind, tenant=tenant, outcome="failure",
                           user=user.id if user else None, reason=reason, method=METHOD, provider=provider)
        if not self._sign_in.throttle.hit(source=source, user=email_key(user.email) if user else None):
            self._audit.record("auth.lockout", actor=actor, actor_kind=kind, tenant=tenant, outcome="denied",
                               user=user.id if user else None, method=METHOD)


def _mapped_role(policy: FederationPolicy, token: IdToken) -> Role | None:
    """The phigate role the provider's role claim maps to (None without a role claim); ``OidcRejected`` when the
    claim maps to no role or to several."""
    if policy.role_claim is None:
        return None
    value = token.claims.get(policy.role_claim)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    roles = {(policy.role_map or {}).get(v) for v in values if isinstance(v, str)} - {None}
    if len(roles) != 1:
        raise OidcRejected("role" if not roles else "role_ambiguous")
    return roles.pop()


def _mfa(policy: FederationPolicy, amr: tuple[str, ...], acr: str | None) -> bool:
    """Whether the provider vouches for a second factor: an amr value or the acr it lists as such."""
    return bool(set(amr) & policy.mfa_amr) or (acr is not None and acr in policy.mfa_acr)


def _check_terminal(return_to: str, challenge: str) -> None:
    """A terminal's loopback address (``http://127.0.0.1:PORT/...``, never another host: the sign-in's code goes
    there) and an S256 challenge (43 base64url characters)."""
    parts = urllib.parse.urlsplit(return_to)
    if parts.scheme != "http" or not is_loopback(parts.hostname) or parts.port is None or parts.query \
            or parts.fragment or parts.username or len(return_to) > 200:
        raise InputError("cli_redirect must be http://127.0.0.1:PORT/... (a loopback address of this machine)")
    if not _CHALLENGE.fullmatch(challenge):
        raise InputError("cli_challenge must be the S256 challenge of a verifier (43 base64url characters)")


def _amr(values: tuple[str, ...]) -> tuple[str, ...]:
    """The provider's amr values, each once, as many as a session row keeps."""
    out: list[str] = []
    for value in values:
        if value not in out and len(" ".join([*out, value])) <= MAX_AMR_CHARS:
            out.append(value)
    return tuple(out)


__all__ = ["Federation", "FederationPolicy", "OidcSignInService", "Redirect", "SecondFactorStep", "TerminalHandoff"]
