"""Structural validation of text, HL7 v2 and JSON (FHIR): size, strict UTF-8, no binary bytes, and a nesting
depth measured without recursion before any parser sees the document."""

from __future__ import annotations

import json
import re

from phigate.config import ScanLimits
from phigate.models import ScanReason

from ._findings import unscannable
from ._sniff import Format

SCANNER = "phigate-validators"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HL7_SEGMENT = re.compile(r"[A-Z][A-Z0-9]{2}")
_HL7_SEPARATORS = re.compile(r"\r\n|\r|\n")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def validate_text(data: bytes, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    if len(data) > limits.max_text_bytes:
        return [unscannable("too_large", SCANNER, f"text above {limits.max_text_bytes} bytes")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [unscannable("text.encoding", SCANNER, "not valid UTF-8")]
    if _CONTROL.search(text):
        return [unscannable("text.encoding", SCANNER, "binary control characters in text")]
    if fmt is Format.HL7:
        return _hl7(text, limits)
    if fmt in (Format.JSON, Format.FHIR):
        return _json(text, fmt, limits)
    return []


def _hl7(text: str, limits: ScanLimits) -> list[ScanReason]:
    segments = [s for s in _HL7_SEPARATORS.split(text) if s]
    if not segments or not segments[0].startswith("MSH") or len(segments[0]) < 8:
        return [unscannable("hl7.malformed", SCANNER, "no MSH header segment")]
    if len(segments) > limits.max_hl7_segments:
        return [unscannable("hl7.too_many_segments", SCANNER, f"more than {limits.max_hl7_segments} segments")]
    field_separator = segments[0][3]
    for segment in segments:
        if not _HL7_SEGMENT.fullmatch(segment[:3]) or (len(segment) > 3 and segment[3] != field_separator):
            return [unscannable("hl7.malformed", SCANNER, "a segment is not <ID><field separator>...")]
    return []


def _json(text: str, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    if json_depth(text) > limits.max_json_depth:
        return [unscannable("json.too_deep", SCANNER, f"nesting deeper than {limits.max_json_depth}")]
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return [unscannable("json.malformed", SCANNER, "not valid JSON")]
    if fmt is Format.FHIR and not (isinstance(document, dict) and isinstance(document.get("resourceType"), str)):
        return [unscannable("fhir.malformed", SCANNER, "no FHIR resourceType")]
    return []


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, ignoring brackets inside strings. Linear, no recursion."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest
