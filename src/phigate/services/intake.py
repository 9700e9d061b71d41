"""The use cases every edge (HTTP API, CLI) calls. Each checks who may do it and writes its audit event here,
once; routes stay thin. An audit write that fails fails the use case (503), and nothing is kept."""

from __future__ import annotations

import datetime as dt
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from phigate import formats
from phigate._sealed_fields import seal_fields
from phigate.config import IntakeSettings
from phigate.denials import DenialLog
from phigate.errors import (
    AuditError,
    Error,
    Forbidden,
    Gone,
    InputError,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    RequestTimeout,
    UnsupportedMediaType,
)
from phigate.identity import (
    AccessToken,
    Callers,
    Capability,
    CapabilitySigner,
    ServiceAccounts,
    Throttle,
    TokenIssuer,
)
from phigate.models import ActorKind, DocumentRecord, DocumentState, Principal, Reason, UploadSession, parse_labels
from phigate.pipeline.receive import (
    SealingReceiver,
    StreamCheck,
    assemble,
    discard_parts,
    part_key,
    quarantine_key,
    read_prefix,
)
from phigate.pipeline.results import Records
from phigate.pipeline.runner import Outcome, Runner
from phigate.pipeline.sniff import SNIFF_BYTES, MediaSniffer, normalise_media_type
from phigate.ports import Audit
from phigate.services._authz import authorize
from phigate.vault import Vault

log = logging.getLogger("phigate.services.intake")

UPLOAD_META = "upload-meta"




# --- authentication -------------------------------------------------------------------------------------------


class AuthService:
    """Client credentials in, tokens out. Wrong secrets are counted per client id and per source address, and
    once either is over its rate the endpoint answers 429 before any hash is checked; at most
    ``max_hash_checks`` Argon2id checks run at once, so a flood cannot starve legitimate callers of CPU. A caller
    waits for a slot at most ``HASH_WAIT_SECONDS``, and at most ``4 * max_hash_checks`` callers wait at once
    (each waiter holds a worker thread): beyond either, 429 with ``Retry-After``."""

    HASH_WAIT_SECONDS = 10.0

    def __init__(self, accounts: ServiceAccounts, issuer: TokenIssuer, audit: Audit, *, throttle: Throttle,
                 denials: DenialLog, max_hash_checks: int = 2,
                 person_active: Callable[[Principal], bool] | None = None) -> None:
        self._accounts, self._issuer, self._audit = accounts, issuer, audit
        self._person_active = person_active  # a person's token is good while their session lives
        self._throttle, self._denials = throttle, denials
        self._hash_slots = threading.BoundedSemaphore(max_hash_checks)
        self._max_waiting, self._waiting, self._waiting_lock = 4 * max_hash_checks, 0, threading.Lock()

    def issue_token(self, client_id: str, client_secret: str, source: str | None = None) -> AccessToken:
        keys = {"client": client_id[:64], "source": source}
        self._throttle.check(**keys)
        self._take_hash_slot()
        try:
            account = self._accounts.authenticate(client_id, client_secret)
        except Error as exc:
            self._throttle.hit(**keys)
            self._denials.denied("auth.token", actor="anonymous", tenant=None, reason=exc.code)
            raise
        finally:
            self._hash_slots.release()
        self._audit.record("auth.token", actor=account.client_id, tenant=account.tenant, outcome="success")
        return self._issuer.issue(account.principal())

    def _take_hash_slot(self) -> None:
        with self._waiting_lock:
            if self._waiting >= self._max_waiting:
                raise RateLimited("too many sign-ins at once; try again shortly", retry_after=1)
            self._waiting += 1
        try:
            got = self._hash_slots.acquire(timeout=self.HASH_WAIT_SECONDS)
        finally:
            with self._waiting_lock:
                self._waiting -= 1
        if not got:
            raise RateLimited("too many sign-ins at once; try again shortly", retry_after=1)

    def principal(self, bearer: str) -> Principal:
        """The caller behind a bearer token; the account must still be active (revocation is immediate)."""
        from phigate.errors import Unauthenticated

        principal = self._issuer.verify(bearer)
        if principal.kind is ActorKind.USER:
            if self._person_active is None or not self._person_active(principal):
                raise Unauthenticated("the session has ended; sign in again")
            return principal
        if principal.tenant is None or not self._accounts.is_active(principal.id, principal.tenant):
            raise Unauthenticated("the access token is no longer valid")
        return principal


# --- uploads --------------------------------------------------------------------------------------------------


# the media types an upload may declare (the API's schema lists them)
ACCEPTED_MEDIA_TYPES = formats.UPLOADABLE  # canonical: what documents are stored and served as
DECLARABLE_MEDIA_TYPES = formats.DECLARABLE  # what an upload may declare (aliases are normalised)


@dataclass(frozen=True, slots=True)
class NewUpload:
    """What a client asks to upload. ``filename`` and ``patient_ref`` are PHI: sealed, never logged."""

    filename: str
    media_type: str
    size: int
    sha256: str | None = None
    patient_ref: str | None = None
    ai_consent: bool = False
    labels: tuple[str, ...] = ()  # sensitivity labels (SensitivityLabel values)


@dataclass(frozen=True, slots=True)
class UploadTicket:
    upload_id: str
    put_url: str
    tus_url: str
    expires_at: float
    session: UploadSession


@dataclass(frozen=True, slots=True)
class UploadStatus:
    upload_id: str
    status: str
    size: int
    received: int
    expires_at: float
    state: str | None
    verdict: str | None
    reasons: tuple[Reason, ...]


class IntakeService:
    def __init__(self, *, records: Records, vault: Vault, sniffer: MediaSniffer, signer: CapabilitySigner,
                 audit: Audit, runner: Runner, settings: IntakeSettings, base_url: str,
                 accounts: ServiceAccounts | Callers, denials: DenialLog) -> None:
        self.records = records
        self._accounts, self._denials = accounts, denials
        self._vault, self._sniffer, self._signer = vault, sniffer, signer
        self._audit, self._runner, self._settings = audit, runner, settings
        self._base = base_url.rstrip("/")

    # -- create ----------------------------------------------------------------------------------------------

    def create_upload(self, principal: Principal, new: NewUpload, *, via: str = "api") -> UploadTicket:
        tenant = _tenant(principal)
        authorize(principal, "uploads:create", tenant)
        media_type = normalise_media_type(new.media_type)
        if not 1 <= new.size <= self._settings.max_upload_bytes:
            if new.size > self._settings.max_upload_bytes:
                raise PayloadTooLarge("the declared size is over this server's upload limit")
            raise InputError("size must be at least 1 byte")
        sha = _valid_sha256(new.sha256)
        now = time.time()
        upload_id = f"up_{secrets.token_hex(16)}"
        session = UploadSession(
            id=upload_id, tenant=tenant, principal_id=principal.id, media_type=media_type, max_bytes=new.size,
            sha256=sha, ai_consent=new.ai_consent, created_at=now,
            expires_at=float(math.ceil(now) + self._settings.session_ttl_seconds), status="open", received=0, parts=0,
            put_used=False, labels=parse_labels(new.labels))
        sealed = seal_fields(self._vault.keys, tenant, UPLOAD_META, upload_id,
                             {"filename": new.filename, "patient_ref": new.patient_ref})
        self.records.create_session(
            session, sealed, limit=self._settings.sessions_per_client, window=self._settings.rate_window_seconds,
            before_commit=lambda: self._audit.record("upload.create", actor=principal.id, tenant=tenant,
                                                     outcome="success", upload=upload_id, via=via,
                                                     patient_ref=new.patient_ref))
        return UploadTicket(upload_id, self._put_url(session), f"{self._base}/v1/tus/{upload_id}",
                            session.expires_at, session)

    def _capability(self, session: UploadSession, expires_at: int) -> Capability:
        return Capability(session.id, session.tenant, "PUT", session.max_bytes, (session.media_type,), expires_at)

    def _put_url(self, session: UploadSession) -> str:
        exp = int(session.expires_at)
        sig = self._signer.sign(self._capability(session, exp))
        return f"{self._base}/v1/put/{session.id}?exp={exp}&sig={sig}"

    # -- signed PUT ------------------------------------------------------------------------------------------

    def begin_put(self, upload_id: str, exp: str, sig: str, content_length: int | None) -> IncomingBytes:
        session = self.records.session(upload_id)
        try:
            if session is None:
                raise Forbidden("the upload signature is not valid for this request")
            try:
                expires_at = int(exp)
            except ValueError as exc:
                raise Forbidden("the upload signature is not valid for this request") from exc
            self._signer.verify(self._capability(session, expires_at), sig)
            if not self._accounts.is_active(session.principal_id, session.tenant):
                raise Forbidden("the client that created this upload is no longer authorised")
            if time.time() > expires_at:
                raise Gone("the signed upload URL has expired")
            if content_length is not None and content_length > session.max_bytes:
                raise PayloadTooLarge("the body is larger than the upload's declared size")
        except Error as exc:
            self._deny("upload.put", session, exc)
            raise
        self._audit.record("upload.put", actor=f"capability:{session.id}", tenant=session.tenant,
                           outcome="started", upload=session.id)
        claim = self.records.claim(session.id, put=True)
        try:
            receiver = SealingReceiver(
                self._vault, quarantine_key(session.tenant, session.id),
                lambda sink: StreamCheck(sink, limit=session.max_bytes, media_type=session.media_type,
                                         sniffer=self._sniffer, window=min(SNIFF_BYTES, session.max_bytes)),
                heartbeat=lambda: self.records.touch(session.id, claim))
        except BaseException:
            self.records.release(session.id, claim, reopen_put=True)
            raise
        return IncomingBytes(receiver, finish=lambda: self._finish_put(session, claim, receiver),
                             abort=lambda exc: self._abort_put(session, claim, receiver, exc))

    def _finish_put(self, session: UploadSession, claim: str, receiver: SealingReceiver) -> UploadStatus:
        try:
            sealed = receiver.seal(final=True, expected_size=session.max_bytes, sha256_hex=session.sha256)
        except BaseException as exc:
            self._abort_put(session, claim, receiver, exc)
            raise
        return self._record_document(session, claim, sealed.size, sealed.sha256, via="put")

    def _abort_put(self, session: UploadSession, claim: str, receiver: SealingReceiver,
                   exc: BaseException | None) -> None:
        receiver.abort()
        # bad content kills the session; a disconnect, timeout or server fault leaves the URL usable again
        dead = isinstance(exc, InputError) and not isinstance(exc, RequestTimeout)
        self.records.release(session.id, claim, status="failed" if dead else None, reopen_put=not dead)
        self._audit_quietly("upload.put", session, "failed", exc)

    # -- tus -------------------------------------------------------------------------------------------------

    def tus_session(self, principal: Principal, upload_id: str) -> UploadSession:
        """The session if this caller may write it (its own principal and tenant); 404 otherwise, so ids of
        other tenants and callers do not leak; 410 once it is finished or expired."""
        session = self.records.session(upload_id)
        if session is None or session.tenant != principal.tenant or session.principal_id != principal.id:
            self._deny("upload.tus", session if session and session.tenant == principal.tenant else None,
                       NotFound("no such upload"), actor=principal.id)
            raise NotFound("no such upload")
        if session.status != "open" or time.time() > session.expires_at:
            raise Gone("this upload is finished, terminated or expired")
        return session

    def begin_patch(self, principal: Principal, upload_id: str, offset: int, content_length: int | None,
                    checksum: str | None) -> IncomingBytes:
        session = self.tus_session(principal, upload_id)
        if offset != session.received:
            raise _conflict("Upload-Offset does not match the upload's current offset")
        if content_length is not None and offset + content_length > session.max_bytes:
            raise PayloadTooLarge("the body goes beyond the upload's declared length")
        algo, _, digest = (checksum or "").partition(" ")
        if checksum is not None and (algo.lower() != "sha256" or not digest):
            raise InputError("Upload-Checksum must be 'sha256 <base64 digest>'")
        self._audit.record("upload.patch", actor=principal.id, tenant=session.tenant, outcome="started",
                           upload=session.id, offset=offset)
        claim = self.records.claim(session.id, offset=offset)
        window = min(SNIFF_BYTES, session.max_bytes)
        try:
            session = self.records.session(session.id) or session
            prefix = read_prefix(self._vault, session) if session.received < window else b""
            receiver = SealingReceiver(
                self._vault, part_key(session.tenant, session.id, session.parts),
                lambda sink: StreamCheck(sink, limit=session.max_bytes - offset, media_type=session.media_type,
                                         sniffer=self._sniffer, window=window, prefix=prefix,
                                         checked=session.received >= window),
                heartbeat=lambda: self.records.touch(session.id, claim))
        except BaseException:
            self.records.release(session.id, claim)
            raise
        return IncomingBytes(receiver, finish=lambda: self._finish_patch(session, claim, receiver, digest or None),
                             abort=lambda exc: self._abort_patch(session, claim, receiver, exc))

    def _finish_patch(self, session: UploadSession, claim: str, receiver: SealingReceiver,
                      checksum: str | None) -> UploadStatus:
        final = session.received + receiver.check.count == session.max_bytes
        try:
            sealed = receiver.seal(final=final, checksum_b64=checksum)
        except BaseException as exc:
            self._abort_patch(session, claim, receiver, exc)
            raise
        received, parts = session.received + sealed.size, session.parts + 1
        if not final:
            self.records.release(session.id, claim, received=received, parts=parts)
            return self._status(self.records.session(session.id) or session, None)
        self.records.release(session.id, claim, received=received, parts=parts)
        return self.complete_tus(session.id)

    def _abort_patch(self, session: UploadSession, claim: str, receiver: SealingReceiver,
                     exc: BaseException | None) -> None:
        receiver.abort()
        if isinstance(exc, PayloadTooLarge | UnsupportedMediaType):
            self.records.release(session.id, claim, status="failed")
            self._discard_leftovers(session)
        else:  # checksum mismatch, disconnect, timeout: the offset stays, the client resumes
            self.records.release(session.id, claim)
        self._audit_quietly("upload.patch", session, "failed", exc)

    def complete_tus(self, upload_id: str) -> UploadStatus:
        """Assemble the parts into quarantine and record the document (idempotent; also run at start-up)."""
        claim = self.records.claim(upload_id, offset=None)
        session = self.records.session(upload_id)
        assert session is not None
        try:
            sealed = assemble(self._vault, session)
            if session.sha256 is not None and sealed.sha256 != session.sha256:
                self._vault.delete(quarantine_key(session.tenant, session.id))
                self.records.release(session.id, claim, status="failed")
                self._discard_leftovers(session)
                from phigate.errors import DigestMismatch

                self._audit_quietly("upload.complete", session, "failed", None)
                raise DigestMismatch("the upload does not match its declared sha256; nothing was kept")
        except Error:
            raise
        except BaseException:
            self.records.release(session.id, claim)
            raise
        # the parts go with the document's first stage (ReceiveStage), a job deferred in the same transaction as
        # the document: a process killed right after recording it leaves nothing that stays
        return self._record_document(session, claim, sealed.size, sealed.sha256, via="tus")

    def terminate(self, principal: Principal, upload_id: str) -> None:
        session = self.tus_session(principal, upload_id)
        if not self.records.set_status(session.id, "terminated", before_commit=lambda: self._audit.record(
                "upload.terminate", actor=principal.id, tenant=session.tenant, outcome="success",
                upload=session.id)):
            raise _conflict("the upload is being written or already finished")
        self._discard_leftovers(session)

    # -- completion and status -------------------------------------------------------------------------------

    def _record_document(self, session: UploadSession, claim: str, size: int, sha256: str, *,
                         via: str) -> UploadStatus:
        now = time.time()
        doc = DocumentRecord(id=session.id, tenant=session.tenant, media_type=session.media_type, size=size,
                             sha256=sha256, state=DocumentState.RECEIVED, verdict=None, reasons=(),
                             ai_consent=session.ai_consent, created_at=now, updated_at=now, labels=session.labels)
        try:
            self.records.complete(session.id, claim, doc, before_commit=lambda: self._audit.record(
                "upload.complete", actor=session.principal_id, tenant=session.tenant, outcome="success",
                upload=session.id, size=size, sha256=sha256, via=via))
        except BaseException:
            self._vault.delete(quarantine_key(session.tenant, session.id))
            self.records.release(session.id, claim, reopen_put=via == "put")
            raise
        record = self._runner.advance(doc.id)
        return self._status(self.records.session(session.id) or session, record)

    def status(self, principal: Principal, upload_id: str) -> UploadStatus:
        authorize(principal, "upload.status", principal.tenant)
        session = self.records.session(upload_id)
        if session is None or session.tenant != principal.tenant:
            raise NotFound("no such upload")
        return self._status(session, self.records.document(session.id, session.tenant))

    def _status(self, session: UploadSession, doc: DocumentRecord | None) -> UploadStatus:
        status = session.status
        if status == "open" and time.time() > session.expires_at:
            status = "expired"
        return UploadStatus(session.id, status, session.max_bytes, session.received, session.expires_at,
                            doc.state.value if doc else None, doc.verdict if doc else None,
                            doc.reasons if doc else ())

    # -- housekeeping ----------------------------------------------------------------------------------------

    def purge_expired(self, now: float | None = None) -> int:
        """Housekeeping: uploads whose bytes all arrived become documents (their writer may have died); abandoned
        partial uploads are removed after their expiry: parts deleted, session marked expired."""
        self.finish_complete_uploads()
        count = 0
        for session in self.records.expired_sessions(time.time() if now is None else now):
            if self.records.set_status(session.id, "expired", before_commit=self._expiry_audit(session)):
                self._discard_leftovers(session)
                count += 1
        return count

    def _expiry_audit(self, session: UploadSession) -> Callable[[], None]:
        return lambda: self._audit.record("upload.expire", actor="phigate", tenant=session.tenant,
                                          outcome="success", upload=session.id)

    def recover(self) -> None:
        """After a restart: finish uploads whose last byte arrived, and resume documents mid-pipeline. Uploads a
        crashed process still held a claim on are finished by housekeeping once the claim's lease lapses."""
        self.finish_complete_uploads()
        self._runner.resume()

    def finish_complete_uploads(self) -> int:
        """Turn every tus upload whose bytes all arrived, and that nobody is completing, into a document."""
        done = 0
        for session in self.records.unfinished_complete_uploads():
            try:
                self.complete_tus(session.id)
                done += 1
            except Error as exc:
                log.warning("could not complete upload %s: %s", session.id, exc.code)
        return done

    # -- audit helpers ---------------------------------------------------------------------------------------

    def _deny(self, action: str, session: UploadSession | None, exc: Error, actor: str = "anonymous") -> None:
        """Counted and aggregated (``DenialLog``): a client repeating a refused request cannot fill the log."""
        self._denials.denied(action, actor=actor, tenant=session.tenant if session else None, reason=exc.code,
                             upload=session.id if session else None)

    def _discard_leftovers(self, session: UploadSession) -> None:
        """Delete what an upload that has just ended without a document (failed, terminated, expired) left: its
        parts, and the sealed original a writer killed before recording it left (a signed PUT). Its new status
        stands either way, so a store that fails here is logged, and ``phigate fsck --repair`` removes what
        stayed."""
        try:
            discard_parts(self._vault, session)
            self._vault.delete(quarantine_key(session.tenant, session.id))
        except Error as exc:
            log.warning("what an ended upload left could not be deleted (%s): phigate fsck --repair removes it",
                        exc.code)

    def _audit_quietly(self, action: str, session: UploadSession, outcome: str, exc: BaseException | None) -> None:
        try:
            self._audit.record(action, actor=session.principal_id, tenant=session.tenant, outcome=outcome,
                               upload=session.id, reason=exc.code if isinstance(exc, Error) else
                               (type(exc).__name__ if exc else None))
        except AuditError:
            log.error("audit unavailable while recording a failed upload")


class IncomingBytes:
    """One request's body on its way in: ``write`` each chunk, then ``finish`` (or ``abort`` on failure)."""

    def __init__(self, receiver: SealingReceiver, *, finish: Callable[[], UploadStatus],
                 abort: Callable[[BaseException | None], None]) -> None:
        self._receiver, self._finish, self._abort = receiver, finish, abort
        self._done = False

    def write(self, data: bytes) -> None:
        try:
            self._receiver.write(data)
        except BaseException as exc:
            self.abort(exc)
            raise

    def finish(self) -> UploadStatus:
        self._done = True
        return self._finish()

    def abort(self, exc: BaseException | None = None) -> None:
        if not self._done:
            self._done = True
            self._abort(exc)


def transition_audit(audit: Audit) -> Callable[[DocumentRecord, Outcome, str], None]:
    """The runner's hook: every stage's state change is an audit event in the same transaction."""

    def hook(doc: DocumentRecord, outcome: Outcome, stage: str) -> None:
        audit.record("document.transition", actor="phigate", tenant=doc.tenant, outcome="success",
                     document=doc.id, stage=stage, source=doc.state.value, target=outcome.state.value)

    return hook


def _tenant(principal: Principal) -> str:
    if principal.tenant is None:
        raise Forbidden("this principal is not bound to a tenant")
    return principal.tenant


def _valid_sha256(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if len(v) != 64 or any(c not in "0123456789abcdef" for c in v):
        raise InputError("sha256 must be 64 hexadecimal characters")
    return v


def _conflict(message: str) -> Error:
    from phigate.errors import Conflict

    return Conflict(message)


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
