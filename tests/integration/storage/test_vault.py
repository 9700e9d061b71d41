"""The vault end to end over real backends: every store with every key manager."""

from __future__ import annotations

import hashlib
import os

import pytest

from phigate.errors import InvalidCiphertext, KeyShredded, ObjectNotFound
from phigate.models import BlobKey
from phigate.ports import BlobStore, KeyManager
from phigate.vault import KEYS_NAMESPACE, Vault


@pytest.fixture
def vault(blob_store: BlobStore, key_manager: KeyManager) -> Vault:
    return Vault(blob_store, key_manager, segment_size=16 * 1024)


def test_round_trip_and_range(vault: Vault, tenant: str) -> None:
    key = BlobKey(tenant, "docs", "a")
    data = os.urandom(200_000)
    sealed = vault.put(key, [data[:7], data[7:]])
    assert sealed.size == len(data) and sealed.sha256 == hashlib.sha256(data).hexdigest()
    assert vault.read(key) == data
    assert vault.read_range(key, 150_000, 1000) == data[150_000:151_000]
    assert vault.size(key) == len(data)
    raw = b"".join(vault.store.get_stream(key))
    assert data[:64] not in raw and len(raw) > len(data)  # stored encrypted


def test_blob_copied_to_another_object_or_tenant_fails(vault: Vault, tenant: str) -> None:
    a, b = BlobKey(tenant, "docs", "a"), BlobKey(tenant, "docs", "b")
    vault.put(a, [b"synthetic record"])
    vault.store.put_stream(b, vault.store.get_stream(a))
    with pytest.raises(InvalidCiphertext):
        vault.read(b)
    other = BlobKey(tenant + "x", "docs", "a")
    vault.store.put_stream(other, vault.store.get_stream(a))
    with pytest.raises(InvalidCiphertext):
        vault.read(other)


def test_rotate_rewrap_touches_only_key_records(vault: Vault, tenant: str) -> None:
    keys = [BlobKey(tenant, "docs", f"o{i}") for i in range(3)]
    for i, k in enumerate(keys):
        vault.put(k, [bytes([i]) * 5000])
    bodies = {k: b"".join(vault.store.get_stream(k)) for k in keys}
    vault.keys.rotate(tenant)
    assert vault.rewrap_tenant(tenant) == 3
    assert vault.rewrap_tenant(tenant) == 0
    for i, k in enumerate(keys):
        assert b"".join(vault.store.get_stream(k)) == bodies[k]  # bodies untouched
        assert vault.read(k) == bytes([i]) * 5000


def test_shred_object_and_tenant(vault: Vault, tenant: str) -> None:
    a, b = BlobKey(tenant, "docs", "a"), BlobKey(tenant, "docs", "b")
    vault.put(a, [b"one"])
    vault.put(b, [b"two"])
    vault.shred_object(a)
    with pytest.raises(KeyShredded, match="unrecoverable"):
        vault.read(a)
    assert vault.read(b) == b"two"
    vault.keys.shred(tenant)
    with pytest.raises(KeyShredded):
        vault.read(b)


def test_aborted_writer_leaves_nothing(vault: Vault, tenant: str) -> None:
    key = BlobKey(tenant, "docs", "partial")
    with pytest.raises(RuntimeError), vault.writer(key) as w:
        w.write(os.urandom(100_000))
        raise RuntimeError("client disconnected")
    assert not vault.store.exists(key)
    assert list(vault.store.list(tenant, KEYS_NAMESPACE)) == []
    with pytest.raises(ObjectNotFound):
        vault.read(key)


def test_delete_removes_blob_and_key_record(vault: Vault, tenant: str) -> None:
    key = BlobKey(tenant, "docs", "gone")
    vault.put(key, [b"x"])
    vault.delete(key)
    assert not vault.store.exists(key) and list(vault.store.list(tenant, KEYS_NAMESPACE)) == []
    vault.delete(key)


def test_concurrent_writers_of_one_object(vault: Vault, tenant: str) -> None:
    import threading

    key = BlobKey(tenant, "docs", "contended")
    payloads = [bytes([i]) * 50_000 for i in range(4)]
    errors: list[BaseException] = []

    def write(p: bytes) -> None:
        try:
            vault.put(key, [p])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert vault.read(key) in payloads  # one whole object, readable with its own key
