"""The HTTP edge under abuse, against a real ``phigate serve`` (issue 13 items 3 and 4):

- 100 wrong secrets for one client id, one after the other: how many were refused with 429;
- a legitimate caller's token latency alone, and while six bad clients send wrong secrets in parallel;
- audit events appended per second while one unauthenticated client sends forged signed PUTs;
- half-sent requests: the server's memory while 1,000 connections hold them, how many are still open after the
  header timeout (``edge.header_timeout_seconds``, 10 s by default), and whether the memory comes back.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def serve(data_dir: Path) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """``phigate serve`` on a free port; yields a client and the first-run admin credentials."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PHIGATE_PIPELINE__WORKERS": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "phigate", "serve", "--data-dir", str(data_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        cert, creds = data_dir / "tls" / "cert.pem", data_dir / "admin-credentials.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if cert.exists() and creds.exists():
                try:
                    ctx = ssl.create_default_context(cafile=str(cert))
                    if httpx.get(f"https://127.0.0.1:{port}/healthz", verify=ctx, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=ctx, timeout=60) as client:
            client.headers["x-bench-pid"] = str(proc.pid)
            yield client, json.loads(creds.read_text())
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _token(client: httpx.Client, cid: str, secret: str) -> httpx.Response:
    return client.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": cid,
                                                "client_secret": secret})


def _legit_latency(client: httpx.Client, admin: dict[str, str], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = _token(client, admin["client_id"], admin["client_secret"])
        times.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.text
    return statistics.median(times) * 1000


def _audit_events(data_dir: Path) -> int:
    with contextlib.closing(sqlite3.connect(data_dir / "phigate.audit.db")) as db:
        return int(db.execute("SELECT count(*) FROM audit_events").fetchone()[0])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _half_sent(client: httpx.Client, data_dir: Path, n: int) -> list[dict[str, object]]:
    pid = int(client.headers["x-bench-pid"])
    port = int(str(client.base_url).rstrip("/").rsplit(":", 1)[1])
    ctx = ssl.create_default_context(cafile=str(data_dir / "tls" / "cert.pem"))
    idle = _rss_mb(pid)
    held = []
    for _ in range(n):
        s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=30), server_hostname="127.0.0.1")
        s.sendall(b"POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
        held.append(s)
    time.sleep(2)
    peak = _rss_mb(pid)
    time.sleep(12)  # past the default header timeout
    still_open = 0
    for s in held:
        s.settimeout(0.01)
        try:
            still_open += 0 if s.recv(1) == b"" else 1
        except (TimeoutError, ssl.SSLWantReadError):
            still_open += 1
        except (OSError, ssl.SSLError):
            pass
        s.close()
    time.sleep(16)  # the server hands freed memory back every 15 s
    after = _rss_mb(pid)
    return [{"area": "edge", "name": "server RSS 30 s after the half-sent requests", "value": round(after, 1),
             "unit": "MB", "baseline": round(idle, 1), "ratio": round(after / idle, 2)},
            {"area": "edge", "name": f"server RSS: idle, then {n} half-sent requests", "value": round(peak, 1),
             "unit": "MB", "baseline": round(idle, 1)},
            {"area": "edge", "name": f"half-sent requests still open after 14 s (of {n})", "value": still_open,
             "unit": "connections", "target": "0"}]


def run(quick: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as (client, admin):
        codes = [_token(client, admin["client_id"], "wrong").status_code for _ in range(100)]
        rows.append({"area": "edge", "name": "100 wrong secrets, one client id: answered 429", "value": codes.count(429),
                     "unit": "of 100", "target": ">= 90"})
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as (client, admin):
        n = 5 if quick else 15
        alone = _legit_latency(client, admin, n)
        stop = threading.Event()

        def bad(i: int) -> None:
            ctx = ssl.create_default_context(cafile=str(Path(tmp) / "data" / "tls" / "cert.pem"))
            # the attackers come from another address than the legitimate caller (127.0.0.2 -> 127.0.0.1)
            transport = httpx.HTTPTransport(verify=ctx, local_address="127.0.0.2")
            with httpx.Client(base_url=client.base_url, transport=transport, timeout=60) as c:
                while not stop.is_set():
                    with contextlib.suppress(httpx.HTTPError):  # a dropped keep-alive: go on guessing
                        _token(c, f"svc_bad{i}", "wrong")

        threads = [threading.Thread(target=bad, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        time.sleep(1)
        loaded = _legit_latency(client, admin, n)
        stop.set()
        for t in threads:
            t.join()
        rows.append({"area": "edge", "name": "legit token latency, alone", "value": round(alone, 1), "unit": "ms"})
        rows.append({"area": "edge", "name": "legit token latency, 6 bad clients in parallel",
                     "value": round(loaded, 1), "unit": "ms", "baseline": round(alone, 1),
                     "ratio": round(loaded / alone, 2)})
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as (client, _):
        data_dir = Path(tmp) / "data"
        seconds = 3.0 if quick else 5.0
        before = _audit_events(data_dir)
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            client.put("/v1/put/up_0000?exp=9999999999&sig=forged", content=b"x")
        time.sleep(1.5)  # group commit
        rate = (_audit_events(data_dir) - before) / seconds
        rows.append({"area": "edge", "name": "audit events/s from one client's forged PUTs", "value": round(rate, 1),
                     "unit": "events/s", "target": "< 5"})
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as (client, _):
        rows += _half_sent(client, Path(tmp) / "data", 200 if quick else 1000)
    return rows


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
