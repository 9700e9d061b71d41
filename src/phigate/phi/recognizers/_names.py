"""Names, places and facilities: dictionaries steered by context, on word tokens, whatever the letter case.

Capitalisation is a hint only in mixed-case text; ALL-CAPS and all-lowercase notes rely on the dictionaries
and the context words (titles, "pt", relatives, "lives in", credentials after a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter

from phigate.phi._types import PhiType
from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import Lexicon, lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NAME_GAP = re.compile(
    r"[ \t]{1,3}|,[ \t]{1,2}|\.[ \t]{0,2}|[ \t]?\^[ \t]?"
)  # "J. Smith", "Smith, John", HL7 ^
_SPACE_GAP = re.compile(r"[ \t]{1,3}")
_TRIGGER_GAP = re.compile(r"[ \t:,]{1,4}|[ \t]\w{1,3}[ \t]|,?[ \t]*\r?\n[ \t]*")  # a sign-off may end its line
# "Erkki is a 95 year old woman": a name introduced by its age
_AGE_AFTER = re.compile(r"[ \t]{1,2}(?:is|was)[ \t]{1,2}an?[ \t]{1,2}\d{1,3}[ \t-]{0,2}(?:years?|yrs?|y/?o|yo)\b", re.I)
# "I, Daiga Claesson, consent": a signer introducing themself
_SIGNER_GAP = ", "
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
    eponym: bool  # "Foley", "Parkinson's": clinical when a noun such as "catheter" follows
    seedable: bool  # strong, weak, namelike or cap when tokenised: the only tokens a name can start on


_SEEDABLE = attrgetter("seedable")


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


def _tokens(text: str, lx: Lexicon, mode: str) -> list[_Tok]:
    toks: list[_Tok] = []
    append, tok = toks.append, _Tok
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


def _gap(text: str, a: _Tok, b: _Tok, pattern: re.Pattern[str] = _NAME_GAP) -> bool:
    return pattern.fullmatch(text, a.end, b.start) is not None


_CONTEXT_WORDS = W.TITLES | W.NAME_TRIGGERS | {"i"}  # a name's context starts with one of these


def _context(toks: list[_Tok], i: int, text: str) -> str:
    """ "title" or "trigger" when the words before token ``i`` announce a name."""
    j = i - 1
    if j >= 0 and toks[j].low in W.TITLES and text[toks[j].end : toks[i].start].strip(" .\t") == "":
        return "title"
    for k in (i - 1, i - 2):
        if (
            k >= 0
            and toks[k].low in W.NAME_TRIGGERS
            and (toks[i].start - toks[k].end) <= 6
            and _TRIGGER_GAP.fullmatch(text, toks[k].end, toks[i].start)
        ):
            return "trigger"
    if j >= 0 and toks[j].word == "I" and text[toks[j].end : toks[i].start] == _SIGNER_GAP:
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
    floor = 0  # the first token after the last name found, which a later name may not reach back past
    # only a token that is a name, name-like or capitalised can start one (selected without a Python loop)
    for candidate in compress(range(n), map(_SEEDABLE, toks)):
        if candidate < floor:
            continue
        i = candidate
        t = toks[i]
        ctx = (
            _context(toks, i, text)
            if i and (toks[i - 1].low in _CONTEXT_WORDS or (i > 1 and toks[i - 2].low in W.NAME_TRIGGERS))
            else ""
        )
        place_ctx = i > 0 and toks[i - 1].low in W.CITY_TRIGGERS and _city_at(toks, i)
        plain = mode != "mixed"
        if t.low in W.TITLES or t.low in W.NAME_TRIGGERS or t.low in W.CREDENTIALS or (place_ctx and not ctx):
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
            or ((t.namelike or t.weak) and (t.cap or plain) and _AGE_AFTER.match(text, t.end) is not None)
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
                (
                    nxt.low in lexicon().first_names
                    and nxt.low not in W.AUX
                    and (nxt.cap or plain or nxt.low not in lexicon().common_words)
                )
                or (ctx and nxt.namelike and (nxt.cap or plain) and j - i == 1 and len(nxt.word) > 3)
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
            i > floor
            and toks[i - 1].weak
            and (toks[i - 1].cap or ctx)
            and _gap(text, toks[i - 1], t, _SPACE_GAP)
            and toks[i - 1].low not in W.TITLES
            and toks[i - 1].low not in W.NAME_TRIGGERS
        ):
            i -= 1
        # "Birte Williamson, MD": the words before a credential-seeded surname on the same line join it
        if j < n and toks[j].low in W.CREDENTIALS and _credential_after(toks, j - 1, text):
            while (
                i > floor
                and j - i < 4
                and (toks[i - 1].namelike or toks[i - 1].weak)
                and (toks[i - 1].cap or plain)
                and toks[i - 1].low not in W.NAME_TRIGGERS
                and _gap(text, toks[i - 1], toks[i], _SPACE_GAP)
            ):
                i -= 1
        # a lone initial is not a name, nor "Vermont" or "Self" alone in a name's place
        alone = toks[i].low if j - i == 1 else ""
        if not (len(alone) == 1 or alone in W.NOT_PLACES or alone in W.FORM_VALUES):
            clinician = (ctx == "title" and toks[i - 1].low in W.CLINICIAN_TITLES) or (
                j < n and toks[j].low in W.CREDENTIALS and _gap(text, toks[j - 1], toks[j])
            )
            yield i, j, clinician
        floor = j


def _city_at(toks: list[_Tok], i: int) -> bool:
    cities = lexicon().cities
    return any(" ".join(t.low for t in toks[i : i + k]) in cities for k in (1, 2, 3) if i + k <= len(toks))


def _places(
    text: str, toks: list[_Tok], lows: list[str], taken: list[bool], lx: Lexicon, mode: str
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
            if two in lx.city_pairs and _gap(text, t, toks[i + 1], _SPACE_GAP):
                if i + 2 < n and _gap(text, toks[i + 1], toks[i + 2], _SPACE_GAP):
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
                    and _gap(text, t, toks[j], _SPACE_GAP)
                )
                county = end < n and toks[end].low == "county" and _gap(text, toks[end - 1], toks[end], _SPACE_GAP)
                yield i, end + county
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
    if any(w.med for w in words) or (j - i == 1 and words[0].low in W.NOT_PLACES):
        return False
    if _state_after(text, toks, j):
        return True
    if mode == "mixed" and not words[0].cap:
        return False  # in mixed-case text a lower-case word is a place only before a state
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
    if prev in W.CITY_TRIGGERS and mode != "mixed":  # "FROM DENVER": a known city, not an English word
        return len(words) > 1 or words[0].low not in lx.common_words
    return unambiguous or (prev in W.CITY_TRIGGERS and mode == "mixed")


_PLACE_LEADS = frozenset(["in", "to", "near", "of", "at"])
_PLACE_CUES = W.CITY_TRIGGERS | _PLACE_LEADS


def _place_context(toks: list[_Tok], i: int, text: str) -> str:
    """ "strong" after "lives in", "moved to", "resident of"; "weak" after "from"; else ""."""
    if i == 0 or not _gap(text, toks[i - 1], toks[i], _SPACE_GAP):
        return ""
    prev = toks[i - 1].low
    if prev in W.STRONG_CITY_TRIGGERS:
        return "strong"
    if (
        prev in _PLACE_LEADS
        and i > 1
        and _gap(text, toks[i - 2], toks[i - 1], _SPACE_GAP)
        and (toks[i - 2].low in W.STRONG_CITY_TRIGGERS or toks[i - 2].low in ("resident", "native"))
    ):
        return "strong"
    return "weak" if prev == "from" else ""


def _unknown_places(
    text: str, toks: list[_Tok], lows: list[str], taken: list[bool], mode: str
) -> Iterator[tuple[int, int]]:
    """ "lives in Lake Dorinaton", "woman from Kunenside": a town no dictionary knows, from its context alone."""
    plain = mode != "mixed"

    def candidate(t: _Tok, strength: str) -> bool:
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
            and (j == i or _gap(text, toks[j - 1], toks[j], _SPACE_GAP))
        ):
            j += 1
        if j > start_words:
            yield i, j


_STATE_ABBREVIATIONS_LOW = frozenset(a.lower() for a in W.STATE_ABBREVIATIONS)


def _city_before_state(
    text: str, toks: list[_Tok], lows: list[str], taken: list[bool], lx: Lexicon
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
            if p.med or p.low in W.STOP or (i < j and not _gap(text, p, toks[i], _SPACE_GAP)):
                break
            if not (p.cap or p.namelike or p.low in lx.cities or p.weak):
                break
            i -= 1
        if i < j:
            yield i, j


_HEADS_BY_FIRST: dict[str, list[list[str]]] = {}
for _head in sorted(W.FACILITY_HEADS, key=len, reverse=True):
    _HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(_head.split())


def _facilities(text: str, toks: list[_Tok], lows: list[str], lx: Lexicon) -> Iterator[tuple[int, int]]:
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


@dataclass(frozen=True, slots=True)
class Tokens:
    """The word tokens every name, place and facility layer reads (one pass, shared), and the text's case."""

    words: list[_Tok]
    lows: list[str]  # each token's lower-case form, for set look-ups run by ``map`` rather than a Python loop
    mode: str


def tokenize(text: str) -> Tokens:
    mode = _case_mode(text)
    toks = _tokens(text, lexicon(), mode)
    return Tokens(toks, [t.low for t in toks], mode)


def find(text: str, tokens: Tokens | None = None) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, layer)`` for names, places and facilities."""
    lx = lexicon()
    tokens = tokens or tokenize(text)
    toks, lows, mode = tokens.words, tokens.lows, tokens.mode
    taken = [False] * len(toks)
    for i, j in _facilities(text, toks, lows, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j in _city_before_state(text, toks, lows, taken, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j, clinician in _names(text, toks, mode):
        if any(taken[i:j]):
            continue
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.NAME, "clinician" if clinician else "dictionary"
    for i, j in _places(text, toks, lows, taken, lx, mode):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "dictionary"
    for i, j in _unknown_places(text, toks, lows, taken, mode):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"


_NAME_PART = re.compile(r"[^\W\d_]{3,}")


def propagate(
    text: str, tokens: Tokens, found: list[tuple[int, int, PhiType, str]]
) -> Iterator[tuple[int, int, PhiType, str]]:
    """Once "John Smith" is a name, "Smith" alone elsewhere in the same text is one too.

    A part that is also a common English word ("Rose", "Hope") only counts where it is written the same way.
    """
    lx = lexicon()
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for s, e, typ, layer in found:
        if typ is not PhiType.NAME:
            continue
        for part in _NAME_PART.findall(text, s, e):
            low = part.lower()
            if low in W.STOP or low in lx.medical:
                continue
            if low in lx.common_words:
                exact.setdefault(part, layer)
            else:
                loose.setdefault(low, layer)
    if not exact and not loose:
        return
    toks, lows = tokens.words, tokens.lows
    wanted = set(loose) | {w.lower() for w in exact}
    for k in compress(count(), map(wanted.__contains__, lows)):
        t = toks[k]
        hit = loose.get(t.low) or exact.get(t.word)
        if hit is not None:
            yield t.start, t.end, PhiType.NAME, hit
    joined = {low for low in set(lows) if "-" in low or "'" in low or "’" in low}  # "Smith-Jones": each part
    for k in compress(count(), map(joined.__contains__, lows)):
        t = toks[k]
        for m in _NAME_PART.finditer(t.word):
            part_layer = loose.get(m.group().lower()) or exact.get(m.group())
            if part_layer is not None:
                yield t.start + m.start(), t.start + m.end(), PhiType.NAME, part_layer
