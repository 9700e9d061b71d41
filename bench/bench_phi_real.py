"""PHI engine on real clinical notes: the development half of the PhysioNet deid gold corpus, when present.

``python -m bench phi-real``. The corpus lives outside the repository (``../shared/deid-dev`` relative to the repo
root, or ``$PHIGATE_DEID_DEV``); nothing from it is ever written here. Every note goes through the CLI exactly as a
user runs it (``phigate deid --jsonl --mode tag``: JSONL in, spans out), and the corpus's own ``score.py`` scores
the spans (imported from the corpus folder, never copied). Printed to the console only: token recall and precision,
per-category recall, throughput and peak memory of the CLI, the largest *classes* of false positives and misses
(``PHIGATE_DEID_EXAMPLES=N`` also prints up to N example tokens per class, for a developer's eyes, on the console),
and the recall/precision trade-off of the name and place thresholds (``phigate.phi.Thresholds``).
Presidio (``bench_phi``'s own venv) then analyses the same first notes as phigate's engine, for the speed ratio and
its own recall and precision (``PHIGATE_BENCH_NO_PRESIDIO=1`` skips it in a quick development loop).

Neamatullah et al., "Automated de-identification of free-text medical records", BMC Med Inform Decis Mak 8:32
(2008): the gold standard and deid.pl's figures (token recall 0.965, precision 0.743 on this half).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"[A-Za-z0-9]+")
TARGET_RECALL, TARGET_PRECISION, TARGET_CPS = 0.97, 0.85, 500_000


def corpus_dir() -> Path | None:
    env = os.environ.get("PHIGATE_DEID_DEV")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "deid-dev"]:
        if (cand / "id.text").is_file() and (cand / "score.py").is_file():
            return cand
    return None


def _module(path: Path, name: str) -> ModuleType:
    """The corpus's own loader and scorer, imported from its folder (never copied into the repository)."""
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _run_cli(notes: list[Any]) -> tuple[list[dict[str, Any]], float, float, float]:
    """Every note through ``phigate deid --jsonl --mode tag``: the predictions, wall seconds, and the CLI process's
    own CPU seconds and peak resident memory (MiB), read with ``wait4`` so no other child is counted."""
    with tempfile.TemporaryDirectory() as tmp:
        inp, out, err = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl", Path(tmp) / "err.txt"
        with inp.open("w", encoding="utf-8") as fh:
            for n in notes:
                fh.write(json.dumps({"id": n.doc, "text": n.text}) + "\n")
        # as installed: pip compiles the package's byte code at install time, so the byte code is written (a
        # PYTHONDONTWRITEBYTECODE in the environment would have every run compile phigate's modules from source,
        # ~0.07 cpu-s) and a one-line run writes it before the measured one
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(ROOT / "src")
        command = [sys.executable, "-m", "phigate", "deid", "--jsonl", "--mode", "tag"]
        subprocess.run(command, input=b'{"id": "warm-up", "text": "Seen by Dr. Lowe."}\n', env=env,
                       capture_output=True, check=True)
        t0 = time.perf_counter()
        with inp.open("rb") as stdin, out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=stderr, env=env)
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError("phigate deid failed: " + err.read_text(errors="replace").strip()[-200:])
        lines = out.read_text(encoding="utf-8").splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    preds = []
    for line in lines:
        rec = json.loads(line)
        preds.append({"doc": rec["id"], "spans": [[s["start"], s["end"], s["type"]] for s in rec["spans"]]})
    return preds, wall, cpu, usage.ru_maxrss / 1024


def _scored(scorer: ModuleType, notes: list[Any], pred_lines: list[dict[str, Any]]) -> tuple[dict[str, Any], Any]:
    """The corpus's own scorer over predictions given as JSONL records; its result and the predictions as loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pred.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in pred_lines))
        preds, _warnings = scorer.load_predictions(str(path), None)
    result: dict[str, Any] = scorer.score(notes, preds, 0)
    return result, preds


def _presidio_rows(scorer: ModuleType, notes: list[Any]) -> list[dict[str, object]]:
    """Presidio (its own venv, default recognizers, spaCy ``en_core_web_sm``) and phigate's engine on the same first
    notes (about ``PRESIDIO_DOC_CHARS`` characters), one call per note: throughput, its ratio, and Presidio's token
    recall and precision scored by the corpus's scorer (a span of any type counts, as for phigate)."""
    from bench.bench_phi import PRESIDIO_DOC_CHARS, _cpu_median, _presidio
    from phigate.phi import deidentify

    sample: list[Any] = []
    total = 0
    for note in notes:
        if total >= PRESIDIO_DOC_CHARS:
            break
        sample.append(note)
        total += len(note.text)
    texts = [n.text for n in sample]
    deidentify(texts[0], "tag")
    ours = total / _cpu_median(lambda: [deidentify(t, "tag") for t in texts])
    presidio, reason = _presidio(texts)
    if presidio is None:
        return [{"area": "phi-real", "name": "Presidio on the same notes", "value": "not run", "unit": reason}]
    base = presidio["chars"] / presidio["cpu_s"]
    res, _preds = _scored(scorer, sample, [{"doc": n.doc, "spans": [[a, b, "PHI"] for a, b in spans]}
                                   for n, spans in zip(sample, presidio["spans"], strict=True)])
    tok = res["token"]
    return [
        {"area": "phi-real", "name": f"Presidio, first {len(sample)} notes: token recall", "value": tok["recall"],
         "unit": "token recall"},
        {"area": "phi-real", "name": f"Presidio, first {len(sample)} notes: token precision",
         "value": tok["precision"], "unit": "token precision"},
        {"area": "phi-real", "name": f"Presidio analysis, first {len(sample)} notes ({total:,} chars)", "value": base,
         "unit": "chars/cpu-s"},
        {"area": "phi-real", "name": f"phigate tag, same {len(sample)} notes, one call each", "value": ours,
         "unit": "chars/cpu-s", "baseline": base, "ratio": ours / base, "target": ">= 30x Presidio",
         "ok": ours / base >= 30},
    ]


SWEEP = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)


def _threshold_rows(scorer: ModuleType, notes: list[Any]) -> list[dict[str, object]]:
    """The recall/precision trade-off a privacy officer chooses from: every note through ``analyze`` (in process) at
    each of ``SWEEP`` for the name and place thresholds together, scored by the corpus's scorer."""
    from phigate.phi import Thresholds, analyze

    rows: list[dict[str, object]] = []
    print("-- thresholds (name and place together; 0 is the default): token recall / precision")
    for t in SWEEP:
        th = Thresholds(name=t, place=t)
        lines = [{"doc": n.doc, "spans": [[s.start, s.end, str(s.type)] for s in analyze(n.text, thresholds=th)]}
                 for n in notes]
        tok = _scored(scorer, notes, lines)[0]["token"]
        print(f"  {t:+.1f}   {tok['recall']:.4f} / {tok['precision']:.4f}   fp {tok['fp']}, fn {tok['fn']}")
        rows.append({"area": "phi-real", "name": f"deid-dev at thresholds {t:+.1f}: token recall / precision",
                     "value": f"{tok['recall']:.4f} / {tok['precision']:.4f}", "unit": "recall / precision"})
    return rows


def _shape(tok: str) -> str:
    if tok.isdigit():
        return f"digits{len(tok)}"
    if tok.isupper():
        return "CAPS" if len(tok) > 3 else "CAPS<=3"
    if tok[:1].isupper():
        return "Title"
    if tok.isalpha():
        return "lower"
    return "alnum"


def _lexical(tok: str) -> str:
    """What the engine's dictionaries say about a token: the class that explains an error, not the token."""
    from phigate.phi.recognizers._lexicon import lexicon

    lx, low = lexicon(), tok.lower()
    tags = []
    if low in lx.medical:
        tags.append("clinical")
    if low in lx.common_words:
        tags.append("english")
    if low in lx.first_names:
        tags.append("first")
    if low in lx.last_names:
        tags.append("last")
    if low in lx.cities:
        tags.append("city")
    return "+".join(tags) or ("number" if tok.isdigit() else "unknown")


def _context(text: str, start: int, end: int) -> str:
    """The punctuation around a token: "n/n" fractions, "x-x" ranges, line starts and ends."""
    before, after = text[max(0, start - 1) : start], text[end : end + 1]
    return (before if not before.isalnum() else "w").replace("\n", "NL") + "_" + (
        after if not after.isalnum() else "w").replace("\n", "NL")


def _classes(notes: list[Any], preds: dict[str, list[tuple[int, int, str]]]) -> tuple[Counter[str], Counter[str],
                                                                                        dict[str, Counter[str]]]:
    fps: Counter[str] = Counter()
    fns: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    for note in notes:
        n = len(note.text)
        gold = bytearray(n)
        gcat = [""] * n
        for g in note.gold:
            gold[g.start : g.end] = b"\x01" * (g.end - g.start)
            for k in range(g.start, g.end):
                gcat[k] = g.category
        pred = bytearray(n)
        ptype = [""] * n
        for s, e, t in preds.get(note.doc, []):
            pred[s:e] = b"\x01" * (e - s)
            for k in range(s, e):
                ptype[k] = t
        for m in TOKEN.finditer(note.text):
            a, b = m.start(), m.end()
            g, p = 1 in gold[a:b], 1 in pred[a:b]
            if g == p:
                continue
            tok = m.group()
            if p:
                typ = next(ptype[k] for k in range(a, b) if ptype[k])
                key = f"FP {typ:9s} {_shape(tok):8s} {_lexical(tok):24s} {_context(note.text, a, b)}"
                fps[key] += 1
            else:
                cat = next(gcat[k] for k in range(a, b) if gcat[k])
                key = f"FN {cat:17s} {_shape(tok):8s} {_lexical(tok):24s} {_context(note.text, a, b)}"
                fns[key] += 1
            examples[key][tok] += 1
    return fps, fns, examples


def _print_classes(title: str, counts: Counter[str], examples: dict[str, Counter[str]], top: int, shown: int) -> None:
    print(f"-- {title}: {sum(counts.values())} tokens; largest classes")
    for key, c in counts.most_common(top):
        ex = ", ".join(w for w, _ in examples[key].most_common(shown)) if shown else ""
        print(f"  {c:5d}  {key}" + (f"   e.g. {ex}" if ex else ""))


def run(quick: bool) -> list[dict[str, object]]:
    folder = corpus_dir()
    if folder is None:
        print("phi-real: no deid-dev corpus (../shared/deid-dev or $PHIGATE_DEID_DEV): skipped")
        return [{"area": "phi-real", "name": "deid-dev corpus", "value": "absent", "unit": "not run"}]
    corpus = _module(folder / "corpus.py", "corpus")
    scorer = _module(folder / "score.py", "deid_dev_score")
    notes = corpus.load(str(folder), subset_every=4 if quick else 1)
    pred_lines, wall, cpu, rss = _run_cli(notes)
    res, preds = _scored(scorer, notes, pred_lines)
    print(scorer.format_table(res, "deid-dev through phigate deid --jsonl --mode tag"))
    top = int(os.environ.get("PHIGATE_DEID_CLASSES", "25"))
    shown = int(os.environ.get("PHIGATE_DEID_EXAMPLES", "0"))
    fps, fns, examples = _classes(notes, preds)
    _print_classes("false positives", fps, examples, top, shown)
    _print_classes("misses", fns, examples, top, shown)
    chars = res["chars"]
    tok = res["token"]
    rows: list[dict[str, object]] = [
        {"area": "phi-real", "name": "deid-dev token recall", "value": tok["recall"], "unit": "token recall",
         "target": f">= {TARGET_RECALL}", "ok": tok["recall"] >= TARGET_RECALL},
        {"area": "phi-real", "name": "deid-dev token precision", "value": tok["precision"], "unit": "token precision",
         "target": f">= {TARGET_PRECISION}", "ok": tok["precision"] >= TARGET_PRECISION},
    ]
    for cat, v in res["per_category"].items():
        rows.append({"area": "phi-real", "name": f"deid-dev recall {cat} ({v['gold_tokens']} tokens)",
                     "value": v["token_recall"], "unit": "token recall"})
    cps = chars / cpu if cpu > 0 else 0.0
    rows.append({"area": "phi-real", "name": f"CLI tag, {len(notes)} notes, {chars:,} chars", "value": cps,
                 "unit": "chars/cpu-s", "target": f">= {TARGET_CPS:,}", "ok": cps >= TARGET_CPS})
    rows.append({"area": "phi-real", "name": "CLI tag, wall (with start-up)", "value": wall, "unit": "s"})
    rows.append({"area": "phi-real", "name": "CLI tag, peak resident memory", "value": rss, "unit": "MiB",
                 "target": "< 300", "ok": rss < 300})
    rows += _threshold_rows(scorer, notes)
    if not os.environ.get("PHIGATE_BENCH_NO_PRESIDIO"):
        rows += _presidio_rows(scorer, notes)
    return rows
