"""The extract stage (clean -> extracting): the clean original is decrypted in memory, its text extracted page
by page (OCR in memory too) and sealed in the vault. A document that cannot be extracted (malformed, over a
limit, password-protected) goes to ``needs_review`` with the reason; the others are not held up."""

from __future__ import annotations

import logging
from collections import Counter

from phigate.errors import ExtractionError
from phigate.models import DocumentRecord, DocumentState, Extracted, Reason
from phigate.pipeline._artifacts import EXTRACTED, artifact_key, extracted_to_dict, put_json
from phigate.pipeline.receive import quarantine_key
from phigate.pipeline.results import ExtractResult
from phigate.pipeline.runner import Outcome
from phigate.ports import Extractor
from phigate.vault import Vault

log = logging.getLogger("phigate.pipeline.extract")


class ExtractStage:
    name = "extract"
    source = DocumentState.CLEAN

    def __init__(self, vault: Vault, extractor: Extractor) -> None:
        self._vault, self._extractor = vault, extractor

    def run(self, document: DocumentRecord) -> Outcome:
        data = self._vault.read(quarantine_key(document.tenant, document.id))
        try:
            extracted = self._extractor.extract(data, document.media_type)
        except ExtractionError as exc:
            log.info("document %s could not be extracted: %s", document.id, exc.code)
            reason = Reason(exc.code, exc.diagnostics())
            return Outcome(DocumentState.NEEDS_REVIEW, reasons=(reason,), details=ExtractResult(error=exc.code))
        except (RecursionError, MemoryError, ArithmeticError, LookupError, TypeError, ValueError, OSError) as exc:
            # a parser bug met by hostile input: fail closed for this document, never for the others
            log.warning("extractor failed on document %s: %s", document.id, type(exc).__name__)
            return Outcome(DocumentState.NEEDS_REVIEW, reasons=(Reason("extraction_failed", type(exc).__name__),),
                           details=ExtractResult(error="extraction_failed"))
        finally:
            del data
        put_json(self._vault, artifact_key(EXTRACTED, document.tenant, document.id), extracted_to_dict(extracted))
        return Outcome(DocumentState.EXTRACTING, details=summary(extracted))


def summary(doc: Extracted) -> ExtractResult:
    """Counts and findings only (a finding's detail never holds document text)."""
    return ExtractResult(doc.media_type, doc.page_count, doc.ocr_pages, len(doc.text), len(doc.fields),
                         doc.findings, dict(Counter(str(f.kind) for f in doc.findings)))
