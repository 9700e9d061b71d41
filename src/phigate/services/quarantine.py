"""What happens to documents the quarantine gate did not pass (issue 4, item 5).

- ``infected``: the sealed bytes stay in quarantine for the forensic period, then ``purge_due`` deletes them
  and moves the document to ``purged``. The transition into ``infected`` writes an alert event
  (``infected_alert``, the runner's transition hook).
- ``unscannable``: an operator may ``rescan`` (back to ``scanning``; the gate runs again), or ask for a release
  that a *second* operator approves (``request_release`` / ``approve_release``). The justification may hold
  PHI, so it is sealed under the tenant's key; only a reason code is stored in clear. Both steps are audited.

No use case here ever returns document content: nothing in quarantine is readable through this module.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable

from phigate._sealed_fields import open_fields, seal_fields
from phigate.errors import Conflict, Error, Forbidden, InputError, NotFound
from phigate.models import (
    DocumentRecord,
    DocumentState,
    PolicyResource,
    Principal,
    QuarantineEntry,
    Reason,
    ReleaseRequest,
    VerdictKind,
)
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.results import Records
from phigate.pipeline.runner import Outcome, Runner
from phigate.ports import Audit, QuarantineStore, Scanner
from phigate.services._authz import authorize, decide, refusal
from phigate.vault import Vault

log = logging.getLogger("phigate.release")

SCOPE = "quarantine:admin"
QUARANTINE_STATES = (DocumentState.INFECTED, DocumentState.UNSCANNABLE)
REASON_CODES = frozenset({"false_positive", "clinically_required", "format_unsupported", "scanner_limit",
                          "other"})
_JUSTIFICATION = "release-justification"
_MAX_JUSTIFICATION = 4000
_PURGE_BATCH = 500

Judge = Callable[[DocumentRecord], Outcome]


class QuarantineService:
    def __init__(self, *, store: QuarantineStore, records: Records, vault: Vault, runner: Runner,
                 audit: Audit, judge: Judge, retention_seconds: float) -> None:
        self._store, self._records, self._vault, self._runner = store, records, vault, runner
        self._audit, self._judge, self._retention = audit, judge, retention_seconds

    # -- reading ---------------------------------------------------------------------------------------------

    def held(self, principal: Principal, state: str | None = None) -> list[QuarantineEntry]:
        tenant = _operator_tenant(principal)
        states = [s.value for s in QUARANTINE_STATES] if state is None else [_quarantine_state(state).value]
        rows = self._store.held(tenant, states)
        self._audit.record("quarantine.list", actor=principal.id, tenant=tenant, outcome="success", count=len(rows))
        return [self._with_purge_time(row) for row in rows]

    def _with_purge_time(self, entry: QuarantineEntry) -> QuarantineEntry:
        if entry.state != DocumentState.INFECTED.value:
            return entry
        return dataclasses.replace(entry, purge_after=entry.updated_at + self._retention)

    def release_request(self, principal: Principal, document_id: str) -> ReleaseRequest:
        request = self._store.request(_operator_tenant(principal), document_id)
        if request is None:
            raise NotFound("no release request for this document")
        return request

    def justification(self, principal: Principal, document_id: str) -> str:
        """The sealed justification, opened for an operator of the tenant (an audited read)."""
        tenant = _operator_tenant(principal)
        sealed = self._store.sealed_justification(tenant, document_id)
        if sealed is None:
            raise NotFound("no release request for this document")
        self._audit.record("quarantine.justification.read", actor=principal.id, tenant=tenant, outcome="success",
                    document=document_id)
        return str(open_fields(self._vault.keys, tenant, _JUSTIFICATION, document_id, sealed)["text"])

    # -- re-scan ---------------------------------------------------------------------------------------------

    def rescan(self, principal: Principal, document_id: str) -> DocumentRecord:
        """unscannable -> scanning, then the gate runs again (the pipeline's scan stage when it has one)."""
        doc = self._held(principal, document_id, DocumentState.UNSCANNABLE)
        moved = self._records.transition(
            doc.id, DocumentState.UNSCANNABLE, DocumentState.SCANNING, "rescan",
            before_commit=lambda: self._audit.record("quarantine.rescan", actor=principal.id, tenant=doc.tenant,
                                              outcome="requested", document=doc.id))
        if not moved:
            raise Conflict("the document is no longer unscannable")
        self._store.withdraw(doc.id)
        if any(stage.source is DocumentState.SCANNING for stage in self._runner.stages):
            return self._runner.advance(doc.id)
        return self._scan_here(principal, doc)

    def _scan_here(self, principal: Principal, doc: DocumentRecord) -> DocumentRecord:
        try:
            outcome = self._judge(doc)
        except Error as exc:  # the gate could not run: never clean
            outcome = Outcome(DocumentState.UNSCANNABLE, VerdictKind.UNSCANNABLE.value,
                              (Reason(exc.code, "the rescan could not run"),))
        self._records.transition(
            doc.id, DocumentState.SCANNING, outcome.state, "rescan", verdict=outcome.verdict, reasons=outcome.reasons,
            before_commit=lambda: self._audit.record("quarantine.rescan", actor=principal.id, tenant=doc.tenant,
                                              outcome="success", document=doc.id, verdict=outcome.verdict))
        return self._runner.advance(doc.id)

    # -- two-person release -----------------------------------------------------------------------------------

    def request_release(self, principal: Principal, document_id: str, reason_code: str,
                        justification: str) -> ReleaseRequest:
        doc = self._held(principal, document_id, DocumentState.UNSCANNABLE)
        if reason_code not in REASON_CODES:
            raise InputError(f"reason code must be one of: {', '.join(sorted(REASON_CODES))}")
        text = justification.strip()
        if not text or len(text) > _MAX_JUSTIFICATION:
            raise InputError(f"a justification of 1-{_MAX_JUSTIFICATION} characters is required")
        sealed = seal_fields(self._vault.keys, doc.tenant, _JUSTIFICATION, doc.id, {"text": text})
        request = ReleaseRequest(doc.id, doc.tenant, "pending", reason_code, principal.id, time.time(), None, None)
        self._store.add_request(request, sealed, before_commit=lambda: self._audit.record(
            "quarantine.release.request", actor=principal.id, tenant=doc.tenant, outcome="success", document=doc.id,
            reason=reason_code))
        return self.release_request(principal, doc.id)

    def approve_release(self, principal: Principal, document_id: str) -> DocumentRecord:
        """A second operator approves: unscannable -> clean (stage ``release``), and the pipeline moves on. A
        release is privileged (``quarantine.release``): a person needs a recent second factor (RFC 9470 step-up);
        a refusal is audited like every other."""
        decision = decide(principal, RELEASE, PolicyResource.scope_of(principal.tenant))
        if not decision.allow:
            denial = refusal(decision)
            self._audit.record("quarantine.release.approve", actor=principal.id, actor_kind=principal.kind,
                               tenant=principal.tenant, outcome="denied", reason=denial.code,
                               document=document_id if _SAFE_ID.fullmatch(document_id) else None,
                               decision=decision.effect, policy="+".join(decision.policy_ids) or None)
            raise denial
        doc = self._held(principal, document_id, DocumentState.UNSCANNABLE)
        try:
            request = self.release_request(principal, doc.id)
        except NotFound as exc:
            raise Conflict("there is no pending release request for this document") from exc
        if request.status != "pending":
            raise Conflict("there is no pending release request for this document")
        if request.requested_by == principal.id:
            self._audit.record("quarantine.release.approve", actor=principal.id, tenant=doc.tenant, outcome="denied",
                        document=doc.id, reason="same_principal")
            raise Forbidden("the release must be approved by a different person than the one who requested it")
        reasons = (*doc.reasons, Reason("released", f"second-person approval ({request.reason_code})"))
        # the approval, the state change and (on a job engine) the next stage's job commit together, or none
        self._store.approve(doc.id, principal.id, reasons, now=time.time(), before_commit=lambda: self._audit.record(
            "quarantine.release.approve", actor=principal.id, tenant=doc.tenant, outcome="success", document=doc.id,
            requested_by=request.requested_by, reason=request.reason_code))
        return self._runner.advance(doc.id)

    # -- purge -----------------------------------------------------------------------------------------------

    def purge_due(self, now: float | None = None, *, actor: str = "phigate", tenant: str | None = None) -> list[str]:
        """Purge every infected document (of ``tenant``, or all) whose forensic period is over: vault delete,
        then state ``purged``."""
        cutoff = (time.time() if now is None else now) - self._retention
        due = self._store.infected_due(cutoff, tenant, _PURGE_BATCH)
        purged = []
        for document_id, owner in due:
            self._vault.delete(quarantine_key(owner, document_id))  # idempotent: a re-run after a crash is fine
            if self._records.transition(document_id, DocumentState.INFECTED, DocumentState.PURGED, "purge",
                                        before_commit=self._purge_audit(actor, owner, document_id)):
                purged.append(document_id)
        return purged

    def _purge_audit(self, actor: str, tenant: str, document_id: str) -> Callable[[], None]:
        return lambda: self._audit.record("quarantine.purge", actor=actor, tenant=tenant, outcome="success",
                                   document=document_id)

    def purge(self, principal: Principal, now: float | None = None) -> list[str]:
        """The purge job, run now by an operator for its own tenant."""
        return self.purge_due(now, actor=principal.id, tenant=_operator_tenant(principal))

    # -- helpers ---------------------------------------------------------------------------------------------

    def _held(self, principal: Principal, document_id: str, state: DocumentState) -> DocumentRecord:
        tenant = _operator_tenant(principal)
        doc = self._records.document(document_id, tenant)
        if doc is None:
            raise NotFound("no such document")
        if doc.state is not state:
            raise Conflict(f"the document is {doc.state.value}, not {state.value}")
        return doc


def infected_alert(audit: Audit) -> Callable[[DocumentRecord, Outcome, str], None]:
    """A transition hook: entering ``infected`` writes an alert event (ids and signature codes only)."""

    def hook(doc: DocumentRecord, outcome: Outcome, stage: str) -> None:
        if outcome.state is DocumentState.INFECTED:
            audit.record("quarantine.alert", actor="phigate", tenant=doc.tenant, outcome="alert", document=doc.id,
                  stage=stage, sha256=doc.sha256)
            log.warning("ALERT: document %s of tenant %s is infected and held in quarantine", doc.id, doc.tenant)

    return hook


RELEASE = "quarantine.release"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


def _operator_tenant(principal: Principal) -> str:
    if principal.tenant is None:
        raise Forbidden("this principal is not bound to a tenant")
    authorize(principal, SCOPE, principal.tenant)
    return principal.tenant


def _quarantine_state(value: str) -> DocumentState:
    try:
        state = DocumentState(value)
    except ValueError as exc:
        raise InputError("state must be infected or unscannable") from exc
    if state not in QUARANTINE_STATES:
        raise InputError("state must be infected or unscannable")
    return state


def gate_judge(vault: Vault, gate: Scanner) -> Judge:
    """Scan a quarantined document's bytes (decrypted in memory, streamed) with the configured gate."""
    from phigate.models import ScanTarget

    def judge(doc: DocumentRecord) -> Outcome:
        verdict = gate.scan(vault.open(quarantine_key(doc.tenant, doc.id)), ScanTarget(doc.media_type, doc.tenant))
        state = {VerdictKind.CLEAN: DocumentState.CLEAN, VerdictKind.INFECTED: DocumentState.INFECTED}.get(
            verdict.kind, DocumentState.UNSCANNABLE)
        return Outcome(state, verdict.kind.value, verdict.document_reasons())

    return judge


__all__ = ["QUARANTINE_STATES", "REASON_CODES", "QuarantineEntry", "QuarantineService", "ReleaseRequest",
           "gate_judge", "infected_alert"]
