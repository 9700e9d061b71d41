"""The interfaces between phigate's pipeline and the systems it runs on. Each is small; adapters live in
``phigate.backends`` and only ``phigate.registry`` imports them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from phigate.ai.catalog import Baa, ModelEntry, PauseScope
from phigate.models import (
    UPLOAD_OPEN,
    AccessContext,
    ActorKind,
    AuditEvent,
    AuditReport,
    BlobKey,
    BreakGlass,
    Checkpoint,
    DataKey,
    Decision,
    Delivery,
    DocumentRecord,
    DocumentState,
    Extracted,
    KekStatus,
    OcrWord,
    PolicyResource,
    Principal,
    QuarantineEntry,
    Reason,
    Reidentification,
    ReleaseRequest,
    Retention,
    ScannerInfo,
    ScanTarget,
    Tenant,
    TerminalTransition,
    UploadSession,
    Verdict,
    Webhook,
    WrappedKey,
)

if TYPE_CHECKING:
    from PIL import Image
    from sqlalchemy.engine import Connection



class BlobWriter(Protocol):
    """A push-style atomic write: nothing is visible until ``commit``; ``abort`` leaves nothing behind."""

    def write(self, data: bytes) -> None: ...

    def commit(self) -> int:
        """Publish the object atomically; return its size in bytes."""
        ...

    def abort(self) -> None: ...


@runtime_checkable
class BlobStore(Protocol):
    """Stores opaque (already encrypted) bytes under tenant-prefixed keys.

    ``put_stream`` is atomic: a reader sees the whole new object or the previous state, never a part.
    """

    name: str

    def put_stream(self, key: BlobKey, chunks: Iterable[bytes]) -> int:
        """Store the concatenated chunks under ``key`` (replacing any object there); return the byte count."""
        ...

    def open_writer(self, key: BlobKey) -> BlobWriter:
        """Start an atomic write of ``key`` fed piece by piece (memory stays flat)."""
        ...

    def get_stream(self, key: BlobKey, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        """Yield the object's bytes from ``start`` (``length`` bytes, or to the end). ObjectNotFound if absent."""
        ...

    def size(self, key: BlobKey) -> int:
        """The object's size in bytes. ObjectNotFound if absent."""
        ...

    def exists(self, key: BlobKey) -> bool: ...

    def delete(self, key: BlobKey) -> None:
        """Remove the object (no error if absent). ObjectLocked under retention or legal hold."""
        ...

    def list(self, tenant: str, namespace: str) -> Iterator[BlobKey]:
        """Every key stored under one tenant's namespace."""
        ...

    def set_retention(self, key: BlobKey, retention: Retention) -> None:
        """WORM retention. COMPLIANCE can never be shortened or downgraded. StorageError if unsupported."""
        ...

    def set_legal_hold(self, key: BlobKey, on: bool) -> None: ...

    def check(self) -> None:
        """Raise StorageError unless the store is reachable and writable."""
        ...


@runtime_checkable
class LeavesTemporaries(Protocol):
    """A blob store whose interrupted writes (a crash before commit) leave temporary files behind, and that
    knows when an object was last written. ``phigate fsck`` finds and removes them; the filesystem store is one.
    (S3 drops incomplete multipart uploads by a bucket lifecycle rule instead.)"""

    def stale_temporaries(self, older_than: float) -> Sequence[str]:
        """Temporary files not written to for ``older_than`` seconds, as paths relative to the store's root."""
        ...

    def remove_temporary(self, name: str) -> None:
        """Remove one (a name ``stale_temporaries`` gave). InvalidKey for anything else."""
        ...

    def modified_at(self, key: BlobKey) -> float:
        """When the object was last written (POSIX time). ObjectNotFound if absent."""
        ...


@runtime_checkable
class KeyManager(Protocol):
    """Per-tenant key-encryption keys (KEKs), with versions. Data keys (DEKs) never leave it unwrapped
    except to the caller that asked; KEKs never leave it at all.

    ``context`` is bound into every wrap as associated data (tenant and object id), so a wrapped key moved
    to another object fails to unwrap.
    """

    name: str

    # data use
    def new_data_key(self, tenant: str, context: bytes) -> DataKey: ...

    def unwrap(self, wrapped: WrappedKey, context: bytes) -> bytes: ...

    # key administration
    def rotate(self, tenant: str) -> int:
        """Create a new KEK version for the tenant (the first one if it has none); return its number."""
        ...

    def rewrap(self, wrapped: WrappedKey, context: bytes) -> WrappedKey:
        """Re-wrap a DEK under the tenant's newest KEK version without exposing it to the caller."""
        ...

    def shred(self, tenant: str) -> None:
        """Destroy every version of the tenant's KEK: all its data becomes permanently unrecoverable."""
        ...

    def status(self, tenant: str) -> KekStatus: ...

    def tenants(self) -> list[str]: ...

    def check(self) -> None:
        """Raise KeyUnavailable unless the key manager is usable."""
        ...


@runtime_checkable
class Extractor(Protocol):
    """Turns one document's plaintext bytes (held in memory; nothing is written to disk) into pages of text
    with stable offsets, structured PHI fields and findings.

    Failures are typed: ``ExtractionError`` and its family (malformed, over a limit, protected, OCR
    unavailable), each with a reason that holds no document content. A failure confined to one page is a
    ``Finding`` on that page instead, and the other pages are still returned.
    """

    name: str
    media_types: frozenset[str]

    def extract(self, data: bytes, media_type: str) -> Extracted: ...


class WordReader(Protocol):
    """OCR that says where each word is: what image de-identification blacks out (Tesseract in production)."""

    def read_words(self, image: Image.Image, dpi: int = 300) -> tuple[OcrWord, ...]:
        """Every word read on the image, with its box in pixels; the image stays in memory."""
        ...


class ScanLimits(Protocol):
    """The quarantine gate's hard caps as its adapters read them: plain numbers the registry hands over (the
    ``[scan.limits]`` settings section is one such object; adapters never import the settings)."""

    max_document_bytes: int
    max_pdf_pages: int
    max_pdf_objects: int
    max_zip_entries: int
    max_zip_uncompressed_bytes: int
    max_zip_ratio: int  # per entry, uncompressed / compressed
    max_image_pixels: int  # per frame
    max_image_frames: int
    max_text_bytes: int
    max_json_depth: int
    max_hl7_segments: int
    max_dicom_elements: int


@runtime_checkable
class Scanner(Protocol):
    """Judges a stream of plaintext bytes (decrypted in memory by the caller; never written to disk).

    ``scan`` never raises for a bad document or a failing engine: every error, timeout or limit becomes an
    ``unscannable`` reason, so nothing can be mistaken for ``clean``.
    """

    name: str

    def info(self) -> ScannerInfo:
        """Engine version and signature database version, recorded on the verdict."""
        ...

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict: ...

    def check(self) -> None:
        """Raise ScanError unless the scanner can scan (engine reachable, rules loaded)."""


class Audit(Protocol):
    """The audit seam of the use cases: one call per use case, written to the tamper-evident log before the
    caller's transaction commits. Raises ``AuditError`` when the event cannot be written (fail closed)."""

    def record(self, action: str, *, actor: str, tenant: str | None, outcome: str,
               actor_kind: ActorKind | None = None, **details: str | int | None) -> None: ...


@runtime_checkable
class AuditLog(Protocol):
    """The tamper-evident, append-only record of everything done to PHI (ARCHITECTURE.md invariant 5).

    ``append`` returns only once the event is durable, and raises ``AuditError`` otherwise: the caller must
    then fail the operation the event describes. Sequence numbers start at 0 and are the events' leaf
    indexes in the RFC 9162 Merkle tree.
    """

    def append(self, event: AuditEvent, patient_ref: str | None = None) -> int:
        """Record ``event`` (``patient_ref`` is kept only as a keyed hash); return its sequence number."""
        ...

    def checkpoint(self) -> Checkpoint:
        """Sign the current tree head now (also written to the blob store) and return it."""
        ...

    def prove_inclusion(self, seq: int, tree_size: int) -> list[bytes]:
        """The RFC 9162 audit path of event ``seq`` in the tree of ``tree_size`` events."""
        ...

    def prove_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        """The RFC 9162 proof that the tree of ``old_size`` events is a prefix of the one of ``new_size``."""
        ...

    def verify(self) -> AuditReport:
        """Recompute every hash, MAC, node and checkpoint; report each discrepancy and where it is."""
        ...


AuditRow = tuple[Any, ...]
"""An ``audit_events`` row as stored: ``seq``, ``ts``, the other entry fields in the signed order
(``_tables.AUDIT_ENTRY_COLUMNS``), then ``leaf_hash``, ``chain_hash`` and ``mac``."""
AuditNode = tuple[int, int, bytes]
"""A stored Merkle tree node: its height, its index at that height and its hash."""


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which events ``AuditStore.find`` returns, oldest first: every given field matches. Times are the log's
    canonical text (it sorts as time). ``patient_hash``: the events naming it, and every event on a resource
    one of those names (within ``tenant`` when given)."""

    limit: int
    tenant: str | None = None
    actor_id: str | None = None
    resource_kind: str | None = None
    resource_id: str | None = None
    action: str | None = None
    since: str | None = None
    until: str | None = None
    patient_hash: str | None = None
    after_seq: int | None = None


class AuditReading(Protocol):
    """The reads the log's Merkle tree and damage check make, on one connection (``AuditStore.reading``) or
    inside the write transaction (``AuditStore.writing``)."""

    def head(self, before: int | None = None) -> tuple[int, bytes] | None:
        """The newest event's ``(seq, chain_hash)`` (the newest with ``seq < before``), or None."""
        ...

    def span(self) -> tuple[int, int, int] | None:
        """``(lowest seq, highest seq, number of events)``, or None for an empty log."""
        ...

    def gaps(self, limit: int) -> list[tuple[int, int]]:
        """Up to ``limit`` pairs of consecutive stored sequence numbers ``(a, b)`` with ``b > a + 1``, in order."""
        ...

    def leaves(self, lo: int, hi: int) -> list[tuple[int, bytes]]:
        """``(seq, leaf_hash)`` of the events ``lo <= seq < hi``, in order."""
        ...

    def nodes(self, wanted: Iterable[tuple[int, int]] | None = None) -> dict[tuple[int, int], bytes]:
        """The stored tree nodes among ``wanted`` (``(height, index)``; every node when None)."""
        ...

    def checkpoint(self, tree_size: int) -> Checkpoint | None: ...

    def newest_checkpoint(self) -> int:
        """The tree size of the newest checkpoint in the database (0 when there is none)."""
        ...


class AuditWriting(AuditReading, Protocol):
    """One write transaction under the log's lock: it commits when the ``with`` block ends, or rolls back."""

    def insert(self, rows: Sequence[AuditRow], nodes: Sequence[AuditNode]) -> None:
        """The new tree nodes and events. ``Conflict`` when another writer took one of their sequence numbers."""
        ...

    def add_checkpoint(self, checkpoint: Checkpoint) -> None: ...


class AuditStore(Protocol):
    """The tables of the append-only audit log (``phigate.audit`` keeps the hashing, signing and every rule).

    Writes hold the log's lock, which serialises appenders in every process; on PostgreSQL they run as the
    INSERT-only writer role. Database failures raise ``StorageError``."""

    def reading(self) -> AbstractContextManager[AuditReading]: ...

    def writing(self) -> AbstractContextManager[AuditWriting]:
        """A write transaction under the log's lock (the head is read inside it, then written after)."""
        ...

    def append(self, rows: Sequence[AuditRow], nodes: Sequence[AuditNode]) -> None:
        """``insert`` in a transaction of its own under the lock, for a writer that knows the head already.
        ``Conflict`` when another writer appended first (nothing is written)."""
        ...

    def rows(self, lo: int = 0, hi: int | None = None, chunk: int = 20_000) -> Iterator[list[AuditRow]]:
        """The events ``lo <= seq < hi``, in order, ``chunk`` at a time (each read on a connection of its own)."""
        ...

    def event(self, seq: int) -> AuditRow | None: ...

    def find(self, query: AuditQuery) -> list[AuditRow]: ...

    def seq_from_end(self, count: int) -> int | None:
        """The sequence number of the ``count``-th newest event, or None when there are fewer."""
        ...

    def checkpoints(self, *, limit: int, before: int | None = None) -> list[Checkpoint]:
        """The newest checkpoints first (those of fewer than ``before`` events)."""
        ...

    def signed_heads(self) -> dict[int, tuple[bytes, bytes]]:
        """Every checkpoint in the database: tree size -> (signed body, signature)."""
        ...

    def cursor(self, name: str) -> int | None:
        """An export cursor's next sequence number."""
        ...

    def save_cursor(self, name: str, next_seq: int) -> None: ...

    def worker_opener(self) -> Callable[[], AbstractContextManager[AuditStore]] | None:
        """A picklable callable that opens this store in another process, for the ``with`` block (``audit
        verify``'s workers), or None when the database cannot be reached from there (SQLite in memory)."""
        ...

    def check(self) -> None:
        """StorageError unless the tables answer."""
        ...

    def close(self) -> None:
        """Return the writer's connection to the pool (the log's writer stopped)."""
        ...


class JobQueue(Protocol):
    """The pipeline's jobs on a job engine: ``defer`` runs inside the caller's open transaction, so a document's
    state change and the job for its next stage commit, or roll back, together. A job carries ids only (never
    PHI); ``phigate worker`` processes run them."""

    def defer(self, transaction: Connection, stage: str, document_id: str, tenant: str, *,
              delay: float = 0.0, priority: int = 0) -> None:
        """Defer the job of ``stage`` for the document, to run no sooner than ``delay`` seconds from now (a
        retry's back-off), before waiting jobs of a lower ``priority``. One waiting job per stage and document: a
        duplicate is dropped."""
        ...

    def pending(self, transaction: Connection, document_id: str) -> list[str]:
        """The stages with a job waiting or running for this document."""
        ...

    def with_jobs(self, transaction: Connection, document_ids: Sequence[str]) -> set[str]:
        """Those of ``document_ids`` that have a job waiting or running (the sweep re-defers the others)."""
        ...


class QuarantineStore(Protocol):
    """What the release workflow keeps about documents held in quarantine: the release requests (justification
    sealed by the caller) and the approval's state change. ``before_commit`` runs inside the changing transaction
    (the audit event: when it fails, nothing changes)."""

    def held(self, tenant: str, states: Sequence[str]) -> list[QuarantineEntry]:
        """The tenant's documents in ``states`` with their release request, oldest change first (``purge_after``
        is left to the caller)."""
        ...

    def request(self, tenant: str, document_id: str) -> ReleaseRequest | None: ...

    def sealed_justification(self, tenant: str, document_id: str) -> bytes | None: ...

    def add_request(self, request: ReleaseRequest, sealed_justification: bytes, *,
                    before_commit: Callable[[], None] | None = None) -> None:
        """Record a pending request (replacing a settled one); ``Conflict`` while one is pending."""
        ...

    def approve(self, document_id: str, approved_by: str, reasons: Sequence[Reason], *, now: float,
                before_commit: Callable[[], None] | None = None) -> None:
        """In one transaction: the pending request approved, the document moved unscannable -> clean (stage
        ``release``, its transition recorded) and, on a job engine, the next stage's job deferred; ``Conflict``
        (nothing changed) if the document or its request changed meanwhile."""
        ...

    def withdraw(self, document_id: str) -> None:
        """A pending request is withdrawn (the document was sent back to the gate)."""
        ...

    def infected_due(self, cutoff: float, tenant: str | None, limit: int) -> list[tuple[str, str]]:
        """(document id, tenant) of infected documents last changed at or before ``cutoff``."""
        ...

_Result_contra = TypeVar("_Result_contra", contravariant=True)
_Results_co = TypeVar("_Results_co", covariant=True)


class IntakeRecords(Protocol[_Result_contra, _Results_co]):
    """Upload sessions, documents, their transitions, each stage's result and the pipeline's work claims. Every
    method is one transaction; ``before_commit`` runs inside it (the use case's audit event: when it fails, the
    change rolls back). Queries about documents are tenant-scoped (``None``: phigate itself). The stage results
    are the pipeline's types (``pipeline.results.Records`` names the port with them), which the ports do not
    import."""

    # -- upload sessions
    def create_session(self, session: UploadSession, sealed_meta: bytes, *, limit: int, window: float,
                       before_commit: Callable[[], None] | None = None) -> None:
        """Insert the session; ``RateLimited`` if its principal created ``limit`` sessions within ``window``."""
        ...

    def session(self, upload_id: str) -> UploadSession | None: ...

    def claim(self, upload_id: str, *, offset: int | None = None, put: bool = False) -> str:
        """Take the session's write claim (one writer at a time; ``put``: the signed URL is spent too)."""
        ...

    def touch(self, upload_id: str, token: str) -> None:
        """The writer holding ``token`` is alive (its claim does not lapse)."""
        ...

    def release(self, upload_id: str, token: str, *, received: int | None = None, parts: int | None = None,
                status: str | None = None, reopen_put: bool = False,
                before_commit: Callable[[], None] | None = None) -> None: ...

    def set_status(self, upload_id: str, status: str, *, only_if: str = UPLOAD_OPEN,
                   before_commit: Callable[[], None] | None = None) -> bool:
        """Move an unclaimed session from ``only_if`` to ``status``; False if it was not there."""
        ...

    def expired_sessions(self, now: float, limit: int = 500) -> list[UploadSession]: ...

    def unfinished_complete_uploads(self, now: float | None = None) -> list[UploadSession]: ...

    def tenants(self) -> list[str]: ...

    def sessions_of(self, tenant: str) -> dict[str, UploadSession]: ...

    def document_states(self, tenant: str) -> dict[str, DocumentState]: ...

    def close(self) -> None:
        """Stop renewing this process's write claims (shutdown)."""
        ...

    # -- documents
    def complete(self, upload_id: str, token: str, document: DocumentRecord,
                 before_commit: Callable[[], None] | None = None) -> None:
        """The session is complete and the document exists, in one transaction."""
        ...

    def add_document(self, document: DocumentRecord, stage: str,
                     before_commit: Callable[[], None] | None = None) -> None: ...

    def document(self, document_id: str, tenant: str | None) -> DocumentRecord | None: ...

    def documents(self, document_ids: Sequence[str], tenant: str) -> dict[str, DocumentRecord]: ...

    def transition(self, document_id: str, source: DocumentState, target: DocumentState, stage: str, *,
                   verdict: str | None = None, reasons: Iterable[Reason] = (),
                   before_commit: Callable[[], None] | None = None, details: _Result_contra | None = None) -> bool:
        """Move the document from ``source`` to ``target`` with its stage's result; False if it was not in
        ``source`` (another worker got there first)."""
        ...

    def results(self, document_id: str) -> _Results_co: ...

    # -- the pipeline's work claims
    def claim_due(self, states: Iterable[DocumentState], owner: str, *, lease_seconds: float,
                  limit: int = 100) -> list[str]: ...

    def lease(self, document_id: str, owner: str, *, lease_seconds: float) -> bool: ...

    def release_lease(self, document_id: str, owner: str) -> None: ...

    def note_failure(self, document_id: str, state: DocumentState, retry_in: Callable[[int], float],
                     retries: Callable[[int], bool] = lambda attempts: True) -> int: ...

    def redefer(self, document_id: str, *, delay: float, if_missing: bool = False) -> None: ...

    def redefer_orphans(self, limit: int = 500) -> int: ...


class TenantDirectory(Protocol):
    """The registry of tenants. ``before_commit`` runs inside the registering transaction (the audit event:
    when it fails, nothing is registered)."""

    def add(self, tenant: str, name: str | None, created_by: str, *,
            before_commit: Callable[[], None] | None = None) -> Tenant:
        """Register ``tenant``; ``Conflict`` if it is already registered."""
        ...

    def get(self, tenant: str) -> Tenant | None: ...

    def list(self) -> list[Tenant]: ...


class WebhookStore(Protocol):
    """Each tenant's webhook (secret sealed by the caller) and the delivery outbox. ``before_commit`` runs inside
    the changing transaction (the audit event: when it fails, nothing changes)."""

    def replace(self, tenant: str, url: str, sealed_secret: bytes, *,
                before_commit: Callable[[], None] | None = None) -> None: ...

    def remove(self, tenant: str, *, before_commit: Callable[[], None] | None = None) -> bool:
        """False when the tenant had no webhook (nothing changed)."""
        ...

    def webhooks(self, tenant: str | None = None) -> list[Webhook]: ...

    def target(self, tenant: str) -> tuple[str, bytes] | None:
        """The tenant's (url, sealed secret), or None."""
        ...

    def enqueue(self, states: Iterable[str], render: Callable[[TerminalTransition], str], *, now: float,
                batch: int) -> int:
        """Copy transitions into ``states`` that no delivery covers yet into the outbox (body from ``render``),
        for tenants whose webhook existed when the transition happened; returns how many. Idempotent."""
        ...

    def claim_due(self, *, now: float, lease_seconds: float, batch: int) -> list[int]:
        """Lease due deliveries (pending and due, or sending with a lapsed lease); returns their ids."""
        ...

    def load(self, delivery_id: int) -> tuple[str, str, int]:
        """A claimed delivery's (tenant, body, attempts)."""
        ...

    def settle(self, delivery_id: int, *, status: str, attempts: int, error: str | None,
               delivered_at: float | None = None, next_attempt_at: float | None = None) -> None:
        """Record an attempt's result and release the lease."""
        ...

    def deliveries(self, tenant: str | None = None, document_id: str | None = None) -> list[Delivery]: ...


# --- people and service accounts (``identity/`` keeps the rules; ``backends/db/identity.py`` the rows) ----------


@dataclass(frozen=True, slots=True)
class AccountRow:
    """A service account as stored: its secret only as an Argon2id hash."""

    client_id: str
    name: str
    tenant: str
    scopes: frozenset[str]
    created_at: float
    revoked_at: float | None
    secret_hash: str


@dataclass(frozen=True, slots=True)
class UserRow:
    """A person as stored: secrets only as Argon2id hashes, the TOTP secret sealed with the tenant's key."""

    id: str
    email: str
    tenant: str
    role: str
    created_at: float
    disabled_at: float | None = None
    password_hash: str | None = None
    enrolment_hash: str | None = None
    enrolment_expires_at: float | None = None
    totp_verified_at: float | None = None
    labels: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A person's session: ``refresh_hash`` is the SHA-256 of its refresh token."""

    id: str
    user_id: str
    refresh_hash: str
    acr: str
    amr: tuple[str, ...]
    auth_time: float
    last_seen_at: float
    expires_at: float


@dataclass(frozen=True, slots=True)
class OidcLoginRow:
    """A sign-in in flight, keyed by the SHA-256 of its ``state``; parked (``user_id`` set) while it waits for
    phigate's second factor or for the terminal that started it."""

    id: str
    provider: str
    browser_hash: str
    nonce: str
    expires_at: float
    used_at: float | None = None
    return_to: str | None = None
    return_challenge: str | None = None
    user_id: str | None = None
    acr: str | None = None
    amr: tuple[str, ...] = ()
    auth_time: float | None = None


class AccountStore(Protocol):
    """Service accounts. ``before_commit`` runs inside the changing transaction (the audit event)."""

    def add(self, row: AccountRow, *, before_commit: Callable[[], None] | None = None) -> None: ...

    def list(self) -> list[AccountRow]: ...

    def get(self, client_id: str) -> AccountRow | None: ...

    def revoke(self, client_id: str, *, before_commit: Callable[[], None] | None = None) -> bool:
        """False when it was revoked already (nothing changes, ``before_commit`` does not run)."""
        ...

    def revoke_tenant(self, tenant: str, *,
                      before_commit: Callable[[tuple[str, ...]], None] | None = None) -> tuple[str, ...]:
        """Revoke every active account of ``tenant``; the ids revoked (``before_commit`` runs only if any)."""
        ...

    def any_exist(self) -> bool: ...


class UserStore(Protocol):
    """People. A change of privilege (``disable``, ``set_role``, ``set_labels``) and a new password end every
    session of the person in the same transaction; each returns False when nothing changed (``before_commit``
    does not run then)."""

    def add(self, row: UserRow, *, before_commit: Callable[[], None] | None = None) -> None:
        """``Conflict`` if a user with this email exists."""
        ...

    def list(self) -> list[UserRow]: ...

    def get(self, user_id: str) -> UserRow | None: ...

    def by_email(self, email: str) -> UserRow | None: ...

    def disable(self, user_id: str, at: float, *, before_commit: Callable[[], None] | None = None) -> bool: ...

    def set_role(self, user_id: str, role: str, *, before_commit: Callable[[], None] | None = None) -> bool: ...

    def set_labels(self, user_id: str, labels: frozenset[str], *,
                   before_commit: Callable[[], None] | None = None) -> bool: ...

    def enrol(self, user_id: str, enrolment_hash: str, password_hash: str, *,
              before_commit: Callable[[], None] | None = None) -> bool:
        """Set the first password if the enrolment secret is still ``enrolment_hash`` (it is used up)."""
        ...

    def start_totp(self, user_id: str, sealed_totp: bytes, *,
                   before_commit: Callable[[], None] | None = None) -> bool:
        """A new sealed TOTP secret, unless one is verified already."""
        ...

    def totp(self, user_id: str) -> tuple[bytes | None, int | None, float | None] | None:
        """(sealed secret, last step used, verified at), or None for an unknown user."""
        ...

    def use_totp_step(self, user_id: str, step: int, *, verified_at: float | None = None) -> bool:
        """Record ``step`` as used unless it or a later one was (two requests with one code: one wins)."""
        ...


class SessionStore(Protocol):
    """People's sessions. A live session is not revoked, not expired, used within ``idle_seconds``, and its
    person is not disabled."""

    def add(self, row: SessionRow, *, before_commit: Callable[[], None] | None = None) -> None: ...

    def rotate(self, refresh_hash: str, new_hash: str, *, now: float, idle_seconds: float,
               before_commit: Callable[[SessionRow], None] | None = None) -> SessionRow | None:
        """Replace the refresh token of the live session holding ``refresh_hash``; None if there is none (or a
        concurrent refresh rotated it first)."""
        ...

    def live(self, session_id: str, user_id: str, tenant: str, *, now: float,
             idle_seconds: float) -> SessionRow | None:
        """The live session of this person of ``tenant``."""
        ...

    def touch(self, session_id: str, now: float) -> None: ...

    def end(self, session_id: str, *, before_commit: Callable[[], None] | None = None) -> None: ...


class ResetStore(Protocol):
    """Password-reset tokens, stored as their SHA-256."""

    def add(self, token_hash: str, user_id: str, expires_at: float, *,
            before_commit: Callable[[], None] | None = None) -> None: ...

    def redeem(self, token_hash: str, password_hash: str, *, now: float,
               before_commit: Callable[[str, str], None] | None = None) -> str | None:
        """Use up the token (and every other unused token of its person), set the password and end the person's
        sessions; the person's id, or None for an unknown, used or expired token or a disabled person.
        ``before_commit(user_id, tenant)``."""
        ...


class WebAuthnStore(Protocol):
    """WebAuthn authenticators and the challenges of their ceremonies (each used once)."""

    def add_challenge(self, ceremony: str, user_id: str, purpose: str, challenge: bytes, expires_at: float) -> None:
        ...

    def take_challenge(self, ceremony: str, user_id: str, purpose: str, now: float) -> bytes | None:
        """The challenge, used up; None if unknown, used, expired, of another person or purpose."""
        ...

    def credential_ids(self, user_id: str) -> list[str]: ...

    def credential(self, credential_id: str, user_id: str) -> tuple[bytes, int] | None:
        """(COSE public key, signature counter)."""
        ...

    def add_credential(self, credential_id: str, user_id: str, public_key: bytes, sign_count: int) -> None: ...

    def set_sign_count(self, credential_id: str, sign_count: int) -> None: ...


class OidcLoginStore(Protocol):
    """OpenID Connect sign-ins in flight. ``use`` and ``collect`` are conditional (a concurrent callback with
    the same state, or a second use of a parking token, finds nothing)."""

    def add(self, row: OidcLoginRow, *, now: float) -> None:
        """Insert the sign-in; the expired ones go."""
        ...

    def get(self, login_id: str) -> OidcLoginRow | None: ...

    def use(self, login_id: str, now: float) -> bool: ...

    def park(self, login_id: str, *, user_id: str, acr: str | None, amr: tuple[str, ...], auth_time: float,
             pending_hash: str, expires_at: float) -> None: ...

    def parked(self, pending_hash: str) -> OidcLoginRow | None: ...

    def collect(self, login_id: str, pending_hash: str) -> bool:
        """Delete the parked sign-in; False if it was gone."""
class BreakGlassStore(Protocol):
    """Emergency-access windows (justification sealed by the caller). ``open`` writes the window and, when the
    tenant has a webhook and ``alert`` is given, the alert's outbox row in one transaction; ``before_commit(alerted)``
    runs inside it (the audit event: when it fails, nothing opens)."""

    def open(self, window: BreakGlass, sealed_justification: bytes, *, alert: str | None,
             before_commit: Callable[[bool], None] | None = None) -> bool:
        """Whether an alert was queued for the tenant's webhook."""
        ...

    def active(self, tenant: str, user_id: str, at: float) -> BreakGlass | None:
        """The person's window open at ``at``, the latest-ending one."""
        ...

    def windows(self, tenant: str | None, since: float, limit: int = 1000) -> list[tuple[BreakGlass, bytes]]:
        """Windows opened since ``since`` (of one tenant, or all), newest first, with their sealed
        justifications."""
        ...


class LabelStore(Protocol):
    """Decisions on the sensitivity labels the analysis proposed. ``before_commit`` runs inside the deciding
    transaction (the audit event: when it fails, nothing changes)."""

    def decide(self, document_id: str, label: str, *, confirm: bool,
               without: Callable[[str, str], tuple[frozenset[str], str]],
               before_commit: Callable[[], None] | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """Confirm (onto the document's labels) or dismiss a pending proposal; the (labels, proposals) after.
        Either moves the document's ``updated_at`` on (a version stamp that in-memory copies are keyed on).
        NotFound for no such document, Conflict when ``label`` is not proposed."""
        ...


class ReidentificationStore(Protocol):
    """Re-identification requests (justification sealed by the caller), their approvals and the single-use grant.
    ``before_commit`` runs inside the changing transaction (the audit event: when it fails, nothing changes)."""

    def add(self, request: Reidentification, sealed_justification: bytes, *,
            before_commit: Callable[[], None] | None = None) -> None: ...

    def get(self, tenant: str, request_id: str) -> tuple[Reidentification, bytes] | None:
        """The tenant's request and its sealed justification, or None."""
        ...

    def list(self, tenant: str, requester: str | None = None, limit: int = 1000) -> list[Reidentification]:
        """The tenant's requests (only ``requester``'s when given), newest first."""
        ...

    def approve(self, tenant: str, request_id: str, approver: str, *, now: float, needed: int, grant_seconds: float,
                before_commit: Callable[[Reidentification], None] | None = None) -> Reidentification:
        """Record ``approver``'s approval of a pending request, under a lock on it; the ``needed``-th approval
        grants it for ``grant_seconds``. NotFound, Gone (expired) or Conflict (not pending, or the approver is the
        requester or approved already)."""
        ...

    def consume(self, tenant: str, request_id: str, requester: str, *, now: float,
                before_commit: Callable[[], None] | None = None) -> bool:
        """Use the grant once (atomically); False when it is not usable by ``requester`` now."""
        ...


class PolicyDecisionPoint(Protocol):
    """The one place access is decided (Cedar in ``backends/policy``): who (``principal``) may do what
    (``action``, a use case's name or a scope) to what (``resource``) in which circumstances (``context``).
    A deny is an answer, never an exception; the answer carries the deciding policies' ids and obligations."""

    def decide(self, principal: Principal, action: str, resource: PolicyResource,
               context: AccessContext) -> Decision: ...

# --- the AI gateway ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pause:
    """A kill switch that is on: every AI call in its scope answers 503 until it is resumed."""

    scope: PauseScope
    target: str  # "*" for the global switch, else the tenant or the model name
    paused_at: float
    paused_by: str


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    models: tuple[ModelEntry, ...] = ()
    baas: tuple[Baa, ...] = ()
    pauses: tuple[Pause, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A held answer awaiting a reviewer (its text is sealed in the vault, never in the database)."""

    id: str
    tenant: str
    caller: str
    model: str
    status: str  # pending, approved, edited, rejected
    answer_sha256: str
    created_at: float
    decided_at: float | None = None
    decided_by: str | None = None


class AiCatalog(Protocol):
    """Models, BAAs, kill switches and the review queue. ``before_commit`` runs inside the change's transaction
    (its audit event: when that fails, nothing changes)."""

    def add_model(self, model: ModelEntry, *, before_commit: Callable[[], None] | None = None) -> None: ...

    def add_baa(self, baa: Baa, created_by: str, *, before_commit: Callable[[], None] | None = None) -> None: ...

    def snapshot(self) -> CatalogSnapshot: ...

    def pause(self, scope: PauseScope, target: str, by: str, *,
              before_commit: Callable[[], None] | None = None) -> bool: ...

    def resume(self, scope: PauseScope, target: str, *,
               before_commit: Callable[[], None] | None = None) -> bool: ...

    def add_review(self, row: ReviewRow, *, before_commit: Callable[[], None] | None = None) -> None: ...

    def review(self, review_id: str, tenant: str | None) -> ReviewRow | None: ...

    def reviews(self, tenant: str | None, status: str | None) -> list[ReviewRow]: ...

    def decide_review(self, review_id: str, status: str, by: str, answer_sha256: str, *,
                      before_commit: Callable[[], None] | None = None) -> None: ...


class ModelUpstream(Protocol):
    """An OpenAI-compatible model server (OpenAI, Azure OpenAI, vLLM, Ollama, a LiteLLM proxy). Bodies are the
    OpenAI wire format. Failures raise ``phigate.errors.UpstreamError`` (timeouts, refusals, an open circuit)."""

    async def chat(self, body: dict[str, Any]) -> dict[str, Any]:
        """A chat completion (``stream`` false)."""
        ...

    def chat_stream(self, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """The chunks of a streamed chat completion, parsed, until ``[DONE]``."""
        ...

    async def embeddings(self, body: dict[str, Any]) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...
