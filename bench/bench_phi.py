"""PHI engine: per-category recall/precision on the synthetic corpus, tag-mode throughput, RSS, 7 MB via CLI."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool) -> list[dict[str, object]]:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    from tests.vectors.phi.corpus import generate, score

    from phigate.phi import analyze, deidentify

    docs = generate(120 if quick else 800, seed=7)
    rows: list[dict[str, object]] = []
    result = score(docs, lambda t: [(s.start, s.end) for s in analyze(t)])
    for cat, rec in result["recall"].items():  # type: ignore[union-attr]
        rows.append({"area": "phi", "name": f"recall {cat}", "value": rec, "unit": "token recall",
                     "target": ">= 0.97", "ok": rec >= 0.97})
    rows.append({"area": "phi", "name": "recall overall", "value": result["overall_recall"], "unit": "token recall",
                 "target": ">= 0.99", "ok": result["overall_recall"] >= 0.99})
    rows.append({"area": "phi", "name": "precision overall", "value": result["precision"], "unit": "token precision",
                 "target": ">= 0.90", "ok": result["precision"] >= 0.90})
    text = "\n\n".join(d.text for d in docs)
    deidentify(text[:1000], "tag")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        deidentify(text, "tag")
        times.append(time.perf_counter() - t0)
    cps = len(text) / statistics.median(times)
    rows.append({"area": "phi", "name": "tag throughput (1 core)", "value": cps, "unit": "chars/s",
                 "baseline": 16_000.0, "ratio": cps / 16_000, "target": ">= 1,000,000", "ok": cps >= 1_000_000})
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append({"area": "phi", "name": "max RSS (dictionaries loaded)", "value": rss, "unit": "MiB",
                 "target": "< 300", "ok": rss < 300})
    size = 1_000_000 if quick else 7_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text((text * (size // len(text) + 1))[:size])
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "phigate", "deid", str(path)], check=True, stdout=subprocess.DEVNULL,
                       env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
        took = time.perf_counter() - t0
    rows.append({"area": "phi", "name": f"{size // 1_000_000} MB file via CLI (tag)", "value": took, "unit": "s",
                 "target": "< 10 (7 MB)", "ok": took < 10})
    rows.append({"area": "phi", "name": "Presidio comparison", "value": "not run", "unit": "see docs/phi.md"})
    return rows
