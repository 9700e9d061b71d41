"""The OpenAPI document is true: a bounded schemathesis run (every check, every phase) against a real
``phigate serve`` (TLS 1.3, a token with every scope) finds no server error and no conformance failure.

What is configured, and why (nothing here switches a check off for the whole API):
- every check is on (schemathesis's default; ``--checks all`` would override the per-operation lines below);
- statuses the protocols prescribe count as rejections: 412 (tus 1.0.0: a missing or other ``Tus-Resumable``),
  413 (a declared size over the limit, or a tus body longer than the upload's declared length, which JSON
  Schema cannot relate), 410 (a terminated upload, an erased document: the stateful phase reaches them by
  deleting first);
- ``POST /v1/tus/`` is left out of ``positive_data_acceptance`` only: its ``Upload-Metadata`` header is a list
  of base64 pairs whose decoded ``filetype`` must be an accepted media type, which JSON Schema cannot say;
- ``PATCH /v1/tus/{upload_id}`` is left out of ``positive_data_acceptance`` in the coverage phase only: that
  phase fills the optional ``Upload-Checksum`` with ``0`` while it varies ``Upload-Offset``, ignoring the
  header's pattern (a generator limitation; the fuzzing and stateful phases check it);
- ``OPTIONS /v1/tus/{upload_id}`` is left out of ``use_after_free``: tus discovery gives the same answer on
  any upload URL, whether the upload exists or not (so it tells nothing about the upload);
- ``PUT /v1/put/{upload_id}`` is left out: its URL is signed by the server for one upload and works once, so no
  generated request can be valid (its own tests are in ``test_signed_put.py``);
- ``/metrics`` is called with the operator's metrics token, everything else with the access token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from phigate.identity._accounts import SCOPES
from tests._fixtures.server import IntakeServer, own_server

server = own_server("conformance")
EXAMPLES = int(os.environ.get("PHIGATE_SCHEMATHESIS_EXAMPLES", "30"))

CONFIG = """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 422, 428, 429]

[checks.positive_data_acceptance]
expected-statuses = ["2xx", 401, 403, 404, 409, 410, 413, 429]

[checks.missing_required_header]
expected-statuses = [400, 401, 403, 406, 412, 415, 422]

[[operations]]
include-path = "/v1/tus/"
include-method = "POST"
checks.positive_data_acceptance.enabled = false

[[operations]]
include-path = "/v1/tus/{{upload_id}}"
include-method = "PATCH"
phases.coverage.checks.positive_data_acceptance.enabled = false

[[operations]]
include-path = "/v1/tus/{{upload_id}}"
include-method = "OPTIONS"
checks.use_after_free.enabled = false

[[operations]]
include-path = "/v1/put/{{upload_id}}"
enabled = false

[[operations]]
include-path = "/metrics"
headers = {{ Authorization = "Bearer {metrics}" }}
"""


@pytest.mark.slow
def test_schemathesis_finds_nothing(server: IntakeServer, tmp_path: Path) -> None:
    token = server.token("t1", tuple(sorted(SCOPES)), who="schemathesis")
    metrics = (server.data_dir / "keys" / "metrics.token").read_text().strip()
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(metrics=metrics))
    report = tmp_path / "report.ndjson"
    cli = Path(sys.executable).with_name("schemathesis")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [str(cli), "--config-file", str(config), "run", f"{server.base_url}/openapi.json",
         "-H", f"Authorization: Bearer {token}", "--tls-verify", str(server.cert), "--max-examples", str(EXAMPLES),
         "--workers", "1", "--seed", "13", "--generation-database", "none", "--no-color",
         "--report", "ndjson", "--report-ndjson-path", str(report)],
        capture_output=True, text=True, timeout=600, env=env, check=False, cwd=tmp_path)
    # schemathesis exits non-zero on any failure (a server error, a conformance failure) or error
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert report.exists()
