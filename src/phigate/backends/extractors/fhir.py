"""FHIR R4 JSON: a resource or a Bundle of them, rendered as ``Type.path: value`` lines.

Every string in every resource is kept (a narrative or note can hold PHI anywhere); the fields whose
position says they are PHI (a Patient's name, birth date, address, telecom, identifiers; any subject's or
patient's display name) are marked as structured fields. XHTML narratives lose their tags.
DocumentReference and Binary attachments carried as base64 are decoded (size-capped) and routed back
through extraction by their content type; their pages follow the record's page.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.errors import ExtractionError, ExtractionLimitExceeded, MalformedDocument
from phigate.models import Extracted, ExtractionLimits, Finding, FindingKind, StructuredField, TextSource

NestedExtract = Callable[[bytes, str, int], Extracted]
"""Extract an attachment: ``(data, media_type, depth) -> Extracted`` (the chooser's ``extract_nested``)."""

_PERSON_TYPES = {"Patient", "RelatedPerson", "Person"}
_PERSON_FIELDS = {
    "name": "name",
    "birthDate": "date",
    "deceasedDateTime": "date",
    "address": "address",
    "identifier": "identifier",
    "photo": "photo",
}
_DISPLAY_OF = {"subject", "patient", "beneficiary", "author", "performer", "encounter"}
_SKIP_KEYS = {"data", "div", "system", "url", "profile", "fullUrl", "meta"}
_TAG_RE = re.compile(r"<[^>]*>")


class FhirExtractor:
    """Extractor for FHIR R4 JSON resources and bundles."""

    name = "fhir"
    media_types = frozenset({"application/fhir+json", "application/json+fhir"})

    def __init__(self, nested: NestedExtract | None, limits: ExtractionLimits | None = None) -> None:
        self._nested = nested
        self._limits = limits or ExtractionLimits()

    def extract(self, data: bytes, media_type: str) -> Extracted:
        return self.extract_at(data, media_type, 0)

    def extract_at(self, data: bytes, media_type: str, depth: int) -> Extracted:
        if len(data) > self._limits.max_text_bytes:
            raise ExtractionLimitExceeded("FHIR document is larger than the extraction limit")
        try:
            root = json.loads(data)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise MalformedDocument("FHIR document is not valid JSON") from exc
        if not isinstance(root, dict) or not isinstance(root.get("resourceType"), str):
            raise MalformedDocument("FHIR document is not a resource (no resourceType)")
        builder = ExtractedBuilder(media_type)
        lines: list[str] = []
        fields: list[StructuredField] = []
        attachments: list[tuple[str, dict[str, Any]]] = []
        offset = 0
        for resource in _resources(root):
            rtype = str(resource.get("resourceType"))
            for path, value, category in _leaves(rtype, resource, attachments):
                line = f"{path}: {value}"
                if category:
                    value_start = offset + len(path) + 2
                    fields.append(StructuredField(path, category, value_start, value_start + len(value)))
                lines.append(line)
                offset += len(line) + 1
        builder.add_page("\n".join(lines), TextSource.STRUCTURED)
        builder.fields.extend(fields)
        for rtype, attachment in attachments:
            self._attach(builder, rtype, attachment, depth)
        return builder.build()

    def _attach(self, builder: ExtractedBuilder, rtype: str, attachment: dict[str, Any], depth: int) -> None:
        encoded = attachment.get("data")
        if not isinstance(encoded, str):
            if attachment.get("url"):
                builder.findings.append(
                    Finding(FindingKind.EMBEDDED_MEDIA, f"a {rtype} attachment by URL was not fetched")
                )
            return
        if len(encoded) * 3 // 4 > self._limits.max_attachment_bytes:
            raise ExtractionLimitExceeded(
                f"a FHIR attachment is larger than the limit of {self._limits.max_attachment_bytes} bytes"
            )
        if self._nested is None or depth >= self._limits.max_nesting:
            raise ExtractionLimitExceeded("FHIR attachments are nested deeper than the extraction limit")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MalformedDocument("a FHIR attachment is not valid base64") from exc
        media_type = str(attachment.get("contentType") or "application/octet-stream")
        try:
            builder.add_nested(self._nested(raw, media_type, depth + 1))
        except ExtractionError as exc:
            raise type(exc)(f"a FHIR attachment could not be extracted: {exc.diagnostics()}") from exc


def _resources(root: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if root.get("resourceType") == "Bundle":
        for entry in root.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict):
                yield from _resources(resource)
    else:
        yield root
        for contained in root.get("contained") or []:
            if isinstance(contained, dict):
                yield contained


def _leaves(
    rtype: str, resource: dict[str, Any], attachments: list[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[str, str, str | None]]:
    """``(path, value, PHI category or None)`` for every string and number in the resource."""
    narrative = resource.get("text")
    if isinstance(narrative, dict) and isinstance(narrative.get("div"), str):
        div = " ".join(html.unescape(_TAG_RE.sub(" ", narrative["div"])).split())
        if div:
            yield f"{rtype}.text", div, None
    yield from _walk(rtype, resource, rtype, None, attachments)


def _walk(
    rtype: str, node: Any, path: str, category: str | None, attachments: list[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[str, str, str | None]]:
    if isinstance(node, dict):
        if "contentType" in node and ("data" in node or "url" in node):
            attachments.append((rtype, node))
        for key, value in node.items():
            if key in _SKIP_KEYS or (key in {"resourceType", "contained"} and path == rtype):
                continue
            yield from _walk(
                rtype, value, f"{path}.{key}", _category(rtype, path, key, node, category), attachments
            )
    elif isinstance(node, list):
        for item in node:
            yield from _walk(rtype, item, path, category, attachments)
    elif isinstance(node, str | int | float) and not isinstance(node, bool):
        value = " ".join(str(node).split())
        if value:
            yield path, value, category


def _category(rtype: str, path: str, key: str, node: dict[str, Any], inherited: str | None) -> str | None:
    if inherited:
        return inherited
    depth = path.count(".")
    if rtype in _PERSON_TYPES and depth == 0:
        if key == "telecom":
            return "contact"
        return _PERSON_FIELDS.get(key)
    if (
        rtype in _PERSON_TYPES
        and path.endswith((".contact", ".link"))
        and key in {"name", "address", "telecom"}
    ):
        return {"name": "name", "address": "address", "telecom": "contact"}[key]
    if key == "display" and path.rsplit(".", 1)[-1] in _DISPLAY_OF:
        return "name"
    if key in {"birthDate", "deceasedDateTime"}:
        return "date"
    return None
