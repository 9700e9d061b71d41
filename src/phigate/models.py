"""Frozen, slotted types that flow between phigate's layers.

Each pipeline stage returns a new type, so a function's signature shows what it may see. Types here hold ids,
hashes and sizes; PHI (filenames, patient references, text) travels only inside encrypted blobs or in types
whose names say so.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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
    AI_MODEL = "ai_model"  # an AI component reading through the gateway: never a person
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class AuthContext:
    """How a person signed in (OpenID Connect's ``acr``, RFC 8176 ``amr`` values, ``auth_time`` in epoch
    seconds) and the session it belongs to: what a policy asks for step-up (RFC 9470) and what an audit event
    records of the authentication."""

    acr: str
    amr: tuple[str, ...]
    auth_time: int
    session_id: str


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: an authenticated user or service account, or phigate itself. ``auth`` is set for people
    (how and when they signed in), None for services and phigate."""

    id: str
    kind: ActorKind
    tenant: str | None
    scopes: frozenset[str] = frozenset()
    auth: AuthContext | None = None
    role: str | None = None  # a person's role (identity.Role), what the policies of people key on
    labels: frozenset[str] = frozenset()  # the sensitivity labels a person was granted (SensitivityLabel values)

    def has(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


SYSTEM = Principal(id="phigate", kind=ActorKind.SYSTEM, tenant=None, scopes=frozenset({"admin"}))


@dataclass(slots=True)
class RequestContext:
    """Where a use case was asked from: the caller's address (the TLS peer, or the client a trusted proxy names),
    the request id (the caller's ``X-Request-ID`` or a generated one) and, once authenticated, the principal.
    Ids and addresses only. Set by the API edge for the length of one request; absent for phigate's own work."""

    source_addr: str | None
    request_id: str
    principal: Principal | None = None
    decision: Decision | None = None  # the policy decision point's last answer in this request (its audit events)


class AuditAction(enum.StrEnum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    SHARE = "share"
    DECIDE = "decide"
    SCAN = "scan"
    RELEASE = "release"
    KEY_OPERATION = "key_operation"
    LOGIN = "login"
    LOGOUT = "logout"
    EXPORT = "export"
    DEIDENTIFY = "deidentify"
    EXTRACT = "extract"


class PurposeOfUse(enum.StrEnum):
    """Why a document is read. Callers may name it by its value or by its HL7 PurposeOfUse code
    (``parse_purpose``); the policies see the HL7 code (``purpose_code``)."""

    TREATMENT = "treatment"
    PAYMENT = "payment"
    OPERATIONS = "operations"
    RESEARCH = "research"
    PUBLIC_HEALTH = "public_health"
    PATIENT_REQUEST = "patient_request"
    LEGAL = "legal"
    AUDIT = "audit"
    SYSTEM = "system"
    EMERGENCY_TREATMENT = "emergency_treatment"
    AI_PROCESSING = "ai_processing"  # an AI component reading the document (phigate's own code, AIPROC)


# HL7 v3 PurposeOfUse codes (AIPROC is phigate's own: no HL7 code names processing by an AI model yet)
PURPOSE_CODES: dict[PurposeOfUse, str] = {
    PurposeOfUse.TREATMENT: "TREAT", PurposeOfUse.PAYMENT: "HPAYMT", PurposeOfUse.OPERATIONS: "HOPERAT",
    PurposeOfUse.RESEARCH: "HRESCH", PurposeOfUse.PUBLIC_HEALTH: "PUBHLTH", PurposeOfUse.PATIENT_REQUEST: "PATRQT",
    PurposeOfUse.LEGAL: "HLEGAL", PurposeOfUse.AUDIT: "HSYSADMIN", PurposeOfUse.SYSTEM: "HSYSADMIN",
    PurposeOfUse.EMERGENCY_TREATMENT: "ETREAT", PurposeOfUse.AI_PROCESSING: "AIPROC"}
_PURPOSE_BY_CODE = {code: p for p, code in PURPOSE_CODES.items() if p is not PurposeOfUse.SYSTEM}


def parse_purpose(value: str | None) -> PurposeOfUse | None:
    """The purpose a caller named by value (``research``) or HL7 code (``HRESCH``); None when none was given.
    InputError for an unknown one."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    found = _PURPOSE_BY_CODE.get(text.upper())
    if found is not None:
        return found
    try:
        return PurposeOfUse(text.lower())
    except ValueError:
        from phigate.errors import InputError

        raise InputError("unknown purpose of use: use an HL7 PurposeOfUse code such as TREAT or HRESCH") from None


def purpose_code(purpose: PurposeOfUse | None) -> str:
    """The HL7 code the policies see ("" for none)."""
    return "" if purpose is None else PURPOSE_CODES[purpose]


class SensitivityLabel(enum.StrEnum):
    """Records that law or custom protects beyond other PHI: reading a labelled document needs an explicit grant
    of each of its labels (``phigate users grant EMAIL --label L``)."""

    PART2 = "part2"  # substance-use disorder records (42 CFR Part 2)
    HIV = "hiv"
    BEHAVIORAL_HEALTH = "behavioral_health"
    REPRODUCTIVE_HEALTH = "reproductive_health"


def parse_labels(values: object) -> frozenset[str]:
    """Sensitivity labels from a list of values or a space-separated string; InputError for an unknown one."""
    items = values.split() if isinstance(values, str) else list(values) if isinstance(values, (list, tuple, set,
                                                                                                 frozenset)) else None
    known = {label.value for label in SensitivityLabel}
    if items is None or any(not isinstance(v, str) or v not in known for v in items):
        from phigate.errors import InputError

        raise InputError(f"a sensitivity label must be one of: {', '.join(sorted(known))}")
    return frozenset(str(v) for v in items)


# --- the policy decision point -----------------------------------------------------------------------------


class View(enum.StrEnum):
    """Which view of a document's content a reader gets."""

    DEIDENTIFIED = "deidentified"
    FULL = "full"


class ResourceKind(enum.StrEnum):
    DEPLOYMENT = "Deployment"  # phigate itself: tenants, backups, deployment-wide listings
    TENANT = "Tenant"
    DOCUMENT = "Document"
    REIDENTIFICATION = "Reidentification"  # a request to read a document's linkage back


@dataclass(frozen=True, slots=True)
class PolicyResource:
    """What a use case acts on, as the policies see it: ids, a state, labels and consent; never content. A
    re-identification request names its ``requester`` and the people who ``approvers`` approved it (user ids)."""

    kind: ResourceKind
    id: str
    tenant: str | None
    state: str = ""
    labels: frozenset[str] = frozenset()
    ai_consent: bool = False
    requester: str = ""
    approvers: frozenset[str] = frozenset()

    @classmethod
    def scope_of(cls, tenant: str | None) -> PolicyResource:
        """A tenant, or the whole deployment for ``None``."""
        if tenant is None:
            return cls(ResourceKind.DEPLOYMENT, "phigate", None)
        return cls(ResourceKind.TENANT, tenant, tenant)


@dataclass(frozen=True, slots=True)
class AccessContext:
    """What a request says about itself beyond who and what: the purpose of use, whether the person acts under
    break-glass, and the time (epoch seconds; now when None) the authentication's age is measured at."""

    purpose: PurposeOfUse | None = None
    break_glass: bool = False
    now: float | None = None


@dataclass(frozen=True, slots=True)
class StepUp:
    """RFC 9470: the authentication a request needs (``acr_values``, a ``max_age`` in seconds since sign-in)."""

    acr_values: tuple[str, ...]
    max_age: int | None = None


@dataclass(frozen=True, slots=True)
class Obligations:
    """What a permit obliges the use case to do (or what a deny asks of the caller): the view it may serve,
    fields to mask, step-up, a purpose of use, whether break-glass may open the way."""

    view: View | None = None
    mask: frozenset[str] = frozenset()
    step_up: StepUp | None = None
    purpose_required: bool = False
    break_glass_allowed: bool = False

    def summary(self) -> str:
        """A compact audit rendering (codes only), "" when there are none."""
        parts = []
        if self.view is not None:
            parts.append(f"view:{self.view.value}")
        if self.mask:
            parts.append("mask:" + "/".join(sorted(self.mask)))
        if self.step_up is not None:
            parts.append("step_up")
        if self.purpose_required:
            parts.append("purpose")
        if self.break_glass_allowed:
            parts.append("break_glass")
        return "+".join(parts)


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy decision point's answer: allowed or not, the ids of the policies that decided, the
    obligations, and for a deny the stable code of the reason (``purpose_required``, ``consent_refused`` ...)."""

    allow: bool
    action: str
    policy_ids: tuple[str, ...] = ()
    obligations: Obligations = field(default_factory=Obligations)
    code: str | None = None

    @property
    def effect(self) -> str:
        return "permit" if self.allow else "deny"


class AuditOutcome(enum.StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One thing that happened, as the audit log records it: ids and hashes only, never PHI.

    A patient reference is not a field: callers pass it beside the event to ``AuditLog.append`` and the log
    keeps only a keyed hash of it (``patient_hash``), so the log can answer "who saw this patient's records"
    without holding the reference itself.
    """

    actor_id: str
    actor_kind: ActorKind
    action: AuditAction
    resource_kind: str
    outcome: AuditOutcome = AuditOutcome.SUCCESS
    tenant: str | None = None
    resource_id: str | None = None
    purpose: PurposeOfUse | None = None
    decision: str | None = None  # the policy decision, e.g. "permit" / "deny"
    policy_id: str | None = None
    source_addr: str | None = None
    request_id: str | None = None
    object_hash: str | None = None  # hex SHA-256 of the object involved
    time: dt.datetime | None = None  # set by the log when None (UTC)
    patient_hash: str | None = None  # set by the log only
    detail: str | None = None  # space-separated key=value ids and codes (no PHI), e.g. "op=upload.put via=tus"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """An event as stored: its sequence number (0-based, its leaf index in the Merkle tree) and hashes."""

    seq: int
    event: AuditEvent
    leaf_hash: bytes
    chain_hash: bytes


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement of the log's state: tree size, Merkle root, chain head and time (Ed25519)."""

    tree_size: int
    root_hash: bytes
    chain_hash: bytes
    time: dt.datetime
    key_id: str
    signature: bytes
    body: bytes  # the exact signed bytes (a text note, see docs/audit.md)


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """One thing ``verify`` found wrong, and where: ``seq`` for an event, ``tree_size`` for a checkpoint."""

    kind: str  # edited, moved, forged, missing, chain_broken, truncated, checkpoint_mismatch, bad_signature, ...
    detail: str
    seq: int | None = None
    tree_size: int | None = None


@dataclass(frozen=True, slots=True)
class AuditReport:
    events: int
    checkpoints: int
    findings: tuple[AuditFinding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings


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


# --- extraction ------------------------------------------------------------------------------------------

PAGE_SEPARATOR = "\f"
"""Between two pages in ``Extracted.text`` (form feed), so page ``n`` starts at ``pages[n].start``."""


class TextSource(enum.StrEnum):
    TEXT_LAYER = "text_layer"  # a PDF's own text, a DOCX's runs, a text file
    OCR = "ocr"  # recognised from pixels
    STRUCTURED = "structured"  # rendered from a structured record (HL7, FHIR, DICOM)


class FindingKind(enum.StrEnum):
    HIDDEN_TEXT = "hidden_text"  # text a reader cannot see: a common way to smuggle instructions to an LLM
    GARBAGE_TEXT_LAYER = "garbage_text_layer"  # the page's text layer was unusable, so the page was OCR'd
    PAGE_ERROR = "page_error"  # one page could not be read; the others were
    EMPTY_PAGE = "empty_page"  # no text at all, even after OCR
    LOW_OCR_CONFIDENCE = "low_ocr_confidence"
    ROTATED_PAGE = "rotated_page"  # OCR found the page rotated and read it upright
    EMBEDDED_MEDIA = "embedded_media"  # images or objects inside the document that were not read
    DECODING = "decoding"  # bytes that did not decode cleanly were replaced


@dataclass(frozen=True, slots=True)
class Region:
    """A rectangle on a page, in PDF points from the bottom-left corner (images: pixels from the top-left)."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the extractor noticed about a document or page. ``detail`` never holds document text."""

    kind: FindingKind
    detail: str
    page: int | None = None  # 1-based page number, None for the whole document
    region: Region | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page's text. ``start`` is its offset in ``Extracted.text``, so offsets never shift."""

    number: int  # 1-based
    text: str = field(repr=False)
    start: int
    source: TextSource
    ocr_confidence: float | None = None  # mean word confidence 0-100 when ``source`` is OCR

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class StructuredField:
    """A PHI-bearing field known by its position in a structured format (HL7 ``PID-5``, FHIR
    ``Patient.name``, DICOM ``(0010,0010)``): marked as PHI directly rather than guessed.
    ``start``/``end`` are offsets of the value in ``Extracted.text``."""

    path: str
    category: str  # name, date, address, phone, identifier, ssn, account, email, ...
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of one document, page by page, with structured PHI fields and findings."""

    media_type: str
    pages: tuple[Page, ...]
    fields: tuple[StructuredField, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source is TextSource.OCR)


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    """Caps every extractor enforces; over a cap the document is refused (ExtractionLimitExceeded)."""

    max_pages: int = 5000
    max_ocr_pages: int = 500
    max_image_frames: int = 100
    max_image_pixels: int = 60_000_000  # ~ a 300 dpi A3 page is 17 Mpx
    max_text_bytes: int = 64 * 1024 * 1024
    max_archive_bytes: int = 256 * 1024 * 1024  # DOCX: total uncompressed size of the ZIP
    max_compression_ratio: int = 200  # DOCX: per ZIP entry, above this is a bomb
    max_attachment_bytes: int = 16 * 1024 * 1024  # FHIR: one decoded attachment
    max_nesting: int = 2  # FHIR attachments holding documents holding attachments
    ocr_dpi: int = 300
    ocr_timeout_seconds: float = 120.0
    ocr_language: str = "eng"
    tesseract_cmd: str = "tesseract"
    min_text_layer_chars: int = 16  # fewer visible characters on a PDF page: treat it as a scan and OCR it


# --- scanning (the quarantine gate) ------------------------------------------------------------------------


class VerdictKind(enum.StrEnum):
    """What the quarantine gate concluded. Only ``clean`` lets a document leave quarantine."""

    CLEAN = "clean"
    INFECTED = "infected"
    UNSCANNABLE = "unscannable"


class FindingAction(enum.StrEnum):
    """What a tenant policy does with an adjustable finding."""

    REJECT = "reject"
    FLAG = "flag"


@dataclass(frozen=True, slots=True)
class ScanTarget:
    """What a scanner may know besides the bytes: the declared media type and the tenant (never a filename)."""

    declared_media_type: str
    tenant: str | None = None  # picks the tenant's finding policy


@dataclass(frozen=True, slots=True)
class ScanReason:
    """One finding. ``code`` is stable (clients and policies key on it); ``detail`` names a signature, rule or
    limit and never contains document content or names. ``adjustable`` findings may be downgraded to a flag by
    a tenant policy; the others (malware signatures, scanner failures, limits) never."""

    code: str
    outcome: VerdictKind
    scanner: str
    detail: str = ""
    adjustable: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "outcome": str(self.outcome), "scanner": self.scanner, "detail": self.detail,
                "adjustable": self.adjustable}


@dataclass(frozen=True, slots=True)
class ScannerInfo:
    """A scanner's name, engine version and signature database version, recorded on every verdict."""

    name: str
    version: str
    signatures: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "signatures": self.signatures}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of the quarantine gate: ``infected`` when any reason says so, else ``unscannable`` when any
    reason says so, else ``clean``. ``flags`` are findings a tenant policy allowed through."""

    kind: VerdictKind
    reasons: tuple[ScanReason, ...] = ()
    flags: tuple[ScanReason, ...] = ()
    scanners: tuple[ScannerInfo, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()  # (scanner name, seconds)

    @classmethod
    def from_reasons(cls, reasons: tuple[ScanReason, ...], *, flags: tuple[ScanReason, ...] = (),
                     scanners: tuple[ScannerInfo, ...] = (), timings: tuple[tuple[str, float], ...] = ()) -> Verdict:
        outcomes = {r.outcome for r in reasons}
        if VerdictKind.INFECTED in outcomes:
            kind = VerdictKind.INFECTED
        elif outcomes:
            kind = VerdictKind.UNSCANNABLE
        else:
            kind = VerdictKind.CLEAN
        return cls(kind, reasons, flags, scanners, timings)

    @property
    def is_clean(self) -> bool:
        return self.kind is VerdictKind.CLEAN

    def document_reasons(self) -> tuple[Reason, ...]:
        """What a document records of this verdict: each finding's code and detail."""
        return tuple(Reason(r.code, r.detail) for r in self.reasons)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Verdict:
        """The inverse of ``to_dict`` (timings are not stored), for verdicts recorded on a document."""

        def reasons(key: str) -> tuple[ScanReason, ...]:
            return tuple(ScanReason(r["code"], VerdictKind(r["outcome"]), r["scanner"], r.get("detail", ""),
                                    bool(r.get("adjustable", False))) for r in record.get(key, ()))

        return cls(VerdictKind(record["verdict"]), reasons("reasons"), reasons("flags"),
                   tuple(ScannerInfo(s["name"], s["version"], s.get("signatures", ""))
                         for s in record.get("scanners", ())))

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": str(self.kind),
            "reasons": [r.to_dict() for r in self.reasons],
            "flags": [r.to_dict() for r in self.flags],
            "scanners": [s.to_dict() for s in self.scanners],
        }


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
    PURGED = "purged"  # an infected document after its forensic period: bytes deleted, record kept
    FAILED = "failed"  # a stage failed on this document max_attempts times: held, with the reason, for a person
    ERASED = "erased"  # every artifact crypto-shredded on request; the record stays, every view answers 410


UPLOAD_OPEN = "open"  # the status of an upload session still taking bytes


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
    labels: frozenset[str] = frozenset()  # sensitivity labels the uploader set


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
class Reason:
    """Why a document is where it is: a stable ``code`` clients key on, and a ``detail`` for people (a rule, a
    limit, a stage; never document content or names). Shown as ``code: detail``."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "detail": self.detail}

    @classmethod
    def decode(cls, value: object) -> Reason:
        """From ``to_dict``'s form, or from the ``code: detail`` strings rows held before reasons were typed."""
        if isinstance(value, dict):
            return cls(str(value.get("code", "")), str(value.get("detail", "")))
        code, _, detail = str(value).partition(": ")
        return cls(code, detail)


def encode_reasons(reasons: Iterable[Reason]) -> str:
    return json.dumps([r.to_dict() for r in reasons], separators=(",", ":"))


def decode_reasons(stored: str | None) -> tuple[Reason, ...]:
    return tuple(Reason.decode(v) for v in json.loads(stored or "[]"))


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: str
    tenant: str
    media_type: str
    size: int
    sha256: str
    state: DocumentState
    verdict: str | None
    reasons: tuple[Reason, ...]
    ai_consent: bool
    created_at: float
    updated_at: float
    labels: frozenset[str] = frozenset()  # sensitivity labels (SensitivityLabel values)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word OCR read on an image, with its box in pixels from the top-left corner. ``line`` groups the words
    of one text line (Tesseract's block, paragraph and line numbers), so the words can be joined back into text."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: tuple[int, int, int] = (0, 0, 0)


@dataclass(frozen=True, slots=True)
class Tenant:
    """A registered tenant: every tenant-scoped command and credential names one of these."""

    id: str
    name: str | None
    created_at: float
    created_by: str


@dataclass(frozen=True, slots=True)
class BreakGlass:
    """One emergency-access window. ``justification`` is set only on the privacy officer's review list."""

    id: str
    tenant: str
    user_id: str
    opened_at: float
    expires_at: float
    justification: str | None = None

    def open_at(self, now: float) -> bool:
        return self.opened_at <= now < self.expires_at


class ReidentificationStatus(enum.StrEnum):
    PENDING = "pending"  # awaiting approvals
    APPROVED = "approved"  # granted: usable once, until the grant expires
    USED = "used"
    EXPIRED = "expired"  # the request was not approved in time, or the grant was not used in time


@dataclass(frozen=True, slots=True)
class Reidentification:
    """A request to read a document's linkage (surrogates and pseudonyms back to the originals): who asked, for
    which document and purpose, who approved (user ids, in order), and the single-use grant's times. The written
    justification stays sealed in the store; ``justification`` is set only where a reader may see it."""

    id: str
    tenant: str
    document_id: str
    requester: str
    purpose: str
    created_at: float
    request_expires_at: float
    approvers: tuple[str, ...] = ()
    granted_at: float | None = None
    grant_expires_at: float | None = None
    used_at: float | None = None
    justification: str | None = None

    def status(self, now: float) -> ReidentificationStatus:
        if self.used_at is not None:
            return ReidentificationStatus.USED
        if self.grant_expires_at is not None:
            return ReidentificationStatus.APPROVED if now < self.grant_expires_at else ReidentificationStatus.EXPIRED
        return ReidentificationStatus.PENDING if now < self.request_expires_at else ReidentificationStatus.EXPIRED


@dataclass(frozen=True, slots=True)
class Webhook:
    """A tenant's webhook (its secret stays sealed in the store)."""

    tenant: str
    url: str
    created_at: float


@dataclass(frozen=True, slots=True)
class TerminalTransition:
    """A document reaching a terminal state: what a webhook delivery announces (ids, state, verdict, no PHI)."""

    id: int
    document_id: str
    tenant: str
    state: str
    verdict: str | None
    sha256: str
    media_type: str
    at: float


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # leased by a dispatcher
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up: attempts exhausted, or the webhook was removed


@dataclass(frozen=True, slots=True)
class Delivery:
    """One webhook delivery in the outbox."""

    id: int
    tenant: str
    document_id: str
    status: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    delivered_at: float | None



@dataclass(frozen=True, slots=True)
class ReleaseRequest:
    """A request to release an unscannable document from quarantine (two people: one requests, another approves).
    The justification is sealed and never part of this record."""

    document_id: str
    tenant: str
    status: str  # pending, approved, withdrawn
    reason_code: str
    requested_by: str
    requested_at: float
    approved_by: str | None
    approved_at: float | None


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    """A document held in quarantine: ids, state and verdict only (never a filename or content).
    ``purge_after``: when an infected document's forensic period ends (None for the others)."""

    document_id: str
    tenant: str
    state: str
    verdict: str | None
    reasons: tuple[Reason, ...]
    media_type: str
    size: int
    sha256: str
    updated_at: float
    purge_after: float | None
    release_status: str | None
    release_reason: str | None
    requested_by: str | None
    approved_by: str | None
