"""PHI fields of a record (filename, patient reference) sealed with their own data key, for a database column.

Layout: 4-byte length of the wrapped data key record, the record, then an envelope ciphertext bound to the
tenant and ``<purpose>/<record id>``; moving the value to another record or tenant fails to open.
"""

from __future__ import annotations

import json
import struct

from phigate.crypto import envelope
from phigate.errors import InvalidCiphertext
from phigate.models import WrappedKey
from phigate.ports import KeyManager

_LEN = struct.Struct(">I")


def _context(tenant: str, purpose: str, record_id: str) -> tuple[bytes, envelope.EnvelopeContext]:
    binding = f"{purpose}/{record_id}"
    return (json.dumps([tenant, binding], separators=(",", ":")).encode(),
            envelope.EnvelopeContext(tenant, binding, record_id))


def seal_fields(keys: KeyManager, tenant: str, purpose: str, record_id: str, fields: dict[str, str | None]) -> bytes:
    wrap_ctx, ctx = _context(tenant, purpose, record_id)
    data_key = keys.new_data_key(tenant, wrap_ctx)
    wrapped = data_key.wrapped.to_bytes()
    body = b"".join(envelope.encrypt_stream(data_key.plaintext, ctx, [json.dumps(fields).encode()]))
    return _LEN.pack(len(wrapped)) + wrapped + body


def open_fields(keys: KeyManager, tenant: str, purpose: str, record_id: str, sealed: bytes) -> dict[str, str | None]:
    try:
        (n,) = _LEN.unpack_from(sealed)
        wrapped = WrappedKey.from_bytes(sealed[4:4 + n])
    except struct.error as exc:
        raise InvalidCiphertext() from exc
    if wrapped.tenant != tenant:
        raise InvalidCiphertext()
    wrap_ctx, ctx = _context(tenant, purpose, record_id)
    dek = keys.unwrap(wrapped, wrap_ctx)
    plain = b"".join(envelope.decrypt_stream(dek, ctx, [sealed[4 + n:]]))
    value: dict[str, str | None] = json.loads(plain)
    return value
