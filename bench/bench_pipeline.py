"""Pipeline figures: a 20-page text PDF from ``clean`` to ``stored`` (ms per page, the PHI engine's own time
measured on the same text and taken out), and ``phigate ingest`` of 200 mixed example documents on every core
(documents per minute, peak memory of a worker process, and how busy the cores were)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_extract import _text_pdf
from phigate import registry
from phigate.config import Settings
from phigate.models import DocumentState
from phigate.phi import DeidContext, analyze, deidentify
from phigate.pipeline.runner import Runner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TARGET_MS_PER_PAGE = 40.0


def _clean_to_stored(work: Path, repeats: int) -> list[dict[str, object]]:
    rt = registry.build(Settings.load(data_dir=work / "data"))
    try:
        assert rt.pipeline is not None and rt.documents is not None
        scan, *after = rt.pipeline.stages
        pdf = _text_pdf(20)
        totals, phi_times = [], []
        for _ in range(repeats):
            rt.documents._pipeline = Runner(rt.intake.records, [scan])  # stop at clean
            doc = rt.documents.ingest("bench", [pdf], "application/pdf").record
            assert doc.state is DocumentState.CLEAN
            rest = Runner(rt.intake.records, after)
            t0 = time.perf_counter()
            final = rest.advance(doc.id)
            totals.append(time.perf_counter() - t0)
            assert final.state is DocumentState.STORED, final.reasons
            text = rt.documents.text(_system(), doc.id, "full")
            t0 = time.perf_counter()
            spans = analyze(text, secret=b"s" * 32)
            deidentify(text, mode="safe-harbor", context=DeidContext(tenant="bench", secret=b"s" * 32), spans=spans)
            phi_times.append(time.perf_counter() - t0)
    finally:
        rt.close()
    total_ms = statistics.median(totals) * 1000 / 20
    phi_ms = statistics.median(phi_times) * 1000 / 20
    own = max(total_ms - phi_ms, 0.0)
    return [
        {"area": "pipeline", "name": "20-page text PDF clean->stored, total", "value": round(total_ms, 2),
         "unit": "ms/page"},
        {"area": "pipeline", "name": "  of which PHI engine (analyse + Safe Harbor)", "value": round(phi_ms, 2),
         "unit": "ms/page"},
        {"area": "pipeline", "name": "  pipeline without the PHI engine", "value": round(own, 2), "unit": "ms/page",
         "target": f"< {TARGET_MS_PER_PAGE:g}", "ok": own < TARGET_MS_PER_PAGE},
    ]


def _system() -> object:
    from phigate.models import SYSTEM, ActorKind, Principal

    return Principal(SYSTEM.id, ActorKind.SYSTEM, "bench", frozenset({"admin"}))


def _ingest_once(corpus: Path, data_dir: Path, workers: int) -> tuple[float, float, int, bool]:
    """(wall seconds, CPU seconds of the children, rows printed, exit code 0)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "phigate", "ingest", str(corpus), "--tenant", "bench", "--json",
                           "--workers", str(workers), "--data-dir", str(data_dir)],
                          env=env, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [ln for ln in proc.stdout.decode().splitlines() if ln.startswith("{")]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, len(lines), proc.returncode == 0


def _ingest_many(work: Path, count: int) -> list[dict[str, object]]:
    corpus = work / "corpus"
    corpus.mkdir()
    samples = sorted(p for p in EXAMPLES.iterdir() if p.suffix != ".md")
    for i in range(count):
        src = samples[i % len(samples)]
        shutil.copyfile(src, corpus / f"{i:04d}-{src.name}")
    cpus = os.cpu_count() or 1
    one_wall, _, _, _ = _ingest_once(corpus, work / "ingest-1", 1)
    wall, cpu, rows, ok = _ingest_once(corpus, work / "ingest-n", cpus)
    rate, one_rate = rows / wall * 60, count / one_wall * 60
    busy = cpu / wall / cpus
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return [
        {"area": "pipeline", "name": f"phigate ingest, {count} mixed example documents, {cpus} workers",
         "value": round(rate, 1), "unit": "docs/min", "baseline": round(one_rate, 1),
         "ratio": round(rate / one_rate, 2), "ok": ok and rows == count},
        {"area": "pipeline", "name": "  peak memory of one process (max RSS)", "value": round(peak, 1),
         "unit": "MiB"},
        {"area": "pipeline", "name": "  cores busy (CPU time / wall / cores; low when the machine is shared)",
         "value": round(busy, 2), "unit": "ratio", "target": "> 0.75", "ok": busy > 0.75},
    ]


def run(quick: bool) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="phigate-bench-pipeline-") as tmp:
        work = Path(tmp)
        rows = _clean_to_stored(work, 3 if quick else 7)
        rows += _ingest_many(work, 40 if quick else 200)
    return rows
