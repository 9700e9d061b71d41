"""Plain text: every encoding decodes, bad bytes never crash, offsets stay valid."""

from __future__ import annotations

import codecs

import pytest

from phigate.backends.extractors import ExtractorChooser
from phigate.errors import ExtractionLimitExceeded
from phigate.models import ExtractionLimits, FindingKind, TextSource

SAMPLE = "Patient: Zoë Quintero-Ñúñez, seen 03/04/2024 — café “note”"


def extract(data: bytes, limits: ExtractionLimits | None = None):  # type: ignore[no-untyped-def]
    return ExtractorChooser(limits=limits).extract(data, "text/plain; charset=whatever")


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16"),  # with the platform's BOM
        SAMPLE.encode("utf-16-le"),  # no BOM: told by its NUL bytes
        SAMPLE.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
        SAMPLE.encode("cp1252"),  # Windows-1252: not valid UTF-8
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16",
        "utf16le",
        "utf16be",
        "utf32le",
        "cp1252",
    ],
)
def test_every_encoding_decodes_to_the_same_text(data: bytes) -> None:
    result = extract(data)
    assert result.text == SAMPLE
    assert result.pages[0].source is TextSource.TEXT_LAYER
    assert not result.findings


def test_undecodable_bytes_are_replaced_with_a_finding_not_a_crash() -> None:
    # 0x81 is undefined in Windows-1252 and the whole is not UTF-8
    result = extract(b"MRN 12345 \x81\x8d\xff end")
    assert result.text.startswith("MRN 12345 ")
    assert result.text.endswith(" end")
    assert [f.kind for f in result.findings] == [FindingKind.DECODING]
    assert "12345" not in result.findings[0].detail


def test_truncated_utf16_with_a_dangling_byte_decodes() -> None:
    data = codecs.BOM_UTF16_LE + "Name: Ana".encode("utf-16-le") + b"\x41"
    assert extract(data).text == "Name: Ana"


def test_control_characters_become_spaces_one_for_one_and_form_feeds_split_pages() -> None:
    result = extract(b"page one\x00\x07x\r\n\fpage two\tend")
    assert [p.text for p in result.pages] == ["page one  x\r\n", "page two\tend"]
    assert result.text[result.pages[1].start : result.pages[1].end] == "page two\tend"
    assert "\x00" not in result.text


def test_empty_and_binary_inputs_never_crash() -> None:
    assert extract(b"").text == ""
    assert len(extract(bytes(range(256)) * 10).text) > 0


def test_oversize_text_is_refused() -> None:
    with pytest.raises(ExtractionLimitExceeded):
        extract(b"a" * 2000, ExtractionLimits(max_text_bytes=1000))
