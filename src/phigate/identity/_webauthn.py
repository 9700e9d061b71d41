"""WebAuthn (a security key or platform authenticator) as a second factor, over the ``webauthn`` package. Each
ceremony's challenge is stored and used once, within ``ttl_seconds``; a signature counter that does not move on
(a cloned authenticator) is refused. Every failure is the same ``Unauthenticated``."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any, Literal

import webauthn
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import PublicKeyCredentialDescriptor

from phigate.errors import ConfigError, Conflict, Unauthenticated
from phigate.identity._users import User
from phigate.ports import WebAuthnStore

Purpose = Literal["register", "login"]
FAILED = "the authenticator's answer is not valid"


class WebAuthn:
    def __init__(self, store: WebAuthnStore, *, rp_id: str, rp_name: str, origins: list[str],
                 ttl_seconds: float = 300) -> None:
        if not rp_id or not origins:
            raise ConfigError("WebAuthn needs a relying party id and at least one origin")
        self._store, self._rp_id, self._rp_name, self._origins = store, rp_id, rp_name, origins
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
        self._store.add_challenge(ceremony, user.id, purpose, opts.challenge, time.time() + self._ttl)
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
        self._store.add_credential(bytes_to_base64url(verified.credential_id), user.id,
                                   verified.credential_public_key, verified.sign_count)

    def authenticate(self, user: User, ceremony: str, credential: dict[str, Any]) -> bool:
        """Whether ``credential`` is a valid assertion of one of the user's authenticators for this ceremony."""
        try:
            challenge = self._take(user, ceremony, "login")
        except Unauthenticated:
            return False
        credential_id = str(credential.get("id", ""))[:512] if isinstance(credential, dict) else ""
        found = self._store.credential(credential_id, user.id)
        if found is None:
            return False
        public_key, sign_count = found
        try:
            verified = webauthn.verify_authentication_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=self._rp_id,
                expected_origin=self._origins, credential_public_key=public_key,
                credential_current_sign_count=sign_count)
        except (WebAuthnException, ValueError, KeyError, TypeError):
            return False
        self._store.set_sign_count(credential_id, verified.new_sign_count)
        return True

    def _take(self, user: User, ceremony: str, purpose: Purpose) -> bytes:
        """The ceremony's challenge, used up (a second answer to one challenge is refused)."""
        challenge = self._store.take_challenge(ceremony[:64], user.id, purpose, time.time())
        if challenge is None:
            raise Unauthenticated(FAILED)
        return challenge

    def _credentials(self, user_id: str) -> list[str]:
        return self._store.credential_ids(user_id)
