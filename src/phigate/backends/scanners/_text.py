"""Structural validation of text, HL7 v2 and JSON (FHIR): size, a known encoding, no binary bytes, and a
nesting depth measured without recursion before any parser sees the document.

Plain text and HL7 v2 come from many systems: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a legacy
Windows-1252 code page are accepted; anything else is refused. FHIR and other JSON must be UTF-8 (RFC 8259)."""

from __future__ import annotations

import codecs
import json
import re

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._embedded_text import encapsulated
from ._findings import infected, unscannable
from ._sniff import Format

SCANNER = "phigate-validators"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HL7_SEGMENT = re.compile(r"[A-Z][A-Z0-9]{2}")
_HL7_SEPARATORS = re.compile(r"\r\n|\r|\n")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_HL7_MAX_FIELD = 1 << 20  # a field this long is a trap for line-based parsers, unless it carries encoded data
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|\\\\)", re.IGNORECASE)

# Plain text must be text a person reads: markup a browser renders and script a shell, browser or Office runs are
# findings (sibling-format confusion: the same bytes are a web page or a program to the next reader).
_TEXT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("text.markup", re.compile(
        r"</?(?:html|head|body|script|iframe|frame|frameset|object|embed|applet|svg|math|meta|link|style|"
        r"form|input|img|base|div|span|table|a\s+href)\b|<!DOCTYPE|<\?xml|<!\[CDATA\[|\A\W{0,4}\{\\rtf",
        re.IGNORECASE)),
    ("text.script", re.compile(
        r"\A\W{0,4}#!|<\?php|<%[=@!]?\s*[A-Za-z_]|\b(?:java|vb)script\s*:|"
        r"\b(?:powershell|pwsh)\b[^\n]*\s-e(?:nc(?:odedcommand)?)?\s+[A-Za-z0-9+/=]{16,}|"
        r"\b(?:Invoke-Expression|IEX\s*\(|DownloadString|FromBase64String|CreateObject\s*\(|WScript\.|"
        r"Shell\.Application|document\.(?:cookie|write|location))", re.IGNORECASE)),
)
# a CSV cell a spreadsheet evaluates: =..., @..., or +/- followed by a function, a DDE call or a sheet reference
_FORMULA = re.compile(r"(?:^|[,;\t])\s*\"?\s*(?:[=@]|[+\-]\s*[A-Za-z_][\w.]*\s*[(|!])", re.MULTILINE)


def validate_text(data: bytes, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    if len(data) > limits.max_text_bytes:
        return [unscannable("too_large", SCANNER, f"text above {limits.max_text_bytes} bytes")]
    if fmt in (Format.JSON, Format.FHIR):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [unscannable("text.encoding", SCANNER, "JSON that is not valid UTF-8")]
    else:
        decoded = decode_text(data)
        if decoded is None:
            return [unscannable("text.encoding", SCANNER, "not UTF-8, UTF-16/32 with a BOM, or Windows-1252")]
        text = decoded
    if _CONTROL.search(text):
        return [unscannable("text.encoding", SCANNER, "binary control characters in text")]
    if fmt is Format.HL7:
        return _hl7(text, limits)
    if fmt in (Format.JSON, Format.FHIR):
        return _json(text, fmt, limits)
    return _readable(text, fmt)


def _readable(text: str, fmt: Format) -> list[ScanReason]:
    codes = [code for code, rule in _TEXT_RULES if rule.search(text)]
    if fmt is Format.CSV and _FORMULA.search(text):
        codes.append("text.formula")
    return [infected(code, SCANNER) for code in codes]


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> str | None:
    """The text, if the bytes are in an encoding clinical systems use; None otherwise. A BOM decides; without
    one, strict UTF-8, then Windows-1252 (whose five undefined bytes still fail)."""
    for bom, encoding in _BOMS:  # UTF-32 LE before UTF-16 LE: its BOM starts with the same two bytes
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


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
    component, repetition = segments[0][4:5] or "^", segments[0][5:6] or "~"
    reasons: list[ScanReason] = []
    for segment in segments[1:]:
        fields = segment.split(field_separator)
        if any(len(f) > _HL7_MAX_FIELD and not _encoded(f, component, repetition) for f in fields):
            return [unscannable("hl7.field_too_large", SCANNER, f"a field above {_HL7_MAX_FIELD} characters")]
        if fields[0] == "OBX" and len(fields) > 5 and fields[2] == "RP" and _REMOTE.match(fields[5]):
            reasons = [infected("hl7.external_reference", SCANNER, "a reference pointer to a remote document")]
    return reasons


def _encoded(field: str, component: str, repetition: str) -> bool:
    """Every repetition of the field is encapsulated data (``source^type^subtype^encoding^data``)."""
    return all(encapsulated(value, component) is not None for value in field.split(repetition))


def _json(text: str, fmt: Format, limits: ScanLimits) -> list[ScanReason]:
    if json_depth(text) > limits.max_json_depth:
        return [unscannable("json.too_deep", SCANNER, f"nesting deeper than {limits.max_json_depth}")]
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey:
        # parsers disagree on which value wins (Python's json the last, others the first): two readers, two
        # documents, e.g. a harmless attachment for the gate and another for the application
        return [unscannable("json.duplicate_key", SCANNER, "an object names the same member twice")]
    except (ValueError, RecursionError):
        return [unscannable("json.malformed", SCANNER, "not valid JSON")]
    if fmt is Format.FHIR and not (isinstance(document, dict) and isinstance(document.get("resourceType"), str)):
        return [unscannable("fhir.malformed", SCANNER, "no FHIR resourceType")]
    return []


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise _DuplicateKey
    return document


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
