"""TOTP (RFC 6238) second factor over ``pyotp``: 6 digits, 30-second steps, one step of clock drift either way,
and each step accepted once (a code seen at sign-in cannot be replayed within its window)."""

from __future__ import annotations

import hmac
import time

import pyotp

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, the RFC 4226 recommendation


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (usually from a QR code)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(name=account,
                                                                                     issuer_name=issuer)


def matching_step(secret: str, code: str, *, after_step: int | None, now: float | None = None) -> int | None:
    """The time step ``code`` is valid for (the current one or a neighbour), if it is later than ``after_step``
    (the last step used); None otherwise. Compared in constant time."""
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    found = None
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (after_step is None or step > after_step):
            found = step
    return found
