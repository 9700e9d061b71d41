from __future__ import annotations

import pytest

from phigate.backends.scanners._text import json_depth
from tests._fixtures import hostile as h
from tests.unit.scanners._helpers import codes, validate


@pytest.mark.parametrize(("data", "media_type"), [
    (b"Synthetic note: BP 120/80.\n", h.TEXT),
    ("Unicode \u00e9\u00e8 \u4e2d\u6587\ttab\r\n".encode(), h.TEXT),
    (b"\xef\xbb\xbfwith a BOM", h.TEXT),
    (b"", h.TEXT),
    (h.HL7_MESSAGE, h.HL7),
    (h.HL7_MESSAGE.replace(b"\r", b"\n"), h.HL7),
    (h.FHIR_PATIENT, h.FHIR),
    (b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', h.JSON),
    (b'{"text": "escaped \\" quote [ {"}', h.JSON),
])
def test_clean_text_formats(data: bytes, media_type: str) -> None:
    assert validate(data, media_type).kind == "clean"


@pytest.mark.parametrize(("data", "media_type", "code"), [
    (b"\xff\xfe odd-length utf16", h.TEXT, "text.encoding"),  # a UTF-16 BOM, then an odd byte count
    (b"\xef\xbb\xbfbad \xc3\x28 utf-8 after a BOM", h.TEXT, "text.encoding"),
    (b"text with a \x00 NUL", h.TEXT, "text.encoding"),
    (b"escape \x1b[31m sequences", h.TEXT, "text.encoding"),
    (b"PID|1||123\r", h.HL7, "hl7.malformed"),
    (b"MSH|^~\\&|A\rpid|lowercase\r", h.HL7, "hl7.malformed"),
    (b"MSH|^~\\&|A\rPID#wrong separator\r", h.HL7, "hl7.malformed"),
    (b'{"id": 1}', h.FHIR, "fhir.malformed"),
    (b'["Patient"]', h.FHIR, "fhir.malformed"),
    (b'{"a": ', h.JSON, "json.malformed"),
    (b"NaN-ish {", h.JSON, "json.malformed"),
    (h.nested_json(200), h.JSON, "json.too_deep"),
    (b'{"resourceType": "Bundle", "entry": ' + h.nested_json(100) + b"}", h.FHIR, "json.too_deep"),
    (h.nested_json(100_000), h.JSON, "json.too_deep"),  # would overflow a recursive parser
])
def test_hostile_text(data: bytes, media_type: str, code: str) -> None:
    verdict = validate(data, media_type)
    assert verdict.kind == "unscannable" and codes(verdict) == {code}


def test_text_caps() -> None:
    assert codes(validate(b"a" * 101, h.TEXT, max_text_bytes=100)) == {"too_large"}
    segments = h.HL7_MESSAGE + b"OBX|1|ST|x||y\r" * 20
    assert codes(validate(segments, h.HL7, max_hl7_segments=10)) == {"hl7.too_many_segments"}
    assert codes(validate(h.nested_json(10), h.JSON, max_json_depth=9)) == {"json.too_deep"}


@pytest.mark.parametrize("data", [h.text_pdf(1), h.image("PNG"), h.zip_of({"a": b"b"})])
def test_binary_declared_as_text_is_a_mismatch(data: bytes) -> None:
    assert codes(validate(data, h.TEXT)) == {"type_mismatch"}


@pytest.mark.parametrize(("text", "depth"), [
    ("", 0), ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('["]]]]", "[[["]', 1), ('["\\"[["]', 1),
])
def test_json_depth(text: str, depth: int) -> None:
    assert json_depth(text) == depth


@pytest.mark.parametrize("media_type", ["application/x-msdownload", "application/octet-stream", "", "image/gif"])
def test_undeclared_or_unsupported_types_are_unscannable(media_type: str) -> None:
    assert codes(validate(b"whatever", media_type)) == {"type.unsupported"}


def test_media_type_parameters_and_case_are_ignored() -> None:
    assert validate(b"hello", "Text/Plain; charset=utf-8").kind == "clean"
