"""The schemathesis pass of ``tests/api/test_openapi_conformance.py`` against the multi-process set-up (issue 16,
item 6): two API processes that only defer jobs and a ``phigate worker`` running them (procrastinate on
PostgreSQL). It lives here, not in ``make test``: on a shared 2-core machine even a few examples per operation
against three processes take longer than the 90 s a CI step may spend on it. Reports whether schemathesis found
nothing (every check, every phase) and how long it took, against the single-process run of the same size
measured in the same run as the baseline. ``--quick``: 3 examples per operation, else 10."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests._fixtures import scaled as s
from tests._fixtures.conformance import run_schemathesis
from tests._fixtures.services import create_pg_database, drop_pg_database

from phigate.identity._accounts import SCOPES

AREA = "conformance"


def _round(workdir: Path, api: int, workers: int, examples: int) -> tuple[bool, float, str]:
    name, url = create_pg_database("phigate_bench_conformance")
    try:
        up = s.start(workdir / "data", url, api=api, workers=workers, threads=2, respawn=False,
                     env={"PHIGATE_PIPELINE__OCR": "false"})
        try:
            token = up.token_with(tuple(sorted(SCOPES)))
            metrics = (up.data_dir / "keys" / "metrics.token").read_text().strip()
            t0 = time.monotonic()
            result, _ = run_schemathesis(up.url(api - 1), token, metrics, up.data_dir / "tls" / "cert.pem", workdir,
                                         examples=examples, timeout=3600)
            return result.returncode == 0, time.monotonic() - t0, result.stdout[-600:]
        finally:
            up.stop()
    finally:
        drop_pg_database(name)


def run(quick: bool) -> list[dict[str, object]]:
    examples = 3 if quick else 10
    with tempfile.TemporaryDirectory(prefix="phigate-conf-") as tmp:
        scaled_ok, scaled_s, tail = _round(Path(tmp) / "scaled", 2, 1, examples)
    with tempfile.TemporaryDirectory(prefix="phigate-conf-") as tmp:
        single_ok, single_s, _ = _round(Path(tmp) / "single", 1, 1, examples)
    return [
        {"area": AREA, "name": f"schemathesis, 2 API processes + 1 worker ({examples} examples/operation)",
         "value": "nothing found" if scaled_ok else "FOUND", "unit": "" if scaled_ok else tail[-80:],
         "target": "nothing found", "ok": scaled_ok},
        {"area": AREA, "name": "its duration", "value": scaled_s, "unit": "s", "baseline": single_s,
         "ratio": scaled_s / single_s},
        {"area": AREA, "name": "schemathesis, 1 API process + 1 worker", "value": "nothing found" if single_ok
         else "FOUND", "unit": "", "target": "nothing found", "ok": single_ok},
    ]
