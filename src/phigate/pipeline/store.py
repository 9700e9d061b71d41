"""The store stage (analysing -> stored | needs_review): the record is complete. Documents a person must look
at first (hidden text that could steer a language model, pages that could not be read, scan findings a tenant
policy let through with a flag) go to ``needs_review`` instead, with the reasons."""

from __future__ import annotations

from collections.abc import Callable

from phigate.models import DocumentRecord, DocumentState, FindingKind, Reason
from phigate.pipeline.results import StageResults, StoreResult
from phigate.pipeline.runner import Outcome

REVIEW_FINDINGS = frozenset({str(FindingKind.HIDDEN_TEXT), str(FindingKind.PAGE_ERROR)})


class StoreStage:
    name = "store"
    source = DocumentState.ANALYSING

    def __init__(self, results: Callable[[str], StageResults]) -> None:
        self._results = results

    def run(self, document: DocumentRecord) -> Outcome:
        results = self._results(document.id)
        reasons = review_reasons(results)
        if reasons:
            return Outcome(DocumentState.NEEDS_REVIEW, reasons=reasons,
                           details=StoreResult(tuple(str(r) for r in reasons)))
        return Outcome(DocumentState.STORED, details=StoreResult())


def review_reasons(results: StageResults) -> tuple[Reason, ...]:
    counts = results.extract.finding_counts if results.extract else {}
    reasons = [Reason("review.finding", f"{kind} x{counts[kind]}") for kind in sorted(REVIEW_FINDINGS)
               if counts.get(kind)]
    reasons += [Reason("review.scan_flag", f.code) for f in (results.scan.flags if results.scan else ())]
    return tuple(reasons)
