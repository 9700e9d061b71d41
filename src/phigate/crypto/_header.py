"""The authenticated header of phigate's streaming envelope format (see docs/envelope-format.md)."""

from __future__ import annotations

import hmac
import struct
from dataclasses import dataclass
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from phigate.errors import InvalidCiphertext, UnsupportedFormat

MAGIC = b"PHGE"
VERSION = 1
SALT_LEN = 32
NONCE_PREFIX_LEN = 7
TAG_LEN = 32
MAX_HEADER_LEN = 4 + 1 + 4 + SALT_LEN + NONCE_PREFIX_LEN + 3 * (1 + 255) + TAG_LEN
_FIXED = struct.Struct(">4sBI")  # magic, version, segment size
KDF_INFO = b"phigate/envelope/v1"


def _lv(value: bytes) -> bytes:
    if len(value) > 255:
        raise ValueError("header field too long")
    return bytes([len(value)]) + value


@dataclass(frozen=True, slots=True)
class Header:
    segment_size: int
    salt: bytes
    nonce_prefix: bytes
    key_id: bytes
    tenant: bytes
    object_id: bytes

    def body(self) -> bytes:
        return (_FIXED.pack(MAGIC, VERSION, self.segment_size) + self.salt + self.nonce_prefix
                + _lv(self.key_id) + _lv(self.tenant) + _lv(self.object_id))

    def derive_keys(self, dek: bytes) -> tuple[bytes, bytes]:
        """(segment key, header MAC key), both bound to this object's salt, tenant and object id."""
        info = KDF_INFO + _lv(self.tenant) + _lv(self.object_id) + _lv(self.key_id)
        okm = HKDF(algorithm=hashes.SHA256(), length=64, salt=self.salt, info=info).derive(dek)
        return okm[:32], okm[32:]

    def seal(self, mac_key: bytes) -> bytes:
        body = self.body()
        return body + hmac.new(mac_key, body, sha256).digest()


def parse(raw: bytes) -> tuple[Header, int, bytes]:
    """Parse an unauthenticated header from the start of ``raw``: (header, header length, tag).

    The caller must authenticate it with ``verify`` before trusting any field.
    """
    if len(raw) < _FIXED.size:
        raise InvalidCiphertext()
    magic, version, segment_size = _FIXED.unpack_from(raw)
    if magic != MAGIC:
        raise InvalidCiphertext()
    if version != VERSION:
        raise UnsupportedFormat(f"unsupported envelope format version {version} (this phigate reads {VERSION})")
    pos = _FIXED.size
    salt = raw[pos:pos + SALT_LEN]
    pos += SALT_LEN
    prefix = raw[pos:pos + NONCE_PREFIX_LEN]
    pos += NONCE_PREFIX_LEN
    fields = []
    for _ in range(3):
        if pos >= len(raw):
            raise InvalidCiphertext()
        n = raw[pos]
        fields.append(raw[pos + 1:pos + 1 + n])
        pos += 1 + n
    tag = raw[pos:pos + TAG_LEN]
    pos += TAG_LEN
    if len(tag) != TAG_LEN or len(salt) != SALT_LEN or not 16 <= segment_size <= 1 << 30:
        raise InvalidCiphertext()
    return Header(segment_size, salt, prefix, fields[0], fields[1], fields[2]), pos, tag


def verify(header: Header, tag: bytes, mac_key: bytes) -> None:
    if not hmac.compare_digest(hmac.new(mac_key, header.body(), sha256).digest(), tag):
        raise InvalidCiphertext()
