"""Sensitivity labels the analysis stage proposed (``pipeline.label_evidence``): a proposal restricts reads as a
set label does (fail closed) until a privacy officer or tenant admin confirms it (it becomes the document's label)
or dismisses it. Every decision asks the policy decision point (``document.labels.decide``) and is audited."""

from __future__ import annotations

from dataclasses import dataclass

from phigate.errors import InputError, NotFound
from phigate.models import DocumentRecord, PolicyResource, Principal, ResourceKind, SensitivityLabel
from phigate.pipeline.results import Records, StageResults, without_proposal
from phigate.ports import Audit, LabelStore
from phigate.services._authz import authorize

DECISIONS = ("confirm", "dismiss")


@dataclass(frozen=True, slots=True)
class LabelDecision:
    document_id: str
    labels: frozenset[str]
    proposed: frozenset[str]


def proposed_labels(results: StageResults) -> frozenset[str]:
    """The labels the analysis proposed that nobody has decided yet (a decision removes its label)."""
    return frozenset(results.analyse.proposed_labels if results.analyse is not None else ())


def pending_labels(doc: DocumentRecord, results: StageResults) -> frozenset[str]:
    """The labels the analysis proposed for ``doc`` that nobody has confirmed or dismissed yet."""
    return proposed_labels(results) - doc.labels


def document_resource(doc: DocumentRecord, pending: frozenset[str] = frozenset()) -> PolicyResource:
    """The document as the policies see it: its labels and its pending proposals alike."""
    return PolicyResource(ResourceKind.DOCUMENT, doc.id, doc.tenant, doc.state.value, doc.labels | pending,
                          doc.ai_consent)


class LabelService:
    def __init__(self, records: Records, store: LabelStore, audit: Audit) -> None:
        self._records, self._store, self._audit = records, store, audit

    def decide(self, principal: Principal, document_id: str, label: str, decision: str) -> LabelDecision:
        """Confirm or dismiss a proposed label of a document of the principal's tenant."""
        if decision not in DECISIONS:
            raise InputError("decision must be 'confirm' or 'dismiss'")
        if label not in {x.value for x in SensitivityLabel}:
            raise InputError(f"a sensitivity label is one of: {', '.join(sorted(x.value for x in SensitivityLabel))}")
        doc = self._records.document(document_id, principal.tenant)
        resource = document_resource(doc) if doc is not None else PolicyResource(
            ResourceKind.DOCUMENT, "unknown", principal.tenant)
        authorize(principal, "document.labels.decide", resource=resource)
        if doc is None:
            raise NotFound("no such document")
        labels, proposed = self._store.decide(
            doc.id, label, confirm=decision == "confirm", without=without_proposal,
            before_commit=lambda: self._audit.record(
                f"document.label.{decision}", actor=principal.id, actor_kind=principal.kind, tenant=doc.tenant,
                outcome="success", document=doc.id, label=label))
        return LabelDecision(doc.id, labels, proposed)
