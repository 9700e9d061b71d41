"""Structural validation of DICOM Part 10 files: the header must parse (pixel data is not decoded), within an
element cap, and the 128-byte preamble must not make the file a second format.

The preamble is free space that a DICOM reader skips, so attackers place an executable or archive header there
(the "DICOM polyglot", CVE-2019-11687); PS3.10 allows only zeros or a TIFF header for dual-personality files.
"""

from __future__ import annotations

import io
import logging

from phigate.models import ScanReason
from phigate.ports import ScanLimits

from ._findings import infected, unscannable

SCANNER = "phigate-validators"
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")


def validate_dicom(data: bytes, limits: ScanLimits) -> list[ScanReason]:
    preamble = data[:128]
    if preamble.startswith(_EXECUTABLE_MAGIC):
        return [infected("polyglot", SCANNER, "an executable header in the DICOM preamble")]
    if any(preamble) and not preamble.startswith((b"II*\x00", b"MM\x00*")):
        return [unscannable("dicom.preamble", SCANNER, "the DICOM preamble is neither zeros nor a TIFF header")]
    import pydicom
    from pydicom.errors import InvalidDicomError

    # pydicom's warnings quote element values, which are PHI. Its import sets its logger's level, so this comes
    # after it; a level (unlike ``disabled``) also holds for the child loggers.
    logging.getLogger("pydicom").setLevel(logging.CRITICAL + 1)

    try:
        dataset = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
        meta = getattr(dataset, "file_meta", None)
        if meta is None or "TransferSyntaxUID" not in meta or "MediaStorageSOPClassUID" not in meta:
            return [unscannable("dicom.malformed", SCANNER, "no complete DICOM file meta information")]
        for count, _ in enumerate(dataset.iterall(), start=1):
            if count > limits.max_dicom_elements:
                return [unscannable("dicom.too_many_elements", SCANNER,
                                    f"more than {limits.max_dicom_elements} header elements")]
    except (InvalidDicomError, ValueError, TypeError, KeyError, IndexError, EOFError, OSError,
            NotImplementedError, AttributeError, OverflowError) as exc:
        return [unscannable("dicom.malformed", SCANNER, f"the DICOM header does not parse ({type(exc).__name__})")]
    return []
