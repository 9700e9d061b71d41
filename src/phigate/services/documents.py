"""The use cases around documents once they are in: ingest of local files (``phigate ingest``) and the reads
of a document's record, text and original. Each read checks the caller's scope, is tenant-scoped (another
tenant's document is a 404) and is audited with its purpose of use, here and only here."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from phigate import formats
from phigate.errors import Conflict, Error, Gone, InputError, NotFound
from phigate.models import (
    AccessContext,
    BlobKey,
    Decision,
    DocumentRecord,
    DocumentState,
    PolicyResource,
    Principal,
    PurposeOfUse,
    Reason,
    ResourceKind,
    View,
    parse_purpose,
)
from phigate.pipeline._artifacts import (
    DERIVATIVES,
    EXTRACTED,
    IMAGE_DERIVATIVES,
    INVENTORY,
    LINKAGE,
    artifact_key,
    finding_dict,
    get_json,
)
from phigate.pipeline.image_derivative import read_page
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.results import MAX_FINDINGS, AnalyseResult, EraseResult, ExtractResult, Records, StageResults
from phigate.pipeline.runner import Runner
from phigate.ports import Audit
from phigate.services._authz import decide, refusal
from phigate.services.break_glass import BreakGlass
from phigate.services.labels import document_resource, pending_labels
from phigate.vault import Vault

READABLE = frozenset({DocumentState.STORED, DocumentState.NEEDS_REVIEW})  # by people holding read_phi
AI_READABLE = frozenset({DocumentState.STORED})  # a derivative awaiting review (hidden text) is not served
VIEWS = ("deidentified", "full")
# everything kept about a document
ARTIFACTS = ("original", EXTRACTED, INVENTORY, DERIVATIVES, IMAGE_DERIVATIVES, LINKAGE)


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure destroyed: the artifacts' kinds (ids and kinds only, never content)."""

    document_id: str
    destroyed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document's record for callers: state, verdict, counts and findings (ids, codes, counts; no PHI)."""

    record: DocumentRecord
    results: StageResults = field(default_factory=StageResults)
    mask: frozenset[str] = frozenset()  # fields a policy obligation withholds from this reader
    pending_labels: frozenset[str] = frozenset()  # proposed by the analysis, not yet confirmed or dismissed

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self._summary().items() if k not in self.mask}

    def _summary(self) -> dict[str, Any]:
        r, scan = self.record, self.results.scan
        ext, ana = self.results.extract or ExtractResult(), self.results.analyse or AnalyseResult()
        return {"id": r.id, "state": str(r.state), "verdict": r.verdict, "reasons": [str(x) for x in r.reasons],
                "reason_codes": [x.code for x in r.reasons],
                "media_type": r.media_type, "size": r.size, "sha256": r.sha256, "labels": sorted(r.labels),
                "proposed_labels": sorted(self.pending_labels),
                "scanners": [s.to_dict() for s in scan.scanners] if scan else [],
                "scan_flags": [f.to_dict() for f in scan.flags] if scan else [],
                "pages": ext.pages, "ocr_pages": ext.ocr_pages,
                "findings": [finding_dict(f) for f in ext.findings[:MAX_FINDINGS]], "hidden_text": ext.hidden_text,
                "phi": dict(sorted(ana.phi.items())), "created_at": r.created_at, "updated_at": r.updated_at}


class DocumentService:
    def __init__(self, *, records: Records, vault: Vault, audit: Audit, intake: Runner,
                 pipeline: Runner, emergency: Callable[[Principal], BreakGlass | None] = lambda _: None) -> None:
        """``emergency``: the principal's open break-glass window, if any (``BreakGlassService.active``)."""
        self._records, self._vault, self._audit = records, vault, audit
        self._intake, self._pipeline = intake, pipeline
        self._emergency = emergency

    # -- ingest ----------------------------------------------------------------------------------------------

    def ingest(self, tenant: str, chunks: Iterable[bytes], media_type: str, *, actor: str = "cli") -> DocumentView:
        """Seal one local document into quarantine and run it through every stage, in this process. The media
        type is one an upload may declare (an alias becomes its canonical type); UnsupportedMediaType if not."""
        media_type = formats.for_upload(media_type).media_type
        document_id = f"doc_{secrets.token_hex(16)}"
        key = quarantine_key(tenant, document_id)
        sealed = self._vault.put(key, chunks)
        if sealed.size == 0:
            self._vault.delete(key)
            raise InputError("the file is empty")
        now = time.time()
        doc = DocumentRecord(id=document_id, tenant=tenant, media_type=media_type, size=sealed.size,
                             sha256=sealed.sha256, state=DocumentState.RECEIVED, verdict=None, reasons=(),
                             ai_consent=False, created_at=now, updated_at=now)
        try:
            self._records.add_document(doc, "ingest", before_commit=lambda: self._audit.record(
                "document.ingest", actor=actor, tenant=tenant, outcome="success", document=document_id,
                size=sealed.size, sha256=sealed.sha256))
        except BaseException:
            self._vault.delete(key)
            raise
        return self.advance(document_id)

    def advance(self, document_id: str) -> DocumentView:
        self._intake.advance(document_id)
        record = self._pipeline.advance(document_id)
        return DocumentView(record, self._records.results(document_id))

    # -- reads -----------------------------------------------------------------------------------------------

    def get(self, principal: Principal, document_id: str, purpose: str | None = None) -> DocumentView:
        doc, decision = self._authorise(principal, document_id, "document.read", purpose)
        results = self._records.results(doc.id)
        return DocumentView(doc, results, mask=decision.obligations.mask,
                            pending_labels=pending_labels(doc, results))

    def text(self, principal: Principal, document_id: str, view: str, purpose: str | None = None) -> str:
        if view not in VIEWS:
            raise InputError("view must be 'deidentified' or 'full'")
        doc, decision = self._authorise(principal, document_id, f"document.text.{view}", purpose,
                                        readable=AI_READABLE if view == "deidentified" else READABLE)
        if view == "deidentified" or decision.obligations.view is View.DEIDENTIFIED:
            return str(get_json(self._vault, artifact_key(DERIVATIVES, doc.tenant, doc.id))["text"])
        pages = get_json(self._vault, artifact_key(EXTRACTED, doc.tenant, doc.id))["pages"]
        return "\f".join(str(p["text"]) for p in pages)

    def image(self, principal: Principal, document_id: str, view: str, page: int = 1,
              purpose: str | None = None) -> bytes:
        """One page of the de-identified image derivative (PNG: faces and PHI words blacked out, no metadata):
        what AI-facing readers receive for an image. The original pixels are only ever served by ``content``."""
        if view != "deidentified":
            raise InputError("view must be 'deidentified' (the original is served by /content)")
        doc, _ = self._authorise(principal, document_id, "document.image.deidentified", purpose,
                                 readable=AI_READABLE)
        return read_page(self._vault, doc.tenant, doc.id, page)

    def content(self, principal: Principal, document_id: str, purpose: str | None = None) -> tuple[DocumentRecord,
                                                                                                    Iterator[bytes]]:
        doc, _ = self._authorise(principal, document_id, "document.content", purpose, readable=READABLE)
        return doc, self._vault.open(quarantine_key(doc.tenant, doc.id))

    # -- erasure -----------------------------------------------------------------------------------------------

    def erase(self, principal: Principal, document_id: str) -> Erasure:
        """Crypto-shred every artifact of the document (original, extracted text, PHI inventory, derivatives,
        linkage) and move it to ``erased``; every view answers 410 afterwards.

        Shredding cannot be rolled back, so the authorised request is audited first (no audit, no erasure), then
        each artifact is shredded, then the state change and the event listing what was destroyed commit
        together. An erasure that stopped half-way is completed by asking again."""
        doc, _ = self._authorise(principal, document_id, "document.erase", None, erasable=True)
        destroyed = tuple(kind for kind in ARTIFACTS if self._vault.erase(_artifact(kind, doc)))
        self._records.transition(
            doc.id, doc.state, DocumentState.ERASED, "erase", reasons=(Reason("erased", "on request"),),
            details=EraseResult(destroyed), before_commit=lambda: self._audit.record(
                "document.erase", actor=principal.id, actor_kind=principal.kind, tenant=doc.tenant, outcome="success",
                document=doc.id,
                sha256=doc.sha256, source=doc.state.value, destroyed="+".join(destroyed) or "none"))
        return Erasure(doc.id, destroyed)

    def _authorise(self, principal: Principal, document_id: str, action: str, purpose: str | None,
                   *, readable: frozenset[DocumentState] | None = None,
                   erasable: bool = False) -> tuple[DocumentRecord, Decision]:
        """The document and the policy decision point's permit for ``action`` on it, asked once and audited
        (decision, deciding policies, obligations) whatever the answer. Another tenant's document, or one not
        in a readable state, is a 404 to a caller who would otherwise be allowed."""
        purpose_of_use = parse_purpose(purpose)
        tenant = principal.tenant
        doc = self._records.document(document_id, tenant) if tenant is not None else None
        resource = document_resource(doc, pending_labels(doc, self._records.results(doc.id))) \
            if doc is not None else PolicyResource(
            ResourceKind.DOCUMENT, document_id if _SAFE_ID.fullmatch(document_id) else "unknown", tenant,
            ai_consent=True)  # what is not there has no consent to refuse: the answer is a 404
        window = self._emergency(principal)
        decision = decide(principal, action, resource,
                          AccessContext(purpose=purpose_of_use, break_glass=window is not None))
        denial: Error | None = None
        if not decision.allow:
            denial = refusal(decision)
        elif doc is not None and doc.state is DocumentState.ERASED:
            denial = Gone("this document was erased")
        elif erasable and doc is not None and doc.state in _UNFINISHED:
            denial = Conflict("this document is still being processed; erase it once it has settled")
        elif doc is None or (readable is not None and doc.state not in readable):
            # infected, unscannable and unfinished documents are never served: they do not exist for readers
            denial = NotFound("no such document")
        audit_action = "document.erase.authorize" if action == "document.erase" else action
        self._audit.record(audit_action, actor=principal.id, actor_kind=principal.kind, tenant=tenant,
                           outcome="denied" if denial else "success",
                           document=doc.id if doc else None, purpose=str(purpose_of_use or PurposeOfUse.TREATMENT),
                           reason=denial.code if denial else None, decision=decision.effect,
                           policy="+".join(decision.policy_ids) or None,
                           obligations=decision.obligations.summary() or None,
                           break_glass=window.id if window is not None else None)  # every access during it
        if denial is not None:
            raise denial
        assert doc is not None
        return doc, decision


_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


# a document still moving through the pipeline: a stage may be writing its artifacts, so it cannot be erased yet
_UNFINISHED = frozenset({DocumentState.RECEIVED, DocumentState.QUARANTINED, DocumentState.SCANNING,
                         DocumentState.CLEAN, DocumentState.EXTRACTING, DocumentState.ANALYSING})


def _artifact(kind: str, doc: DocumentRecord) -> BlobKey:
    return quarantine_key(doc.tenant, doc.id) if kind == "original" else artifact_key(kind, doc.tenant, doc.id)
