"""The fifth round's fast paths answer as the plain code they stand in for (speed work must change no decision).

Each cheap test that now runs before a costlier one is checked to be a necessary condition of it (the costlier one
is never skipped where it would answer otherwise), each memo against what it remembers, each rewrite against a copy
of the code it replaced, on hand-made text in every letter case and on the synthetic corpus's train part.
"""

from __future__ import annotations

import random
import re
from itertools import product

import pytest

from phigate.phi import analyze
from phigate.phi.recognizers import _names as N
from phigate.phi.recognizers import _scorer as S
from phigate.phi.recognizers import _tokens as T
from phigate.phi.recognizers import _words as W
from phigate.phi.recognizers._lexicon import Lexicon, lexicon
from tests.unit.phi.test_fast_paths import _BOUND_TEXTS

_HAND = [
    *_BOUND_TEXTS,
    "Tamsin Orlevy\nMICU nursing note\nQuorvin, Adelric (MRN 12345678) seen. Call Imra at 617-555-0101.",
    "Foley catheter in place; Parkinson's disease. d/c foley in am. Glasgow 15. Dr. Foley aware.",
    "Transcribed by: JS/mq\nVisitors: Ione Varga, Caspian Varga and Evander\nSincerely,\n\nEustace Pennywhistle",
    "Adelric Quorvin is a 45 y/o man; Ostrander, Pelle, G2P1, 31 y/o; pt O'Halloran's wife at bedside.",
    "Marguerite (sister) called. The Castellano family is at the bedside. Rosalind reports pain.",
    "Good morning Adelric, your labs look good. DO: Imra Quellin",
]


def _texts(train: int = 40) -> list[str]:
    from tests.vectors.phi.corpus import generate

    texts = _HAND + [t.upper() for t in _HAND] + [t.lower() for t in _HAND]
    return texts + [d.text for d in generate(train, seed=11, part="train")]


def test_sentence_gap_is_the_pattern() -> None:
    rng = random.Random(1)
    for _ in range(20_000):
        gap = "".join(rng.choice(" \t\n.!?:;,-)\u00a0x") for _ in range(rng.randint(0, 8)))
        assert S._sentence_gap(gap) == (S._SENTENCE_END.search(gap) is not None), repr(gap)


def test_age_gate_never_skips_an_age() -> None:
    """``_age_next`` asks the age pattern only after a comma or before "is"/"was" (or a word not in ASCII): wherever
    the pattern matches, the gate lets it through."""
    pieces = ["Erkki", " ", "  ", "\t", ",", ", ", "is", "was", "IS", "Was", "a", "an", "95", "3", "year", "years",
              "yo", "y/o", "yrs", "old", "G2P1", "ıs", "wası", "-", "x"]
    rng = random.Random(2)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        tk = T.tokenize(text)
        for j in range(1, len(tk.lows) + 1):
            assert S._age_next(text, tk, j) == S.age_after(text, tk.ends[j - 1]), (text, j)


def _after_ceiling_plain(tk: T.Tokens, j: int, text: str) -> float:
    """``_after_ceiling`` as it was before its one-test answer for most words."""
    nxt = tk.lows[j] if j < len(tk.lows) else ""
    if nxt in W.CREDENTIALS or len(nxt) == 1:
        return 4.0
    if S.age_after(text, tk.ends[j - 1]):
        return 3.5
    if nxt in S._RECORD_WORDS and S.record_after(tk, j):
        return 3.0
    if (tk.gaps[j - 1].lstrip(" \t,:")[:1] in S._PHONE_FIRST or nxt == "at") and S.phone_after(text, tk.ends[j - 1]):
        return 2.0
    if nxt in W.RELATIVES:
        return 3.0
    return 2.0 if nxt in S._WORD_AFTER else 0.0


def test_after_ceiling_is_the_plain_one() -> None:
    for text in _texts():
        tk = T.tokenize(text)
        for j in range(1, len(tk.lows) + 1):
            assert S._after_ceiling(tk, j, text) == _after_ceiling_plain(tk, j, text), (text, j)


def _contexts(tk: T.Tokens, text: str, i: int) -> list[str]:
    return ["", "trigger", "title", N._context(tk, i, text)]


def test_cheap_tests_are_necessary() -> None:
    """Where ``_continues``, ``_no_seed`` or ``_grow_left`` would answer anything but the default, the cheap test the
    candidate layer now asks first lets it through."""
    for text in _texts():
        tk = T.tokenize(text)
        lows, words, n = tk.lows, tk.words, len(tk.lows)
        plain = tk.mode != "mixed"
        for i in range(n):
            for ctx in _contexts(tk, text, i):
                if N._no_seed(tk, i, ctx, plain):
                    assert lows[i] in N._CONTEXT_OR_CREDENTIAL or (i and (
                        lows[i - 1] in N._NO_SEED_BEFORE or (i > 1 and lows[i - 2] in W.CITY_TRIGGERS))), (text, i)
                loose = bool(ctx) and not plain and not words[i].cap
                for j in range(i + 1, min(n, i + 4)):
                    if N._continues(tk, i, j, ctx, plain) or (
                            plain and j == i + 1 and words[j].namelike and N._introduced_pair(text, tk, i, j)):
                        assert N._may_continue(words[j], loose or j - i == 2), (text, i, j)
                for j in range(i + 1, min(n, i + 4) + 1):
                    for floor in range(max(0, i - 3), i + 1):
                        guard = (i > floor and (words[i - 1].seedable or len(words[i - 1].word) == 1)) or (
                            j < n and lows[j] in W.CREDENTIALS)
                        if not guard:
                            assert N._grow_left(text, tk, i, j, ctx, floor) == i, (text, i, j, floor)


def _cannot_reach_plain(text: str, tk: T.Tokens, i: int, j: int, threshold: float) -> bool:
    """The name bound as it was before it asked about a line of its own (1.5 always added for it)."""
    if not S._quiet_before(tk, i) or (tk.lows[i - 1] in S._MESSAGE_FIELDS and S.label_colon(tk, i - 1)) \
            or (i and "\n" in tk.gaps[i - 1] and S.name_header_above(text, tk, i)):
        return False
    ceiling = S.PRIOR_NAME + S._lexical(tk, i, j) + _after_ceiling_plain(tk, j, text) + 1.5
    if S._initial(tk, i, j):
        ceiling += 2.0
    if S.caps_last_first(tk, i, j):
        ceiling += 1.5
    return ceiling < threshold - S._BOUND_SLACK


_LOUD = [
    "Good morning Adelric, your labs look good.", "good evening tamsin, the scan is back.",
    "DO: Imra Quellin\nplan reviewed", "--Quellin\nnote ends", "-- JS RN\nPellworth\n", "Baby girl Ophira doing well.",
    "Pain controlled.\nQuartermain\n", "ambulating.\nWELLS\n", "no distress. Ostby", "Talked with Rosalind today.",
]


@pytest.mark.parametrize("threshold", [-4.0, -1.0, 0.0, 1.0, 3.0])
def test_name_bound_is_sound_and_tighter(threshold: float) -> None:
    """The bound rejects a candidate only where its full score is below the threshold (names alone on their lines,
    signatures, greetings and labels before a name, in every letter case): it may only save work, never change a
    decision. It asks whether a candidate stands on a line of its own, so it rejects more than the plain bound."""
    texts = _texts(80) + _LOUD + [t.upper() for t in _LOUD] + [t.lower() for t in _LOUD]
    more = 0
    for text in texts:
        tk = T.tokenize(text)
        for i0, j0, _ in N._names(text, tk):
            i, j = S.trimmed(tk, i0, j0)
            tight, plain = S._cannot_reach(text, tk, i, j, threshold), _cannot_reach_plain(text, tk, i, j, threshold)
            if tight:
                assert S.name_score(text, tk, i, j) < threshold, text[tk.starts[i] : tk.ends[j - 1]]
                more += not plain
    assert more  # the tighter bound is exercised, not vacuous


@pytest.mark.parametrize("name", ["Art", "Mark", "Joy", "Bill"])
def test_a_greeted_name_is_scored_not_bounded(name: str) -> None:
    """A greeting before a name adds evidence the bound did not count: "Good morning Art," was dropped by the bound
    though its score keeps it (found while the bound was tightened)."""
    for text in (f"Good morning {name}, your labs look good.", f"good evening {name.lower()}, the scan is back.",
                 f"GOOD AFTERNOON {name.upper()}, PLAN REVIEWED."):
        start = text.lower().index(name.lower())
        assert (start, start + len(name), "NAME") in {(s.start, s.end, str(s.type)) for s in analyze(text)}, text


def _word_plain(word: str, lx: Lexicon, mixed: bool) -> T.Word:
    """``_tokens._word`` as it was before it asked each list once per word without an apostrophe."""
    low = word.lower()
    med = T._is_med(low, lx)
    is_common = low in lx.common_words or low in W.STOP or ("-" in low and T._known_parts(low, lx))
    rank = lx.last_names.get(low, 0)
    if "'" in low or "’" in low:
        bare_rank = lx.last_names.get(low.replace("'", "").replace("’", ""), 0)
        rank = min(rank, bare_rank) if rank and bare_rank else rank or bare_rank
    strong = (low in lx.first_names or 0 < rank <= T.STRONG_LAST_RANK) and not is_common and not med and len(low) > 2
    weak = (low in lx.first_names or rank > 0) and not med and len(low) > 1 and low not in W.STOP
    namelike = not is_common and not med and len(low) > 2 and not (mixed and word.islower())
    bare = low[:-2] if low.endswith(("'s", "’s")) else low
    cap = mixed and word[0].isupper()
    eponym = not med and bare in lx.eponyms
    seedable = strong or weak or namelike
    bare_low = low.replace("'", "").replace("’", "")
    zipf = lx.zipf.get(bare, 0) or lx.zipf.get(bare_low, 0)
    clin = 2 if med or bare in lx.shorthand or bare_low in lx.shorthand else int(
        bare in lx.clinical or bare_low in lx.clinical)
    typo = not clin and namelike and not rank and low not in lx.first_names and T._misspelt(bare, lx)
    w = T.Word(word, low, cap, strong, weak, namelike, med, eponym, seedable, clin or int(typo), zipf, rank,
               low in lx.first_names, typo)
    return T._clinical(w) if eponym and mixed and word.islower() else w


def test_word_traits_are_the_plain_ones() -> None:
    lx = lexicon()
    rng = random.Random(4)
    words = {w for text in _texts() for w in T._WORD.findall(text)}
    words |= {"O'Brien", "o'brien's", "O’Neill’s", "Foley's", "foley", "Tacoma", "Teloma", "Brasemia", "hospiatal",
              "HOSPIATAL", "Pease", "Chase", "AWARE-ORDER", "called-update", "St", "Jr", "de", "Ms", "straße"}
    for name in ("common_words", "clinical", "cities", "medical", "eponyms", "shorthand"):
        words |= set(rng.sample(sorted(getattr(lx, name)), min(150, len(getattr(lx, name)))))
    words |= set(rng.sample(sorted(lx.first_names), 150)) | set(rng.sample(sorted(lx.last_names), 150))
    for word in sorted(words):
        for written, mixed in product((word, word.capitalize(), word.upper()), (True, False)):
            assert T._word(written, lx, mixed) == _word_plain(written, lx, mixed), (written, mixed)


def _misspelt_plain(low: str, lx: Lexicon) -> bool:
    """One look-up per repair and per list (the form the set-based test replaced)."""
    if not 7 <= len(low) <= 20 or not low.isalpha():
        return False

    def hit(w: str) -> bool:
        return w in lx.common_words or w in lx.clinical or w in lx.shorthand

    n = len(low)
    return (any(hit(low[:k] + low[k + 1 :]) for k in range(n))
            or any(hit(low[:k] + low[k + 1] + low[k] + low[k + 2 :]) for k in range(n - 1))
            or any(hit(low[:k] + c + low[k:]) for k in range(1, n) for c in T._LETTERS))


def test_misspelling_beyond_the_clinical_lexicon() -> None:
    """A repair found only among the English or shorthand words the clinical lexicon lacks still counts, whichever
    repair finds it (a letter doubled, two swapped, one dropped)."""
    lx = lexicon()
    beyond = sorted(w for w in T._beyond_clinical(lx) if w.isalpha() and 7 <= len(w) <= 19)
    assert beyond
    for w in beyond[:80]:
        for typo in (w + w[-1], w[0] + w[2] + w[1] + w[3:], w[:3] + w[4:]):
            assert T._misspelt(typo, lx) == _misspelt_plain(typo, lx), typo
        assert T._misspelt(w + w[-1], lx)


def test_eponym_table_follows_the_word_table() -> None:
    """Every written form the word tables hold as an eponym is in the eponyms' table the scan is skipped by."""
    for text in _texts(10):
        T.tokenize(text)
    for mixed in (True, False):
        assert {w for w, word in T._WORDS[mixed].items() if word.eponym} <= T._EPONYMS[mixed]


def _spans(text: str) -> set[tuple[str, str]]:
    return {(text[s.start : s.end], str(s.type)) for s in analyze(text)}


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("Erkki is a 95 year old woman admitted overnight.", ("Erkki", "NAME"), "woman"),
        ("Seen today.\nBarron, Sergei, 93 yo, from the ED.", ("Barron, Sergei", "NAME"), "ED"),
        ("Foley catheter draining clear urine. Glasgow 15.\n--Jo Maxwell RN\n", ("Jo Maxwell", "NAME"), "Foley"),
        ("Pain controlled with tylenol.\nQuartermain\n", ("Quartermain", "NAME"), "tylenol"),
        ("ENDO: insulin gtt\nNEURO: intact\nspoke with daughter joy at bedside", ("joy", "NAME"), "ENDO"),
        ("Transcribed by: JS/mq\npt resting comfortably, ABG pending", ("JS", "NAME"), "ABG"),
    ],
)
def test_decisions_on_the_fast_paths(text: str, expected: tuple[str, str], absent: str) -> None:
    found = _spans(text)
    assert expected in found
    assert not any(absent == t for t, _ in found)


def test_hard_negatives_stay_clinical() -> None:
    text = ("Parkinson's disease, on sinemet. Braden 12. d/c foley in am. Apgar 8. MS INCISION clean.\n"
            "HOSPIATAL course uneventful. Lasix 40 mg IV. pt ambulating, tolerated PO.\n")
    found = {t for t, typ in _spans(text) if typ == "NAME"}
    assert not found & {"Parkinson", "Parkinson's", "Braden", "foley", "Apgar", "HOSPIATAL", "Lasix", "sinemet"}


def test_gap_memo_bounded() -> None:
    S._SENTENCE_GAPS.clear()
    for k in range(60_000):
        S._sentence_gap(" " * (k % 7) + str(k))
    assert len(S._SENTENCE_GAPS) <= 50_001
    assert re.fullmatch(r"\d+", "1")
