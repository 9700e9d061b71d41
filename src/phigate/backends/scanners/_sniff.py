"""What the bytes are, by their own signatures, against what the uploader declared.

A document is judged as its declared type. Bytes that are not that type are refused (``type_mismatch``), and
bytes that are valid as two types at once (a PDF that is also a ZIP, a JPEG with a ZIP appended) are refused as
``polyglot``: two parsers would see two different documents.
"""

from __future__ import annotations

import enum
import struct


class Format(enum.StrEnum):
    PDF = "pdf"
    ZIP = "zip"
    OOXML = "ooxml"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    GIF = "gif"
    OLE2 = "ole2"
    TEXT = "text"
    CSV = "csv"
    HL7 = "hl7v2"
    JSON = "json"
    FHIR = "fhir-json"
    DICOM = "dicom"


_OOXML = "application/vnd.openxmlformats-officedocument."
DECLARED: dict[str, Format] = {
    "application/pdf": Format.PDF,
    "application/zip": Format.ZIP,
    "application/x-zip-compressed": Format.ZIP,
    _OOXML + "wordprocessingml.document": Format.OOXML,
    _OOXML + "spreadsheetml.sheet": Format.OOXML,
    _OOXML + "presentationml.presentation": Format.OOXML,
    "image/png": Format.PNG,
    "image/jpeg": Format.JPEG,
    "image/tiff": Format.TIFF,
    "text/plain": Format.TEXT,
    "text/csv": Format.CSV,
    "text/markdown": Format.TEXT,
    "application/hl7-v2": Format.HL7,
    "x-application/hl7-v2+er7": Format.HL7,
    "application/json": Format.JSON,
    "application/fhir+json": Format.FHIR,
    "application/dicom": Format.DICOM,
}
BINARY = frozenset({Format.PDF, Format.ZIP, Format.PNG, Format.JPEG, Format.TIFF, Format.GIF, Format.OLE2,
                    Format.DICOM})

# where a format's signature must start: anything before it is a finding (``type.leading_bytes``), since readers
# that skip a prefix (PDF, ZIP) and readers that do not see two different files
MAGIC: dict[Format, tuple[bytes, ...]] = {Format.PDF: (b"%PDF-",), Format.ZIP: (b"PK\x03\x04", b"PK\x05\x06")}

_EOCD = b"PK\x05\x06"
_EOCD_MAX_SEARCH = 22 + 0xFFFF  # fixed record + the longest comment


def declared_format(media_type: str) -> Format | None:
    return DECLARED.get(media_type.split(";", 1)[0].strip().lower())


def binary_formats(data: bytes) -> set[Format]:
    """Every binary format whose signature the bytes carry where that format's readers look for it."""
    found: set[Format] = set()
    head = data[:1024]
    if b"%PDF-" in head:  # readers accept the header anywhere in the first KiB
        found.add(Format.PDF)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        found.add(Format.PNG)
    if data.startswith(b"\xff\xd8\xff"):
        found.add(Format.JPEG)
    if data.startswith((b"II*\x00", b"MM\x00*")):
        found.add(Format.TIFF)
    if data.startswith((b"GIF87a", b"GIF89a")):
        found.add(Format.GIF)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        found.add(Format.OLE2)
    if data.startswith(b"PK\x03\x04") or has_zip_directory(data):
        found.add(Format.ZIP)
    if data[128:132] == b"DICM":  # PS3.10: a 128-byte preamble, then the magic
        found.add(Format.DICOM)
    return found


def has_zip_directory(data: bytes) -> bool:
    """True when the tail holds an end-of-central-directory record pointing at a central directory, which is
    what ZIP readers (which read from the end) need, wherever the file claims to start."""
    start = max(0, len(data) - _EOCD_MAX_SEARCH)
    pos = data.rfind(_EOCD, start)
    if pos < 0 or pos + 22 > len(data):
        return False
    cd_size, cd_offset = (int(v) for v in struct.unpack_from("<II", data, pos + 12))
    if cd_size == 0:
        return bool(cd_offset <= pos)
    cd_start = pos - cd_size  # self-extracting or prefixed archives: the directory sits just before the EOCD
    return cd_start >= 0 and data[cd_start:cd_start + 4] == b"PK\x01\x02"
