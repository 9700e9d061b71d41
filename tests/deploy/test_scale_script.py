"""``scripts/scale.sh`` starts N API processes and M ``phigate worker`` processes on one machine against one
PostgreSQL, each reports healthy (an API's ``/healthz``, a worker's health file), ``--respawn`` restarts a process
that was killed, and ``stop`` ends every one of them (by PID, with the process groups of their sandboxes)."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._fixtures.services import free_port

ROOT = Path(__file__).resolve().parents[2]
SCALE = ROOT / "scripts" / "scale.sh"

pytestmark = [pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("curl") is None or shutil.which("setsid") is None,
                                 reason="scale.sh needs curl and setsid")]


def _scale(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    return subprocess.run(["bash", str(SCALE), *args], capture_output=True, text=True, timeout=timeout, env=env,
                          check=False)


def _healthz(port: int) -> int:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the self-signed dev certificate
    with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", context=context, timeout=10) as r:
        return int(r.status)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "data"
    yield d
    _scale("stop", "--data-dir", str(d))  # whatever happened, nothing is left running


def test_two_api_processes_and_a_worker_answer_and_stop(data_dir: Path, pg_url: str) -> None:
    base = free_port(2)  # scale.sh serves on base and base + 1
    started = _scale("start", "--data-dir", str(data_dir), "--database-url", pg_url, "--api", "2",
                     "--workers", "1", "--base-port", str(base))
    assert started.returncode == 0, started.stderr + started.stdout
    assert started.stdout.count("healthy") == 3
    assert _healthz(base) == 200 and _healthz(base + 1) == 200  # two API processes
    assert (data_dir / "run" / "worker-0.alive").exists()  # the worker touches its health file
    pids = [int(p.read_text()) for p in sorted((data_dir / "run").glob("*.pid"))]
    assert len(pids) == 3 and all(_alive(p) for p in pids)

    stopped = _scale("stop", "--data-dir", str(data_dir))
    assert stopped.returncode == 0, stopped.stderr
    assert not any(_alive(p) for p in pids)
    assert not list((data_dir / "run").glob("*.pid"))
    assert "nothing started" in _scale("status", "--data-dir", str(data_dir)).stdout


def test_respawn_restarts_a_killed_worker(data_dir: Path, pg_url: str) -> None:
    started = _scale("start", "--data-dir", str(data_dir), "--database-url", pg_url, "--api", "1",
                     "--workers", "1", "--base-port", str(free_port()), "--respawn")
    assert started.returncode == 0, started.stderr + started.stdout
    child = data_dir / "run" / "worker-0.child"
    first = int(child.read_text())
    os.kill(first, 9)
    deadline = time.monotonic() + 60
    while int(child.read_text()) == first or not _alive(int(child.read_text())):
        assert time.monotonic() < deadline, "the worker was not restarted"
        time.sleep(0.2)
    assert "healthy" in _scale("status", "--data-dir", str(data_dir)).stdout


def test_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    refused = _scale("start", "--data-dir", str(tmp_path / "data"), "--api", "2")
    assert refused.returncode == 2 and "PostgreSQL" in refused.stderr
