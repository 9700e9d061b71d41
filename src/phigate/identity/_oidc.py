"""OpenID Connect relying party: the authorization code flow with PKCE (S256) against one identity provider.

The provider's discovery document (``<issuer>/.well-known/openid-configuration``) and its keys (``jwks_uri``) are
fetched when first needed and reused for ``cache_seconds``; a token signed with a key id the cached set does not
hold fetches the set once more (a provider rotating keys), at most once per ``refetch_seconds``. An ID token is
accepted only with a signature by one of those keys in an allowed asymmetric algorithm (``none`` and HMAC never),
the issuer and audience expected, ``exp``, ``iat`` and ``auth_time`` within the clock skew and age allowed, and
the nonce of this sign-in. Sign-ins in flight live in ``OidcLogins``: state and nonce used once, bound to the
browser."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import ssl
import threading
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from phigate.errors import ConfigError, ServiceUnavailable, Unauthenticated
from phigate.ports import OidcLoginRow, OidcLoginStore

MAX_DOCUMENT = 512 * 1024  # discovery, keys and token answers: no provider sends more
HASH_ALGORITHMS = frozenset({"HS256", "HS384", "HS512", "none"})


class OidcRejected(Unauthenticated):
    """The provider's answer or the sign-in's state was not accepted. ``reason`` is a short code for the audit
    trail (``state``, ``nonce``, ``signature``, ``expired``, ...); the caller sees one message for all."""

    def __init__(self, reason: str) -> None:
        super().__init__("the sign-in at the identity provider could not be completed; start again")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """One provider as the registry hands it over: plain values, the client secret already read."""

    name: str
    issuer: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    scopes: tuple[str, ...] = ("openid", "email")
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    acr_values: tuple[str, ...] = ()
    clock_skew_seconds: int = 60
    max_token_age_seconds: int = 600
    cache_seconds: float = 3600.0
    refetch_seconds: float = 60.0  # an unknown key id fetches the keys again at most this often
    timeout_seconds: float = 10.0
    ca_file: str | None = None


@dataclass(frozen=True, slots=True)
class IdToken:
    """A validated ID token: who (``subject``), how they authenticated, and every claim (for email, roles)."""

    subject: str
    acr: str | None
    amr: tuple[str, ...]
    auth_time: int
    claims: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class _Metadata:
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    fetched_at: float


class OidcProvider:
    def __init__(self, config: ProviderConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        if not set(config.algorithms) or set(config.algorithms) & HASH_ALGORITHMS:
            raise ConfigError("an OIDC provider needs asymmetric signature algorithms only")
        self.config = config
        verify: ssl.SSLContext | bool = True
        if config.ca_file is not None:
            try:
                verify = ssl.create_default_context(cafile=config.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise ConfigError(f"the CA file of OIDC provider {config.name} cannot be read") from exc
        self._client = httpx.Client(verify=verify, timeout=config.timeout_seconds, transport=transport,
                                    follow_redirects=False)
        self._lock = threading.Lock()
        self._metadata: _Metadata | None = None
        self._keys: tuple[KeySet, float] | None = None

    def close(self) -> None:
        self._client.close()

    # -- the flow ------------------------------------------------------------------------------------------

    def authorization_url(self, state: str, nonce: str, code_verifier: str) -> str:
        c = self.config
        params = {"response_type": "code", "client_id": c.client_id, "redirect_uri": c.redirect_uri,
                  "scope": " ".join(c.scopes), "state": state, "nonce": nonce,
                  "code_challenge": _s256(code_verifier), "code_challenge_method": "S256"}
        if c.acr_values:
            params["acr_values"] = " ".join(c.acr_values)
        endpoint = self._meta().authorization_endpoint
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode(params)}"

    def exchange(self, code: str, code_verifier: str) -> str:
        """The ID token the token endpoint gives for this authorization code (client_secret_basic)."""
        c = self.config
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": c.redirect_uri,
                "code_verifier": code_verifier}
        auth: httpx.Auth | None = None
        if c.client_secret is not None:  # client_secret_basic: RFC 6749 §2.3.1 form-encodes both parts first
            quote = urllib.parse.quote
            auth = httpx.BasicAuth(quote(c.client_id, safe=""), quote(c.client_secret, safe=""))
        else:
            form["client_id"] = c.client_id
        answer = self._post(self._meta().token_endpoint, form, auth)
        token = answer.get("id_token")
        if not isinstance(token, str) or not token:
            raise OidcRejected("no_id_token")
        return token

    def validate(self, id_token: str, nonce: str) -> IdToken:
        """The ID token's claims once its signature, issuer, audience, times and nonce check out."""
        c = self.config
        token = self._decode(id_token)
        claims = token.claims
        now = int(time.time())
        registry = JWTClaimsRegistry(
            now=now, leeway=c.clock_skew_seconds, iss={"essential": True, "value": c.issuer},
            aud={"essential": True, "value": c.client_id}, sub={"essential": True},
            exp={"essential": True}, iat={"essential": True})
        try:
            registry.validate(claims)
        except ExpiredTokenError as exc:
            raise OidcRejected("expired") from exc
        except JoseError as exc:
            raise OidcRejected(f"claim_{getattr(exc, 'claim', 'invalid')}"[:32]) from exc
        aud = claims["aud"]
        if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != c.client_id:
            raise OidcRejected("claim_azp")
        if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
            raise OidcRejected("nonce")
        iat = _int(claims["iat"], "iat")
        if iat > now + c.clock_skew_seconds or iat < now - c.max_token_age_seconds:
            raise OidcRejected("claim_iat")
        auth_time = _int(claims.get("auth_time", iat), "auth_time")
        if auth_time > now + c.clock_skew_seconds:
            raise OidcRejected("claim_auth_time")
        amr = claims.get("amr", [])
        if not isinstance(amr, list) or not all(isinstance(m, str) and 0 < len(m) <= 32 for m in amr):
            raise OidcRejected("claim_amr")
        acr = claims.get("acr")
        if acr is not None and not (isinstance(acr, str) and len(acr) <= 200):
            raise OidcRejected("claim_acr")
        return IdToken(str(claims["sub"]), acr, tuple(amr[:8]), auth_time, claims)

    # -- the provider's documents --------------------------------------------------------------------------

    def _decode(self, id_token: str) -> jwt.Token:
        try:
            return self._decode_with(id_token, self._key_set())
        except OidcRejected as exc:
            if exc.reason != "unknown_key" or not self._may_refetch():
                raise
        # a key id the cached set does not hold: the provider may have rotated its keys
        return self._decode_with(id_token, self._key_set(refresh=True))

    def _decode_with(self, id_token: str, keys: KeySet) -> jwt.Token:
        try:
            return jwt.decode(id_token, keys, algorithms=list(self.config.algorithms))
        except JoseError as exc:
            raise OidcRejected(_decode_reason(exc)) from exc
        except (ValueError, TypeError, KeyError) as exc:
            raise OidcRejected("malformed") from exc

    def _may_refetch(self) -> bool:
        return self._keys is None or time.monotonic() - self._keys[1] >= self.config.refetch_seconds

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        with self._lock:
            cached = self._keys
            if cached is not None and not refresh and time.monotonic() - cached[1] < self.config.cache_seconds:
                return cached[0]
        document = self._get(self._meta().jwks_uri)
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]  # checked by import_key_set
        except (JoseError, ValueError, KeyError, TypeError) as exc:
            raise ServiceUnavailable(f"the keys of identity provider {self.config.name} are not usable") from exc
        with self._lock:
            self._keys = (keys, time.monotonic())
        return keys

    def _meta(self) -> _Metadata:
        with self._lock:
            meta = self._metadata
        if meta is not None and time.monotonic() - meta.fetched_at < self.config.cache_seconds:
            return meta
        issuer = self.config.issuer
        doc = self._get(issuer.rstrip("/") + "/.well-known/openid-configuration")
        try:
            if doc["issuer"] != issuer:  # OpenID Connect Discovery 1.0 §4.3: exactly the issuer configured
                raise ValueError("issuer")
            meta = _Metadata(_endpoint(doc, "authorization_endpoint", issuer), _endpoint(doc, "token_endpoint", issuer),
                             _endpoint(doc, "jwks_uri", issuer), time.monotonic())
        except (KeyError, ValueError, TypeError) as exc:
            raise ServiceUnavailable(f"the discovery document of identity provider {self.config.name} is not "
                                     "usable") from exc
        with self._lock:
            self._metadata = meta
        return meta

    def _get(self, url: str) -> dict[str, Any]:
        return self._json(lambda: self._client.get(url, headers={"Accept": "application/json"}))

    def _post(self, url: str, form: dict[str, str], auth: httpx.Auth | None) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        answer = self._json(lambda: self._client.post(url, data=form, headers=headers) if auth is None
                            else self._client.post(url, data=form, headers=headers, auth=auth), rejected_ok=True)
        if "error" in answer:  # the provider refused the code (used, expired, wrong verifier)
            raise OidcRejected("token_refused")
        return answer

    def _json(self, send: Any, *, rejected_ok: bool = False) -> dict[str, Any]:
        name = self.config.name
        try:
            r: httpx.Response = send()
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"identity provider {name} cannot be reached") from exc
        if r.status_code >= 500 or (r.status_code >= 400 and not rejected_ok) or len(r.content) > MAX_DOCUMENT:
            raise ServiceUnavailable(f"identity provider {name} answered {r.status_code}")
        try:
            body = r.json()
        except ValueError as exc:
            raise ServiceUnavailable(f"identity provider {name} did not answer JSON") from exc
        if not isinstance(body, dict):
            raise ServiceUnavailable(f"identity provider {name} did not answer a JSON object")
        if r.status_code >= 400 and "error" not in body:
            raise ServiceUnavailable(f"identity provider {name} answered {r.status_code}")
        return body


def _endpoint(doc: dict[str, Any], key: str, issuer: str) -> str:
    value = doc[key]
    parts = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme != urllib.parse.urlsplit(issuer).scheme or not parts.hostname:
        raise ValueError(key)  # an http endpoint of an https issuer would carry codes and tokens in the clear
    return str(value)


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OidcRejected(f"claim_{name}")
    return int(value)


def _decode_reason(exc: JoseError) -> str:
    name = type(exc).__name__
    return {"BadSignatureError": "signature", "InvalidKeyIdError": "unknown_key", "MissingKeyError": "unknown_key",
            "UnsupportedAlgorithmError": "algorithm", "DecodeError": "malformed"}.get(name, "invalid_token")


# --- sign-ins in flight ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StartedLogin:
    """What the browser carries: the ``state`` for the provider and the cookie that binds it; ``return_to``: a
    terminal's loopback address the sign-in is handed over to."""

    state: str
    browser_secret: str
    nonce: str
    code_verifier: str
    return_to: str | None = None


@dataclass(frozen=True, slots=True)
class PendingSecondFactor:
    """A person the provider authenticated without a second factor, waiting for phigate's own."""

    user_id: str
    provider: str
    acr: str | None
    amr: tuple[str, ...]
    auth_time: int


class OidcLogins:
    """Sign-ins in flight, one row each. The row is keyed by the SHA-256 of ``state``, holds the nonce and the
    SHA-256 of the browser cookie; the PKCE verifier is derived from the cookie and the state (never stored)."""

    def __init__(self, store: OidcLoginStore, *, ttl_seconds: float = 600,
                 second_factor_seconds: float = 300) -> None:
        self._store, self.ttl_seconds, self.second_factor_seconds = store, ttl_seconds, second_factor_seconds

    def start(self, provider: str, terminal: tuple[str, str] | None = None) -> StartedLogin:
        """A new sign-in; ``terminal``: the loopback address and S256 challenge of ``phigate login --oidc``,
        which collects the sign-in with its verifier instead of the browser."""
        state, browser, nonce = (secrets.token_urlsafe(32) for _ in range(3))
        return_to, challenge = terminal if terminal is not None else (None, None)
        now = time.time()
        self._store.add(OidcLoginRow(id=_digest(state), provider=provider, browser_hash=_digest(browser), nonce=nonce,
                                     expires_at=now + self.ttl_seconds, return_to=return_to,
                                     return_challenge=challenge), now=now)
        return StartedLogin(state, browser, nonce, _verifier(browser, state), return_to)

    def take(self, provider: str, state: str, browser_secret: str | None) -> StartedLogin:
        """The sign-in ``state`` names, used up now: ``OidcRejected`` if unknown, used, expired, of another
        provider, or started in another browser (the cookie does not match)."""
        now = time.time()
        key = _digest(state[:128])
        row = self._store.get(key)
        if row is None or row.provider != provider or row.used_at is not None or row.expires_at < now:
            raise OidcRejected("state")
        if browser_secret is None or not hmac.compare_digest(row.browser_hash, _digest(browser_secret[:128])):
            raise OidcRejected("browser")
        if not self._store.use(key, now):
            raise OidcRejected("state")  # a concurrent callback with the same state won
        return StartedLogin(state, browser_secret, str(row.nonce), _verifier(browser_secret, state), row.return_to)

    def park(self, started: StartedLogin, pending: PendingSecondFactor) -> str:
        """Park a person the provider authenticated, for phigate's own second factor or for the terminal that
        started the sign-in; the one-time token that collects them (``take_pending``)."""
        token = secrets.token_urlsafe(32)
        self._store.park(_digest(started.state), user_id=pending.user_id, acr=pending.acr, amr=pending.amr,
                         auth_time=pending.auth_time, pending_hash=_digest(token),
                         expires_at=time.time() + self.second_factor_seconds)
        return token

    def take_pending(self, provider: str, token: str, *, browser_secret: str | None = None,
                     terminal_verifier: str | None = None) -> PendingSecondFactor:
        """The parked sign-in of this one-time token, used up now: from the browser that started it (its cookie),
        or, for a terminal's sign-in, from the terminal (the verifier of the challenge it started with)."""
        now = time.time()
        key = _digest(token[:128])
        row = self._store.parked(key)
        if row is None or row.provider != provider or row.expires_at < now or row.user_id is None:
            raise OidcRejected("pending")
        if not self._store.collect(row.id, key):
            raise OidcRejected("pending")
        # used up from here: a wrong verifier or browser gets no second try with the same token
        if row.return_challenge is not None:
            if terminal_verifier is None or not hmac.compare_digest(row.return_challenge,
                                                                    _s256(terminal_verifier[:128])):
                raise OidcRejected("terminal")
        elif browser_secret is None or not hmac.compare_digest(row.browser_hash, _digest(browser_secret[:128])):
            raise OidcRejected("browser")
        return PendingSecondFactor(row.user_id, provider, row.acr, row.amr, int(row.auth_time or 0))


def _s256(code_verifier: str) -> str:
    """The PKCE S256 code challenge (RFC 7636 §4.2): BASE64URL(SHA256(verifier)), unpadded."""
    return base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def _verifier(browser_secret: str, state: str) -> str:
    """The PKCE code verifier (RFC 7636: 43-128 characters): an HMAC of the state under the browser's cookie, so
    only the browser that started the sign-in, with the state the provider sends back, can finish it."""
    mac = hmac.new(browser_secret.encode(), b"phigate-oidc-pkce\0" + state.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
