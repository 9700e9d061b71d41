"""Fixtures for the audit log: a migrated database (SQLite and PostgreSQL), a key manager and a blob store.

Until the lead's local keyring and filesystem store land on main, the two small classes below stand in for
them: real AES-GCM key wrapping and real files, enough for the audit log's needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import Engine

from phigate.audit import LogOptions, SqlAuditLog, load_or_create_keys
from phigate.backends.db import make_engine, migrate, sqlite_url
from phigate.errors import InvalidCiphertext, ObjectNotFound
from phigate.models import BlobKey, DataKey, KekStatus, Retention, WrappedKey


class MemoryKeyManager:
    """One AES-256 KEK per tenant, in memory; data keys wrapped with AES-GCM bound to tenant and context."""

    name = "test"

    def __init__(self) -> None:
        self._keks: dict[str, bytes] = {}

    def new_data_key(self, tenant: str, context: bytes) -> DataKey:
        dek = os.urandom(32)
        nonce = os.urandom(12)
        kek = self._keks.setdefault(tenant, os.urandom(32))
        ct = nonce + AESGCM(kek).encrypt(nonce, dek, tenant.encode() + b"\x00" + context)
        return DataKey(dek, WrappedKey("test", tenant, 1, ct))

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        try:
            kek = self._keks[wrapped.tenant]
            return AESGCM(kek).decrypt(wrapped.ciphertext[:12], wrapped.ciphertext[12:],
                                       wrapped.tenant.encode() + b"\x00" + context)
        except (KeyError, InvalidTag) as exc:
            raise InvalidCiphertext() from exc

    def rotate(self, tenant: str) -> int:
        self._keks.setdefault(tenant, os.urandom(32))
        return 1

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        return wrapped

    def shred(self, tenant: str) -> None:
        self._keks.pop(tenant, None)

    def status(self, tenant: str) -> KekStatus:
        return KekStatus(tenant, "test", 1, (1,), tenant not in self._keks)

    def tenants(self) -> list[str]:
        return sorted(self._keks)

    def check(self) -> None:
        return None


class DirBlobStore:
    """Objects as files under a directory (no retention support: set_retention raises StorageError)."""

    name = "dir"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: BlobKey) -> Path:
        return self.root.joinpath(*key.parts())

    def put_stream(self, key: BlobKey, chunks: Iterable[bytes]) -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(chunks)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return len(data)

    def get_stream(self, key: BlobKey, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound() from exc
        yield data[start:None if length is None else start + length]

    def size(self, key: BlobKey) -> int:
        return len(b"".join(self.get_stream(key)))

    def exists(self, key: BlobKey) -> bool:
        return self._path(key).exists()

    def delete(self, key: BlobKey) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, tenant: str, namespace: str) -> Iterator[BlobKey]:
        folder = self.root / tenant / namespace
        for p in sorted(folder.glob("*")) if folder.is_dir() else []:
            if not p.name.endswith(".tmp"):
                yield BlobKey(tenant, namespace, p.name)

    def set_retention(self, key: BlobKey, retention: Retention) -> None:
        from phigate.errors import StorageError

        raise StorageError("retention is not supported by this store")

    def set_legal_hold(self, key: BlobKey, on: bool) -> None:
        from phigate.errors import StorageError

        raise StorageError("legal hold is not supported by this store")

    def check(self) -> None:
        return None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def audit_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for the audit log: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "phigate.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def audit_engine(audit_db_url: str) -> Iterator[Engine]:
    engine = make_engine(audit_db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def key_manager() -> MemoryKeyManager:
    return MemoryKeyManager()


@pytest.fixture
def blob_store(tmp_path: Path) -> DirBlobStore:
    return DirBlobStore(tmp_path / "blobs")


@pytest.fixture
def audit_log(audit_engine: Engine, key_manager: MemoryKeyManager, blob_store: DirBlobStore
              ) -> Iterator[SqlAuditLog]:
    """A log that checkpoints only when asked (so tests control the checkpoints)."""
    keys = load_or_create_keys(key_manager, blob_store)
    log = SqlAuditLog(audit_engine, keys, blob_store,
                      LogOptions(checkpoint_every=10**9, checkpoint_interval=3600.0))
    yield log
    log.close()
