"""Documents for the quarantine gate's tests and benchmarks, generated at run time: clean ones and the hostile
corpus of issue 4. No live malware is ever committed; the EICAR test string is assembled here from parts."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image

_EICAR_PARTS = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-", "TEST-FILE!$H+H*")
PDF = "application/pdf"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
JSON = "application/json"
FHIR = "application/fhir+json"
HL7 = "application/hl7-v2"


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    media_type: str


def eicar() -> bytes:
    return "".join(_EICAR_PARTS).encode()


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------


def raw_pdf(catalog_extra: str = "", objects: tuple[str, ...] = (), version: str = "1.7") -> bytes:
    """A minimal one-page PDF with a correct xref table. ``objects`` are appended as objects 4, 5, ...;
    ``catalog_extra`` goes into the catalog dictionary (object 1)."""
    bodies = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
              "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>", *objects]
    out = io.BytesIO()
    out.write(f"%PDF-{version}\n%\xe2\xe3\xcf\xd3\n".encode("latin-1"))
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def text_pdf(pages: int = 10) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for page in range(pages):
        for line in range(40):
            pdf.drawString(72, 720 - line * 16, f"Synthetic clinic note page {page + 1} line {line + 1}: "
                           "blood pressure 120/80, follow-up in two weeks.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_with_javascript_and_launch() -> bytes:
    return raw_pdf("/OpenAction 4 0 R /Names << /JavaScript << /Names [(x) 5 0 R] >> >>", (
        "<< /Type /Action /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>",
        "<< /Type /Action /S /JavaScript /JS (app.alert\\(eval\\('1'\\)\\)) >>",
    ))


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(1))))
    writer.encrypt("correct horse", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- OOXML -------------------------------------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>{extra}'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       '{main}.main+xml"/></Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        '<w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
_REL = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" ' \
       'Target="{target}"{mode}/>'


def docx(text: str = "Synthetic discharge summary.", *, macro: bool = False, remote_template: bool = False,
         hyperlink: bool = False, extra: dict[str, bytes] | None = None) -> bytes:
    rels = []
    if remote_template:
        rels.append(_REL.format(id="rId9", type="attachedTemplate", target="https://203.0.113.9/t.dotm",
                                mode=' TargetMode="External"'))
    if hyperlink:
        rels.append(_REL.format(id="rId8", type="hyperlink", target="https://example.org/",
                                mode=' TargetMode="External"'))
    entries = {
        "[Content_Types].xml": _CT.format(
            extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macro else "",
            main="wordprocessingml.document").encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "word/document.xml": _DOC.format(text=text).encode(),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>").encode(),
    }
    if macro:
        entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"VBA AutoOpen Shell"
    entries.update(extra or {})
    return zip_of(entries)


# --- bombs -------------------------------------------------------------------------------------------------


def single_entry_bomb(mib: int = 128) -> bytes:
    """One entry of ``mib`` MiB of zeros (ratio ~1000:1), written in chunks so generating it stays small."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("zeros.bin", "w") as entry:
        block = b"\0" * (1 << 20)
        for _ in range(mib):
            entry.write(block)
    return out.getvalue()


def nested_bomb(levels: int = 3, fan_out: int = 16) -> bytes:
    """42.zip-style: ``fan_out`` copies of the level below at each of ``levels`` levels, over a 16 MiB leaf."""
    layer = single_entry_bomb(16)
    for level in range(levels):
        layer = zip_of({f"lib{level}_{i}.zip": layer for i in range(fan_out)})
    return layer


# --- images ------------------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_pixel_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _png_chunk(b"IEND", b""))


def image(fmt: str, size: tuple[int, int] = (256, 256), **save: object) -> bytes:
    out = io.BytesIO()
    picture = Image.radial_gradient("L").resize(size).convert("RGB")
    picture.save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_of_size(target: int = 5 * 1024 * 1024) -> bytes:
    """A noisy photo-like JPEG of about ``target`` bytes (noise keeps it from compressing away)."""
    import os

    side = 1600
    while True:
        noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = io.BytesIO()
        noise.save(out, format="JPEG", quality=90)
        if out.tell() >= target or side > 6000:
            return out.getvalue()
        side = int(side * (target / out.tell()) ** 0.5) + 16


def truncated_tiff() -> bytes:
    data = image("TIFF", (512, 512))
    return data[: len(data) // 2]


# --- text --------------------------------------------------------------------------------------------------


def nested_json(levels: int = 200) -> bytes:
    return ("[" * levels + "]" * levels).encode()


HL7_MESSAGE = (b"MSH|^~\\&|SENDAPP|SENDFAC|RECVAPP|RECVFAC|20240101120000||ADT^A01|MSG00001|P|2.5\r"
               b"PID|1||123456^^^HOSP^MR||DOE^JOHN||19700101|M\r"
               b"PV1|1|I|WARD^101^1\r")
FHIR_PATIENT = b'{"resourceType": "Patient", "id": "example", "name": [{"family": "Doe", "given": ["John"]}]}'


def hostile_corpus() -> list[tuple[Sample, str, set[str]]]:
    """Issue 4's hostile corpus: (sample, expected verdict, reason codes at least one of which must appear).
    The oversize file is left out: it depends on the configured limit (see the tests)."""
    return [
        (Sample("eicar-plain", eicar(), TEXT), "infected", {"malware.signature", "yara.match"}),
        (Sample("eicar-in-zip", zip_of({"eicar.com": eicar()}), ZIP), "infected",
         {"malware.signature", "yara.match"}),
        (Sample("eicar-in-docx", docx(extra={"word/embeddings/oleObject1.bin": eicar()}), DOCX), "infected",
         {"malware.signature", "yara.match"}),
        (Sample("nested-zip-bomb", nested_bomb(), ZIP), "infected", {"zip.nested_archive", "zip.bomb"}),
        (Sample("single-entry-bomb", single_entry_bomb(), ZIP), "infected", {"zip.bomb"}),
        (Sample("png-100k-by-100k", png_pixel_bomb(), PNG), "infected", {"image.bomb"}),
        (Sample("pdf-javascript-launch", pdf_with_javascript_and_launch(), PDF), "infected",
         {"pdf.javascript", "pdf.launch"}),
        (Sample("pdf-zip-polyglot", text_pdf(1) + zip_of({"a.txt": b"hello"}), PDF), "infected", {"polyglot"}),
        (Sample("docx-macro-remote-template", docx(macro=True, remote_template=True), DOCX), "infected",
         {"ooxml.macro", "ooxml.external_relationship"}),
        (Sample("password-pdf", encrypted_pdf(), PDF), "unscannable", {"encrypted"}),
        (Sample("truncated-tiff", truncated_tiff(), TIFF), "unscannable", {"image.malformed"}),
        (Sample("nested-json-200", nested_json(200), JSON), "unscannable", {"json.too_deep"}),
    ]
