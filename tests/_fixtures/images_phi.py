"""Synthetic sets for image de-identification, built in memory (no image ever written to disk).

- Faces: the astronaut photograph shipped with scikit-image (NASA, public domain), and its face cut out and
  pasted at known boxes, at several sizes, onto plain, noisy and gradient backgrounds.
- Text: invented names, dates, MRNs and phone numbers rendered with PIL beside clinical words that must stay
  readable. Every person here is made up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from phigate.models import DocumentRecord, DocumentState
from phigate.pipeline.receive import quarantine_key
from phigate.testing import FakeTestingWarning, InMemoryBlobStore, InMemoryKeyManager
from phigate.vault import Vault

ASTRONAUT_FACE = (168, 60, 270, 175)  # left, top, right, bottom of the face in skimage.data.astronaut()


def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


@dataclass(frozen=True)
class FaceCase:
    image: Image.Image
    faces: tuple[tuple[int, int, int, int], ...]  # the tight face boxes that must be covered


def face_set() -> list[FaceCase]:
    """The astronaut itself plus eight images with the face pasted at known places and sizes."""
    source = astronaut()
    crop = source.crop((ASTRONAUT_FACE[0] - 30, ASTRONAUT_FACE[1] - 40, ASTRONAUT_FACE[2] + 30,
                        ASTRONAUT_FACE[3] + 30))
    rng = np.random.default_rng(17)
    cases = [FaceCase(source, (ASTRONAUT_FACE,))]
    backgrounds = ("plain", "noise", "gradient")
    for index, (size, where) in enumerate([(160, (40, 60)), (220, (400, 120)), (120, (700, 300)),
                                           (300, (100, 250)), (180, (560, 40)), (140, (300, 420)),
                                           (260, (520, 280)), (200, (60, 380))]):
        canvas = _background(backgrounds[index % 3], (1000, 700), rng)
        w = size
        h = round(size * crop.height / crop.width)
        canvas.paste(crop.resize((w, h), Image.Resampling.BILINEAR), where)
        sx, sy = w / crop.width, h / crop.height
        face = (where[0] + round(30 * sx), where[1] + round(40 * sy),
                where[0] + round((30 + ASTRONAUT_FACE[2] - ASTRONAUT_FACE[0]) * sx),
                where[1] + round((40 + ASTRONAUT_FACE[3] - ASTRONAUT_FACE[1]) * sy))
        cases.append(FaceCase(canvas, (face,)))
    return cases


def _background(kind: str, size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
    w, h = size
    if kind == "plain":
        return Image.new("RGB", size, (200, 210, 190))
    if kind == "noise":
        return Image.fromarray(rng.integers(60, 200, (h, w, 3), dtype=np.uint8))
    ramp = np.tile(np.linspace(40, 220, w, dtype=np.uint8), (h, 1))
    return Image.fromarray(np.stack([ramp, ramp[::-1, ::-1], ramp], axis=2))


def covered(image_png: bytes, box: tuple[int, int, int, int], threshold: float = 0.95) -> bool:
    """Whether at least ``threshold`` of the box is black in the de-identified PNG."""
    import io

    with Image.open(io.BytesIO(image_png)) as im:
        arr = np.asarray(im.convert("L"))
    region = arr[box[1]:box[3], box[0]:box[2]]
    return bool(region.size) and float((region == 0).mean()) >= threshold


# (text, is_phi) per word; the clinical words must never be blacked out
_LINES: tuple[tuple[tuple[str, bool], ...], ...] = (
    (("Patient:", False), ("Marisol", True), ("Quenby", True)),
    (("DOB:", False), ("04/17/1958", True), ("Sex:", False), ("F", False)),
    (("MRN:", False), ("88412097", True)),
    (("Phone:", False), ("(617)", True), ("555-0148", True)),
    (("Diagnosis:", False), ("community", False), ("acquired", False), ("pneumonia", False)),
    (("Plan:", False), ("amoxicillin", False), ("500", False), ("mg", False), ("three", False), ("times", False),
     ("daily", False)),
    (("Seen", False), ("by", False), ("Dr.", False), ("Tobias", True), ("Wrenfield", True), ("on", False),
     ("12/02/2025", True)),
    (("Chest", False), ("X-ray:", False), ("right", False), ("lower", False), ("lobe", False),
     ("consolidation", False)),
)


@dataclass(frozen=True)
class TextPage:
    image: Image.Image
    words: tuple[tuple[str, bool, tuple[int, int, int, int]], ...]  # text, is PHI, its rendered box


def text_page(dpi: int = 300, *, size: tuple[float, float] = (8.5, 11.0), font_pt: int = 12,
              repeat: int = 1) -> TextPage:
    """A page at ``dpi`` with the synthetic note (``repeat`` times, down the page), each word's box known."""
    width, height = round(size[0] * dpi), round(size[1] * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=round(font_pt * dpi / 72))
    margin = dpi
    line_height = round(font_pt * dpi / 72 * 1.8)
    words: list[tuple[str, bool, tuple[int, int, int, int]]] = []
    for row, line in enumerate(_LINES * repeat):
        x, y = margin, margin + row * line_height
        for text, phi in line:
            left, top, right, bottom = draw.textbbox((x, y), text, font=font)
            draw.text((x, y), text, fill=0, font=font)
            words.append((text, phi, (left, top, right, bottom)))
            x = right + round(font_pt * dpi / 72 * 0.6)
    return TextPage(page, tuple(words))


def synthetic_dicom(*, burned_in: bool = True, text: tuple[str, ...] = ("Marisol Quenby", "MRN 88412097"),
                    monochrome1: bool = False, frames: int = 1) -> bytes:
    """A CT-like 16-bit DICOM (invented patient) with its identifiers burned into the top-left corner."""
    import io as _io

    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.sequence import Sequence
    from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

    size = 512
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((120, 140, 400, 420), fill=90)  # the "body"
    font = ImageFont.load_default(size=22)
    for row, line in enumerate(text):
        draw.text((12, 10 + row * 30), line, fill=255, font=font)
    draw.text((300, 470), "CHEST AXIAL", fill=255, font=font)
    grey = np.asarray(canvas, dtype=np.uint16) * 16  # 12 bits used
    if monochrome1:
        grey = 4080 - grey
    pixels = np.stack([grey] * frames) if frames > 1 else grey
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = generate_uid(), generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "Quenby^Marisol", "88412097", "19580417", "F"
    ds.PatientAddress, ds.PatientTelephoneNumbers = "12 Larkspur Way, Pinehaven", "617-555-0148"
    ds.InstitutionName, ds.ReferringPhysicianName, ds.OperatorsName = "Pinehaven General", "Wrenfield^Tobias", "Op^X"
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.StudyDescription = "20251202", "101500", "A77310", "CT chest"
    ds.Modality, ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "CT", "4411", 1, 1
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = CTImageStorage, ds.SeriesInstanceUID
    ref.PersonName = "Quenby^Marisol"
    ds.ReferencedImageSequence = Sequence([ref])
    ds.add_new(0x00091001, "LO", "private vendor note about Marisol Quenby")
    ds.add_new(0x60003000, "OW", b"\x00" * 8)  # overlay data
    ds.BurnedInAnnotation = "YES" if burned_in else "NO"
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME1" if monochrome1 else "MONOCHROME2"
    ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = size, size, 16, 12, 11, 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = pixels.tobytes()
    out = _io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def memory_vault() -> Vault:
    """A vault over the shipped in-memory fakes (each warns once, as it must)."""
    import pytest

    with pytest.warns(FakeTestingWarning):
        store = InMemoryBlobStore()
    with pytest.warns(FakeTestingWarning):
        keys = InMemoryKeyManager()
    return Vault(store, keys)


def quarantined(vault: Vault, data: bytes, media_type: str, name: str = "d1") -> DocumentRecord:
    """A document of tenant t1 whose original ``data`` is sealed in quarantine, at the analyse stage."""
    vault.put(quarantine_key("t1", name), [data])
    return DocumentRecord(name, "t1", media_type, len(data), "0" * 64, DocumentState.EXTRACTING, "clean", (),
                          False, 0.0, 0.0)
