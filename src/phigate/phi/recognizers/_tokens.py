"""Word tokens for the name, place and facility layers: one tokenisation per text, shared by every layer.

Each distinct word's traits (dictionary name or not, common English word, clinical word, capitalised) are computed
once and cached per letter-case mode, so tokenising costs a regex match and a dictionary look-up per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import Lexicon, lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
NAME_GAP = re.compile(
    r"[ \t]{1,3}|,[ \t]{1,2}|\.[ \t]{0,2}|[ \t]?\^[ \t]?"
)  # "J. Smith", "Smith, John", HL7 ^
SPACE_GAP = re.compile(r"[ \t]{1,3}")
STRONG_LAST_RANK = 40_000


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    word: str  # as written
    low: str
    cap: bool  # capitalised in mixed-case text (a hint only there)
    strong: bool  # a dictionary name that is not also a common word
    weak: bool  # spelled like a name, may be a common word
    namelike: bool  # not a known English or clinical word: may be a name in context
    med: bool
    eponym: bool  # "Foley", "Parkinson's": clinical when a noun such as "catheter" follows
    seedable: bool  # strong, weak, namelike or cap when tokenised: the only tokens a name can start on


SEEDABLE = attrgetter("seedable")


_UPPER_BYTES = bytes(range(ord("A"), ord("Z") + 1))
_LOWER_BYTES = bytes(range(ord("a"), ord("z") + 1))


def _case_mode(text: str) -> str:
    """ "caps", "lower" or "mixed", from the ASCII letters of the first 200,000 characters."""
    sample = text[:200_000].encode("ascii", "ignore")
    upper = len(sample) - len(sample.translate(None, _UPPER_BYTES))
    lower = len(sample) - len(sample.translate(None, _LOWER_BYTES))
    if upper + lower == 0:
        return "mixed"
    ratio = upper / (upper + lower)
    return "caps" if ratio > 0.6 else "lower" if ratio < 0.01 else "mixed"


def _is_med(low: str, lx: Lexicon) -> bool:
    return low in lx.medical or (low not in lx.first_names and low.endswith(W.MEDICAL_SUFFIXES))


# word as written -> every field of its token but the offsets, one table per letter-case mode: the dictionaries
# are consulted once per distinct word, not once per token
_Traits = tuple[str, str, bool, bool, bool, bool, bool, bool, bool]
_TRAITS: dict[bool, dict[str, _Traits]] = {True: {}, False: {}}
_TRAITS_LIMIT = 500_000


def _traits(word: str, lx: Lexicon, mixed: bool) -> _Traits:
    low = word.lower()
    med = _is_med(low, lx)
    is_common = low in lx.common_words or low in W.STOP
    rank = lx.last_names.get(low, 0)
    strong = (low in lx.first_names or 0 < rank <= STRONG_LAST_RANK) and not is_common and not med and len(low) > 2
    weak = (low in lx.first_names or rank > 0) and not med and len(low) > 1 and low not in W.STOP
    namelike = not is_common and not med and len(low) > 2 and not (mixed and word.islower())
    bare = low[:-2] if low.endswith(("'s", "’s")) else low
    cap = mixed and word[0].isupper()
    seedable = strong or weak or namelike or cap
    traits = (word, low, cap, strong, weak, namelike, med, not med and bare in lx.eponyms, seedable)
    cache = _TRAITS[mixed]
    if len(cache) >= _TRAITS_LIMIT:
        cache.clear()
    cache[word] = traits
    return traits


def _tokens(text: str, lx: Lexicon, mode: str) -> list[Tok]:
    toks: list[Tok] = []
    append, tok = toks.append, Tok
    mixed = mode == "mixed"
    get = _TRAITS[mixed].get
    for m in _WORD.finditer(text):
        start, end = m.span()
        append(tok(start, end, *(get(m.group()) or _traits(m.group(), lx, mixed))))
    # "Foley catheter", "Parkinson's disease": an eponym before a clinical noun is not a name
    for k in [k for k, t in enumerate(toks) if t.eponym]:
        if k + 1 < len(toks) and toks[k + 1].low in W.EPONYM_HEADS:
            t = toks[k]
            t.med, t.strong, t.weak, t.namelike = True, False, False, False
    return toks


def gap(text: str, a: Tok, b: Tok, pattern: re.Pattern[str] = NAME_GAP) -> bool:
    return pattern.fullmatch(text, a.end, b.start) is not None

@dataclass(frozen=True, slots=True)
class Tokens:
    """The word tokens every name, place and facility layer reads (one pass, shared), and the text's case."""

    words: list[Tok]
    lows: list[str]  # each token's lower-case form, for set look-ups run by ``map`` rather than a Python loop
    mode: str


def tokenize(text: str) -> Tokens:
    mode = _case_mode(text)
    toks = _tokens(text, lexicon(), mode)
    return Tokens(toks, [t.low for t in toks], mode)


