"""OCR with the Tesseract binary, the image kept in memory.

The PNG goes to ``tesseract - -`` on stdin and the TSV comes back on stdout, so no image or text is ever
written to disk (pytesseract would write both to temp files). ``OMP_THREAD_LIMIT=1``: on few cores
Tesseract's OpenMP threads oversubscribe and run about four times slower; parallelism comes from processes.

Orientation: the page is read as it is; only when the result is weak is Tesseract's orientation detection
(OSD) asked, and the page re-read upright if it was rotated. Upright pages therefore cost one call.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image

from phigate.errors import ConfigError, OcrUnavailable
from phigate.models import OcrWord

_WEAK_CONFIDENCE = 60.0  # mean word confidence below which orientation is checked
_OSD_MIN_CONFIDENCE = 1.0
_ROTATE_RE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_OSD_CONF_RE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0-100, None when no word was found
    rotation: int = 0  # degrees the page was turned (clockwise) before it was read


class TesseractOcr:
    """Reads text from images with the ``tesseract`` binary. Checks at construction that it runs."""

    def __init__(self, cmd: str = "tesseract", language: str = "eng", timeout_seconds: float = 120.0) -> None:
        exe = shutil.which(cmd)
        if exe is None:
            raise ConfigError("the tesseract binary was not found (install Debian tesseract-ocr)")
        self._exe = exe
        self._language = language
        self._timeout = timeout_seconds
        self._env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        langs = self._call(["--list-langs"], b"").decode("utf-8", "replace").split()
        if language not in langs:
            raise ConfigError("the configured Tesseract language data is not installed")
        self.has_osd = "osd" in langs

    def recognise(self, image: Image.Image, dpi: int = 300) -> OcrResult:
        """Text of one page image, reading it upright if OSD finds it rotated."""
        result = self._read(_png(image), dpi)
        if (result.confidence is not None and result.confidence >= _WEAK_CONFIDENCE) or not self.has_osd:
            return result
        rotation = self._orientation(_png(image), dpi)
        if not rotation:
            return result
        # Tesseract's "Rotate: N" is the clockwise turn that makes the page upright; PIL turns anticlockwise.
        turned = self._read(_png(image.rotate(-rotation, expand=True)), dpi)
        if (turned.confidence or 0.0) > (result.confidence or 0.0):
            return OcrResult(turned.text, turned.confidence, rotation)
        return result

    def read_png(self, png: bytes, dpi: int = 300) -> OcrResult:
        """One Tesseract pass over an already encoded PNG (no orientation check)."""
        return self._read(png, dpi)

    def read_words(self, image: Image.Image, dpi: int = 300) -> tuple[OcrWord, ...]:
        """Every word of one image with its box (one Tesseract pass, read as it is): what image
        de-identification blacks out."""
        tsv = self._call(["-", "-", "-l", self._language, "--psm", "3", "--dpi", str(dpi), "tsv"], _png(image))
        return parse_words(tsv.decode("utf-8", "replace"))

    def _read(self, png: bytes, dpi: int) -> OcrResult:
        tsv = self._call(["-", "-", "-l", self._language, "--psm", "3", "--dpi", str(dpi), "tsv"], png)
        return _parse_tsv(tsv.decode("utf-8", "replace"))

    def _orientation(self, png: bytes, dpi: int) -> int:
        try:
            out = self._call(["-", "-", "--psm", "0", "--dpi", str(dpi)], png).decode("utf-8", "replace")
        except OcrUnavailable:
            return 0  # OSD refuses pages with too little text; then there is nothing to turn
        rotate, conf = _ROTATE_RE.search(out), _OSD_CONF_RE.search(out)
        if not rotate or not conf or float(conf.group(1)) < _OSD_MIN_CONFIDENCE:
            return 0
        return int(rotate.group(1)) % 360

    def _call(self, args: list[str], stdin: bytes) -> bytes:
        try:
            proc = subprocess.run(
                [self._exe, *args],
                input=stdin,
                capture_output=True,
                timeout=self._timeout,
                env=self._env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrUnavailable("OCR timed out on a page") from exc
        except OSError as exc:
            raise OcrUnavailable("the OCR engine could not be started") from exc
        if proc.returncode != 0:
            raise OcrUnavailable(f"the OCR engine failed on a page (exit status {proc.returncode})")
        return proc.stdout


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)  # fast: the bytes only travel through a pipe
    return buf.getvalue()


def _parse_tsv(tsv: str) -> OcrResult:
    """Rebuild the text from Tesseract's word table: words joined by spaces, lines by newlines, blocks and
    paragraphs by a blank line; the confidence is the mean over words."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[str, ...] | None = None
    paragraph: tuple[str, ...] | None = None
    words: list[str] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        line_key, par_key = tuple(cols[1:5]), tuple(cols[1:4])
        if line_key != current:
            if words:
                lines.append(" ".join(words))
            if paragraph is not None and par_key != paragraph:
                lines.append("")
            words, current, paragraph = [], line_key, par_key
        words.append(cols[11])
        with contextlib.suppress(ValueError):
            confidences.append(float(cols[10]))
    if words:
        lines.append(" ".join(words))
    confidence = sum(confidences) / len(confidences) if confidences else None
    return OcrResult("\n".join(lines), confidence)


def parse_words(tsv: str) -> tuple[OcrWord, ...]:
    """The word rows of Tesseract's TSV (level 5) with their boxes; malformed rows are skipped."""
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            block, par, line, left, top, width, height = (int(c) for c in (*cols[2:5], *cols[6:10]))
            confidence = float(cols[10])
        except ValueError:
            continue
        words.append(OcrWord(cols[11], left, top, width, height, confidence, (block, par, line)))
    return tuple(words)
