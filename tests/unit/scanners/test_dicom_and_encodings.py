"""DICOM and non-UTF-8 text through the quarantine gate (via `phigate scan`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate.cli import app
from tests.unit.extractors.test_dicom import make_dicom

runner = CliRunner()


def scan(tmp_path: Path, data: bytes, media_type: str) -> dict[str, object]:
    path = tmp_path / "doc.bin"
    path.write_bytes(data)
    res = runner.invoke(app, ["scan", str(path), "--type", media_type, "--json", "--data-dir", str(tmp_path / "d")])
    result: dict[str, object] = json.loads(res.output.strip().splitlines()[-1])
    assert (res.exit_code == 0) == (result["verdict"] == "clean")
    return result


def codes(result: dict[str, object]) -> set[str]:
    return {r["code"] for r in result["reasons"]}  # type: ignore[attr-defined, index]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_text_in_the_encodings_clinical_systems_use_is_clean(tmp_path: Path, encoding: str) -> None:
    text = "Synthetic note: José Müller – seen “today”, temp 37.2 °C.\n"
    assert scan(tmp_path, text.encode(encoding), "text/plain")["verdict"] == "clean"


@pytest.mark.parametrize(("data", "code"), [
    (b"\xff\xfeA\x00\x00\xd8", "text.encoding"),  # UTF-16 BOM, then a lone surrogate
    (b"note \x81\x8d\x8f\x90\x9d", "text.encoding"),  # bytes Windows-1252 does not define
    (b"note\x00\x01\x02 binary", "text.encoding"),
])
def test_undecodable_or_binary_text_is_unscannable(tmp_path: Path, data: bytes, code: str) -> None:
    result = scan(tmp_path, data, "text/plain")
    assert result["verdict"] == "unscannable" and code in codes(result)


def test_fhir_json_must_still_be_utf8(tmp_path: Path) -> None:
    doc = '{"resourceType": "Patient", "name": [{"family": "Müller"}]}'.encode("utf-16")
    assert scan(tmp_path, doc, "application/fhir+json")["verdict"] != "clean"


def test_dicom_is_validated(tmp_path: Path) -> None:
    assert scan(tmp_path, make_dicom(), "application/dicom")["verdict"] == "clean"
    assert scan(tmp_path, make_dicom(pixels=True), "application/dicom")["verdict"] == "clean"


@pytest.mark.parametrize(("mutate", "verdict", "code"), [
    (lambda d: b"MZ" + d[2:], "infected", "polyglot"),  # CVE-2019-11687: an executable in the preamble
    (lambda d: b"PK\x03\x04" + d[4:], "infected", "polyglot"),  # and a ZIP
    (lambda d: b"junk" + d[4:], "unscannable", "dicom.preamble"),
    (lambda d: d[:140], "unscannable", "dicom.malformed"),  # truncated header
    (lambda d: d[:128] + b"DICX" + d[132:], "unscannable", "type_mismatch"),
])
def test_hostile_dicom(tmp_path: Path, mutate: object, verdict: str, code: str) -> None:
    result = scan(tmp_path, mutate(make_dicom()), "application/dicom")  # type: ignore[operator]
    assert result["verdict"] == verdict, result
    assert code in codes(result)


def test_a_dicom_declared_as_something_else(tmp_path: Path) -> None:
    assert scan(tmp_path, make_dicom(), "text/plain")["verdict"] != "clean"


def test_malformed_pdf_leaks_nothing_to_stderr(tmp_path: Path) -> None:
    """pypdf's own warnings quote raw bytes; none may reach the terminal or a log."""
    import os
    import subprocess
    import sys

    doc = tmp_path / "broken.pdf"
    doc.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 x y] "
                    b"/Note (Synthetic Quentin Marlowe 123-45-6789) >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    src = str(Path(__file__).parents[3] / "src")
    res = subprocess.run([sys.executable, "-m", "phigate", "scan", str(doc), "--json", "--data-dir",
                          str(tmp_path / "d")], capture_output=True, text=True, timeout=60, check=False,
                         env={**os.environ, "PYTHONPATH": src})
    assert "Marlowe" not in res.stderr and "123-45-6789" not in res.stderr
    assert "Marlowe" not in res.stdout
