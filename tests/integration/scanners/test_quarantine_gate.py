"""The whole gate (validators + YARA + a real clamd) over issue 4's hostile corpus, through ``scan_document``
and through ``phigate scan``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate.backends.scanners import CompositeScanner
from phigate.backends.scanners.clamd_daemon import ClamdDaemon
from phigate.cli import app
from phigate.config import ScanLimits, ScanSettings
from phigate.errors import ScannerUnavailable
from tests._fixtures import hostile as h
from tests._fixtures.clamd import CLAMD_STREAM_MAX
from tests._fixtures.scanning import build_gate, scan_document

pytestmark = pytest.mark.clamd
CORPUS = h.hostile_corpus()
_SUFFIX = {h.PDF: ".pdf", h.ZIP: ".zip", h.DOCX: ".docx", h.PNG: ".png", h.TIFF: ".tiff", h.JSON: ".json",
           h.TEXT: ".txt"}


@pytest.fixture(scope="module")
def settings(clamd: ClamdDaemon) -> ScanSettings:
    return ScanSettings(scanners=["yara", "clamd"], clamd_socket=clamd.socket_path,
                        clamd_max_stream_bytes=CLAMD_STREAM_MAX)


@pytest.fixture(scope="module")
def gate(settings: ScanSettings) -> CompositeScanner:
    return build_gate(settings)


@pytest.mark.parametrize(("sample", "expected", "any_of"), CORPUS, ids=[s.name for s, _, _ in CORPUS])
def test_hostile_corpus(gate: CompositeScanner, settings: ScanSettings, sample: h.Sample, expected: str,
                        any_of: set[str]) -> None:
    verdict = scan_document([sample.data], sample.media_type, settings, gate=gate)
    assert verdict.kind == expected
    assert any_of & {r.code for r in verdict.reasons}
    ran = [s.name for s in verdict.scanners]
    # every scanner ran unless an earlier one already settled the verdict as infected
    assert ran == ["phigate-validators", "yara", "clamd"] or (expected == "infected" and ran[0] == "phigate-validators")


def test_eicar_is_found_by_clamd_itself(clamd: ClamdDaemon) -> None:
    settings = ScanSettings(scanners=["clamd"], clamd_socket=clamd.socket_path)
    for data, media_type in [(h.eicar(), h.TEXT), (h.zip_of({"e.com": h.eicar()}), h.ZIP)]:
        verdict = scan_document([data], media_type, settings)
        assert {(r.scanner, r.code) for r in verdict.reasons} == {("clamd", "malware.signature")}


def test_a_policy_that_flags_nested_archives_still_gets_a_bounded_clamd_verdict(settings: ScanSettings) -> None:
    lenient = settings.model_copy(update={"policy": {"zip.nested_archive": "flag"}})
    verdict = scan_document([h.nested_bomb(levels=1)], h.ZIP, lenient)
    assert verdict.kind == "unscannable"
    assert [(r.scanner, r.code) for r in verdict.reasons] == [("clamd", "scanner.limit")]
    assert [r.code for r in verdict.flags] == ["zip.nested_archive"]


def test_file_over_the_scanner_size_limit_is_unscannable(gate: CompositeScanner, settings: ScanSettings) -> None:
    big = h.HL7_MESSAGE + b"OBX|1|TX|||" + b"x" * CLAMD_STREAM_MAX + b"\r"
    verdict = scan_document([big], h.HL7, settings, gate=gate)
    assert verdict.kind == "unscannable"
    assert ("clamd", "too_large") in {(r.scanner, r.code) for r in verdict.reasons}
    small_gate = settings.model_copy(update={"limits": ScanLimits(max_document_bytes=1 << 20)})
    assert [r.code for r in scan_document([big], h.HL7, small_gate).reasons] == ["too_large"]


@pytest.mark.parametrize(("data", "media_type"), [
    (h.text_pdf(10), h.PDF), (h.docx(), h.DOCX), (h.image("JPEG", (800, 600)), h.JPEG), (h.HL7_MESSAGE, h.HL7),
    (h.FHIR_PATIENT, h.FHIR),
])
def test_clean_documents_pass_every_scanner(gate: CompositeScanner, settings: ScanSettings, data: bytes,
                                            media_type: str) -> None:
    verdict = scan_document([data], media_type, settings, gate=gate)
    assert verdict.kind == "clean", verdict.reasons
    assert {s.name: s.version.split(" ")[0] for s in verdict.scanners}["clamd"] == "ClamAV"


def test_configured_clamd_that_is_down_refuses_to_build(tmp_path: Path) -> None:
    with pytest.raises(ScannerUnavailable):
        build_gate(ScanSettings(scanners=["clamd"], clamd_socket=tmp_path / "absent.sock"))


# --- phigate scan -------------------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for sample, _, _ in CORPUS:
        (root / (sample.name + _SUFFIX[sample.media_type])).write_bytes(sample.data)
    (root / "clean.pdf").write_bytes(h.text_pdf(2))
    (root / "clean.txt").write_bytes(b"Synthetic note.\n")
    return root


def test_cli_json_lines_over_the_corpus(corpus_dir: Path, clamd: ClamdDaemon, tmp_path: Path) -> None:
    files = sorted(corpus_dir.iterdir())
    result = runner.invoke(app, ["scan", *map(str, files), "--json", "--clamd-socket", str(clamd.socket_path),
                                 "--data-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["path"] for row in rows] == [str(f) for f in files]
    verdicts = {Path(row["path"]).stem: row["verdict"] for row in rows}
    expected = {s.name: v for s, v, _ in CORPUS} | {"clean": "clean"}
    assert verdicts == expected
    for row in rows:
        assert {"path", "verdict", "reasons"} <= row.keys()
        assert all({"code", "detail", "scanner"} <= r.keys() for r in row["reasons"])
        if row["verdict"] != "infected":  # an infected verdict may be settled before clamd is asked
            assert "clamd" in [s["name"] for s in row["scanners"]]


def test_cli_exit_zero_only_when_all_clean(corpus_dir: Path, tmp_path: Path) -> None:
    clean = [str(corpus_dir / "clean.pdf"), str(corpus_dir / "clean.txt")]
    ok = runner.invoke(app, ["scan", *clean, "--data-dir", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert [line.split()[1] for line in ok.stdout.splitlines()] == ["clean", "clean"]
    bad = runner.invoke(app, ["scan", *clean, str(corpus_dir / "eicar-plain.txt"), "--data-dir", str(tmp_path)])
    assert bad.exit_code == 1
    assert "infected" in bad.stdout and "Phigate_EICAR_Test_File" in bad.stdout


def test_cli_declared_type_and_tenant_policy(tmp_path: Path) -> None:
    pdf = tmp_path / "note.bin"
    pdf.write_bytes(h.raw_pdf("/OpenAction 4 0 R", ("<< /S /GoTo /D [3 0 R /Fit] >>",)))
    (tmp_path / "phigate.toml").write_text('[scan.tenant_policies.clinic]\n"pdf.open_action" = "flag"\n')
    unknown = runner.invoke(app, ["scan", str(pdf), "--json", "--data-dir", str(tmp_path)])
    assert json.loads(unknown.stdout)["reasons"][0]["code"] == "type.unsupported"
    rejected = runner.invoke(app, ["scan", str(pdf), "--type", "application/pdf", "--data-dir", str(tmp_path)])
    assert rejected.exit_code == 1
    allowed = runner.invoke(app, ["scan", str(pdf), "--type", "application/pdf", "--tenant", "clinic", "--json",
                                  "--data-dir", str(tmp_path)])
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)["flags"][0]["code"] == "pdf.open_action"


def test_cli_refuses_missing_files_and_down_clamd(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["scan", str(tmp_path / "absent.pdf"), "--data-dir", str(tmp_path)])
    assert missing.exit_code == 2
    present = tmp_path / "a.txt"
    present.write_bytes(b"x")
    down = runner.invoke(app, ["scan", str(present), "--clamd-socket", str(tmp_path / "no.sock"),
                               "--data-dir", str(tmp_path)])
    assert down.exit_code != 0
    assert isinstance(down.exception, ScannerUnavailable)
