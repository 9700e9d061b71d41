"""FHIR R4 JSON: Patient fields marked, narratives and Observation text kept, attachments routed back
through extraction with size and nesting caps."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from phigate.backends.extractors import ExtractorChooser
from phigate.errors import ExtractionLimitExceeded, MalformedDocument, UnsupportedDocumentType
from phigate.models import ExtractionLimits, FindingKind

PATIENT = {
    "resourceType": "Patient",
    "id": "p1",
    "text": {
        "status": "generated",
        "div": "<div xmlns='http://www.w3.org/1999/xhtml'><b>Zoe</b> Quintero</div>",
    },
    "identifier": [{"system": "urn:mrn", "value": "MRN778899"}],
    "name": [{"family": "Quintero", "given": ["Zoe", "Ana"]}],
    "telecom": [{"system": "phone", "value": "217-555-0199"}],
    "birthDate": "1971-03-04",
    "address": [{"line": ["12 Elm St"], "city": "Springfield", "postalCode": "62701"}],
    "active": True,
}
OBSERVATION = {
    "resourceType": "Observation",
    "status": "final",
    "code": {"text": "Hemoglobin A1c", "coding": [{"system": "http://loinc.org", "code": "4548-4"}]},
    "subject": {"reference": "Patient/p1", "display": "Zoe Quintero"},
    "valueQuantity": {"value": 6.1, "unit": "%"},
    "note": [{"text": "Discussed diet with daughter Lena Quintero"}],
}


def bundle(*resources: dict[str, Any]) -> bytes:
    return json.dumps(
        {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}
    ).encode()


def docref(data: bytes, content_type: str) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "description": "Referral",
        "content": [{"attachment": {"contentType": content_type, "data": base64.b64encode(data).decode()}}],
    }


def extract(data: bytes, limits: ExtractionLimits | None = None):  # type: ignore[no-untyped-def]
    return ExtractorChooser(limits=limits).extract(data, "application/fhir+json")


def test_patient_fields_are_marked_and_every_string_is_kept() -> None:
    result = extract(bundle(PATIENT, OBSERVATION))
    marked = {(f.path, f.category, result.text[f.start : f.end]) for f in result.fields}
    assert {
        ("Patient.name.family", "name", "Quintero"),
        ("Patient.name.given", "name", "Zoe"),
        ("Patient.birthDate", "date", "1971-03-04"),
        ("Patient.identifier.value", "identifier", "MRN778899"),
        ("Patient.telecom.value", "contact", "217-555-0199"),
        ("Patient.address.city", "address", "Springfield"),
        ("Observation.subject.display", "name", "Zoe Quintero"),
    } <= marked
    text = result.text
    assert "Patient.text: Zoe Quintero" in text  # narrative without its tags
    assert "Observation.code.text: Hemoglobin A1c" in text
    assert "Observation.note.text: Discussed diet with daughter Lena Quintero" in text
    assert "Observation.valueQuantity.value: 6.1" in text
    assert "http://loinc.org" not in text  # code systems are noise


def test_text_attachment_is_routed_back_through_extraction() -> None:
    note = "Referral for Zoe Quintero, MRN778899".encode("utf-16")
    result = extract(bundle(PATIENT, docref(note, "text/plain")))
    assert len(result.pages) == 2
    assert result.pages[1].text == "Referral for Zoe Quintero, MRN778899"
    assert result.text[result.pages[1].start : result.pages[1].end] == result.pages[1].text


def test_nested_hl7_attachment_keeps_its_fields_at_the_right_offsets() -> None:
    hl7 = b"MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||X1||Roe^Jan\r"
    result = extract(json.dumps(docref(hl7, "application/hl7-v2")).encode())
    names = [result.text[f.start : f.end] for f in result.fields if f.path == "PID-5"]
    assert names == ["Roe^Jan"]


def test_attachment_by_url_is_a_finding() -> None:
    ref = {
        "resourceType": "DocumentReference",
        "content": [{"attachment": {"contentType": "application/pdf", "url": "https://example.org/x"}}],
    }
    result = extract(json.dumps(ref).encode())
    assert [f.kind for f in result.findings] == [FindingKind.EMBEDDED_MEDIA]


def test_30_mb_attachment_is_refused_before_decoding() -> None:
    doc = docref(b"\0" * (30 * 1024 * 1024), "text/plain")
    with pytest.raises(ExtractionLimitExceeded) as err:
        extract(json.dumps(doc).encode(), ExtractionLimits())
    assert "attachment" in err.value.diagnostics()


def test_attachment_nesting_is_capped() -> None:
    inner = json.dumps(docref(b"hello there", "text/plain")).encode()
    middle = json.dumps(docref(inner, "application/fhir+json")).encode()
    outer = json.dumps(docref(middle, "application/fhir+json")).encode()
    assert "hello there" in extract(middle).text
    with pytest.raises(ExtractionLimitExceeded):
        extract(outer, ExtractionLimits(max_nesting=1))


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"{not json", MalformedDocument),
        (b"[1, 2]", MalformedDocument),
        (b'{"id": "x"}', MalformedDocument),
        (b"\xff\xfe\x00garbage", MalformedDocument),
        (b"[" * 100_000 + b"]" * 100_000, MalformedDocument),  # nesting bomb
        (
            json.dumps(docref(b"x", "text/plain")).replace('"data": "eA=="', '"data": "!!!"').encode(),
            MalformedDocument,
        ),
        (json.dumps(docref(b"MZ\x90", "application/x-msdownload")).encode(), UnsupportedDocumentType),
    ],
    ids=["syntax", "array", "no-type", "binary", "deep", "bad-base64", "unknown-attachment"],
)
def test_hostile_fhir_gives_typed_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        extract(data)


def test_oversize_document_is_refused() -> None:
    with pytest.raises(ExtractionLimitExceeded):
        extract(bundle(PATIENT), ExtractionLimits(max_text_bytes=100))
