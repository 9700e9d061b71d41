"""Word tokens for the name, place and facility layers: one tokenisation per text, shared by every layer.

The tokens are parallel lists, not an object per token: one ``re.split`` yields the words and the text between
them, their offsets are running sums of those lengths, and each token's traits (dictionary name or not, common
English word, clinical word, capitalised) are one ``Word`` shared by every occurrence of the same word as written,
computed once per distinct word and cached per letter-case mode. Only a word not seen before costs Python code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress, product
from operator import attrgetter
from typing import NamedTuple

from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import Lexicon, lexicon

# captured, so that ``split`` keeps the words; possessive, since giving a letter back can never help a match
_WORD = re.compile(r"([^\W\d_]++(?:['’\-][^\W\d_]++)*+)")
# the same pattern for ASCII text, where a letter is [A-Za-z] and "’" cannot occur: a range test per character
# instead of a Unicode category look-up (``tests/unit/phi`` checks the two split alike)
_ASCII_WORD = re.compile(r"([A-Za-z]++(?:['\-][A-Za-z]++)*+)")


def _blanks(least: int, most: int) -> frozenset[str]:
    """Every run of spaces and tabs ``least`` to ``most`` characters long."""
    return frozenset("".join(run) for n in range(least, most + 1) for run in product(" \t", repeat=n))


# the gaps that join two words of one name or place, as the finite sets of strings they are, so that asking about
# a gap is one set look-up rather than a regular expression (``tests/unit/phi`` checks them against the patterns
# they spell out):
# NAME_GAP is r"[ \t]{1,3}|,[ \t]{1,2}|\.[ \t]{0,2}|[ \t]?\^[ \t]?": "J. Smith", "Smith, John", HL7 ^
SPACE_GAP = _blanks(1, 3)  # r"[ \t]{1,3}"
NAME_GAP = SPACE_GAP | {"," + b for b in _blanks(1, 2)} | {"." + b for b in _blanks(0, 2)} | {
    a + "^" + b for a in _blanks(0, 1) for b in _blanks(0, 1)}
_SCORE_AFTER = re.compile(r"[ \t]{0,2}[:=]?[ \t]{0,2}\d")
STRONG_LAST_RANK = 40_000


class Word(NamedTuple):
    """What the dictionaries say about one word as written (shared by all its occurrences in a text)."""

    word: str  # as written
    low: str
    cap: bool  # capitalised in mixed-case text (a hint only there)
    strong: bool  # a dictionary name that is not also a common word
    weak: bool  # spelled like a name, may be a common word
    namelike: bool  # not a known English or clinical word: may be a name in context
    med: bool
    eponym: bool  # "Foley", "Parkinson's": clinical when a noun such as "catheter" follows
    seedable: bool  # strong, weak or namelike: the tokens a name can start on without a title before them
    clin: int  # 2: ICU shorthand or the hand-curated clinical list; 1: in the clinical lexicon; 0: neither
    zipf: int  # how common in English: wordfreq Zipf x 10 (0: rarer than Zipf 1)
    rank: int  # census surname rank (0: not a surname)
    first: bool  # a first name
    typo: bool = False  # ``clin`` only as a misspelling of a listed word ("HOSPIATAL"); a rare name may look like one


SEEDABLE = attrgetter("seedable")
_LOW = attrgetter("low")
_EPONYM = attrgetter("eponym")

_UPPER_BYTES = bytes(range(ord("A"), ord("Z") + 1))
_LOWER_BYTES = bytes(range(ord("a"), ord("z") + 1))


_SAMPLE = 200_000


def case_mode(text: str, words: list[str] | None = None) -> str:
    """ "caps", "lower" or "mixed", from the ASCII letters of the first 200,000 characters and its words (``words``:
    the text's words if the caller already split it).

    ALL-CAPS words do not make a note mixed-case: a lowercase nursing note keeps its abbreviations ("MICU",
    "ABG") and record markers in capitals, and its names are still in lowercase. Only capitalised words count.
    """
    sample = text[:_SAMPLE]
    ascii_sample = sample.encode("ascii", "ignore")
    upper = len(ascii_sample) - len(ascii_sample.translate(None, _UPPER_BYTES))
    lower = len(ascii_sample) - len(ascii_sample.translate(None, _LOWER_BYTES))
    if upper + lower == 0:
        return "mixed"
    if upper / (upper + lower) > 0.6:
        return "caps"
    if upper / (upper + lower) < 0.01:
        return "lower"
    if words is None or len(text) > _SAMPLE:
        words = _WORD.findall(sample)
    return "lower" if sum(map(str.istitle, words)) < 0.02 * len(words) else "mixed"


def _is_med(low: str, lx: Lexicon) -> bool:
    if low in lx.medical:
        return True
    if low in lx.first_names or not low.endswith(W.MEDICAL_SUFFIXES) or low in lx.cities:
        return False  # "Tacoma", "Sonoma", "Westchase": towns that only end like "-oma", "-ase"
    # "Ingram", "Pease", "Luoma": a frequent surname that only looks like "-gram", "-ase", "-oma"; "Case", "Chase":
    # among the 2,000 commonest surnames, even when English has the word (which the scorer weighs anyway)
    rank = lx.last_names.get(low, 0)
    if not rank and low not in lx.common_words and low not in lx.clinical and low.isalpha() \
            and not _misspelt(low, lx):
        return False  # "Teloma", "Brasemia": no list holds it, only its ending is clinical: a name as likely
    return (low in lx.common_words and not 0 < rank <= 2_000) or not 0 < rank <= 20_000


# word as written -> its traits, one table per letter-case mode: the dictionaries are consulted once per
# distinct word, not once per token
_WORDS: dict[bool, dict[str, Word]] = {True: {}, False: {}}
_WORDS_LIMIT = 500_000
# the words as written whose ``Word.eponym`` is set, per table (few): a text holding none skips the eponyms' scan
_EPONYMS: dict[bool, set[str]] = {True: set(), False: set()}


def _word(word: str, lx: Lexicon, mixed: bool) -> Word:
    low = word.lower()
    med = low in lx.medical or (low.endswith(W.MEDICAL_SUFFIXES) and _is_med(low, lx))  # (``_is_med``)
    is_common = low in lx.common_words or low in W.STOP or ("-" in low and _known_parts(low, lx))
    rank = lx.last_names.get(low, 0)
    first = low in lx.first_names
    quoted = "'" in low or "’" in low
    if quoted:  # "o'brien": the census lists most such names without the apostrophe
        bare_rank = lx.last_names.get(low.replace("'", "").replace("’", ""), 0)
        rank = min(rank, bare_rank) if rank and bare_rank else rank or bare_rank
    strong = (first or 0 < rank <= STRONG_LAST_RANK) and not is_common and not med and len(low) > 2
    weak = (first or rank > 0) and not med and len(low) > 1 and low not in W.STOP
    namelike = not is_common and not med and len(low) > 2 and not (mixed and word.islower())
    bare = low[:-2] if quoted and low.endswith(("'s", "’s")) else low
    cap = mixed and word[0].isupper()
    eponym = not med and bare in lx.eponyms
    seedable = strong or weak or namelike  # a capitalised common word starts a name only after a title
    zipf, clin = _frequency(low, bare, med, quoted, lx)
    typo = not clin and namelike and not rank and not first and _misspelt(bare, lx)
    w = Word(word, low, cap, strong, weak, namelike, med, eponym, seedable, clin or int(typo), zipf, rank,
             first, typo)
    return _clinical(w) if eponym and mixed and word.islower() else w  # "foley draining": the device


def _frequency(low: str, bare: str, med: bool, quoted: bool, lx: Lexicon) -> tuple[int, int]:
    """How common the word is in English (``Word.zipf``) and how clinical (``Word.clin``, before misspellings),
    asked of the word without its possessive and, if it has an apostrophe, without that too."""
    if not quoted:  # (the form without apostrophes is the word itself: one look-up each)
        return lx.zipf.get(bare, 0), 2 if med or bare in lx.shorthand else int(bare in lx.clinical)
    bare_low = low.replace("'", "").replace("’", "")
    zipf = lx.zipf.get(bare, 0) or lx.zipf.get(bare_low, 0)
    clin = 2 if med or bare in lx.shorthand or bare_low in lx.shorthand else int(
        bare in lx.clinical or bare_low in lx.clinical)
    return zipf, clin


def _clinical(w: Word) -> Word:
    """An eponym read as the clinical term (before a clinical noun, or the device): no name can start on it."""
    return w._replace(med=True, strong=False, weak=False, namelike=False, seedable=False)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _known_parts(low: str, lx: Lexicon) -> bool:
    """ "AWARE-ORDER", "called-update": a compound of English or clinical words is no name."""
    return all(p in lx.common_words or p in lx.clinical or p in lx.shorthand or p in W.STOP for p in low.split("-"))


def _misspelt(low: str, lx: Lexicon) -> bool:
    """A word one keystroke from an English or clinical word (a letter doubled, dropped or swapped: "HOSPIATAL",
    "INITALLY", "Recievd"): a misspelling in a hurried note, not a name. Only for words no name list holds.

    Every one-keystroke repair is built at once and each list is asked once for any of them (a set intersection
    run in C), rather than one look-up per repair and per list."""
    if not 7 <= len(low) <= 20 or not low.isalpha():
        return False
    n = len(low)
    clinical, beyond = lx.clinical, _beyond_clinical(lx)
    repairs = {low[:k] + low[k + 1 :] for k in range(n)}  # a letter too many
    repairs.update([low[:k] + low[k + 1] + low[k] + low[k + 2 :] for k in range(n - 1)])  # two letters swapped
    if not (repairs.isdisjoint(clinical) and repairs.isdisjoint(beyond)):
        return True  # (the 26 times more repairs below only when these fail)
    # a letter dropped: every letter at every inner position, the 26 of a position made by one join and all split
    # apart by one split, both in C (``low`` is letters only; "ab" at 1: "a" + "b\na".join("ab…z") + "b")
    dropped = "\n".join([low[:k] + f"{low[k:]}\n{low[:k]}".join(_LETTERS) + low[k:] for k in range(1, n)]).split("\n")
    return not (clinical.isdisjoint(dropped) and beyond.isdisjoint(dropped))


# the English and shorthand words the clinical lexicon does not hold (a few hundred): a repair is asked of the
# clinical lexicon and of these, rather than of all three lists
_BEYOND: list[tuple[Lexicon, frozenset[str]]] = []  # (the lexicon, its words beyond the clinical one)


def _beyond_clinical(lx: Lexicon) -> frozenset[str]:
    if not _BEYOND or _BEYOND[0][0] is not lx:
        _BEYOND[:] = [(lx, frozenset((lx.common_words | lx.shorthand) - lx.clinical))]
    return _BEYOND[0][1]


@dataclass(frozen=True, slots=True)
class Tokens:
    """The word tokens every name, place and facility layer reads (one pass, shared), and the text's case.

    Token ``k`` is ``text[starts[k]:ends[k]]``; ``gaps[k]`` is the text between token ``k`` and token ``k + 1``
    (after the last token: the rest of the text).
    """

    starts: list[int]
    ends: list[int]
    words: list[Word]
    lows: list[str]  # each token's lower-case form, for set look-ups run by ``map`` rather than a Python loop
    gaps: list[str]
    mode: str
    # the text's set of lowercase words, made once here: a cue gate asks it (``CUES.isdisjoint(tk.present)``,
    # ``"by" in tk.present``) instead of walking ``lows`` again for every gate (``lows`` is never changed)
    present: frozenset[str]

    def joined(self, k: int, gaps: frozenset[str] = NAME_GAP) -> bool:
        """Whether token ``k`` and the next one are joined by one of ``gaps`` (" ", ", ", ". ", "^" …)."""
        return self.gaps[k] in gaps


def tokenize(text: str) -> Tokens:
    parts = (_ASCII_WORD if text.isascii() else _WORD).split(text)  # gap, word, gap, word, …, gap
    offsets = list(accumulate(map(len, parts), initial=0))
    written = parts[1::2]
    mode = case_mode(text, written)
    mixed = mode == "mixed"
    cache, eponyms = _WORDS[mixed], _EPONYMS[mixed]
    present = set(written)
    new = present.difference(cache)
    if new:
        if len(cache) + len(new) > _WORDS_LIMIT:
            cache.clear()
            eponyms.clear()
        lx = lexicon()
        cache.update((w, _word(w, lx, mixed)) for w in new)
        eponyms.update(w for w in new if cache[w].eponym)
    words = list(map(cache.__getitem__, written))
    lows = list(map(_LOW, words))
    lowset = frozenset(lows)
    # "Foley catheter", "Parkinson's disease": an eponym before a clinical noun is not a name
    gaps = parts[2::2]
    if present.isdisjoint(eponyms):  # most texts: no eponym to look at
        return Tokens(offsets[1:-1:2], offsets[2::2], words, lows, gaps, mode, lowset)
    for k in compress(range(len(words)), map(_EPONYM, words)):
        # ... and so is one before a number: "Braden 12", "Glasgow 15", "Apgar 8"; and, where letter case cannot
        # tell (ALL CAPS, lowercase), a device's name anywhere but after a title ("d/c foley in am", not "dr. foley")
        if ((k + 1 < len(words) and lows[k + 1] in W.EPONYM_HEADS) or _SCORE_AFTER.match(gaps[k])
                or (not mixed and lows[k] in W.DEVICE_EPONYMS and not (k and lows[k - 1] in W.TITLES))):
            words[k] = _clinical(words[k])
    return Tokens(offsets[1:-1:2], offsets[2::2], words, lows, gaps, mode, lowset)
