"""Extraction benchmarks.

- a 20-page text-layer PDF (40 lines a page, reportlab): ms per page through the PDF extractor, including
  the hidden-text inspection; target under 40 ms/page;
- OCR of one rendered US-letter page at 300 dpi: phigate's engine (PNG encode, tesseract over stdin/stdout,
  TSV parse) against the ``tesseract`` binary run directly on the same image from a file, both with
  ``OMP_THREAD_LIMIT=1`` and the same page-segmentation mode; target ratio <= 1.25.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from bench._timing import median_seconds
from phigate.backends.extractors import ExtractorChooser
from phigate.backends.extractors.ocr import TesseractOcr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINE = "Patient Zoe Quintero, DOB 03/04/1971, MRN 778899: hemoglobin 13.2 g/dL, glucose 98 mg/dL"


def _text_pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=LETTER, invariant=1)
    for p in range(pages):
        c.setFont("Helvetica", 9)
        for i in range(40):
            c.drawString(54, 740 - 17 * i, f"{p + 1}.{i + 1} {LINE}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _page_image() -> Image.Image:
    img = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 36)
    for i in range(30):
        draw.text((150, 200 + i * 95), f"{i + 1}. {LINE[:70]}", font=font, fill=0)
    return img



def run(quick: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    pages = 20
    pdf = _text_pdf(pages)
    chooser = ExtractorChooser()
    chooser.extract(pdf, "application/pdf")  # warm-up
    per_pdf = median_seconds(lambda: chooser.extract(pdf, "application/pdf"), 3 if quick else 9)
    ms_page = per_pdf * 1000 / pages
    rows.append({"area": "extract", "name": "20-page text-layer PDF", "value": ms_page, "unit": "ms/page",
                 "target": "< 40", "ok": ms_page < 40})

    ocr = TesseractOcr()
    image = _page_image()
    repeats = 1 if quick else 3
    ours = median_seconds(lambda: ocr.recognise(image, 300), repeats)
    with tempfile.TemporaryDirectory() as tmp:  # synthetic text only: the baseline reads a file, as users do
        path = Path(tmp) / "page.png"
        image.save(path)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = ["tesseract", str(path), "-", "-l", "eng", "--psm", "3", "--dpi", "300"]
        direct = median_seconds(lambda: subprocess.run(cmd, env=env, capture_output=True, check=True), repeats)
    ratio = ours / direct
    rows.append({"area": "extract", "name": "OCR one 300 dpi letter page", "value": ours, "unit": "s/page",
                 "baseline": direct, "ratio": ratio, "target": "ratio <= 1.25", "ok": ratio <= 1.25})
    return rows
