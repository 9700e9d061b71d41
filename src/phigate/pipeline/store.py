"""The store stage (analysing -> stored | needs_review): the record is complete. Documents a person must look
at first (hidden text that could steer a language model, pages that could not be read, scan findings a tenant
policy let through with a flag) go to ``needs_review`` instead, with the reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phigate.models import DocumentRecord, DocumentState, FindingKind
from phigate.pipeline.runner import Outcome

REVIEW_FINDINGS = frozenset({str(FindingKind.HIDDEN_TEXT), str(FindingKind.PAGE_ERROR)})


class StoreStage:
    name = "store"
    source = DocumentState.ANALYSING

    def __init__(self, results: Callable[[str], dict[str, dict[str, Any]]]) -> None:
        self._results = results

    def run(self, document: DocumentRecord) -> Outcome:
        results = self._results(document.id)
        reasons = review_reasons(results)
        if reasons:
            return Outcome(DocumentState.NEEDS_REVIEW, reasons=reasons, details={"review": list(reasons)})
        return Outcome(DocumentState.STORED, details={"review": []})


def review_reasons(results: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    counts = results.get("extract", {}).get("finding_counts", {})
    reasons = [f"{kind} x{counts[kind]}: review" for kind in sorted(REVIEW_FINDINGS)
               if counts.get(kind)]
    flags = results.get("scan", {}).get("flags", [])
    reasons += [f"scan flag {f['code']}" for f in flags]
    return tuple(reasons)
