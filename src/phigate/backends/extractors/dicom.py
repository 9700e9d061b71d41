"""DICOM headers: every textual data element as ``(gggg,eeee) Keyword: value``, with the elements the
PS3.15 Annex E Basic Application Level Confidentiality Profile lists marked as structured PHI fields.

Pixel data is out of scope (burned-in text is not read); a finding says when a file carries it.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

import pydicom
import pydicom.config
from pydicom.errors import InvalidDicomError

from phigate.backends.extractors._assemble import ExtractedBuilder
from phigate.errors import ExtractionLimitExceeded, MalformedDocument
from phigate.models import Extracted, ExtractionLimits, Finding, FindingKind, StructuredField, TextSource

# PS3.15 Table E.1-1 (Basic Profile), keyword -> category. UIDs are identifiers: they can link a study to a
# patient. Not every row of the table is here; these are the attributes that carry a person's data.
BASIC_PROFILE: dict[str, str] = {
    **dict.fromkeys(
        (
            "PatientName",
            "OtherPatientNames",
            "PatientBirthName",
            "PatientMotherBirthName",
            "ReferringPhysicianName",
            "PerformingPhysicianName",
            "OperatorsName",
            "PhysiciansOfRecord",
            "NameOfPhysiciansReadingStudy",
            "RequestingPhysician",
            "ScheduledPerformingPhysicianName",
            "ResponsiblePerson",
            "PersonName",
            "ContentCreatorName",
            "VerifyingObserverName",
        ),
        "name",
    ),
    **dict.fromkeys(
        (
            "PatientID",
            "OtherPatientIDs",
            "IssuerOfPatientID",
            "AccessionNumber",
            "StudyID",
            "MedicalRecordLocator",
            "PatientInsurancePlanCodeSequence",
            "MilitaryRank",
            "DeviceSerialNumber",
            "StationName",
            "RequestAttributesSequence",
            "PerformedProcedureStepID",
            "ScheduledProcedureStepID",
            "AdmissionID",
            "FillerOrderNumberImagingServiceRequest",
            "PlacerOrderNumberImagingServiceRequest",
        ),
        "identifier",
    ),
    **dict.fromkeys(
        (
            "StudyInstanceUID",
            "SeriesInstanceUID",
            "SOPInstanceUID",
            "FrameOfReferenceUID",
            "MediaStorageSOPInstanceUID",
            "ReferencedSOPInstanceUID",
        ),
        "uid",
    ),
    **dict.fromkeys(
        (
            "PatientBirthDate",
            "PatientBirthTime",
            "StudyDate",
            "SeriesDate",
            "AcquisitionDate",
            "ContentDate",
            "StudyTime",
            "SeriesTime",
            "AcquisitionTime",
            "ContentTime",
            "AcquisitionDateTime",
            "InstanceCreationDate",
            "InstanceCreationTime",
        ),
        "date",
    ),
    **dict.fromkeys(
        (
            "PatientAddress",
            "InstitutionAddress",
            "ReferringPhysicianAddress",
            "CountryOfResidence",
            "RegionOfResidence",
            "InstitutionName",
            "InstitutionalDepartmentName",
        ),
        "address",
    ),
    **dict.fromkeys(
        ("PatientTelephoneNumbers", "ReferringPhysicianTelephoneNumbers", "PatientTelecomInformation"),
        "phone",
    ),
    **dict.fromkeys(
        (
            "PatientAge",
            "PatientSex",
            "PatientSize",
            "PatientWeight",
            "EthnicGroup",
            "Occupation",
            "PatientReligiousPreference",
            "PregnancyStatus",
            "SmokingStatus",
        ),
        "demographic",
    ),
    **dict.fromkeys(
        (
            "AdditionalPatientHistory",
            "PatientComments",
            "StudyComments",
            "ImageComments",
            "StudyDescription",
            "SeriesDescription",
            "RequestedProcedureDescription",
            "PerformedProcedureStepDescription",
            "AdmittingDiagnosesDescription",
            "DerivationDescription",
            "ProtocolName",
            "TextValue",
        ),
        "free_text",
    ),
}
_TEXT_VRS = {
    "AE",
    "AS",
    "CS",
    "DA",
    "DS",
    "DT",
    "IS",
    "LO",
    "LT",
    "PN",
    "SH",
    "ST",
    "TM",
    "UC",
    "UI",
    "UR",
    "UT",
}
_PIXEL_DATA = b"\xe0\x7f\x10\x00"  # (7FE0,0010) little endian
_MAX_DEPTH = 8


class DicomExtractor:
    """Extractor for DICOM Part 10 files (header only)."""

    name = "dicom"
    media_types = frozenset({"application/dicom"})

    def __init__(self, limits: ExtractionLimits | None = None) -> None:
        self._limits = limits or ExtractionLimits()
        # pydicom's validation warnings and log lines quote element values, which are PHI: never emit them
        pydicom.config.settings.reading_validation_mode = pydicom.config.IGNORE
        logging.getLogger("pydicom").disabled = True

    def extract(self, data: bytes, media_type: str) -> Extracted:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dataset = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
                rows = list(_elements(dataset, 0))
        except RecursionError as exc:
            raise ExtractionLimitExceeded("DICOM sequences are nested too deeply") from exc
        except (
            InvalidDicomError,
            EOFError,
            ValueError,
            KeyError,
            TypeError,
            OSError,
            AttributeError,
            NotImplementedError,
            OverflowError,
            UnicodeError,
        ) as exc:
            raise MalformedDocument("DICOM file is corrupt or not a DICOM Part 10 file") from exc
        if len(dataset) == 0:
            raise MalformedDocument("DICOM file holds no data elements")
        builder = ExtractedBuilder(media_type)
        lines: list[str] = []
        offset = 0
        for tag, keyword, value in rows:
            prefix = f"{tag} {keyword}: "
            if keyword in BASIC_PROFILE:
                builder.fields.append(
                    StructuredField(
                        keyword,
                        BASIC_PROFILE[keyword],
                        offset + len(prefix),
                        offset + len(prefix) + len(value),
                    )
                )
            lines.append(prefix + value)
            offset += len(prefix) + len(value) + 1
        builder.add_page("\n".join(lines), TextSource.STRUCTURED)
        if _PIXEL_DATA in data:
            builder.findings.append(
                Finding(
                    FindingKind.EMBEDDED_MEDIA,
                    "pixel data was not read (burned-in annotations are not checked)",
                )
            )
        return builder.build()


def _elements(dataset: Any, depth: int) -> Iterator[tuple[str, str, str]]:
    if depth > _MAX_DEPTH:
        raise RecursionError("DICOM nesting")
    for element in [*getattr(dataset, "file_meta", []), *dataset] if depth == 0 else dataset:
        if element.VR == "SQ":
            for item in element.value or []:
                yield from _elements(item, depth + 1)
            continue
        if element.VR not in _TEXT_VRS or element.value is None:
            continue
        values = element.value if isinstance(element.value, pydicom.multival.MultiValue) else [element.value]
        value = "\\".join(" ".join(str(v).split()) for v in values)
        if value:
            tag = f"({element.tag.group:04X},{element.tag.element:04X})"
            yield tag, element.keyword or "Private", value
