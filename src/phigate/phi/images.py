"""De-identified images: full-face photographs and PHI read from the pixels are blacked out.

Safe Harbor lists full-face photographs, and a scanned page carries its PHI as pixels. Given an image and the
words OCR read on it (with their boxes), this module

- finds faces with OpenCV's Haar cascades (frontal, and profile both ways), shipped inside
  ``opencv-python-headless`` (``cv2.data.haarcascades``: nothing is downloaded), and blacks out each box padded
  by a margin, since a cascade's box is tight around the eyes and mouth and leaves hair, ears and chin;
- joins the OCR words back into text, runs the PHI engine over it and blacks out every word any of whose
  characters falls in a PHI span;
- re-encodes the result from its pixels alone as PNG (no EXIF, ICC profile, text chunk or other metadata).

The result says where boxes were drawn and how many of each kind, never the words. Detection is tuned to miss
little (recall over precision): a blacked-out shirt collar costs less than a face left readable.
"""

from __future__ import annotations

import io
import queue
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw

from phigate.errors import PhiError
from phigate.models import OcrWord
from phigate.phi._engine import analyze
from phigate.phi._types import KnownPhi

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_DETECT_MAX_SIDE = 800  # faces are searched on a copy scaled down to this: the cascades need no more
_FACE_PAD = 0.25  # each side of a face box grows by this fraction of its size
_MIN_FACE_FRACTION = 0.04  # smallest face searched, as a fraction of the shorter side (of the scaled copy)
_WORD_PAD = 0.3  # each side of a PHI word's box grows by this fraction of the word's height
_CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")
_PROFILE = "haarcascade_profileface.xml"


class BoxKind(StrEnum):
    FACE = "face"
    PHI_TEXT = "phi_text"
    MARGIN = "margin"


@dataclass(frozen=True, slots=True)
class Box:
    """A blacked-out rectangle in pixels, ``right`` and ``bottom`` exclusive."""

    kind: BoxKind
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class ImageDeidResult:
    """The de-identified image (PNG, no metadata) and what was blacked out; never the words themselves."""

    png: bytes
    width: int
    height: int
    boxes: tuple[Box, ...]
    words_read: int
    counts: dict[str, int] = field(default_factory=dict)


def normalise(image: Image.Image) -> Image.Image:
    """A copy in ``L`` or ``RGB`` that carries none of the source's metadata: palette, alpha (composited on white),
    CMYK, 16- and 32-bit images all become 8-bit pixels."""
    original = image
    if image.mode in {"I;16", "I;16B", "I;16L", "I", "F"}:
        image = _to_8bit(image)
    elif image.mode in {"1", "L"}:
        image = image.convert("L")
    elif image.mode in {"RGBA", "LA", "PA", "P", "RGBa", "La"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba).convert("RGB")
    else:
        image = image.convert("RGB")
    if image is original:
        image = image.copy()
    image.info = {}  # a converted copy: dropping its info drops EXIF, ICC profile, comments and text chunks
    return image


def _to_8bit(image: Image.Image) -> Image.Image:
    import numpy as np

    arr = np.asarray(image.convert("I") if image.mode.startswith("I;16") else image, dtype=np.float64)
    return Image.fromarray(scale_to_8bit(arr), mode="L")


def scale_to_8bit(arr: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    """Stretch any numeric grey image to 0-255 (a flat image becomes black)."""
    import numpy as np

    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        return np.zeros(arr.shape, dtype=np.uint8)
    low, high = float(finite.min()), float(finite.max())
    if high <= low:
        return np.zeros(arr.shape, dtype=np.uint8)
    clean = np.nan_to_num(arr, nan=low, posinf=high, neginf=low)
    return np.clip((clean - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)


def detect_faces(image: Image.Image, pad: float = _FACE_PAD) -> list[Box]:
    """Face boxes (padded, clipped to the image) from every bundled cascade, mirrored for the other profile."""
    import numpy as np

    width, height = image.size
    scale = min(1.0, _DETECT_MAX_SIDE / max(width, height, 1))
    small = image.convert("L")
    if scale < 1.0:
        small = small.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BILINEAR)
    grey = np.asarray(small, dtype=np.uint8)  # no histogram equalisation: on noisy backgrounds it hides faces
    min_side = max(20, round(min(grey.shape) * _MIN_FACE_FRACTION))
    if min(grey.shape) < min_side:
        return []
    found: list[tuple[int, int, int, int]] = []
    cascades = _take_cascades()
    try:
        for name in _CASCADES:
            found += _detect(cascades[name], grey, min_side)
            if name == _PROFILE:  # the profile cascade sees faces turned one way; the mirror finds the other
                mirrored = _detect(cascades[name], np.ascontiguousarray(grey[:, ::-1]), min_side)
                found += [(grey.shape[1] - x - w, y, w, h) for x, y, w, h in mirrored]
    finally:
        _IDLE.put(cascades)
    return [_padded(x / scale, y / scale, w / scale, h / scale, pad, width, height) for x, y, w, h in found]


def _detect(cascade: object, grey: npt.NDArray[np.uint8], min_side: int) -> list[tuple[int, int, int, int]]:
    faces = cascade.detectMultiScale(grey, scaleFactor=1.15, minNeighbors=3,  # type: ignore[attr-defined]
                                     minSize=(min_side, min_side))
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h in faces]


# loaded cascade sets not in use: a CascadeClassifier is not safe to share between threads, and loading one
# costs more than a search, so each search borrows a set and gives it back
_IDLE: queue.SimpleQueue[dict[str, object]] = queue.SimpleQueue()


def _take_cascades() -> dict[str, object]:
    try:
        return _IDLE.get_nowait()
    except queue.Empty:
        pass
    import cv2

    # one thread, like Tesseract's OMP_THREAD_LIMIT=1: OpenCV's pool would fight the OCR process for the
    # cores (measured: 1.5x the OCR time with the pool, 1.0x without); parallelism comes from processes
    cv2.setNumThreads(1)
    cascades: dict[str, object] = {}
    for name in _CASCADES:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]
        if cascade.empty():
            raise PhiError("an OpenCV face cascade is missing from the installed package")
        cascades[name] = cascade
    return cascades


def _padded(x: float, y: float, w: float, h: float, pad: float, width: int, height: int) -> Box:
    return Box(BoxKind.FACE, max(0, int(x - w * pad)), max(0, int(y - h * pad * 1.4)),
               min(width, int(x + w * (1 + pad)) + 1), min(height, int(y + h * (1 + pad * 1.4)) + 1))


def phi_word_boxes(words: Sequence[OcrWord], *, secret: bytes = b"", known: Iterable[KnownPhi] = (),
                   pad: int = 2) -> list[Box]:
    """The boxes of the words the PHI engine tags once the words are joined back into lines of text."""
    text, offsets = _join(words)
    if not text.strip():
        return []
    spans = analyze(text, known=known, secret=secret)
    boxes: list[Box] = []
    for word, (start, end) in zip(words, offsets, strict=True):
        if any(s.start < end and start < s.end for s in spans):
            # Tesseract's box can cut a glyph's edge (the tail of a Q, a J's hook): grow it with the text size
            grow = pad + round(word.height * _WORD_PAD)
            boxes.append(Box(BoxKind.PHI_TEXT, max(0, word.left - grow), max(0, word.top - grow),
                             max(0, word.left + word.width + grow), max(0, word.top + word.height + grow)))
    return boxes


def _join(words: Sequence[OcrWord]) -> tuple[str, list[tuple[int, int]]]:
    """Words joined by spaces, lines by newlines, blocks by a blank line, and each word's offsets in that text."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    previous: tuple[int, int, int] | None = None
    for word in words:
        if previous is not None:
            sep = " " if word.line == previous else ("\n" if word.line[:2] == previous[:2] else "\n\n")
            parts.append(sep)
            position += len(sep)
        parts.append(word.text)
        offsets.append((position, position + len(word.text)))
        position += len(word.text)
        previous = word.line
    return "".join(parts), offsets


def black_out(image: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    """A copy with every box filled black."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    for box in boxes:
        if box.right > box.left and box.bottom > box.top:
            draw.rectangle((box.left, box.top, box.right - 1, box.bottom - 1), fill=0)
    return out


def encode_png(image: Image.Image) -> bytes:
    """PNG from the pixels alone (``normalise`` already dropped the metadata; nothing is added back)."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def deidentify_image(image: Image.Image, words: Sequence[OcrWord] | Callable[[Image.Image], Sequence[OcrWord]], *,
                     secret: bytes = b"", known: Iterable[KnownPhi] = (), faces: bool = True,
                     extra_boxes: Iterable[Box] = ()) -> ImageDeidResult:
    """Faces and PHI words blacked out; the image re-encoded from its pixels with no metadata.

    ``words`` is either the words already read or the reader to call on the image; with a reader, faces are
    searched in a thread while OCR runs (Tesseract is a child process and OpenCV releases the GIL), so the
    page costs about its OCR time."""
    clean = normalise(image)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="faces") as pool:
        found = pool.submit(detect_faces, clean) if faces else None
        # Tesseract reads grey anyway; a grey PNG is a third of the bytes to encode and pipe
        read = words(clean if clean.mode == "L" else clean.convert("L")) if callable(words) else words
        face_boxes = found.result() if found is not None else []
    boxes = [*face_boxes, *phi_word_boxes(read, secret=secret, known=known), *extra_boxes]
    redacted = black_out(clean, boxes)
    counts: dict[str, int] = {}
    for box in boxes:
        counts[str(box.kind)] = counts.get(str(box.kind), 0) + 1
    return ImageDeidResult(encode_png(redacted), clean.width, clean.height, tuple(boxes), len(read), counts)
