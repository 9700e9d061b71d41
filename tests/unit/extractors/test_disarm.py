"""Content disarm and reconstruction (issue 17): what extraction reads is rebuilt; the rebuilt PDF and OOXML pass
the gate's structural validator with no active-content finding left, images keep their pixels and lose their
metadata, and the text survives."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pytest
from PIL import Image, TiffImagePlugin

from phigate.backends.extractors import ExtractorChooser
from phigate.backends.extractors.disarm import disarm, disarm_pdf
from phigate.backends.scanners import StructuralValidator
from phigate.config import ScanLimits
from phigate.errors import ProtectedDocument
from tests._fixtures import adversarial as a
from tests._fixtures import hostile as h

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def findings(data: bytes, media_type: str) -> set[str]:
    return {r.code for r in StructuralValidator(ScanLimits()).validate(data, media_type)}


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


ACTIVE_PDFS = {
    "javascript-launch-openaction": h.pdf_with_javascript_and_launch(),
    "embedded-file": a.pdf_embedded_file(h.eicar(), "text/plain"),
    "attachment-annotation": a.pdf_attachment_annotation(h.eicar(), "text/plain"),
    "xfa-form-page-actions": h.raw_pdf("/AcroForm << /Fields [] /XFA 4 0 R >>", (
        "<< /Length 7 >>\nstream\n<xdp/>\n\nendstream",)).replace(
        b"/MediaBox [0 0 612 792] >>", b"/MediaBox [0 0 612 792] /AA << /O 5 0 R >> >>").replace(
        b"trailer", b"5 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\ntrailer"),
    "link-launch": h.raw_pdf("", (
        "<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (cmd.exe) >> >>",)).replace(
        b"/MediaBox [0 0 612 792] >>", b"/MediaBox [0 0 612 792] /Annots [4 0 R] >>"),
}


@pytest.mark.parametrize("name", sorted(ACTIVE_PDFS))
def test_a_rebuilt_pdf_has_no_active_content_left(name: str) -> None:
    rebuilt = disarm(ACTIVE_PDFS[name], h.PDF).data
    assert findings(rebuilt, h.PDF) == set()
    for marker in (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/XFA", b"/OpenAction", b"EICAR"):
        assert marker not in _pdf_decoded(rebuilt)


def _pdf_decoded(data: bytes) -> bytes:
    """Every object of a PDF, streams decoded, so a marker cannot hide in a compressed stream."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        parts = [data]
        for obj in pdf.objects:
            parts.append(repr(obj).encode())
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.read_bytes())
        return b"\n".join(parts)


def test_the_text_of_a_pdf_survives_its_rebuild() -> None:
    original = h.text_pdf(3)
    rebuilt = disarm(original, h.PDF)
    assert rebuilt.findings == ()
    assert pdf_text(rebuilt.data) == pdf_text(original)


def test_a_stricter_rebuild_rasterises_every_page() -> None:
    rebuilt = disarm_pdf(h.text_pdf(2), rasterise=True, dpi=50).data
    assert len(pdfium.PdfDocument(rebuilt)) == 2
    assert pdf_text(rebuilt).strip() == ""
    assert findings(rebuilt, h.PDF) == set()


def test_an_encrypted_pdf_is_not_rebuilt() -> None:
    with pytest.raises(ProtectedDocument):
        disarm(h.encrypted_pdf(), h.PDF)


def _photo_with_metadata() -> bytes:
    picture = Image.radial_gradient("L").resize((64, 32)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    exif[0x010E] = "Synthetic description"
    exif[0x8825] = {1: "N", 2: (42.0, 21.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif, icc_profile=b"\0" * 128, comment=b"synthetic comment",
                 dpi=(300, 300))
    return out.getvalue()


def test_an_image_keeps_its_upright_pixels_and_loses_its_metadata() -> None:
    rebuilt = disarm(_photo_with_metadata(), h.JPEG).data
    with Image.open(io.BytesIO(rebuilt)) as image:
        assert image.size == (32, 64)  # the EXIF rotation was applied to the pixels
        assert not image.getexif()
        assert {"exif", "icc_profile", "comment"}.isdisjoint(image.info)
        assert image.info["dpi"] == (300, 300)
    for marker in (b"Synthetic description", b"synthetic comment", b"Exif"):
        assert marker not in rebuilt


def test_a_png_is_rebuilt_losslessly_without_its_text_chunks() -> None:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "synthetic patient comment")
    picture = Image.radial_gradient("L").resize((40, 30))
    out = io.BytesIO()
    picture.save(out, format="PNG", pnginfo=text)
    rebuilt = disarm(out.getvalue(), h.PNG).data
    assert b"synthetic patient comment" not in rebuilt
    with Image.open(io.BytesIO(rebuilt)) as image:
        assert image.tobytes() == picture.tobytes()


def test_every_page_of_a_tiff_is_rebuilt_without_its_tags() -> None:
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[270] = "Synthetic image description"
    frames = [Image.new("L", (16, 16), shade) for shade in (0, 128, 255)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], tiffinfo=info)
    rebuilt = disarm(out.getvalue(), h.TIFF).data
    assert b"Synthetic image description" not in rebuilt
    with Image.open(io.BytesIO(rebuilt)) as image:
        assert image.n_frames == 3
        image.seek(1)
        assert image.getpixel((0, 0)) == 128


def _hostile_docx() -> bytes:
    macro = h.docx(macro=True, remote_template=True, hyperlink=True, extra={
        "word/embeddings/oleObject1.bin": h.eicar(), "word/afchunk.mht": a.mht(h.eicar(), "text/plain")})
    rels = ('<Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'aFChunk" Target="afchunk.mht"/><Relationship Id="rId21" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/image" Target="file://203.0.113.9/x.png" TargetMode="External"/>')
    return _add_rels(macro, rels)


def _inflated(package: bytes) -> bytes:
    """Every entry name and body of a package, inflated, so a marker cannot hide in compressed bytes."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return b"\n".join(i.filename.encode() + b"\n" + archive.read(i) for i in archive.infolist())


def _add_rels(package: bytes, rels: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>")
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        b"</w:body>", b'<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        b'r:id="rId20"/></w:body>')
    return h.zip_of(entries)


def test_a_rebuilt_docx_has_no_macro_embedding_chunk_or_external_target_left() -> None:
    hostile = _hostile_docx()
    assert {"ooxml.macro", "ooxml.external_relationship"} <= findings(hostile, h.DOCX)
    assert b"EICAR" in _inflated(hostile)
    rebuilt = disarm(hostile, h.DOCX).data
    assert findings(rebuilt, h.DOCX) == set()
    for marker in (b"vbaProject", b"EICAR", b"aFChunk", b"altChunk", b"203.0.113.9", b"macroEnabled"):
        assert marker not in _inflated(rebuilt)
    assert b"https://example.org/" in _inflated(rebuilt)  # a web hyperlink is kept
    import docx

    assert docx.Document(io.BytesIO(rebuilt)).paragraphs[0].text == "Synthetic discharge summary."


def test_a_macro_enabled_workbook_becomes_a_plain_one() -> None:
    from tests._fixtures.adversarial import _ooxml

    rebuilt = disarm(_ooxml("ms-excel.sheet.macroEnabled.main", "xl/workbook.xml"), XLSX).data
    assert b"macroEnabled" not in _inflated(rebuilt)
    assert findings(rebuilt, XLSX) == set()


def test_extraction_reads_the_rebuilt_document() -> None:
    chooser = ExtractorChooser()
    result = chooser.extract(h.pdf_with_javascript_and_launch(), h.PDF)
    assert result.page_count == 1
    assert chooser.extract(b"plain synthetic text", h.TEXT).text == "plain synthetic text"
