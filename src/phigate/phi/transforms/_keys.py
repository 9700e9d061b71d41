"""Keyed derivations: every surrogate, pseudonym and date shift is a function of (secret, tenant, patient, value)."""

from __future__ import annotations

import hashlib
import hmac


def derive(secret: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 over the length-prefixed parts, so no two part lists collide."""
    msg = b"".join(len(p.encode()).to_bytes(4, "big") + p.encode("utf-8", "surrogatepass") for p in parts)
    return hmac.new(secret, msg, hashlib.sha256).digest()


def pick(seed: bytes, n: int, salt: int = 0) -> int:
    """An index in ``range(n)`` from a seed (``salt`` gives the next choice on a collision)."""
    if salt:
        seed = hashlib.sha256(seed + salt.to_bytes(4, "big")).digest()
    return int.from_bytes(seed[:8], "big") % n
