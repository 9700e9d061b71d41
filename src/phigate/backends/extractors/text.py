"""Plain text: detect the encoding (BOM, UTF-8, BOM-less UTF-16, Windows-1252 fallback) and never crash.

Form feeds split pages. Control characters other than tab and line ends become spaces one for one, so
offsets into the decoded text stay valid and no NUL reaches a database downstream.
"""

from __future__ import annotations

import codecs

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.errors import ExtractionLimitExceeded
from phigate.models import PAGE_SEPARATOR, Extracted, ExtractionLimits, Finding, FindingKind, TextSource

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROLS = {c: " " for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]}


def decode_text(data: bytes) -> tuple[str, str, bool]:
    """Return ``(text, encoding, clean)``; ``clean`` is False when undecodable bytes became U+FFFD."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding)
    try:
        return data.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16(data)
    if utf16:
        return _decode(data, utf16)
    return _decode(data, "cp1252")


def _decode(data: bytes, encoding: str) -> tuple[str, str, bool]:
    if encoding.startswith(("utf-16", "utf-32")):
        unit = 2 if encoding.startswith("utf-16") else 4
        data = data[: len(data) - len(data) % unit]  # a dangling odd byte is truncation, not text
    try:
        return data.decode(encoding), encoding, True
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), encoding, False


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position (for mostly-Latin text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


class TextExtractor:
    """Extractor for ``text/plain`` (and other text types handled as plain text)."""

    name = "text"
    media_types = frozenset({"text/plain", "text/csv", "text/markdown"})

    def __init__(self, limits: ExtractionLimits | None = None) -> None:
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        if len(data) > self._limits.max_text_bytes:
            raise ExtractionLimitExceeded("text document is larger than the extraction limit")
        text, encoding, clean = decode_text(data)
        builder = ExtractedBuilder(media_type)
        if not clean:
            builder.findings.append(
                Finding(FindingKind.DECODING, f"bytes not valid in {encoding} were replaced with U+FFFD")
            )
        for page_text in text.translate(_CONTROLS).split(PAGE_SEPARATOR):
            builder.add_page(page_text, TextSource.TEXT_LAYER)
        return builder.build()
