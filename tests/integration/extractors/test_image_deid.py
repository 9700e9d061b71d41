"""De-identified images: faces (the public-domain astronaut photograph and faces pasted at known boxes) and
PHI words read by the real Tesseract are blacked out, clinical words are not, and the output carries no
metadata. Hostile inputs (tiny, one pixel, palette, alpha, CMYK, 16-bit) come out as clean 8-bit PNGs."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from phigate.backends.extractors.ocr import TesseractOcr, parse_words
from phigate.models import OcrWord
from phigate.phi.images import BoxKind, deidentify_image, normalise, phi_word_boxes
from tests._fixtures.images_phi import ASTRONAUT_FACE, astronaut, covered, face_set, text_page

FACE_RECALL_FLOOR = 1.0  # every face of the synthetic set (9 of 9 when written)
PHI_WORD_RECALL_FLOOR = 1.0


@pytest.fixture(scope="module")
def ocr() -> TesseractOcr:
    return TesseractOcr()


def test_the_astronauts_face_is_blacked_out() -> None:
    result = deidentify_image(astronaut(), ())
    assert covered(result.png, ASTRONAUT_FACE)
    assert result.counts.get("face", 0) >= 1
    assert (result.width, result.height) == (512, 512)


def test_face_recall_on_the_synthetic_set() -> None:
    cases = face_set()
    hits = sum(covered(deidentify_image(c.image, ()).png, face) for c in cases for face in c.faces)
    assert hits / sum(len(c.faces) for c in cases) >= FACE_RECALL_FLOOR


def test_a_page_without_a_face_gets_no_face_box() -> None:
    page = text_page(dpi=100).image
    assert not [b for b in deidentify_image(page, ()).boxes if b.kind is BoxKind.FACE]


@pytest.mark.tesseract
def test_phi_words_are_blacked_out_and_clinical_words_kept(ocr: TesseractOcr) -> None:
    page = text_page(dpi=150)
    result = deidentify_image(page.image, ocr.read_words(page.image, 150))
    phi = [box for _, is_phi, box in page.words if is_phi]
    clinical = [box for _, is_phi, box in page.words if not is_phi]
    assert sum(covered(result.png, box, 0.9) for box in phi) / len(phi) >= PHI_WORD_RECALL_FLOOR
    assert not [box for box in clinical if covered(result.png, box, 0.5)]
    assert result.counts == {"phi_text": len(phi)}


def test_words_are_tagged_by_character_offsets_across_lines() -> None:
    words = [OcrWord("Patient:", 0, 0, 80, 20, 95, (1, 1, 1)), OcrWord("Marisol", 90, 0, 70, 20, 95, (1, 1, 1)),
             OcrWord("Quenby", 170, 0, 60, 20, 95, (1, 1, 1)), OcrWord("aspirin", 0, 30, 70, 20, 95, (1, 1, 2))]
    boxes = phi_word_boxes(words)
    assert [b.left for b in boxes] == [90 - 8, 170 - 8]  # grown by 2 px + 30 % of the height


def test_tesseract_tsv_rows_become_words_and_bad_rows_are_skipped() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t96.5\tMarisol\n"
           "5\t1\t1\t1\t1\t2\tx\t20\t30\t40\t96.5\tbroken\n"
           "5\t1\t1\t1\t1\t3\t50\t20\t30\t40\t96.5\t \n"
           "4\t1\t1\t1\t1\t0\t10\t20\t70\t40\t-1\t\n")
    assert parse_words(tsv) == (OcrWord("Marisol", 10, 20, 30, 40, 96.5, (1, 1, 1)),)


def test_output_carries_no_metadata() -> None:
    source = astronaut()
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "synthetic description"
    source.save(buf, format="JPEG", exif=exif, comment=b"synthetic comment")
    with Image.open(io.BytesIO(buf.getvalue())) as jpeg:
        result = deidentify_image(jpeg, ())
    with Image.open(io.BytesIO(result.png)) as out:
        assert out.format == "PNG"
        assert not out.info.get("exif") and "icc_profile" not in out.info and "comment" not in out.info
        assert not out.getexif()


def _sixteen_bit() -> Image.Image:
    return Image.fromarray(np.linspace(0, 65535, 64 * 48, dtype=np.uint16).reshape(48, 64))


@pytest.mark.parametrize("make", [
    lambda: Image.new("L", (1, 1), 0),
    lambda: Image.new("RGB", (3, 2), (10, 20, 30)),
    lambda: Image.new("1", (40, 30), 1),
    lambda: Image.new("P", (50, 40), 3),
    lambda: Image.new("RGBA", (50, 40), (255, 0, 0, 0)),
    lambda: Image.new("LA", (50, 40), (5, 128)),
    lambda: Image.new("CMYK", (50, 40), (0, 50, 100, 0)),
    lambda: Image.new("I", (50, 40), 70000),
    lambda: Image.new("F", (50, 40), float("nan")),
    _sixteen_bit,
    lambda: Image.new("L", (6000, 4), 255),  # a huge dimension within the pixel limit
], ids=["1px", "tiny", "bilevel", "palette", "alpha", "grey-alpha", "cmyk", "int32", "float-nan", "16bit", "strip"])
def test_hostile_image_modes_come_out_as_plain_8bit_png(make: object) -> None:
    image = make()  # type: ignore[operator]
    result = deidentify_image(image, ())
    with Image.open(io.BytesIO(result.png)) as out:
        assert out.mode in {"L", "RGB"}
        assert out.size == image.size
    assert normalise(image).info == {}


def test_words_outside_the_image_are_clipped_not_fatal() -> None:
    words = [OcrWord("Marisol", 40, 5, 500, 500, 90, (1, 1, 1)), OcrWord("Quenby", -20, -20, 10, 10, 90, (1, 1, 1))]
    result = deidentify_image(Image.new("L", (60, 20), 255), words)
    assert result.counts == {"phi_text": 2}


def test_faces_are_found_from_several_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: deidentify_image(astronaut(), ()), range(3)))
    assert all(covered(r.png, ASTRONAUT_FACE) for r in results)
