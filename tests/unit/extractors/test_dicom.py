"""DICOM headers: Basic Profile attributes marked as PHI; corrupt files refused."""

from __future__ import annotations

import contextlib
import io

import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from phigate.backends.extractors import ExtractorChooser
from phigate.errors import MalformedDocument
from phigate.models import FindingKind


def make_dicom(pixels: bool = False) -> bytes:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.PatientName = "Quintero^Zoe"
    ds.PatientID = "MRN778899"
    ds.PatientBirthDate = "19710304"
    ds.StudyDate = "20240102"
    ds.InstitutionName = "Springfield General"
    ds.ReferringPhysicianName = "Hart^Emil"
    ds.Modality = "OT"
    ds.StudyInstanceUID = generate_uid()
    item = Dataset()
    item.PatientID = "OLD-4411"
    ds.OtherPatientIDsSequence = Sequence([item])
    if pixels:
        ds.Rows, ds.Columns, ds.BitsAllocated, ds.SamplesPerPixel = 2, 2, 8, 1
        ds.PixelData = b"\0\1\2\3"
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


def extract(data: bytes):  # type: ignore[no-untyped-def]
    return ExtractorChooser().extract(data, "application/dicom")


def test_basic_profile_attributes_are_marked() -> None:
    result = extract(make_dicom())
    marked = {(f.path, f.category, result.text[f.start : f.end]) for f in result.fields}
    assert {
        ("PatientName", "name", "Quintero^Zoe"),
        ("PatientID", "identifier", "MRN778899"),
        ("PatientID", "identifier", "OLD-4411"),  # inside a sequence
        ("PatientBirthDate", "date", "19710304"),
        ("InstitutionName", "address", "Springfield General"),
        ("ReferringPhysicianName", "name", "Hart^Emil"),
    } <= marked
    assert "(0008,0060) Modality: OT" in result.text
    assert not any(f.path == "Modality" for f in result.fields)
    assert not result.findings


def test_pixel_data_is_reported_not_read() -> None:
    result = extract(make_dicom(pixels=True))
    assert [f.kind for f in result.findings] == [FindingKind.EMBEDDED_MEDIA]


@pytest.mark.parametrize(
    "data",
    [b"", b"not dicom at all", b"\0" * 128 + b"DICM" + b"\xff" * 40],
    ids=["empty", "text", "bad-header"],
)
def test_corrupt_files_are_refused(data: bytes) -> None:
    with pytest.raises(MalformedDocument):
        extract(data)


def test_truncated_file_is_refused_or_read_in_part_never_crashes() -> None:
    data = make_dicom()
    for cut in range(140, len(data), 37):
        with contextlib.suppress(MalformedDocument):
            extract(data[:cut])
