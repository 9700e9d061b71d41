"""Every format the pipeline extracts, through ``phigate ingest`` with real Tesseract (OCR kept to two pages):
the formats not in ``examples/`` (a scanned PDF, JPEG, plain text, DICOM)."""

from __future__ import annotations

from pathlib import Path

from tests._fixtures.extract import PdfPage, build_pdf, image_bytes, pdf_text, text_image
from tests._fixtures.pipeline import ingest
from tests.unit.extractors.test_dicom import make_dicom


def test_more_formats_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    scan = text_image(["Discharge note for Ingrid Solberg", "Seen on 03/04/2024 by Dr Paul Okafor"])
    (src / "scanned.pdf").write_bytes(build_pdf([
        PdfPage(pdf_text(72, 700, "Typed page for Mr Tomas Lindqvist, phone (555) 201-3344.")),
        PdfPage(b"q 595 0 0 160 0 600 cm /Im0 Do Q", images=[scan]),
    ]))
    (src / "photo.jpg").write_bytes(image_bytes(text_image(["Patient Harriet Vance", "DOB 07/08/1950"]), "JPEG"))
    (src / "study.dcm").write_bytes(make_dicom())
    (src / "note.txt").write_bytes(b"Seen Mr Joaquin Ferreira today, MRN 5512034, call 217-555-0142.\n")
    run = ingest(tmp_path / "data", src)
    rows = run.by_name()
    assert run.exit_code == 0, run.output
    assert rows["study.dcm"]["phi"].get("NAME") and rows["study.dcm"]["phi"].get("DATE")  # header tags
    assert rows["scanned.pdf"]["pages"] == 2 and rows["scanned.pdf"]["ocr_pages"] == 1
    assert rows["photo.jpg"]["ocr_pages"] == 1
    for name, row in rows.items():
        assert row["state"] == "stored", (name, row)
        assert row["phi"], (name, row)
    assert rows["note.txt"]["phi"].get("PHONE") and rows["note.txt"]["phi"].get("NAME")
