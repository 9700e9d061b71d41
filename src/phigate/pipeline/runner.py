"""The pipeline runner: an ordered list of stages, each taking a document from one state to the next.

No stage calls the next. Each stage is idempotent and its result is committed with the state change in one
transaction (``IntakeRecords.transition`` only moves a document that is still in the stage's source state), so
a crash anywhere re-runs at most one stage and a reader never sees a half state.

No document can stall the others: a worker leases the documents it works on (two workers never run the same
stage), a failure of any kind is confined to its document, counted, and retried with exponential backoff, and
after ``max_attempts`` the document ends in ``failed`` with its reason and an audit event. Outages (errors
with status 503: the database, the key manager, a scanner, OCR) are retried with the same backoff but never
make a document ``failed``: they are nobody's document's fault.

On a job engine (``deferred``: ``[jobs] backend = "procrastinate"``) the runner never moves a document where it
is called: every state change defers the job of the next stage in its own transaction (``IntakeRecords``),
``phigate worker`` processes run each job with ``run_job`` (one stage, one document), and ``advance`` only makes
sure the document's job is queued. The job engine's lock (the document id) keeps two workers off one document;
the lease stays as the second guard.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from phigate.errors import ConfigError, Error, NotFound, ServiceUnavailable
from phigate.models import DocumentRecord, DocumentState, Reason
from phigate.pipeline.results import FailResult, Records, StageResult

log = logging.getLogger("phigate.pipeline")

LEASE_RETRY_SECONDS = 5.0  # a job finding its document leased elsewhere tries again this much later
TERMINAL_SCAN_STATES = frozenset({DocumentState.CLEAN, DocumentState.INFECTED, DocumentState.UNSCANNABLE})


@dataclass(frozen=True, slots=True)
class Outcome:
    state: DocumentState
    verdict: str | None = None
    reasons: tuple[Reason, ...] = ()
    details: StageResult | None = None  # the stage's result (no PHI), stored with the transition


class Stage(Protocol):
    name: str
    source: DocumentState

    def run(self, document: DocumentRecord) -> Outcome: ...


TransitionHook = Callable[[DocumentRecord, Outcome, str], None]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a failing stage is tried again: at once after the first failure, then after ``backoff``
    seconds doubling up to ``backoff_max``; ``max_attempts`` failures that are the document's own make it
    ``failed``. ``lease_seconds`` bounds how long a worker that died keeps a document from the others."""

    max_attempts: int = 5
    backoff: float = 2.0
    backoff_max: float = 300.0
    lease_seconds: float = 900.0

    def delay(self, attempts: int) -> float:
        return 0.0 if attempts <= 1 else min(self.backoff_max, self.backoff * 2.0 ** (attempts - 2))


class Runner:
    def __init__(self, records: Records, stages: Sequence[Stage], *,
                 on_transition: TransitionHook | None = None, retry: RetryPolicy | None = None,
                 deferred: bool = False) -> None:
        by_state: dict[DocumentState, Stage] = {}
        for stage in stages:
            if stage.source in by_state:
                raise ConfigError(f"two stages start from {stage.source}")
            by_state[stage.source] = stage
        self._records = records
        self._stages = by_state
        self._on_transition = on_transition
        self._retry = retry or RetryPolicy()
        self._owner = f"runner-{uuid.uuid4().hex[:16]}"
        self._deferred = deferred

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(self._stages.values())

    def advance(self, document_id: str) -> DocumentRecord:
        """Run stages until the document reaches a state no stage starts from, or a stage fails (the failure is
        recorded on the document). A document another worker holds is returned as it stands. ``deferred``: the
        document's job is queued (if it had none) and the document returned as it stands."""
        if self._deferred:
            self._records.redefer(document_id, delay=0.0, if_missing=True)
            return self._load(document_id)
        if not self._records.lease(document_id, self._owner, lease_seconds=self._retry.lease_seconds):
            return self._load(document_id)
        return self._advance_leased(document_id)

    def resume(self, limit: int = 1000) -> int:
        """Advance every document a stage can move whose retry time has come (after an upload, a failure or a
        restart); returns how many this worker took. ``deferred``: the sweep (``IntakeRecords.redefer_orphans``)."""
        if self._deferred:
            return self._records.redefer_orphans(limit)
        ids = self._records.claim_due(self._stages.keys(), self._owner, lease_seconds=self._retry.lease_seconds,
                                      limit=limit)
        for document_id in ids:
            try:
                self._advance_leased(document_id)
            except ServiceUnavailable as exc:  # the database itself is down: the others would fail alike
                log.warning("pipeline pass stopped: %s", exc.code)
                break
        return len(ids)

    def _advance_leased(self, document_id: str) -> DocumentRecord:
        try:
            doc = self._load(document_id)
            for _ in range(len(self._stages) + 1):
                stage = self._stages.get(doc.state)
                if stage is None:
                    return doc
                if not self._attempt(doc, stage):
                    return self._load(document_id)
                doc = self._load(document_id)
            return doc
        finally:
            self._records.release_lease(document_id, self._owner)

    def run_job(self, document_id: str, stage: str) -> None:
        """One job: run ``stage`` once for the document if it still stands where that stage starts (else the job
        is stale and does nothing). A failure follows the retry rules: counted, its retry deferred after the
        back-off, ``failed`` after ``max_attempts``. While another worker's lease holds the document (a worker
        that was lost mid-job), the job is deferred again for when that lease may have lapsed."""
        if not self._records.lease(document_id, self._owner, lease_seconds=self._retry.lease_seconds):
            self._records.redefer(document_id, delay=min(self._retry.lease_seconds, LEASE_RETRY_SECONDS))
            return
        try:
            doc = self._load(document_id)
            step = self._stages.get(doc.state)
            if step is not None and step.name == stage:
                self._attempt(doc, step)
        finally:
            self._records.release_lease(document_id, self._owner)

    def _attempt(self, doc: DocumentRecord, stage: Stage) -> bool:
        try:
            self._step(doc, stage)
        except Exception as exc:  # confined to this document: counted, then retried or failed
            self._failed(doc, stage, exc)
            return False
        return True

    def _step(self, doc: DocumentRecord, stage: Stage) -> None:
        outcome = stage.run(doc)
        self._commit(doc, outcome, stage.name)

    def _commit(self, doc: DocumentRecord, outcome: Outcome, stage: str) -> None:
        hook = self._on_transition
        self._records.transition(
            doc.id, doc.state, outcome.state, stage, verdict=outcome.verdict, reasons=outcome.reasons,
            details=outcome.details, before_commit=None if hook is None else (lambda: hook(doc, outcome, stage)))

    def _failed(self, doc: DocumentRecord, stage: Stage, exc: Exception) -> None:
        """Record a failed try. Only ids, stage names, error codes and exception type names are logged or stored:
        an exception's message may quote the document."""
        outage = isinstance(exc, Error) and exc.status == 503  # unavailable: the database, keys, a scanner, OCR
        code = exc.code if isinstance(exc, Error) else f"pipeline.unexpected_error:{type(exc).__name__}"
        if isinstance(exc, Error):
            log.warning("stage %s failed for document %s: %s", stage.name, doc.id, code)
        else:
            log.error("stage %s failed unexpectedly for document %s: %s", stage.name, doc.id, type(exc).__name__)
        attempts = self._records.note_failure(doc.id, doc.state, self._retry.delay,
                                              lambda n: outage or n < self._retry.max_attempts)
        if outage or attempts < self._retry.max_attempts:
            return
        log.error("document %s failed after %d attempts in stage %s", doc.id, attempts, stage.name)
        where = f"{stage.name} stage, {attempts} attempts"
        reason = (Reason(exc.code, where) if isinstance(exc, Error)
                  else Reason("pipeline.unexpected_error", f"{type(exc).__name__} in the {where}"))
        failed = Outcome(DocumentState.FAILED, reasons=(reason,), details=FailResult(stage.name, code, attempts))
        self._commit(doc, failed, "fail")

    def _load(self, document_id: str) -> DocumentRecord:
        doc = self._records.document(document_id, None)
        if doc is None:
            raise NotFound("no such document")
        return doc
