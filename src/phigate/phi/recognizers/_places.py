"""Places smaller than a state: cities and counties from the dictionaries, towns no dictionary knows from their
context ("lives in", "from", "<town>, <ST>"), and facilities before a head noun ("… Rehabilitation Center")."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, count

from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import Lexicon, lexicon
from phigate.phi.recognizers._tokens import SPACE_GAP, Tok, gap


def city_at(toks: list[Tok], i: int) -> bool:
    cities = lexicon().cities
    return any(" ".join(t.low for t in toks[i : i + k]) in cities for k in (1, 2, 3) if i + k <= len(toks))


def places(
    text: str, toks: list[Tok], lows: list[str], taken: list[bool], lx: Lexicon, mode: str
) -> Iterator[tuple[int, int]]:
    """Yield token ranges that are cities, counties or other places smaller than a state."""
    n = len(toks)
    for i in compress(count(), map(lx.place_starts.__contains__, lows)):
        if taken[i]:
            continue
        t = toks[i]
        low = t.low
        # n-gram city look-up, longest first
        grams: list[tuple[int, str]] = []
        if low in lx.city_first_words and i + 1 < n:
            two = low + " " + toks[i + 1].low
            if two in lx.city_pairs and gap(text, t, toks[i + 1], SPACE_GAP):
                if i + 2 < n and gap(text, toks[i + 1], toks[i + 2], SPACE_GAP):
                    grams.append((i + 3, two + " " + toks[i + 2].low))
                grams.append((i + 2, two))
        if low in lx.cities:
            grams.append((i + 1, low))
        for j, key in grams:
            if key not in lx.cities or any(taken[i:j]):
                continue
            if _city_accepted(text, toks, i, j, lx, mode):
                end = j + (  # "Lake" is a town, but "Lake Dorinaton" is the place meant
                    j == i + 1
                    and low in W.PLACE_PREFIXES
                    and j < n
                    and toks[j].namelike
                    and (toks[j].cap or mode != "mixed")
                    and gap(text, t, toks[j], SPACE_GAP)
                )
                county = end < n and toks[end].low == "county" and gap(text, toks[end - 1], toks[end], SPACE_GAP)
                yield i, end + county
                break
        else:
            if t.low == "county" and i > 0 and not taken[i - 1]:
                p = toks[i - 1]
                if p.low in lx.counties or p.cap or p.namelike:
                    yield i - 1, i + 1


def _state_after(text: str, toks: list[Tok], j: int) -> bool:
    if j >= len(toks):
        return False
    nxt = toks[j]
    between = text[toks[j - 1].end : nxt.start]
    return (
        between in (", ", ",", " ")
        and (nxt.word in W.STATE_ABBREVIATIONS or nxt.low in W.STATE_NAMES)
        and (between != " " or nxt.word in W.STATE_ABBREVIATIONS)
    )


def _city_accepted(text: str, toks: list[Tok], i: int, j: int, lx: Lexicon, mode: str) -> bool:
    words = toks[i:j]
    if any(w.med for w in words) or (j - i == 1 and words[0].low in W.NOT_PLACES):
        return False
    if _state_after(text, toks, j):
        return True
    if mode == "mixed" and not words[0].cap:
        return False  # in mixed-case text a lower-case word is a place only before a state
    prev = toks[i - 1].low if i > 0 and gap(text, toks[i - 1], toks[i], SPACE_GAP) else ""
    prev2 = toks[i - 2].low if i > 1 else ""
    strong_ctx = prev in W.STRONG_CITY_TRIGGERS or prev2 in W.STRONG_CITY_TRIGGERS
    if strong_ctx and (mode != "mixed" or words[0].cap):
        return True
    unambiguous = any(w.low not in lx.common_words and w.low not in W.STOP for w in words) and not (
        len(words) == 1 and (words[0].weak or len(words[0].low) < 4)
    )
    if mode == "mixed" and not all(w.cap for w in words):
        return False
    if prev in W.CITY_TRIGGERS and mode != "mixed":  # "FROM DENVER": a known city, not an English word
        return len(words) > 1 or words[0].low not in lx.common_words
    return unambiguous or (prev in W.CITY_TRIGGERS and mode == "mixed")


_PLACE_LEADS = frozenset(["in", "to", "near", "of", "at"])
_PLACE_CUES = W.CITY_TRIGGERS | _PLACE_LEADS


def _place_context(toks: list[Tok], i: int, text: str) -> str:
    """ "strong" after "lives in", "moved to", "resident of"; "weak" after "from"; else ""."""
    if i == 0 or not gap(text, toks[i - 1], toks[i], SPACE_GAP):
        return ""
    prev = toks[i - 1].low
    if prev in W.STRONG_CITY_TRIGGERS:
        return "strong"
    if (
        prev in _PLACE_LEADS
        and i > 1
        and gap(text, toks[i - 2], toks[i - 1], SPACE_GAP)
        and (toks[i - 2].low in W.STRONG_CITY_TRIGGERS or toks[i - 2].low in ("resident", "native"))
    ):
        return "strong"
    return "weak" if prev == "from" else ""


def unknown_places(
    text: str, toks: list[Tok], lows: list[str], taken: list[bool], mode: str
) -> Iterator[tuple[int, int]]:
    """ "lives in Lake Dorinaton", "woman from Kunenside": a town no dictionary knows, from its context alone."""
    plain = mode != "mixed"

    def candidate(t: Tok, strength: str) -> bool:
        return (
            t.namelike
            and t.low not in W.NOT_PLACES
            and (t.cap or plain)
            and (strength == "strong" or not t.weak)
            and t.low not in W.CREDENTIALS
            and t.low not in W.TITLES
        )

    n = len(toks)
    for i in compress(count(1), map(_PLACE_CUES.__contains__, lows[:-1])):  # tokens after a cue word
        if taken[i]:
            continue
        strength = _place_context(toks, i, text)
        if not strength:
            continue
        j = i
        if toks[j].low in W.PLACE_PREFIXES and (toks[j].cap or plain) and j + 1 < n:
            j += 1
        start_words = j
        while (
            j < n
            and j - i < 3
            and not taken[j]
            and candidate(toks[j], strength)
            and (j == i or gap(text, toks[j - 1], toks[j], SPACE_GAP))
        ):
            j += 1
        if j > start_words:
            yield i, j


_STATE_ABBREVIATIONS_LOW = frozenset(a.lower() for a in W.STATE_ABBREVIATIONS)


def city_before_state(
    text: str, toks: list[Tok], lows: list[str], taken: list[bool], lx: Lexicon
) -> Iterator[tuple[int, int]]:
    """ "Lake Jessicaborough, MA": up to three words before ", ST" are a city even if no dictionary knows it."""
    for j in compress(count(), map(_STATE_ABBREVIATIONS_LOW.__contains__, lows)):
        t = toks[j]
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
            if p.med or p.low in W.STOP or (i < j and not gap(text, p, toks[i], SPACE_GAP)):
                break
            if not (p.cap or p.namelike or p.low in lx.cities or p.weak):
                break
            i -= 1
        if i < j:
            yield i, j


_HEADS_BY_FIRST: dict[str, list[list[str]]] = {}
for _head in sorted(W.FACILITY_HEADS, key=len, reverse=True):
    _HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(_head.split())


def facilities(text: str, toks: list[Tok], lows: list[str], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "Mercy Hospital", "St. Mary's Medical Center": name words before a facility head noun."""
    n = len(toks)
    for k in compress(count(), map(_HEADS_BY_FIRST.__contains__, lows)):
        heads = _HEADS_BY_FIRST[lows[k]]
        for head in heads:
            m = len(head)
            if k + m > n or [t.low for t in toks[k : k + m]] != head:
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


