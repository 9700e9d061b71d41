"""Synthetic documents of each accepted type (no real PHI anywhere)."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib


def pdf(extra: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"% padding\n" * (extra // 10) + b"%%EOF\n"
    return body


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(out, format="JPEG")
    return out.getvalue()


def tiff() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (4, 4), 128).save(out, format="TIFF")
    return out.getvalue()


def docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Synthetic note for testing.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def text() -> bytes:
    return b"Synthetic clinical note.\nNothing real here.\n"


def hl7() -> bytes:
    return b"MSH|^~\\&|LAB|FAC|EHR|FAC|20240101120000||ORU^R01|MSG0001|P|2.5\rPID|1||000000^^^FAC||TEST^PATIENT\r"


def fhir() -> bytes:
    return b'{"resourceType": "Observation", "status": "final", "code": {"text": "synthetic"}}'


def dicom() -> bytes:
    return b"\x00" * 128 + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00" + b"\x00" * 64


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
