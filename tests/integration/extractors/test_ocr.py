"""OCR with the real Tesseract: images, scanned PDF pages, rotation, garbage text layers, frame caps,
and no file written anywhere while it runs. Images are small (each full OCR page costs ~2 s here)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PIL import Image

from phigate.backends.extractors import ExtractorChooser
from phigate.backends.extractors.ocr import TesseractOcr
from phigate.errors import ConfigError, ExtractionLimitExceeded, MalformedDocument
from phigate.models import FindingKind, TextSource
from tests._fixtures.extract import PdfPage, build_pdf, image_bytes, pdf_image, pdf_text, text_image

pytestmark = pytest.mark.tesseract

LINES = ["Patient: Zoe Quintero", "MRN 778899  DOB 04/03/1971"]


def assert_read(text: str) -> None:
    assert "Zoe Quintero" in text
    assert "778899" in text


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_png_and_jpeg_are_ocrd(ocr_chooser: ExtractorChooser, fmt: str, media_type: str) -> None:
    result = ocr_chooser.extract(image_bytes(text_image(LINES), fmt, dpi=(300, 300)), media_type)
    assert_read(result.text)
    assert result.pages[0].source is TextSource.OCR
    assert result.pages[0].ocr_confidence is not None and result.pages[0].ocr_confidence > 70


def test_upside_down_scan_is_read_upright_via_osd(ocr_chooser: ExtractorChooser) -> None:
    scan = text_image([*LINES, "Hemoglobin 13.2 g/dL and glucose 98 mg/dL", "Follow up with Dr Hart in May"])
    result = ocr_chooser.extract(image_bytes(scan.rotate(180, expand=True), "PNG"), "image/png")
    assert_read(result.text)
    assert (FindingKind.ROTATED_PAGE, 1) in {(f.kind, f.page) for f in result.findings}


def test_multipage_tiff_with_a_blank_frame(ocr_chooser: ExtractorChooser) -> None:
    frames = [text_image(LINES), Image.new("L", (400, 200), 255)]
    result = ocr_chooser.extract(image_bytes(frames, "TIFF", compression="tiff_lzw"), "image/tiff")
    assert len(result.pages) == 2
    assert_read(result.pages[0].text)
    assert (FindingKind.EMPTY_PAGE, 2) in {(f.kind, f.page) for f in result.findings}


def test_tiff_with_500_frames_is_refused_before_any_ocr(ocr_chooser: ExtractorChooser) -> None:
    frames = [Image.new("L", (16, 16), 255)] * 500
    with pytest.raises(ExtractionLimitExceeded) as err:
        ocr_chooser.extract(image_bytes(frames, "TIFF"), "image/tiff")
    assert "500 frames" in err.value.diagnostics()


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + b"\0" * 50, b"GIF89a", b""], ids=["trunc", "gif", "empty"]
)
def test_broken_images_are_malformed(ocr_chooser: ExtractorChooser, data: bytes) -> None:
    with pytest.raises(MalformedDocument):
        ocr_chooser.extract(data, "image/png")


def test_decompression_bomb_is_refused(ocr_chooser: ExtractorChooser) -> None:
    bomb = image_bytes(Image.new("1", (10000, 10000), 1), "PNG")  # 100 Mpx in a few KB
    with pytest.raises(ExtractionLimitExceeded):
        ocr_chooser.extract(bomb, "image/png")


def test_mixed_pdf_reads_text_layer_pages_and_ocrs_the_scan(ocr_chooser: ExtractorChooser) -> None:
    scan = text_image(LINES)
    w, h = scan.width * 72 / 300, scan.height * 72 / 300  # shown at 300 dpi
    pdf = build_pdf(
        [
            PdfPage(pdf_text(72, 700, "Referral letter page one, typed text")),
            PdfPage(pdf_image(0, 0, 0, w, h), width=w, height=h, images=[scan]),
        ]
    )
    result = ocr_chooser.extract(pdf, "application/pdf")
    assert [p.source for p in result.pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert result.ocr_pages == 1
    assert_read(result.pages[1].text)


def test_garbage_text_layer_is_replaced_by_ocr(ocr_chooser: ExtractorChooser) -> None:
    pdf = build_pdf(
        [
            PdfPage(
                pdf_text(20, 40, "Patient Zoe Quintero MRN 778899", size=14, font="F2"), width=300, height=100
            )
        ]
    )
    result = ocr_chooser.extract(pdf, "application/pdf")
    assert result.pages[0].source is TextSource.OCR
    assert_read(result.text)
    assert "\ue000" not in result.text and not any("\ue000" <= c <= "\uf8ff" for c in result.text)
    assert FindingKind.GARBAGE_TEXT_LAYER in {f.kind for f in result.findings}


def test_ocr_writes_no_file_anywhere(
    ocr_chooser: ExtractorChooser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tesseract gets the PNG on stdin and answers on stdout: TMPDIR and the working directory stay empty."""
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("TEMP", str(tmp))
    monkeypatch.setenv("TMP", str(tmp))
    monkeypatch.chdir(cwd)

    monkeypatch.setattr(tempfile, "tempdir", None)  # make Python re-read TMPDIR too
    chooser = ExtractorChooser.with_tesseract()
    result = chooser.extract(image_bytes(text_image(LINES), "PNG"), "image/png")
    assert_read(result.text)
    assert list(tmp.iterdir()) == [] and list(cwd.iterdir()) == []
    assert tempfile.gettempdir() == str(tmp)


def test_missing_tesseract_fails_at_construction() -> None:
    with pytest.raises(ConfigError):
        TesseractOcr(cmd="tesseract-that-does-not-exist")
    with pytest.raises(ConfigError):
        TesseractOcr(language="xx_notalanguage")
