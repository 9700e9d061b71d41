"""A small, real OpenID Connect provider for the tests: a Starlette app served by uvicorn in a thread on a free
loopback port. It serves discovery, its keys (JWKS), ``/authorize`` (consenting at once for the configured
person, with PKCE S256 required) and ``/token`` (client_secret_basic, the code once, the verifier checked), and
issues RS256 ID tokens signed with joserfc. ``tamper`` makes the next ID tokens wrong in one chosen way (another
nonce, expired, another audience, an unknown key id, a bad signature, ``alg: none``) so the tests can show that
phigate refuses each."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests._fixtures.services import free_port, wait_for

CLIENT_ID, CLIENT_SECRET = "phigate-test", "synthetic-client-secret"


@dataclass
class Person:
    """Who the provider signs in (it consents for them at once) and how they authenticated."""

    email: str
    sub: str = field(default_factory=lambda: secrets.token_hex(8))
    amr: list[str] = field(default_factory=lambda: ["pwd"])
    acr: str | None = None
    auth_age: int = 60  # seconds between their authentication and the token
    email_verified: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tamper:
    nonce: str | None = None  # this nonce instead of the one asked for
    exp_offset: int = 300  # exp = now + this
    audience: str | None = None
    unknown_kid: bool = False  # signed by a key the JWKS does not hold
    bad_signature: bool = False  # signed by another key under the published key id
    alg_none: bool = False  # unsigned


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self._kid = "k1"
        self.person: Person | None = None
        self.tamper = Tamper()
        self.authorize_requests: list[dict[str, str]] = []
        self._codes: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.app = Starlette(routes=[
            Route("/.well-known/openid-configuration", self._discovery),
            Route("/jwks", self._jwks),
            Route("/authorize", self._authorize),
            Route("/token", self._token, methods=["POST"]),
        ])
        self._server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                     lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, name="oidc-provider", daemon=True)

    def start(self) -> None:
        self._thread.start()
        wait_for(lambda: self._server.started, timeout=20, what="the test OIDC provider")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def rotate_keys(self) -> None:
        """A new signing key under a new key id; the old one is no longer published."""
        kid = f"k{secrets.token_hex(4)}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
        self._kid = kid

    def sign_in_as(self, person: Person, tamper: Tamper | None = None) -> Person:
        self.person, self.tamper = person, tamper or Tamper()
        return person

    # -- endpoints ---------------------------------------------------------------------------------------------

    async def _discovery(self, request: Request) -> Response:
        i = self.issuer
        return JSONResponse({
            "issuer": i, "authorization_endpoint": f"{i}/authorize", "token_endpoint": f"{i}/token",
            "jwks_uri": f"{i}/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"]})

    async def _jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def _authorize(self, request: Request) -> Response:
        q = dict(request.query_params)
        self.authorize_requests.append(q)
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code" or self.person is None \
                or q.get("code_challenge_method") != "S256" or "openid" not in q.get("scope", "").split():
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        with self._lock:
            self._codes[code] = {"redirect_uri": q["redirect_uri"], "nonce": q.get("nonce"),
                                 "challenge": q["code_challenge"], "person": self.person, "tamper": self.tamper}
        target = q["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": q.get("state", "")})
        return RedirectResponse(target, status_code=302)

    async def _token(self, request: Request) -> Response:
        form = dict(await request.form())
        if request.headers.get("authorization") != "Basic " + base64.b64encode(
                f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode():
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        with self._lock:
            grant = self._codes.pop(str(form.get("code")), None)  # a code works once
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri") or grant["challenge"] != challenge:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        token = self._id_token(grant["person"], grant["tamper"], grant["nonce"])
        return JSONResponse({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                             "id_token": token})

    def _id_token(self, person: Person, tamper: Tamper, nonce: str | None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "sub": person.sub, "aud": tamper.audience or CLIENT_ID, "iat": now,
            "exp": now + tamper.exp_offset, "auth_time": now - person.auth_age, "nonce": tamper.nonce or nonce,
            "email": person.email, "email_verified": person.email_verified, "amr": person.amr, **person.extra}
        if person.acr is not None:
            claims["acr"] = person.acr
        if tamper.alg_none:
            return ".".join(_b64(json.dumps(part).encode()) for part in ({"alg": "none", "typ": "JWT"}, claims)) + "."
        key = self.other_key if tamper.bad_signature else self.key
        header = {"alg": "RS256", "kid": "k9" if tamper.unknown_kid else self._kid}
        return jwt.encode(header, claims, key)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def running_provider() -> Iterator[TestProvider]:
    provider = TestProvider()
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()
