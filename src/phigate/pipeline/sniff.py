"""The byte-0 check: the first bytes of an upload must be an allowed type *and* the type the client declared.

libmagic (python-magic) identifies the bytes; formats it reports only as text or JSON (HL7 v2, FHIR) get a
structural check of their own. A ZIP is accepted as DOCX only when its first entries name the Word parts.
"""

from __future__ import annotations

import threading

import magic

from phigate.errors import UnsupportedMediaType

SNIFF_BYTES = 8192
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HL7V2 = "x-application/hl7-v2+er7"
FHIR_JSON = "application/fhir+json"

# declared type -> what libmagic may call those bytes
ALLOWED: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"application/pdf"}),
    "image/png": frozenset({"image/png"}),
    "image/jpeg": frozenset({"image/jpeg"}),
    "image/tiff": frozenset({"image/tiff"}),
    DOCX: frozenset({DOCX}),
    "text/plain": frozenset({"text/plain"}),
    HL7V2: frozenset({"text/plain"}),
    FHIR_JSON: frozenset({"application/json", "text/plain"}),
    "application/dicom": frozenset({"application/dicom", "application/octet-stream"}),
}


def normalise_media_type(declared: str) -> str:
    """``Text/Plain; charset=utf-8`` -> ``text/plain``; UnsupportedMediaType unless it is an allowed type."""
    base = declared.split(";", 1)[0].strip().lower()
    if base not in ALLOWED:
        raise UnsupportedMediaType(f"media type not accepted; allowed: {', '.join(sorted(ALLOWED))}")
    return base


class MediaSniffer:
    """Thread-safe wrapper over one libmagic handle (libmagic handles are not safe to share unlocked)."""

    def __init__(self) -> None:
        self._magic = magic.Magic(mime=True)
        self._lock = threading.Lock()

    def identify(self, head: bytes) -> str:
        with self._lock:
            return str(self._magic.from_buffer(head))

    def check(self, declared: str, head: bytes) -> None:
        """UnsupportedMediaType unless ``head`` (the first bytes) is the declared, allowed type."""
        if not head:
            raise UnsupportedMediaType("the upload is empty")
        found = self.identify(head)
        if found not in ALLOWED[declared] or not _structure_ok(declared, head):
            raise UnsupportedMediaType("the content does not match the declared media type")


def _structure_ok(declared: str, head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if declared == HL7V2:
        return text.startswith(b"MSH|")
    if declared == FHIR_JSON:
        return text.startswith(b"{") and b'"resourceType"' in head
    if declared == "application/dicom":
        return head[128:132] == b"DICM"
    if declared == "text/plain":
        return b"\x00" not in head
    return True
