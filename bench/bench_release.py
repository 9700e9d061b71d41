"""Release-workflow benchmarks on SQLite: webhook deliveries per second from the outbox to a local HTTP receiver
(enqueue + signed POST + bookkeeping) against the same number of bare httpx POSTs to that receiver, and the
purge job's time per infected document (vault delete + transition + audit)."""

from __future__ import annotations

import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from phigate import registry
from phigate.config import Settings
from phigate.models import DocumentRecord, DocumentState
from phigate.pipeline.receive import quarantine_key


class _Ok(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _documents(rt: registry.Runtime, n: int, state: DocumentState) -> list[str]:
    now = time.time() - 10
    ids = []
    for i in range(n):
        doc = DocumentRecord(f"bench_{state.value}_{i}", "t1", "text/plain", 5, "0" * 64, DocumentState.SCANNING,
                             None, (), False, now, now)
        with rt.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO documents (id, tenant, media_type, size, sha256, state, reasons, "
                                 "ai_consent, created_at, updated_at) VALUES (:i, 't1', 'text/plain', 5, :h, "
                                 "'scanning', '[]', false, :t, :t)"), {"i": doc.id, "h": doc.sha256, "t": now})
        rt.vault.put(quarantine_key("t1", doc.id), [b"bench"])
        rt.intake.records.transition(doc.id, DocumentState.SCANNING, state, "scan", verdict=state.value)
        ids.append(doc.id)
    return ids


def run(quick: bool) -> list[dict[str, object]]:
    n = 50 if quick else 300
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    rows: list[dict[str, object]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(data_dir=Path(tmp) / "data", server={"port": 9443},
                                     release={"infected_retention_seconds": 0})
            rt = registry.build(settings)
            registry.webhook_admin(settings, rt.engine, rt.keys).set("t1", url, "bench-secret-0123456789")
            _documents(rt, n, DocumentState.INFECTED)
            assert rt.webhooks is not None and rt.quarantine is not None
            t0 = time.perf_counter()
            while len([d for d in rt.webhooks.deliveries("t1") if d.status == "delivered"]) < n:
                rt.webhooks.run_once()
            outbox = n / (time.perf_counter() - t0)
            bare = []
            with httpx.Client() as client:
                for _ in range(3):
                    t0 = time.perf_counter()
                    for _ in range(n):
                        client.post(url, content=b"{}")
                    bare.append(n / (time.perf_counter() - t0))
            baseline = statistics.median(bare)
            rows.append({"area": "release", "name": f"webhook deliveries via outbox ({n})", "value": round(outbox, 1),
                         "unit": "deliveries/s", "baseline": round(baseline, 1),
                         "ratio": round(outbox / baseline, 3)})
            t0 = time.perf_counter()
            purged = rt.quarantine.purge_due()
            per = (time.perf_counter() - t0) / max(1, len(purged))
            rows.append({"area": "release", "name": f"purge infected document ({len(purged)})",
                         "value": round(per * 1000, 2), "unit": "ms/doc"})
            rt.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows
