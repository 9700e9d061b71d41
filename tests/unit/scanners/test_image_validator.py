from __future__ import annotations

import pytest

from tests._fixtures import hostile as h
from tests.unit.scanners._helpers import codes, validate


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", h.PNG), ("JPEG", h.JPEG), ("TIFF", h.TIFF)])
def test_clean_images(fmt: str, media_type: str) -> None:
    assert validate(h.image(fmt), media_type).kind == "clean"


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", h.PNG), ("JPEG", h.JPEG), ("TIFF", h.TIFF)])
def test_truncated_images_are_unscannable(fmt: str, media_type: str) -> None:
    data = h.image(fmt, (300, 300))
    verdict = validate(data[: len(data) * 2 // 3], media_type)
    assert verdict.kind == "unscannable" and codes(verdict) == {"image.malformed"}


def test_pixel_bombs_are_refused_before_decoding() -> None:
    assert codes(validate(h.png_pixel_bomb(), h.PNG)) == {"image.bomb"}
    # under Pillow's own cap but over ours
    assert codes(validate(h.png_pixel_bomb(5000, 5000), h.PNG, max_image_pixels=1_000_000)) == {"image.bomb"}


def test_frame_cap() -> None:
    from io import BytesIO

    from PIL import Image

    frames = [Image.new("RGB", (16, 16), (i, 0, 0)) for i in range(5)]
    out = BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    assert validate(out.getvalue(), h.TIFF).kind == "clean"
    assert codes(validate(out.getvalue(), h.TIFF, max_image_frames=3)) == {"image.bomb"}


def test_type_mismatch_and_polyglot() -> None:
    assert codes(validate(h.image("PNG"), h.JPEG)) == {"type_mismatch"}
    jpeg_with_zip = h.image("JPEG") + h.zip_of({"payload.txt": b"x"})
    assert codes(validate(jpeg_with_zip, h.JPEG)) == {"polyglot"}
    assert codes(validate(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, h.PNG)) == {"image.malformed"}
