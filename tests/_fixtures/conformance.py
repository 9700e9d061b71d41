"""The bounded schemathesis run of the OpenAPI conformance tests (``tests/api/test_openapi_conformance.py``, whose
docstring says what is configured and why), against one ``phigate serve`` or the multi-process set-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def run_schemathesis(base_url: str, token: str, metrics: str, cert: Path, tmp_path: Path, *, examples: int,
                     timeout: float, extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run schemathesis (every check, the configured phases) against ``base_url``; the result and its report."""
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(metrics=metrics))
    report = tmp_path / "report.ndjson"
    cli = Path(sys.executable).with_name("schemathesis")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [str(cli), "--config-file", str(config), "run", f"{base_url}/openapi.json",
         "-H", f"Authorization: Bearer {token}", "--tls-verify", str(cert), "--max-examples", str(examples),
         "--workers", "1", "--seed", "13", "--generation-database", "none", "--no-color",
         "--report", "ndjson", "--report-ndjson-path", str(report), *extra],
        capture_output=True, text=True, timeout=timeout, env=env, check=False, cwd=tmp_path)
    return result, report
