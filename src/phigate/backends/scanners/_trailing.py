"""Where a file's own structure says it ends, for the formats whose end is written down (PNG's ``IEND`` chunk,
JPEG's end-of-image marker after the last scan, PDF's last ``%%EOF``, ZIP's end-of-central-directory record
and its comment). Bytes after that end are read by no viewer of the format, so they are there for another
reader: a script, a page or an archive appended to an image is a finding (``type.trailing_bytes``). Padding of
NUL bytes and whitespace is not.
"""

from __future__ import annotations

import struct

from ._sniff import Format

_PADDING = b"\x00\t\n\r\x0c "
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers without a length: TEM and RST0-7


def trailing_bytes(data: bytes, fmt: Format) -> bool:
    """True when something other than padding follows the end the format's structure declares. A file whose
    end cannot be found is left to its validator (it reports the file as malformed)."""
    end = _END.get(fmt, _unknown)(data)
    return end is not None and bool(data[end:].strip(_PADDING))


def _unknown(data: bytes) -> int | None:
    return None


def _png_end(data: bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        length = int(struct.unpack_from(">I", data, position)[0])
        kind = data[position + 4:position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker in _STANDALONE:
            position += 2
            continue
        if position + 4 > len(data):
            return None
        position += 2 + int(struct.unpack_from(">H", data, position + 2)[0])
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not a stuffed 0 or a restart
            position = _after_scan(data, position)
    return None


def _after_scan(data: bytes, position: int) -> int:
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        follower = data[position + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7 or follower == 0xFF:
            position += 1 if follower == 0xFF else 2
            continue
        return position


def _pdf_end(data: bytes) -> int | None:
    position = data.rfind(b"%%EOF")
    return None if position < 0 else position + 5


def _zip_end(data: bytes) -> int | None:
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if position < 0 or position + 22 > len(data):
        return None
    return position + 22 + int(struct.unpack_from("<H", data, position + 20)[0])


_END = {Format.PNG: _png_end, Format.JPEG: _jpeg_end, Format.PDF: _pdf_end, Format.ZIP: _zip_end}
