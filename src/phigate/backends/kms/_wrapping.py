"""AES-256-GCM wrapping shared by the adapters that hold KEK bytes in this process (the local keyring)."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phigate.errors import InvalidCiphertext

NONCE = 12


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE + 16:
        raise InvalidCiphertext()
    try:
        return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], aad)
    except InvalidTag as exc:
        raise InvalidCiphertext() from exc


def kek_aad(tenant: str, version: int) -> bytes:
    return f"phigate/kek/v1|{tenant}|{version}".encode()


def dek_aad(tenant: str, version: int, context: bytes) -> bytes:
    return f"phigate/dek/v1|{tenant}|{version}|".encode() + context
