"""The chooser: media types map to extractors; unknown types are refused; the port is satisfied."""

from __future__ import annotations

import pytest

from phigate.backends.extractors import ExtractorChooser, normalise_media_type
from phigate.config import Settings
from phigate.errors import UnsupportedDocumentType
from phigate.models import ExtractionLimits
from phigate.ports import Extractor


@pytest.mark.parametrize(
    ("media_type", "name"),
    [
        ("application/pdf", "pdf"),
        ("TEXT/PLAIN; charset=utf-8", "text"),
        ("application/fhir+json", "fhir"),
        ("x-application/hl7-v2+er7", "hl7v2"),
        ("application/dicom", "dicom"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    ],
)
def test_media_types_choose_their_extractor(media_type: str, name: str) -> None:
    chooser = ExtractorChooser()
    extractor = chooser.for_media_type(media_type)
    assert extractor.name == name
    assert isinstance(extractor, Extractor)
    assert isinstance(chooser, Extractor)


@pytest.mark.parametrize("media_type", ["application/zip", "", "image/png", "application/x-msdownload"])
def test_unknown_types_and_images_without_ocr_are_refused(media_type: str) -> None:
    with pytest.raises(UnsupportedDocumentType):
        ExtractorChooser(ocr=None).extract(b"\x89PNG\r\n", media_type)


def test_normalise_media_type() -> None:
    assert normalise_media_type(" Application/PDF ; x=y") == "application/pdf"


def test_settings_section_gives_the_limits() -> None:
    assert Settings().extraction.limits() == ExtractionLimits()
    limits = Settings(extraction={"max_pages": 7, "ocr_dpi": 200}).extraction.limits()  # type: ignore[arg-type]
    assert (limits.max_pages, limits.ocr_dpi) == (7, 200)
