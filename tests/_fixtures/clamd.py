"""A real clamd (Debian clamav-daemon) with the project's test signature database, on a unix socket in a
temporary directory and a loopback TCP port, stopped by its PID when the session ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from phigate.backends.scanners.clamd_daemon import ClamdDaemon, start_clamd
from phigate.errors import ScannerUnavailable
from tests._fixtures.services import free_port

# Small enough that a test can exceed it cheaply; phigate's own clamd guard is configured to match.
CLAMD_STREAM_MAX = 8 * 1024 * 1024


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClamdDaemon]:
    try:
        daemon = start_clamd(tmp_path_factory.mktemp("clamd"), stream_max_bytes=CLAMD_STREAM_MAX,
                             tcp_port=free_port())
    except ScannerUnavailable as exc:
        pytest.fail(f"clamd could not start ({exc.diagnostics()}): run scripts/install-system-deps.sh")
    with daemon:
        yield daemon
