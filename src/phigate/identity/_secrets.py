"""The server secret: 32 random bytes in a 0600 file, from which each purpose derives its own key (HKDF), so
a token-signing key can never verify an upload capability or the other way round."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from phigate.errors import ConfigError


class ServerSecret:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ConfigError("the server secret must be at least 32 bytes")
        self._secret = secret

    @classmethod
    def load_or_create(cls, path: Path) -> ServerSecret:
        """Read the secret, creating it (mode 0600) on first run. Refuses a file others can read."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process won the race; read its secret below
            else:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(32).hex().encode())
                    fh.flush()
                    os.fsync(fh.fileno())
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError("the server secret file is accessible by group or others; run: chmod 600 <file>")
        try:
            return cls(bytes.fromhex(path.read_text().strip()))
        except ValueError as exc:
            raise ConfigError("the server secret file is malformed") from exc

    def derive(self, purpose: str) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=f"phigate/{purpose}/v1".encode()).derive(self._secret)
