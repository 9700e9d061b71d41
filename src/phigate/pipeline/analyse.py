"""The analyse stage (extracting -> analysing): the PHI engine over the extracted text, with the structured
PHI fields (HL7, FHIR, DICOM positions) passed as known values. It seals the PHI inventory, the Safe Harbor
derivative with its attestation (its own namespace, for AI-facing readers) and, when there is any, the linkage.
For images and DICOM it also seals the de-identified image derivative
(faces and PHI words blacked out), what the AI path receives for an image. Only counts by category reach the
database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from phigate.errors import PhiError
from phigate.models import DocumentRecord, DocumentState, Extracted, Reason, TextSource
from phigate.phi import DeidContext, KnownPhi, PhiType, Thresholds, analyze, deidentify_linked
from phigate.pipeline._artifacts import (
    DERIVATIVES,
    EXTRACTED,
    INVENTORY,
    LINKAGE,
    artifact_key,
    drop,
    extracted_from_dict,
    get_json,
    put_json,
)
from phigate.pipeline.image_derivative import ImageDeidentifier
from phigate.pipeline.label_evidence import propose_labels
from phigate.pipeline.results import AnalyseResult
from phigate.pipeline.runner import Outcome
from phigate.vault import Vault

_KNOWN_TYPE = {"name": PhiType.NAME, "date": PhiType.DATE, "address": PhiType.ADDRESS, "phone": PhiType.PHONE,
               "fax": PhiType.FAX, "email": PhiType.EMAIL, "ssn": PhiType.SSN, "mrn": PhiType.MRN,
               "account": PhiType.ACCOUNT, "license": PhiType.LICENSE, "health_plan": PhiType.HEALTH_PLAN,
               "device": PhiType.DEVICE, "url": PhiType.URL, "ip": PhiType.IP, "zip": PhiType.ZIP,
               "location": PhiType.LOCATION, "age": PhiType.AGE, "vehicle": PhiType.VEHICLE}
_MIN_KNOWN_CHARS = 2  # a one-letter value (a sex code, an initial) would match everywhere


def known_values(doc: Extracted) -> list[KnownPhi]:
    text = doc.text
    seen: dict[tuple[str, PhiType], KnownPhi] = {}
    for f in doc.fields:
        value = text[f.start:f.end].strip()
        if len(value) >= _MIN_KNOWN_CHARS:
            kind = _KNOWN_TYPE.get(f.category, PhiType.ID)
            seen.setdefault((value, kind), KnownPhi(value, kind))
    return list(seen.values())


class AnalyseStage:
    name = "analyse"
    source = DocumentState.EXTRACTING

    def __init__(self, vault: Vault, secret_for: Callable[[str], bytes],
                 images: ImageDeidentifier | None = None, thresholds: Thresholds | None = None) -> None:
        self._vault, self._secret_for, self._images = vault, secret_for, images
        self._thresholds = thresholds or Thresholds()

    def run(self, document: DocumentRecord) -> Outcome:
        t, i = document.tenant, document.id
        doc = extracted_from_dict(get_json(self._vault, artifact_key(EXTRACTED, t, i)))
        text = doc.text
        secret = self._secret_for(t)
        try:
            spans = analyze(text, known=known_values(doc), secret=secret, thresholds=self._thresholds)
            context = DeidContext(tenant=t, secret=secret, thresholds=self._thresholds)
            deid, linkage = deidentify_linked(text, mode="safe-harbor", context=context, spans=spans)
            scans = [p.number for p in doc.pages if p.source is TextSource.OCR]
            if self._images is not None and self._images.applies(document.media_type, scans):
                self._images.store(document, secret, scans)
        except PhiError as exc:
            return Outcome(DocumentState.NEEDS_REVIEW, reasons=(Reason(exc.code, exc.diagnostics()),),
                           details=AnalyseResult(error=exc.code))
        counts = Counter(str(s.type) for s in spans)
        put_json(self._vault, artifact_key(INVENTORY, t, i),
                 {"counts": dict(counts), "spans": [s.to_dict() for s in spans]})
        put_json(self._vault, artifact_key(DERIVATIVES, t, i),
                 {"text": deid.text, "mode": deid.mode, "attestation": deid.attestation})
        if linkage:
            put_json(self._vault, artifact_key(LINKAGE, t, i),
                     [{"type": str(e.type), "original": e.original, "replacement": e.replacement}
                      for e in linkage])
        else:
            drop(self._vault, artifact_key(LINKAGE, t, i))
        proposed = tuple(sorted(propose_labels(text) - document.labels))  # sensitivity labels for a person to confirm
        return Outcome(DocumentState.ANALYSING, details=AnalyseResult(dict(counts), len(spans),
                                                                      proposed_labels=proposed))
