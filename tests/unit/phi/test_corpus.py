"""The recall floor: regressions on the synthetic annotated corpus fail the build."""

from __future__ import annotations

from phigate.phi import DeidContext, analyze, deidentify
from tests.vectors.phi.corpus import generate, score


def test_recall_and_precision_floor() -> None:
    docs = generate(240, seed=11)
    result = score(docs, lambda t: [(s.start, s.end) for s in analyze(t)])
    recall = result["recall"]
    assert isinstance(recall, dict)
    assert result["overall_recall"] >= 0.99, result["overall_recall"]
    low = {k: v for k, v in recall.items() if v < 0.97}
    assert not low, low
    assert result["precision"] >= 0.95, result["precision"]
    assert len(recall) >= 18  # every category generated


def test_no_gold_value_leaks_into_surrogate_output() -> None:
    ctx = DeidContext(tenant="t", patient_ref="p", secret=b"z" * 32)
    leaks = []
    for doc in generate(80, seed=3):
        out = deidentify(doc.text, "surrogate", ctx).text
        for s, e, _ in doc.spans:
            gold = doc.text[s:e]
            hit = any(ps < e and s < pe for ps, pe in [(x.start, x.end) for x in analyze(doc.text)])
            if hit and len(gold) > 3 and gold in out:
                leaks.append(gold)
    assert not leaks, leaks[:5]


def test_held_out_names_are_in_no_dictionary() -> None:
    """The corpus is honest: the held-out half of its names and towns is unknown to every data file."""
    from phigate.phi.recognizers._lexicon import lexicon
    from tests.vectors.phi.corpus import HELD_OUT

    lx = lexicon()
    known = set(lx.first_names) | set(lx.last_names) | lx.common_words | lx.cities | lx.counties | lx.medical
    names = HELD_OUT["first"] + HELD_OUT["last"]
    assert len(names) > 1000
    assert not [n for n in names if n.lower() in known]
