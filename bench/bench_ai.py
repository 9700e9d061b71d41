"""The AI gateway: what phigate adds to a model call, measured against the same call sent straight to the same
local OpenAI-compatible upstream in the same run (so the upstream's own time cancels out).

- overhead of a chat call with a 4 KB prompt and two injected documents (p50, p99), with the PHI engine over
  the answer (the default) and without it (``ai.scrub_engine = false``);
- added time to first token of a stream;
- 200 concurrent streams through phigate (errors must be 0);
- the output scrub of a 2 KB answer (p99);
- where a call's time goes inside phigate, phase by phase (medians of the ``Server-Timing`` header that the
  ``ai.timing`` debug setting adds), plus what the upstream took through phigate beyond the upstream alone, and
  what the client saw beyond phigate's phases (the HTTP server, middleware, the connection);
- the injection scan on a labelled set (tests/vectors/injection.py): recall and false-positive rate per sentence
  against the same cues counted over the whole text.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from tests._fixtures.ai import Gateway, running_gateway
from tests._fixtures.services import free_port, wait_for
from tests.vectors.injection import labelled
from tests.vectors.phi.corpus import generate

from phigate.ai.injection import InjectionScanner, evaluate
from phigate.ai.surrogates import SurrogateSet
from phigate.phi import DeidContext, deidentify_linked

AREA = "ai"


def _texts(n: int, size: int, seed: int) -> list[str]:
    out, text = [], ""
    for d in generate(60, seed=seed, part="test"):
        text += d.text + "\n"
        if len(text) >= size:
            out.append(text[:size])
            text = ""
            if len(out) == n:
                break
    return out


# the caller's own 4 KB: a question and clinical background, no identifiers (documents carry those)
PROMPT = ("Summarise the two referenced notes for the handover, listing active problems, medications with doses, "
          "pending results and the follow-up plan. ") + ("Background: community-acquired pneumonia treated with "
                                                         "ceftriaxone and azithromycin, improving; creatinine "
                                                         "stable; tolerating diet; ambulating with assistance. ") * 22


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _body(docs: list[str], stream: bool = False) -> dict[str, Any]:
    return {"model": "clinical", "stream": stream, "messages": [{"role": "user", "content": PROMPT[:4096]}],
            "phigate": {"purpose": "treatment", "documents": docs, "patient_ref": "bench-1"}}


@functools.cache
def _documents_text() -> str:
    return "\n\n".join(_texts(2, 2048, 3))


def _direct_body(stream: bool = False) -> dict[str, Any]:
    """What the upstream receives from phigate, about: the prompt and two documents' worth of text."""
    return {"model": "up-clinical", "stream": stream, "messages": [
        {"role": "system", "content": _documents_text()}, {"role": "user", "content": PROMPT[:4096]}]}


def _post(client: httpx.Client, url: str, body: dict[str, Any], headers: dict[str, str],
          phases: dict[str, list[float]] | None = None) -> float:
    """One call's latency (s); its ``Server-Timing`` phases (ms) added to ``phases``."""
    t0 = time.perf_counter()
    r = client.post(url, json=body, headers=headers)
    took = time.perf_counter() - t0
    assert r.status_code == 200, r.text
    if phases is not None:
        for name, ms in _server_timing(r.headers.get("server-timing", "")):
            phases[name].append(ms)
    return took


def _server_timing(value: str) -> list[tuple[str, float]]:
    out = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        name, _, dur = part.partition(";dur=")
        out.append((name, float(dur)))
    return out


def _overhead(gw: Gateway, docs: list[str], n: int) -> dict[str, Any]:
    token = gw.token(scopes=("ai:invoke", "documents:read_phi"))
    auth = {"Authorization": f"Bearer {token}"}
    via_url, direct_url = f"{gw.base_url}/chat/completions", f"{gw.upstream.base_url}/chat/completions"
    phases: dict[str, list[float]] = collections.defaultdict(list)
    with httpx.Client(timeout=60) as client:
        for _ in range(5):  # warm both paths (connections, caches, the PHI engine's tables)
            _post(client, via_url, _body(docs), auth)
            _post(client, direct_url, _direct_body(), {})
        via, direct = [], []
        for _ in range(n):  # interleaved, so load on the shared machine hits both alike
            via.append(_post(client, via_url, _body(docs), auth, phases))
            direct.append(_post(client, direct_url, _direct_body(), {}))
    base = statistics.median(direct)
    over = [v - base for v in via]
    medians = {name: statistics.median(ms) for name, ms in phases.items()}
    if "total" in medians:  # overhead = (phases but the upstream) + (upstream via phigate - alone) + outside
        medians["upstream less the upstream alone"] = medians.get("upstream", 0.0) - base * 1000
        medians["outside the route (HTTP server, middleware)"] = statistics.median(via) * 1000 - medians["total"]
    return {"p50": _percentile(over, 50) * 1000, "p99": _percentile(over, 99) * 1000, "direct": base * 1000,
            "phases": medians}


async def _ttft(url: str, body: dict[str, Any], headers: dict[str, str],
                phases: dict[str, list[float]] | None = None) -> float:
    async with httpx.AsyncClient(timeout=60) as client:
        t0 = time.perf_counter()
        async with client.stream("POST", url, json=body, headers=headers) as r:
            if phases is not None:
                for name, ms in _server_timing(r.headers.get("server-timing", "")):
                    phases[name].append(ms)
            async for line in r.aiter_lines():
                if line.startswith("data:") and '"content":"' in line.replace(" ", "") and \
                        '"content":""' not in line.replace(" ", ""):
                    return time.perf_counter() - t0
    raise AssertionError("no content arrived")


def _stream_figures(gw: Gateway, docs: list[str], n: int, concurrent: int) -> dict[str, float]:
    token = gw.token(scopes=("ai:invoke",))
    auth = {"Authorization": f"Bearer {token}"}
    phases: dict[str, list[float]] = collections.defaultdict(list)
    via = [asyncio.run(_ttft(f"{gw.base_url}/chat/completions", _body(docs, True), auth, phases))
           for _ in range(n)]
    direct = [asyncio.run(_ttft(f"{gw.upstream.base_url}/chat/completions", _direct_body(True), {}))
              for _ in range(n)]

    async def one(client: httpx.AsyncClient) -> bool:
        try:
            async with client.stream("POST", f"{gw.base_url}/chat/completions", json=_body(docs, True),
                                     headers=auth) as r:
                lines = [line async for line in r.aiter_lines() if line.startswith("data:")]
            return r.status_code == 200 and lines[-1] == "data: [DONE]" and not any('"error"' in x for x in lines)
        except httpx.HTTPError:
            return False

    async def many() -> tuple[int, float]:
        limits = httpx.Limits(max_connections=concurrent)
        async with httpx.AsyncClient(timeout=120, limits=limits) as client:
            t0 = time.perf_counter()
            results = await asyncio.gather(*(one(client) for _ in range(concurrent)))
            return sum(1 for ok in results if not ok), time.perf_counter() - t0

    errors, wall = asyncio.run(many())
    return {"ttft_added": (statistics.median(via) - statistics.median(direct)) * 1000,
            "before_stream": statistics.median(phases["total"]) if phases["total"] else None,
            "ttft_direct": statistics.median(direct) * 1000, "errors": errors, "wall": wall}


def _scrub_p99(n: int) -> float:
    texts = _texts(3, 2048, 11)
    context = DeidContext(tenant="t1", patient_ref="bench", secret=b"k" * 32)
    linkages = [deidentify_linked(t, "surrogate", context)[1] for t in texts[:2]]
    surrogates = SurrogateSet.of(linkages)
    scrub = surrogates.output_scrub(reveal=True)
    answer = deidentify_linked(texts[2], "surrogate", context)[0].text[:2048]
    scrub.scrub(answer)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        scrub.scrub(answer)
        times.append(time.perf_counter() - t0)
    return _percentile(times, 99) * 1000


@contextlib.contextmanager
def _upstream_process() -> Iterator[int]:
    """The model server in its own process, on a free port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bench._ai_upstream", str(port)],
                            cwd=Path(__file__).resolve().parents[1])
    try:
        wait_for(lambda: _answers(port), timeout=180, what="the bench's model server")
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def _answers(port: int) -> bool:
    try:
        return httpx.post(f"http://127.0.0.1:{port}/v1/embeddings", json={"model": "m", "input": "x"}).is_success
    except httpx.HTTPError:
        return False


def _gateway_rows(quick: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    n = 30 if quick else 200
    for engine in (True, False):
        with tempfile.TemporaryDirectory() as tmp, _upstream_process() as port, running_gateway(
                Path(tmp) / "data", scrub_engine=engine, timing=True, requests_per_minute=100_000,
                tenant_requests_per_minute=100_000, tokens_per_minute=10**9, tenant_tokens_per_minute=10**9) as gw:
            gw.upstream.port = port  # the model goes to the server in its own process
            gw.add_model()
            docs = [gw.upload(t.encode()) for t in _texts(2, 2048, 3)]
            o = _overhead(gw, docs, n)
            label = "engine on answers" if engine else "no engine on answers"
            rows += [
                {"area": AREA, "name": f"chat overhead p50, 4 KB + 2 docs ({label})", "value": o["p50"],
                 "unit": "ms", "baseline": o["direct"], "target": "< 5 ms", "ok": o["p50"] < 5},
                {"area": AREA, "name": f"chat overhead p99, 4 KB + 2 docs ({label})", "value": o["p99"],
                 "unit": "ms", "baseline": o["direct"], "target": "< 20 ms", "ok": o["p99"] < 20}]
            if engine:
                rows += [{"area": AREA, "name": f"  phase {name} (median)", "value": ms, "unit": "ms"}
                         for name, ms in o["phases"].items()]
            if engine:
                s = _stream_figures(gw, docs, 10 if quick else 40, 200)
                rows += [
                    {"area": AREA, "name": "stream: added time to first token", "value": s["ttft_added"],
                     "unit": "ms", "baseline": s["ttft_direct"], "target": "< 10 ms", "ok": s["ttft_added"] < 10},
                    {"area": AREA, "name": "  stream: phigate's phases up to the upstream's first chunk (median)",
                     "value": s["before_stream"], "unit": "ms"},
                    {"area": AREA, "name": f"200 concurrent streams: errors (in {s['wall']:.1f} s)",
                     "value": s["errors"], "unit": "errors", "target": "0", "ok": s["errors"] == 0}]
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    rows = [{"area": AREA, "name": "machine load at start (1 min)", "value": os.getloadavg()[0], "unit": "load avg"},
            *_gateway_rows(quick)]
    p99 = _scrub_p99(50 if quick else 300)
    rows.append({"area": AREA, "name": "output scrub of a 2 KB answer p99 (engine on)", "value": p99, "unit": "ms",
                 "target": "< 50 ms", "ok": p99 < 50})
    figures = evaluate(InjectionScanner(), [(t, y) for t, y, _ in labelled()])
    for name, ours, base in (("recall", "recall", "baseline_recall"), ("false-positive rate", "fpr", "baseline_fpr")):
        rows.append({"area": AREA, "name": f"injection {name}: per sentence (baseline: whole text)",
                     "value": figures[ours], "unit": "", "baseline": figures[base],
                     "ratio": figures[ours] / figures[base] if figures[base] else None})
    return rows


if __name__ == "__main__":
    print(json.dumps(run(quick=True), indent=2))
