"""The load test (issue 16, item 5), with locust headless: uploads per second through two API processes and
documents processed per minute by 1, 2 and 4 ``phigate worker`` processes (procrastinate on PostgreSQL, one job at
a time each), the scaling curve as a ratio to one worker, and the p50/p99 latency of a whole upload (create the
session, PUT the bytes). Documents per minute: the documents the locust run acknowledged, over the time from the
first upload to the last one stored (the workers start with the load, so this is the sustained rate with both
running). A 2-core machine shared with other work caps the curve: docs/deployment.md has the paper estimate
for 10 machines. ``--quick``: a 10 s run per step."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from tests._fixtures import scaled as s
from tests._fixtures.services import create_pg_database, drop_pg_database, free_port

AREA = "load"
HERE = Path(__file__).resolve().parent
USERS = 8


def _locust(scaled: s.Scaled, token: str, seconds: int, prefix: Path) -> dict[str, float]:
    env = {**os.environ, "PHIGATE_LOAD_TOKEN": token, "PHIGATE_LOAD_CA": str(scaled.data_dir / "tls" / "cert.pem"),
           "PHIGATE_LOAD_HOSTS": ",".join(scaled.url(i) for i in range(len(scaled.api_ports)))}
    subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "_locustfile.py"), "--headless", "-u",
                    str(USERS), "-r", str(USERS), "-t", f"{seconds}s", "--csv", str(prefix), "--only-summary",
                    "--loglevel", "ERROR"], env=env, capture_output=True, timeout=seconds + 120, check=False)
    with open(f"{prefix}_stats.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "upload")
    return {"count": float(row["Request Count"]), "failures": float(row["Failure Count"]),
            "rps": float(row["Requests/s"]), "p50": float(row["50%"]), "p99": float(row["99%"])}


def _step(workers: int, seconds: int, workdir: Path) -> dict[str, float]:
    name, url = create_pg_database("phigate_bench_load")
    try:
        up = s.start(workdir / f"data-{workers}", url, api=2, workers=workers, threads=1, respawn=False,
                     env={"PHIGATE_PIPELINE__OCR": "false"}, base_port=free_port())
        try:
            with up.client() as c:
                token = up.token(c)
            figures = _locust(up, token, seconds, workdir / f"locust-{workers}")
            engine = sa.create_engine(url)
            try:
                deadline = time.monotonic() + 900
                while time.monotonic() < deadline:
                    with engine.connect() as conn:
                        left = conn.execute(sa.text(
                            "SELECT count(*) FROM documents WHERE state NOT IN ('stored', 'needs_review', 'failed',"
                            " 'infected', 'unscannable')")).scalar_one()
                    if left == 0:
                        break
                    time.sleep(1.0)
                with engine.connect() as conn:
                    first, last, stored = conn.execute(sa.text(
                        "SELECT (SELECT min(at) FROM document_transitions WHERE stage = 'upload'),"
                        " (SELECT max(at) FROM document_transitions WHERE stage = 'store'),"
                        " (SELECT count(*) FROM documents WHERE state = 'stored')")).one()
            finally:
                engine.dispose()
        finally:
            up.stop()
    finally:
        drop_pg_database(name)
    figures["docs_per_min"] = float(stored) / max(1e-6, float(last) - float(first)) * 60 if stored else 0.0
    return figures


def run(quick: bool) -> list[dict[str, object]]:
    seconds = 10 if quick else 45
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="phigate-load-") as tmp:
        steps = {w: _step(w, seconds, Path(tmp)) for w in (1, 2, 4)}
    one = steps[1]
    for w, f in steps.items():
        rows += [
            {"area": AREA, "name": f"{w} worker(s): uploads/s (2 API processes, {USERS} users)", "value": f["rps"],
             "unit": "uploads/s", "baseline": one["rps"], "ratio": f["rps"] / one["rps"] if one["rps"] else None},
            {"area": AREA, "name": f"{w} worker(s): documents processed", "value": f["docs_per_min"],
             "unit": "docs/min", "baseline": one["docs_per_min"],
             "ratio": f["docs_per_min"] / one["docs_per_min"] if one["docs_per_min"] else None},
            {"area": AREA, "name": f"{w} worker(s): upload latency p50 / p99", "value": f"{f['p50']:.0f} / "
             f"{f['p99']:.0f}", "unit": "ms"},
            {"area": AREA, "name": f"{w} worker(s): failed uploads", "value": int(f["failures"]), "unit": "",
             "target": "0", "ok": f["failures"] == 0},
        ]
    return rows
