"""Structural validation of PNG, JPEG and TIFF: pixel and frame caps are checked from the headers before any
pixel is decoded (decompression bombs), then every frame is decoded once to find truncated or corrupt data.
JPEG frames are decoded at 1/8 scale, which still walks the whole entropy-coded stream."""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, UnidentifiedImageError

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._findings import infected, unscannable
from ._sniff import Format

SCANNER = "phigate-validators"
_PILLOW_FORMATS = {Format.PNG: "PNG", Format.JPEG: "JPEG", Format.TIFF: "TIFF"}
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError,
                  KeyError, struct.error, ZeroDivisionError, MemoryError)


def validate_image(data: bytes, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    if fmt is Format.TIFF:
        trap = tiff_directory_trap(data, limits.max_image_frames)
        if trap is not None:
            return [trap]
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


def tiff_directory_trap(data: bytes, max_frames: int) -> ScanReason | None:
    """Walk the chain of image file directories as written: a chain that loops back or points outside the file
    is malformed (Pillow silently stops at a loop, other readers spin), a chain longer than the frame cap a bomb.
    Pillow's own walk is never the first."""
    if len(data) < 8:
        return unscannable("image.malformed", SCANNER, "a truncated TIFF header")
    order = "<" if data.startswith(b"II") else ">"
    offset = struct.unpack_from(order + "I", data, 4)[0]
    seen: set[int] = set()
    while offset:
        if offset in seen:
            return unscannable("image.malformed", SCANNER, "the TIFF directories loop")
        if offset + 2 > len(data):
            return unscannable("image.malformed", SCANNER, "a TIFF directory outside the file")
        seen.add(offset)
        if len(seen) > max_frames:
            return infected("image.bomb", SCANNER, f"more than {max_frames} frames")
        entries = struct.unpack_from(order + "H", data, offset)[0]
        end = offset + 2 + entries * 12
        if end + 4 > len(data):
            return unscannable("image.malformed", SCANNER, "a TIFF directory outside the file")
        offset = struct.unpack_from(order + "I", data, end)[0]
    return None
