"""Payloads carried inside a document, decoded so that the gate judges them before the verdict: base64
attachments of FHIR resources, HL7 v2 ED fields, OOXML embeddings and alternative-format chunks, PDF embedded
files, and archives inside archives.

Decoding is bounded: at most ``MAX_DEPTH`` levels of payloads inside payloads, ``MAX_PAYLOADS`` payloads and
``limits.max_document_bytes`` decoded bytes per document, and a compression ratio cap on every inflated stream.
A payload that cannot be decoded within those bounds makes the document ``unscannable`` (``embedded.*``).

Each payload carries the media type to judge it as: the one its container claims when the gate has a validator
for it (a claim the bytes contradict is a ``type_mismatch``), else the binary format its own signature says,
else none: such an opaque payload (a CDA XML, an OLE object) goes to the signature engines only.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._findings import infected, unscannable
from ._sniff import DECLARED, Format, binary_formats

SCANNER = "phigate-embedded"
MAX_DEPTH = 4
MAX_PAYLOADS = 1000
_RATIO_FLOOR = 1 << 20

# the binary formats a payload can be judged as on its own signature, and the type it is then judged as
_SNIFFED_TYPES = {Format.PDF: "application/pdf", Format.ZIP: "application/zip", Format.PNG: "image/png",
                  Format.JPEG: "image/jpeg", Format.TIFF: "image/tiff", Format.DICOM: "application/dicom"}


@dataclass(frozen=True, slots=True)
class Payload:
    data: bytes
    media_type: str | None  # what to judge it as; None: opaque, for the signature engines only
    origin: str  # where it was found (a kind of place, never a name from the document)


class PayloadRefused(Exception):
    """A payload that cannot be decoded within the limits; carries the finding to report. Control flow inside
    the gate only: the composite scanner turns it into a reason, it never leaves the scanners."""

    def __init__(self, reason: ScanReason) -> None:
        super().__init__(reason.code)
        self.reason = reason


def undecodable(origin: str) -> PayloadRefused:
    return PayloadRefused(unscannable("embedded.undecodable", SCANNER, f"{origin} that does not decode"))


class Budget:
    """What is left for one document: decoded bytes and payload count, shared by every level."""

    def __init__(self, limits: ScanLimits) -> None:
        self.limits = limits
        self.bytes_left = limits.max_document_bytes
        self.payloads_left = MAX_PAYLOADS

    def take(self, size: int) -> None:
        self.payloads_left -= 1
        if self.payloads_left < 0:
            raise PayloadRefused(unscannable("embedded.too_many", SCANNER, f"more than {MAX_PAYLOADS} payloads"))
        self.bytes_left -= size
        if self.bytes_left < 0:
            raise PayloadRefused(unscannable("embedded.too_large", SCANNER,
                                             f"payloads above {self.limits.max_document_bytes} decoded bytes"))

    def cap(self) -> int:
        return max(self.bytes_left, 0)

    def check_ratio(self, encoded: int, decoded: int, origin: str) -> None:
        if decoded > _RATIO_FLOOR and decoded > self.limits.max_zip_ratio * max(encoded, 1):
            raise PayloadRefused(infected("embedded.bomb", SCANNER,
                                          f"{origin} inflates above the ratio {self.limits.max_zip_ratio}"))


def payload(data: bytes, claimed: str | None, origin: str, budget: Budget) -> Payload:
    """A decoded payload, counted against the budget, with the media type to judge it as."""
    budget.take(len(data))
    return Payload(data, judged_type(data, claimed), origin)


def judged_type(data: bytes, claimed: str | None) -> str | None:
    if claimed is not None:
        base = claimed.split(";", 1)[0].strip().lower()
        if base in DECLARED:
            return base
    found = binary_formats(data)
    return next((media_type for fmt, media_type in _SNIFFED_TYPES.items() if fmt in found), None)


def decode_base64(text: str, origin: str, budget: Budget) -> bytes:
    compact = "".join(text.split())
    if len(compact) // 4 * 3 > budget.cap():
        raise PayloadRefused(unscannable("embedded.too_large", SCANNER,
                                         f"{origin} above the decoded-bytes budget"))
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise undecodable(origin) from exc
