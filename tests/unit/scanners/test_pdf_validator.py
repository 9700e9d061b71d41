from __future__ import annotations

import io
import zlib

import pytest

from tests._fixtures import hostile as h
from tests.unit.scanners._helpers import codes, validate


def test_clean_text_pdf_is_clean() -> None:
    verdict = validate(h.text_pdf(3), h.PDF)
    assert verdict.kind == "clean" and verdict.reasons == ()
    assert verdict.scanners[0].name == "phigate-validators"


@pytest.mark.parametrize(("catalog", "objects", "expected"), [
    ("/OpenAction 4 0 R", ("<< /S /JavaScript /JS (app.alert\\(1\\)) >>",), {"pdf.javascript", "pdf.open_action"}),
    ("/OpenAction 4 0 R", ("<< /S /Launch /F (cmd.exe) >>",), {"pdf.launch", "pdf.open_action"}),
    ("/AA << /WC 4 0 R >>", ("<< /S /GoTo /D [3 0 R /Fit] >>",), {"pdf.auto_action"}),
    ("/Names << /EmbeddedFiles << /Names [(a) 4 0 R] >> >>",
     ("<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
      "<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream"),
     {"pdf.embedded_file"}),
    ("/AcroForm << /XFA 4 0 R /Fields [] >>", ("<< /Length 0 >>\nstream\n\nendstream",), {"pdf.xfa"}),
    # hex-escaped names are decoded before comparison
    ("/OpenAction 4 0 R", ("<< /S /J#61vaScript /J#53 (x) >>",), {"pdf.javascript", "pdf.open_action"}),
    # an action nested one level down in an annotation-like dictionary
    ("", ("<< /Type /Annot /A << /S /Launch /F (x) >> >>",), {"pdf.launch"}),
])
def test_active_content_is_found(catalog: str, objects: tuple[str, ...], expected: set[str]) -> None:
    verdict = validate(h.raw_pdf(catalog, objects), h.PDF)
    assert verdict.kind == "infected"
    assert codes(verdict) == expected
    assert all(r.adjustable for r in verdict.reasons)


@pytest.mark.parametrize("catalog", [
    "/OpenAction [3 0 R /Fit]",  # a destination, not an action: what Word and many tools write
    "/PageMode /UseOutlines",
    "/Metadata << /Subtype /XML >>",
])
def test_near_misses_are_clean(catalog: str) -> None:
    assert validate(h.raw_pdf(catalog), h.PDF).kind == "clean"


def test_javascript_inside_a_compressed_object_stream_is_found() -> None:
    # objects 4 (an action) packed in object stream 5, which readers inflate; raw bytes show nothing
    packed = b"4 0 << /S /JavaScript /JS (x) >>"
    header = b"4 0 "
    stream = zlib.compress(packed)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for number, body in [(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"),
                         (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                         (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")]:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    offsets[5] = out.tell()
    out.write(b"5 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
              % (len(header), len(stream)) + stream + b"\nendstream\nendobj\n")
    xref_at = out.tell()
    rows = [(0, 0, 0), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0), (2, 5, 0), (1, offsets[5], 0),
            (1, xref_at, 0)]
    table = zlib.compress(b"".join(bytes([t]) + o.to_bytes(4, "big") + bytes([g]) for t, o, g in rows))
    out.write(b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
              b"stream\n" % len(table) + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    data = out.getvalue()
    assert b"JavaScript" not in data
    assert "pdf.javascript" in codes(validate(data, h.PDF))


def test_password_protected_pdf_is_unscannable() -> None:
    verdict = validate(h.encrypted_pdf(), h.PDF)
    assert verdict.kind == "unscannable" and codes(verdict) == {"encrypted"}


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n",
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n",  # truncated
    h.text_pdf(1)[:300],
    b"%PDF-" + bytes(range(256)) * 40,
])
def test_malformed_pdf_is_unscannable(data: bytes) -> None:
    verdict = validate(data, h.PDF)
    assert verdict.kind == "unscannable"
    assert codes(verdict) == {"pdf.malformed"}


def test_page_and_object_caps() -> None:
    assert codes(validate(h.text_pdf(3), h.PDF, max_pdf_pages=2)) == {"pdf.too_many_pages"}
    assert codes(validate(h.text_pdf(3), h.PDF, max_pdf_objects=5)) == {"pdf.too_many_objects"}
