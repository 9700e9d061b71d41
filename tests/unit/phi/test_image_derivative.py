"""The image derivative the analyse stage seals, over the in-memory vault: every frame of a TIFF de-identified
and re-encoded; hostile images (corrupt, too many frames, a decompression bomb, a DICOM that must be repaired)
raise ``PhiError`` so the document is held for review instead of reaching the AI path uncleaned."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from phigate.errors import NotFound, PhiError
from phigate.models import ExtractionLimits, OcrWord
from phigate.pipeline.image_derivative import ImageDeidentifier, read_page
from phigate.vault import Vault
from tests._fixtures.images_phi import ASTRONAUT_FACE, astronaut, covered, memory_vault, quarantined, synthetic_dicom


class NoWords:
    def read_words(self, image: Image.Image, dpi: int = 300) -> tuple[OcrWord, ...]:
        return ()


@pytest.fixture
def vault() -> Vault:
    return memory_vault()


def _encode(frames: list[Image.Image], fmt: str) -> bytes:
    buf = io.BytesIO()
    frames[0].save(buf, format=fmt, save_all=len(frames) > 1, append_images=frames[1:])
    return buf.getvalue()


def test_every_tiff_frame_is_deidentified_and_served_by_page(vault: Vault) -> None:
    data = _encode([astronaut(), Image.new("RGB", (64, 64), "white")], "TIFF")
    counts = ImageDeidentifier(vault, NoWords()).store(quarantined(vault, data, "image/tiff"), b"s" * 32)
    assert counts.get("face", 0) >= 1
    assert covered(read_page(vault, "t1", "d1", 1), ASTRONAUT_FACE)
    with Image.open(io.BytesIO(read_page(vault, "t1", "d1", 2))) as page:
        assert page.size == (64, 64)
    with pytest.raises(NotFound):
        read_page(vault, "t1", "d1", 3)


def test_dicom_frames_become_the_derivative(vault: Vault) -> None:
    ImageDeidentifier(vault, NoWords()).store(quarantined(vault, synthetic_dicom(), "application/dicom"), b"s" * 32)
    with Image.open(io.BytesIO(read_page(vault, "t1", "d1", 1))) as page:
        assert page.size == (512, 512)


@pytest.mark.parametrize(("make", "media_type"), [
    (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
    (lambda: b"", "image/jpeg"),
    (lambda: _encode([Image.new("L", (4, 4))] * 5, "TIFF"), "image/tiff"),
    (lambda: _encode([Image.new("L", (400, 400))], "PNG"), "image/png"),
    (lambda: b"\x00" * 128 + b"DICM" + b"\xff" * 40, "application/dicom"),
], ids=["corrupt-png", "empty-jpeg", "too-many-frames", "over-pixel-limit", "broken-dicom"])
def test_hostile_images_raise_phi_error(vault: Vault, make: object, media_type: str) -> None:
    limits = ExtractionLimits(max_image_frames=3, max_image_pixels=100_000)
    deid = ImageDeidentifier(vault, NoWords(), limits)
    with pytest.raises(PhiError):
        deid.store(quarantined(vault, make(), media_type), b"s" * 32)  # type: ignore[operator]


def test_the_scanned_pages_of_a_pdf_are_rendered_and_deidentified(vault: Vault) -> None:
    from tests._fixtures.extract import PdfPage, build_pdf, pdf_image

    photo = astronaut().convert("L")
    data = build_pdf([PdfPage(b"BT /F1 12 Tf 72 700 Td (typed page) Tj ET\n"),
                      PdfPage(pdf_image(0, 72, 300, 360, 360), images=[photo])])
    deid = ImageDeidentifier(vault, NoWords(), ExtractionLimits(ocr_dpi=100))
    assert not deid.applies("application/pdf", []) and deid.applies("application/pdf", [2])
    counts = deid.store(quarantined(vault, data, "application/pdf"), b"s" * 32, [2])
    assert counts.get("face", 0) >= 1
    with Image.open(io.BytesIO(read_page(vault, "t1", "d1", 1))) as page:
        assert page.size == (850, 1100)  # US letter at 100 dpi
    with pytest.raises(PhiError):
        deid.store(quarantined(vault, data, "application/pdf"), b"s" * 32, [3])
    with pytest.raises(PhiError):
        deid.store(quarantined(vault, b"%PDF-1.7 broken", "application/pdf"), b"s" * 32, [1])
