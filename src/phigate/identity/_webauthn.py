"""WebAuthn (a security key or platform authenticator) as a second factor, over the ``webauthn`` package. Each
ceremony's challenge is stored and used once, within ``ttl_seconds``; a signature counter that does not move on
(a cloned authenticator) is refused. Every failure is the same ``Unauthenticated``."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any, Literal

import sqlalchemy as sa
import webauthn
from sqlalchemy.engine import Engine
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import PublicKeyCredentialDescriptor

from phigate._tables import webauthn_challenges, webauthn_credentials
from phigate.errors import ConfigError, Conflict, Unauthenticated
from phigate.identity._users import User

Purpose = Literal["register", "login"]
FAILED = "the authenticator's answer is not valid"


class WebAuthn:
    def __init__(self, engine: Engine, *, rp_id: str, rp_name: str, origins: list[str],
                 ttl_seconds: float = 300) -> None:
        if not rp_id or not origins:
            raise ConfigError("WebAuthn needs a relying party id and at least one origin")
        self._engine, self._rp_id, self._rp_name, self._origins = engine, rp_id, rp_name, origins
        self._ttl = ttl_seconds

    def has_credentials(self, user_id: str) -> bool:
        return bool(self._credentials(user_id))

    def options(self, user: User, purpose: Purpose) -> tuple[str, dict[str, Any]]:
        """A ceremony id and the options for ``navigator.credentials.create`` (register) or ``.get`` (login)."""
        known = [PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(c)) for c in self._credentials(user.id)]
        if purpose == "register":
            if known:
                raise Conflict("an authenticator is enrolled already")
            opts: Any = webauthn.generate_registration_options(
                rp_id=self._rp_id, rp_name=self._rp_name, user_name=user.email, user_id=user.id.encode())
        else:
            if not known:
                raise Unauthenticated(FAILED)
            opts = webauthn.generate_authentication_options(rp_id=self._rp_id, allow_credentials=known)
        ceremony = f"wac_{secrets.token_hex(12)}"
        with self._engine.begin() as conn:
            conn.execute(webauthn_challenges.insert().values(id=ceremony, user_id=user.id, purpose=purpose,
                                                             challenge=opts.challenge,
                                                             expires_at=time.time() + self._ttl, used_at=None))
        options: dict[str, Any] = json.loads(webauthn.options_to_json(opts))
        return ceremony, options

    def register(self, user: User, ceremony: str, credential: dict[str, Any]) -> None:
        challenge = self._take(user, ceremony, "register")
        try:
            verified = webauthn.verify_registration_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=self._rp_id,
                expected_origin=self._origins)
        except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
            raise Unauthenticated(FAILED) from exc
        with self._engine.begin() as conn:
            conn.execute(webauthn_credentials.insert().values(
                id=bytes_to_base64url(verified.credential_id), user_id=user.id,
                public_key=verified.credential_public_key, sign_count=verified.sign_count, created_at=time.time()))

    def authenticate(self, user: User, ceremony: str, credential: dict[str, Any]) -> bool:
        """Whether ``credential`` is a valid assertion of one of the user's authenticators for this ceremony."""
        try:
            challenge = self._take(user, ceremony, "login")
        except Unauthenticated:
            return False
        c = webauthn_credentials.c
        credential_id = str(credential.get("id", ""))[:512] if isinstance(credential, dict) else ""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(c.public_key, c.sign_count)
                               .where(c.id == credential_id, c.user_id == user.id)).first()
        if row is None:
            return False
        try:
            verified = webauthn.verify_authentication_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=self._rp_id,
                expected_origin=self._origins, credential_public_key=row.public_key,
                credential_current_sign_count=int(row.sign_count))
        except (WebAuthnException, ValueError, KeyError, TypeError):
            return False
        with self._engine.begin() as conn:
            conn.execute(webauthn_credentials.update().where(c.id == credential_id)
                         .values(sign_count=verified.new_sign_count))
        return True

    def _take(self, user: User, ceremony: str, purpose: Purpose) -> bytes:
        """The ceremony's challenge, used up (a second answer to one challenge is refused)."""
        w = webauthn_challenges.c
        now = time.time()
        with self._engine.begin() as conn:
            row = conn.execute(sa.select(w.challenge).where(
                w.id == ceremony[:64], w.user_id == user.id, w.purpose == purpose, w.used_at.is_(None),
                w.expires_at > now)).first()
            if row is None or not conn.execute(webauthn_challenges.update().where(
                    w.id == ceremony[:64], w.used_at.is_(None)).values(used_at=now)).rowcount:
                raise Unauthenticated(FAILED)
        return bytes(row.challenge)

    def _credentials(self, user_id: str) -> list[str]:
        c = webauthn_credentials.c
        with self._engine.connect() as conn:
            return [str(r.id) for r in conn.execute(sa.select(c.id).where(c.user_id == user_id))]
