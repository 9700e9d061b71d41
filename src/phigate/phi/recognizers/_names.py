"""Names, places and facilities: dictionaries steered by context, on word tokens, whatever the letter case.

Capitalisation is a hint only in mixed-case text; ALL-CAPS and all-lowercase notes rely on the dictionaries
and the context words (titles, "pt", relatives, "lives in", credentials after a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from phigate.phi._types import PhiType
from phigate.phi.recognizers import _words as W
from phigate.phi.recognizers._lexicon import Lexicon, lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NAME_GAP = re.compile(
    r"[ \t]{1,3}|,[ \t]{1,2}|\.[ \t]{0,2}|[ \t]?\^[ \t]?"
)  # "J. Smith", "Smith, John", HL7 ^
_SPACE_GAP = re.compile(r"[ \t]{1,3}")
_TRIGGER_GAP = re.compile(r"[ \t:,]{1,4}|[ \t]\w{1,3}[ \t]")
STRONG_LAST_RANK = 40_000


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str  # as written
    low: str
    cap: bool  # capitalised in mixed-case text (a hint only there)
    strong: bool  # a dictionary name that is not also a common word
    weak: bool  # spelled like a name, may be a common word
    namelike: bool  # not a known English or clinical word: may be a name in context
    med: bool


def _case_mode(text: str) -> str:
    sample = text[:200_000]
    upper = sum(1 for c in sample if c.isupper())
    lower = sum(1 for c in sample if c.islower())
    if upper + lower == 0:
        return "mixed"
    ratio = upper / (upper + lower)
    return "caps" if ratio > 0.6 else "lower" if ratio < 0.01 else "mixed"


def _is_med(low: str, lx: Lexicon) -> bool:
    return low in lx.medical or (low not in lx.first_names and low.endswith(W.MEDICAL_SUFFIXES))


def _tokens(text: str, lx: Lexicon, mode: str) -> list[_Tok]:
    toks: list[_Tok] = []
    first, last, common = lx.first_names, lx.last_names, lx.common_words
    matches = list(_WORD.finditer(text))
    for k, m in enumerate(matches):
        word = m.group()
        low = word.lower()
        med = _is_med(low, lx)
        if low in lx.eponyms and k + 1 < len(matches):
            nxt = matches[k + 1].group().lower()
            med = med or nxt in W.EPONYM_HEADS or (low.endswith("'s") and nxt in W.EPONYM_HEADS)
        if low.endswith(("'s", "’s")) and low[:-2] in lx.eponyms and k + 1 < len(matches):
            med = med or matches[k + 1].group().lower() in W.EPONYM_HEADS
        is_name = low in first or low in last
        is_common = low in common or low in W.STOP
        rank = last.get(low, 0)
        strong = (low in first or 0 < rank <= STRONG_LAST_RANK) and not is_common and not med and len(low) > 2
        toks.append(
            _Tok(
                m.start(),
                m.end(),
                word,
                low,
                cap=mode == "mixed" and word[0].isupper(),
                strong=strong,
                weak=is_name and not med and len(low) > 1 and low not in W.STOP,
                namelike=not is_common
                and not med
                and len(low) > 2
                and not (mode == "mixed" and word.islower()),
                med=med,
            )
        )
    return toks


def _gap(text: str, a: _Tok, b: _Tok, pattern: re.Pattern[str] = _NAME_GAP) -> bool:
    return pattern.fullmatch(text, a.end, b.start) is not None


def _context(toks: list[_Tok], i: int, text: str) -> str:
    """ "title" or "trigger" when the words before token ``i`` announce a name."""
    j = i - 1
    if j >= 0 and toks[j].low in W.TITLES and text[toks[j].end : toks[i].start].strip(" .\t") == "":
        return "title"
    for k in (i - 1, i - 2):
        if (
            k >= 0
            and toks[k].low in W.NAME_TRIGGERS
            and (toks[i].start - toks[k].end) <= 4
            and _TRIGGER_GAP.fullmatch(text, toks[k].end, toks[i].start)
        ):
            return "trigger"
    return ""


def _credential_after(toks: list[_Tok], i: int, text: str) -> bool:
    n = i + 1
    return (
        n < len(toks)
        and toks[n].low in W.CREDENTIALS
        and text[toks[i].end : toks[n].start] in (", ", " ", ",")
    )


def _names(text: str, toks: list[_Tok], mode: str) -> Iterator[tuple[int, int, bool]]:
    """Yield token index ranges ``[i, j)`` that are person names."""
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        ctx = _context(toks, i, text)
        place_ctx = i > 0 and toks[i - 1].low in W.CITY_TRIGGERS and _city_at(toks, i)
        plain = mode != "mixed"
        if t.low in W.TITLES or t.low in W.NAME_TRIGGERS or t.low in W.CREDENTIALS or (place_ctx and not ctx):
            i += 1
            continue
        seed = (
            (t.strong and not (place_ctx and not ctx))
            or (ctx == "title" and (t.weak or t.namelike or t.cap))
            or (
                ctx == "trigger"
                and (
                    t.strong
                    or t.namelike
                    or (
                        t.weak
                        and (t.cap or (plain and t.low not in W.AUX and t.low in lexicon().first_names))
                    )
                )
            )
            or (
                plain
                and t.weak
                and t.low in lexicon().first_names
                and t.low not in W.AUX
                and i + 1 < n
                and 0 < lexicon().last_names.get(toks[i + 1].low, 0) <= 5000
                and toks[i + 1].low not in W.AUX
                and _gap(text, t, toks[i + 1], _SPACE_GAP)
            )
            or (
                plain
                and t.weak
                and 0 < lexicon().last_names.get(t.low, 0) <= 5000
                and i + 1 < n
                and toks[i + 1].low in lexicon().first_names
                and toks[i + 1].low not in W.AUX
                and text[t.end : toks[i + 1].start] in (", ", ",")
            )
            or ((t.weak or t.namelike) and _credential_after(toks, i, text))
            or (
                t.weak
                and t.cap
                and i + 1 < n
                and toks[i + 1].cap
                and (toks[i + 1].weak or toks[i + 1].strong)
                and _gap(text, t, toks[i + 1])
            )
        )
        if not seed:
            i += 1
            continue
        j = i + 1
        while j < n and j - i < 4 and _gap(text, toks[j - 1], toks[j]):
            nxt = toks[j]
            gap = text[toks[j - 1].end : nxt.start]
            comma = "," in gap
            if "." in gap and len(toks[j - 1].low) > 1:
                break  # a full stop ends a name unless it closes an initial ("J. Smith")
            if len(nxt.word) == 1 and nxt.word.isupper() and text.startswith(".", nxt.end):
                j += 1  # a middle initial
                continue
            if nxt.med or nxt.low in W.STOP or nxt.low in W.CREDENTIALS:
                break
            if comma and not (
                nxt.low in lexicon().first_names
                and nxt.low not in W.AUX
                and (nxt.cap or plain or nxt.low not in lexicon().common_words)
            ):
                break
            if (
                len(nxt.low) == 1
                or nxt.strong
                or (nxt.weak and (nxt.cap or ctx or (plain and comma)))
                or (nxt.namelike and (nxt.cap or ctx))
            ):
                j += 1
                continue
            break
        # a weak name just before the seed joins it ("Will Johnson")
        if (
            i > 0
            and toks[i - 1].weak
            and (toks[i - 1].cap or ctx)
            and _gap(text, toks[i - 1], t, _SPACE_GAP)
            and toks[i - 1].low not in W.TITLES
            and toks[i - 1].low not in W.NAME_TRIGGERS
        ):
            i -= 1
        # a lone initial is not a name
        if not (j - i == 1 and len(toks[i].low) == 1):
            clinician = (ctx == "title" and toks[i - 1].low in W.CLINICIAN_TITLES) or (
                j < n and toks[j].low in W.CREDENTIALS and _gap(text, toks[j - 1], toks[j])
            )
            yield i, j, clinician
        i = j


def _city_at(toks: list[_Tok], i: int) -> bool:
    cities = lexicon().cities
    return any(" ".join(t.low for t in toks[i : i + k]) in cities for k in (1, 2, 3) if i + k <= len(toks))


def _places(
    text: str, toks: list[_Tok], taken: list[bool], lx: Lexicon, mode: str
) -> Iterator[tuple[int, int]]:
    """Yield token ranges that are cities, counties or other places smaller than a state."""
    n = len(toks)
    for i in range(n):
        if taken[i]:
            continue
        t = toks[i]
        # n-gram city look-up, longest first
        for size in (3, 2, 1):
            j = i + size
            if j > n or any(taken[i:j]):
                continue
            if size > 1 and (
                t.low not in lx.city_first_words
                or not all(_gap(text, toks[k], toks[k + 1], _SPACE_GAP) for k in range(i, j - 1))
            ):
                continue
            key = " ".join(tok.low for tok in toks[i:j])
            if key not in lx.cities:
                continue
            if _city_accepted(text, toks, i, j, lx, mode):
                if j < n and toks[j].low == "county" and _gap(text, toks[j - 1], toks[j], _SPACE_GAP):
                    j += 1
                yield i, j
                break
        else:
            if t.low == "county" and i > 0 and not taken[i - 1]:
                p = toks[i - 1]
                if p.low in lx.counties or p.cap or p.namelike:
                    yield i - 1, i + 1


def _state_after(text: str, toks: list[_Tok], j: int) -> bool:
    if j >= len(toks):
        return False
    nxt = toks[j]
    gap = text[toks[j - 1].end : nxt.start]
    return (
        gap in (", ", ",", " ")
        and (nxt.word in W.STATE_ABBREVIATIONS or nxt.low in W.STATE_NAMES)
        and (gap != " " or nxt.word in W.STATE_ABBREVIATIONS)
    )


def _city_accepted(text: str, toks: list[_Tok], i: int, j: int, lx: Lexicon, mode: str) -> bool:
    words = toks[i:j]
    if any(w.med for w in words):
        return False
    if _state_after(text, toks, j):
        return True
    prev = toks[i - 1].low if i > 0 and _gap(text, toks[i - 1], toks[i], _SPACE_GAP) else ""
    prev2 = toks[i - 2].low if i > 1 else ""
    strong_ctx = prev in W.STRONG_CITY_TRIGGERS or prev2 in W.STRONG_CITY_TRIGGERS
    if strong_ctx and (mode != "mixed" or words[0].cap):
        return True
    unambiguous = any(w.low not in lx.common_words and w.low not in W.STOP for w in words) and not (
        len(words) == 1 and (words[0].weak or len(words[0].low) < 4)
    )
    if mode == "mixed" and not all(w.cap for w in words):
        return False
    return unambiguous or (prev in W.CITY_TRIGGERS and mode == "mixed")


def _city_before_state(
    text: str, toks: list[_Tok], taken: list[bool], lx: Lexicon
) -> Iterator[tuple[int, int]]:
    """ "Lake Jessicaborough, MA": up to three words before ", ST" are a city even if no dictionary knows it."""
    for j, t in enumerate(toks):
        if (
            j == 0
            or t.word not in W.STATE_ABBREVIATIONS
            or text[toks[j - 1].end : t.start] not in (", ", ",", "^")
        ):
            continue
        if t.low in W.CREDENTIALS and not text[t.end : t.end + 7].strip(" ,")[:5].isdigit():
            continue  # "Jane Roe, MD" is a doctor, "Baltimore, MD 21201" a place
        i = j
        while i > 0 and j - i < 3 and not taken[i - 1]:
            p = toks[i - 1]
            if p.med or p.low in W.STOP or (i < j and not _gap(text, p, toks[i], _SPACE_GAP)):
                break
            if not (p.cap or p.namelike or p.low in lx.cities or p.weak):
                break
            i -= 1
        if i < j:
            yield i, j


def _facilities(text: str, toks: list[_Tok], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "Mercy Hospital", "St. Mary's Medical Center": name words before a facility head noun."""
    heads = [h.split() for h in W.FACILITY_HEADS]
    n = len(toks)
    for k in range(n):
        for head in heads:
            m = len(head)
            if k + m > n or toks[k].low != head[0] or [t.low for t in toks[k : k + m]] != head:
                continue
            i = k
            while i > 0 and k - i < 4:
                p = toks[i - 1]
                if text[p.end : toks[i].start].strip(" .\t") != "" or p.med:
                    break
                if p.low in W.STOP and p.low != "of":
                    break
                if not (p.cap or p.namelike or p.low in W.FACILITY_GENERIC or p.weak or p.low in lx.cities):
                    break
                i -= 1
            while i < k and toks[i].low in ("of", "the"):
                i += 1
            specific = [t for t in toks[i:k] if t.low not in W.FACILITY_GENERIC]
            if i < k and (specific or any(t.cap for t in toks[i:k])):
                yield i, k + m
            break


def find(text: str) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, layer)`` for names, places and facilities."""
    lx = lexicon()
    mode = _case_mode(text)
    toks = _tokens(text, lx, mode)
    taken = [False] * len(toks)
    for i, j in _facilities(text, toks, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j in _city_before_state(text, toks, taken, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j, clinician in _names(text, toks, mode):
        if any(taken[i:j]):
            continue
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.NAME, "clinician" if clinician else "dictionary"
    for i, j in _places(text, toks, taken, lx, mode):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "dictionary"
