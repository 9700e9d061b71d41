"""How well the name and place scores are calibrated: ``python -m bench phi-calibration``.

The scorer (``phigate.phi.recognizers._scorer``) sums hand-set evidence as log-odds, and its thresholds
(``phigate.phi.Thresholds``) are read as log-odds: 0 is meant as even odds. This area checks that reading. Every
candidate the name and place layers score is recorded with its score (the cheap upper bound is switched off by
deciding at the lowest threshold, so candidates the bound would drop are scored too) and labelled by the gold
annotation: PHI when any gold span overlaps it. Per score bin it prints the number of candidates, the share that
is PHI, and the share a calibrated log-odds would predict (the logistic function at the bin's median), on the
synthetic train part and, when present, on the real notes of ``deid-dev`` (measured only: nothing is fitted to
them). A one-feature logistic regression (``P(PHI) = sigmoid(a * score + b)``, Newton's method) sums the table up:
a calibrated score has ``a`` near 1 and ``b`` near 0, and ``-b / a`` is the score at even odds.
"""

from __future__ import annotations

import bisect
import math
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bench.bench_phi_real import _module, corpus_dir
from phigate.phi import Thresholds, analyze
from phigate.phi.recognizers import _scorer, case_regions
from phigate.phi.recognizers._ocr import ocr_letters

EDGES = (-6.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 6.0)  # bin edges of the score
RIDGE = 1.0  # the L2 penalty of the fit (a prior of unit scale on a and b)
LOWEST = Thresholds(name=-20.0, place=-20.0)
Scored = tuple[str, str, int, int, float]  # kind, the region's text, start, end (in the region), score


@contextmanager
def _recording(into: list[Scored]) -> Iterator[None]:
    """Record every name and place score computed inside the ``with``."""
    name_score, place_score = _scorer.name_score, _scorer.place_score

    def names(text: str, tk: Any, i: int, j: int, after_name: int = -1) -> float:
        score = name_score(text, tk, i, j, after_name)
        into.append(("name", text, tk.starts[i], tk.ends[j - 1], score))
        return score

    def places(text: str, tk: Any, i: int, j: int) -> float:
        score = place_score(text, tk, i, j)
        into.append(("place", text, tk.starts[i], tk.ends[j - 1], score))
        return score

    _scorer.name_score, _scorer.place_score = names, places  # type: ignore[assignment]
    try:
        yield
    finally:
        _scorer.name_score, _scorer.place_score = name_score, place_score  # type: ignore[assignment]


def _candidates(text: str, gold: Sequence[tuple[int, int]]) -> list[tuple[str, float, bool]]:
    """Each distinct candidate scored in ``text``: its kind, its (last) score, and whether gold PHI overlaps it."""
    seen: list[Scored] = []
    with _recording(seen):
        analyze(text, thresholds=LOWEST)
    letters = ocr_letters(text)
    regions = case_regions(letters)
    offset = {letters[a:b] if len(regions) > 1 else letters: a for a, b in regions}
    last: dict[tuple[str, int, int], float] = {}
    for kind, part, s, e, score in seen:
        base = offset.get(part, 0)
        last[(kind, base + s, base + e)] = score
    out = []
    for (kind, s, e), score in last.items():
        phi = any(gs < e and s < ge for gs, ge in gold)
        out.append((kind, score, phi))
    return out


def _loss(points: Sequence[tuple[float, bool]], a: float, b: float) -> float:
    """The negative log-likelihood of the fit, with its ridge."""
    total = RIDGE * (a * a + b * b) / 2
    for x, y in points:
        z = a * x + b
        total += math.log1p(math.exp(-abs(z))) + max(z, 0.0) - (z if y else 0.0)
    return total


def _fit(points: Sequence[tuple[float, bool]]) -> tuple[float, float]:
    """``a``, ``b`` of the logistic regression of the label on the score: Newton's method with backtracking, and a
    small ridge that keeps them finite where the score separates the labels (much of the synthetic corpus)."""
    a, b = 1.0, 0.0
    loss = _loss(points, a, b)
    for _ in range(100):
        ga, gb, haa, hab, hbb = RIDGE * a, RIDGE * b, RIDGE, 0.0, RIDGE
        for x, y in points:
            z = a * x + b
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            w = p * (1.0 - p)
            ga += (p - y) * x
            gb += p - y
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        step = 1.0
        while step > 1e-6 and _loss(points, a - step * da, b - step * db) > loss:
            step /= 2
        a, b = a - step * da, b - step * db
        new = _loss(points, a, b)
        if loss - new < 1e-9:
            break
        loss = new
    return a, b


def _table(title: str, cands: list[tuple[str, float, bool]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind in ("name", "place"):
        points = [(score, phi) for k, score, phi in cands if k == kind]
        if not points:
            continue
        print(f"-- {title}: {kind} candidates ({len(points):,}); score bin, count, share PHI, sigmoid(median)")
        bins: dict[int, list[tuple[float, bool]]] = {}
        for score, phi in points:
            bins.setdefault(bisect.bisect_right(EDGES, score), []).append((score, phi))
        for k in sorted(bins):
            got = sorted(bins[k])
            lo = f"{EDGES[k - 1]:+.0f}" if k else "-inf"
            hi = f"{EDGES[k]:+.0f}" if k < len(EDGES) else "+inf"
            median = got[len(got) // 2][0]
            share = sum(phi for _, phi in got) / len(got)
            print(f"  [{lo:>4}, {hi:>4})  {len(got):7,}  {share:6.3f}  {1 / (1 + math.exp(-median)):6.3f}")
        a, b = _fit(points)
        even = -b / a if a else float("nan")
        print(f"  logistic fit: a = {a:.3f}, b = {b:+.3f}; even odds at score {even:+.2f}")
        rows.append({"area": "phi-calibration", "name": f"{title}, {kind}: score at even odds (fit)",
                     "value": even, "unit": "log-odds (designed: 0)"})
        rows.append({"area": "phi-calibration", "name": f"{title}, {kind}: fitted slope a", "value": a,
                     "unit": "(calibrated: 1)"})
    return rows


def _train(n: int) -> list[tuple[str, float, bool]]:
    from tests.vectors.phi.corpus import generate

    cands: list[tuple[str, float, bool]] = []
    for doc in generate(n, seed=7, part="train"):
        cands += _candidates(doc.text, [(s, e) for s, e, _ in doc.spans])
    return cands


def _real(subset_every: int) -> list[tuple[str, float, bool]] | None:
    folder = corpus_dir()
    if folder is None:
        return None
    corpus = _module(folder / "corpus.py", "corpus")
    cands: list[tuple[str, float, bool]] = []
    for note in corpus.load(str(folder), subset_every=subset_every):
        cands += _candidates(note.text, [(g.start, g.end) for g in note.gold])
    return cands


def run(quick: bool) -> list[dict[str, object]]:
    rows = _table("synthetic train part", _train(200 if quick else 800))
    real = _real(4 if quick else 1) if not os.environ.get("PHIGATE_BENCH_NO_REAL") else None
    if real is None:
        print("phi-calibration: no deid-dev corpus (../shared/deid-dev or $PHIGATE_DEID_DEV): real notes skipped")
    else:
        rows += _table("deid-dev (real notes)", real)
    return rows

