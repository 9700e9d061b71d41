"""The OpenAPI conformance pass against the multi-process set-up (issue 16, item 6), bounded for CI: two API
processes that only defer jobs and one ``phigate worker`` running them (procrastinate on PostgreSQL), schemathesis
(every check, every phase, the configuration of ``tests/api/test_openapi_conformance.py``) against the second
API process, on the operations whose state crosses processes: uploads (signed PUT sessions and tus), documents
(written by the worker, read through the API) and the quarantine workflow. It fails on any server error or
schema violation. The full pass (every operation, more examples) is ``python -m bench conformance``."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from phigate.identity._accounts import SCOPES
from tests._fixtures import scaled as s
from tests._fixtures.conformance import run_schemathesis

pytestmark = [pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("curl") is None or shutil.which("setsid") is None,
                                 reason="scale.sh needs curl and setsid")]
pytest.importorskip("procrastinate")

EXAMPLES = int(os.environ.get("PHIGATE_SCALED_SCHEMATHESIS_EXAMPLES", "4"))
OPERATIONS = r"^/v1/(uploads|tus|documents|quarantine)"
_LABEL = re.compile(r'"((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /v1/[^"\s]*)"')


@pytest.fixture
def scaled(tmp_path: Path, pg_url: str) -> Iterator[s.Scaled]:
    up = s.start(tmp_path / "data", pg_url, api=2, workers=1, threads=2, respawn=False,
                 env={"PHIGATE_PIPELINE__OCR": "false", "PHIGATE_SANDBOX__ENABLED": "false",
                      "PHIGATE_SERVER__KEEP_ALIVE_TIMEOUT": "120"})  # as in test_openapi_conformance.py
    try:
        yield up
    finally:
        up.stop()


def test_schemathesis_finds_nothing_against_two_api_processes_and_a_worker(scaled: s.Scaled,
                                                                            tmp_path: Path) -> None:
    token = scaled.token_with(tuple(sorted(SCOPES)))
    metrics = (scaled.data_dir / "keys" / "metrics.token").read_text().strip()
    t0 = time.monotonic()
    result, report = run_schemathesis(scaled.url(1), token, metrics, scaled.data_dir / "tls" / "cert.pem", tmp_path,
                                      examples=EXAMPLES, timeout=600,
                                      extra=("--include-path-regex", OPERATIONS, "--request-timeout", "30"))
    # schemathesis exits non-zero on any failure (a server error, a schema violation) or error
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    tested = _operations(report)
    print(f"schemathesis: {len(tested)} operations, {EXAMPLES} examples each, {time.monotonic() - t0:.0f} s")
    # the bound is real work, not an empty selection: each family of operations was called
    for family in ("/v1/uploads", "/v1/tus", "/v1/documents", "/v1/quarantine"):
        assert any(op.split(" ", 1)[1].startswith(family) for op in tested), (family, sorted(tested))


def _operations(report: Path) -> set[str]:
    """The operations schemathesis sent requests to (``METHOD /path``), from its ndjson report."""
    return set(_LABEL.findall(report.read_text()))
