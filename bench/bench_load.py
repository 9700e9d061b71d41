"""The load test and the scaling curve (issue 16, item 5), with locust headless, on a fixed, reproducible workload:
two API processes, then 1, 2 and 4 ``phigate worker`` processes (procrastinate on PostgreSQL, one job at a time
each), a fresh database per step. Each step:

1. a backlog of ``BACKLOG`` uploads with no worker running (so the workers never wait for work);
2. the workers start, and ``UPLOADS`` more uploads run while they process: uploads/s and the p50/p99 latency of a
   whole upload (create the session, PUT the bytes) with that many workers competing for the machine;
3. documents processed per minute: every document of the step, over the time from the first ``receive`` stage
   to the last terminal transition (read from ``document_transitions``).

The uploads are ``USERS`` locust users, each message a copy of ``examples/adt-a01.hl7`` made unique by its serial
number; the run stops after exactly that many uploads (``PHIGATE_LOAD_UPLOADS``), so every step does the same
work. Ratios are against one worker, measured in the same run. A 2-core machine caps the curve (API processes,
workers and PostgreSQL share it); docs/deployment.md has the paper estimate for 10 machines. Every wait is bounded
and fails with a message. ``--quick``: 30 + 30 uploads per step, else 100 + 100 (estimated at 6-10 minutes on an idle
2-core machine, not measured idle: the quick run took 19 minutes at load average 12-22).
Run: ``PYTHONPATH=src .venv/bin/python -m bench load``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from tests._fixtures import scaled as s
from tests._fixtures.services import create_pg_database, drop_pg_database

AREA = "load"
HERE = Path(__file__).resolve().parent
USERS = 8
STEPS = (1, 2, 4)
LOCUST_LIMIT = 600  # seconds: a locust run that has not done its uploads by then is cut short (and reported)
SETTLE_LIMIT = 900  # seconds: documents still in the pipeline after this fail the step
FINISHED = ("stored", "needs_review", "failed", "infected", "unscannable")


def _locust(scaled: s.Scaled, token: str, uploads: int, tag: str, prefix: Path) -> dict[str, float]:
    env = {**os.environ, "PHIGATE_LOAD_TOKEN": token, "PHIGATE_LOAD_CA": str(scaled.data_dir / "tls" / "cert.pem"),
           "PHIGATE_LOAD_HOSTS": ",".join(scaled.url(i) for i in range(len(scaled.api_ports))),
           "PHIGATE_LOAD_UPLOADS": str(uploads), "PHIGATE_LOAD_USERS": str(USERS), "PHIGATE_LOAD_TAG": tag,
           "PHIGATE_LOAD_RESULT": f"{prefix}.json"}
    try:
        subprocess.run([sys.executable, "-m", "locust", "-f", str(HERE / "_locustfile.py"), "--headless", "-u",
                        str(USERS), "-r", str(USERS), "-t", f"{LOCUST_LIMIT}s", "--only-summary",
                        "--loglevel", "ERROR"], env=env, capture_output=True,
                       timeout=LOCUST_LIMIT + 120, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"locust did not end within {LOCUST_LIMIT + 120} s ({tag})") from exc
    result = Path(f"{prefix}.json")
    if not result.exists():
        raise RuntimeError(f"locust wrote no result ({tag}): see its output with --loglevel INFO")
    figures: dict[str, float] = json.loads(result.read_text())
    if figures["count"] < uploads:
        raise RuntimeError(f"locust did {figures['count']:.0f} of {uploads} uploads within {LOCUST_LIMIT} s ({tag})")
    return figures


def _settle(engine: sa.Engine, workers: int) -> None:
    deadline = time.monotonic() + SETTLE_LIMIT
    while True:
        with engine.connect() as conn:
            left = conn.execute(sa.text("SELECT count(*) FROM documents WHERE state NOT IN :done")
                                .bindparams(sa.bindparam("done", expanding=True)), {"done": FINISHED}).scalar_one()
        if left == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{left} documents still in the pipeline {SETTLE_LIMIT} s after the uploads "
                               f"({workers} worker(s))")
        time.sleep(1.0)


def _step(workers: int, backlog: int, uploads: int, workdir: Path) -> dict[str, float]:
    name, url = create_pg_database("phigate_bench_load")
    try:
        up = s.start(workdir / f"data-{workers}", url, api=2, workers=0, threads=1, respawn=False,
                     env={"PHIGATE_PIPELINE__OCR": "false"})
        try:
            with up.client() as c:
                token = up.token(c)
            idle = _locust(up, token, backlog, f"backlog-{workers}", workdir / f"backlog-{workers}")
            up.add_workers(workers, threads=1)
            figures = _locust(up, token, uploads, f"load-{workers}", workdir / f"load-{workers}")
            engine = sa.create_engine(url)
            try:
                _settle(engine, workers)
                with engine.connect() as conn:
                    first, last, done, stored = conn.execute(sa.text(
                        "SELECT (SELECT min(at) FROM document_transitions WHERE stage = 'receive'),"
                        " (SELECT max(at) FROM document_transitions),"
                        " (SELECT count(*) FROM documents),"
                        " (SELECT count(*) FROM documents WHERE state = 'stored')")).one()
            finally:
                engine.dispose()
        finally:
            up.stop()
    finally:
        drop_pg_database(name)
    figures["idle_rps"] = idle["rps"]
    figures["failures"] += idle["failures"]
    figures["documents"], figures["stored"] = float(done), float(stored)
    figures["docs_per_min"] = float(done) / max(1e-6, float(last) - float(first)) * 60 if done else 0.0
    return figures


def _ratio(value: float, one: float) -> float | None:
    return value / one if one else None


def run(quick: bool) -> list[dict[str, object]]:
    backlog, uploads = (30, 30) if quick else (100, 100)
    rows: list[dict[str, object]] = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="phigate-load-") as tmp:
        steps = {w: _step(w, backlog, uploads, Path(tmp)) for w in STEPS}
    one = steps[1]
    for w, f in steps.items():
        rows += [
            {"area": AREA, "name": f"{w} worker(s): documents processed ({backlog + uploads} documents)",
             "value": f["docs_per_min"], "unit": "docs/min", "baseline": one["docs_per_min"],
             "ratio": _ratio(f["docs_per_min"], one["docs_per_min"])},
            {"area": AREA, "name": f"{w} worker(s): uploads/s while they run (2 API processes, {USERS} users, "
             f"{uploads} uploads)", "value": f["rps"], "unit": "uploads/s", "baseline": one["rps"],
             "ratio": _ratio(f["rps"], one["rps"])},
            {"area": AREA, "name": f"{w} worker(s): upload latency p50 / p99", "value": f"{f['p50']:.0f} / "
             f"{f['p99']:.0f}", "unit": "ms"},
            {"area": AREA, "name": f"{w} worker(s): failed uploads, documents not stored", "value":
             f"{f['failures']:.0f}, {f['documents'] - f['stored']:.0f}", "unit": "", "target": "0, 0",
             "ok": f["failures"] == 0 and f["documents"] == f["stored"] == backlog + uploads},
        ]
    idle_rps = sorted(f["idle_rps"] for f in steps.values())[len(steps) // 2]
    rows.append({"area": AREA, "name": f"uploads/s with no worker running (median of {len(steps)} backlogs)",
                 "value": idle_rps, "unit": "uploads/s"})
    rows.append({"area": AREA, "name": "load average (1 min) when the run started", "value": load, "unit": ""})
    return rows
