"""The built-in structural validators, always on: the bytes must be the declared type and nothing else, and
must pass that type's validator (PDF, ZIP/OOXML, images, text/HL7/FHIR)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from phigate import __version__
from phigate.models import ScannerInfo, ScanReason, ScanTarget, Verdict
from phigate.ports import ScanLimits

from ._dicom import validate_dicom
from ._findings import infected, read_bounded, unscannable
from ._image import validate_image
from ._pdf import validate_pdf
from ._sniff import BINARY, MAGIC, Format, binary_formats, declared_format
from ._text import validate_text
from ._trailing import trailing_bytes
from ._zip import validate_zip

SCANNER = "phigate-validators"


class StructuralValidator:
    """The ``Scanner`` for every built-in format; judges the declared type and refuses the undeclared."""

    name = SCANNER

    def __init__(self, limits: ScanLimits) -> None:
        self._limits = limits

    def info(self) -> ScannerInfo:
        return ScannerInfo(SCANNER, __version__, "built-in")

    def check(self) -> None:
        return None

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        started = time.perf_counter()
        data = read_bounded(chunks, self._limits.max_document_bytes)
        if data is None:
            reasons = [unscannable("too_large", SCANNER, f"above {self._limits.max_document_bytes} bytes")]
        else:
            reasons = self.validate(data, target.declared_media_type)
        return Verdict.from_reasons(tuple(reasons), scanners=(self.info(),),
                                    timings=((SCANNER, time.perf_counter() - started),))

    def validate(self, data: bytes, declared_media_type: str) -> list[ScanReason]:
        declared = declared_format(declared_media_type)
        if declared is None:
            return [unscannable("type.unsupported", SCANNER, "no validator for the declared media type")]
        found = binary_formats(data)
        expected = Format.ZIP if declared is Format.OOXML else declared
        if declared in BINARY or declared is Format.OOXML:
            if expected not in found:
                return [unscannable("type_mismatch", SCANNER, f"the bytes are not {declared}")]
            if found - {expected}:
                return [infected("polyglot", SCANNER, "valid as " + " and ".join(sorted(found)))]
            if not data.startswith(MAGIC.get(expected, (b"",))):
                return [infected("type.leading_bytes", SCANNER, f"bytes before the {expected} signature")]
            if trailing_bytes(data, expected):
                return [infected("type.trailing_bytes", SCANNER, f"bytes after the end of the {expected}")]
        elif found:
            return [unscannable("type_mismatch", SCANNER, f"binary {'/'.join(sorted(found))} declared as text")]
        if declared is Format.PDF:
            return validate_pdf(data, self._limits)
        if declared in (Format.ZIP, Format.OOXML):
            ooxml = declared_media_type.split(";", 1)[0].strip().lower() if declared is Format.OOXML else None
            return validate_zip(data, self._limits, ooxml=ooxml)
        if declared in (Format.PNG, Format.JPEG, Format.TIFF):
            return validate_image(data, declared, self._limits)
        if declared is Format.DICOM:
            return validate_dicom(data, self._limits)
        return validate_text(data, declared, self._limits)
