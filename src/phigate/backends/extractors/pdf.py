"""PDF: the text layer via PDFium, page by page; a page with no usable text layer is rendered and OCR'd.

Pages are opened, read and closed one at a time, so a 2,000-page PDF runs in flat memory. A page that
PDFium cannot load is a finding on that page and the others are still read. Every page is also inspected
for hidden text (see ``hidden``).
"""

from __future__ import annotations

import math
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from phigate.backends.extractors import hidden
from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.backends.extractors.images import add_ocr_page
from phigate.backends.extractors.ocr import OcrResult, TesseractOcr
from phigate.errors import ExtractionLimitExceeded, MalformedDocument, ProtectedDocument
from phigate.models import Extracted, ExtractionLimits, Finding, FindingKind, TextSource

_BAD_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs"}
_GARBAGE_SHARE = 0.3


class PdfExtractor:
    """Extractor for ``application/pdf``."""

    name = "pdf"
    media_types = frozenset({"application/pdf"})

    def __init__(self, ocr: TesseractOcr | None, limits: ExtractionLimits | None = None) -> None:
        self._ocr = ocr
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        builder = ExtractedBuilder(media_type)
        doc = _open(data)
        try:
            count = len(doc)
            if count > self._limits.max_pages:
                raise ExtractionLimitExceeded(
                    f"PDF has {count} pages, more than the limit of {self._limits.max_pages}"
                )
            self._read_pages(doc, count, builder)
        finally:
            doc.close()
        if (
            count
            and all(f.kind is FindingKind.PAGE_ERROR for f in builder.findings)
            and len(builder.findings) == count
        ):
            raise MalformedDocument("no page of the PDF could be read")
        return builder.build()

    def _read_pages(self, doc: pdfium.PdfDocument, count: int, builder: ExtractedBuilder) -> None:
        """Read pages one at a time, each closed before the next opens."""
        ocr_done = 0
        for index in range(count):
            number = index + 1
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                builder.findings.append(Finding(FindingKind.PAGE_ERROR, "page could not be loaded", number))
                builder.add_page("", TextSource.TEXT_LAYER)
                continue
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range().replace("\r\n", "\n")
                    inspection = hidden.inspect_page(page, textpage, number)
                finally:
                    textpage.close()
                builder.findings.extend(inspection.findings)
                verdict = text_layer_verdict(text, self._limits.min_text_layer_chars)
                if (
                    self._ocr is None
                    or verdict == "usable"
                    or not (verdict == "garbage" or inspection.has_graphics)
                ):
                    builder.add_page(text, TextSource.TEXT_LAYER)
                    if not text.strip():
                        builder.findings.append(Finding(FindingKind.EMPTY_PAGE, "page has no text", number))
                    continue
                if verdict == "garbage":
                    builder.findings.append(
                        Finding(
                            FindingKind.GARBAGE_TEXT_LAYER,
                            "text layer is mostly unreadable characters; the page was OCR'd instead",
                            number,
                        )
                    )
                    text = ""
                ocr_done += 1
                if ocr_done > self._limits.max_ocr_pages:
                    raise ExtractionLimitExceeded("PDF needs OCR on more pages than the OCR page limit")
                result = self._ocr.recognise(self._render(page), self._limits.ocr_dpi)
                if text.strip():  # a short text layer over a scan: keep it, nothing is dropped
                    joined = "\n".join(t for t in (result.text, text) if t.strip())
                    result = OcrResult(joined, result.confidence, result.rotation)
                add_ocr_page(builder, result)
            finally:
                page.close()

    def _render(self, page: pdfium.PdfPage) -> Image.Image:
        width, height = page.get_size()
        scale = self._limits.ocr_dpi / 72
        # a page with a huge media box would render to a pixel bomb: shrink it to the pixel cap instead
        cap = math.sqrt(self._limits.max_image_pixels / max(width * height, 1.0))
        bitmap = page.render(scale=min(scale, cap), grayscale=True)
        try:
            return bitmap.to_pil()  # type: ignore[no-any-return]
        finally:
            bitmap.close()


def text_layer_verdict(text: str, min_chars: int) -> str:
    """``usable``, ``garbage`` (mostly control, private-use or unassigned characters) or ``empty``."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return "empty"
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in _BAD_CATEGORIES)
    if bad / len(visible) > _GARBAGE_SHARE:
        return "garbage"
    return "usable" if len(visible) >= min_chars else "empty"


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ProtectedDocument("PDF is password-protected") from exc
        raise MalformedDocument("PDF is corrupt or not a PDF") from exc
