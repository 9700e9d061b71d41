"""Structural validation of PDF: it must parse, must not be encrypted, must stay under the page and object caps,
and every indirect object is inspected for active content (JavaScript, Launch, auto-actions, embedded files,
XFA forms). Names are compared after pypdf has decoded them, so ``/J#61vaScript`` is ``/JavaScript``."""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._findings import infected, unscannable

# pypdf's warnings quote raw PDF bytes, which can hold PHI: they must never reach a log
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)  # its child loggers inherit the level

SCANNER = "phigate-validators"

# key present in a dictionary -> finding code
_KEYS = {
    "/JavaScript": "pdf.javascript",
    "/JS": "pdf.javascript",
    "/Launch": "pdf.launch",
    "/AA": "pdf.auto_action",
    "/EmbeddedFile": "pdf.embedded_file",
    "/EmbeddedFiles": "pdf.embedded_file",
    "/XFA": "pdf.xfa",
}
_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF(?![\s\S]*startxref)")
_OBJECT_HEADER = re.compile(rb"[\x00\t\n\f\r ]*(\d{1,10})[\x00\t\n\f\r ]+(\d{1,5})[\x00\t\n\f\r ]+obj\b")
_SUBSECTION = re.compile(rb"[\t\n\f\r ]*(\d{1,10})[\t ]+(\d{1,10})[\t ]*(?:\r\n|\r|\n)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[\t\n\f\r ]{1,2}")
_PREV = re.compile(rb"/Prev\s+(\d{1,12})")
# action type (/S) -> finding code
_ACTIONS = {"/JavaScript": "pdf.javascript", "/Launch": "pdf.launch"}


def validate_pdf(data: bytes, limits: ScanLimits) -> list[ScanReason]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _validate(data, limits)
    except Exception:  # any parser failure on untrusted bytes means "cannot judge"
        return [unscannable("pdf.malformed", SCANNER, "the PDF does not parse")]


def _validate(data: bytes, limits: ScanLimits) -> list[ScanReason]:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return [unscannable("encrypted", SCANNER, "encrypted or password-protected PDF")]
    declared_objects = int(reader.trailer.get("/Size", 0))
    if declared_objects > limits.max_pdf_objects:
        return [unscannable("pdf.too_many_objects", SCANNER, f"more than {limits.max_pdf_objects} objects")]
    codes: set[str] = set()
    for obj in objects(reader, limits.max_pdf_objects):
        if isinstance(obj, DictionaryObject):
            codes.update(_inspect(obj))
    root = reader.trailer.get("/Root")
    if isinstance(root, IndirectObject):
        root = root.get_object()
    if not isinstance(root, DictionaryObject):
        return [unscannable("pdf.malformed", SCANNER, "no document catalog")]
    open_action = root.get("/OpenAction")
    if open_action is not None and isinstance(open_action.get_object(), DictionaryObject):
        codes.add("pdf.open_action")  # an action; a plain destination array is harmless and not reported
    pages = len(reader.pages)
    reasons = [infected(code, SCANNER) for code in sorted(codes)]
    if pages > limits.max_pdf_pages:
        reasons.append(unscannable("pdf.too_many_pages", SCANNER, f"more than {limits.max_pdf_pages} pages"))
    if not xref_intact(data, limits.max_pdf_objects):
        reasons.append(unscannable("pdf.xref_repaired", SCANNER, "the cross-reference table does not match"))
    return reasons


def xref_intact(data: bytes, cap: int) -> bool:
    """True when ``startxref`` points at a cross-reference section and every in-use entry of each classic table
    (following ``/Prev``) points at its object. Parsers repair a broken table each in its own way, so two
    readers may see two documents: such a file is not judged (``pdf.xref_repaired``)."""
    match = _STARTXREF.search(data, max(0, len(data) - 2048))
    offset = int(match.group(1)) if match else -1
    seen: set[int] = set()
    checked = 0
    while offset not in seen:
        if not 0 <= offset < len(data):
            return False
        seen.add(offset)
        if _OBJECT_HEADER.match(data, offset):
            return True  # a cross-reference stream: pypdf reads its entries, a wrong one fails the object walk
        if not data.startswith(b"xref", offset):
            return False
        position = offset + 4
        while section := _SUBSECTION.match(data, position):
            first, count = int(section.group(1)), int(section.group(2))
            position = section.end()
            for number in range(first, first + count):
                entry = _ENTRY.match(data, position)
                if entry is None:
                    return False
                position = entry.end()
                checked += 1
                if checked > cap:
                    return False
                if entry.group(3) == b"n" and not _points_at(data, int(entry.group(1)), number, int(entry.group(2))):
                    return False
        trailer = data[position:position + 4096].split(b"startxref", 1)[0]
        previous = _PREV.search(trailer)
        if previous is None:
            return True
        offset = int(previous.group(1))
    return False


def _points_at(data: bytes, offset: int, number: int, generation: int) -> bool:
    header = _OBJECT_HEADER.match(data, offset)
    return header is not None and (int(header.group(1)), int(header.group(2))) == (number, generation)


def objects(reader: PdfReader, cap: int) -> Iterator[PdfObject]:
    seen = 0
    for generation, entries in reader.xref.items():
        for idnum in entries:
            seen += 1
            if seen > cap:
                return
            yield from _resolve(reader, idnum, generation)
    for idnum in reader.xref_objStm:
        seen += 1
        if seen > cap:
            return
        yield from _resolve(reader, idnum, 0)


def _resolve(reader: PdfReader, idnum: int, generation: int) -> Iterator[PdfObject]:
    obj = reader.get_object(IndirectObject(idnum, generation, reader))
    if obj is not None:
        yield obj
        if isinstance(obj, ArrayObject):  # direct dictionaries inside arrays (annotation lists and the like)
            yield from (item for item in obj if isinstance(item, DictionaryObject))


def _inspect(obj: DictionaryObject, depth: int = 2) -> set[str]:
    """Codes for one dictionary and its direct sub-dictionaries (e.g. ``/A << /S /Launch >>``), to ``depth``."""
    codes = {code for key, code in _KEYS.items() if key in obj}
    action = obj.get("/S")
    if action is not None and str(action) in _ACTIONS:
        codes.add(_ACTIONS[str(action)])
    if obj.get("/Type") == "/Filespec" and "/EF" in obj:
        codes.add("pdf.embedded_file")
    if depth > 0:
        for value in obj.values():
            if isinstance(value, DictionaryObject):
                codes.update(_inspect(value, depth - 1))
    return codes
