"""Intake benchmarks: a large signed PUT over TLS against a body-discarding uvicorn baseline (same TLS
settings, same curl), the server's RSS growth, and 200 concurrent 100 KiB uploads (p50/p99)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

_DISCARD_APP = '''
import ssl, sys, uvicorn

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})

config = uvicorn.Config(app, host="127.0.0.1", port=int(sys.argv[1]), ssl_certfile=sys.argv[2],
                        ssl_keyfile=sys.argv[3], log_level="warning", access_log=False)
config.load()
config.ssl.minimum_version = ssl.TLSVersion.TLSv1_3
uvicorn.Server(config).run()
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kib(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    m = re.search(r"VmRSS:\s+(\d+)", text)
    return int(m.group(1)) if m else 0


def _wait_https(url: str, ctx: ssl.SSLContext, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            httpx.get(url, verify=ctx, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _curl_put(url: str, path: Path, cert: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-o", "/dev/null", "--cacert", str(cert), "-T", str(path), url],
                   check=True)
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict[str, object]]:
    size = (128 if quick else 1024) * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as tmp:
        work = Path(tmp)
        big = work / "big.pdf"
        with big.open("wb") as fh:  # a PDF header, then incompressible bytes
            fh.write(b"%PDF-1.7\n")
            left = size - 9
            while left:
                n = min(left, 8 << 20)
                fh.write(os.urandom(n))
                left -= n
        data_dir = work / "data"
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),  # one source sends every PUT here: no limit
               "PHIGATE_EDGE__ANONYMOUS_REQUESTS_PER_SOURCE": "1000000/minute"}
        out = work / "serve.out"
        with out.open("wb") as so:
            server = subprocess.Popen([sys.executable, "-m", "phigate", "serve", "--data-dir", str(data_dir),
                                       "--port", str(port)], stdout=so, stderr=subprocess.DEVNULL, env=env)
        try:
            cert = data_dir / "tls" / "cert.pem"
            base = f"https://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while not cert.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            ctx = ssl.create_default_context(cafile=str(cert))
            _wait_https(base + "/healthz", ctx, server)
            admin = json.loads((data_dir / "admin-credentials.json").read_text())  # the first run's 0600 file
            with httpx.Client(base_url=base, verify=ctx, timeout=600) as c:
                token = c.post("/v1/auth/token", data={"grant_type": "client_credentials",
                                                        "client_id": admin["client_id"],
                                                        "client_secret": admin["client_secret"]}).json()["access_token"]
                auth = {"Authorization": f"Bearer {token}"}

                def ticket(n: int) -> str:
                    r = c.post("/v1/uploads", json={"filename": "b.pdf", "media_type": "application/pdf",
                                                    "size": n}, headers=auth)
                    r.raise_for_status()
                    return str(r.json()["put_url"])

                rss0 = _rss_kib(server.pid)
                ours = []
                samples: list[int] = [rss0]
                stop = threading.Event()

                def sample() -> None:
                    while not stop.wait(0.05):
                        samples.append(_rss_kib(server.pid))

                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                for _ in range(1 if not quick else 2):
                    url = ticket(size)
                    ours.append(_curl_put(url, big, cert))
                stop.set()
                sampler.join()
                peak = max(samples)
                # 200 concurrent 100 KiB uploads from a real client
                small = b"%PDF-1.4\n" + os.urandom(100 * 1024 - 9)
                urls = [ticket(len(small)) for _ in range(200)]
            latencies = asyncio.run(_concurrent(urls, small, ctx))
        finally:
            server.terminate()
            server.wait(timeout=30)
        # the baseline: the same curl, the same TLS settings, a body-discarding uvicorn app
        app_file = work / "discard.py"
        app_file.write_text(_DISCARD_APP)
        bport = _free_port()
        baseline = subprocess.Popen([sys.executable, str(app_file), str(bport), str(cert),
                                     str(data_dir / "tls" / "key.pem")], stderr=subprocess.DEVNULL)
        try:
            _wait_https(f"https://127.0.0.1:{bport}/", ctx, baseline)
            base_times = [_curl_put(f"https://127.0.0.1:{bport}/x", big, cert) for _ in range(1 if not quick else 2)]
        finally:
            baseline.terminate()
            baseline.wait(timeout=30)
    mib = size / (1024 * 1024)
    ours_tp, base_tp = mib / statistics.median(ours), mib / statistics.median(base_times)
    growth = (peak - rss0) / 1024
    ok_200 = all(code == 201 for code, _ in latencies)
    lat = sorted(t for _, t in latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    return [
        {"area": "intake", "name": f"signed PUT {int(mib)} MiB over TLS 1.3 (curl)", "value": ours_tp,
         "unit": "MiB/s", "baseline": base_tp, "ratio": ours_tp / base_tp, "target": ">= 0.5",
         "ok": ours_tp / base_tp >= 0.5},
        {"area": "intake", "name": "server RSS growth during the large PUT", "value": growth, "unit": "MiB",
         "target": "< 100", "ok": growth < 100},
        {"area": "intake", "name": "200 concurrent 100 KiB PUTs: all 201", "value": sum(c == 201 for c, _ in latencies),
         "unit": "ok", "target": "200", "ok": ok_200},
        {"area": "intake", "name": "200 concurrent 100 KiB PUTs: p50 latency", "value": statistics.median(lat),
         "unit": "s"},
        {"area": "intake", "name": "200 concurrent 100 KiB PUTs: p99 latency", "value": p99, "unit": "s"},
    ]


async def _concurrent(urls: list[str], body: bytes, ctx: ssl.SSLContext) -> list[tuple[int, float]]:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(verify=ctx, timeout=300, limits=limits) as client:
        async def one(url: str) -> tuple[int, float]:
            t0 = time.perf_counter()
            r = await client.put(url, content=body)
            return r.status_code, time.perf_counter() - t0

        return list(await asyncio.gather(*(one(u) for u in urls)))
