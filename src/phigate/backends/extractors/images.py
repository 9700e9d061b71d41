"""PNG, JPEG and multi-page TIFF: every frame is OCR'd, upright per its EXIF orientation and Tesseract's OSD.

Frame count and pixel count are checked before any pixel is decoded, so a 500-frame TIFF or a decompression
bomb is refused at once. A frame that fails to decode is a finding on that page; the other frames are read.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from PIL import Image, ImageOps, UnidentifiedImageError

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.backends.extractors.ocr import OcrResult, TesseractOcr
from phigate.errors import ExtractionLimitExceeded, MalformedDocument
from phigate.models import Extracted, ExtractionLimits, Finding, FindingKind, TextSource

_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}
LOW_CONFIDENCE = 50.0


class ImageExtractor:
    """Extractor for scanned pages delivered as images."""

    name = "images"
    media_types = frozenset(_FORMATS)

    def __init__(self, ocr: TesseractOcr, limits: ExtractionLimits | None = None) -> None:
        self._ocr = ocr
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        builder = ExtractedBuilder(media_type)
        with open_image(data, _FORMATS.get(media_type, "PNG"), self._limits) as image:
            frames = frame_count(image, self._limits)
            if frames > self._limits.max_ocr_pages:
                raise ExtractionLimitExceeded("image has more frames than the OCR page limit")
            for number, frame in enumerate(_frames(image, frames, self._limits.max_image_pixels), start=1):
                if isinstance(frame, Exception):
                    builder.findings.append(
                        Finding(FindingKind.PAGE_ERROR, "image frame could not be decoded", number)
                    )
                    builder.add_page("", TextSource.OCR)
                    continue
                add_ocr_page(builder, self._ocr.recognise(frame, _dpi(image)))
        if (
            all(f.kind is FindingKind.PAGE_ERROR for f in builder.findings)
            and len(builder.findings) == frames
        ):
            raise MalformedDocument("no frame of the image could be decoded")
        return builder.build()


def add_ocr_page(builder: ExtractedBuilder, result: OcrResult) -> None:
    """Append an OCR'd page with the findings its result calls for (shared with the PDF extractor)."""
    page = builder.add_page(result.text, TextSource.OCR, result.confidence)
    if not result.text.strip():
        builder.findings.append(
            Finding(FindingKind.EMPTY_PAGE, "no text was recognised on the page", page.number)
        )
    elif result.confidence is not None and result.confidence < LOW_CONFIDENCE:
        builder.findings.append(
            Finding(
                FindingKind.LOW_OCR_CONFIDENCE,
                f"mean OCR word confidence {result.confidence:.0f}",
                page.number,
            )
        )
    if result.rotation:
        builder.findings.append(
            Finding(FindingKind.ROTATED_PAGE, f"page was rotated by {result.rotation} degrees", page.number)
        )


def frame_count(image: Image.Image, limits: ExtractionLimits) -> int:
    """The number of frames, read from the file's directory; ExtractionLimitExceeded above the frame cap."""
    frames: int = getattr(image, "n_frames", 1)
    if frames > limits.max_image_frames:
        raise ExtractionLimitExceeded(f"image has {frames} frames, more than the limit of {limits.max_image_frames}")
    return frames


def open_image(data: bytes, fmt: str, limits: ExtractionLimits) -> Image.Image:
    """The image opened lazily (no pixel decoded yet), refused when its header announces too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ExtractionLimitExceeded("image has more pixels than the decompression-bomb limit") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise MalformedDocument("image is corrupt or not of its declared type") from exc
    width, height = image.size
    if width * height > limits.max_image_pixels:
        image.close()
        raise ExtractionLimitExceeded("image has more pixels than the extraction limit")
    return image


def _frames(image: Image.Image, count: int, max_pixels: int) -> Iterator[Image.Image | Exception]:
    for index in range(count):
        try:
            image.seek(index)
            if image.size[0] * image.size[1] > max_pixels:
                raise ExtractionLimitExceeded("an image frame has more pixels than the extraction limit")
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                frame = ImageOps.exif_transpose(image).convert("L")
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning) as exc:
            yield exc
            continue
        yield frame


def _dpi(image: Image.Image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 300
    except (TypeError, ValueError, IndexError):
        value = 300
    return value if 70 <= value <= 1200 else 300
