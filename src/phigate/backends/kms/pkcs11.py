"""Key manager on a PKCS#11 token (an HSM; SoftHSM2 in tests).

Each tenant KEK version is a non-extractable, sensitive AES-256 key on the token, labelled
``phigate:<tenant>:v<n>``. Data keys are wrapped and unwrapped inside the token with CKM_AES_GCM, the
associated data binding tenant, version and object; the KEK bytes never leave the HSM. Shredding destroys the
key objects and leaves a ``phigate:<tenant>:shredded`` data object as a tombstone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import re
import threading
from collections.abc import Iterator
from typing import Any

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
from pkcs11.exceptions import NoSuchToken, PinIncorrect, PKCS11Error, UserAlreadyLoggedIn
from pkcs11.mechanisms import GCMParams

from phigate.crypto import envelope
from phigate.errors import ConfigError, InvalidCiphertext, KeyNotFound, KeyShredded, KeyUnavailable
from phigate.models import DataKey, KekStatus, WrappedKey, validate_id

_LABEL = re.compile(r"^phigate:(?P<tenant>[^:]+):v(?P<version>\d+)$")
_LIBS: dict[str, Any] = {}
_LIBS_LOCK = threading.Lock()
# PKCS#11 login state belongs to the process, not the session: while this process is logged in to a token, a
# second manager on it must present the same PIN, and then opens its session without logging in again.
_LOGINS: dict[tuple[str, str], bytes] = {}


def _lib(module: str) -> Any:
    # a PKCS#11 module may be initialised once per process
    with _LIBS_LOCK:
        if module not in _LIBS:
            try:
                _LIBS[module] = pkcs11.lib(module)
            except (RuntimeError, OSError, PKCS11Error) as exc:
                raise ConfigError("the PKCS#11 module cannot be loaded") from exc
        return _LIBS[module]


class Pkcs11KeyManager:
    """``KeyManager`` whose KEKs live inside a PKCS#11 token."""

    name = "pkcs11"

    def __init__(self, module: str, token_label: str, pin: str) -> None:
        if not token_label or not pin:
            raise ConfigError("keys.pkcs11_token_label and keys.pkcs11_pin are required for the pkcs11 backend")
        lib = _lib(module)
        try:
            token = lib.get_token(token_label=token_label)
            self._session = self._login(token, (module, token_label), pin)
        except NoSuchToken as exc:
            raise KeyUnavailable("the HSM token is not present") from exc
        except PinIncorrect as exc:
            raise KeyUnavailable("the HSM rejected the PIN") from exc
        except PKCS11Error as exc:
            raise KeyUnavailable(f"the HSM session cannot be opened ({type(exc).__name__})") from exc
        self._lock = threading.RLock()
        self._cache: dict[tuple[str, int], Any] = {}

    @staticmethod
    def _login(token: Any, where: tuple[str, str], pin: str) -> Any:
        digest = hashlib.sha256(pin.encode()).digest()
        with _LIBS_LOCK:
            try:
                session = token.open(user_pin=pin, rw=True)
            except UserAlreadyLoggedIn:
                known = _LOGINS.get(where)
                if known is None or not hmac.compare_digest(known, digest):
                    raise PinIncorrect() from None
                return token.open(rw=True)
            _LOGINS[where] = digest
            return session

    def close(self) -> None:
        with self._lock:
            self._session.close()

    # -- token objects -----------------------------------------------------------------------------------

    def _versions(self, tenant: str) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for key in self._session.get_objects({Attribute.CLASS: ObjectClass.SECRET_KEY}):
            m = _LABEL.match(key.label or "")
            if m and m["tenant"] == tenant:
                out[int(m["version"])] = key
        return out

    def _tombstone(self, tenant: str) -> str | None:
        for obj in self._session.get_objects({Attribute.CLASS: ObjectClass.DATA,
                                              Attribute.LABEL: f"phigate:{tenant}:shredded"}):
            return bytes(obj[Attribute.VALUE]).decode()
        return None

    def _guard(self, tenant: str) -> None:
        when = self._tombstone(tenant)
        if when:
            raise KeyShredded(f"the keys of tenant {tenant} were shredded at {when}: "
                              "its data is permanently unrecoverable")

    def _kek(self, tenant: str, version: int) -> Any:
        cached = self._cache.get((tenant, version))
        if cached is not None:
            return cached
        self._guard(tenant)
        key = self._versions(tenant).get(version)
        if key is None:
            raise KeyNotFound(f"tenant {tenant} has no key version {version}")
        self._cache[(tenant, version)] = key
        return key

    def _generate(self, tenant: str, version: int) -> Any:
        key = self._session.generate_key(KeyType.AES, 256, label=f"phigate:{tenant}:v{version}", store=True,
                                         template={Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True,
                                                   Attribute.TOKEN: True, Attribute.ENCRYPT: True,
                                                   Attribute.DECRYPT: True, Attribute.WRAP: False,
                                                   Attribute.UNWRAP: False})
        self._cache[(tenant, version)] = key
        return key

    def _current(self, tenant: str, create: bool) -> int:
        self._guard(validate_id(tenant, "tenant"))
        versions = self._versions(tenant)
        if versions:
            return max(versions)
        if not create:
            raise KeyNotFound(f"tenant {tenant} has no key")
        self._generate(tenant, 1)
        return 1

    def _seal(self, kek: Any, dek: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(envelope.WRAP_NONCE)
        ct = kek.encrypt(dek, mechanism=Mechanism.AES_GCM, mechanism_param=GCMParams(nonce, aad, 128))
        return nonce + bytes(ct)

    def _open(self, kek: Any, sealed: bytes, aad: bytes) -> bytes:
        if len(sealed) < envelope.WRAP_NONCE + 16:
            raise InvalidCiphertext()
        nonce = sealed[:envelope.WRAP_NONCE]
        try:
            return bytes(kek.decrypt(sealed[envelope.WRAP_NONCE:], mechanism=Mechanism.AES_GCM,
                                     mechanism_param=GCMParams(nonce, aad, 128)))
        except PKCS11Error as exc:  # SoftHSM reports a bad tag as a general error
            raise InvalidCiphertext() from exc

    # -- KeyManager --------------------------------------------------------------------------------------

    def new_data_key(self, tenant: str, context: bytes) -> DataKey:
        with self._lock, _wrap_errors():
            version = self._current(tenant, create=True)
            dek = os.urandom(32)
            ct = self._seal(self._kek(tenant, version), dek, envelope.dek_aad(tenant, version, context))
        return DataKey(dek, WrappedKey(self.name, tenant, version, ct))

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        if wrapped.backend != self.name:
            raise KeyUnavailable(f"this data key belongs to the {wrapped.backend!r} key manager")
        with self._lock, _wrap_errors():
            kek = self._kek(wrapped.tenant, wrapped.kek_version)
            return self._open(kek, wrapped.ciphertext,
                              envelope.dek_aad(wrapped.tenant, wrapped.kek_version, context))

    def rotate(self, tenant: str) -> int:
        with self._lock, _wrap_errors():
            self._guard(validate_id(tenant, "tenant"))
            version = max(self._versions(tenant), default=0) + 1
            self._generate(tenant, version)
            return version

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        with self._lock, _wrap_errors():
            version = self._current(wrapped.tenant, create=False)
            if version == wrapped.kek_version:
                return wrapped
            dek = self.unwrap(wrapped, context)
            ct = self._seal(self._kek(wrapped.tenant, version), dek,
                            envelope.dek_aad(wrapped.tenant, version, context))
        return WrappedKey(self.name, wrapped.tenant, version, ct)

    def shred(self, tenant: str) -> None:
        with self._lock, _wrap_errors():
            validate_id(tenant, "tenant")
            if self._tombstone(tenant):
                return
            versions = self._versions(tenant)
            if not versions:
                raise KeyNotFound(f"tenant {tenant} has no key")
            when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            self._session.create_object({Attribute.CLASS: ObjectClass.DATA, Attribute.TOKEN: True,
                                         Attribute.LABEL: f"phigate:{tenant}:shredded",
                                         Attribute.VALUE: when.encode(), Attribute.PRIVATE: True})
            for key in versions.values():
                key.destroy()
            for k in [k for k in self._cache if k[0] == tenant]:
                del self._cache[k]

    def status(self, tenant: str) -> KekStatus:
        with self._lock, _wrap_errors():
            validate_id(tenant, "tenant")
            when = self._tombstone(tenant)
            versions = tuple(sorted(self._versions(tenant)))
        return KekStatus(tenant, self.name, None if when or not versions else versions[-1], versions,
                         shredded=bool(when), shredded_at=dt.datetime.fromisoformat(when) if when else None)

    def tenants(self) -> list[str]:
        with self._lock, _wrap_errors():
            found = {m["tenant"] for key in self._session.get_objects({Attribute.CLASS: ObjectClass.SECRET_KEY})
                     if (m := _LABEL.match(key.label or ""))}
        return sorted(found)

    def check(self) -> None:
        with self._lock, _wrap_errors():
            next(iter(self._session.get_objects({Attribute.CLASS: ObjectClass.DATA})), None)


@contextlib.contextmanager
def _wrap_errors() -> Iterator[None]:
    """Turn any vendor error that escaped into KeyUnavailable (phigate's own errors pass through)."""
    try:
        yield
    except PKCS11Error as exc:
        raise KeyUnavailable(f"the HSM failed ({type(exc).__name__})") from exc
