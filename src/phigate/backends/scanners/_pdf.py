"""Structural validation of PDF: it must parse, must not be encrypted, must stay under the page and object caps,
and every indirect object is inspected for active content (JavaScript, Launch, auto-actions, embedded files,
XFA forms). Names are compared after pypdf has decoded them, so ``/J#61vaScript`` is ``/JavaScript``."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from phigate.config import ScanLimits
from phigate.models import ScanReason

from ._findings import infected, unscannable

# pypdf's warnings quote raw PDF bytes, which can hold PHI: they must never reach a log
logging.getLogger("pypdf").disabled = True

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
    for obj in _objects(reader, limits.max_pdf_objects):
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
    return reasons


def _objects(reader: PdfReader, cap: int) -> Iterator[PdfObject]:
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
