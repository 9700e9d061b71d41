"""Payloads of the text formats: FHIR base64Binary elements, and HL7 v2 ED fields.

FHIR (any JSON whose root has a ``resourceType``): every ``Attachment.data``, ``Binary.data`` (``Binary.content``
in STU3), ``Signature.data`` and ``valueBase64Binary`` anywhere in the resource (bundles, contained resources and
extensions included), decoded strictly (the FHIR base64 alphabet, whitespace allowed); ``SampledData.data`` is
numbers, not base64.

HL7 v2: every field repetition whose components read ``source^type^subtype^encoding^data`` with a known
encoding (``Base64``, ``Hex``, ``A``), in any segment; an ``OBX`` of value type ``ED`` whose encoding is none of
those is undecodable. The HL7 escape sequences never occur in base64 or hex data, so none are undone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ._embedded import Budget, Payload, decode_base64, payload, undecodable

_BASE64_KEYS = frozenset({"data", "valueBase64Binary"})
_NOT_BASE64 = frozenset({"origin", "dimensions"})  # SampledData.data is decimals
_SEGMENTS = re.compile(r"\r\n|\r|\n")
ED_ENCODINGS = frozenset({"BASE64", "HEX", "A"})
# HL7 table 0291 subtypes (and common variants) -> the media type the gate judges the data as
_ED_SUBTYPES = {"PDF": "application/pdf", "JPEG": "image/jpeg", "JPG": "image/jpeg", "PNG": "image/png",
                "TIFF": "image/tiff", "DICOM": "application/dicom", "PLAIN": "text/plain"}


def json_payloads(data: bytes, budget: Budget) -> Iterator[Payload]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise undecodable("a JSON document") from exc
    if not (isinstance(document, dict) and isinstance(document.get("resourceType"), str)):
        return  # not a FHIR resource: a member named "data" means nothing in particular
    stack: list[object] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict | list):
                    stack.append(value)
                elif isinstance(value, str) and value and _is_base64(node, key):
                    claimed = node.get("contentType")
                    yield payload(decode_base64(value, "a FHIR base64Binary element", budget),
                                  claimed if isinstance(claimed, str) else None, "a FHIR attachment", budget)


def _is_base64(node: dict[str, object], key: str) -> bool:
    if key == "content":
        return node.get("resourceType") == "Binary"
    return key in _BASE64_KEYS and not (_NOT_BASE64 & node.keys())


def hl7_payloads(data: bytes, budget: Budget) -> Iterator[Payload]:
    from ._text import decode_text

    text = decode_text(data)
    if text is None:
        raise undecodable("an HL7 v2 message")
    segments = [s for s in _SEGMENTS.split(text) if s]
    if not segments or len(segments[0]) < 8:
        return
    separator, component, repetition = segments[0][3], segments[0][4], segments[0][5]
    for segment in segments[1:]:
        fields = segment.split(separator)
        ed_field = fields[0] == "OBX" and len(fields) > 5 and fields[2] == "ED"
        for index, field in enumerate(fields[1:], start=1):
            for value in field.split(repetition):
                parts = encapsulated(value, component)
                if parts is not None:
                    claimed = _ED_SUBTYPES.get(parts[2].strip().upper())
                    yield payload(_decode_ed(parts[4], parts[3].strip().upper(), budget), claimed,
                                  "an HL7 v2 ED field", budget)
                elif ed_field and index == 5 and value:
                    raise undecodable("an HL7 v2 ED field")


def encapsulated(value: str, component: str) -> list[str] | None:
    """The components of an ED value (``source^type^subtype^encoding^data``) with a known encoding, else None."""
    parts = value.split(component, 4)
    return parts if len(parts) == 5 and parts[3].strip().upper() in ED_ENCODINGS else None


def _decode_ed(data: str, encoding: str, budget: Budget) -> bytes:
    if encoding == "BASE64":
        return decode_base64(data, "an HL7 v2 ED field", budget)
    if encoding == "HEX":
        try:
            return bytes.fromhex("".join(data.split()))
        except ValueError as exc:
            raise undecodable("an HL7 v2 ED field") from exc
    return data.encode("utf-8")
