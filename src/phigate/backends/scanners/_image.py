"""Structural validation of PNG, JPEG and TIFF: pixel and frame caps are checked from the headers before any
pixel is decoded (decompression bombs), then every frame is decoded once to find truncated or corrupt data.
JPEG frames are decoded at 1/8 scale, which still walks the whole entropy-coded stream."""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, UnidentifiedImageError

from phigate.config import ScanLimits
from phigate.models import ScanReason

from ._findings import infected, unscannable
from ._sniff import Format

SCANNER = "phigate-validators"
_PILLOW_FORMATS = {Format.PNG: "PNG", Format.JPEG: "JPEG", Format.TIFF: "TIFF"}
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError,
                  KeyError, struct.error, ZeroDivisionError, MemoryError)


def validate_image(data: bytes, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[fmt]]) as image:
                return _frames(image, fmt, limits)
        except Image.DecompressionBombError:
            return [infected("image.bomb", SCANNER, "pixel count above the decoder's cap")]
        except _DECODE_ERRORS:
            return [unscannable("image.malformed", SCANNER, "truncated or corrupt image data")]


def _frames(image: Image.Image, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    frame = 0
    while True:
        width, height = image.size
        if width * height > limits.max_image_pixels:
            return [infected("image.bomb", SCANNER, f"more than {limits.max_image_pixels} pixels in a frame")]
        if fmt is Format.JPEG:
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
        image.load()
        frame += 1
        try:
            image.seek(frame)
        except EOFError:
            return []
        if frame >= limits.max_image_frames:
            return [infected("image.bomb", SCANNER, f"more than {limits.max_image_frames} frames")]
