"""``/readyz`` asks every configured scanner: with clamd configured, readiness follows clamd's own answer to PING."""

from __future__ import annotations

from pathlib import Path

import pytest

from phigate import registry
from phigate.backends.scanners.clamd_daemon import start_clamd
from phigate.config import Settings
from tests._fixtures.clamd import CLAMD_STREAM_MAX

pytestmark = pytest.mark.clamd


def test_readiness_pings_clamd(tmp_path: Path) -> None:
    daemon = start_clamd(tmp_path / "clamd", stream_max_bytes=CLAMD_STREAM_MAX)
    with daemon:
        settings = Settings.load(data_dir=tmp_path / "data", scan={
            "scanners": ["yara", "clamd"], "clamd_socket": str(daemon.socket_path),
            "clamd_max_stream_bytes": CLAMD_STREAM_MAX}, pipeline={"ocr": False})
        rt = registry.build(settings)
        try:
            assert rt.readiness()["scanner"] == "ok"
            daemon.stop()
            checks = rt.readiness()
            assert checks["scanner"] == "scanner_unavailable"
            assert {k: v for k, v in checks.items() if k != "scanner"} == {
                "database": "ok", "key_manager": "ok", "blob_store": "ok", "audit": "ok"}
        finally:
            rt.close()


def test_the_default_gate_is_ready_without_clamd(tmp_path: Path) -> None:
    rt = registry.build(Settings.load(data_dir=tmp_path / "data"))
    try:
        assert rt.readiness()["scanner"] == "ok"  # the built-in validators and YARA answer in-process
    finally:
        rt.close()
