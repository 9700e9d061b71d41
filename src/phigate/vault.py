"""Encrypted object storage: the envelope format over a ``BlobStore``, data keys from a ``KeyManager``.

Each object gets a fresh data key. Its wrapped form is stored as a small key record in the tenant's ``_keys``
namespace, named by a random key id that the blob's authenticated header carries. So:

* rewrapping (after a KEK rotation) rewrites key records only, never blob bodies (WORM blobs stay untouched);
* shredding one object replaces its key record with a tombstone: the blob is unreadable forever, and reads say so;
* concurrent writers of one key each use their own data key; the blob store's atomic rename picks the winner.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from phigate.crypto import envelope
from phigate.errors import CryptoError, Error, InvalidCiphertext, KeyShredded, ObjectNotFound
from phigate.models import BlobKey, WrappedKey
from phigate.ports import BlobStore, KeyManager

KEYS_NAMESPACE = "_keys"
_HEADER_PROBE = 1024


@dataclass(frozen=True, slots=True)
class SealedObject:
    key: BlobKey
    size: int  # plaintext bytes
    sha256: str  # of the plaintext
    kek_version: int
    key_id: str


def _context(key: BlobKey, key_id: str) -> bytes:
    """Associated data for wrapping an object's data key: bound to tenant, namespace, object and key id."""
    return json.dumps([key.tenant, key.namespace, key.object_id, key_id], separators=(",", ":")).encode()


class VaultWriter:
    """Streams plaintext into an encrypted object. Nothing is visible until ``commit``; ``abort`` (or an
    exception inside ``with``) leaves nothing behind."""

    def __init__(self, vault: Vault, key: BlobKey) -> None:
        self._vault = vault
        self._key = key
        self._key_id = uuid.uuid4().hex
        data_key = vault.keys.new_data_key(key.tenant, _context(key, self._key_id))
        self._wrapped = data_key.wrapped
        self._enc = envelope.Encryptor(data_key.plaintext, envelope.EnvelopeContext(
            key.tenant, f"{key.namespace}/{key.object_id}", self._key_id), vault.segment_size)
        self._hash = hashlib.sha256()
        self._size = 0
        self._closed = False
        vault.store_key_record(key, self._key_id, self._wrapped)
        try:
            self._out = vault.store.open_writer(key)
        except BaseException:
            vault.drop_key_record(key.tenant, self._key_id)
            raise

    def write(self, data: bytes) -> None:
        if self._closed:
            raise RuntimeError("writer is closed")
        self._hash.update(data)
        self._size += len(data)
        out = self._enc.update(data)
        if out:
            try:
                self._out.write(out)
            except BaseException:
                self.abort()
                raise

    def commit(self) -> SealedObject:
        """Finish the object atomically; return what was stored."""
        if self._closed:
            raise RuntimeError("writer is closed")
        try:
            self._out.write(self._enc.finalize())
            self._out.commit()
        except BaseException:
            self.abort()
            raise
        self._closed = True
        return SealedObject(self._key, self._size, self._hash.hexdigest(), self._wrapped.kek_version, self._key_id)

    def abort(self) -> None:
        """Discard everything written so far (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._out.abort()
        self._vault.drop_key_record(self._key.tenant, self._key_id)

    def __enter__(self) -> VaultWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None or not self._closed:
            self.abort()


class Vault:
    """Envelope-encrypted, tenant-scoped object storage."""

    def __init__(self, store: BlobStore, keys: KeyManager, segment_size: int = envelope.DEFAULT_SEGMENT_SIZE) -> None:
        self.store = store
        self.keys = keys
        self.segment_size = segment_size

    # -- key records -------------------------------------------------------------------------------------

    def store_key_record(self, key: BlobKey, key_id: str, wrapped: WrappedKey) -> None:
        record = {"v": 1, "namespace": key.namespace, "object_id": key.object_id, "key_id": key_id,
                  "wrapped": json.loads(wrapped.to_bytes())}
        self.store.put_stream(BlobKey(key.tenant, KEYS_NAMESPACE, key_id), [json.dumps(record).encode()])

    def drop_key_record(self, tenant: str, key_id: str) -> None:
        self.store.delete(BlobKey(tenant, KEYS_NAMESPACE, key_id))

    def _load_key_record(self, tenant: str, key_id: str) -> dict[str, object]:
        try:
            raw = b"".join(self.store.get_stream(BlobKey(tenant, KEYS_NAMESPACE, key_id)))
            record: dict[str, object] = json.loads(raw)
        except ObjectNotFound as exc:
            raise InvalidCiphertext("the object's data key record is missing") from exc
        except ValueError as exc:
            raise InvalidCiphertext("the object's data key record is malformed") from exc
        if record.get("shredded_at"):
            raise KeyShredded(f"this object's data key was shredded at {record['shredded_at']}: "
                              "its content is permanently unrecoverable")
        return record

    def _key_id_of(self, key: BlobKey) -> tuple[str, int]:
        total = self.store.size(key)
        head = b"".join(self.store.get_stream(key, 0, min(total, _HEADER_PROBE)))
        key_id = _header_key_id(head)
        return key_id, total

    def _data_key(self, key: BlobKey) -> tuple[bytes, envelope.EnvelopeContext, int]:
        key_id, total = self._key_id_of(key)
        record = self._load_key_record(key.tenant, key_id)
        if (record.get("namespace"), record.get("object_id")) != (key.namespace, key.object_id):
            raise InvalidCiphertext()
        wrapped = WrappedKey.from_bytes(json.dumps(record["wrapped"]).encode())
        if wrapped.tenant != key.tenant:
            raise InvalidCiphertext()
        dek = self.keys.unwrap(wrapped, _context(key, key_id))
        return dek, envelope.EnvelopeContext(key.tenant, f"{key.namespace}/{key.object_id}", key_id), total

    # -- objects -----------------------------------------------------------------------------------------

    def writer(self, key: BlobKey) -> VaultWriter:
        return VaultWriter(self, key)

    def put(self, key: BlobKey, chunks: Iterable[bytes]) -> SealedObject:
        with self.writer(key) as w:
            for chunk in chunks:
                w.write(chunk)
            return w.commit()

    def open(self, key: BlobKey) -> Iterator[bytes]:
        """The object's plaintext, one authenticated segment at a time. Raises before yielding anything if
        the object is missing, its key is shredded, or its header fails authentication."""
        dek, ctx, _ = self._data_key(key)
        dec = envelope.Decryptor(dek, ctx)
        source = self.store.get_stream(key)
        first = dec.update_segments(next(source, b""))

        def gen() -> Iterator[bytes]:
            yield from first
            for chunk in source:
                yield from dec.update_segments(chunk)
            yield dec.finalize()

        return gen()

    def read(self, key: BlobKey) -> bytes:
        return b"".join(self.open(key))

    def read_range(self, key: BlobKey, offset: int, length: int) -> bytes:
        dek, ctx, total = self._data_key(key)

        def read_at(pos: int, n: int) -> bytes:
            return b"".join(self.store.get_stream(key, pos, n))

        return envelope.decrypt_range(dek, ctx, read_at, total, offset, length)

    def size(self, key: BlobKey) -> int:
        """Plaintext size (from the layout; authenticated on read)."""
        total = self.store.size(key)
        return envelope.plaintext_size(lambda p, n: b"".join(self.store.get_stream(key, p, n)), total)

    def delete(self, key: BlobKey) -> None:
        """Delete the object and its key record."""
        try:
            key_id, _ = self._key_id_of(key)
        except ObjectNotFound:
            return
        self.store.delete(key)
        self.drop_key_record(key.tenant, key_id)

    def shred_object(self, key: BlobKey) -> None:
        """Destroy one object's data key (a tombstone stays): the blob, even a WORM copy, is unreadable."""
        key_id, _ = self._key_id_of(key)
        tomb = {"v": 1, "namespace": key.namespace, "object_id": key.object_id, "key_id": key_id,
                "shredded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        record_key = BlobKey(key.tenant, KEYS_NAMESPACE, key_id)
        self.store.delete(record_key)  # every stored version of the wrapped key, not just the newest
        self.store.put_stream(record_key, [json.dumps(tomb).encode()])

    def erase(self, key: BlobKey) -> bool:
        """Crypto-shred the object, then delete its blob (a WORM copy that cannot be deleted stays unreadable).
        False if there was nothing to erase; repeating it is harmless."""
        try:
            self.shred_object(key)
        except ObjectNotFound:
            return False
        with contextlib.suppress(Error):
            self.store.delete(key)
        return True

    def rewrap_tenant(self, tenant: str, progress: Callable[[int], None] | None = None) -> int:
        """Re-wrap every data key of the tenant under its newest KEK version; blob bodies are not touched.
        Returns how many records changed."""
        changed = 0
        for record_key in list(self.store.list(tenant, KEYS_NAMESPACE)):
            raw = b"".join(self.store.get_stream(record_key))
            record = json.loads(raw)
            if record.get("shredded_at"):
                continue
            wrapped = WrappedKey.from_bytes(json.dumps(record["wrapped"]).encode())
            obj = BlobKey(tenant, record["namespace"], record["object_id"])
            new = self.keys.rewrap(wrapped, _context(obj, record["key_id"]))
            if new != wrapped:
                record["wrapped"] = json.loads(new.to_bytes())
                self.store.put_stream(record_key, [json.dumps(record).encode()])
                changed += 1
            if progress:
                progress(1)
        return changed


def _header_key_id(head: bytes) -> str:
    from phigate.crypto.envelope import header_key_id

    try:
        return header_key_id(head)
    except CryptoError:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCiphertext() from exc
