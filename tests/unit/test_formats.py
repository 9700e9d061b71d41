"""One registry of formats: upload, ingest and ``phigate scan`` agree on every media type, its aliases and its
file extensions (``phigate ingest`` once typed ``.hl7`` files as a type the HTTP upload refused)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate import formats
from phigate.backends.extractors import ExtractorChooser
from phigate.cli import app
from phigate.errors import UnsupportedMediaType
from tests._fixtures.pipeline import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_every_suffix_of_an_uploadable_format_names_a_type_the_upload_accepts() -> None:
    for fmt in formats.FORMATS:
        assert fmt.suffixes, fmt
        for suffix in fmt.suffixes:
            declared = formats.of_path(Path(f"x{suffix.upper()}"))
            assert declared == fmt.media_type
            if fmt.upload:
                assert formats.for_upload(declared) is fmt
            else:
                with pytest.raises(UnsupportedMediaType):
                    formats.for_upload(declared)


def test_the_pipeline_extracts_every_uploadable_format() -> None:
    chooser = ExtractorChooser.with_tesseract()
    for media_type in formats.UPLOADABLE:
        assert media_type in chooser.media_types, media_type


@pytest.mark.parametrize(("declared", "canonical"), [
    ("application/hl7-v2", formats.HL7V2), ("APPLICATION/X-HL7 ; charset=utf-8", formats.HL7V2),
    (" Text/Plain;charset=utf-8", "text/plain"), ("application/fhir+json", formats.FHIR_JSON),
])
def test_aliases_and_parameters_normalise_to_the_canonical_type(declared: str, canonical: str) -> None:
    assert formats.for_upload(declared).media_type == canonical


@pytest.mark.parametrize("hostile", ["", ";", "application/zip", "text/csv", "application/x-msdownload",
                                     "text/plain\x00", "a" * 10_000, "../../etc/passwd", "text/*"])
def test_anything_else_is_refused_naming_what_is_accepted(hostile: str) -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        formats.for_upload(hostile)
    message = caught.value.diagnostics()
    assert "application/pdf" in message  # names what is accepted
    if len(hostile) > 8:
        assert hostile not in message  # and never echoes what was sent


def test_ingest_types_hl7_as_the_upload_does(tmp_path: Path) -> None:
    run = ingest(tmp_path / "data", EXAMPLES / "adt-a01.hl7")
    assert run.exit_code == 0, run.output
    (row,) = run.rows
    assert row["type"] == formats.HL7V2 and row["state"] == "stored"


def test_scan_declares_types_from_the_same_registry(tmp_path: Path) -> None:
    note = tmp_path / "note.MD"
    note.write_text("Seen today. Plain synthetic text.\n")
    res = CliRunner().invoke(app, ["scan", str(note), str(EXAMPLES / "adt-a01.hl7"), "--json"])
    assert res.exit_code == 0, res.output
    verdicts = [json.loads(line) for line in res.stdout.splitlines()]
    assert [v["verdict"] for v in verdicts] == ["clean", "clean"]
