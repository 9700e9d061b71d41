"""Which unpacker reads the payloads of a document of a given declared type (see ``_embedded``)."""

from __future__ import annotations

from collections.abc import Iterator

from ._embedded import Budget, Payload
from ._embedded_binary import dicom_payloads, pdf_payloads, zip_payloads
from ._embedded_text import hl7_payloads, json_payloads
from ._sniff import Format, declared_format


def unpack(data: bytes, media_type: str, budget: Budget) -> Iterator[Payload]:
    """Every payload directly inside ``data`` (judged as ``media_type``); raises PayloadRefused."""
    fmt = declared_format(media_type)
    if fmt in (Format.JSON, Format.FHIR):
        yield from json_payloads(data, budget)
    elif fmt is Format.HL7:
        yield from hl7_payloads(data, budget)
    elif fmt in (Format.ZIP, Format.OOXML):
        yield from zip_payloads(data, budget)
    elif fmt is Format.PDF:
        yield from pdf_payloads(data, budget)
    elif fmt is Format.DICOM:
        yield from dicom_payloads(data, budget)
