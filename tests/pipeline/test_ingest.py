"""``phigate ingest`` end to end through the CLI, with real Tesseract, YARA and the embedded defaults."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tests._fixtures import hostile
from tests._fixtures.extract import PdfPage, build_pdf, image_bytes, pdf_text, text_image
from tests._fixtures.pipeline import EXAMPLES, ingest

REQUIRED = {"path", "id", "state", "verdict", "phi", "findings", "reason"}
# synthetic names and values that appear in the examples (HL7, FHIR, DOCX, PDF): none may be on disk in the clear
KNOWN_PLAINTEXT = [b"Quintero", b"Natarajan", b"Elm Street", b"123-45-6789", b"MRN778899"]


@pytest.fixture(scope="module")
def examples_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    data = tmp_path_factory.mktemp("ingest") / "data"
    return data, ingest(data, EXAMPLES, workers=2)


def test_ingest_examples_end_to_end(examples_run: tuple[Path, object]) -> None:
    _, run = examples_run
    assert run.exit_code == 0, run.output  # type: ignore[attr-defined]
    rows = run.by_name()  # type: ignore[attr-defined]
    assert set(rows) >= {"referral-letter.pdf", "lab-report-scan.png", "discharge-summary.docx", "adt-a01.hl7",
                         "patient-bundle.fhir.json", "hidden-text.pdf"}
    for row in rows.values():
        assert set(row) >= REQUIRED
        assert row["verdict"] == "clean" and row["id"].startswith("doc_")
    for name in ("referral-letter.pdf", "lab-report-scan.png", "discharge-summary.docx", "adt-a01.hl7",
                 "patient-bundle.fhir.json"):
        assert rows[name]["state"] == "stored", rows[name]
        assert rows[name]["phi"].get("NAME", 0) >= 1, (name, rows[name]["phi"])
    assert rows["lab-report-scan.png"]["ocr_pages"] == 1  # real Tesseract
    assert rows["referral-letter.pdf"]["ocr_pages"] == 0
    assert rows["adt-a01.hl7"]["phi"].get("SSN") == 1
    hidden = rows["hidden-text.pdf"]
    assert hidden["state"] == "needs_review" and hidden["hidden_text"] >= 1
    assert any(f.startswith("hidden_text") for f in hidden["findings"]) and "hidden_text" in hidden["reason"]


def test_nothing_plaintext_under_the_data_dir(examples_run: tuple[Path, object]) -> None:
    data, run = examples_run
    assert run.exit_code == 0  # type: ignore[attr-defined]
    names = [os.path.basename(r["path"]).encode() for r in run.rows]  # type: ignore[attr-defined]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        blob = path.read_bytes()
        for needle in KNOWN_PLAINTEXT + names:
            assert needle not in blob, (path.relative_to(data), needle)
            assert needle.decode().encode("utf-16-le") not in blob, (path.relative_to(data), needle)
        assert b"%PDF-" not in blob and b"\x89PNG" not in blob and b"MSH|" not in blob, path


def test_table_output_and_flat_file_argument(tmp_path: Path) -> None:
    run = ingest(tmp_path / "data", EXAMPLES / "adt-a01.hl7", json_output=False, env={"COLUMNS": "240"})
    assert run.exit_code == 0, run.output
    assert "phigate ingest" in run.output and "stored" in run.output and "NAME:" in run.output


def _bad_inputs(root: Path) -> dict[str, tuple[bytes, set[str]]]:
    good = build_pdf([PdfPage(pdf_text(72, 700, "Seen by Dr Ana Ferreira on 03/04/2024."))])
    pages = [PdfPage(pdf_text(72, 700, f"Page {n} of the note for Mr Tomas Lindqvist.")) for n in range(3)]
    pages[1] = PdfPage(b"", raw_object=b"<< /Type /Page /Parent 2 0 R /Contents 999 0 R /MediaBox [0 0 x y] >>")
    corrupt_middle = build_pdf(pages)
    return {
        "eicar.txt": (hostile.eicar(), {"infected"}),
        "truncated.pdf": (good[: len(good) // 2], {"unscannable", "needs_review"}),
        "garbage.pdf": (b"%PDF-1.7\n" + os.urandom(4000), {"unscannable", "needs_review"}),
        "corrupt-middle.pdf": (corrupt_middle, {"stored", "needs_review", "unscannable"}),
        "windows-1252.txt": ("Patient: Zoë Brontë, seen 04/05/2023 — café.\n".encode("cp1252"), {"stored"}),
        "utf-16.txt": (codecs.BOM_UTF16_LE + "Patient: Hannah Okafor, DOB 02/03/1961.\n".encode("utf-16-le"),
                       {"stored"}),
        "wrong-delims.hl7": (b"MSH#^~\\&#A#B\rPID#1##X^Y\r", {"unscannable", "needs_review", "stored"}),
        "bomb.docx": (hostile.single_entry_bomb(8), {"unscannable", "infected"}),
        "pixels.png": (hostile.png_pixel_bomb(), {"unscannable", "infected"}),
        "nested.json": (hostile.nested_json(200), {"unscannable", "needs_review"}),
        "empty.txt": (b"", {None}),
        "ocr.tiff": (image_bytes([text_image(["Patient Ingrid Solberg"]), text_image(["MRN 4455"])], "TIFF"),
                     {"stored"}),
    }


def test_bad_inputs_each_get_a_reason_and_the_run_continues(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    cases = _bad_inputs(corpus)
    for name, (data, _) in cases.items():
        (corpus / name).write_bytes(data)
    run = ingest(tmp_path / "data", corpus, workers=2)
    assert run.exit_code == 1, run.output  # some failed
    rows = run.by_name()
    assert set(rows) == set(cases)
    for name, (_, states) in cases.items():
        row = rows[name]
        assert row["state"] in states, (name, row)
        if row["state"] not in {"stored"}:
            assert row["reason"], (name, row)
            assert not row["ok"] or row["state"] == "needs_review", (name, row)
    assert rows["eicar.txt"]["verdict"] == "infected"
    for name in ("windows-1252.txt", "utf-16.txt"):  # legacy encodings pass the gate and are decoded
        assert rows[name]["phi"].get("NAME") and rows[name]["phi"].get("DATE"), (name, rows[name])
    assert rows["ocr.tiff"]["ocr_pages"] == 2


@pytest.mark.parametrize("tenant", ["../etc", "", "a/b", "x" * 200])
def test_bad_tenant_is_refused_before_anything_runs(tmp_path: Path, tenant: str) -> None:
    from phigate.errors import InvalidKey

    with pytest.raises(InvalidKey):
        ingest(tmp_path / "data", EXAMPLES / "adt-a01.hl7", tenant=tenant)
    assert not any((tmp_path / "data").iterdir())  # the helper made the directory, phigate wrote nothing in it
