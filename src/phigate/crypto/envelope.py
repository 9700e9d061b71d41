"""phigate's envelope encryption recipe: the only crypto the rest of phigate calls.

A blob is a header followed by AES-256-GCM segments (STREAM construction, as in Tink's AES-GCM-HKDF streaming
AEAD and age):

* a fresh 32-byte data key (DEK) per object; per-object segment and header-MAC keys derived with HKDF-SHA256 from
  the DEK, a random 32-byte salt, and the tenant, object id and key id (so a blob copied to another object or
  tenant fails to decrypt);
* segment ``i`` is sealed under nonce ``prefix(7) || i (u32 BE) || last (u8)``: reordering, swapping segments
  between objects, truncation at a segment boundary and trailing bytes are all detected;
* the header (format version, segment size, salt, nonce prefix, key id, tenant, object id) is authenticated by
  HMAC-SHA256 and checked before any segment is decrypted;
* any segment can be decrypted on its own, so a byte range is read without reading the object.

Every failure to authenticate raises the same ``InvalidCiphertext``. Plaintext is released only one
authenticated segment at a time; a stream that turns out to be truncated raises at its end.
The format is specified in ``docs/envelope-format.md`` and pinned by ``tests/vectors/envelope_v1.json``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phigate.crypto import _header
from phigate.errors import InvalidCiphertext

__all__ = [
    "DEFAULT_SEGMENT_SIZE",
    "Decryptor",
    "Encryptor",
    "EnvelopeContext",
    "ciphertext_size",
    "decrypt_range",
    "decrypt_stream",
    "dek_aad",
    "encrypt_stream",
    "header_key_id",
    "kek_aad",
    "new_data_key",
    "plaintext_size",
    "unwrap_key",
    "wrap_key",
]

DEFAULT_SEGMENT_SIZE = 64 * 1024
TAG = 16
_NONCE_TAIL = struct.Struct(">IB")
MAX_SEGMENTS = 2**32 - 1


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return os.urandom(32)


@dataclass(frozen=True, slots=True)
class EnvelopeContext:
    """What a blob is bound to. Decryption with any other value fails."""

    tenant: str
    object_id: str
    key_id: str

    def encoded(self) -> tuple[bytes, bytes, bytes]:
        return self.key_id.encode(), self.tenant.encode(), self.object_id.encode()


class Encryptor:
    """Incremental encryption: feed plaintext with ``update``; ``finalize`` emits the last segment.

    Memory is bounded by one segment, whatever the object size.
    """

    def __init__(self, dek: bytes, context: EnvelopeContext, segment_size: int = DEFAULT_SEGMENT_SIZE) -> None:
        if len(dek) != 32:
            raise ValueError("data key must be 32 bytes")
        key_id, tenant, object_id = context.encoded()
        self._header = _header.Header(segment_size, os.urandom(_header.SALT_LEN),
                                      os.urandom(_header.NONCE_PREFIX_LEN), key_id, tenant, object_id)
        seg_key, mac_key = self._header.derive_keys(dek)
        self._aead = AESGCM(seg_key)
        self._prefix = self._header.nonce_prefix
        self._seg = segment_size
        self._buf = bytearray()
        self._held: bytes | memoryview | None = None
        self._index = 0
        self._pending_header: bytes | None = self._header.seal(mac_key)
        self._done = False

    def _take_header(self) -> bytes:
        h, self._pending_header = self._pending_header or b"", None
        return h

    def _segment(self, data: bytes | bytearray | memoryview, last: bool) -> bytes:
        if self._index > MAX_SEGMENTS:
            raise ValueError("object too large for this segment size")
        nonce = self._prefix + _NONCE_TAIL.pack(self._index, last)
        self._index += 1
        return self._aead.encrypt(nonce, data, None)

    def update(self, data: bytes | bytearray | memoryview) -> bytes:
        if self._done:
            raise RuntimeError("encryptor already finalized")
        out = [self._take_header()]
        view = memoryview(data).cast("B")
        if not view:
            return out[0]
        seg = self._seg
        # A full segment is held back until more data arrives: only then is it known not to be the last.
        if self._held is not None:
            out.append(self._segment(self._held, last=False))
            self._held = None
        if self._buf:
            need = seg - len(self._buf)
            self._buf += view[:need]
            view = view[need:]
            if len(self._buf) < seg:
                return b"".join(out)
            if view:
                out.append(self._segment(self._buf, last=False))
                self._buf = bytearray()
            else:
                self._held, self._buf = bytes(self._buf), bytearray()
                return b"".join(out)
        while len(view) > seg:  # whole segments straight from the caller's buffer, no copy
            out.append(self._segment(view[:seg], last=False))
            view = view[seg:]
        if len(view) == seg:
            self._held = view if isinstance(data, bytes) else bytes(view)
        else:
            self._buf += view
        return b"".join(out)

    def finalize(self) -> bytes:
        if self._done:
            raise RuntimeError("encryptor already finalized")
        self._done = True
        last = self._held if self._held is not None else bytes(self._buf)
        tail = self._take_header() + self._segment(last, last=True)
        self._held, self._buf = None, bytearray()
        return tail


class Decryptor:
    """Incremental decryption: feed ciphertext with ``update`` (returns authenticated plaintext), then
    ``finalize`` (raises ``InvalidCiphertext`` if the stream was truncated)."""

    def __init__(self, dek: bytes, context: EnvelopeContext) -> None:
        self._dek = dek
        self._context = context
        self._buf = bytearray()
        self._aead: AESGCM | None = None
        self._prefix = b""
        self._cseg = 0
        self._index = 0
        self._done = False

    def _open_header(self) -> bool:
        try:
            header, length, tag = _header.parse(bytes(self._buf[:_header.MAX_HEADER_LEN]))
        except InvalidCiphertext:
            if len(self._buf) < _header.MAX_HEADER_LEN:
                return False  # maybe not all of it yet
            raise
        if len(self._buf) < length:
            return False
        self._aead, self._prefix = _open_authenticated(header, tag, self._dek, self._context)
        self._cseg = header.segment_size + TAG
        del self._buf[:length]
        return True

    def _segment(self, data: bytes | bytearray | memoryview, last: bool) -> bytes:
        assert self._aead is not None
        nonce = self._prefix + _NONCE_TAIL.pack(self._index, last)
        self._index += 1
        try:
            return self._aead.decrypt(nonce, data, None)
        except InvalidTag as exc:
            raise InvalidCiphertext() from exc

    def update(self, data: bytes | bytearray | memoryview) -> bytes:
        return b"".join(self.update_segments(data))

    def update_segments(self, data: bytes | bytearray | memoryview) -> list[bytes]:
        """Like ``update``, but returns the authenticated plaintext segments without joining them."""
        if self._done:
            raise RuntimeError("decryptor already finalized")
        if self._aead is None:
            self._buf += data
            if not self._open_header():
                return []
            data, self._buf = bytes(self._buf), bytearray()
        view = memoryview(data).cast("B")
        out: list[bytes] = []
        cseg = self._cseg
        # The last ciphertext segment is held back until finalize: only the end of the stream marks it.
        if self._buf:
            need = cseg - len(self._buf)
            if len(view) <= need:
                self._buf += view
                return []
            self._buf += view[:need]
            view = view[need:]
            out.append(self._segment(self._buf, last=False))
            self._buf = bytearray()
        while len(view) > cseg:  # whole segments straight from the caller's buffer, no copy
            out.append(self._segment(view[:cseg], last=False))
            view = view[cseg:]
        self._buf += view
        return out

    def finalize(self) -> bytes:
        if self._done:
            raise RuntimeError("decryptor already finalized")
        self._done = True
        if self._aead is None and not self._open_header():
            raise InvalidCiphertext()
        if len(self._buf) < TAG:
            raise InvalidCiphertext()
        return self._segment(bytes(self._buf), last=True)


def _open_authenticated(header: _header.Header, tag: bytes, dek: bytes,
                        context: EnvelopeContext) -> tuple[AESGCM, bytes]:
    key_id, tenant, object_id = context.encoded()
    if (header.key_id, header.tenant, header.object_id) != (key_id, tenant, object_id):
        raise InvalidCiphertext()
    seg_key, mac_key = header.derive_keys(dek)
    _header.verify(header, tag, mac_key)
    return AESGCM(seg_key), header.nonce_prefix


def encrypt_stream(dek: bytes, context: EnvelopeContext, chunks: Iterable[bytes],
                   segment_size: int = DEFAULT_SEGMENT_SIZE) -> Iterator[bytes]:
    """Encrypt an iterable of plaintext chunks; yields ciphertext chunks."""
    enc = Encryptor(dek, context, segment_size)
    for chunk in chunks:
        out = enc.update(chunk)
        if out:
            yield out
    yield enc.finalize()


def decrypt_stream(dek: bytes, context: EnvelopeContext, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decrypt an iterable of ciphertext chunks; yields authenticated plaintext chunks."""
    dec = Decryptor(dek, context)
    for chunk in chunks:
        yield from dec.update_segments(chunk)
    yield dec.finalize()


def ciphertext_size(plaintext_len: int, header_len: int, segment_size: int) -> int:
    n = max(1, -(-plaintext_len // segment_size))
    return header_len + plaintext_len + n * TAG


def _layout(total: int, header_len: int, segment_size: int) -> tuple[int, int]:
    """(number of segments, plaintext size) of a blob of ``total`` bytes; InvalidCiphertext if impossible."""
    body = total - header_len
    cseg = segment_size + TAG
    n = max(1, -(-body // cseg))
    last = body - (n - 1) * cseg
    if body < TAG or last < TAG:
        raise InvalidCiphertext()
    return n, body - n * TAG


def plaintext_size(read_at: Callable[[int, int], bytes], total: int) -> int:
    """The plaintext length of a blob, from its header and total size (unauthenticated until decrypted)."""
    header, length, _ = _header.parse(read_at(0, min(total, _header.MAX_HEADER_LEN)))
    return _layout(total, length, header.segment_size)[1]


def decrypt_range(dek: bytes, context: EnvelopeContext, read_at: Callable[[int, int], bytes], total: int,
                  offset: int, length: int) -> bytes:
    """Decrypt ``length`` plaintext bytes from ``offset`` reading only the segments that hold them.

    ``read_at(pos, n)`` returns ``n`` ciphertext bytes at ``pos`` (fewer only at the end); ``total`` is the
    blob's size. A range past the end is clipped, as with a file read.
    """
    if offset < 0 or length < 0:
        raise ValueError("offset and length must be non-negative")
    header, hlen, tag = _header.parse(read_at(0, min(total, _header.MAX_HEADER_LEN)))
    aead, prefix = _open_authenticated(header, tag, dek, context)
    seg = header.segment_size
    n, size = _layout(total, hlen, seg)
    end = min(offset + length, size)
    if offset >= end:
        return b""
    first, last_index = offset // seg, (end - 1) // seg
    cseg = seg + TAG
    start = hlen + first * cseg
    raw = read_at(start, min(total, hlen + (last_index + 1) * cseg) - start)
    out = []
    for i in range(first, last_index + 1):
        piece = raw[(i - first) * cseg:(i - first + 1) * cseg]
        try:
            out.append(aead.decrypt(prefix + _NONCE_TAIL.pack(i, i == n - 1), piece, None))
        except InvalidTag as exc:
            raise InvalidCiphertext() from exc
    plain = b"".join(out)
    return plain[offset - first * seg:end - first * seg]


def header_key_id(head: bytes) -> str:
    """The (not yet authenticated) key id from the start of a blob, to find its data key. Decryption then
    authenticates the header, key id included."""
    header, _, _ = _header.parse(head)
    return header.key_id.decode("ascii")


# --- key wrapping ------------------------------------------------------------------------------------------
# The same AES-256-GCM recipe wraps KEKs under a master key and DEKs under a KEK wherever the wrapping key is
# held in this process (local keyring, test fakes). HSM and KMS backends wrap inside the device instead, with
# the same associated data.

WRAP_NONCE = 12


def wrap_key(wrapping_key: bytes, key: bytes, aad: bytes) -> bytes:
    """``nonce(12) || AES-256-GCM(wrapping_key, key, aad)``."""
    nonce = os.urandom(WRAP_NONCE)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, key, aad)


def unwrap_key(wrapping_key: bytes, wrapped: bytes, aad: bytes) -> bytes:
    if len(wrapped) < WRAP_NONCE + TAG:
        raise InvalidCiphertext()
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[:WRAP_NONCE], wrapped[WRAP_NONCE:], aad)
    except InvalidTag as exc:
        raise InvalidCiphertext() from exc


def kek_aad(tenant: str, version: int) -> bytes:
    """Associated data for a tenant's KEK sealed under the master key."""
    return f"phigate/kek/v1|{tenant}|{version}".encode()


def dek_aad(tenant: str, version: int, context: bytes) -> bytes:
    """Associated data for a data key wrapped under a tenant's KEK version, bound to the caller's context."""
    return f"phigate/dek/v1|{tenant}|{version}|".encode() + context
