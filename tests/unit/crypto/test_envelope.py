"""The streaming envelope format: round trips, random access, and every kind of tampering."""

from __future__ import annotations

import hmac
import json
import os
import struct
from hashlib import sha256
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.crypto.envelope import (
    Decryptor,
    Encryptor,
    EnvelopeContext,
    decrypt_range,
    decrypt_stream,
    encrypt_stream,
    new_data_key,
)
from phigate.errors import InvalidCiphertext, UnsupportedFormat

SEG = 4096
CTX = EnvelopeContext("tenant-a", "docs/obj-1", "k1")
VECTORS = json.loads((Path(__file__).parents[2] / "vectors" / "envelope_v1.json").read_text())["vectors"]


def seal(data: bytes, dek: bytes, ctx: EnvelopeContext = CTX, seg: int = SEG) -> bytes:
    return b"".join(encrypt_stream(dek, ctx, [data], segment_size=seg))


def unseal(ct: bytes, dek: bytes, ctx: EnvelopeContext = CTX, step: int = 1000) -> bytes:
    return b"".join(decrypt_stream(dek, ctx, [ct[i:i + step] for i in range(0, len(ct), step)]))


def header_len(ct: bytes) -> int:
    pos = 4 + 1 + 4 + 32 + 7
    for _ in range(3):
        pos += 1 + ct[pos]
    return pos + 32


@pytest.fixture
def dek() -> bytes:
    return new_data_key()


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5 * SEG + 7), write_step=st.integers(1, 3 * SEG), read_step=st.integers(1, 3 * SEG))
def test_round_trip_any_size_and_chunking(data: bytes, write_step: int, read_step: int) -> None:
    dek = bytes(32)
    chunks = [data[i:i + write_step] for i in range(0, len(data), write_step)]
    ct = b"".join(encrypt_stream(dek, CTX, chunks, segment_size=SEG))
    assert unseal(ct, dek, step=read_step) == data


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=4 * SEG + 5), offset=st.integers(0, 5 * SEG), length=st.integers(0, 3 * SEG))
def test_random_access_matches_slice(data: bytes, offset: int, length: int) -> None:
    dek = bytes(range(32))
    ct = seal(data, dek)
    got = decrypt_range(dek, CTX, lambda p, n: ct[p:p + n], len(ct), offset, length)
    assert got == data[offset:offset + length]


def test_random_access_reads_only_needed_segments(dek: bytes) -> None:
    data = os.urandom(64 * SEG)
    ct = seal(data, dek)
    reads: list[tuple[int, int]] = []

    def read_at(p: int, n: int) -> bytes:
        reads.append((p, n))
        return ct[p:p + n]

    assert decrypt_range(dek, CTX, read_at, len(ct), 60 * SEG + 10, 100) == data[60 * SEG + 10:60 * SEG + 110]
    assert sum(n for _, n in reads[1:]) <= SEG + 16  # one segment besides the header probe


def test_test_vectors_decrypt() -> None:
    for v in VECTORS:
        ctx = EnvelopeContext(v["tenant"], v["object_id"], v["key_id"])
        assert unseal(bytes.fromhex(v["ciphertext"]), bytes.fromhex(v["dek"]), ctx) == bytes.fromhex(v["plaintext"])


def test_vectors_follow_the_documented_format() -> None:
    """An independent decoder written from docs/envelope-format.md, using only cryptography primitives."""
    for v in VECTORS:
        ct, dek = bytes.fromhex(v["ciphertext"]), bytes.fromhex(v["dek"])
        magic, version, seg = struct.unpack_from(">4sBI", ct)
        assert (magic, version, seg) == (b"PHGE", 1, v["segment_size"])
        salt, prefix = ct[9:41], ct[41:48]
        pos, fields = 48, []
        for _ in range(3):
            fields.append(ct[pos + 1:pos + 1 + ct[pos]])
            pos += 1 + ct[pos]
        key_id, tenant, object_id = fields
        assert (key_id.decode(), tenant.decode(), object_id.decode()) == (v["key_id"], v["tenant"], v["object_id"])

        def lv(b: bytes) -> bytes:
            return bytes([len(b)]) + b

        okm = HKDF(hashes.SHA256(), 64, salt, b"phigate/envelope/v1" + lv(tenant) + lv(object_id) + lv(key_id)).derive(dek)
        assert hmac.compare_digest(hmac.new(okm[32:], ct[:pos], sha256).digest(), ct[pos:pos + 32])
        body = ct[pos + 32:]
        segs = [body[i:i + seg + 16] for i in range(0, len(body), seg + 16)] or [b""]
        plain = b"".join(AESGCM(okm[:32]).decrypt(prefix + struct.pack(">IB", i, i == len(segs) - 1), s, None)
                         for i, s in enumerate(segs))
        assert plain == bytes.fromhex(v["plaintext"])


@pytest.mark.parametrize("ctx", [
    EnvelopeContext("tenant-b", "docs/obj-1", "k1"),
    EnvelopeContext("tenant-a", "docs/obj-2", "k1"),
    EnvelopeContext("tenant-a", "docs/obj-1", "k2"),
])
def test_wrong_tenant_object_or_key_id_fails(dek: bytes, ctx: EnvelopeContext) -> None:
    ct = seal(b"x" * 10000, dek)
    with pytest.raises(InvalidCiphertext):
        unseal(ct, dek, ctx)
    with pytest.raises(InvalidCiphertext):
        decrypt_range(dek, ctx, lambda p, n: ct[p:p + n], len(ct), 0, 10)


def test_wrong_data_key_fails(dek: bytes) -> None:
    with pytest.raises(InvalidCiphertext):
        unseal(seal(b"abc", dek), new_data_key())


def test_flipped_bit_anywhere_is_detected(dek: bytes) -> None:
    ct = seal(os.urandom(3 * SEG + 100), dek)
    hlen = header_len(ct)
    positions = [0, 4, 6, 20, 45, hlen - 1, hlen, hlen + 5, hlen + SEG + 15, hlen + SEG + 16, len(ct) - 20, len(ct) - 1]
    for pos in positions:
        bad = bytearray(ct)
        bad[pos] ^= 0x01
        with pytest.raises((InvalidCiphertext, UnsupportedFormat)):
            unseal(bytes(bad), dek)


def test_truncation_at_every_segment_boundary_is_detected(dek: bytes) -> None:
    data = os.urandom(4 * SEG)
    ct = seal(data, dek)
    hlen = header_len(ct)
    for cut in [0, 3, hlen - 1, hlen] + [hlen + k * (SEG + 16) for k in range(1, 4)] + [len(ct) - 1]:
        with pytest.raises(InvalidCiphertext):
            unseal(ct[:cut], dek)


def test_extra_trailing_bytes_are_detected(dek: bytes) -> None:
    ct = seal(os.urandom(2 * SEG), dek)
    for extra in [b"\x00", b"x" * 16, os.urandom(SEG + 16)]:
        with pytest.raises(InvalidCiphertext):
            unseal(ct + extra, dek)


def test_reordered_segments_are_detected(dek: bytes) -> None:
    ct = seal(os.urandom(3 * SEG + 1), dek)
    h, c = header_len(ct), SEG + 16
    swapped = ct[:h] + ct[h + c:h + 2 * c] + ct[h:h + c] + ct[h + 2 * c:]
    with pytest.raises(InvalidCiphertext):
        unseal(swapped, dek)


def test_segment_swapped_in_from_another_object_is_detected(dek: bytes) -> None:
    a, b = seal(os.urandom(2 * SEG + 1), dek), seal(os.urandom(2 * SEG + 1), dek)
    h = header_len(a)
    mixed = a[:h] + b[h:h + SEG + 16] + a[h + SEG + 16:]
    with pytest.raises(InvalidCiphertext):
        unseal(mixed, dek)


def test_unknown_format_version_is_a_typed_error(dek: bytes) -> None:
    ct = bytearray(seal(b"hello", dek))
    ct[4] = 9
    with pytest.raises(UnsupportedFormat, match="version 9"):
        unseal(bytes(ct), dek)


def test_garbage_and_empty_inputs(dek: bytes) -> None:
    for junk in [b"", b"PHGE", b"not an envelope at all" * 10, os.urandom(5000)]:
        with pytest.raises((InvalidCiphertext, UnsupportedFormat)):
            unseal(junk, dek)


def test_truncated_stream_releases_only_authenticated_segments(dek: bytes) -> None:
    data = os.urandom(3 * SEG)
    ct = seal(data, dek)
    dec = Decryptor(dek, CTX)
    released = dec.update(ct[:-10])
    assert data.startswith(released) and len(released) % SEG == 0
    with pytest.raises(InvalidCiphertext):
        dec.finalize()


def test_encryptor_misuse() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Encryptor(b"short", CTX)
    enc = Encryptor(bytes(32), CTX)
    enc.finalize()
    with pytest.raises(RuntimeError):
        enc.update(b"more")
