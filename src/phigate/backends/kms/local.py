"""The embedded key manager: per-tenant KEKs in a keyring file, each sealed under a master key.

The master key comes from, in order: ``PHIGATE_MASTER_KEY`` (base64 of 32 bytes), a passphrase
(``PHIGATE_MASTER_PASSPHRASE`` or the ``keys.passphrase`` setting; stretched with scrypt, salt in the keyring),
or a key file that must not be readable by group or others (created 0600 on first run). The keyring is
rewritten atomically (temp file, fsync, rename) under an exclusive lock, so several processes may share it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import fcntl
import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from phigate.crypto import envelope
from phigate.errors import ConfigError, InvalidCiphertext, KeyNotFound, KeyShredded, KeyUnavailable
from phigate.models import DataKey, KekStatus, WrappedKey, validate_id

FORMAT = "phigate-keyring/1"
_CHECK = b"phigate keyring check value"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class LocalKeyring:
    """``KeyManager`` over a local keyring file."""

    name = "local"

    def __init__(self, path: Path, master_key: bytes, *, scrypt_salt: bytes | None = None) -> None:
        if len(master_key) != 32:
            raise ConfigError("the master key must be 32 bytes")
        self._path = Path(path)
        self._master = master_key
        self._lock = threading.RLock()
        self._keks: dict[tuple[str, int], bytes] = {}
        self._doc: dict[str, Any] = {}
        self._stamp: tuple[int, int] | None = None
        self._path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._locked():
            if not self._path.exists():
                doc: dict[str, Any] = {"format": FORMAT, "tenants": {},
                                       "check": envelope.wrap_key(master_key, _CHECK, b"check").hex()}
                if scrypt_salt is not None:
                    doc["scrypt"] = {**_SCRYPT, "salt": scrypt_salt.hex()}
                self._write(doc)
            self._load()

    # -- construction ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, keyring_path: Path, key_file: Path | None = None, passphrase: str | None = None,
             *, create: bool = True) -> LocalKeyring:
        """Open (or on first run create) the keyring with the master key from the environment, a passphrase
        or a key file, in that order. Refuses a key file that group or others can read."""
        env_key = os.environ.get("PHIGATE_MASTER_KEY")
        passphrase = passphrase or os.environ.get("PHIGATE_MASTER_PASSPHRASE")
        if env_key:
            try:
                key = base64.b64decode(env_key, validate=True)
            except binascii.Error as exc:
                raise ConfigError("PHIGATE_MASTER_KEY is not valid base64") from exc
            if len(key) != 32:
                raise ConfigError("PHIGATE_MASTER_KEY must encode exactly 32 bytes")
            return cls(keyring_path, key)
        if passphrase:
            salt = _stored_scrypt_salt(keyring_path) or os.urandom(16)
            key = Scrypt(salt=salt, length=32, **_SCRYPT).derive(passphrase.encode())
            return cls(keyring_path, key, scrypt_salt=salt)
        if key_file is None:
            raise KeyUnavailable("no master key: set PHIGATE_MASTER_KEY, a passphrase or a key file")
        if not key_file.exists():
            if keyring_path.exists() or not create:
                raise KeyUnavailable("the master key file is missing; the keyring cannot be opened")
            key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(base64.b64encode(os.urandom(32)) + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
        mode = key_file.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(f"the master key file is accessible by group or others (mode {stat.S_IMODE(mode):o});"
                              " run: chmod 600 <key file>")
        try:
            key = base64.b64decode(key_file.read_bytes().strip(), validate=True)
        except binascii.Error as exc:
            raise ConfigError("the master key file is not valid base64") from exc
        if len(key) != 32:
            raise ConfigError("the master key file must hold 32 bytes (base64)")
        return cls(keyring_path, key)

    # -- file handling -----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock, open(self._path.with_suffix(".lock"), "a+") as lockf:
            fcntl.flock(lockf, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lockf, fcntl.LOCK_UN)

    def _load(self) -> None:
        try:
            st = self._path.stat()
            stamp = (st.st_ino, st.st_mtime_ns)
            if stamp == self._stamp:
                return
            doc = json.loads(self._path.read_bytes())
        except (OSError, ValueError) as exc:
            raise KeyUnavailable("the keyring file cannot be read") from exc
        if doc.get("format") != FORMAT:
            raise KeyUnavailable("the keyring file has an unknown format")
        try:
            envelope.unwrap_key(self._master, bytes.fromhex(doc["check"]), b"check")
        except (InvalidCiphertext, KeyError, ValueError) as exc:
            raise KeyUnavailable("the master key does not open this keyring (wrong key or passphrase)") from exc
        self._doc, self._stamp = doc, stamp

    def _write(self, doc: dict[str, Any]) -> None:
        tmp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(doc, indent=1, sort_keys=True).encode())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self._path)
            dfd = os.open(self._path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise KeyUnavailable("the keyring file cannot be written") from exc
        self._doc = doc
        st = self._path.stat()
        self._stamp = (st.st_ino, st.st_mtime_ns)

    def _tenant(self, tenant: str) -> dict[str, Any] | None:
        t: dict[str, Any] | None = self._doc["tenants"].get(tenant)
        if t is not None and t.get("shredded_at"):
            raise KeyShredded(f"the keys of tenant {tenant} were shredded at {t['shredded_at']}: "
                              "its data is permanently unrecoverable")
        return t

    def _kek(self, tenant: str, version: int) -> bytes:
        cached = self._keks.get((tenant, version))
        if cached is not None:
            return cached
        t = self._tenant(tenant)
        if t is None or str(version) not in t["versions"]:
            raise KeyNotFound(f"tenant {tenant} has no key version {version}")
        try:
            kek = envelope.unwrap_key(self._master, bytes.fromhex(t["versions"][str(version)]["kek"]),
                                  envelope.kek_aad(tenant, version))
        except InvalidCiphertext as exc:
            raise KeyUnavailable("a key in the keyring failed authentication (keyring corrupt?)") from exc
        self._keks[(tenant, version)] = kek
        return kek

    def _current(self, tenant: str, create: bool) -> int:
        with self._locked():
            self._load()
            t = self._tenant(validate_id(tenant, "tenant"))
            if t is not None:
                return int(t["current"])
            if not create:
                raise KeyNotFound(f"tenant {tenant} has no key")
            return self._add_version(tenant)

    def _add_version(self, tenant: str) -> int:
        doc = json.loads(json.dumps(self._doc))
        t = doc["tenants"].setdefault(tenant, {"versions": {}, "current": 0})
        version = int(t["current"]) + 1
        kek = os.urandom(32)
        t["versions"][str(version)] = {
            "kek": envelope.wrap_key(self._master, kek, envelope.kek_aad(tenant, version)).hex(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        t["current"] = version
        self._write(doc)
        self._keks[(tenant, version)] = kek
        return version

    # -- KeyManager --------------------------------------------------------------------------------------

    def new_data_key(self, tenant: str, context: bytes) -> DataKey:
        version = self._current(tenant, create=True)
        dek = os.urandom(32)
        kek = self._kek(tenant, version)
        ct = envelope.wrap_key(kek, dek, envelope.dek_aad(tenant, version, context))
        return DataKey(dek, WrappedKey(self.name, tenant, version, ct))

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes:
        if wrapped.backend != self.name:
            raise KeyUnavailable(f"this data key belongs to the {wrapped.backend!r} key manager")
        with self._lock:
            if (wrapped.tenant, wrapped.kek_version) not in self._keks:
                with self._locked():
                    self._load()
        kek = self._kek(wrapped.tenant, wrapped.kek_version)
        return envelope.unwrap_key(kek, wrapped.ciphertext,
                               envelope.dek_aad(wrapped.tenant, wrapped.kek_version, context))

    def rotate(self, tenant: str) -> int:
        with self._locked():
            self._load()
            self._tenant(validate_id(tenant, "tenant"))
            return self._add_version(tenant)

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        dek = self.unwrap(wrapped, context)
        version = self._current(wrapped.tenant, create=False)
        if version == wrapped.kek_version:
            return wrapped
        ct = envelope.wrap_key(self._kek(wrapped.tenant, version), dek,
                            envelope.dek_aad(wrapped.tenant, version, context))
        return WrappedKey(self.name, wrapped.tenant, version, ct)

    def shred(self, tenant: str) -> None:
        with self._locked():
            self._load()
            doc = json.loads(json.dumps(self._doc))
            t = doc["tenants"].get(validate_id(tenant, "tenant"))
            if t is None:
                raise KeyNotFound(f"tenant {tenant} has no key")
            if t.get("shredded_at"):
                return
            doc["tenants"][tenant] = {"versions": {}, "current": t["current"], "destroyed_versions":
                                      sorted(int(v) for v in t["versions"]),
                                      "shredded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            self._write(doc)
            for key in [k for k in self._keks if k[0] == tenant]:
                del self._keks[key]

    def status(self, tenant: str) -> KekStatus:
        with self._locked():
            self._load()
        t = self._doc["tenants"].get(validate_id(tenant, "tenant"))
        if t is None:
            return KekStatus(tenant, self.name, None, (), shredded=False)
        shredded_at = t.get("shredded_at")
        return KekStatus(tenant, self.name, None if shredded_at else int(t["current"]),
                         tuple(sorted(int(v) for v in t["versions"])), shredded=bool(shredded_at),
                         shredded_at=dt.datetime.fromisoformat(shredded_at) if shredded_at else None)

    def tenants(self) -> list[str]:
        with self._locked():
            self._load()
        return sorted(self._doc["tenants"])

    def check(self) -> None:
        with self._locked():
            self._stamp = None
            self._load()


def _stored_scrypt_salt(path: Path) -> bytes | None:
    try:
        doc = json.loads(path.read_bytes())
        return bytes.fromhex(doc["scrypt"]["salt"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
