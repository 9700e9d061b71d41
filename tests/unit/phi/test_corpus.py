"""The recall floor: regressions on the synthetic annotated corpus fail the build.

The floor measures the generator's *test* part only: ten templates written in December 2026, after the engine had
been tuned on the previous test part's misses, in styles and wording no train template uses, with invented names and
towns no dictionary holds; and, apart, the seven templates of the third test part, written a day later (a description
of the second had quoted some of its words to the engine's developers); and the ten templates of the fourth test
part, written by a helper who had read neither the engine nor the earlier test templates; and the ten of the fifth,
the sixth, the seventh, the eighth, the ninth and the tenth, each written the same way in ten further settings
(the tenth has structural tests only until the lead measures it once and sets its floor). Nobody tunes on any of
them, so they measure generalisation, not memory of the templates.

Issue 11's targets are recall >= 0.99 overall and >= 0.95 per category, precision >= 0.90. The engine does not meet
them on this part yet (figures below), so the build holds two things apart: a regression floor a little below what
the engine measures, which fails the build, and the targets, which ``python -m bench phi`` reports beside the figures.
"""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

import pytest

from phigate.phi import DeidContext, analyze, deidentify
from tests.vectors.phi.corpus import (
    _DATA,
    FRESH,
    HELD_OUT,
    NEW_TEST_TEMPLATES,
    TEMPLATES,
    V3_TEST_TEMPLATES,
    V3_VOCABULARY,
    V4_TEST_TEMPLATES,
    V4_VOCABULARY,
    V5_TEST_TEMPLATES,
    V5_VOCABULARY,
    V6_TEST_TEMPLATES,
    V6_VOCABULARY,
    V7_TEST_TEMPLATES,
    V7_VOCABULARY,
    V8_TEST_TEMPLATES,
    V8_VOCABULARY,
    V9_TEST_TEMPLATES,
    V9_VOCABULARY,
    V10_TEST_TEMPLATES,
    V10_VOCABULARY,
    _Gen,
    _render,
    generate,
    lexicon_negatives,
    part_of,
    score,
    split,
)

# Measured once on the new test part when it was written (6 December 2026, engine of main at 5299cbd; seed 11,
# 240 documents): recall 0.861 overall, precision 0.990; below 0.95: LOCATION 0.548, DATE 0.844, BIOMETRIC 0.800,
# NAME 0.904, AGE 0.918, MRN 0.939 (the others 0.994 to 1.000). The floors sit just below those figures: a change that
# loses recall on text nobody tuned on fails the build. Raise them as general fixes (made on the train part and on
# real notes, never on this part's misses) lift the figures; they never go down.
# After branches `names`, `ids` and `addr` (7 December 2026, engine of main at c0f3680): recall 0.977, precision
# 0.992; LOCATION 0.882, every other category 0.95 or more (NAME 0.990; its classes were read, see docs/phi.md).
# After branches `names3` and `ids3` (main at 14:10 UTC, 7 December 2026; neither read any test part): recall 0.980,
# precision 0.992, LOCATION 0.899.
# After branches `places4` and `ids4` (main at 16:20 UTC, 7 December 2026; neither read any test part): recall 0.991,
# precision 0.992, every category 0.95 or more (LOCATION 0.964).
OVERALL_FLOOR, PRECISION_FLOOR = 0.985, 0.985
CATEGORY_FLOOR = 0.95
CATEGORY_FLOORS = {"DATE": 0.99, "BIOMETRIC": 0.97, "AGE": 0.99, "MRN": 0.99}


# The third test part (seven templates, ``V3_TEST_TEMPLATES``), measured once when it was written (7 December 2026,
# engine of main at ea5017d; seed 11, 240 documents): recall 0.869 overall, precision 0.968; below 0.95: ADDRESS
# 0.431, ZIP 0.709, LOCATION 0.726, NAME 0.913 (the others 0.996 to 1.000). Floors just below, as above.
# After branch `places` (general place and name forms, made on real notes and the train part): recall 0.898,
# precision 0.969; ADDRESS 0.595, LOCATION 0.802 (ZIP 0.709, NAME 0.913 unchanged). The floors follow.
# After branch `addr` (the USPS street-suffix table, the address grammar, facilities named by a kind of care; made on
# the train part and its own train template): recall 0.973, precision 0.971; ADDRESS 1.000, ZIP 1.000, LOCATION
# 0.982 (NAME 0.913 unchanged); the second part 0.958, LOCATION 0.882. After branches `names` and `ids` as well (main
# at c0f3680): recall 0.994, precision 0.972, every category 0.95 or more.
V3_OVERALL_FLOOR, V3_PRECISION_FLOOR = 0.99, 0.965
V3_CATEGORY_FLOORS = {"LOCATION": 0.975, "DATE": 0.99}

# The fourth test part (ten templates, ``V4_TEST_TEMPLATES``, module ``corpus_v4``), written by a helper who had not
# read the engine, its documentation, its error classes or the earlier test templates, and measured once when written
# (7 December 2026, engine of main at 2c630b5; seed 11, 240 documents): recall 0.857 overall, precision 0.940; below
# 0.95: ZIP 0.460, ADDRESS 0.627, LOCATION 0.723, NAME 0.775, SSN 0.771, DEVICE 0.815, HEALTH_PLAN 0.828, AGE 0.841,
# VEHICLE 0.909, PHONE 0.928, FAX 0.950 (the others 0.988 to 1.000). Floors just below, as above.
# After branches `names`, `ids` and `addr` (main at c0f3680; none of them read this part): recall 0.889, precision
# 0.942; ZIP 0.854, ADDRESS 0.892, LOCATION 0.736, NAME 0.823, SSN 0.771, DEVICE 0.815, HEALTH_PLAN 0.859, AGE
# 0.841, PHONE 0.928, FAX 0.950 (VEHICLE 0.95 or more). The floors follow.
# After branches `names3` and `ids3` (neither read this part; `ids3` saw the pass or fail of this floor test once,
# see docs/phi.md): recall 0.906, precision 0.943; LOCATION 0.753, DEVICE 0.815, AGE 0.843, NAME 0.859, HEALTH_PLAN
# 0.859, ADDRESS 0.906, ZIP 0.934 (SSN, PHONE, FAX 0.95 or more). The floors follow.
# After branches `places4` and `ids4` (neither read this part; a branch is merged only where on every blind part it
# gains more recall than it loses precision: `names4` did not, see docs/phi.md): recall 0.915, precision 0.944;
# LOCATION 0.801, DEVICE 0.815, AGE 0.843, NAME 0.858, HEALTH_PLAN 0.859, ADDRESS 0.906 (ZIP 0.951). The floors follow.
# After branches `places5` and `ids5` (evening of 7 December 2026; neither read this part; `speed5` changed no span):
# recall 0.920, precision 0.944; LOCATION 0.824 (the others as before). The floors follow.
# 7 December 2026, night: the lead read this part's misses and false positives by class and wrote them, with
# invented examples, into the briefs of that session's branches (`orgs6`, `addr6`, `names6`, `ids6`, `fp6` ...):
# from here on it is a development part, no longer blind. After that session: recall 0.970, precision 0.980; AGE
# 0.940, DEVICE 0.871, NAME 0.917 (the others 0.95 or more). The floors follow.
# After the 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`,
# `places9`): recall 0.979, precision 0.980; DEVICE 0.871 (its gold holds the serial's "S/N" short form, which the
# engine leaves out as a label). The floors follow.
V4_OVERALL_FLOOR, V4_PRECISION_FLOOR = 0.975, 0.975
V4_CATEGORY_FLOORS = {"DEVICE": 0.865}

# The fifth test part (ten templates, ``V5_TEST_TEMPLATES``, module ``corpus_v5``), written by a helper (branch v5b)
# who had not read the engine, its documentation, its error classes or the benchmark's output, and measured once
# when its templates were final (7 December 2026, engine of main at f761889; seed 11, 240 documents): recall 0.852
# overall, precision 0.955; below 0.95: ADDRESS 0.541, LOCATION 0.596, BIOMETRIC 0.667, MRN 0.762, ZIP 0.786, NAME
# 0.838 (the others 0.981 to 1.000). Floors just below, as above.
# After branches `names3` and `ids3` (neither read this part): recall 0.874, precision 0.955; LOCATION 0.617, ADDRESS
# 0.720, MRN 0.762, NAME 0.865, ZIP 0.878 (BIOMETRIC 1.000; AGE 0.952, from 0.981). The floors follow.
# After branches `places4` and `ids4`: recall 0.888, precision 0.953; LOCATION 0.659, ADDRESS 0.729, NAME 0.865, ZIP
# 0.889 (MRN 0.95 or more; AGE 0.952). The floors follow.
# After branches `places5` and `ids5`: recall 0.891, precision 0.953; LOCATION 0.666, ADDRESS 0.749, NAME 0.865, ZIP
# 0.893. The floors follow.
# 7 December 2026, night: read by class by the lead, as the fourth part (a development part from then on). After
# that session: recall 0.968, precision 0.977; LOCATION 0.913, NAME 0.940 (the others 0.95 or more).
# After the 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`,
# `places9`): recall 0.980, precision 0.978; every category 0.95 or more. The floors follow.
V5_OVERALL_FLOOR, V5_PRECISION_FLOOR = 0.975, 0.975
V5_CATEGORY_FLOORS: dict[str, float] = {}

# The sixth test part (ten templates, ``V6_TEST_TEMPLATES``, module ``corpus_v6``), written by a helper (branch v6)
# who had not read the engine, its documentation, its error classes or the benchmark's output, in ten settings no
# earlier template uses, and measured once when its templates were final (7 December 2026, engine of main at 7376664;
# seed 11, 240 documents): recall 0.875 overall, precision 0.958; below 0.95: MRN 0.505, LOCATION 0.642, LICENSE
# 0.740, ADDRESS 0.785, NAME 0.839, AGE 0.876, ZIP 0.930, HEALTH_PLAN 0.938 (ACCOUNT 0.950; the others 0.988 to
# 1.000). Floors just below, as above.
# After branches `places4` and `ids4` (main at 16:20 UTC, 7 December 2026; neither read this part, which was written
# while they worked): recall 0.893, precision 0.954; MRN 0.614, LOCATION 0.706, ADDRESS 0.800, NAME 0.839, AGE 0.876,
# HEALTH_PLAN 0.938, ZIP 0.944 (ACCOUNT 0.950; LICENSE 0.95 or more). Precision fell 0.958 -> 0.954 with `places4`
# (its recall here rose 0.875 -> 0.887): the one floor that went down, by that trade.
# After branches `places5` and `ids5`: recall 0.896, precision 0.954; LOCATION 0.723 (the others as before). The
# floors follow.
# After branch `ids7` (7 December 2026, night; the lead had read this part's misses by class before that round, so
# from here on it is a development part, no longer blind): ACCOUNT 0.911, because `Acct: FIN 440163277` now tags
# the number alone (FIN, CSN, MRN before a value are its labels, not the identifier; this part's gold holds "FIN").
# After that session's second round (`names7`, `places7`, `ids7`, whose briefs carried this part's classes): recall
# 0.967, precision 0.960; ACCOUNT 0.911, LOCATION 0.875 (the others 0.95 or more).
# After the 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`,
# `places9`): recall 0.975, precision 0.962; LOCATION 0.919 (ACCOUNT 0.950). The floors follow.
V6_OVERALL_FLOOR, V6_PRECISION_FLOOR = 0.97, 0.96
V6_CATEGORY_FLOORS = {"LOCATION": 0.915, "ACCOUNT": 0.945}

# The seventh test part (ten templates, ``V7_TEST_TEMPLATES``, module ``corpus_v7``), written by a helper (branch v7)
# who had neither read nor run the engine, in ten settings no earlier template uses, and measured once when its
# templates were final (7 December 2026, engine of main at 0067853, before that day's evening branches; seed 11, 240
# documents): recall 0.901 overall, precision 0.921; below 0.95: ACCOUNT 0.536, LOCATION 0.772, ADDRESS 0.783, MRN
# 0.787, NAME 0.857, LICENSE 0.914, ZIP 0.927. Floors just below, as above.
# After branches `places5` and `ids5` (written while this part was, by helpers who never saw it): recall 0.902,
# precision 0.921; LOCATION 0.775 (the others as before).
# After the 7 December 2026, night (its helpers never saw this part; the lead saw the module's opening docstring,
# which names its settings and some of its hard negatives, and no miss or false positive of it): recall 0.931,
# precision 0.925; ACCOUNT 0.582, LOCATION 0.820, NAME 0.894, ADDRESS 0.912, LICENSE 0.914 (MRN and ZIP 0.95 or
# more). The floors follow.
# After the 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`,
# `places9`); still blind (no helper saw it, the lead saw no miss of it; one ablation of `places8`'s court rule read
# this part's and the ninth's overall precision, see docs/phi.md): recall 0.936, precision 0.934; ACCOUNT 0.611,
# LOCATION 0.836, NAME 0.905, ADDRESS 0.912, LICENSE 0.914. The floors follow.
# After a third round that night (`names10`, `places10`, `ids10`, from the tenth part's classes): recall 0.936,
# precision 0.932 (`names10` cost 0.0014 of precision here and moved no recall; the ninth part's recall rose 0.007
# with it: merged, and said so in docs/phi.md).
V7_OVERALL_FLOOR, V7_PRECISION_FLOOR = 0.93, 0.925
V7_CATEGORY_FLOORS = {"ACCOUNT": 0.605, "LOCATION": 0.83, "ADDRESS": 0.905, "NAME": 0.9, "LICENSE": 0.91}

# The eighth test part (ten templates, ``V8_TEST_TEMPLATES``, module ``corpus_v8``), written by a helper (branch v8)
# who had neither read nor run the engine, with draw helpers of its own, in ten settings no earlier template uses,
# and measured once by the lead when its templates were final (7 December 2026, night, engine of main at 8a43b00,
# before any branch of that session): recall 0.901 overall, precision 0.943; below 0.95: BIOMETRIC 0.542, NAME
# 0.734, LOCATION 0.820, ADDRESS 0.856, LICENSE 0.879, HEALTH_PLAN 0.913, ZIP 0.918, AGE 0.941. Nobody has read its
# misses. After that session's branches: recall 0.917, precision 0.944; BIOMETRIC 0.542, NAME 0.741, LOCATION
# 0.841, HEALTH_PLAN 0.913, AGE 0.941 (ADDRESS, LICENSE and ZIP 0.95 or more). Floors just below.
# 8 December 2026, night: the lead read this part's misses and false positives by class and wrote them, with
# invented examples, into the briefs of that night's branches: from here on it is a development part. After the
# 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`, `places9`):
# recall 0.972, precision 0.974; every category 0.95 or more.
# The floors follow.
V8_OVERALL_FLOOR, V8_PRECISION_FLOOR = 0.965, 0.97
V8_CATEGORY_FLOORS: dict[str, float] = {}

# The ninth test part (ten templates, ``V9_TEST_TEMPLATES``, module ``corpus_v9``), written by a helper (branch v9)
# who had neither read nor run the engine, with draw helpers of its own, in ten settings no earlier template uses,
# and measured once by the lead when its templates were final (7 December 2026, night, engine of main at 11ea4b6,
# after that session's branches; seed 11, 240 documents): recall 0.909 overall, precision 0.967; below 0.95: NAME
# 0.724, HEALTH_PLAN 0.820, AGE 0.846, LOCATION 0.854, ACCOUNT 0.857, BIOMETRIC 0.869. Nobody has read its misses.
# Floors just below.
# After the 8 December 2026, night (branches `names8`, `people8`, `ids8`, `places8`, `names9`, `people9`, `ids9`,
# `places9`); still blind: recall 0.930, precision 0.975; NAME 0.822, HEALTH_PLAN 0.820, AGE 0.846, ACCOUNT 0.857,
# BIOMETRIC 0.869, LOCATION 0.876. The floors follow.
# After a third round that night (`names10`, `places10`, `ids10`): recall 0.937, precision 0.975; NAME 0.859 (the
# others as before).
V9_OVERALL_FLOOR, V9_PRECISION_FLOOR = 0.93, 0.97
V9_CATEGORY_FLOORS = {"NAME": 0.855, "HEALTH_PLAN": 0.815, "AGE": 0.84, "LOCATION": 0.87, "ACCOUNT": 0.85,
                      "BIOMETRIC": 0.865}

# The tenth test part (ten templates, ``V10_TEST_TEMPLATES``, module ``corpus_v10``), written by a helper (branch
# v10) who had neither read nor run the engine, in ten settings no earlier template uses (an interpreter agency's
# log, a VA disability exam, a disaster shelter's intake, a hyperbaric treatment log, a cruise ship's medical record,
# a marathon medical tent log, a search-and-rescue report, a privacy office's amendment letter, a specialty
# pharmacy's onboarding call and delivery manifest, an aesthetic clinic's record), and measured once by the lead on
# the night's final engine (8 December 2026; seed 11, 240 documents): recall 0.861 overall, precision 0.935; below
# 0.95: BIOMETRIC 0.550, ACCOUNT 0.580, DEVICE 0.646, AGE 0.696, MRN 0.755, LOCATION 0.758, NAME 0.780, HEALTH_PLAN
# 0.841, ADDRESS 0.853. Nobody has read its misses. Floors just below.
# Then the lead read its misses by class and wrote them, with invented examples, into a third round of briefs
# (`names10`, `places10`, `ids10`): from here on it is a development part. After that round: recall 0.955, precision
# 0.941; ACCOUNT 0.876, NAME 0.894, LOCATION 0.944, ADDRESS 0.946 (the others 0.95 or more). The floors follow.
V10_OVERALL_FLOOR, V10_PRECISION_FLOOR = 0.95, 0.935
V10_CATEGORY_FLOORS = {"ACCOUNT": 0.87, "NAME": 0.89, "LOCATION": 0.94, "ADDRESS": 0.94}


def _score(templates: tuple[str, ...]) -> dict[str, Any]:
    docs = generate(240, seed=11, part="test", templates=templates)
    return score(docs, lambda t: [(s.start, s.end) for s in analyze(t)])


def _short_of(result: dict[str, Any], overall: float, precision: float, floors: dict[str, float]) -> str:
    recall = result["recall"]
    assert isinstance(recall, dict)
    below = {k: round(v, 3) for k, v in recall.items()  # every figure short, at once
             if v < floors.get(k, CATEGORY_FLOOR)}
    if result["overall_recall"] < overall:
        below["overall recall"] = round(result["overall_recall"], 4)
    if result["precision"] < precision:
        below["precision"] = round(result["precision"], 4)
    return ", ".join(f"{k} {v}" for k, v in below.items())


def test_recall_and_precision_floor_on_the_test_part() -> None:
    result = _score(NEW_TEST_TEMPLATES)
    assert not _short_of(result, OVERALL_FLOOR, PRECISION_FLOOR, CATEGORY_FLOORS), result
    assert len(result["recall"]) >= 19  # every category generated by the test part alone


def test_recall_and_precision_floor_on_the_third_test_part() -> None:
    result = _score(V3_TEST_TEMPLATES)
    assert not _short_of(result, V3_OVERALL_FLOOR, V3_PRECISION_FLOOR, V3_CATEGORY_FLOORS), result
    assert len(result["recall"]) >= 14


@pytest.mark.parametrize(("templates", "overall", "precision", "floors"), [
    pytest.param(V4_TEST_TEMPLATES, V4_OVERALL_FLOOR, V4_PRECISION_FLOOR, V4_CATEGORY_FLOORS, id="fourth"),
    pytest.param(V5_TEST_TEMPLATES, V5_OVERALL_FLOOR, V5_PRECISION_FLOOR, V5_CATEGORY_FLOORS, id="fifth"),
    pytest.param(V6_TEST_TEMPLATES, V6_OVERALL_FLOOR, V6_PRECISION_FLOOR, V6_CATEGORY_FLOORS, id="sixth"),
    pytest.param(V7_TEST_TEMPLATES, V7_OVERALL_FLOOR, V7_PRECISION_FLOOR, V7_CATEGORY_FLOORS, id="seventh"),
    pytest.param(V8_TEST_TEMPLATES, V8_OVERALL_FLOOR, V8_PRECISION_FLOOR, V8_CATEGORY_FLOORS, id="eighth"),
    pytest.param(V9_TEST_TEMPLATES, V9_OVERALL_FLOOR, V9_PRECISION_FLOOR, V9_CATEGORY_FLOORS, id="ninth"),
    pytest.param(V10_TEST_TEMPLATES, V10_OVERALL_FLOOR, V10_PRECISION_FLOOR, V10_CATEGORY_FLOORS, id="tenth"),
])
def test_recall_and_precision_floor_on_a_late_test_part(
    templates: tuple[str, ...], overall: float, precision: float, floors: dict[str, float]
) -> None:
    result = _score(templates)
    assert not _short_of(result, overall, precision, floors), result
    assert len(result["recall"]) == 19  # each of the fourth to ninth parts alone has every category


def test_dense_clinical_vocabulary_is_not_tagged() -> None:
    """Sentences of lexicon words (drugs, eponyms, ICU shorthand) hold no PHI: almost nothing may be tagged."""
    doc = lexicon_negatives(random.Random(3), "test", 300)
    result = score([doc], lambda t: [(s.start, s.end) for s in analyze(t)])
    tokens = len(re.findall(r"\w+", doc.text))
    assert len(result["false_positives"]) <= 0.005 * tokens, result["false_positives"]


def test_the_split_is_fixed_disjoint_and_covers_both_parts() -> None:
    g = _Gen(random.Random(0), "all")
    for name, items in g.v.items():
        train, test = split(items, "train"), split(items, "test")
        assert train and test, name  # every vocabulary has entries in both parts
        assert not set(train) & set(test)
        assert sorted(train + test) == sorted(items)
    # recorded, not drawn per run: these entries keep their part as long as their text does not change
    assert [part_of(x) for x in ("Boston", "Maple", "02139", "Medical Center")] == ["train"] * 3 + ["test"]
    parts = {t.part for t in TEMPLATES.values()}
    assert parts == {"train", "test"}
    for kind in ("icu-flow", "telegraphic", "transfer", "event"):  # both templates of each ICU kind were seen
        assert TEMPLATES[kind].part == TEMPLATES[kind + "-2"].part == "train"


def test_the_test_templates_are_new() -> None:
    """The test part is the ten templates written after the old test part was read, the seven of the third part
    and the ten of the fourth, the fifth, the sixth, the seventh, the eighth, the ninth and the tenth: none of them is
    (or builds like) a train template, and every template of the old test part is now train."""
    train = {k: t for k, t in TEMPLATES.items() if t.part == "train"}
    test = {k: t for k, t in TEMPLATES.items() if t.part == "test"}
    assert set(test) == (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                         | set(V5_TEST_TEMPLATES) | set(V6_TEST_TEMPLATES) | set(V7_TEST_TEMPLATES)
                         | set(V8_TEST_TEMPLATES) | set(V9_TEST_TEMPLATES) | set(V10_TEST_TEMPLATES))
    assert len(V4_TEST_TEMPLATES) == len(V5_TEST_TEMPLATES) == len(V6_TEST_TEMPLATES) == len(V7_TEST_TEMPLATES) \
        == len(V8_TEST_TEMPLATES) == len(V9_TEST_TEMPLATES) == len(V10_TEST_TEMPLATES) == 10
    assert not set(V10_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                                          | set(V5_TEST_TEMPLATES) | set(V6_TEST_TEMPLATES) | set(V7_TEST_TEMPLATES)
                                          | set(V8_TEST_TEMPLATES) | set(V9_TEST_TEMPLATES))
    assert not set(V9_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                                         | set(V5_TEST_TEMPLATES) | set(V6_TEST_TEMPLATES) | set(V7_TEST_TEMPLATES)
                                         | set(V8_TEST_TEMPLATES))
    assert not set(V8_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                                         | set(V5_TEST_TEMPLATES) | set(V6_TEST_TEMPLATES) | set(V7_TEST_TEMPLATES))
    assert not set(V7_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                                         | set(V5_TEST_TEMPLATES) | set(V6_TEST_TEMPLATES))
    assert not set(V6_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES) | set(V4_TEST_TEMPLATES)
                                         | set(V5_TEST_TEMPLATES))
    assert not set(V4_TEST_TEMPLATES) & (set(NEW_TEST_TEMPLATES) | set(V3_TEST_TEMPLATES))
    assert not set(test) & set(train)
    assert not {t.build for t in test.values()} & {t.build for t in train.values()}
    assert {"icu-flow-2", "telegraphic-2", "transfer-2", "event-2", "registration"} <= set(train)
    for doc in generate(40, seed=2, part="test"):
        style = re.sub(r"(-caps|-lower)?(-ocr)?$", "", doc.style)
        assert style in test or style in ("negatives", "lexicon-negatives"), style


def test_every_span_is_where_the_text_says() -> None:
    """Each labelled part of every template lands at its span, exactly, in every letter case; spans never overlap
    and never start or end with blank space."""
    for name, t in TEMPLATES.items():
        for seed in range(6):
            parts = t.build(_Gen(random.Random(seed), t.part))
            for case in t.cases:
                doc = _render(name, parts, case, ocr=seed % 2 == 0, rng=random.Random(seed))
                labelled = [p for p in parts if not isinstance(p, str) and p[1] is not None]
                assert len(doc.spans) == len(labelled), name
                for (s, e, typ), (text, want) in zip(doc.spans, labelled, strict=True):
                    rendered = text.upper() if case == "caps" else text.lower() if case == "lower" else text
                    assert (doc.text[s:e], typ) == (rendered, want), name
                    assert rendered and rendered == rendered.strip(), (name, rendered)
                ordered = sorted(doc.spans)
                assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered)), name


def test_the_test_part_covers_every_category_and_the_hard_forms() -> None:
    docs = generate(240, seed=11, part="test")
    gold = [(d.text[s:e], typ) for d in docs for s, e, typ in d.spans]
    train_categories = {typ for d in generate(200, seed=11, part="train") for _, _, typ in d.spans} - {"ID"}
    assert {typ for _, typ in gold} == train_categories and len(train_categories) == 19  # (ID: the catch-all)
    ages = [x.lower() for x, typ in gold if typ == "AGE"]
    dates = [x.lower() for x, typ in gold if typ == "DATE"]
    assert any("ninety" in a or "hundred" in a for a in ages)  # ages over 89 in words
    assert any(x in dates for x in ("christmas", "thanksgiving", "labor day"))  # holidays
    assert any(re.fullmatch(r"\d\d/\d\d/\d\d", x) for x in dates)  # two-digit years
    names = [x for x, typ in gold if typ == "NAME"]
    assert any(x.isupper() and " " in x for x in names) and any(re.fullmatch(r"[A-Z]{2}", x) for x in names)
    ips = [x for x, typ in gold if typ == "IP"]
    assert any(":" in x for x in ips) and any("." in x for x in ips)


def test_generation_is_deterministic() -> None:
    for part in ("train", "test"):
        first, again = generate(60, seed=9, part=part), generate(60, seed=9, part=part)
        assert [(d.style, d.text, d.spans) for d in first] == [(d.style, d.text, d.spans) for d in again]
    assert generate(20, seed=9, part="test")[0].text != generate(20, seed=10, part="test")[0].text


def test_the_fresh_vocabulary_is_unknown_and_test_only() -> None:
    """The names and towns invented for the test part are in no data file of the engine, nor in the generator's
    other lists, and no train document uses them."""
    from phigate.phi.recognizers._lexicon import lexicon

    lx = lexicon()
    known = set(lx.first_names) | set(lx.last_names) | lx.common_words | lx.cities | lx.counties | lx.medical
    known |= lx.clinical | lx.shorthand | set(lx.zipf)
    fresh = FRESH["first"] + FRESH["last"] + FRESH["towns"]
    assert not [w for w in fresh if w.lower() in known]
    others = {x.lower() for d in (HELD_OUT, _DATA) for v in d.values() if isinstance(v, list) for x in v}
    assert not [w for w in fresh if w.lower() in others]
    words = {w.lower() for d in generate(300, seed=4, part="train") for w in re.findall(r"\w+", d.text)}
    assert not {w.lower() for w in fresh} & words


def test_the_third_parts_vocabulary_is_its_own() -> None:
    """The third test part's names, towns and streets are in none of the generator's other lists, and no train
    document uses them (they may be in the engine's dictionaries: many real names are)."""
    others = {x.lower() for d in (HELD_OUT, _DATA) for v in d.values() if isinstance(v, list) for x in v}
    assert not [w for w in V3_VOCABULARY if w.lower() in others]
    words = {w.lower() for d in generate(300, seed=4, part="train") for w in re.findall(r"\w+", d.text)}
    assert not [w for w in V3_VOCABULARY if set(re.findall(r"\w+", w.lower())) <= words]
    styles = {d.style for d in generate(7, seed=1, part="train", templates=(*V3_TEST_TEMPLATES, "discharge"))}
    assert {re.sub(r"(-caps|-lower)?(-ocr)?$", "", x) for x in styles} == {"discharge", "negatives",
                                                                            "lexicon-negatives"}
    with pytest.raises(ValueError):
        generate(7, seed=1, part="train", templates=V3_TEST_TEMPLATES)


def test_the_fourth_parts_vocabulary_is_its_own() -> None:
    """The fourth test part's invented names, towns and streets are in no data file of the engine (but for the
    generic words of a town's name: "Lake", "North"), in none of the generator's other lists, and no train document
    uses them; the part's templates are test only."""
    from phigate.phi.recognizers._lexicon import lexicon

    lx = lexicon()
    known = set(lx.first_names) | set(lx.last_names) | lx.common_words | lx.cities | lx.counties | lx.medical
    known |= lx.clinical | lx.shorthand | set(lx.zipf)
    generic = {"upper", "lake", "north", "west", "creek"}
    words = {w for entry in V4_VOCABULARY for w in re.findall(r"\w+", entry.lower())}
    assert len(V4_VOCABULARY) >= 100 and words - generic
    assert not [w for w in words - generic if w in known]
    assert not [e for e in V4_VOCABULARY if e.lower() in known]
    others = {x.lower() for d in (HELD_OUT, _DATA) for v in d.values() if isinstance(v, list) for x in v}
    others |= {w for x in (*V3_VOCABULARY, *FRESH["first"], *FRESH["last"], *FRESH["towns"])
               for w in re.findall(r"\w+", x.lower())}
    assert not (words - generic) & others
    train = {w.lower() for d in generate(300, seed=4, part="train") for w in re.findall(r"\w+", d.text)}
    assert not (words - generic) & train
    assert {TEMPLATES[k].part for k in V4_TEST_TEMPLATES} == {"test"}
    with pytest.raises(ValueError):
        generate(10, seed=1, part="train", templates=V4_TEST_TEMPLATES)


# The fifth to tenth parts, each written by a helper who had not read the engine: what the same structural
# tests need of each (its templates, its own words, the module that holds its generic town words, the modules and the
# vocabularies written before it).
_LATE_PARTS = {
    "fifth": (V5_TEST_TEMPLATES, V5_VOCABULARY, "corpus_v5", ("corpus", "corpus_v4"),
              (V4_VOCABULARY, V3_VOCABULARY)),
    "sixth": (V6_TEST_TEMPLATES, V6_VOCABULARY, "corpus_v6", ("corpus", "corpus_v4", "corpus_v5"),
              (V5_VOCABULARY, V4_VOCABULARY, V3_VOCABULARY)),
    "seventh": (V7_TEST_TEMPLATES, V7_VOCABULARY, "corpus_v7", ("corpus", "corpus_v4", "corpus_v5", "corpus_v6"),
                (V6_VOCABULARY, V5_VOCABULARY, V4_VOCABULARY, V3_VOCABULARY)),
    "eighth": (V8_TEST_TEMPLATES, V8_VOCABULARY, "corpus_v8",
               ("corpus", "corpus_v4", "corpus_v5", "corpus_v6", "corpus_v7"),
               (V7_VOCABULARY, V6_VOCABULARY, V5_VOCABULARY, V4_VOCABULARY, V3_VOCABULARY)),
    "ninth": (V9_TEST_TEMPLATES, V9_VOCABULARY, "corpus_v9",
              ("corpus", "corpus_v4", "corpus_v5", "corpus_v6", "corpus_v7", "corpus_v8"),
              (V8_VOCABULARY, V7_VOCABULARY, V6_VOCABULARY, V5_VOCABULARY, V4_VOCABULARY, V3_VOCABULARY)),
    "tenth": (V10_TEST_TEMPLATES, V10_VOCABULARY, "corpus_v10",
              ("corpus", "corpus_v4", "corpus_v5", "corpus_v6", "corpus_v7", "corpus_v8", "corpus_v9"),
              (V9_VOCABULARY, V8_VOCABULARY, V7_VOCABULARY, V6_VOCABULARY, V5_VOCABULARY, V4_VOCABULARY,
               V3_VOCABULARY)),
}


@pytest.mark.parametrize("part", list(_LATE_PARTS))
def test_a_late_parts_spans_are_where_the_text_says(part: str) -> None:
    """Each labelled part of every template of the fifth to tenth parts lands at its span, exactly, over many draws,
    in every letter case, with and without OCR noise; spans never overlap, never start or end with blank space and
    never cut a word."""
    for name in _LATE_PARTS[part][0]:
        t = TEMPLATES[name]
        for seed in range(40):
            parts = t.build(_Gen(random.Random(seed), "test"))
            labelled = [p for p in parts if not isinstance(p, str) and p[1] is not None]
            for case in ("mixed", "caps", "lower"):
                doc = _render(name, parts, case, ocr=seed % 3 == 0, rng=random.Random(seed))
                assert len(doc.spans) == len(labelled), name
                for (s, e, typ), (text, want) in zip(doc.spans, labelled, strict=True):
                    rendered = text.upper() if case == "caps" else text.lower() if case == "lower" else text
                    assert (doc.text[s:e], typ) == (rendered, want), name
                    assert rendered and rendered == rendered.strip(), (name, rendered)
                    assert doc.text[s - 1:s].strip() in ("", "(", "[", "<", "#", "-", "/") or not s, (name, rendered)
                    assert not re.match(r"[a-z0-9]", doc.text[e:e + 1], re.IGNORECASE), (name, rendered)
                ordered = sorted(doc.spans)
                assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered)), name


@pytest.mark.parametrize("part", list(_LATE_PARTS))
def test_a_late_parts_vocabulary_is_its_own(part: str) -> None:
    """The fifth to tenth parts' invented names, towns and streets are in no data file of the engine (but for the
    generic words of a town's name: "Port", "Lake"), in no list of the generator written before them (the shared
    lists, the held-out names, the earlier parts' words, the train templates' words), and no train document uses
    them."""
    import importlib

    from phigate.phi.recognizers._lexicon import lexicon

    templates, vocabulary, own, earlier, earlier_vocabularies = _LATE_PARTS[part]
    assert len(vocabulary) >= 120 and len(set(vocabulary)) == len(vocabulary)
    lx = lexicon()
    known = set(lx.first_names) | set(lx.last_names) | lx.common_words | lx.cities | lx.counties | lx.medical
    known |= lx.clinical | lx.shorthand | set(lx.zipf)
    own_module = importlib.import_module(f"tests.vectors.phi.{own}")
    generic = set(getattr(own_module, f"V{own.removeprefix('corpus_v')}_GENERIC"))
    words = {w for entry in vocabulary for w in re.findall(r"\w+", entry.lower())}
    assert len(words - generic) >= 120
    assert not sorted(w for w in words - generic if w in known)
    assert not [e for e in vocabulary if e.lower() in known]
    # every list of words the generator holds outside this part: its data files and each module-level word list
    others = {x.lower() for d in (HELD_OUT, _DATA) for v in d.values() if isinstance(v, list) for x in v}
    for name in earlier:
        for value in vars(importlib.import_module(f"tests.vectors.phi.{name}")).values():
            if value is vocabulary or value is templates:  # corpus.py names the part's own lists
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(x, str) for x in value):
                others |= {w for x in value for w in re.findall(r"\w+", x.lower())}
    others |= {w for x in (*(e for v in earlier_vocabularies for e in v), *FRESH["first"], *FRESH["last"],
                           *FRESH["towns"]) for w in re.findall(r"\w+", x.lower())}
    assert not sorted((words - generic) & others)
    train = {w.lower() for d in generate(300, seed=4, part="train") for w in re.findall(r"\w+", d.text)}
    assert not sorted((words - generic) & train)


@pytest.mark.parametrize("part", list(_LATE_PARTS))
def test_no_train_document_uses_a_late_part(part: str) -> None:
    """The fifth to tenth parts' templates are test only and their own: a train draw never renders them, asked for
    them alone it refuses, and a draw of every part renders them only as test documents."""
    templates = _LATE_PARTS[part][0]
    assert len(templates) == 10 and {TEMPLATES[k].part for k in templates} == {"test"}
    earlier = {*NEW_TEST_TEMPLATES, *V3_TEST_TEMPLATES, *V4_TEST_TEMPLATES, *V5_TEST_TEMPLATES, *V6_TEST_TEMPLATES,
               *V7_TEST_TEMPLATES, *V8_TEST_TEMPLATES, *V9_TEST_TEMPLATES, *V10_TEST_TEMPLATES} - set(templates)
    assert not set(templates) & earlier
    builds = {TEMPLATES[k].build for k in templates}
    assert not builds & {t.build for k, t in TEMPLATES.items() if k not in templates}
    with pytest.raises(ValueError):
        generate(10, seed=1, part="train", templates=templates)
    styles = {re.sub(r"(-caps|-lower)?(-ocr)?$", "", d.style) for d in generate(400, seed=4, part="train")}
    assert styles and not styles & set(templates)
    mixed = generate(12, seed=1, part="train", templates=(*templates, "discharge"))
    assert {re.sub(r"(-caps|-lower)?(-ocr)?$", "", d.style) for d in mixed} == {"discharge", "negatives",
                                                                                "lexicon-negatives"}


def _labels_every_category(templates: tuple[str, ...]) -> tuple[list[Any], list[tuple[str, str]]]:
    """A late part's documents (240, seed 11) and their gold (text, type) pairs, having checked that every template
    and the negatives are drawn, that the part labels every category the train part does but the catch-all ID, and
    each template eight at least."""
    docs = generate(240, seed=11, part="test", templates=templates)
    styles = {re.sub(r"(-caps|-lower)?(-ocr)?$", "", d.style) for d in docs}
    assert styles == {*templates, "negatives", "lexicon-negatives"}
    gold = [(d.text[s:e], typ) for d in docs for s, e, typ in d.spans]
    train_categories = {typ for d in generate(200, seed=11, part="train") for _, _, typ in d.spans} - {"ID"}
    assert {typ for _, typ in gold} == train_categories and len(train_categories) == 19  # (ID: the catch-all)
    per_template = {name: {typ for d in docs if d.style.startswith(name) for _, _, typ in d.spans}
                    for name in templates}
    assert all(len(cats) >= 8 for cats in per_template.values()), per_template
    return docs, gold


def test_the_fifth_part_labels_every_category_in_many_forms() -> None:
    """The fifth part alone labels all 19 categories, in every letter case, with the hard forms (ages over 89 in
    words, holidays, two-digit years, ZIP+4, IPv4 and IPv6, initials, names in capitals and in lowercase), and keeps
    its hard negatives (eponyms, drug names, model and product codes, ages under 90) out of every span."""
    docs, gold = _labels_every_category(V5_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"nicu-update-lower", "ambulance-billing-caps", "dme-order"}
    ages = [x.lower() for x, typ in gold if typ == "AGE"]
    dates = [x.lower() for x, typ in gold if typ == "DATE"]
    assert any("ninety" in a or "hundred" in a for a in ages) and any(re.fullmatch(r"\d{2,3}", a) for a in ages)
    assert any(x in dates for x in ("thanksgiving day", "christmas", "labor day", "independence day"))
    assert any(re.fullmatch(r"\d\d/\d\d/\d\d", x) for x in dates) and any(re.fullmatch(r"\d{8}", x) for x in dates)
    names = [x for x, typ in gold if typ == "NAME"]
    assert any(x.isupper() and " " in x for x in names) and any(re.fullmatch(r"[A-Z]{2}", x) for x in names)
    assert any(x.islower() and " " in x for x in names) and any("'" in x for x in names)
    ips = [x for x, typ in gold if typ == "IP"]
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert any(re.fullmatch(r"\d{5}-\d{4}", x) for x, typ in gold if typ == "ZIP")
    assert any(re.search(r"(?i)\b(apt|unit|suite|lot|trlr|spc)\b", x) for x, typ in gold if typ == "ADDRESS")
    text = "\n".join(d.text for d in docs)
    for negative in ("Snellen", "Goldmann", "Flomax", "Kell", "Duffy", "Lewis", "Roux-en-Y", "E0336V00", "SN60WF",
                     "A0427", "Malarone", "Weber", "Rinne"):
        assert re.search(re.escape(negative), text, re.IGNORECASE), negative
    for d in docs:
        hard = r"\(Kell\)|\(Duffy\)|Kidd and Lewis|\(Snellen\)|\(Goldmann\)|\b\d{2} y/o\b|\bage [1-8]\d\b"
        for m in re.finditer(hard, d.text, re.IGNORECASE):
            assert not [1 for s, e, _ in d.spans if s < m.end() and m.start() < e], (d.style, m.group())


def _no_span_over(docs: list[Any], hard: str) -> None:
    """No span covers any part of a match of ``hard`` (a part's hard negatives: eponyms, codes, model numbers, ages
    under 90)."""
    for d in docs:
        for m in re.finditer(hard, d.text, re.IGNORECASE):
            assert not [1 for s, e, _ in d.spans if s < m.end() and m.start() < e], (d.style, m.group())


def _has_the_hard_forms(gold: list[tuple[str, str]]) -> None:
    """The hard forms the sixth to eighth parts all label: ages over 89 in words and digits and none under 90,
    holidays, two-digit years and compact dates, names in capitals and in lowercase, initials, apostrophes and
    hyphens, IPv4 and IPv6, ZIP+4, units in street lines."""
    ages = [x.lower() for x, typ in gold if typ == "AGE"]
    dates = [x.lower() for x, typ in gold if typ == "DATE"]
    assert any("ninety" in a for a in ages) and any("hundred" in a for a in ages)
    assert any(re.fullmatch(r"\d{2,3}", a) for a in ages)
    assert all(re.search(r"9\d|1\d\d|ninety|hundred", a) for a in ages)  # no age under 90 carries a span
    assert {"christmas", "thanksgiving", "labor day", "memorial day"} <= set(dates)
    assert any(re.fullmatch(r"\d\d/\d\d/\d\d", x) for x in dates) and any(re.fullmatch(r"\d{8}", x) for x in dates)
    names = [x for x, typ in gold if typ == "NAME"]
    assert any(x.isupper() and " " in x for x in names) and any(re.fullmatch(r"[A-Z]{2,3}", x) for x in names)
    assert any(x.islower() and " " in x for x in names) and any("'" in x for x in names)
    assert any(re.search(r"\w-\w", x) for x in names)
    ips = [x for x, typ in gold if typ == "IP"]
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert any(re.fullmatch(r"\d{5}-\d{4}", x) for x, typ in gold if typ == "ZIP")
    assert any(re.search(r"(?i)\b(apt|unit|suite|ste|lot|trailer|space|bldg)\b", x) for x, typ in gold
               if typ == "ADDRESS")


def test_the_sixth_part_labels_every_category_in_many_forms() -> None:
    """The sixth part alone labels all 19 categories, in every letter case its settings use, each template at least
    eight, with the hard forms (ages over 89 in words and digits, holidays, two-digit years, ZIP+4, IPv4 and IPv6,
    initials, names in capitals and in lowercase, with apostrophes and hyphens, units in street lines), and keeps its
    hard negatives (eponyms, drug and device names, model and lot numbers, ages under 90, readings) out of every
    span."""
    docs, gold = _labels_every_category(V6_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"poison-control-lower", "death-worksheet-caps", "correctional-intake-lower",
                                       "fertility-cycle", "anticoag-clinic-caps"}
    _has_the_hard_forms(gold)
    for negative in ("Mohs", "Zitelli", "Breslow", "Rumack-Matthew", "Puchalski", "Psalm 23", "Mendelsohn", "Zenker",
                     "Rosenbek", "St. Jude", "Alzheimer", "Gonal-f", "CoaguChek", "Passy-Muir", "CIWA-Ar", "Xolair",
                     "49 CFR 382.303", "90-100 F", "G0249"):
        assert re.search(re.escape(negative), "\n".join(d.text for d in docs), re.IGNORECASE), negative
    hard = (r"Mohs technique|Mohs micrographic|\(Zitelli modification\)|Breslow|Rumack-Matthew|\(Puchalski\)"
            r"|Psalm 23|Mendelsohn maneuver|Zenker's|\(Rosenbek scale\)|St\. Jude Medical|Alzheimer type"
            r"|Parkinson disease|Samter's triad|Churg-Strauss|Passy-Muir PMV 007|\(model \w+\)|90-100 F"
            r"|\| CD\d+\s+\||\bRm \d+-[AB]\b|\blot [a-z]{2}\d{5}\b"
            r"|\b[1-8]?\d (y/o|yo|yr|yrs)\b|\bage [1-8]?\d\b|\b[1-8]\d-year-old\b|Age: [1-8]\d\b")
    _no_span_over(docs, hard)


def test_the_seventh_part_labels_every_category_in_many_forms() -> None:
    """The seventh part alone labels all 19 categories, in every letter case its settings use, each template at
    least eight, with the hard forms (ages over 89 in words and digits, holidays, two-digit years, an assigned
    first-of-January birth date, ZIP+4, IPv4 and IPv6, initials, names in capitals and in lowercase, with apostrophes
    and hyphens, units and lots in street lines), and keeps its hard negatives (eponyms of tests, rules and doctrines,
    places used as eponyms, drug and device names, model, form and lot numbers, ages under 90, years alone, room and
    machine numbers, readings) out of every span."""
    docs, gold = _labels_every_category(V7_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"urgent-care-lower", "urgent-care-caps", "plasma-donation-caps",
                                       "refugee-health-caps", "home-safety-ot-lower", "lactation-consult-lower",
                                       "competency-evaluation-caps", "concussion-clinic-lower", "cardiac-rehab"}
    _has_the_hard_forms(gold)
    dates = [x.lower() for x, typ in gold if typ == "DATE"]
    assert any(re.fullmatch(r"0?1/0?1/\d{4}|\d{4}-01-01|jan 1, \d{4}", x) for x in dates)  # an assigned birth date
    assert any(re.fullmatch(r"[a-z]{2,3}", x) for x, typ in gold if typ == "NAME")  # initials in lowercase
    text = "\n".join(d.text for d in docs)
    for negative in ("Bruce protocol", "Karvonen", "Borg", "Duke treadmill", "Ottawa ankle rules", "Canadian C-spine",
                     "Dusky", "Miranda", "Tarasoff", "Semmes-Weinstein", "Charcot", "Lisfranc", "Morton neuroma",
                     "Hazelbaker", "Hale L1", "Medela Symphony", "Haemonetics", "Mini-Cog", "Otago", "Berg Balance",
                     "Allen Cognitive", "Katz", "Lawton", "Lystedt", "King-Devick", "Buffalo", "Amsterdam 2022",
                     "DS-2054", "Loa loa", "12011KD-1", "11721-Q8", "V43.52XA", "in 1988"):
        assert re.search(re.escape(negative), text, re.IGNORECASE), negative
    hard = (r"Bruce protocol|Karvonen|Borg 6-20|Duke treadmill|Ottawa ankle|Canadian C-spine|Dusky v\. United States"
            r" \(1960\)|Miranda-like|Tarasoff|Semmes-Weinstein|Charcot|Lisfranc|Morton neuroma|Tinel sign|Mulder click"
            r"|Hazelbaker|Hale L1|Medela Symphony|Spectra S1|Haemonetics NexSys|machine 14, bay C-7|Mini-Cog|Otago"
            r"|Berg Balance|Allen Cognitive|Katz ADL|Lawton IADL|Drive Medical 12011KD-1|the Lystedt law|King-Devick"
            r"|Buffalo Concussion|Amsterdam 2022|DS-2054|DS-3025|Form I-693|in 1988|admissions 2017 and 2021"
            r"|\(model \w+\)|\| Hct \d\d%|\broom \d+\b|\blot [a-z]{2}\d{4,6}\b|\(age \d{1,2}\)"
            r"|\b[1-8]?\d (y/o|yo|yrs)\b|\bage [1-8]?\d\b|\b[1-8]\d-year-old\b|Age: [1-8]\d\b")
    _no_span_over(docs, hard)


def test_the_eighth_part_labels_every_category_in_many_forms() -> None:
    """The eighth part alone labels all 19 categories, in every letter case its settings use, each template at least
    eight, with the hard forms (as the sixth and seventh parts', and a surname spelled out letter by letter), and
    keeps its hard negatives (eponyms of scores, signs and cases, a state in a case's name, device and product models,
    form, regulation, lot and room numbers, a form's revision year, ages under 90) out of every span."""
    docs, gold = _labels_every_category(V8_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"well-child-lower", "vaers-report-caps", "ur-call-log-lower", "ur-call-log-caps",
                                       "answering-service-lower", "billing-statement-caps", "dds-fax",
                                       "mh-court-hearing-caps", "sane-custody-caps", "fmla-certification-caps"}
    _has_the_hard_forms(gold)
    assert any(re.fullmatch(r"[a-z](-[a-z]){3,}", x) for x, typ in gold if typ == "NAME")  # spelled on the phone
    text = "\n".join(d.text for d in docs)
    for negative in ("Apgar", "ASQ-3", "M-CHAT-R/F", "Bright Futures", "Guillain-Barre", "Bell's palsy", "Brighton",
                     "Morse Fall Scale", "Braden", "Hoyer lift", "InterQual", "Milliman", "Addington v. Texas",
                     "O'Connor v. Donaldson (1975)", "Wood's lamp", "Foley catheter", "Romberg", "Spurling", "Jamar",
                     "SSA-3368", "WH-380-E (revised 2020)", "29 CFR 825.306", "ResMed AirSense 11", "Philips Trilogy"):
        assert re.search(re.escape(negative), text, re.IGNORECASE), negative
    hard = (r"Apgar 8/9|Denver-style|no Moro|ASQ-3|M-CHAT-R/F|Bright Futures|Guillain-Barre|Bell's palsy|Brighton"
            r"|Morse Fall Scale|Braden \d+|BIMS \d+|Hoyer lift|Pride Jazzy Select 6|Phonak Audeo L90|InterQual"
            r"|MCG 28th|Milliman|Philips Trilogy Evo|Addington v\. Texas|O'Connor v\. Donaldson \(1975\)"
            r"|441 U\.S\. 418 \(1979\)|Wood's lamp|Foley catheter|toluidine blue|Romberg|Spurling|Phalen and Tinel"
            r"|Jamar|SSA-3368|Form WH-380-E \(revised 2020\)|1235-0003|29 CFR 825\.306|ResMed AirSense 11"
            r"|Cochlear Nucleus 8|\blot [A-Z0-9]{4,9}\b|Room: \d{3}-[AB]|evidence locker 7|MedDRA PT 10018767"
            r"|\b[1-8]?\d (y\.o\.|yr old|yo|years old)\b|\bage [1-8]?\d\b|\b[1-8]?\d-year-old\b|18-month-old"
            r"|Age at vaccination: [1-8]\d\b")
    _no_span_over(docs, hard)


def test_the_ninth_part_labels_every_category_in_many_forms() -> None:
    """The ninth part alone labels all 19 categories, in every letter case its settings use, each template at least
    eight, with the hard forms (as the sixth to eighth parts'), and keeps its hard negatives (eponyms of tests, signs
    and diseases, form, protocol, CPT, USDOT, model and lot numbers, ages under 90) out of every span."""
    docs, gold = _labels_every_category(V9_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"guardianship-petition-caps", "life-insurance-exam-caps", "dot-physical-caps",
                                       "portal-thread-lower", "daycare-injury-caps", "rpm-alert-log-lower",
                                       "funeral-first-call-caps", "trial-screening-log", "adoption-history",
                                       "jury-excuse-letter"}
    _has_the_hard_forms(gold)
    text = "\n".join(d.text for d in docs)
    for negative in ("Alzheimer", "MoCA 11/30", "PC-611", "MCSA-5875", "USDOT 2231987", "Snellen", "Whisper test",
                     "Epworth", "AirSense 10", "triamcinolone", "Lyme", "NVX-3301-02", "Dexcom G7", "Hashimoto",
                     "Huntington", "Marfan", "Apgar", "Parkinson", "Phonak", "Osgood-Schlatter", "BT-400",
                     "99454/99457", "lot 44K210"):
        assert re.search(re.escape(negative), text, re.IGNORECASE), negative
    hard = (r"Alzheimer type|MoCA 11/30|PC-611|MCSA-5875|USDOT 2231987|Snellen|Whisper test|Epworth \d|AirSense 10"
            r"|triamcinolone|Lyme|NVX-3301-02|Site 114|Dexcom G7|Hashimoto|Huntington|Marfan|Apgar 8 and 9"
            r"|Parkinson disease|Phonak|Osgood-Schlatter|model BT-400|CPT 99454/99457|lot 44K210|van 2"
            r"|died at 81|Age 58|Age: 3\b|\| (62|47|71|55|39) \||was 19\b|in past 10 yrs")
    _no_span_over(docs, hard)


def test_the_tenth_part_labels_every_category_in_many_forms() -> None:
    """The tenth part alone labels all 19 categories, in every letter case its settings use, each template at least
    eight, with the hard forms (as the sixth to ninth parts') and its new cases (coordinates as ADDRESS, bib numbers
    and tracking numbers as ACCOUNT, a face template as BIOMETRIC), and keeps its hard negatives (eponyms of scales,
    laws and stagings, form, regulation, disaster, IMO, tail, cot, deck, cabin, chamber and lot numbers, a lot's
    expiry, drug and device models, ages under 90) out of every span."""
    docs, gold = _labels_every_category(V10_TEST_TEMPLATES)
    assert {d.style for d in docs} >= {"interpreter-log-lower", "va-disability-exam-caps", "shelter-intake-caps",
                                       "hyperbaric-log-caps", "race-medical-tent-lower", "sar-incident-caps",
                                       "specialty-pharmacy-lower", "cruise-infirmary", "records-amendment",
                                       "medspa-treatment"}
    _has_the_hard_forms(gold)
    assert any(re.search(r"\d+\.\d{4}", x) for x, typ in gold if typ == "ADDRESS")  # a GPS fix
    assert any(x.lower().startswith("1z") for x, typ in gold if typ == "ACCOUNT")  # a parcel tracking number
    assert any(x.lower().startswith(("fr-", "vx-")) for x, typ in gold if typ == "BIOMETRIC")
    text = "\n".join(d.text for d in docs)
    for negative in ("Wong-Baker", "Glasgow 15", "T1013", "21-0960N-2", "Maryland CNC", "38 CFR 4.85", "Oticon More 1",
                     "ICS 214", "FEMA-4785-DR", "Cot 114", "Inogen One G5", "Wagner grade 3", "Marx protocol",
                     "Boyle's law", "IMO 9383936", "Cabin 9114", "norovirus", "Ondansetron", "Na 128", "Swiss staging",
                     "Lake Louise", "N215CM", "45 CFR 164.526", "HIM-22", "Crohn", "Humira", "lot DK4471",
                     "exp 08/2027", "TL-5521", "Fitzpatrick", "Glogau", "Merz", "Hodgkin", "Botox", "Juvederm",
                     "Nucleus 8"):
        assert re.search(re.escape(negative), text, re.IGNORECASE), negative
    hard = (r"Wong-Baker FACES 6|Glasgow 15|HCPCS T1013|Nucleus 8|VA Form 21-0960N-2|Maryland CNC|38 CFR 4\.85"
            r"|Oticon More 1|was 19 at|since 1953|ICS 214|FEMA-4785-DR|Cot 114|Inogen One G5|Glucose 212"
            r"|Wagner grade 3|Marx protocol 30/10|Boyle's law|chamber \d|2\.4 ATA|TcPO2 38|IMO 9383936"
            r"|Cabin 9114, Deck 9|\(Canada\)|norovirus|Ondansetron|scopolamine|medical tent B|Na 128|mile 22"
            r"|\b\d\d[FM]\b|GCS 14|Swiss staging|Lake Louise AMS score 5|SAM splint|N215CM|45 CFR 164\.526"
            r"|Form HIM-22|Crohn disease|recorded as 78|Humira|lot DK4471|exp 08/2027|TL-5521|Fitzpatrick III"
            r"|Glogau II|Merz glabellar 3|Hodgkin lymphoma at 24|Botox Cosmetic|lot C7712C3|Juvederm Voluma"
            r"|grandson, 16|Age: [1-8]\d\b|\bage [1-8]?\d\b")
    _no_span_over(docs, hard)


@pytest.mark.parametrize("part", ["train", "test"])
def test_each_part_uses_only_its_own_vocabulary(part: str) -> None:
    other = "test" if part == "train" else "train"
    g = _Gen(random.Random(1), part)
    assert not {g.first() for _ in range(200)} & set(split(_Gen(random.Random(1), other).v["held_first"], other))
    assert {part_of(g.last()) for _ in range(200)} == {part}


# The documents the leak check has always drawn (every template but the fourth to tenth test parts', which would
# shift the draw), and the fourth test part apart.
_BEFORE_V4 = tuple(k for k in TEMPLATES if k not in (*V4_TEST_TEMPLATES, *V5_TEST_TEMPLATES, *V6_TEST_TEMPLATES,
                                                     *V7_TEST_TEMPLATES, *V8_TEST_TEMPLATES,
                                                     *V9_TEST_TEMPLATES, *V10_TEST_TEMPLATES))


@pytest.mark.parametrize(("part", "templates"), [("all", _BEFORE_V4), ("test", V4_TEST_TEMPLATES)],
                         ids=["parts-1-to-3", "fourth-test-part"])
def test_no_gold_value_leaks_into_surrogate_output(part: str, templates: tuple[str, ...]) -> None:
    ctx = DeidContext(tenant="t", patient_ref="p", secret=b"z" * 32)
    leaks = []
    for doc in generate(80, seed=3, part=part, templates=templates):
        out = deidentify(doc.text, "surrogate", ctx).text
        for s, e, _ in doc.spans:
            gold = doc.text[s:e]
            hit = any(ps < e and s < pe for ps, pe in [(x.start, x.end) for x in analyze(doc.text)])
            # the output may keep the word where the input uses it as no PHI ("Dr. Foley" ... "Foley catheter")
            plain = sum(1 for m in re.finditer(re.escape(gold), doc.text)
                        if not any(gs < m.end() and m.start() < ge for gs, ge, _ in doc.spans))
            if hit and len(gold) > 3 and out.count(gold) > plain:
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
