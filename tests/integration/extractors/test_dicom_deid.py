"""DICOM de-identification on synthetic files built with pydicom: the PS3.15 Basic Profile on the header (UIDs
replaced consistently, names emptied, private and overlay groups gone) and the burned-in identifiers blacked out
in the stored pixels, read back by the real Tesseract."""

from __future__ import annotations

import io

import numpy as np
import pydicom
import pytest
from PIL import Image

from phigate.backends.extractors.ocr import TesseractOcr
from phigate.errors import PhiError
from phigate.models import OcrWord
from phigate.phi.dicom import PROFILE, deidentify_dicom, deidentify_header, replace_uid
from tests._fixtures.images_phi import synthetic_dicom

pytestmark = pytest.mark.tesseract

SECRET = b"s" * 32


@pytest.fixture(scope="module")
def ocr() -> TesseractOcr:
    return TesseractOcr()


def _read(data: bytes) -> pydicom.Dataset:
    return pydicom.dcmread(io.BytesIO(data))


def _no_words(_: Image.Image) -> list[OcrWord]:
    return []


def test_header_follows_the_basic_profile() -> None:
    out = _read(deidentify_dicom(synthetic_dicom(), _no_words, secret=SECRET).dicom)
    for keyword in ("PatientAddress", "PatientTelephoneNumbers", "InstitutionName", "OperatorsName",
                    "AccessionNumber", "StudyDescription"):
        assert keyword not in out
    for keyword in ("PatientName", "PatientID", "PatientBirthDate", "ReferringPhysicianName", "StudyDate"):
        assert keyword in out and not out[keyword].value
    assert out.PatientIdentityRemoved == "YES" and out.DeidentificationMethod == PROFILE
    assert [c.CodeValue for c in out.DeidentificationMethodCodeSequence] == ["113100", "113101"]
    assert not [e for e in out if e.tag.is_private or e.tag.group == 0x6000]
    assert "PersonName" not in out.ReferencedImageSequence[0]
    assert b"Quenby" not in deidentify_dicom(synthetic_dicom(), _no_words).dicom


def test_uids_are_replaced_consistently_and_class_uids_kept() -> None:
    data = synthetic_dicom()
    source = _read(data)
    out = _read(deidentify_dicom(data, _no_words, secret=SECRET).dicom)
    assert out.StudyInstanceUID == replace_uid(source.StudyInstanceUID, SECRET) != source.StudyInstanceUID
    assert out.SOPInstanceUID == out.file_meta.MediaStorageSOPInstanceUID
    assert out.ReferencedImageSequence[0].ReferencedSOPInstanceUID == out.SeriesInstanceUID  # reference held
    assert out.SOPClassUID == source.SOPClassUID
    again = _read(deidentify_dicom(data, _no_words, secret=SECRET).dicom)
    assert again.SeriesInstanceUID == out.SeriesInstanceUID
    assert _read(deidentify_dicom(data, _no_words, secret=b"t" * 32).dicom).SeriesInstanceUID != out.SeriesInstanceUID


def test_burned_in_identifiers_are_blacked_out_and_the_rest_kept(ocr: TesseractOcr) -> None:
    result = deidentify_dicom(synthetic_dicom(), ocr.read_words, secret=SECRET)
    out = _read(result.dicom)
    pixels = out.pixel_array
    assert pixels[12:38, 14:172].max() == 0  # the name gone from the stored 16-bit values
    assert pixels[47:62, 67:170].max() == 0  # and the MRN
    assert pixels[47:62, 14:60].max() == 255 * 16  # the label "MRN" and the "CHEST AXIAL" annotation kept
    assert pixels[477:492, 301:436].max() == 255 * 16
    assert pixels[280, 260] == 90 * 16  # the body untouched
    assert result.pixels_cleaned and out.BurnedInAnnotation == "NO"
    assert result.frames[0].counts.get("phi_text", 0) >= 3


def test_unsure_ocr_on_a_burned_in_frame_blacks_out_the_margins() -> None:
    result = deidentify_dicom(synthetic_dicom(), _no_words, margin=0.1)
    pixels = _read(result.dicom).pixel_array
    assert pixels[:51, :].max() == 0 and pixels[-51:, :].max() == 0
    assert result.frames[0].counts == {"margin": 4}
    plain = deidentify_dicom(synthetic_dicom(burned_in=False), _no_words)
    assert plain.frames[0].counts == {}


def test_monochrome1_is_filled_with_its_black_and_multiframe_is_cleaned_per_frame() -> None:
    result = deidentify_dicom(synthetic_dicom(monochrome1=True, frames=2), _no_words, margin=0.1)
    pixels = _read(result.dicom).pixel_array
    assert pixels.shape == (2, 512, 512)
    assert (pixels[:, :51, :] == 4080).all()  # MONOCHROME1: the maximum is black
    assert len(result.frames) == 2


@pytest.mark.parametrize("data", [b"", b"DICM", b"\x00" * 128 + b"DICM" + b"\xff" * 40, b"not dicom at all"])
def test_hostile_files_are_refused_with_a_phi_error(data: bytes) -> None:
    with pytest.raises(PhiError):
        deidentify_dicom(data, _no_words)


def test_pixel_data_over_the_limit_is_refused() -> None:
    with pytest.raises(PhiError):
        deidentify_dicom(synthetic_dicom(), _no_words, max_pixels=1000)


def test_deep_sequences_are_cut_and_header_only_files_work() -> None:
    ds = _read(synthetic_dicom())
    del ds.PixelData
    item = ds.ReferencedImageSequence[0]
    for _ in range(30):
        inner = pydicom.Dataset()
        inner.ReferencedImageSequence = pydicom.Sequence([item])
        item = inner
    ds.ReferencedImageSequence = pydicom.Sequence([item])
    deidentify_header(ds, secret=SECRET)
    assert ds.PatientIdentityRemoved == "YES"
    assert np.asarray([1]).size == 1
