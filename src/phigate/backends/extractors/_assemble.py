"""Assemble an ``Extracted`` page by page, keeping every offset stable."""

from __future__ import annotations

from phigate.models import PAGE_SEPARATOR, Extracted, Finding, Page, StructuredField, TextSource


class ExtractedBuilder:
    """Appends pages in order; a page's ``start`` is its offset in the joined document text."""

    def __init__(self, media_type: str) -> None:
        self.media_type = media_type
        self.pages: list[Page] = []
        self.fields: list[StructuredField] = []
        self.findings: list[Finding] = []
        self._next_start = 0

    @property
    def next_start(self) -> int:
        """Where the next page's text will start in the document text."""
        return self._next_start

    def add_page(self, text: str, source: TextSource, ocr_confidence: float | None = None) -> Page:
        page = Page(
            number=len(self.pages) + 1,
            text=text,
            start=self._next_start,
            source=source,
            ocr_confidence=ocr_confidence,
        )
        self.pages.append(page)
        self._next_start = page.end + len(PAGE_SEPARATOR)
        return page

    def add_nested(self, nested: Extracted) -> None:
        """Append another document's pages (an attachment), shifting its fields and findings."""
        first = len(self.pages)
        for page in nested.pages:
            shift = self._next_start - page.start
            self.add_page(page.text, page.source, page.ocr_confidence)
            self.fields.extend(
                StructuredField(f.path, f.category, f.start + shift, f.end + shift)
                for f in nested.fields
                if page.start <= f.start <= page.end
            )
        self.findings.extend(
            Finding(f.kind, f.detail, None if f.page is None else f.page + first, f.region)
            for f in nested.findings
        )

    def build(self) -> Extracted:
        return Extracted(
            media_type=self.media_type,
            pages=tuple(self.pages),
            fields=tuple(self.fields),
            findings=tuple(self.findings),
        )
