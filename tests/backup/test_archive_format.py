"""The sealed stream under a backup archive (``phigate.crypto.archive``), at its edges: every length around the
chunk size round-trips; a reordered, dropped, duplicated or altered chunk, a cut at any byte, an altered header,
a forged scrypt cost and a wrong passphrase are all the same ``InvalidCiphertext``."""

from __future__ import annotations

import io
import os
import struct

import pytest

from phigate.crypto.archive import ArchiveReader, ArchiveWriter, PlaintextStream
from phigate.errors import InvalidCiphertext, UnsupportedFormat

KEY = b"correct horse battery staple"
CHUNK = 64
HEADER = struct.calcsize(">8sBBB16s7sI")
SEALED = CHUNK + 16


def seal(data: bytes, passphrase: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = ArchiveWriter(out, passphrase, chunk_size=CHUNK, log2_n=10)
    for i in range(0, len(data), 7):  # written in pieces that do not line up with the chunks
        writer.write(data[i:i + 7])
    writer.close()
    return out.getvalue()


def unseal(blob: bytes, passphrase: bytes = KEY) -> bytes:
    return PlaintextStream(ArchiveReader(io.BytesIO(blob), passphrase).chunks()).read()


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5])
def test_every_length_round_trips(size: int) -> None:
    data = os.urandom(size)
    blob = seal(data)
    assert unseal(blob) == data
    assert len(blob) == HEADER + max(1, -(-size // CHUNK)) * 16 + size  # one tag per chunk, at least one chunk


def test_partial_reads_reassemble_the_stream() -> None:
    data = os.urandom(5 * CHUNK + 3)
    stream = PlaintextStream(ArchiveReader(io.BytesIO(seal(data)), KEY).chunks())
    parts = [stream.read(n) for n in (1, 100, 7, 512, 1000)]
    assert b"".join(parts) == data and stream.read(10) == b""


def _chunks(blob: bytes) -> list[bytes]:
    return [blob[i:i + SEALED] for i in range(HEADER, len(blob), SEALED)]


def test_reordered_dropped_duplicated_and_altered_chunks_are_refused() -> None:
    blob = seal(os.urandom(4 * CHUNK + 10))
    head, chunks = blob[:HEADER], _chunks(blob)
    forged = {
        "swapped": head + chunks[1] + chunks[0] + b"".join(chunks[2:]),
        "dropped": head + chunks[0] + b"".join(chunks[2:]),
        "duplicated": head + chunks[0] + b"".join(chunks),
        "last dropped": head + b"".join(chunks[:-1]),  # ends on a chunk boundary, without the last chunk
        "appended": blob + chunks[0],
        "bit flip": blob[:HEADER + 5] + bytes([blob[HEADER + 5] ^ 1]) + blob[HEADER + 6:],
        "salt changed": blob[:20] + bytes([blob[20] ^ 1]) + blob[21:],
    }
    for data in forged.values():
        with pytest.raises(InvalidCiphertext):
            unseal(data)


def test_every_cut_is_refused() -> None:
    blob = seal(os.urandom(2 * CHUNK + 9))
    for cut in range(HEADER, len(blob)):
        with pytest.raises(InvalidCiphertext):
            unseal(blob[:cut])


def test_a_wrong_passphrase_fails_like_damage() -> None:
    with pytest.raises(InvalidCiphertext) as wrong:
        unseal(seal(b"x" * 100), b"correct horse battery stapler")
    with pytest.raises(InvalidCiphertext) as damaged:
        blob = bytearray(seal(b"x" * 100))
        blob[-1] ^= 1
        unseal(bytes(blob))
    assert str(wrong.value) == str(damaged.value)


def test_a_forged_scrypt_cost_or_chunk_size_is_refused_before_any_work() -> None:
    blob = bytearray(seal(b"data"))
    for offset, value in ((8, 40), (9, 200), (10, 200)):  # log2(N) = 40 would ask for terabytes
        forged = bytearray(blob)
        forged[offset] = value
        with pytest.raises(InvalidCiphertext):
            ArchiveReader(io.BytesIO(bytes(forged)), KEY)
    with pytest.raises(UnsupportedFormat):
        ArchiveReader(io.BytesIO(b"PK\x03\x04" + bytes(60)), KEY)
    with pytest.raises(UnsupportedFormat):
        ArchiveReader(io.BytesIO(b"PHGBAK\x00\x02" + bytes(60)), KEY)
