"""The byte-0 check: the first bytes of an upload must be an allowed type *and* the type the client declared.

libmagic (python-magic) identifies the bytes; formats it reports only as text or JSON (HL7 v2, FHIR) get a
structural check of their own (``phigate.formats``, the one registry of formats).
"""

from __future__ import annotations

import threading

import magic

from phigate import formats
from phigate.errors import UnsupportedMediaType

SNIFF_BYTES = 8192


def normalise_media_type(declared: str) -> str:
    """``Text/Plain; charset=utf-8`` -> ``text/plain``, an alias to its canonical type (``application/hl7-v2``
    -> ``x-application/hl7-v2+er7``); UnsupportedMediaType unless it is an uploadable format."""
    return formats.for_upload(declared).media_type


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
        fmt = formats.for_upload(declared)
        if not fmt.matches(self.identify(head), head):
            raise UnsupportedMediaType("the content does not match the declared media type")

