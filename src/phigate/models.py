"""Frozen, slotted types that flow between phigate's layers.

Each pipeline stage returns a new type, so a function's signature shows what it may see. Types here hold ids,
hashes and sizes; PHI (filenames, patient references, text) travels only inside encrypted blobs or in types
whose names say so.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def validate_id(value: str, what: str = "id") -> str:
    """Return ``value`` if it is a safe identifier (letters, digits, ``_ . -``; 1-128 chars; no leading dot).

    A leading underscore marks phigate's own namespaces and tenants (``_keys``, ``_system``).

    Ids become parts of object keys and key labels, so anything that could traverse a path or inject a
    separator is refused here, once, for every layer.
    """
    from phigate.errors import InvalidKey

    if not isinstance(value, str) or not _ID_RE.fullmatch(value) or ".." in value:
        raise InvalidKey(f"invalid {what}: must be 1-128 characters of A-Z a-z 0-9 _ . - and not start with '.'")
    return value


@dataclass(frozen=True, slots=True)
class BlobKey:
    """Where an object lives in a blob store: always under its tenant, then a namespace, then its id."""

    tenant: str
    namespace: str
    object_id: str

    def __post_init__(self) -> None:
        validate_id(self.tenant, "tenant")
        validate_id(self.namespace, "namespace")
        validate_id(self.object_id, "object id")

    def parts(self) -> tuple[str, str, str]:
        return (self.tenant, self.namespace, self.object_id)

    def __str__(self) -> str:
        return "/".join(self.parts())


@dataclass(frozen=True, slots=True)
class WrappedKey:
    """A data key encrypted under a tenant's key-encryption key (KEK). Safe to store anywhere."""

    backend: str  # "local", "pkcs11", "aws-kms"
    tenant: str
    kek_version: int
    ciphertext: bytes

    def to_bytes(self) -> bytes:
        import json

        return json.dumps(
            {"v": 1, "backend": self.backend, "tenant": self.tenant, "kek_version": self.kek_version,
             "ct": self.ciphertext.hex()},
            separators=(",", ":"), sort_keys=True,
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> WrappedKey:
        import json

        from phigate.errors import InvalidCiphertext

        try:
            d = json.loads(raw)
            if d.get("v") != 1:
                raise ValueError("version")
            return cls(str(d["backend"]), validate_id(str(d["tenant"]), "tenant"), int(d["kek_version"]),
                       bytes.fromhex(d["ct"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidCiphertext("wrapped data key record is malformed") from exc


@dataclass(frozen=True, slots=True)
class DataKey:
    """A fresh data key: the plaintext (kept in memory only, never stored) and its wrapped form."""

    plaintext: bytes = field(repr=False)
    wrapped: WrappedKey


@dataclass(frozen=True, slots=True)
class KekStatus:
    """What a key manager can say about one tenant's KEK without revealing it."""

    tenant: str
    backend: str
    current_version: int | None
    versions: tuple[int, ...]
    shredded: bool
    shredded_at: dt.datetime | None = None


class RetentionMode(enum.StrEnum):
    GOVERNANCE = "GOVERNANCE"
    COMPLIANCE = "COMPLIANCE"


@dataclass(frozen=True, slots=True)
class Retention:
    mode: RetentionMode
    until: dt.datetime


class ActorKind(enum.StrEnum):
    USER = "user"
    SERVICE = "service"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: an authenticated user or service account, or phigate itself."""

    id: str
    kind: ActorKind
    tenant: str | None
    scopes: frozenset[str] = frozenset()

    def has(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


SYSTEM = Principal(id="phigate", kind=ActorKind.SYSTEM, tenant=None, scopes=frozenset({"admin"}))


def retention_may_change(old: Retention | None, new: Retention) -> bool:
    """WORM rule shared by every store: COMPLIANCE retention is never shortened nor downgraded; GOVERNANCE
    may be extended or turned into COMPLIANCE (shortening GOVERNANCE needs the store's bypass, not offered)."""
    if old is None:
        return True
    if old.mode is RetentionMode.COMPLIANCE and new.mode is not RetentionMode.COMPLIANCE:
        return False
    return new.until >= old.until


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """An audit-ready record of one key operation (ids only; never key material)."""

    action: str  # "key.rotate", "key.rewrap", "key.shred", "key.shred_object"
    tenant: str
    backend: str
    outcome: str  # "success" | "failure"
    kek_version: int | None = None
    count: int | None = None
    object: str | None = None
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class DocumentState(enum.StrEnum):
    """Where a document stands (ARCHITECTURE.md §1). Only ``clean`` documents may leave quarantine."""

    RECEIVED = "received"
    QUARANTINED = "quarantined"
    SCANNING = "scanning"
    CLEAN = "clean"
    INFECTED = "infected"
    UNSCANNABLE = "unscannable"
    EXTRACTING = "extracting"
    ANALYSING = "analysing"
    STORED = "stored"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True, slots=True)
class UploadSession:
    """An upload that was allowed: ids, limits and timing only (the filename and patient reference are PHI and
    live sealed in the database, never in this type)."""

    id: str
    tenant: str
    principal_id: str
    media_type: str
    max_bytes: int
    sha256: str | None
    ai_consent: bool
    created_at: float
    expires_at: float
    status: str  # open | complete | failed | expired | terminated
    received: int
    parts: int
    put_used: bool


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A document whose bytes are sealed in quarantine: what the scan stage receives."""

    document_id: str
    tenant: str
    blob: BlobKey
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: str
    tenant: str
    media_type: str
    size: int
    sha256: str
    state: DocumentState
    verdict: str | None
    reasons: tuple[str, ...]
    ai_consent: bool
    created_at: float
    updated_at: float
