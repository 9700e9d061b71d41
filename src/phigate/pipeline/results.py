"""What each stage records about a document (ids, codes and counts; never PHI): one frozen type per stage and
one codec between those types and the JSON the records keep. Nothing reads a stage's result by string keys."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from phigate.models import Finding, FindingKind, Verdict
from phigate.pipeline._artifacts import finding_dict, finding_from_dict
from phigate.ports import IntakeRecords

MAX_FINDINGS = 200  # a document's record keeps at most this many findings (the counts stay exact)


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """Extraction: pages, OCR and what the extractor noticed; ``error`` when the document could not be read."""

    media_type: str | None = None
    pages: int | None = None
    ocr_pages: int | None = None
    chars: int = 0
    structured_fields: int = 0
    findings: tuple[Finding, ...] = ()
    finding_counts: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None

    @property
    def hidden_text(self) -> int:
        return self.finding_counts.get(str(FindingKind.HIDDEN_TEXT), 0)


@dataclass(frozen=True, slots=True)
class AnalyseResult:
    """PHI found, by category; ``error`` when the engine refused the text; ``proposed_labels``: the sensitivity
    labels the text's evidence suggests (``label_evidence``), for a person to confirm or dismiss."""

    phi: Mapping[str, int] = field(default_factory=dict)
    phi_total: int = 0
    error: str | None = None
    proposed_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreResult:
    """Why a person must look at the document first (empty: stored)."""

    review: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FailResult:
    """The stage that kept failing, its error code and how many times it was tried."""

    stage: str
    error: str
    attempts: int


@dataclass(frozen=True, slots=True)
class EraseResult:
    """The kinds of artifact an erasure destroyed."""

    destroyed: tuple[str, ...] = ()


StageResult = Verdict | ExtractResult | AnalyseResult | StoreResult | FailResult | EraseResult


@dataclass(frozen=True, slots=True)
class StageResults:
    """Everything recorded about one document, stage by stage (None: that stage has not recorded anything)."""

    scan: Verdict | None = None
    extract: ExtractResult | None = None
    analyse: AnalyseResult | None = None
    store: StoreResult | None = None
    fail: FailResult | None = None
    erase: EraseResult | None = None


Records: TypeAlias = IntakeRecords[StageResult, StageResults]  # the intake records, with the pipeline's results


# --- the codec ------------------------------------------------------------------------------------------------


def encode(result: StageResult) -> str:
    return json.dumps(_to_dict(result), separators=(",", ":"), sort_keys=True)


def decode_all(stored: Mapping[str, str]) -> StageResults:
    """The typed results of a document from its stored rows (stage name -> JSON); unknown stages are ignored."""
    values: dict[str, Any] = {}
    for stage, body in stored.items():
        decoder = _DECODERS.get(stage)
        if decoder is not None:
            values[stage] = decoder(json.loads(body))
    return StageResults(**values)


def _to_dict(result: StageResult) -> dict[str, Any]:
    if isinstance(result, Verdict):
        return result.to_dict()
    if isinstance(result, ExtractResult):
        out: dict[str, Any] = {"media_type": result.media_type, "pages": result.pages,
                               "ocr_pages": result.ocr_pages, "chars": result.chars,
                               "structured_fields": result.structured_fields,
                               "findings": [finding_dict(f) for f in result.findings[:MAX_FINDINGS]],
                               "finding_counts": dict(result.finding_counts), "hidden_text": result.hidden_text}
        return out | ({"error": result.error} if result.error else {})
    if isinstance(result, AnalyseResult):
        return {"phi": dict(sorted(result.phi.items())), "phi_total": result.phi_total} | (
            {"error": result.error} if result.error else {}) | (
            {"proposed_labels": sorted(result.proposed_labels)} if result.proposed_labels else {})
    if isinstance(result, StoreResult):
        return {"review": list(result.review)}
    if isinstance(result, FailResult):
        return {"stage": result.stage, "error": result.error, "attempts": result.attempts}
    return {"destroyed": list(result.destroyed)}


def _extract(d: dict[str, Any]) -> ExtractResult:
    return ExtractResult(d.get("media_type"), d.get("pages"), d.get("ocr_pages"), int(d.get("chars", 0)),
                         int(d.get("structured_fields", 0)), tuple(finding_from_dict(f) for f in d.get("findings", ())),
                         {str(k): int(v) for k, v in d.get("finding_counts", {}).items()}, d.get("error"))


_DECODERS: dict[str, Any] = {
    "scan": Verdict.from_dict,
    "extract": _extract,
    "analyse": lambda d: AnalyseResult({str(k): int(v) for k, v in d.get("phi", {}).items()},
                                       int(d.get("phi_total", 0)), d.get("error"),
                                       tuple(str(x) for x in d.get("proposed_labels", ()))),
    "store": lambda d: StoreResult(tuple(d.get("review", ()))),
    "fail": lambda d: FailResult(str(d["stage"]), str(d["error"]), int(d["attempts"])),
    "erase": lambda d: EraseResult(tuple(d.get("destroyed", ()))),
}


def without_proposal(body: str, label: str) -> tuple[frozenset[str], str]:
    """An analyse result's stored body: its proposed labels, and the body with ``label`` no longer proposed."""
    result = _DECODERS["analyse"](json.loads(body))
    assert isinstance(result, AnalyseResult)
    kept = tuple(x for x in result.proposed_labels if x != label)
    return frozenset(result.proposed_labels), encode(dataclasses.replace(result, proposed_labels=kept))
