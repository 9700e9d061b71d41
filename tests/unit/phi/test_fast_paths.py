"""The engine's fast paths give the answers of the plain code they replace (speed work must change no decision).

Each rewrite is checked against the straightforward form it replaced: the gap sets against the regular expressions
they spell out (every string up to six characters over the characters that matter), the line-start test against its
regular expression on random text, and the misspelling test against a look-up per repair.
"""

from __future__ import annotations

import random
import re
from itertools import product

import pytest

from phigate.phi import analyze
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._names import _names
from phigate.phi.recognizers._scorer import _cannot_reach, _line_start, name_score, trimmed
from phigate.phi.recognizers._tokens import _LETTERS, NAME_GAP, SPACE_GAP, Tokens, _misspelt, tokenize


@pytest.mark.parametrize(
    ("gaps", "pattern"),
    [
        (NAME_GAP, r"[ \t]{1,3}|,[ \t]{1,2}|\.[ \t]{0,2}|[ \t]?\^[ \t]?"),
        (SPACE_GAP, r"[ \t]{1,3}"),
    ],
)
def test_gap_sets_are_the_patterns(gaps: frozenset[str], pattern: str) -> None:
    regex = re.compile(pattern)
    for n in range(7):
        for chars in product(" \t,.^a\n", repeat=n):
            gap = "".join(chars)
            assert (gap in gaps) == (regex.fullmatch(gap) is not None), repr(gap)


def test_line_start_is_the_pattern() -> None:
    regex = re.compile(r"(?:^|\n)[ \t\-*#>0-9.)]*$")
    rng = random.Random(11)
    for _ in range(50_000):
        text = "".join(rng.choice(" \t-*#>09.)\na:x") for _ in range(rng.randint(0, 30)))
        start, back = rng.randint(0, len(text)), rng.choice([1, 3, 12, 40])
        expected = regex.search(text, max(0, start - back), start) is not None
        assert _line_start(text, start, back) == expected, (text, start, back)


def _misspelt_plain(low: str) -> bool:
    """The form the set-based test replaced: one look-up per repair and per list."""
    lx = lexicon()
    if not 7 <= len(low) <= 20 or not low.isalpha():
        return False

    def hit(w: str) -> bool:
        return w in lx.common_words or w in lx.clinical or w in lx.shorthand

    n = len(low)
    return (
        any(hit(low[:k] + low[k + 1 :]) for k in range(n))
        or any(hit(low[:k] + low[k + 1] + low[k] + low[k + 2 :]) for k in range(n - 1))
        or any(hit(low[:k] + c + low[k:]) for k in range(1, n) for c in _LETTERS)
    )


def test_misspelling_test_is_the_plain_one() -> None:
    words = ["hospiatal", "initally", "recievd", "xavrelonqu", "quartermain", "tizianoberg", "ambulatd", "abc",
             "medications", "oxygenaton", "pneumonai", "dorinaton", "straße", "o'brien", "a" * 21]
    rng = random.Random(5)
    common = sorted(lexicon().common_words)
    for w in rng.sample([w for w in common if len(w) >= 6], 200):  # a keystroke off a known word, and not
        k = rng.randrange(1, len(w))
        words += [w[:k] + w[k + 1 :], w[:k] + "q" + w[k:], w + "zx"]
    results = {w: _misspelt(w, lexicon()) for w in words}
    assert results == {w: _misspelt_plain(w) for w in words}
    assert results["hospiatal"] and results["initally"] and not results["quartermain"]


def test_decisions_that_use_the_fast_paths() -> None:
    found = {(t[s.start : s.end], str(s.type)) for t in [
        "Smith, John A was seen.\nENDO: on insulin gtt\n--Jo Maxwell RN\n", "pt HOSPIATAL stay uneventful"]
        for s in analyze(t)}
    assert ("Smith, John", "NAME") in found  # joined by a comma
    assert ("Jo Maxwell", "NAME") in found  # a signature on its own line
    assert not any(text in ("ENDO", "HOSPIATAL") for text, _ in found)  # a heading; a misspelt word


def test_ocr_letter_hint_finds_the_same_words() -> None:
    """The hint now matches the digit, not the letter before it: every hit is grown to its whole word, so the words
    found must be those the three-character pattern found."""
    from phigate.phi.recognizers._ocr import _LETTER_HINT

    plain = re.compile(r"[A-Za-z][015][A-Za-z]")
    word = re.compile(r"[^\W_]+")

    def words(pattern: re.Pattern[str], text: str) -> set[tuple[int, int]]:
        hits = [h.start() for h in pattern.finditer(text)]
        return {m.span() for m in word.finditer(text) for h in hits if m.start() <= h < m.end()}

    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice("aB015 x\nl1I") for _ in range(rng.randint(0, 20)))
        assert words(_LETTER_HINT, text) == words(plain, text), text


def _name_candidates(texts: list[str]) -> list[tuple[str, Tokens, int, int]]:
    """Every name candidate the candidate layer proposes in ``texts``, trimmed as the scorer trims it."""
    out = []
    for text in texts:
        tk = tokenize(text)
        out += [(text, tk, *trimmed(tk, i, j)) for i, j, _ in _names(text, tk)]
    return out


_BOUND_TEXTS = [
    "Smith, John A was seen.\nENDO: on insulin gtt\n--Jo Maxwell RN\n",
    "Dr. Will Cole paged. Son will call. Husband frank smith visited; sister in law pat o'brien aware.",
    "PT SEEN BY DR. KAREN LUND, MD. WIFE VIRGINIA AT BEDSIDE. NEURO: A+OX3. COPING-SISTER ,JANET CALLED.",
    "Erkki is a 95 year old woman. Barron, Sergei, 93 yo. seen by Ilvo Brask, M.D. on rounds.",
    "I, Daiga Claesson, consent. Per Smith ok to extubate. pt Quartermain ambulated.\n-- JS RN\n",
    "lives in Lake Dorinaton with daughter joy. E. WELSH notified. ms waxing and waning. S. Tremblay RN aware",
    "Patient: Jane Roe\nAttending: Tiziano Berg\nFOLEY DRAINING, BRADEN 12\nrn/jk\n... 1400U/HR. SUSAN",
]


@pytest.mark.parametrize("threshold", [-4.0, -1.0, 0.0, 1.0, 3.0])
def test_name_bound_never_rejects_a_kept_name(threshold: float) -> None:
    """The cheap bound that skips most name candidates rejects only those whose full score is below the threshold,
    whatever the threshold (on hand-made notes, the synthetic corpus's train part, every letter case)."""
    from tests.vectors.phi.corpus import generate

    texts = _BOUND_TEXTS + [t.upper() for t in _BOUND_TEXTS] + [t.lower() for t in _BOUND_TEXTS]
    texts += [d.text for d in generate(60, seed=3, part="train")]
    rejected = 0
    for text, tk, i, j in _name_candidates(texts):
        if _cannot_reach(text, tk, i, j, threshold):
            rejected += 1
            assert name_score(text, tk, i, j) < threshold, text[tk.starts[i] : tk.ends[j - 1]]
    assert rejected  # the bound is exercised, not vacuous


def test_ascii_word_pattern_splits_as_the_unicode_one() -> None:
    """For ASCII text the tokeniser uses ``[A-Za-z]`` for the letters of ``[^\\W\\d_]``: the same split, every time."""
    from phigate.phi.recognizers._tokens import _ASCII_WORD, _WORD

    rng = random.Random(13)
    for _ in range(20_000):
        text = "".join(rng.choice("aZq09_'- \t\n.,/`^[]{}~\x7f\x00") for _ in range(rng.randint(0, 24)))
        assert _ASCII_WORD.split(text) == _WORD.split(text), repr(text)
    every = "".join(map(chr, range(128)))
    assert _ASCII_WORD.split(every * 3) == _WORD.split(every * 3)
