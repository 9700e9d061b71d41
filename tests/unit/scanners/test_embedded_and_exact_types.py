"""Issue 17 beyond the corpus: near-misses of the text rules, cross-reference tables that are right although
unusual, payload budgets, payloads the gate cannot type, and what a payload finding says (never a name)."""

from __future__ import annotations

import io
import json

import pytest

from phigate.config import ScanLimits, ScanSettings
from phigate.models import Verdict
from tests._fixtures import adversarial as a
from tests._fixtures import hostile as h
from tests._fixtures.scanning import scan_document
from tests.unit.scanners._helpers import codes, validate

SETTINGS = ScanSettings(scanners=["yara"])


def gate(data: bytes, media_type: str, settings: ScanSettings = SETTINGS) -> Verdict:
    return scan_document([data], media_type, settings)


@pytest.mark.parametrize(("text", "code"), [
    ("<html><body>x</body></html>", "text.markup"),
    ("note\n<SCRIPT src=x></SCRIPT>", "text.markup"),
    ("</div>", "text.markup"),
    ('<?xml version="1.0"?><a/>', "text.markup"),
    ("{\\rtf1\\ansi x}", "text.markup"),
    ("#!/usr/bin/env python\nprint(1)", "text.script"),
    ("see vbscript:msgbox(1)", "text.script"),
    ("powershell.exe -nop -enc SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0AA==", "text.script"),
    ("x = IEX (New-Object Net.WebClient).DownloadString('u')", "text.script"),
])
def test_markup_and_script_in_plain_text_are_findings(text: str, code: str) -> None:
    verdict = validate(text.encode(), h.TEXT)
    assert verdict.kind == "infected" and code in codes(verdict)


@pytest.mark.parametrize("text", [
    "Potassium < 3.5; sodium > 145.", "BE < base excess -2", "p<0.05 and <5 mm", "dose <%10 of baseline",
    "Type-e pneumococcal vaccination done", "Shell fish allergy; JavaScript-free portal", "Plan:\n- rest\n- fluids",
    "#1 problem: hypertension", "email clinic@example.org", "a <b>bold</b> claim",
])
def test_clinical_text_that_only_looks_like_markup_is_clean(text: str) -> None:
    assert validate(text.encode(), h.TEXT).kind == "clean"


@pytest.mark.parametrize(("cell", "formula"), [
    ("=1+1", True), ("@SUM(A1)", True), ("+cmd|' /C calc'!A0", True), ("-HYPERLINK(1)", True),
    ("-2.1", False), ("+0.4", False), ("- improved", False), ("a-b", False), ("e=mc2", False),
])
def test_spreadsheet_formulas_in_csv(cell: str, formula: bool) -> None:
    verdict = validate(f"name,value\nx,{cell}\n".encode(), "text/csv")
    assert ("text.formula" in codes(verdict)) is formula


def test_a_pdf_updated_incrementally_keeps_a_valid_cross_reference_chain() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(io.BytesIO(h.text_pdf(1)), incremental=True)
    writer.add_metadata({"/Title": "synthetic"})
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.count(b"startxref") == 2
    assert validate(updated, h.PDF).kind == "clean"
    assert codes(validate(a._break_xref(h.raw_pdf()), h.PDF)) == {"pdf.xref_repaired"}


def test_payload_findings_say_where_but_never_a_name() -> None:
    resource = {"resourceType": "DocumentReference", "content": [{"attachment": {
        "contentType": "text/plain", "title": "Jane_Doe_discharge.txt", "data": a.b64(h.eicar())}}]}
    verdict = gate(json.dumps(resource).encode(), h.FHIR)
    assert verdict.kind == "infected"
    assert [(r.scanner, r.code, r.detail) for r in verdict.reasons] == [
        ("yara", "yara.match", "in a FHIR attachment: Phigate_EICAR_Test_File")]
    assert "Jane" not in json.dumps(verdict.to_dict())


def test_payloads_the_gate_cannot_type_go_to_the_signature_engines_only() -> None:
    cda = b'<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>synthetic</title></ClinicalDocument>'
    assert gate(a.fhir_binary(cda, "application/xml"), h.FHIR).kind == "clean"
    # declared as plain text by its container, the same bytes are markup
    assert codes(gate(a.fhir_binary(cda, "text/plain"), h.FHIR)) == {"text.markup"}
    assert gate(a.fhir_binary(cda + h.eicar(), "application/xml"), h.FHIR).kind == "infected"


def test_a_claimed_type_the_payload_contradicts_is_a_mismatch() -> None:
    verdict = gate(a.fhir_binary(b"synthetic text", "application/pdf"), h.FHIR)
    assert verdict.kind == "unscannable" and codes(verdict) == {"type_mismatch"}


def test_plain_json_with_a_data_member_is_not_decoded() -> None:
    assert gate(b'{"data": "hello world", "items": [{"data": "x"}]}', h.JSON).kind == "clean"
    assert gate(b'{"resourceType": "Binary", "data": "hello world"}', h.JSON).kind == "unscannable"


def test_sampled_data_is_numbers_not_base64() -> None:
    observation = {"resourceType": "Observation", "valueSampledData": {
        "origin": {"value": 0}, "period": 10, "dimensions": 1, "data": "1 2 3 E U L"}}
    assert gate(json.dumps(observation).encode(), h.FHIR).kind == "clean"


def test_decoded_payloads_share_one_budget() -> None:
    pdf_like = b"%PDF-1.7\n" + b"\0" * 600_000  # each entry is unpacked: its signature says PDF
    archive = h.zip_of({f"p{i}.pdf": pdf_like for i in range(3)})
    small = SETTINGS.model_copy(update={"limits": ScanLimits(max_document_bytes=1_000_000)})
    verdict = gate(a.fhir_binary(archive, "application/zip"), h.FHIR, small)
    assert verdict.kind == "unscannable" and codes(verdict) == {"embedded.too_large"}


def test_a_dicom_encapsulated_document_is_a_payload() -> None:
    from pydicom import dcmread

    dataset = dcmread(io.BytesIO(a.minimal_dicom()))
    dataset.ImageComments = "synthetic " * 120  # a PDF header in the first KiB would make it a polyglot
    dataset.MIMETypeOfEncapsulatedDocument = "application/pdf"
    dataset.EncapsulatedDocument = a._pdf_javascript()
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    assert gate(a.minimal_dicom(), a.DICOM).kind == "clean"
    assert "pdf.javascript" in codes(gate(out.getvalue(), a.DICOM))


def test_a_tenant_may_flag_the_new_content_findings_but_never_a_malware_rule() -> None:
    lenient = SETTINGS.model_copy(update={"tenant_policies": {
        "t": {"text.markup": "flag", "pdf.embedded_file": "flag", "zip.nested_archive": "flag"}}})
    flagged = scan_document([b"<html>synthetic</html>"], h.TEXT, lenient, tenant="t")
    assert flagged.kind == "clean" and [r.code for r in flagged.flags] == ["text.markup"]
    # a flagged container is still opened: the malware rule that matches its payload rejects the document
    for data, media_type in [(h.eicar(), h.TEXT), (a.fhir_binary(h.eicar(), "text/plain"), h.FHIR),
                             (a.pdf_embedded_file(h.eicar(), "text/plain"), h.PDF),
                             (h.zip_of({"n.zip": h.zip_of({"e.txt": h.eicar()})}), h.ZIP)]:
        verdict = scan_document([data], media_type, lenient, tenant="t")
        assert verdict.kind == "infected" and "yara.match" in codes(verdict)
        assert not any(r.adjustable for r in verdict.reasons if r.code == "yara.match")
    undecodable = a.fhir_binary(b"", "text/plain").replace(b'"data": ""', b'"data": "%%%%"')
    assert codes(scan_document([undecodable], h.FHIR, lenient, tenant="t")) == {"embedded.undecodable"}


def test_parser_warnings_never_reach_a_log(caplog: pytest.LogCaptureFixture) -> None:
    """pypdf's and pydicom's warnings quote document bytes; their child loggers must be silent too."""
    import logging

    validate(a.minimal_dicom(), a.DICOM)  # judging a document silences them
    for child in ("pypdf._reader", "pypdf.filters", "pydicom.filereader", "pydicom.config"):
        assert not logging.getLogger(child).isEnabledFor(logging.CRITICAL), child
    caplog.set_level(logging.DEBUG)
    assert validate(b"\n" + a._break_xref(h.raw_pdf()), h.PDF).kind != "clean"
    assert [r.name for r in caplog.records if r.name.startswith(("pypdf", "pydicom"))] == []
