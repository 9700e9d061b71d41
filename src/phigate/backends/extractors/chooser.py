"""Pick the extractor for a document's media type, and route nested documents (FHIR attachments) back
through the same choice with a depth limit. Every document is disarmed and rebuilt (``disarm``) before its
extractor reads it, so text, OCR and everything downstream see only the reconstruction."""

from __future__ import annotations

import dataclasses

from phigate.backends.extractors.dicom import DicomExtractor
from phigate.backends.extractors.disarm import disarm
from phigate.backends.extractors.docx import DocxExtractor
from phigate.backends.extractors.fhir import FhirExtractor
from phigate.backends.extractors.hl7v2 import Hl7v2Extractor
from phigate.backends.extractors.images import ImageExtractor
from phigate.backends.extractors.ocr import TesseractOcr
from phigate.backends.extractors.pdf import PdfExtractor
from phigate.backends.extractors.text import TextExtractor
from phigate.errors import ExtractionLimitExceeded, UnsupportedDocumentType
from phigate.models import Extracted, ExtractionLimits
from phigate.ports import Extractor


class ExtractorChooser:
    """An ``Extractor`` for every supported media type, choosing the right one per document.

    Without an OCR engine, images are refused and PDF pages without a text layer stay empty (with a
    finding); with one, both are OCR'd.
    """

    name = "auto"

    def __init__(self, ocr: TesseractOcr | None = None, limits: ExtractionLimits | None = None) -> None:
        self.limits = limits or ExtractionLimits()
        self.ocr = ocr  # also the word reader image de-identification uses (the registry hands it on)
        self._fhir = FhirExtractor(self.extract_nested, self.limits)
        extractors: list[Extractor] = [
            PdfExtractor(ocr, self.limits),
            TextExtractor(self.limits),
            Hl7v2Extractor(self.limits),
            self._fhir,
            DicomExtractor(self.limits),
            DocxExtractor(self.limits),
        ]
        if ocr is not None:
            extractors.append(ImageExtractor(ocr, self.limits))
        self._by_type = {mt: ex for ex in extractors for mt in ex.media_types}
        self.media_types = frozenset(self._by_type)

    @classmethod
    def with_tesseract(cls, limits: ExtractionLimits | None = None) -> ExtractorChooser:
        """The full set, OCR included (ConfigError if Tesseract or its language data is missing)."""
        limits = limits or ExtractionLimits()
        return cls(
            TesseractOcr(limits.tesseract_cmd, limits.ocr_language, limits.ocr_timeout_seconds), limits
        )

    def for_media_type(self, media_type: str) -> Extractor:
        extractor = self._by_type.get(normalise_media_type(media_type))
        if extractor is None:
            raise UnsupportedDocumentType("no extractor handles this media type")
        return extractor

    def extract(self, data: bytes, media_type: str) -> Extracted:
        return self.extract_nested(data, media_type, 0)

    def extract_nested(self, data: bytes, media_type: str, depth: int) -> Extracted:
        if depth > self.limits.max_nesting:
            raise ExtractionLimitExceeded("documents are nested deeper than the extraction limit")
        normalised = normalise_media_type(media_type)
        extractor = self.for_media_type(normalised)
        rebuilt = disarm(data, normalised, self.limits)
        if extractor is self._fhir:
            extracted = self._fhir.extract_at(rebuilt.data, normalised, depth)
        else:
            extracted = extractor.extract(rebuilt.data, normalised)
        if rebuilt.findings:
            return dataclasses.replace(extracted, findings=rebuilt.findings + extracted.findings)
        return extracted


def normalise_media_type(media_type: str) -> str:
    """``"Text/Plain; charset=utf-8"`` -> ``"text/plain"``."""
    return media_type.split(";", 1)[0].strip().lower()
