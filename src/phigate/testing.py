"""In-memory fakes of phigate's ports for SDK users' own tests.

Each fake implements the same interface as the real adapters and passes the same contract tests, but keeps
everything in process memory, unencrypted at rest in RAM and gone at exit. They are for tests only: each warns
when constructed, and each refuses to be constructed when ``PHIGATE_ENVIRONMENT=production``.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import warnings
from collections.abc import Iterable, Iterator

from phigate.crypto import envelope
from phigate.errors import ConfigError, InvalidCiphertext, KeyNotFound, KeyShredded, KeyUnavailable, ObjectLocked
from phigate.errors import ObjectNotFound as _ObjectNotFound
from phigate.models import BlobKey, DataKey, KekStatus, Retention, WrappedKey, retention_may_change, validate_id

__all__ = ["FakeTestingWarning", "InMemoryBlobStore", "InMemoryKeyManager"]


class FakeTestingWarning(UserWarning):
    """A phigate test fake was constructed."""


def _guard(name: str) -> None:
    if os.environ.get("PHIGATE_ENVIRONMENT", "").lower() == "production":
        raise ConfigError(f"{name} is a test fake and is refused when PHIGATE_ENVIRONMENT=production")
    warnings.warn(f"{name} is an in-memory test fake: never use it to hold real data", FakeTestingWarning,
                  stacklevel=3)


class InMemoryBlobStore:
    """``BlobStore`` in a dict. Atomic like the real ones: a write is visible only when committed."""

    name = "memory"

    def __init__(self) -> None:
        _guard(type(self).__name__)
        self._objects: dict[BlobKey, bytes] = {}
        self._retention: dict[BlobKey, Retention] = {}
        self._holds: set[BlobKey] = set()
        self._lock = threading.Lock()

    def open_writer(self, key: BlobKey) -> _MemoryWriter:
        return _MemoryWriter(self, key)

    def put_stream(self, key: BlobKey, chunks: Iterable[bytes]) -> int:
        data = b"".join(chunks)
        self._publish(key, data)
        return len(data)

    def _publish(self, key: BlobKey, data: bytes) -> None:
        with self._lock:
            if self._is_locked(key):
                raise ObjectLocked("the object is under retention or legal hold and cannot be replaced")
            self._objects[key] = data

    def get_stream(self, key: BlobKey, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        with self._lock:
            data = self._objects.get(key)
        if data is None:
            raise _ObjectNotFound("no such object")
        end = len(data) if length is None else start + length
        return iter([data[start:end]])

    def size(self, key: BlobKey) -> int:
        with self._lock:
            if key not in self._objects:
                raise _ObjectNotFound("no such object")
            return len(self._objects[key])

    def exists(self, key: BlobKey) -> bool:
        with self._lock:
            return key in self._objects

    def _is_locked(self, key: BlobKey) -> bool:
        r = self._retention.get(key)
        return key in self._holds or (r is not None and r.until > dt.datetime.now(dt.UTC))

    def delete(self, key: BlobKey) -> None:
        with self._lock:
            if self._is_locked(key):
                raise ObjectLocked("the object is under retention or legal hold and cannot be deleted")
            self._objects.pop(key, None)

    def list(self, tenant: str, namespace: str) -> Iterator[BlobKey]:
        with self._lock:
            keys = sorted(k.object_id for k in self._objects if (k.tenant, k.namespace) == (tenant, namespace))
        return iter([BlobKey(tenant, namespace, k) for k in keys])

    def set_retention(self, key: BlobKey, retention: Retention) -> None:
        with self._lock:
            if key not in self._objects:
                raise _ObjectNotFound("no such object")
            if not retention_may_change(self._retention.get(key), retention):
                raise ObjectLocked("COMPLIANCE retention cannot be shortened or downgraded")
            self._retention[key] = retention

    def set_legal_hold(self, key: BlobKey, on: bool) -> None:
        with self._lock:
            if key not in self._objects:
                raise _ObjectNotFound("no such object")
            (self._holds.add if on else self._holds.discard)(key)

    def check(self) -> None:
        return None


class _MemoryWriter:
    def __init__(self, store: InMemoryBlobStore, key: BlobKey) -> None:
        self._store, self._key = store, key
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._parts.append(bytes(data))

    def commit(self) -> int:
        data = b"".join(self._parts)
        self._store._publish(self._key, data)
        return len(data)

    def abort(self) -> None:
        self._parts.clear()


class InMemoryKeyManager:
    """``KeyManager`` with KEKs in memory (AES-256-GCM wrapping, like the local keyring)."""

    name = "memory"

    def __init__(self) -> None:
        _guard(type(self).__name__)
        self._keks: dict[str, dict[int, bytes]] = {}
        self._shredded: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def _versions(self, tenant: str, create: bool) -> dict[int, bytes]:
        validate_id(tenant, "tenant")
        if tenant in self._shredded:
            raise KeyShredded(f"the keys of tenant {tenant} were shredded: its data is permanently unrecoverable")
        versions = self._keks.get(tenant)
        if versions is None:
            if not create:
                raise KeyNotFound(f"tenant {tenant} has no key")
            versions = self._keks[tenant] = {1: os.urandom(32)}
        return versions

    def new_data_key(self, tenant: str, context: bytes) -> DataKey:
        with self._lock:
            versions = self._versions(tenant, create=True)
            version = max(versions)
            dek = os.urandom(32)
            ct = envelope.wrap_key(versions[version], dek, envelope.dek_aad(tenant, version, context))
        return DataKey(dek, WrappedKey(self.name, tenant, version, ct))

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        if wrapped.backend != self.name:
            raise KeyUnavailable(f"this data key belongs to the {wrapped.backend!r} key manager")
        with self._lock:
            kek = self._versions(wrapped.tenant, create=False).get(wrapped.kek_version)
        if kek is None:
            raise InvalidCiphertext()
        return envelope.unwrap_key(kek, wrapped.ciphertext,
                               envelope.dek_aad(wrapped.tenant, wrapped.kek_version, context))

    def rotate(self, tenant: str) -> int:
        with self._lock:
            if tenant not in self._keks:
                self._versions(tenant, create=True)
                return 1
            versions = self._versions(tenant, create=False)
            versions[max(versions) + 1] = os.urandom(32)
            return max(versions)

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        dek = self.unwrap(wrapped, context)
        with self._lock:
            versions = self._versions(wrapped.tenant, create=False)
            version = max(versions)
            if version == wrapped.kek_version:
                return wrapped
            ct = envelope.wrap_key(versions[version], dek, envelope.dek_aad(wrapped.tenant, version, context))
        return WrappedKey(self.name, wrapped.tenant, version, ct)

    def shred(self, tenant: str) -> None:
        with self._lock:
            if tenant in self._shredded:
                return
            if tenant not in self._keks:
                raise KeyNotFound(f"tenant {tenant} has no key")
            del self._keks[tenant]
            self._shredded[tenant] = dt.datetime.now(dt.UTC)

    def status(self, tenant: str) -> KekStatus:
        with self._lock:
            if tenant in self._shredded:
                return KekStatus(tenant, self.name, None, (), shredded=True, shredded_at=self._shredded[tenant])
            versions = tuple(sorted(self._keks.get(tenant, {})))
        return KekStatus(tenant, self.name, versions[-1] if versions else None, versions, shredded=False)

    def tenants(self) -> list[str]:
        with self._lock:
            return sorted({*self._keks, *self._shredded})

    def check(self) -> None:
        return None
