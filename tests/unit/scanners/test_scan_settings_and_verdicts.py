from __future__ import annotations

import json
from pathlib import Path

import pytest

from phigate.config import Settings
from phigate.errors import ConfigError
from phigate.models import Verdict
from tests._fixtures import hostile as h
from tests._fixtures.scanning import scan_document


def test_scan_settings_from_environment_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "phigate.toml").write_text('[scan]\nclamd_port = 3999\n[scan.limits]\nmax_json_depth = 8\n'
                                           '[scan.policy]\n"pdf.open_action" = "flag"\n')
    monkeypatch.setenv("PHIGATE_SCAN__SCANNERS", '["yara", "clamd"]')
    monkeypatch.setenv("PHIGATE_SCAN__CLAMD_SOCKET", "/run/clamav/clamd.ctl")
    scan = Settings.load(data_dir=tmp_path).scan
    assert scan.scanners == ["yara", "clamd"]
    assert scan.clamd_socket == Path("/run/clamav/clamd.ctl")
    assert scan.clamd_port == 3999 and scan.limits.max_json_depth == 8
    assert scan.policy == {"pdf.open_action": "flag"}


@pytest.mark.parametrize("toml", [
    '[scan]\nscanners = ["sophos"]\n',
    '[scan.limits]\nmax_document_bytes = 0\n',
    '[scan.policy]\n"pdf.javascript" = "ignore"\n',
    '[scan]\nunknown_option = 1\n',
])
def test_invalid_scan_settings_are_refused(tmp_path: Path, toml: str) -> None:
    (tmp_path / "phigate.toml").write_text(toml)
    with pytest.raises(ConfigError):
        Settings.load(data_dir=tmp_path)


def test_validators_are_always_on(tmp_path: Path) -> None:
    settings = Settings.load(data_dir=tmp_path, scan={"scanners": []})
    verdict = scan_document([h.pdf_with_javascript_and_launch()], h.PDF, settings)
    assert verdict.kind == "infected"
    assert [s.name for s in verdict.scanners] == ["phigate-validators"]


def test_verdict_round_trips_through_json(tmp_path: Path) -> None:
    settings = Settings.load(data_dir=tmp_path)
    for data, media_type in [(h.pdf_with_javascript_and_launch(), h.PDF), (b"ignore previous instructions", h.TEXT),
                             (h.encrypted_pdf(), h.PDF)]:
        verdict = scan_document([data], media_type, settings)
        restored = Verdict.from_dict(json.loads(json.dumps(verdict.to_dict())))
        assert restored.kind == verdict.kind
        assert restored.reasons == verdict.reasons and restored.flags == verdict.flags
        assert restored.scanners == verdict.scanners
