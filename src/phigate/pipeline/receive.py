"""Receiving bytes: checked at byte 0, capped as they arrive, hashed and sealed while they stream.

A signed PUT streams straight into one sealed quarantine object. A tus upload arrives in several requests, so
each PATCH's bytes become their own sealed *part* (``upload-parts/<upload id>.<n>``); when the last byte is in,
the parts are decrypted and re-encrypted, streaming, into the quarantine object. No plaintext touches disk.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable

from phigate.errors import ChecksumMismatch, DigestMismatch, Error, InputError, PayloadTooLarge
from phigate.models import BlobKey, UploadSession
from phigate.pipeline.sniff import SNIFF_BYTES, MediaSniffer
from phigate.vault import SealedObject, Vault, VaultWriter

QUARANTINE = "quarantine"
PARTS = "upload-parts"


def quarantine_key(tenant: str, upload_id: str) -> BlobKey:
    return BlobKey(tenant, QUARANTINE, upload_id)


def part_key(tenant: str, upload_id: str, n: int) -> BlobKey:
    return BlobKey(tenant, PARTS, f"{upload_id}.{n}")


class StreamCheck:
    """Forwards bytes to ``sink`` once the first ``window`` bytes of the upload passed the type check, and
    refuses (PayloadTooLarge) the first byte beyond ``limit``. ``prefix`` holds the upload's earlier bytes when
    this stream starts after byte 0 but before the window was complete."""

    def __init__(self, sink: Callable[[bytes], None], *, limit: int, media_type: str, sniffer: MediaSniffer,
                 window: int, prefix: bytes = b"", checked: bool = False) -> None:
        self._sink, self._limit, self._media_type, self._sniffer = sink, limit, media_type, sniffer
        self._window = window
        self._prefix = prefix
        self._pending = bytearray()
        self._checked = checked
        self.count = 0

    def write(self, data: bytes) -> None:
        self.count += len(data)
        if self.count > self._limit:
            raise PayloadTooLarge("the upload is larger than its declared size")
        if self._checked:
            self._sink(data)
            return
        self._pending += data
        if len(self._prefix) + len(self._pending) >= self._window:
            self._check()

    def finish(self, *, final: bool) -> None:
        """End of this stream. ``final``: no more bytes will come, so check whatever arrived."""
        if not self._checked and (final or len(self._prefix) + len(self._pending) >= self._window):
            self._check()
        elif self._pending:
            self._sink(bytes(self._pending))  # the window spans requests: checked when it completes
            self._pending.clear()

    def _check(self) -> None:
        head = (self._prefix + bytes(self._pending))[:SNIFF_BYTES]
        self._sniffer.check(self._media_type, head)
        self._checked = True
        if self._pending:
            self._sink(bytes(self._pending))
            self._pending.clear()


class SealingReceiver:
    """One request's bytes into one sealed object: ``write`` per chunk, then ``finish`` or ``abort``."""

    def __init__(self, vault: Vault, key: BlobKey, check_factory: Callable[[Callable[[bytes], None]], StreamCheck],
                 *, heartbeat: Callable[[], None] | None = None, heartbeat_every: float = 5.0) -> None:
        self.key = key
        self._writer: VaultWriter = vault.writer(key)
        self._vault = vault
        self.check = check_factory(self._writer.write)
        self._heartbeat, self._every, self._last = heartbeat, heartbeat_every, time.monotonic()

    def write(self, data: bytes) -> None:
        try:
            self.check.write(data)
        except BaseException:
            self.abort()
            raise
        if self._heartbeat is not None and time.monotonic() - self._last > self._every:
            self._last = time.monotonic()
            self._heartbeat()

    def seal(self, *, final: bool, expected_size: int | None = None, sha256_hex: str | None = None,
             checksum_b64: str | None = None) -> SealedObject:
        """Commit the object; if its size or a declared digest is wrong, remove it again and raise."""
        try:
            self.check.finish(final=final)
        except BaseException:
            self.abort()
            raise
        sealed = self._writer.commit()
        try:
            if expected_size is not None and sealed.size != expected_size:
                raise InputError("the body is shorter than the declared size; nothing was kept")
            if sha256_hex is not None and sealed.sha256 != sha256_hex.lower():
                raise DigestMismatch("the upload does not match its declared sha256; nothing was kept")
            if checksum_b64 is not None and base64.b64encode(bytes.fromhex(sealed.sha256)).decode() != checksum_b64:
                raise ChecksumMismatch("the request body does not match its Upload-Checksum; nothing was kept")
        except Error:
            self._vault.delete(self.key)
            raise
        return sealed

    def abort(self) -> None:
        self._writer.abort()


def read_prefix(vault: Vault, session: UploadSession) -> bytes:
    """The plaintext of the upload's earlier parts, when they are all inside the type-check window."""
    if session.received >= SNIFF_BYTES:
        return b""
    return b"".join(vault.read(part_key(session.tenant, session.id, n)) for n in range(session.parts))


def assemble(vault: Vault, session: UploadSession) -> SealedObject:
    """Decrypt the parts in order and re-encrypt them into the quarantine object (idempotent: the quarantine
    object is replaced atomically; the parts are removed only by ``discard_parts`` after the record commits)."""
    with vault.writer(quarantine_key(session.tenant, session.id)) as writer:
        for n in range(session.parts):
            for chunk in vault.open(part_key(session.tenant, session.id, n)):
                writer.write(chunk)
        return writer.commit()


def discard_parts(vault: Vault, session: UploadSession, upto: int | None = None) -> None:
    """Delete an upload's parts, the last first: a crash part-way leaves a run that starts at part 0. A part
    already gone is no error; a store that fails raises (``StorageError``), and the parts not yet deleted stay for
    the caller to retry or for ``phigate fsck``: nothing is skipped silently."""
    for n in reversed(range(upto if upto is not None else session.parts + 1)):
        vault.delete(part_key(session.tenant, session.id, n))


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()
