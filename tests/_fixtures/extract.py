"""Synthetic documents for the extraction tests, made in memory: a tiny hand-written PDF writer (so tests
control every operator: render modes, colours, covering boxes, broken pages, 2,000 pages in a blink),
page images with text drawn by Pillow, and the real Tesseract OCR engine."""

from __future__ import annotations

import io
import shutil
import zlib
from dataclasses import dataclass, field

import pytest
from PIL import Image, ImageDraw, ImageFont

from phigate.backends.extractors import ExtractorChooser
from phigate.models import ExtractionLimits

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class PdfPage:
    """One page: a content stream (PDF operators) and optional gray images it can draw as /Im0, /Im1..."""

    content: bytes
    width: float = 612
    height: float = 792
    images: list[Image.Image] = field(default_factory=list)
    raw_object: bytes | None = None  # replace the whole page dictionary (to corrupt it)


def pdf_text(
    x: float, y: float, text: str, size: float = 12, mode: int = 0, rgb: str = "0 0 0", font: str = "F1"
) -> bytes:
    """Operators that draw ``text`` at (x, y) in Helvetica with a text render mode and fill colour.
    ``font="F2"`` is Helvetica whose ToUnicode map sends every code to the private-use area: the text
    looks right on screen and extracts as garbage, as broken real-world PDFs do."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"BT {rgb} rg {mode} Tr /{font} {size} Tf {x} {y} Td ({escaped}) Tj ET\n".encode("latin-1")


def pdf_rect(x: float, y: float, w: float, h: float, rgb: str = "1 1 1") -> bytes:
    return f"q {rgb} rg {x} {y} {w} {h} re f Q\n".encode()


def pdf_image(index: int, x: float, y: float, w: float, h: float) -> bytes:
    return f"q {w} 0 0 {h} {x} {y} cm /Im{index} Do Q\n".encode()


def build_pdf(pages: list[PdfPage]) -> bytes:
    """A valid PDF (xref and all) with one Helvetica font shared by every page."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbage def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> <E000> endbfrange "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>",
    ]
    kids: list[int] = []
    for page in pages:
        image_refs = []
        for img in page.images:
            gray = img.convert("L")
            data = zlib.compress(gray.tobytes(), 1)
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
                % (gray.width, gray.height, len(data))
                + data
                + b"\nendstream"
            )
            image_refs.append(len(objects))
        objects.append(b"<< /Length %d >>\nstream\n" % len(page.content) + page.content + b"\nendstream")
        content_ref = len(objects)
        xobjects = b" ".join(b"/Im%d %d 0 R" % (i, ref) for i, ref in enumerate(image_refs))
        objects.append(
            page.raw_object
            or (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R "
                b"/Resources << /Font << /F1 3 0 R /F2 5 0 R >> /XObject << %s >> >> >>"
                % (str(page.width).encode(), str(page.height).encode(), content_ref, xobjects)
            )
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_image(lines: list[str], width: int = 1400, size: int = 40) -> Image.Image:
    """A white grayscale image with ``lines`` of black text, as a 300 dpi scan would show them."""
    font = ImageFont.truetype(FONT_PATH, size)
    img = Image.new("L", (width, 60 + len(lines) * int(size * 1.8)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((40, 30 + i * int(size * 1.8)), line, font=font, fill=0)
    return img


def image_bytes(img: Image.Image | list[Image.Image], fmt: str, **params: object) -> bytes:
    frames = img if isinstance(img, list) else [img]
    buf = io.BytesIO()
    frames[0].save(buf, format=fmt, save_all=len(frames) > 1, append_images=frames[1:], **params)
    return buf.getvalue()


@pytest.fixture(scope="session")
def limits() -> ExtractionLimits:
    return ExtractionLimits()


@pytest.fixture(scope="session")
def ocr_chooser() -> ExtractorChooser:
    """The full extractor set with the real Tesseract (skipped where tesseract-ocr is not installed)."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract-ocr is not installed (scripts/install-system-deps.sh)")
    return ExtractorChooser.with_tesseract()
