"""Short-lived access tokens: HS256 JWTs bound to one tenant, with audience, issuer and scopes. A person's token
also carries how they signed in (``acr``, ``amr``, ``auth_time``) and their session (``sid``)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import jwt

from phigate.errors import ConfigError, Error, Unauthenticated
from phigate.models import ActorKind, AuthContext, Principal, validate_id

MAX_TTL = 900


@dataclass(frozen=True, slots=True)
class AccessToken:
    token: str
    expires_in: int


class TokenIssuer:
    def __init__(self, key: bytes, *, audience: str, issuer: str, ttl_seconds: int = MAX_TTL) -> None:
        if not 0 < ttl_seconds <= MAX_TTL:
            raise ConfigError("token lifetime must be 1..900 seconds")
        self._key, self._aud, self._iss, self._ttl = key, audience, issuer, ttl_seconds

    def issue(self, principal: Principal) -> AccessToken:
        now = int(time.time())
        claims: dict[str, object] = {
            "iss": self._iss, "aud": self._aud, "sub": principal.id, "tenant": principal.tenant,
            "scope": " ".join(sorted(principal.scopes)), "iat": now, "nbf": now, "exp": now + self._ttl,
            "jti": secrets.token_hex(8)}
        if principal.auth is not None:
            a = principal.auth
            claims.update(acr=a.acr, amr=list(a.amr), auth_time=a.auth_time, sid=a.session_id, role=principal.role,
                          labels=sorted(principal.labels))
        return AccessToken(jwt.encode(claims, self._key, algorithm="HS256"), self._ttl)

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(token, self._key, algorithms=["HS256"], audience=self._aud, issuer=self._iss,
                                options={"require": ["exp", "iat", "sub", "aud", "iss"]})
            if int(claims["exp"]) - int(claims["iat"]) > MAX_TTL:
                raise jwt.InvalidTokenError("lifetime too long")
            tenant = validate_id(str(claims["tenant"]), "tenant")
            scopes = frozenset(str(claims.get("scope", "")).split())
            if "sid" not in claims:
                return Principal(id=str(claims["sub"]), kind=ActorKind.SERVICE, tenant=tenant, scopes=scopes)
            amr = claims["amr"]
            if not isinstance(amr, list) or not all(isinstance(m, str) for m in amr):
                raise ValueError("amr")
            auth = AuthContext(acr=str(claims["acr"]), amr=tuple(amr), auth_time=int(claims["auth_time"]),
                               session_id=str(claims["sid"]))
            labels = claims.get("labels", [])
            if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
                raise ValueError("labels")
            role = claims.get("role")
            return Principal(id=str(claims["sub"]), kind=ActorKind.USER, tenant=tenant, scopes=scopes, auth=auth,
                             role=str(role) if role is not None else None, labels=frozenset(labels))
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("the access token has expired") from exc
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as exc:
            raise Unauthenticated("the access token is invalid") from exc
        except Error as exc:  # an unsafe tenant claim (InvalidKey): still just an invalid token
            raise Unauthenticated("the access token is invalid") from exc
