"""The passphrase-sealed stream of a backup archive: scrypt, then AES-256-GCM chunks (the STREAM construction
of ``envelope.py``, under a key derived from the operator's passphrase instead of a data key).

Layout (``docs/operations.md``, "Backup archive format")::

    header  = MAGIC (8) || log2(N) (u8) || r (u8) || p (u8) || salt (16) || nonce prefix (7) || chunk size (u32 BE)
    chunk i = AES-256-GCM(key, nonce = prefix || i (u32 BE) || last (u8), plaintext, aad = header)

``key = scrypt(passphrase, salt, N, r, p)``, 32 bytes. Every chunk but the last holds exactly ``chunk size``
plaintext bytes; the last (possibly empty) carries ``last = 1``. Reordered, altered, dropped, truncated or
appended chunks, an altered header and a wrong passphrase all fail with the same ``InvalidCiphertext``: no
error tells a wrong passphrase from a damaged archive. scrypt's cost parameters are bounded on reading, so a
forged header cannot make a restore spend unbounded memory.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from phigate.errors import InvalidCiphertext, UnsupportedFormat

__all__ = ["MAGIC", "ArchiveReader", "ArchiveWriter", "PlaintextStream"]

MAGIC = b"PHGBAK\x00\x01"
_HEADER = struct.Struct(">8sBBB16s7sI")
_NONCE_TAIL = struct.Struct(">IB")
_TAG = 16
DEFAULT_CHUNK = 1024 * 1024
DEFAULT_LOG2_N = 17  # 128 MiB of memory and a few hundred milliseconds per derivation (OWASP's scrypt floor)
_MAX_LOG2_N = 20
_MAX_CHUNK = 16 * 1024 * 1024
_MAX_CHUNKS = 2**32 - 1


class Sink(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Source(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _derive(passphrase: bytes, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    if not passphrase:
        raise InvalidCiphertext("an empty passphrase cannot seal or open a backup")
    return AESGCM(Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase))


class ArchiveWriter:
    """Seals what is written to it onto ``sink``, one chunk at a time; ``close()`` writes the last chunk (without
    it a reader refuses the stream as truncated)."""

    def __init__(self, sink: Sink, passphrase: bytes, *, chunk_size: int = DEFAULT_CHUNK,
                 log2_n: int = DEFAULT_LOG2_N) -> None:
        if not 1 <= chunk_size <= _MAX_CHUNK or not 10 <= log2_n <= _MAX_LOG2_N:
            raise ValueError("chunk size or scrypt cost out of range")
        salt, self._prefix = os.urandom(16), os.urandom(7)
        self._header = _HEADER.pack(MAGIC, log2_n, 8, 1, salt, self._prefix, chunk_size)
        self._aead = _derive(passphrase, salt, log2_n, 8, 1)
        self._sink, self._chunk = sink, chunk_size
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("the archive is closed")
        self._buffer += data
        while len(self._buffer) > self._chunk:  # keep at least one byte back: the last chunk is never empty early
            self._seal(bytes(self._buffer[:self._chunk]), last=False)
            del self._buffer[:self._chunk]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        if self._index > _MAX_CHUNKS:
            raise ValueError("the archive is too long for its chunk size")
        nonce = self._prefix + _NONCE_TAIL.pack(self._index, int(last))
        self._sink.write(self._aead.encrypt(nonce, plaintext, self._header))
        self._index += 1


class ArchiveReader:
    """Opens a sealed stream from ``source``: ``chunks()`` yields authenticated plaintext one chunk at a time and
    raises ``InvalidCiphertext`` at the first chunk that fails, or at the end when the last chunk is missing."""

    def __init__(self, source: Source, passphrase: bytes) -> None:
        header = source.read(_HEADER.size)
        if len(header) != _HEADER.size or not header.startswith(MAGIC[:6]):
            raise UnsupportedFormat("this file is not a phigate backup archive")
        magic, log2_n, r, p, salt, self._prefix, chunk = _HEADER.unpack(header)
        if magic != MAGIC:
            raise UnsupportedFormat("this backup archive's format version is not one this phigate reads")
        if not (10 <= log2_n <= _MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16 and 1 <= chunk <= _MAX_CHUNK):
            raise InvalidCiphertext()
        self._header, self._source, self._chunk = header, source, chunk
        self._aead = _derive(passphrase, salt, log2_n, r, p)

    def chunks(self) -> Iterator[bytes]:
        size = self._chunk + _TAG
        pending = self._source.read(size)
        index = 0
        while True:
            following = self._source.read(size) if len(pending) == size else b""
            last = not following
            if len(pending) < _TAG or index > _MAX_CHUNKS:
                raise InvalidCiphertext()
            nonce = self._prefix + _NONCE_TAIL.pack(index, int(last))
            try:
                yield self._aead.decrypt(nonce, pending, self._header)
            except InvalidTag as exc:  # altered, reordered, cut at a chunk boundary, or a wrong passphrase
                raise InvalidCiphertext() from exc
            if last:
                return
            pending, index = following, index + 1


class PlaintextStream:
    """A read-only file object over ``ArchiveReader.chunks()``, for ``tarfile``'s stream mode (which reads in
    small records: the current chunk is read through by position, never copied down after each read)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._chunk, self._pos = chunks, b"", 0

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size
        while wanted != 0:
            if self._pos >= len(self._chunk):
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._chunk, self._pos = chunk, 0
                continue
            end = len(self._chunk) if wanted < 0 else min(len(self._chunk), self._pos + wanted)
            parts.append(self._chunk[self._pos:end])
            wanted = wanted if wanted < 0 else wanted - (end - self._pos)
            self._pos = end
        return b"".join(parts)
