"""De-identified DICOM: the header per the DICOM PS3.15 Basic Application Level Confidentiality Profile
(Annex E, table E.1-1) and burned-in annotation removed from the pixel data.

Header (``deidentify_header``): each attribute the profile lists gets its action (``_REMOVE``: X, removed;
``_EMPTY``: Z, kept with an empty value because the IOD requires it); every UID that identifies an instance,
series, study, frame of reference or device is replaced by ``2.25.<keyed hash>`` (U), the same replacement for
the same UID under one secret, so references between objects still hold; class UIDs and the transfer syntax
are kept. Beyond the table, conservatively: every person name (PN) anywhere is emptied, private attributes are
removed (the profile's default when no Retain Safe Private option is taken), and overlay (60xx) and curve (50xx)
groups are removed since they can carry annotation. ``PatientIdentityRemoved`` is YES and
``DeidentificationMethodCodeSequence`` names the profile (DCM 113100) and, when the pixels were cleaned, the
Clean Pixel Data Option (DCM 113101).

Pixels (``deidentify_dicom``): each frame is stretched to 8-bit, OCR'd (the caller hands in the word reader) and
the words the PHI engine tags are blacked out in the stored pixel values at their original bit depth, the
header's own identifiers passed to the engine as known PHI. When ``BurnedInAnnotation`` is YES and OCR is unsure
(no word read, or a low mean confidence) the configured margins are blacked out as well, because annotation
lives at the edges of the frame and an unread word is not a clean one.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image

from phigate.errors import PhiError
from phigate.models import OcrWord
from phigate.phi._types import KnownPhi, PhiType
from phigate.phi.images import Box, BoxKind, ImageDeidResult, deidentify_image, scale_to_8bit

if TYPE_CHECKING:
    import numpy.typing as npt

WordReader = Callable[[Image.Image], Sequence[OcrWord]]

# PS3.15 table E.1-1, action X (remove) for the Basic Profile
_REMOVE = frozenset({
    "AccessionNumber", "AcquisitionComments", "AcquisitionContextSequence", "AcquisitionDate",
    "AcquisitionDateTime", "AcquisitionDeviceProcessingDescription", "AcquisitionProtocolDescription",
    "AcquisitionTime", "ActualHumanPerformersSequence", "AdditionalPatientHistory", "AdmissionID",
    "AdmittingDate", "AdmittingDiagnosesCodeSequence", "AdmittingDiagnosesDescription", "AdmittingTime",
    "Allergies", "Arbitrary", "AuthorObserverSequence", "BranchOfService", "CommentsOnThePerformedProcedureStep",
    "ConfidentialityConstraintOnPatientDataDescription", "ContentCreatorIdentificationCodeSequence",
    "ContentSequence", "ContributionDescription", "CountryOfResidence", "CurrentPatientLocation", "CurveDate",
    "CurveTime", "CustodialOrganizationSequence", "DataSetTrailingPadding", "DerivationDescription",
    "DetectorID", "DeviceSerialNumber", "DigitalSignaturesSequence", "DischargeDiagnosisDescription",
    "DistributionAddress", "DistributionName", "EthnicGroup", "FrameComments", "GantryID", "GeneratorID",
    "HumanPerformerName", "HumanPerformerOrganization", "IconImageSequence", "IdentifyingComments",
    "ImageComments", "ImagePresentationComments", "ImagingServiceRequestComments", "InstanceCreationDate",
    "InstanceCreationTime", "InstitutionAddress", "InstitutionCodeSequence", "InstitutionName",
    "InstitutionalDepartmentName", "InsurancePlanIdentification", "IntendedRecipientsOfResultsIdentificationSequence",
    "InterpretationApproverSequence", "InterpretationAuthor", "InterpretationDiagnosisDescription",
    "InterpretationIDIssuer", "InterpretationRecorder", "InterpretationText", "InterpretationTranscriber",
    "IssuerOfAdmissionID", "IssuerOfPatientID", "IssuerOfServiceEpisodeID", "MedicalAlerts",
    "MedicalRecordLocator", "MilitaryRank", "ModifiedAttributesSequence", "ModifyingDeviceID",
    "ModifyingDeviceManufacturer", "NameOfPhysiciansReadingStudy", "NamesOfIntendedRecipientsOfResults",
    "Occupation", "OperatorIdentificationSequence", "OperatorsName", "OrderCallbackPhoneNumber",
    "OrderEnteredBy", "OrderEntererLocation", "OriginalAttributesSequence", "OtherPatientIDs",
    "OtherPatientIDsSequence", "OtherPatientNames", "OverlayComments", "OverlayDate", "OverlayTime",
    "ParticipantSequence", "PatientAddress", "PatientAge", "PatientBirthName", "PatientBirthTime",
    "PatientComments", "PatientInsurancePlanCodeSequence", "PatientMotherBirthName",
    "PatientPrimaryLanguageCodeSequence", "PatientReligiousPreference", "PatientSize", "PatientState",
    "PatientTelephoneNumbers", "PatientTransportArrangements", "PatientWeight", "PerformedLocation",
    "PerformedProcedureStepDescription", "PerformedProcedureStepEndDate", "PerformedProcedureStepEndTime",
    "PerformedProcedureStepID", "PerformedProcedureStepStartDate", "PerformedProcedureStepStartTime",
    "PerformedStationAETitle", "PerformedStationGeographicLocationCodeSequence", "PerformedStationName",
    "PerformedStationNameCodeSequence", "PerformingPhysicianIdentificationSequence", "PerformingPhysicianName",
    "PersonAddress", "PersonIdentificationCodeSequence", "PersonName", "PersonTelephoneNumbers",
    "PhysicianApprovingInterpretation", "PhysiciansOfRecord", "PhysiciansOfRecordIdentificationSequence",
    "PhysiciansReadingStudyIdentificationSequence", "PlateID", "PreMedication", "PregnancyStatus",
    "ProtocolName", "ReasonForTheImagingServiceRequest", "ReasonForStudy", "ReferencedDigitalSignatureSequence",
    "ReferencedPatientAliasSequence", "ReferencedPatientSequence", "ReferencedSOPInstanceMACSequence",
    "ReferencedStudySequence", "ReferringPhysicianAddress", "ReferringPhysicianIdentificationSequence",
    "ReferringPhysicianTelephoneNumbers", "RegionOfResidence", "RequestAttributesSequence",
    "RequestedContrastAgent", "RequestedProcedureComments", "RequestedProcedureID",
    "RequestedProcedureLocation", "RequestingPhysician", "RequestingService", "ResponsibleOrganization",
    "ResponsiblePerson", "ResultsComments", "ResultsDistributionListSequence", "ResultsIDIssuer",
    "ScheduledHumanPerformersSequence", "ScheduledPatientInstitutionResidence",
    "ScheduledPerformingPhysicianIdentificationSequence", "ScheduledProcedureStepDescription",
    "ScheduledProcedureStepEndDate", "ScheduledProcedureStepEndTime", "ScheduledProcedureStepID",
    "ScheduledProcedureStepLocation", "ScheduledProcedureStepStartDate", "ScheduledProcedureStepStartTime",
    "ScheduledStationAETitle", "ScheduledStationGeographicLocationCodeSequence", "ScheduledStationName",
    "ScheduledStationNameCodeSequence", "ScheduledStudyLocation", "ScheduledStudyLocationAETitle",
    "SeriesDate", "SeriesDescription", "SeriesTime", "ServiceEpisodeDescription", "ServiceEpisodeID",
    "SmokingStatus", "SourceImageSequence", "SpecialNeeds", "StationName", "StudyComments",
    "StudyDescription", "StudyIDIssuer", "TextComments", "TextString", "TimezoneOffsetFromUTC", "TopicAuthor",
    "TopicKeywords", "TopicSubject", "TopicTitle", "VerifyingObserverIdentificationCodeSequence",
    "VerifyingObserverName", "VerifyingObserverSequence", "VerifyingOrganization", "VisitComments",
})
# PS3.15 table E.1-1, action Z (or Z/D: emptied) for attributes the IODs require to be present
_EMPTY = frozenset({
    "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
    "ReferringPhysicianName", "StudyID", "ContentDate", "ContentTime", "ContrastBolusAgent",
    "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberImagingServiceRequest",
    "VerificationDateTime", "ContentCreatorName", "DateTime", "Date", "Time",
})
# UIDs kept: they name what kind of object or encoding this is, never which patient or study
_KEEP_UIDS = frozenset({"TransferSyntaxUID", "ImplementationClassUID", "CodingSchemeUID",
                        "ContextGroupExtensionCreatorUID", "PrivateInformationCreatorUID"})
PROFILE = "DICOM PS3.15 E.1 Basic Application Level Confidentiality Profile"
_BASIC_PROFILE_CODE = ("113100", "Basic Application Confidentiality Profile")
_CLEAN_PIXEL_CODE = ("113101", "Clean Pixel Data Option")
_UNSURE_CONFIDENCE = 60.0
_MAX_DEPTH = 16  # nested sequences deeper than this are removed whole


@dataclass(frozen=True, slots=True)
class DicomDeidResult:
    """The de-identified DICOM file and, per frame, the de-identified 8-bit image with its boxes."""

    dicom: bytes
    frames: tuple[ImageDeidResult, ...]
    pixels_cleaned: bool


def replace_uid(uid: str, secret: bytes) -> str:
    """The same UID gives the same replacement under one secret (references between objects hold)."""
    digest = hmac.new(secret or b"phigate-dicom-uid", uid.strip("\0 ").encode("ascii", "replace"),
                      hashlib.sha256).digest()
    return f"2.25.{int.from_bytes(digest[:16], 'big')}"


def deidentify_header(ds: Any, *, secret: bytes = b"", pixels_cleaned: bool = False) -> None:
    """Apply the Basic Profile to ``ds`` (a pydicom Dataset) in place, its file meta included."""
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence as DicomSequence

    ds.remove_private_tags()
    _clean(ds, secret, 0)
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "MediaStorageSOPInstanceUID" in meta:
        meta.MediaStorageSOPInstanceUID = replace_uid(str(meta.MediaStorageSOPInstanceUID), secret)
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = PROFILE
    codes = [_BASIC_PROFILE_CODE, *([_CLEAN_PIXEL_CODE] if pixels_cleaned else [])]
    items = []
    for value, meaning in codes:
        item = Dataset()
        item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
        items.append(item)
    ds.DeidentificationMethodCodeSequence = DicomSequence(items)
    if pixels_cleaned:
        ds.BurnedInAnnotation = "NO"


def _clean(ds: Any, secret: bytes, depth: int) -> None:
    for element in list(ds):
        tag, keyword = element.tag, element.keyword
        if (tag.group & 0xFF00) in {0x5000, 0x6000} or keyword in _REMOVE:
            del ds[tag]
        elif keyword in _EMPTY or element.VR == "PN":
            element.value = None
        elif element.VR == "UI" and keyword not in _KEEP_UIDS and not keyword.endswith("ClassUID") and element.value:
            values = element.value if element.VM > 1 else [element.value]
            replaced = [replace_uid(str(v), secret) for v in values]
            element.value = replaced if element.VM > 1 else replaced[0]
        elif element.VR == "SQ":
            if depth >= _MAX_DEPTH:
                del ds[tag]
                continue
            for item in element.value:
                _clean(item, secret, depth + 1)


def known_from_header(ds: Any) -> list[KnownPhi]:
    """The header's identifiers, so the same values burned into the pixels are found too."""
    known: list[KnownPhi] = []
    name = str(ds.get("PatientName", "") or "")
    known += [KnownPhi(part, PhiType.NAME) for part in name.replace("^", " ").split() if len(part) > 1]
    for keyword, kind in (("PatientID", PhiType.MRN), ("AccessionNumber", PhiType.ACCOUNT),
                          ("PatientBirthDate", PhiType.DATE)):
        value = str(ds.get(keyword, "") or "").strip()
        if len(value) > 1:
            known.append(KnownPhi(value, kind))
    return known


def deidentify_dicom(data: bytes, read_words: WordReader, *, secret: bytes = b"", margin: float = 0.1,
                     max_pixels: int = 100_000_000) -> DicomDeidResult:
    """Header de-identified and every frame's burned-in PHI blacked out in the stored pixels."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # pydicom warns where it repairs: a file it must repair is refused
            ds = pydicom.dcmread(io.BytesIO(data))
            ds.remove_private_tags()  # parses every element now, inside the refusal
    except (InvalidDicomError, OSError, ValueError, EOFError, KeyError, TypeError, UserWarning) as exc:
        raise PhiError("the DICOM file could not be read for de-identification") from exc
    known = known_from_header(ds)
    frames: tuple[ImageDeidResult, ...] = ()
    if "PixelData" in ds:
        frames = _clean_pixels(ds, read_words, secret, known, margin, max_pixels)
    deidentify_header(ds, secret=secret, pixels_cleaned=bool(frames))
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return DicomDeidResult(out.getvalue(), frames, bool(frames))


def _clean_pixels(ds: Any, read_words: WordReader, secret: bytes, known: list[KnownPhi], margin: float,
                  max_pixels: int) -> tuple[ImageDeidResult, ...]:
    from pydicom.uid import ExplicitVRLittleEndian

    rows, cols = int(ds.get("Rows", 0) or 0), int(ds.get("Columns", 0) or 0)
    count = int(ds.get("NumberOfFrames", 1) or 1)
    if rows * cols * max(count, 1) > max_pixels:
        raise PhiError("the DICOM pixel data is larger than the de-identification limit")
    try:
        arr = ds.pixel_array.copy()
    except (ValueError, RuntimeError, NotImplementedError, AttributeError, TypeError, KeyError) as exc:
        raise PhiError("the DICOM pixel data could not be decoded for de-identification") from exc
    colour = int(ds.get("SamplesPerPixel", 1) or 1) > 1
    stack = arr if (arr.ndim == 4 or (arr.ndim == 3 and not colour)) else arr[None, ...]
    inverted = str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1"
    fill = stack.max() if inverted else stack.min()
    burned = str(ds.get("BurnedInAnnotation", "")).upper() == "YES"
    results = []
    for index in range(stack.shape[0]):
        frame = _to_image(stack[index], colour, inverted)
        words = read_words(frame)
        extra = _margins(frame.size, margin) if burned and _unsure(words) else []
        result = deidentify_image(frame, words, secret=secret, known=known, extra_boxes=extra)
        for box in result.boxes:
            stack[index][box.top:box.bottom, box.left:box.right] = fill
        results.append(result)
    ds.PixelData = stack.reshape(arr.shape).tobytes()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian  # written back uncompressed
    if colour:
        ds.PhotometricInterpretation = "RGB"  # pydicom decoded any YBR to RGB
        ds.PlanarConfiguration = 0
    return tuple(results)


def _to_image(frame: npt.NDArray[Any], colour: bool, inverted: bool) -> Image.Image:
    import numpy as np

    if colour:
        return Image.fromarray(np.ascontiguousarray(frame).astype(np.uint8), mode="RGB")
    grey = scale_to_8bit(frame.astype(np.float64))
    return Image.fromarray(255 - grey if inverted else grey, mode="L")


def _unsure(words: Sequence[OcrWord]) -> bool:
    scored = [w.confidence for w in words if w.confidence >= 0]
    return not scored or sum(scored) / len(scored) < _UNSURE_CONFIDENCE


def _margins(size: tuple[int, int], fraction: float) -> list[Box]:
    width, height = size
    dx, dy = round(width * fraction), round(height * fraction)
    return [Box(BoxKind.MARGIN, 0, 0, width, dy), Box(BoxKind.MARGIN, 0, height - dy, width, height),
            Box(BoxKind.MARGIN, 0, 0, dx, height), Box(BoxKind.MARGIN, width - dx, 0, width, height)]
