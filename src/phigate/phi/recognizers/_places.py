"""Places smaller than a state: cities and counties from the dictionaries, towns no dictionary knows from their
context ("lives in", "from", "<town>, <ST>"), and facilities before a head noun ("… Rehabilitation Center")."""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from itertools import compress, count
from typing import NamedTuple

from phigate.phi._types import PhiType
from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import Lexicon, lexicon
from phigate.phi.recognizers._scorer import origin_cue, residence_cue, resident_after, word_evidence
from phigate.phi.recognizers._tokens import SPACE_GAP, Tokens, Word


def city_at(lows: list[str], i: int) -> bool:
    cities = lexicon().cities
    return any(" ".join(lows[i : i + k]) in cities for k in (1, 2, 3) if i + k <= len(lows))


def places(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """Yield token ranges that are cities, counties or other places smaller than a state."""
    words, lows, joined, mode = tk.words, tk.lows, tk.joined, tk.mode
    n = len(words)
    for i in compress(count(), map(lx.place_starts.__contains__, lows)):
        if taken[i]:
            continue
        low = lows[i]
        # n-gram city look-up, longest first
        grams: list[tuple[int, str]] = []
        if low in lx.city_first_words and i + 1 < n:
            two = low + " " + lows[i + 1]
            if two in lx.city_pairs and joined(i, SPACE_GAP):
                if i + 2 < n and joined(i + 1, SPACE_GAP):
                    grams.append((i + 3, two + " " + lows[i + 2]))
                grams.append((i + 2, two))
        if low in lx.cities:
            grams.append((i + 1, low))
        for j, key in grams:
            if key not in lx.cities or any(taken[i:j]):
                continue
            if _city_accepted(tk, i, j, lx):
                end = j + (  # "Lake" is a town, but "Lake Dorinaton" is the place meant
                    j == i + 1
                    and low in W.PLACE_PREFIXES
                    and j < n
                    and words[j].namelike
                    and (words[j].cap or mode != "mixed")
                    and joined(i, SPACE_GAP)
                )
                while end < n and end - i < 4 and lows[end] in _TOWN_OR_HOME_SUFFIXES and joined(end - 1, SPACE_GAP) \
                        and (words[end].cap or mode != "mixed"):
                    end += 1  # "Dorsey Heights", "Elk Grove Village"
                end += _second_name_word(tk, i, end)
                county = end < n and lows[end] == "county" and joined(end - 1, SPACE_GAP)
                yield i, end + county
                break
        else:
            if low == "county" and i > 0 and not taken[i - 1]:
                p = words[i - 1]
                if (p.low in lx.counties or p.cap or p.namelike) and not _english_opener(tk, i - 1, lx) \
                        and p.low not in _COUNTY_TITLES:  # (branch places8: "Asst. County Attorney")
                    yield i - 1, i + 1


def _second_name_word(tk: Tokens, i: int, end: int) -> bool:
    """ "lives independently in Cedar Quill, drives": in mixed-case text, a town of one dictionary word where someone
    lives goes on over one more capitalised word that closes the clause (no stop word, month, clinical word)."""
    if end != i + 1 or end >= len(tk.lows) or tk.mode != "mixed" or not tk.joined(i, SPACE_GAP):
        return False
    w = tk.words[end]
    return w.cap and not w.word.isupper() and w.word.isalpha() and not w.med and w.clin < 2 \
        and w.low not in W.STOP and w.low not in _MONTHS and w.low not in W.NOT_PLACES and not _generic(w.low) \
        and (end + 1 >= len(tk.lows) or _CLAUSE_AFTER.match(tk.gaps[end]) is not None) \
        and _place_context(tk, i) == "strong"


def _state_after(tk: Tokens, j: int) -> bool:
    if j >= len(tk.words):
        return False
    nxt = tk.words[j]
    between = tk.gaps[j - 1]
    if tk.mode == "caps" and between == " " and nxt.low in W.WORDLIKE_STATES:
        return tk.gaps[j].strip(" ,")[:5].isdigit()  # "WILL CALL IN AM" is not Call, Indiana: only with a ZIP
    return (
        between in (", ", ",", " ")
        and (nxt.word in W.STATE_ABBREVIATIONS or nxt.low in W.STATE_NAMES)
        and (between != " " or nxt.word in W.STATE_ABBREVIATIONS)
    )


def _city_accepted(tk: Tokens, i: int, j: int, lx: Lexicon) -> bool:
    words, mode = tk.words[i:j], tk.mode
    if any(w.med for w in words) or (j - i == 1 and (words[0].low in W.NOT_PLACES or words[0].low in _MONTHS)):
        return False  # (a month is when: "born in March")
    if j - i == 1 and words[0].low in _ROOM_WORDS and j < len(tk.lows) and tk.gaps[j - 1][:2].strip()[:1].isdigit():
        return False  # "moved to Ward 4B", "Station 3": a ward's or a room's number, not a town named Ward
    if _state_after(tk, j):
        return True
    if j - i == 1 and (_generic(words[0].low) or (words[0].low in _SEASONS and i > 0 and tk.lows[i - 1] in _WHEN)):
        return False  # "RESIDES AT HOME", "last spring": a kind of place and a season, not Home, PA or Spring, TX
    if mode == "mixed" and not words[0].cap:
        return False  # in mixed-case text a lower-case word is a place only before a state
    prev = tk.lows[i - 1] if i > 0 and tk.joined(i - 1, SPACE_GAP) else ""
    prev2 = tk.lows[i - 2] if i > 1 else ""
    strong_ctx = prev in W.STRONG_CITY_TRIGGERS or prev2 in W.STRONG_CITY_TRIGGERS or residence_cue(tk, i) \
        or resident_after(tk, j) or (origin_cue(tk, i) and not _generic(tk.lows[i]))  # not "pt from home"
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


_ROOM_WORDS = frozenset(["ward", "room", "bed", "station", "unit", "floor", "pod", "bay", "level", "wing", "tower",
                         "suite", "building", "bldg", "gate", "zone", "area", "section", "module", "stall"])
_SEASONS = frozenset(["spring", "summer", "fall", "autumn", "winter"])
_WHEN = frozenset(["last", "this", "next", "early", "late", "mid", "in", "the", "since", "until", "during", "by",
                   "past", "that", "each", "every"])
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"])
_PLACE_LEADS = frozenset(["in", "to", "near", "of", "at"])
_PLACE_CUES = W.CITY_TRIGGERS | _PLACE_LEADS


def _place_context(tk: Tokens, i: int) -> str:
    """ "strong" after "lives in", "moved to", "resident of"; "weak" after "from"; else ""."""
    if i == 0 or not tk.joined(i - 1, SPACE_GAP):
        return ""
    prev = tk.lows[i - 1]
    if prev in W.STRONG_CITY_TRIGGERS or residence_cue(tk, i):
        return "strong"
    if prev == "ln":  # a scan's "in" read as "ln" after a verb of residence: "Lives ln Ostby"
        return "strong" if i > 1 and tk.lows[i - 2] in _LIVES and tk.joined(i - 2, SPACE_GAP) else ""
    if (
        prev in _PLACE_LEADS
        and i > 1
        and tk.joined(i - 2, SPACE_GAP)
        and (tk.lows[i - 2] in W.STRONG_CITY_TRIGGERS or tk.lows[i - 2] in ("resident", "native")
             or (prev == "of" and tk.lows[i - 2] in _OF_KINDS))  # "the county of Dunmore", "Township of Ostby"
    ):
        return "strong"
    if prev == "from" and i > 1 and tk.lows[i - 2] in _MOVED_FROM and tk.joined(i - 2, SPACE_GAP):
        return "strong"  # "moved from St. Brennan", "immigrated from ...": where someone lived
    if prev == "to" and i > 2 and tk.lows[i - 3] == "from" and tk.words[i - 2].namelike \
            and (tk.words[i - 2].cap or tk.mode != "mixed") and tk.joined(i - 3, SPACE_GAP) \
            and tk.joined(i - 2, SPACE_GAP) and tk.lows[i - 4 if i > 3 else 0] in _JOURNEYS:
        return "strong"  # "driving from Ostby to Kellam"
    if prev in ("from", "to") and _journey_before(tk, i - 1):
        return "strong"  # "driving from Ostby", "flew to Kellam": a journey's end is a town, even one named like a
        # person
    if prev == "from" or (prev in ("to", "in") and i > 1 and tk.lows[i - 2] in _TRAVEL_WORDS
                          and tk.joined(i - 2, SPACE_GAP)):
        return "weak"
    if prev == "in" and i > 1 and tk.lows[i - 2] in W.RELATIVES and tk.joined(i - 2, SPACE_GAP):
        return "weak"  # "Sister in KETTLEBY calls daily": where a relative lives (no English or clinical word)
    if prev in ("in", "near") and i > 1 and tk.lows[i - 2] in W.STREET_WORDS \
            and (tk.words[i - 2].cap or tk.mode != "mixed") and tk.gaps[i - 2].strip(" \t.") == "":
        return "strong"  # "lives at 12 Elm St. in Kellam", "at Main St and Elm Ave in Dunholt": a street's town
    if prev in ("in", "near", "outside") and i > 1 and tk.lows[i - 2] in _WORK_VERBS and tk.joined(i - 2, SPACE_GAP):
        return "weak"  # "works in Ferncastle" (a word English or the clinical lexicon knows is a field: "in sales")
    return ""


def _journey_before(tk: Tokens, k: int) -> bool:
    """A journey or move word up to four words before the preposition at token ``k``, in the same clause ("flew in
    from", "originally from", "relocated to Kellam from", "evacuated from")."""
    return not _JOURNEYS.isdisjoint(tk.lows[max(0, k - 4) : k]) and _cue_before(tk, k, _JOURNEYS, 4, _CLAUSE_END)


def _cue_before(tk: Tokens, k: int, cues: frozenset[str], reach: int, stop: re.Pattern[str]) -> bool:
    """One of ``cues`` stands up to ``reach`` words before token ``k``, with no gap matching ``stop`` (the end of a
    clause or a sentence) between them."""
    for m in range(k - 1, max(-1, k - reach - 1), -1):
        if stop.search(tk.gaps[m]):
            return False
        if tk.lows[m] in cues:
            return True
    return False


_JOURNEYS = frozenset(["driving", "drove", "drive", "drives", "flew", "flying", "flight", "traveled", "travelled",
                       "traveling", "travelling", "commutes", "commuted", "commuting", "cruise", "trip", "roadtrip",
                       # where someone comes from: "originally from", "hails from", "evacuated from", "relocated"
                       "originally", "hails", "hailing", "evacuated", "fled", "relocated", "relocating", "emigrated",
                       "immigrated", "transplanted", "moved", "moving",
                       # "plans to move back to Ostby", "headed up to ..." (not "return": "returned to SIMV")
                       "move", "moves", "headed", "heading"])
_LIVES = frozenset(["lives", "living", "lived", "resides", "residing", "resided", "reside", "live"])
_OF_KINDS = frozenset(["county", "township", "borough", "parish", "hamlet", "municipality", "commonwealth"])
_MOVED_FROM = frozenset(["moved", "relocated", "immigrated", "emigrated", "came"])
_ABBREVIATED_PREFIXES = frozenset(["st", "mt", "ft"])  # "moved from St. Brennan", "lives in Mt. Tarrow"
_BARE_LEADS = frozenset(["in", "near", "outside", "around"])
_BARE_OR_OF = _BARE_LEADS | {"of"}
# ("grew up on a farm outside Marlport", "lives on Ostby Island"; a scan's "lives ln Ostby")
_CUES_OR_BARE = _PLACE_CUES | _BARE_LEADS | {"on", "ln"}
# words between "in" and a town that are no part of its name: "lives in rural Kellam", "in downtown Ostby"
_QUALIFIERS = frozenset(["rural", "downtown", "suburban", "uptown", "midtown", "greater", "central", "coastal",
                         "upstate", "downstate", "outer", "inner", "metro", "metropolitan", "nearby", "suburbs"])
_TOWN_ENDINGS = ("ville", "burg", "burgh", "boro", "borough", "bury", "town", "ton", "field", "ford", "wood", "dale",
                 "port", "mouth", "chester", "caster", "shire", "ham", "stead", "haven", "view", "land", "mont",
                 "castle", "wick", "worth", "minster", "combe", "cester", "bridge", "gate", "hurst", "ridge", "brook",
                 "crest", "vale", "holm")


def _bare_context(tk: Tokens, i: int) -> str:
    """ "bare" after "in", "near", "outside (of)": a place only for a word shaped like a town's name
    (``_town_shaped``)."""
    lows = tk.lows
    prev = lows[i - 1]
    if prev == "of" and i > 1 and lows[i - 2] == "outside" and tk.joined(i - 2, SPACE_GAP):
        return "bare"  # "just outside of Kovacsville"
    return "bare" if prev in _BARE_LEADS and tk.joined(i - 1, SPACE_GAP) else ""


def _unlisted_capital(t: Word) -> bool:
    """A capitalised word (not in capitals) that no English, clinical, name or place list holds and that misspells no
    listed word: in mixed-case text, after "in" or "near", a town's name ("Lyme exposure in Quillfield")."""
    return t.namelike and t.cap and t.word[1:].islower() and not t.weak and not t.strong and not t.clin \
        and not t.typo and len(t.low) >= 5 and t.low.isalpha() and t.low not in W.NOT_PLACES \
        and t.low[:6] not in _clinical_stems()  # (not "in Trendelberg", a misspelt eponym)


@functools.cache
def _clinical_stems() -> frozenset[str]:
    """The first six letters of every longer word of the medical terms and the eponyms: a word no list holds that
    starts so is more likely a misspelling ("Trendelberg") than a town."""
    lx = lexicon()
    return frozenset(w[:6] for w in lx.medical | lx.eponyms if len(w) >= 8)


def _town_shaped(t: Word, mode: str) -> bool:
    """A word no list holds (no English, clinical, name or place list, no misspelling of a listed word) that ends as
    towns' names do ("Kovacsville", "tarrowburgh"), capitalised in mixed-case text (not "in Trendelberg")."""
    if not t.namelike or t.clin or t.weak or t.typo or len(t.low) < 5 or t.low in W.NOT_PLACES \
            or not t.low.isalpha() or not t.low.endswith(_TOWN_ENDINGS) or t.low in lexicon().common_words:
        return False
    return mode != "mixed" or (t.cap and t.word[1:].islower())  # (not "CareVue": a product's capitals)


# where someone works names a town as where they travel does: "works in Ferncastle", "worked near Ostby"
_WORK_VERBS = frozenset(["works", "worked", "working", "work", "employed", "commutes", "commuted", "commuting",
                         "teaches", "taught", "farms", "farmed"])


# words that take a patient to a town, as "from" names where one comes from: "transport to Ferncastle", "drives in
# from Ostwick", "a trip to Marrowdene" ("weak": a word English, a name list or the clinical lexicon knows is no town)
_TRAVEL_WORDS = frozenset(["transport", "transported", "transportation", "ride", "rides", "drive", "drives", "drove",
                           "driven", "bus", "commute", "commutes", "trip", "travel", "travels", "traveled",
                           "travelled", "traveling", "travelling", "flew", "relocated", "relocating", "vacation",
                           "vacationing", "headed", "heading",
                           # an ambulance run and a move: "dispatched to Kovacsville", "plans to move to ..."
                           "dispatched", "responded", "respond", "transported", "move", "moving", "drove",
                           # a trip or an exposure: "a cruise to ...", "a visit to ...", "went hiking in ..."
                           "cruise", "visit", "visits", "flight", "flights", "fly", "flying", "driving",
                           "returning", "hiking", "hiked", "camping", "camped", "hunting", "fishing", "trips",
                           "tour", "touring", "stayed", "staying", "wintering", "summering"])


def unknown_places(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "lives in Lake Dorinaton", "woman from Kunenside": a town no dictionary knows, from its context alone."""
    plain = tk.mode != "mixed"
    words, lows = tk.words, tk.lows

    def candidate(t: Word, strength: str) -> bool:
        if strength == "bare":  # (in mixed-case text, any capitalised word no list holds: "exposure in Quillfield")
            return _town_shaped(t, tk.mode) or (not plain and _unlisted_capital(t))
        if strength == "strong" and not plain and t.word.islower():
            return _lowercase_town(t)  # ("lives in fennick" in a mixed-case note)
        return (
            t.namelike
            and t.low not in W.NOT_PLACES
            and (t.cap or plain)
            and (strength == "strong" or not t.weak)
            and t.low not in W.CREDENTIALS
            and t.low not in W.TITLES
            and not _generic(t.low)  # ("moved from CCU to PCU": a kind of unit)
            and (strength == "strong" or not t.clin)  # "from coccyx", "from fem": anatomy and shorthand
        )

    n = len(words)
    for c in compress(count(1), map(_CUES_OR_BARE.__contains__, lows[:-1])):  # tokens after a cue word
        if taken[c] or taken[c - 1] or (lows[c - 1] == "on" and not residence_cue(tk, c)):
            continue  # ("lives on Ostby Island": "on" only after a verb of residence; "Orrindale Assisted Living
            # last spring": a cue inside a place's name is none)
        strength = _place_context(tk, c) or (_bare_context(tk, c) if lows[c - 1] in _BARE_OR_OF else "")
        if not strength:
            continue
        # ("lives in rural Kellam": the qualifier is no part of the town's name)
        i = c + (lows[c] in _QUALIFIERS and c + 1 < n and tk.joined(c, SPACE_GAP) and not taken[c + 1])
        j = i
        if lows[j] in W.PLACE_PREFIXES and (words[j].cap or plain) and j + 1 < n:
            j += 1
        start_words = j
        while (
            j < n
            and j - i < 3
            and not taken[j]
            and (candidate(words[j], strength) or _suffix(tk, j, start_words, plain)
                 or (strength == "strong" and _before_town_suffix(tk, j, plain)))
            and (j == i or tk.joined(j - 1, SPACE_GAP) or (j == start_words and tk.gaps[j - 1] == ". "
                                                            and lows[j - 1] in _ABBREVIATED_PREFIXES))
        ):
            j += 1
        if j > start_words:
            yield i, j
            # "in Tarrowburgh and Ferncastle": a second town of the same kind after "and" or "or"
            if j + 1 < n and lows[j] in ("and", "or", "&") and tk.joined(j - 1, SPACE_GAP) \
                    and tk.joined(j, SPACE_GAP) and not taken[j + 1] and candidate(words[j + 1], strength):
                yield j + 1, j + 2
    yield from _unknown_residents(tk, taken)
    yield from _areas(tk, taken)


def _lowercase_town(t: Word) -> bool:
    """In mixed-case text, after "lives in", "moved to", "resident of": a word written in lowercase that no English,
    clinical or name list holds ("lives in fennick"), or a town of the dictionaries that English does not write
    ("son lives in tulsa"; not "lives in fear", "lives in mobile home")."""
    lx = lexicon()
    if t.med or t.low in lx.common_words or t.low in W.STOP or t.low in W.NOT_PLACES or not t.low.isalpha() \
            or _generic(t.low):
        return False
    if t.low in lx.cities:
        return True
    return len(t.low) >= 4 and not t.clin and not t.weak and t.low not in lx.first_names


_AREA_NOUNS = frozenset(["area", "region", "vicinity", "metro", "suburbs", "neighborhood", "neighbourhood",
                         "district"])


def _areas(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "lives in the Kovacsville area", "the greater Tarrowburgh area": a town shaped like one between "the" (and
    "greater") and "area", "region", "vicinity"."""
    words, lows = tk.words, tk.lows
    for k in compress(count(), map(_AREA_NOUNS.__contains__, lows)):
        i = k - 1
        if i < 1 or taken[i] or not tk.joined(i, SPACE_GAP) or not _town_shaped(words[i], tk.mode):
            continue
        lead = i - 1 - (lows[i - 1] == "greater" and i > 1)
        if lows[lead] == "the" and all(tk.joined(x, SPACE_GAP) for x in range(lead, i)):
            yield i, k


def _unknown_residents(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "Pt is a Ferncastle resident", "a Dunmoreton native": one or two words no English or clinical list holds
    (capitalised in mixed-case text) between "a" and "resident" or "native" name a town."""
    words, lows, plain = tk.words, tk.lows, tk.mode != "mixed"
    for k in compress(count(), map(_RESIDENT_NOUNS.__contains__, lows)):
        i = k
        while i > 0 and k - i < 2 and not taken[i - 1] and tk.gaps[i - 1] in (" ", "-"):
            w = words[i - 1]
            if not (w.namelike and not w.clin and w.low not in W.NOT_PLACES
                    and (plain or (w.cap and not w.word.isupper()))):
                break
            i -= 1
        if k > i > 0 and lows[i - 1] in ("a", "an") and tk.joined(i - 1, SPACE_GAP):
            yield i, k


_RESIDENT_NOUNS = frozenset(["resident", "native", "residents", "natives", "local"])


def _before_town_suffix(tk: Tokens, j: int, plain: bool) -> bool:
    """ "lives in Anvil Springs", "lives in Cold Harbor": an English word before a word that ends a town's name."""
    w = tk.words[j]
    return j + 1 < len(tk.lows) and tk.lows[j + 1] in W.PLACE_SUFFIXES and tk.joined(j, SPACE_GAP) \
        and (w.cap or plain) and (tk.words[j + 1].cap or plain) and w.low not in W.STOP and not w.med \
        and w.clin < 2 and w.low not in W.NOT_PLACES and not (w.low in _WHEN and tk.lows[j + 1] in _SEASONS)


def _suffix(tk: Tokens, j: int, first: int, plain: bool) -> bool:
    """ "Dorsey Heights", "Maple Springs": a word that ends a town's name, after its first word."""
    return j > first and tk.lows[j] in _TOWN_OR_HOME_SUFFIXES and (tk.words[j].cap or plain)


# words that end the name of where someone lives, after its first word: "Maple Court", "Linden Towers", "Fairmont
# Estates", "Cedar Commons" (towns' endings are ``W.PLACE_SUFFIXES``: "Dorsey Heights")
_HOME_SUFFIXES = frozenset(["court", "courts", "towers", "estates", "arms", "commons", "gardens", "terrace",
                            "apartments", "residences", "condominiums", "condos", "homes", "lodge", "house"])
_TOWN_OR_HOME_SUFFIXES = W.PLACE_SUFFIXES | _HOME_SUFFIXES


_STATE_ABBREVIATIONS_LOW = frozenset(a.lower() for a in W.STATE_ABBREVIATIONS)


def city_before_state(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "Lake Jessicaborough, MA": up to three words before ", ST" are a city even if no dictionary knows it."""
    words = tk.words
    for j in compress(count(), map(_STATE_ABBREVIATIONS_LOW.__contains__, tk.lows)):
        t = words[j]
        zip_after = (_ZIP_AFTER_COMMA if t.low in W.CREDENTIALS else _ZIP_AFTER).match(text, tk.ends[j]) is not None
        if j == 0 or not (t.word in W.STATE_ABBREVIATIONS or (tk.mode == "lower" and zip_after)):
            continue  # (in a lowercase note a state's two letters before a ZIP code: "ferncastle, ma 01234")
        i = _town_before_state(text, tk, j, zip_after, taken, lx)
        if i >= 0:
            yield i, j
    yield from _town_before_state_word(text, tk, taken, lx)


_DOTTED_STATE = re.compile(r"\.[ ]?([A-Za-z])\.")  # (after a letter: "N.C.", "N. C."; a period first is faster found)


def _town_before_state(text: str, tk: Tokens, j: int, zip_after: bool, taken: list[bool], lx: Lexicon) -> int:
    """Where the town before the state at token ``j`` starts (``zip_after``: a ZIP code follows the state), or -1."""
    if j == 0:
        return -1
    spaced = tk.gaps[j - 1] in (" ", "  ")  # "12 Elm St, Port Aarneton MA 02139": only with the ZIP
    if tk.gaps[j - 1] not in (", ", ",", "^") and not ((spaced or tk.gaps[j - 1] == "/") and zip_after):
        return -1
    i = _town_start(tk, j, taken, lx)
    t = tk.words[j]
    if (t.low in W.CREDENTIALS or t.clin) and not zip_after and not _in_town(tk, i) and not _place_field(tk, i):
        return -1  # "Jane Roe, MD" is a doctor, "CABG, MVR, MI" a history; "Baltimore, MD 21201" a place
    if i < j and (not spaced or _after_street(text, tk, i) or _opens_field(tk, i)) \
            and (tk.gaps[j - 1] != "/" or _opens_field(tk, i)):  # ("City/State/Zip: Kellam/VT/05401")
        return i  # ("Kellam VT 05401" opening its line or a field: a town, its state and its ZIP code)
    return -1


# a ZIP code after a comma that ends a line: "Scene: I-80 eastbound, mile marker 212, East Vossley, 18948"
_COMMA_ZIP_END = re.compile(r",[ \t]{1,2}(\d{5}(?:-\d{4})?)[ \t]*\.?[ \t]*(?=\r?\n|\Z)")


def _towns_and_zips(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int, PhiType]]:
    """A town and its ZIP code with no street before them: after a comma and with no state ("Scene: …, East
    Vossley, 18948"), or before a state's letters with their periods ("Mt. Dravel N.C.  59885"). Marks in ``taken``
    the tokens it yields."""
    if "," in text:
        for i, j, m in _town_before_zip(text, tk, taken, lx):
            taken[i:j] = [True] * (j - i)
            yield tk.starts[i], tk.ends[j - 1], PhiType.LOCATION
            yield m.start(1), m.end(1), PhiType.ZIP
    if "." in text:
        for m in _DOTTED_STATE.finditer(text):
            j = bisect_left(tk.starts, m.start() - 1)
            if j >= len(tk.starts) or tk.starts[j] != m.start() - 1 or tk.ends[j] != m.start():
                continue  # (the first letter is a word of its own)
            code = _ZIP_AFTER.match(text, m.end())
            letters = (tk.lows[j] + m.group(1)).lower()  # (not "Jane Roe, M.D. 10000 units", "P.A.")
            if letters.upper() not in W.STATE_ABBREVIATIONS or letters in W.CREDENTIALS or code is None:
                continue
            i = _town_before_state(text, tk, j, True, taken, lx)
            if i >= 0 and not any(taken[i:j]):
                taken[i:j] = [True] * (j - i)
                yield tk.starts[i], tk.ends[j - 1], PhiType.LOCATION
                yield code.end() - len(code.group().lstrip(".,/ \t")), code.end(), PhiType.ZIP


def _town_before_zip(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int, re.Match[str]]]:
    """ "Pickup: rollover, rural road, Brindlecot, 61413", "Origin: East Vossley, 18948": one to three words that may
    name a town before a comma and a ZIP code that ends the line, in a form's field (a label and its colon on the
    line) or opening a line, with no state between them."""
    for m in _COMMA_ZIP_END.finditer(text):
        j = bisect_left(tk.starts, m.start())
        if j == 0 or tk.ends[j - 1] != m.start() or taken[j - 1]:
            continue
        i = j - 1
        while i > 0 and j - i < 3 and not taken[i - 1] and (tk.gaps[i - 1] in (" ", "\t") or (
                tk.gaps[i - 1] == ". " and tk.lows[i - 1] in _PREFIXES_WITH_PERIOD)):  # ("St. Quella, 80011")
            i -= 1
        i = _town_words_start(tk, i, j, taken, lx)
        if i < j and _field_or_line(text, tk, i) and not (i and tk.lows[i - 1] in W.TITLES) \
                and (_place_line(text, tk.starts[i]) or not _clinical_town(tk, i, j, lx)):
            yield i, j, m  # (not "Dr. Roe, 20145", "Allergies: penicillin, sulfa, 10000")


# the labels of a line that holds a place: an ambulance run's, a transport's, an incident's, an address's
_PLACE_LINE_LABELS = frozenset(["scene", "pickup", "pick-up", "location", "loc", "origin", "destination", "dest",
                                "address", "addr", "residence", "home", "city", "town", "from", "to", "dropoff",
                                "drop-off", "incident", "site", "place", "transported", "transport", "mailing"])
_LABEL = re.compile(r"([A-Za-z][A-Za-z\-]*)[ \t]*:")


def _place_line(text: str, at: int) -> bool:
    """The line of ``at`` opens with a label of a place ("Pickup:", "Incident location:", "SCENE:")."""
    start = text.rfind("\n", 0, at) + 1
    colon = text.find(":", start, at)
    label = _LABEL.search(text, max(start, colon - 30), colon + 1) if colon >= 0 else None
    return label is not None and label.group(1).lower() in _PLACE_LINE_LABELS


def _clinical_town(tk: Tokens, i: int, j: int, lx: Lexicon) -> bool:
    """A word of tokens ``[i, j)`` is a clinical or an English one (not a misspelling, a place's first or last word,
    a name no English list holds): "Dx: MVC, Bend, 12345", "Allergies: penicillin, sulfa, 10000"."""
    return any(((w.clin and not w.typo) or not (w.namelike or w.strong))
               and not (k > i and w.low in W.PLACE_SUFFIXES)
               and not (k == i and (w.low in W.PLACE_PREFIXES or w.low in _PREFIXES_WITH_PERIOD))
               for k, w in enumerate(tk.words[i:j], i))


def _town_words_start(tk: Tokens, i: int, j: int, taken: list[bool], lx: Lexicon) -> int:
    """The first token from ``i`` such that the words up to ``j`` may name a town ("East Vossley", "Brindlecot"):
    ``j`` if there is none."""
    for s in range(i, j):
        prefix = s + 1 < j and (tk.lows[s] in W.PLACE_PREFIXES or (
            tk.lows[s] in _PREFIXES_WITH_PERIOD and tk.gaps[s] == ". "))  # ("Port", "East", "St.": a place's first
        first = s + prefix  # word)
        if _town_end(tk, first, taken, lx, loose=False) == j and (prefix or (not tk.words[s].med
                                                                            and tk.words[s].clin < 2)) \
                and (tk.words[s].cap or tk.mode != "mixed"):
            return s
    return j


def _field_or_line(text: str, tk: Tokens, i: int) -> bool:
    """Token ``i`` opens a line, a form field's value, or an item of a list in such a value ("Scene: …, <town>")."""
    gap = tk.gaps[i - 1] if i else text[: tk.starts[0]]
    if i == 0 or "\n" in gap or ":" in gap:
        return True
    line = text[text.rfind("\n", 0, tk.starts[i]) + 1 : tk.starts[i]]
    return gap.rstrip(" \t").endswith(",") and ":" in line


def _town_start(tk: Tokens, j: int, taken: list[bool], lx: Lexicon) -> int:
    """Where the up to three words before a state at token ``j`` that may name a town start (``j``: none)."""
    i = j
    while i > 0 and j - i < 3 and not taken[i - 1]:
        p = tk.words[i - 1]
        if p.med or p.low in W.STOP or (i < j and not tk.joined(i - 1, SPACE_GAP)):
            break
        if not (p.cap or p.namelike or p.low in lx.cities or p.weak):
            break
        i -= 1
    if 0 < i < j and j - i < 3 and not taken[i - 1] and (tk.words[i - 1].cap or tk.mode != "mixed") and (
            (tk.gaps[i - 1] == ". " and tk.lows[i - 1] in _PREFIXES_WITH_PERIOD)
            or (tk.gaps[i - 1] == " " and tk.lows[i - 1] in W.PLACE_PREFIXES)):
        i -= 1  # "St. Carrowby NE 45898", "Mt. Dravel, ND", "UPPER WYNDLE, NY"
    return i


def _place_field(tk: Tokens, i: int) -> bool:
    """Token ``i`` opens the value of a form's place field ("Address: Kellam, Vermont", "Born: Kellam, VT")."""
    return i > 0 and ":" in tk.gaps[i - 1] and (tk.lows[i - 1] in _PLACE_LABELS or tk.lows[i - 1] in _ADDRESS_LABELS)


_ADDRESS_LABELS = frozenset(["address", "addr", "residence"])


def _opens_field(tk: Tokens, i: int) -> bool:
    """Token ``i`` opens the text, a line or a form's field ("City, State, Zip: Kellam VT 05401")."""
    return i == 0 or "\n" in tk.gaps[i - 1] or ":" in tk.gaps[i - 1]


# a state spelled out or in the older abbreviations, after a town and its comma: "Kellam, Vermont", "Ostby, Vt.",
# "Daughter in Kellam, Mass., calls"; the words of two-word names by their first ("new hampshire")
_AP_STATE_WORDS = frozenset(["ala", "ariz", "ark", "calif", "cal", "colo", "conn", "del", "fla", "ga", "ill", "ind",
                             "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
                             "nebr", "nev", "okla", "ore", "oreg", "pa", "penn", "tenn", "tex", "vt", "va", "wash",
                             "wis", "wisc", "wyo"])
_STATE_WORDS = frozenset(w.split()[0] for w in W.STATE_NAMES) | _AP_STATE_WORDS
_SPELLED_STATES = frozenset(tuple(name.split()) for name in W.STATE_NAMES | W.MULTIWORD_STATE_NAMES)
_STATE_STARTS = _STATE_WORDS | frozenset(name[0] for name in _SPELLED_STATES)  # ("North Carolina")


def _state_word_end(text: str, tk: Tokens, j: int) -> int:
    """The end (a token index) of a state spelled out at token ``j`` ("Vermont", "New Hampshire") or written in the
    older abbreviations with their period ("Vt.", "Mass."); ``j`` if there is none."""
    low = tk.lows[j]
    if low in _AP_STATE_WORDS and text.startswith(".", tk.ends[j]):
        return j + 1
    for k in (3, 2, 1):
        if j + k <= len(tk.lows) and (" ".join(tk.lows[j : j + k]) in W.STATE_NAMES
                                      or tuple(tk.lows[j : j + k]) in _SPELLED_STATES) \
                and all(tk.joined(x, SPACE_GAP) for x in range(j, j + k - 1)):
            return j + k
    return j


def _town_before_state_word(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "Kellam, Vermont 05401", "went to college in Ostby, Vt.", "a daughter in Kellam, Mass.": up to three words
    before a comma and a state spelled out or in its older abbreviation are a town, when a ZIP code follows the state,
    or a place cue leads the town (``_in_town``); never "Patient: Roe, Virginia"."""
    for j in compress(count(1), map(_STATE_STARTS.__contains__, tk.lows[1:])):
        spaced = tk.gaps[j - 1] == " "  # "Garthby Ohio 44101": only with its ZIP code, opening a line or a field
        if (tk.gaps[j - 1] not in (", ", ",") and not spaced) or taken[j - 1] \
                or (tk.mode == "mixed" and tk.lows[j] in W.CREDENTIALS and tk.words[j].word.isupper()):
            continue  # ("Jane Roe, MD. 10000 units": a credential in capitals, not Maryland's "Md.")
        e = _state_word_end(text, tk, j)
        if e == j:
            continue
        i = _town_start(tk, j, taken, lx)
        zip_after = _ZIP_AFTER.match(text, tk.ends[e - 1] + text.startswith(".", tk.ends[e - 1])) is not None
        if spaced and not (zip_after and i < j and (_opens_field(tk, i) or _after_street(text, tk, i))):
            continue
        if i < j and (zip_after or _in_town(tk, i) or _place_field(tk, i)) \
                and not any(w.low in W.NOT_PLACES or w.low in _STATE_WORDS for w in tk.words[i:j]):
            yield i, j


def _in_town(tk: Tokens, i: int) -> bool:
    """ "lives in Framingham, MA", "moved to Dover, DE": the words from token ``i`` are where someone is, so the
    credential after them ("MA", "DE") is a state."""
    return i > 0 and tk.joined(i - 1, SPACE_GAP) and (tk.lows[i - 1] in ("in", "near", "outside")
                                                      or _place_context(tk, i) == "strong")


_ZIP_AFTER = re.compile(r"\.?(?:[ \t,]{1,3}|/)\d{5}(?:-\d{4})?\b")  # (", NY.  43450": a state with its period)
_ZIP_AFTER_COMMA = re.compile(r"(?:[ \t,]{1,3}|/)\d{5}(?:-\d{4})?\b")  # (not "Jane Roe, MD. 10000 units given")


def _after_street(text: str, tk: Tokens, i: int) -> bool:
    """ "… Elm Street, Port Aarneton MA 02139": the town of an address follows its street and a comma (or the street
    itself: "88 BIRCH RD KELLAM VT 05401")."""
    return i > 0 and (tk.gaps[i - 1].strip() == "," or street_before(text, tk, i))


# a house number, maybe hyphenated as in Queens ("45-12 Bell Blvd") or with a fraction ("12 1/2 Canal St")
_HOUSE_NUMBER = re.compile(r"(?:^|[\s,:#(])(\d{1,6}(?:-\d{1,5}|[ \t]1/2)?)[ \t]{1,2}\Z")
# a numbered road: "4400 State Route 9", "on County Road 12", "Hwy 61"
_ROADS = frozenset(["route", "rte", "highway", "hwy", "road", "rd", "fm", "cr"])
# (a Farm to Market road: "1402 FM 982"; a county road in capitals: "1 CR 43")
_HIGHWAYS = frozenset(["route", "rte", "highway", "hwy", "fm", "cr"])
_ROAD_NUMBER = re.compile(r"[ \t]{1,2}\d{1,4}[A-Za-z]?\b")
_ROAD_KINDS = frozenset(["county", "state", "us", "farm", "township", "forest", "rural"])  # "on County Road 12"
# a unit after the street: ", Apt 3B", " Unit 12", " #4", ", Suite 200", " Lot 7"
# (up to two: "Bldg 4 Fl 2", "Ste 200 Rm 12")
_UNIT_AFTER = re.compile(
    r"(?:\.?,?[ \t]{1,2}(?:(?:apt|apartment|unit|suite|ste|lot|rm|room|bldg|building|fl|floor|trlr|trailer|spc|"
    r"space|dept|pmb)\.?[ \t]{0,2}#?[ \t]?|#[ \t]?)[A-Za-z0-9][A-Za-z0-9\-]{0,7}\b){1,2}", re.IGNORECASE)
# a unit the USPS names by a word alone, closing the street's part: "6703 Salt Terrace Rear, Drenby", "12 Elm St Upper"
_UNIT_WORD_AFTER = re.compile(r",?[ \t]{1,2}(?i:rear|front|frnt|upper|uppr|lower|lowr|bsmt|basement)\b"
                              r"(?=\.?[ \t]*(?:,|\r?\n|\Z))")
# ", <town>", or the line's end: the address is a field of its own (or a table's cell, or two spaces part it off)
_GOES_ON = re.compile(r"\.?(?:[ \t]*(?:,|\r?\n|\Z|[|·•])|[ \t]{2,}(?=\S))")
_ZIP_ON_LINE = re.compile(r"[^\n\d]{0,60}\b\d{5}(?:-\d{4})?\b")
# the next line is the address's last: a town, a state maybe and a ZIP code ("35-B N 31st Bnd\nOstby, ND 58102")
_ZIP_NEXT_LINE = re.compile(r"[ \t,]*\r?\n[ \t]*[A-Za-z][^\n\d]{0,50}\b\d{5}(?:-\d{4})?[ \t.]*(?:\r?\n|\Z)")


class Street(NamedTuple):
    """A street address found at a street suffix: "4410 Harrow Bend Run, Apt 3B"."""

    suffix: int  # the token of the street suffix
    tier: int  # ``_street_tier`` of the suffix
    start: int  # where the house number starts (a character offset)
    end: int  # where the address ends, its unit included
    after: int  # the first token after it


def _street_tier(w: Word, mode: str) -> int:
    """1: a street suffix that names a street on its own ("Street", "Rd"); 2: a primary name of the USPS table that is
    an English word too ("Run", "Crossing", "Bend"); 3: one of its abbreviations ("XING", "Trce"); 0: none. The
    last two only capitalised in mixed-case text, and only where the address goes on (``_street``)."""
    if w.low in W.STREET_WORDS or w.word in ("FM", "CR") or (w.word in ("fm", "cr") and mode == "lower"):
        return 1  # (a Farm to Market road, a county road only numbered: ``_numbered_road``)
    primary = lexicon().street_suffixes.get(w.low)
    if primary is None or (mode == "mixed" and not w.cap):
        return 0
    return 2 if primary else 3


def _house_number(text: str, tk: Tokens, k: int, tier: int) -> int:
    """Where the house number starts before the one to three street words that end at token ``k - 1`` (besides a
    direction and a house number's letter: "12840A E. Tamsin Ridge Point"); -1 if there is none."""
    gaps = tk.gaps
    named = 0
    for m in range(k - 1, max(-1, k - 6), -1):
        w = tk.words[m]
        before = gaps[m - 1] if m else text[: tk.starts[0]]
        part = _number_part(w.low, before)
        named += not part and w.low not in _DIRECTIONS
        if named > 3:
            return -1
        if not part and w.low not in _DIRECTIONS and (
                w.med or w.clin == 2 or w.low in W.STOP
                or (w.low in W.NOT_STREET_WORDS and not (tk.mode == "mixed" and w.word.istitle()))  # "12 Miles Ct"
                or (tier > 1 and not (w.cap or tk.mode != "mixed"))):
            return -1  # "2 beats of ST.", "2 MG SQ GIVEN", "2 laps around the unit loop": no street is named so
        number = _house_number_before(before, w.low)
        if number >= 0:  # ("12B Orchard Close": the letter is a token; not "4U REG SQ", "100s ST")
            return -1 if tier > 1 and before.endswith("  ") else tk.starts[m] - len(before) + number
        if m == 0 or not (tk.joined(m - 1, SPACE_GAP) or (w.low in _ORDINALS and _ORDINAL_GAP.fullmatch(before))
                          or (before == ". " and (tk.lows[m - 1] in _ABBREVIATED_PREFIXES
                                                  or tk.lows[m - 1] in _DIRECTIONS))):
            return -1  # ("221 W 5th St": the ordinal's number is in the gap; "12 Mt. Vernon Ave", "17 S. Elm Ave")
    return -1


_ORDINALS = frozenset(["st", "nd", "rd", "th"])
_ORDINAL_GAP = re.compile(r"\.?[ \t]{1,2}\d{1,3}")  # "221 W 5th St", "41 N. 3rd Harbor"
# the letter of a house number ("527A", "13-B", "455-a"): not a unit's ("4U", "2L", "3x", "100s")
_HOUSE_LETTERS = frozenset("abcdef")
_LETTER_NUMBER = re.compile(r"(?:^|[\s,:#(])(\d{1,6}-?)\Z")
# an ordinal street right after the house number: "18807 31st Trl", "6120 74th Parkway", "40 1/2 E. 11TH DRIVE"
_ORDINAL_NUMBER = re.compile(r"(?:^|[\s,:#(])(\d{1,6}(?:-?[A-Da-d]|[ \t]1/2)?)[ \t]{1,2}(\d{1,3})\Z")


def _ordinal_agrees(number: str, suffix: str) -> bool:
    """ "31st", "2nd", "113th": the ordinal's letters are the ones its number takes."""
    n = int(number)
    return suffix == ("th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def _number_part(low: str, before: str) -> bool:
    """The word ``low`` is written onto the number before it: a house number's letter ("527A", "13-B") or an
    ordinal's ending ("31st", "3rd")."""
    return (low in _HOUSE_LETTERS and _LETTER_NUMBER.search(before) is not None) \
        or (low in _ORDINALS and before[-1:].isdigit())


def _house_number_before(before: str, low: str) -> int:
    """Where the house number starts in ``before``, the gap before a street's word ``low`` (an offset into the
    gap), or -1."""
    number = _HOUSE_NUMBER.search(before)
    if number is None and low in _HOUSE_LETTERS:
        number = _LETTER_NUMBER.search(before)
    if number is None and low in _ORDINALS:
        number = _ORDINAL_NUMBER.search(before)
        if number is not None and not _ordinal_agrees(number.group(2), low):
            return -1
    return -1 if number is None else number.start(1)


def _numbered_road(text: str, tk: Tokens, k: int) -> int:
    """Where the house number starts right before a numbered road at token ``k`` ("3300 Highway 61 North": the
    road's own number names it); -1 if there is none."""
    low = tk.lows[k]
    road = _ROAD_NUMBER.match(text, tk.ends[k])
    if low not in _ROADS or road is None or (tk.mode == "mixed" and not tk.words[k].cap) \
            or (low == "cr" and not _county_road(text, tk, k, road.end())):
        return -1  # (a county road's letters only in an address: not "Cycle 1 CR 43 days", "day 3 CR 85, BUN 7")
    r = k - 1 if k and tk.lows[k - 1] in _ROAD_KINDS and tk.joined(k - 1, SPACE_GAP) else k  # "77 County Rd 41"
    if (r == k and low not in _HIGHWAYS) or (low in ("fm", "cr") and tk.words[k].word not in ("FM", "fm", "CR", "cr")) \
            or (r > 0 and tk.words[r - 1].clin == 2):
        return -1  # (not "2 rd 40 units", "RR 20 Route 9")
    before = tk.gaps[r - 1] if r else text[: tk.starts[0]]
    number = _HOUSE_NUMBER.search(before)
    return -1 if number is None else tk.starts[r] - len(before) + number.start(1)


_ADDRESS_WORDS = re.compile(r"(?i:\b(?:address|addr|residence|resides|lives|home|mailing)\b)[^\n]{0,30}\Z")


def _county_road(text: str, tk: Tokens, k: int, end: int) -> bool:
    """ "1 CR 43, KUUSTOWN OR 08337": a county road's letters (token ``k``, its number ending at ``end``) name a road
    only where the address goes on to a ZIP code on its line or the next, or after a word of address on the line."""
    if _GOES_ON.match(text, end) is None:
        return False
    return _ZIP_ON_LINE.match(text, end) is not None or _ZIP_NEXT_LINE.match(text, end) is not None \
        or _ADDRESS_WORDS.search(text, max(0, tk.starts[k] - 45), tk.starts[k]) is not None


def _street(text: str, tk: Tokens, k: int) -> Street | None:
    """The street address that ends at the street suffix at token ``k``: a house number, one to three words, the
    suffix and maybe a unit ("12 Elm Street", "4410 Harrow Bend Run, Apt 3B", "77 OSTLER XING"). A suffix that is
    an English word needs the address to go on after it (a comma, the line's end, a ZIP code on the line); an
    abbreviation a ZIP code on the line."""
    tier = _street_tier(tk.words[k], tk.mode)
    if not tier or (k == 0 and tk.lows[k] not in ("fm", "cr")) or (tier > 1 and tk.gaps[k - 1] not in (" ", "\t")):
        return None  # ("71 Sollow Crossing  Lake Orrim": two spaces part the street from its town)
    start = _numbered_road(text, tk, k)
    if start < 0 and tk.words[k].word not in ("FM", "fm", "CR", "cr"):
        start = _house_number(text, tk, k, tier) if tk.joined(k - 1, SPACE_GAP) else -1
    if start < 0:
        return None
    unit_first = _UNIT_BEFORE.search(text, max(0, start - 16), start)
    end = _road_end(text, tk, k)
    unit = _UNIT_AFTER.match(text, end) or _UNIT_WORD_AFTER.match(text, end)
    if unit is not None:
        end = unit.end()
    if tier > 1 and _ZIP_ON_LINE.match(text, end) is None and _ZIP_NEXT_LINE.match(text, end) is None:
        goes_on = unit is not None or _GOES_ON.match(text, end) is not None
        cue = _ADDRESS_CUE.search(text, max(0, start - 16), start)
        named = _named_street(tk, bisect_left(tk.starts, start), k) or _town_follows(text, tk, end)
        strong = unit_first is not None or (cue is not None and cue.group(1).lower() not in ("at", "to"))
        if not (strong or ((goes_on or cue is not None) and named)) \
                or (tier == 3 and not ((goes_on and (strong or cue is not None)) or (strong and named))):
            return None  # ("3 BEAT RUN,", "1 PERSON ASSIST WALK": English words before an English street type)
    start = start if unit_first is None else unit_first.start()
    return Street(k, tier, start, end, bisect_left(tk.starts, end))


# what announces an address: "lives at", "Home:", "Address", "resides at"
# ("at", "to" only with a street that reads as a name, or a town after it: not "up to 2 hours rest")
_ADDRESS_CUE = re.compile(r"(?i:\b((?:lives|living|resides|residing|stays|staying)[ \t]{1,2}at|"
                          r"at|to|address|addr|home|residence|resides|lives|street(?=:)|(?:moved|moving|mail|mailed)"
                          r"[ \t]{1,2}to)\b\.?:?[ \t]{1,2}#?)\Z")


def _town_follows(text: str, tk: Tokens, end: int) -> bool:
    """A comma and a word that may name a town follow the address ending at ``end`` ("6499 CRANBERRY RUN, OSTBY")."""
    i = bisect_left(tk.starts, end)
    lx = lexicon()
    w = tk.words[i] if i < len(tk.lows) else None
    return w is not None and text[end : tk.starts[i]].strip(" \t") == "," \
        and (not w.clin or w.strong or w.weak or w.low in lx.cities) \
        and _town_end(tk, i, None, lx, loose=False) > i  # (not ", asymptomatic", ", PAGED MD")


def _named_street(tk: Tokens, m: int, k: int) -> bool:
    """Tokens ``[m, k)`` hold a word that reads as a name: one no English list holds, a dictionary name or town, a
    rarer word spelled like a name, or (in mixed-case text) a capitalised word ("Harrow", "Quillon Ferry")."""
    cities = lexicon().cities
    return any(w.namelike or w.strong or (w.weak and w.zipf < 45) or w.low in cities
               or (tk.mode == "mixed" and w.word[:1].isupper() and not w.word.isupper()) for w in tk.words[m:k])


def _road_end(text: str, tk: Tokens, k: int) -> int:
    """Where the street that ends at token ``k`` ends, with the number of a numbered road ("State Route 9") or a
    direction after the street type ("1520 Kessler Blvd NW")."""
    number = _ROAD_NUMBER.match(text, tk.ends[k]) if tk.lows[k] in _ROADS else None
    end = tk.ends[k] if number is None else number.end()
    direction = _DIRECTION_AFTER.match(text, end)
    return end if direction is None else direction.end()


_DIRECTIONS = frozenset(["n", "s", "e", "w", "ne", "nw", "se", "sw"])
# ("Highway 61 North, Ellory": a full word only where the street ends)
_DIRECTION_AFTER = re.compile(r"\.?[ \t]{1,2}(?:N|S|E|W|(?i:ne|nw|se|sw)\b|"
                              r"(?i:north|south|east|west)(?=[ \t]*(?:[,;\n]|\Z)))\b\.?(?![ \t]*\d)")
# a unit written before the house number: "Apt 4, 1520 Kessler Blvd"
_UNIT_BEFORE = re.compile(
    r"(?i:\b(?:apt|apartment|unit|suite|ste|lot|bldg|building|trlr|trailer|spc|space)\.?"
    r"[ \t]{0,2}#?(?:\d[A-Za-z0-9\-]{0,5}|[A-Za-z]\b),?[ \t]{1,2})\Z")


@functools.cache
def _street_forms() -> frozenset[str]:
    return frozenset(lexicon().street_suffixes) | W.STREET_WORDS | {"fm", "cr"}


def street_before(text: str, tk: Tokens, i: int) -> bool:
    """Token ``i`` follows a street address on the same line, after a comma or a space: "12 Elm Street, Salem",
    "14 oak lane, apt 3, dorrington", "88 BIRCH RD KELLAM"."""
    forms = _street_forms()
    for k in range(i - 1, max(-1, i - 4), -1):
        if tk.lows[k] in forms:
            street = _street(text, tk, k)
            if street is not None and street.after == i:
                return _town_gap(text[street.end : tk.starts[i]])
    return False


def _town_gap(gap: str) -> bool:
    return "\n" not in gap and not gap.strip(" \t,.")


# after an address's town: its state maybe, and its ZIP code ("…, Port Wexby 60614", "… KELLAM, VT 05401-2210",
# "… Ostby, N.C. 27510", "… Kellam, Indiana  40607", "… Ostby · NC · 27510", "… | Kellam | MI 48201")
_STATE_PATTERN = "|".join(r"[ \t]".join(words) for words in sorted(_SPELLED_STATES))
_PART_GAP = r"(?:[ \t]{0,2}[|·•/][ \t]{0,2}|,?[ \t]{1,3})"
_ZIP_AFTER_TOWN = re.compile(
    rf"{_PART_GAP}(?:(?:(?P<st>[A-Za-z]{{2}}|[A-Za-z]\.[ \t]?[A-Za-z])\.?|(?i:{_STATE_PATTERN})\b"
    rf"|(?i:{'|'.join(sorted(_AP_STATE_WORDS))})\.),?{_PART_GAP})?(?P<zip>\d{{5}}(?:-\d{{4}})?)\b")


def _spelled_state_zip(tk: Tokens, j: int) -> bool:
    """A state spelled out from token ``j`` and its ZIP code after it ("New York 12801", "Indiana  46201")."""
    if tk.lows[j] in _AP_STATE_WORDS and tk.gaps[j][:1] == ".":  # "… Gorsby Mass. 01201"
        return tk.gaps[j].strip(" \t,.")[:5].isdigit()
    for size in (1, 2, 3):
        e = j + size
        if e <= len(tk.lows) and tuple(tk.lows[j:e]) in _SPELLED_STATES \
                and all(tk.gaps[x] == " " for x in range(j, e - 1)):
            return tk.gaps[e - 1].strip(" \t,")[:5].isdigit()
    return False


_PART_MARKS = frozenset("|·•/")  # a table's or a one-line form's separators between an address's parts


def addresses(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int, PhiType]]:
    """A street address ("4410 Harrow Bend Run, Apt 3B"), up to three words after it that are its town whatever a
    dictionary says of them ("12 Elm Street, Salem", "14 OAK LANE, APT 3, DORRINGTON"; a state after them is the
    state), and the ZIP code after the town, known or not. Marks in ``taken`` the tokens it yields."""
    grid_at = [] if _GRID_DIRECTIONS.isdisjoint(tk.present) else list(compress(count(), map(
        _GRID_DIRECTIONS.__contains__, tk.lows)))  # (one walk for both grids, none in a text without a compass letter)
    yield from grid_house_numbers(text, tk, taken, lx, grid_at)  # (branch places8: "W177N2685 Tarrow Pass")
    for k in compress(count(), map(_street_forms().__contains__, tk.lows)):
        street = _street(text, tk, k)
        if street is None or taken[k] or _longer_street(text, tk, k + 1, street.end):
            continue  # "Quarry Hill Loop": a suffix inside the street's name (not "Penworth Landing Trlr 9")
        # (the structured layer finds most of those of the first tier too, but not after a number and a word:
        # "at 1432 hrs  4410 Elm Street")
        taken[k : street.after] = [True] * (street.after - k)
        yield street.start, street.end, PhiType.ADDRESS
        end = street.end
        unit = _UNIT_LINE.match(text, end)
        if unit is not None:  # "99 Sunset Way\n#3\nGarthby, OH 44101": the unit on a line of its own
            yield unit.start(1), unit.end(1), PhiType.ADDRESS
            end = unit.end(1)
        yield from _town_and_zip(text, tk, street.after, end, taken, lx, need_zip=False)
    for k in grid_at:
        span = _grid_address(text, tk, k)
        if span is not None:
            start, end = span
            i = bisect_left(tk.starts, end)
            if any(taken[k:i]):
                continue
            yield start, end, PhiType.ADDRESS
            yield from _town_and_zip(text, tk, i, end, taken, lx, need_zip=False)
    for k in compress(count(), map(_BOX_WORDS.__contains__, tk.lows)):
        end = _box_end(text, tk, k)
        if end >= 0:  # (the structured layer types the box itself)
            yield from _town_and_zip(text, tk, bisect_left(tk.starts, end), end, taken, lx, need_zip=False)
    yield from _towns_and_zips(text, tk, taken, lx)


# a street grid's address, a house number and a street's number each with its direction, one north or south and one
# east or west: "1450 S 700 W", "382 E. 4500 N"
_GRID_DIRECTIONS = frozenset("nsew")
_GRID_AT = re.compile(r"(?:[NS]\.?[ \t]{1,2}\d{1,5}[ \t]{1,2}[EW]|[EW]\.?[ \t]{1,2}\d{1,5}[ \t]{1,2}[NS])\b")
_GRID_AT_ANY_CASE = re.compile(_GRID_AT.pattern, re.IGNORECASE)  # (a lowercase note: "1450 s 700 w")
_GRID_NUMBER = re.compile(r"(?<![\w/.\-])\d{1,6}[ \t]{1,2}\Z")


def _grid_address(text: str, tk: Tokens, k: int) -> tuple[int, int] | None:
    """A street grid's address from the direction at token ``k``: a house number before it, the street's number and
    the other axis's direction after it ("1450 S 700 W", "382 E. 4500 N"); it goes on to its town (a comma, the
    line's end) and a ZIP code follows on its line or the next, or an address's cue is before it."""
    m = (_GRID_AT_ANY_CASE if tk.mode == "lower" else _GRID_AT).match(text, tk.starts[k])
    number = _GRID_NUMBER.search(text, max(0, tk.starts[k] - 12), tk.starts[k]) if m is not None else None
    if m is None or number is None or _GOES_ON.match(text, m.end()) is None:
        return None
    if _ZIP_ON_LINE.match(text, m.end()) is None and _ZIP_NEXT_LINE.match(text, m.end()) is None:
        cue = _ADDRESS_CUE.search(text, max(0, number.start() - 16), number.start())
        if cue is None or cue.group(1).lower() in ("at", "to"):  # ("lives at", not "vitals at")
            return None
    return number.start(), m.end()


def _longer_street(text: str, tk: Tokens, k: int, end: int) -> bool:
    """A street that ends at a suffix at token ``k`` runs beyond ``end``."""
    if k >= len(tk.lows) or tk.lows[k] not in _street_forms():
        return False
    street = _street(text, tk, k)
    return street is not None and street.end > end


_UNIT_LINE = re.compile(r"[ \t]*\r?\n[ \t]*(#[ \t]?\d{1,5}[A-Za-z]?)[ \t]*(?=\r?\n|\Z)")
_BOX_WORDS = frozenset(["box", "pob"])
_BOX_NUMBER = re.compile(r"[ \t]{0,2}#?[ \t]{0,2}\d{1,8}\b")
_LINE_OR_FIELD = re.compile(r"(?:\n|:)[ \t]*\Z")  # "Box 412" opening a line or a field
_BOX_LEADS = frozenset(["po", "o", "office"])  # "PO Box", "P.O. Box", "Post Office Box"; "RR 2 Box 14"


def _box_end(text: str, tk: Tokens, k: int) -> int:
    """Where a post-office or rural-route box at token ``k`` ends ("P.O. Box 412", "RR 2 Box 14", "POB 77"), or -1."""
    number = _BOX_NUMBER.match(text, tk.ends[k])
    if number is None:
        return -1
    if k == 0:
        return number.end() if tk.lows[k] == "pob" or not text[: tk.starts[0]].strip() else -1
    if tk.lows[k] == "pob" or tk.lows[k - 1] in _BOX_LEADS or _LINE_OR_FIELD.search(tk.gaps[k - 1]) or (
            tk.gaps[k - 1].strip(" \t,#").isdigit() and tk.lows[k - 1] in ("rr", "route", "rte", "rt", "hc", "hcr")):
        return number.end()
    return -1


def _town_and_zip(text: str, tk: Tokens, i: int, street_end: int, taken: list[bool], lx: Lexicon,
                  need_zip: bool) -> Iterator[tuple[int, int, PhiType]]:
    """The town from token ``i``, right after a street that ends at ``street_end``, and the ZIP code after it (with
    ``need_zip``, the town only if a ZIP code follows it)."""
    if i >= len(tk.lows):
        return
    gap = text[street_end : tk.starts[i]]
    marked = gap.strip(" \t") in _PART_MARKS  # "13-B Ollick Station Spc 40  |  Ravelsby MI 48201"
    need_zip = need_zip or marked
    next_line = not marked and not _town_gap(gap)
    if next_line:
        if gap.count("\n") != 1 or gap.strip(" \t,.\r\n") or tk.words[i].med or tk.words[i].clin >= 2:
            return  # ("14 Elm Lane\nHgb 12345 on recount": shorthand opens no town's line)
        need_zip = True  # "12 Elm St, Apt 4\nTarrowburgh OH 44101": the town's line, with its ZIP code
    known = taken[i]  # a town a dictionary layer found already: its ZIP code still follows it
    j = max(_town_end(tk, i, taken, lx, loose=False), _city_end(tk, i, taken, lx)) if not known \
        else _taken_end(tk, i, taken)
    code = _zip_after(text, tk, j) if j > i else None
    if code is None and not known:  # "…, Cold Harbor Springs 04412": English words too, before a ZIP code
        loose = _town_end(tk, i, taken, lx, loose=True)
        code = _zip_after(text, tk, loose) if loose > i else None
        j = loose if code is not None else j
    if j == i or (code is None and need_zip):
        return
    if next_line and code is not None:
        line_end = text.find("\n", code.end("zip"))
        if text[code.end("zip") : line_end if line_end >= 0 else len(text)].strip():
            return  # the town's own line ends with its ZIP code
    if not known:
        taken[i:j] = [True] * (j - i)
        yield tk.starts[i], tk.ends[j - 1], PhiType.LOCATION
    if code is not None:
        state_end = bisect_left(tk.starts, code.start("zip"))
        taken[j:state_end] = [True] * (state_end - j)  # (the state: "…, Gorsby, New York 12801" names no city)
        yield code.start("zip"), code.end("zip"), PhiType.ZIP


def named_streets(text: str, tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int, PhiType]]:
    """A street named without its number (``street_names``), and its town and ZIP code if a ZIP code follows
    ("lives off Quarry Road, Port Tamsin 60614")."""
    for i, j in street_names(tk, taken, lx):
        taken[i:j] = [True] * (j - i)
        end = _road_end(text, tk, j - 1)  # "on County Road 12"
        yield tk.starts[i], end, PhiType.ADDRESS
        yield from _town_and_zip(text, tk, bisect_left(tk.starts, end), end, taken, lx, need_zip=True)


def _city_end(tk: Tokens, i: int, taken: list[bool], lx: Lexicon) -> int:
    """The end of the longest town of the place dictionaries from token ``i`` ("Sauk Centre"), or ``i``."""
    for k in (3, 2):
        if i + k <= len(taken) and not any(taken[i : i + k]) and " ".join(tk.lows[i : i + k]) in lx.cities \
                and all(tk.joined(x, SPACE_GAP) for x in range(i, i + k - 1)):
            return i + k
    return i


def _taken_end(tk: Tokens, i: int, taken: list[bool]) -> int:
    j = i
    while j < len(taken) and j - i < 3 and taken[j] and (j == i or tk.joined(j - 1, SPACE_GAP)):
        j += 1
    return j


def _zip_after(text: str, tk: Tokens, j: int) -> re.Match[str] | None:
    code = _ZIP_AFTER_TOWN.match(text, tk.ends[j - 1])
    state = code.group("st") if code is not None else None
    if state is not None and state.replace(".", "").replace(" ", "").replace("\t", "").upper() \
            not in W.STATE_ABBREVIATIONS:
        return None
    return code


def _town_end(tk: Tokens, i: int, taken: list[bool] | None, lx: Lexicon, loose: bool) -> int:
    """The end of up to three words from token ``i`` that may name a town: no state or stop word, and (unless
    ``loose``) no clinical word and none but a name, a town or a word no list holds; after a place's first word
    that is a common word or its abbreviation ("Port Quella", "Mt. Dravel", "W. Ostby"), one or two such words."""
    if i + 2 < len(tk.lows) and tk.lows[i + 1] == "of" and (e := _town_of_end(tk, i, taken, lx)) > i:
        return e  # (branch places8: "falls of wexmoor")
    if i < len(tk.lows) and _town_prefix(tk, i) and not (taken and taken[i]):
        j = _town_words_end(tk, i + 1, taken, lx, loose, 2)
        if j > i + 1:
            return j
    return _town_words_end(tk, i, taken, lx, loose, 3)


_PREFIXES_WITH_PERIOD = _ABBREVIATED_PREFIXES | {"pt", "n", "s", "e", "w"}  # "St. Quella", "Ft. Orrin", "W. Ostby"


def _town_prefix(tk: Tokens, i: int) -> bool:
    w, gap = tk.words[i], tk.gaps[i]
    return (w.cap or tk.mode != "mixed") and i + 1 < len(tk.lows) and (
        (w.low in W.PLACE_PREFIXES and gap in SPACE_GAP) or (w.low in _PREFIXES_WITH_PERIOD and gap == ". "))


def _town_words_end(tk: Tokens, i: int, taken: list[bool] | None, lx: Lexicon, loose: bool, most: int) -> int:
    words, n = tk.words, len(tk.lows)
    plain = tk.mode != "mixed"
    j = i
    while j < n and j - i < most and not (taken and taken[j]) and (j == i or tk.joined(j - 1, SPACE_GAP)):
        w = words[j]
        if w.low in W.STOP or w.word in W.STATE_ABBREVIATIONS or w.low in W.NOT_PLACES or not (w.cap or plain) \
                or not (loose or (j > i and w.low in W.PLACE_SUFFIXES)
                        or (not w.med and (w.namelike or w.weak or w.low in lx.cities or w.strong))) \
                or (w.low in _STATE_ABBREVIATIONS_LOW and tk.gaps[j].strip(" \t,")[:5].isdigit()) \
                or (j > i and _spelled_state_zip(tk, j)):
            break  # (a state before its ZIP code in any case: "… fernly, nh 03102", "… Ostby New York 12801")
        j += 1
    return j
# street words that name a street even without a house number, after "on", "off", "at"...: not "way", "place",
# "court", "square" (English words), nor "st", "dr" (a saint, a doctor) where letter case tells nothing
_NAMED_STREETS = frozenset(["street", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "terrace",
                            "parkway", "pkwy", "highway", "hwy", "pike", "turnpike"])
_STREET_CUES = frozenset(["on", "off", "at", "near", "to", "from", "of", "onto", "along", "across"])
_NAMED_STREETS = _NAMED_STREETS | {"route", "rte"}  # (only numbered: "off Route 9")
_NAMED_STREETS_ST = _NAMED_STREETS | {"st"}


def street_names(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "reconciled with the pharmacy on Elm Ave", "lives off Quarry Road": a street named without its number, one or
    two proper words and a street word after "on", "off", "at"... (capitalised in mixed-case text, where "St" counts
    too)."""
    words, lows = tk.words, tk.lows
    mixed = tk.mode == "mixed"
    for k in compress(count(), map((_NAMED_STREETS_ST if mixed else _NAMED_STREETS).__contains__, lows)):
        if taken[k] or (mixed and not words[k].cap):
            continue
        i = k
        while i > 0 and k - i < 2 and tk.joined(i - 1, SPACE_GAP) and not taken[i - 1]:
            w = words[i - 1]
            numbered = lows[k] in _ROADS and w.low in _ROAD_KINDS and _ROAD_NUMBER.match(tk.gaps[k]) is not None
            if not numbered and (w.med or w.clin == 2 or w.low in W.STOP or not (w.cap or not mixed) or not (
                    w.namelike or w.weak or w.strong or w.low in lx.cities or (mixed and not w.word.isupper()))):
                break
            i -= 1
        numbered_alone = i == k and lows[k] in _ROADS and _ROAD_NUMBER.match(tk.gaps[k]) is not None
        if (i < k or numbered_alone) and i > 0 and ((lows[i - 1] in _STREET_CUES and tk.joined(i - 1, SPACE_GAP))
                                                    or (lows[i - 1] in _ADDRESS_LABELS and ":" in tk.gaps[i - 1])):
            yield i, k + 1  # ("off Route 9": a numbered road needs no name; "Address: County Rd 67")


_SAINTS = frozenset(["st", "saint"])
_NOT_FACILITY_AFTER_SAINT = frozenset(["wort", "day", "dance", "fire", "cross", "church", "parish", "school"])


def _head_at(tk: Tokens, k: int) -> bool:
    """Whether a facility head ("Hospital", "Medical Center") starts at token ``k``: the head rule takes those."""
    return k < len(tk.lows) and any(_head_here(tk, k, h) for h in _HEADS_BY_FIRST.get(tk.lows[k], ()))


# more heads that need a proper name before them (branch places5): an insurer's ("Velloway Mutual"), a ride's
# ("Ostby Wheelchair Van"), a lab's ("Quellmark Labs"), a pharmacy's ("Brannock Rx"), a shelter's or a home's
# ("Halvardine House", "Ashcombe Commons"), a church's ("Hudson Chapel"), a works' ("Kidd Distribution Center"), a
# agency's ("Zgorelec Senior Services"; not "Physical Therapy", a department more often than a practice)
_MORE_HEADS = ("mutual", "mutual insurance", "wheelchair van", "van service", "chair car", "paratransit", "labs",
               "lab services", "rx", "house", "commons", "chapel", "temple", "synagogue", "mosque", "parish",
               "distribution center", "senior services",
               "social services", "family services", "human services", "community services", "care management",
               "health system", "healthcare system", "medical practice", "group practice", "adult day",
               "adult day care", "adult day program", "correctional", "youth home", "children's home",
               "boys home", "girls home", "lodge", "motor lodge", "youth center", "youth services")
# heads of the businesses people work at (branch orgs6), after a proper name: "Brannick Meat Packing", "Tolliver
# Sawmill", "Quest Ready Mix Concrete", "Ossery Truck Stop", "Harnell Fabricators", "Fitch Title & Escrow", "Pell Feed
# and Grain", "Hollin Car Wash", "Dunn Auto Body", "Pollick & Sons Funeral Home", "Granite Casualty Co."
_INDUSTRY_HEADS = (
    "meat packing", "meatpacking", "packing", "packing plant", "packing house", "meat market", "meat processing",
    "processing plant", "sawmill", "saw mill", "lumber mill", "timber", "logging",
    "ready mix", "ready mix concrete", "ready-mix", "concrete", "sand and gravel", "gravel", "quarry", "paving",
    "asphalt", "excavating", "excavation", "masonry", "truck stop", "travel center", "travel plaza", "gas station",
    "service station", "propane", "fabricators", "fabrication", "fabricating", "machine shop", "machine works",
    "machining", "welding", "iron works", "ironworks", "metal works", "metalworks", "metals", "foundry", "plastics",
    "packaging", "castings", "stamping", "mfg", "tool and die", "poultry", "poultry farm", "farm", "farms", "ranch",
    "orchard", "orchards", "dairy", "dairy farm", "creamery", "hatchery", "greenhouse", "greenhouses", "nursery",
    "garden center", "nursery and garden", "feed and grain", "feed and seed", "feed store", "grain", "grain elevator",
    "farm supply", "title and escrow", "escrow", "title company", "mortgage", "financial", "investments",
    "accounting", "tax service", "car wash", "auto body", "body shop", "auto repair", "auto parts", "auto sales",
    "automotive", "collision", "tire", "tires", "tire and auto", "towing", "garage", "dealership", "hauling",
    "movers", "self storage", "distribution", "distributors", "distributing", "wholesale",
    "equipment rental", "rental", "rentals", "heating and cooling", "heating", "hvac", "plumbing", "roofing",
    "electric",
    "electrical", "landscaping", "lawn care", "tree service", "pest control", "janitorial", "cleaning",
    "cleaners", "dry cleaners", "laundry", "laundromat", "staffing", "bakery", "deli", "pizza", "grill",
    "bar and grill", "steakhouse", "bistro", "brewery", "brewing", "winery", "vineyard", "vineyards", "distillery",
    "bottling", "cannery", "seafood", "fisheries", "catering", "salon", "beauty salon", "barber shop", "barbershop",
    "florist", "hardware", "furniture", "flooring", "cabinets", "cabinetry", "millwork", "carpet",
    "and sons", "and sons funeral home", "and daughters",
    "funeral home", "funeral homes", "funeral chapel", "funeral service", "funeral services", "mortuary",
    "crematory", "cemetery", "law office", "law offices", "law firm", "law group", "legal services", "legal aid",
    "casualty", "mutual casualty", "casualty co", "casualty company", "assurance", "assurance group", "indemnity",
    "underwriters", "insurance co", "insurance company", "insurance group", "insurance agency", "life insurance",
    "life and casualty", "fire and casualty", "mutual insurance co", "printing", "publishing", "gazette", "tribune",
    "shipyard", "railway", "aviation", "communications", "grocery", "food mart", "superstore", "outlet", "depot",
    "emporium", "country club", "golf club", "golf course", "bowling", "textile", "mills", "mining",
    "utilities", "real estate", "properties", "property management", "co",
    "fitness", "fitness center", "gym", "kennels", "veterinary", "veterinary clinic", "stables", "marina",
    "speedway", "arena", "theater", "theatre", "cinema", "workers comp", "workers compensation", "personnel",
    "staffing agency", "staffing services", "taxi", "cab company", "bus company", "limousine", "ice cream",
    "steakhouse", "pizzeria", "tavern and grill", "convenience store", "general store", "hardware store",
    "feed mill", "grain mill", "lumber company", "oil company", "gas company", "water company", "paper company",
)
# heads of programs and practices named by a service (branch orgs6): "Karrow Transplant Program", "Ferris Methadone
# Clinic", "Colby Travel Medicine", "Marsh Surgical Weight Loss", "Tamsin ASC", "Quarry Physical Therapy", "Dunmore
# Sports & Spine", "Veltham Palliative Care", "Corwin Industrial Medicine", "Tarrow County Public Health Dept",
# "Harlow Volunteer Rescue Squad", "Kellam Mothers' Milk Bank", "Wexley Retina & Cataract"
_ORG_SERVICE_HEADS = (
    "transplant program", "transplant center", "treatment program", "opioid treatment program",
    "addiction treatment program", "abdominal transplant program", "kidney transplant program",
    "liver transplant program", "heart transplant program", "lung transplant program", "recovery program",
    "methadone program",
    "residential program", "outpatient program", "methadone clinic", "travel clinic", "travelers clinic",
    "travel medicine", "weight loss", "surgical weight loss", "weight management", "asc", "physical therapy",
    "sports medicine", "sports and spine", "spine", "spine pt", "spine center", "palliative care",
    "industrial medicine", "occupational medicine", "occupational health", "public health", "health dept",
    "health department", "public health dept", "public health department", "women and infants",
    "women and infants hospital", "rescue squad", "volunteer rescue squad", "first aid squad", "ambulance squad",
    "squad", "milk bank", "mothers milk bank", "retina and cataract", "retina center", "retina associates",
    "retina consultants", "retina institute", "cataract center", "hearing center",
    "pain management", "pain center", "regional",
)
# more heads of services and practices after a proper name (branch places7): "Harlow Allergy & Asthma", "Tresh Poison
# Center", "Danvers Coumadin Clinic", "Kettle Reproductive Genetics", "Orlow Rehabilitation & Nursing", "Varro Hearing
# & Balance", "Osler Mission Fund", "Bragg County Adult Detention Facility", "Ilford State Patrol Post"
_PLACES7_HEADS = (
    "allergy and asthma", "allergy asthma and immunology", "allergy and immunology", "asthma and allergy",
    "poison center", "poison control center", "coumadin clinic", "anticoagulation clinic", "anticoagulation service",
    "warfarin clinic", "inr clinic", "genetics", "medical genetics", "reproductive genetics", "genetic counseling",
    "heart and vascular", "heart and vascular institute", "heart and vascular center", "drug testing",
    "drug testing services", "drug screening", "rehabilitation and nursing", "rehab and nursing",
    "nursing and rehabilitation", "nursing and rehab", "health and rehabilitation", "recovery services",
    "treatment services", "behavioral health services", "addiction services", "hearing and balance",
    "ear nose and throat", "metabolic surgery program", "bariatric surgery program", "bariatric and metabolic surgery",
    "audiology clinic", "vision center", "vision care", "mission fund", "relief fund", "outreach", "outreach center",
    "outreach ministries", "paving corp", "plastics inc",
    "adult detention facility", "county adult detention facility", "detention facility", "juvenile detention center",
    "state patrol post",
    "state patrol", "patrol post", "state police post", "state police barracks", "kidney transplant center",
    "transplant institute", "heart institute",
)
# more heads of organisations after a proper name (branch places8): "Vellory ACT Team", "Dunwick Health Alliance",
# "Pallister Drug Co.", "Cobbet Casino & Resort", "Hesketh Rape Crisis Center", "Pellam Answering Service", "Tindle
# Credit Bureau", "Mabberly Little Learners", "Garrowin Medical Consultants", "Ostrey Occupational & Disability
# Evaluations", "Ferrand Pediatric & Adolescent Medicine"
_PLACES8_HEADS = (
    "act team", "pact team", "assertive community treatment", "assertive community treatment team",
    "community treatment team", "mobile crisis team", "health alliance", "healthcare alliance", "care alliance",
    "drug co", "drug company", "drugs co", "pharmacy co", "casino and resort", "resort and casino", "hotel and casino",
    "casino resort", "resort and spa", "rape crisis center", "rape crisis centre", "crisis center", "crisis services",
    "sexual assault center", "answering service", "answering services", "credit bureau", "collection agency",
    "collections", "little learners", "early learners", "learning center", "early learning center", "child care",
    "child care center", "childcare", "child development center", "medical consultants", "health consultants",
    "consultants", "occupational and disability evaluations", "disability evaluations", "medical evaluations",
    "independent medical evaluations", "pediatric and adolescent medicine", "pediatrics and adolescent medicine",
    "adolescent medicine",
)
# more heads after a proper name (branch places9): "Tarrowmere Dermatologic Surgery", "Ostby Addiction Medicine",
# "Vellory Reproductive Medicine", "Kellam Clinical Reference Lab", "Dunmore Home Dialysis Unit"
_PLACES9_HEADS = (
    "dermatologic surgery", "dermatology and surgery", "mohs surgery", "addiction medicine", "reproductive medicine",
    "reproductive health", "fertility center", "clinical reference lab", "clinical reference laboratory",
    "reference lab", "reference laboratory", "home dialysis unit", "home dialysis", "hearing and vision",
    "detention center", "county detention center", "county jail", "county correctional facility",
    "family physicians", "poison control", "roofing llc", "roofing company",
)
# of those, the plain English words: capitalised in mixed-case text (not "labs drawn", "went to her house"), and
# where case tells nothing only after a word no English list holds (not "AM LABS", "IN HOUSE")
_PLAIN_MORE_HEADS = frozenset(["mutual", "house", "commons", "chapel", "temple", "parish", "paratransit", "lodge",
                               "correctional"])
# and those that are clinical shorthand too: heads only capitalised in mixed-case text ("Quellmark Labs", "Brannock
# Rx"; never "fasting labs", "steroid rx")
# (branch orgs6) in mixed-case text those heads are capitalised ("Tolliver Sawmill", "Marsh Surgical Weight Loss";
# not "the sawmill", "weight loss"); where case tells nothing, the one-word heads only after a word no English list
# holds ("QUEST CONCRETE" is none; "OSSERY CONCRETE" is one)
_ORGS6_FIRST_WORDS = frozenset(h.split()[0] for h in _INDUSTRY_HEADS + _ORG_SERVICE_HEADS) - {"and"} | (
    frozenset(h.split()[0] for h in _PLACES7_HEADS + _PLACES8_HEADS + _PLACES9_HEADS)  # (not older heads': "heart")
    - frozenset(h.split()[0] for h in W.FACILITY_HEADS + W.NAMED_HEADS + _MORE_HEADS))
_ORGS6_ONE_WORD = frozenset(h for h in _INDUSTRY_HEADS + _ORG_SERVICE_HEADS + _PLACES7_HEADS + _PLACES8_HEADS
                            if " " not in h)
_CAPITALISED_HEADS = W.MIXED_CASE_HEADS | {"labs", "rx", "co", "asc", "mfg", "hvac"}
# the capitalised heads a name that is no English word may still stand before where case tells nothing
_NAMED_BEFORE_HEADS = {"caps": ("dialysis", "rx"), "lower": ("dialysis",)}  # (branch places8: "rx" in capitals)
_HEADS_BY_FIRST: dict[str, list[list[str]]] = {}
# heads written with "&" ("Tool & Die", "Title & Escrow"): "&" is no token, so the head's words are matched with "&"
# between them, after the index of the word it follows
_AMPERSAND_AFTER: dict[tuple[str, ...], int] = {}  # (-1: "&" before the head's first word: "Venholt & Sons")
_ALL_HEADS = set(W.FACILITY_HEADS) | set(W.NAMED_HEADS) | set(_MORE_HEADS) | set(_ORG_SERVICE_HEADS) \
    | set(_INDUSTRY_HEADS) | set(_PLACES7_HEADS) | set(_PLACES8_HEADS) | set(_PLACES9_HEADS)  # (branch places9)
for _head in sorted(_ALL_HEADS | {f" {h}".replace(" and ", " & ").strip() for h in _ALL_HEADS
                                 if f" {h}".count(" and ")}, key=len, reverse=True):
    _parts = _head.split()
    if "&" in _parts:
        _AMPERSAND_AFTER[tuple(p for p in _parts if p != "&")] = _parts.index("&") - 1
        _parts = [p for p in _parts if p != "&"]
    if _parts not in _HEADS_BY_FIRST.get(_parts[0], []):
        _HEADS_BY_FIRST.setdefault(_parts[0], []).append(_parts)
    if " " not in _head:  # a head of one word in the possessive: "Mercy Hospital's ED"
        for _s in ("'s", "’s"):
            _HEADS_BY_FIRST.setdefault(_head + _s, []).append([_head])
for _heads in _HEADS_BY_FIRST.values():
    _heads.sort(key=len, reverse=True)
_HEAD_NAMES = frozenset(" ".join(h) for hs in _HEADS_BY_FIRST.values() for h in hs)
_STRICT_HEADS = frozenset(W.FACILITY_HEADS)  # the others need a proper name before them (``_proper``)
# heads that name a place after "of" and its proper words: "the Hospital of Saint Aldric", "VNA of Kellam"
_OF_HEADS = _STRICT_HEADS | {"vna", "visiting nurse association", "visiting nurses association", "council on aging",
                             "housing authority", "meals on wheels"}
_OF_HEADS_BY_FIRST: dict[str, list[list[str]]] = {}
for _head in sorted(_OF_HEADS, key=len, reverse=True):
    _OF_HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(_head.split())


_FACILITY_WORDS = W.FACILITY_GENERIC | W.FACILITY_NAME_WORDS | W.FACILITY_SERVICE_WORDS
# heads that are a kind of care or an adjective too: in mixed-case text heads only capitalised ("Harrowgate
# Counseling", "Tarrowburgh General"; not "Grief counseling offered")
_CAPITAL_HEADS = frozenset(["counseling", "counselling", "vascular", "general", "drug", "drugs", "agency", "mill",
                            "plant", "factory", "warehouse", "daycare", "preschool", "airport", "hotel", "motel",
                            "inn", "market", "supermarket", "lumber", "casino", "restaurant", "diner", "cafe",
                            "vna", "tavern", "pub", "apartments", "mobility", "optical", "respiratory", "steel",
                            "park", "beach", "lake", "pond", "island", "high", "junior", "middle", "prep"]) \
    | _PLAIN_MORE_HEADS | _ORGS6_FIRST_WORDS
# heads that are plain English words: where case tells nothing, only after words no English list holds
_PLAIN_WORD_HEADS = frozenset(["police", "pd", "fd", "fire", "mall", "plaza", "shelter", "mission", "post office",
                               "sheriff", "drug", "drugs", "agency", "mill", "plant", "factory", "warehouse",
                               "airport", "hotel", "motel", "inn", "market", "supermarket", "lumber", "casino",
                               "restaurant", "diner", "cafe", "mobility", "optical", "respiratory", "steel", "park",
                               "beach", "lake", "pond", "island", "tavern", "pub", "high", "junior high",
                               "middle", "prep"]) | _PLAIN_MORE_HEADS | _ORGS6_ONE_WORD
_SHORT_SCHOOLS = frozenset(["high", "middle", "prep"])
_AND_GAPS = frozenset(["", "&", "+"])  # "Brannock & Tilley LLP"
_SENTENCE_STOP = re.compile(r"\.[ \t]")


def _proper(p: Word, lx: Lexicon) -> bool:
    """A word that reads as a proper name: none of the English or clinical lists knows it, a dictionary name, a
    rarer English word that is also a name ("Pine", "Shores"), a town, or a word hospitals are named with."""
    return p.low not in W.FACILITY_SERVICE_WORDS and (
        p.namelike or p.strong or (p.weak and p.zipf < 45) or p.low in lx.cities or p.low in _NAME_NOT_SERVICE
        or p.low in _SAINTS)


_NAME_NOT_SERVICE = W.FACILITY_NAME_WORDS - W.FACILITY_SERVICE_WORDS  # "Sacred Heart", not "Heart Failure"


def _named(p: Word, lx: Lexicon) -> bool:
    """Where letter case tells nothing, a short word no list knows is as often ICU shorthand ("PMICU CARE"): a
    proper name is then one the name or place dictionaries hold, or an unknown word of six letters or more."""
    return p.low not in W.FACILITY_SERVICE_WORDS and (
        p.strong or p.low in lx.cities or p.low in _NAME_NOT_SERVICE or p.low in _SAINTS
        or _long_unknown(p))


# heads that also name a hospital's department after a rare clinical word ("Lipid Clinic", "Glaucoma Center")
_DEPARTMENT_HEADS = frozenset(["clinic", "health clinic", "care center", "health center", "medical center",
                               "medical centre", "rehab", "rehabilitation", "rehab center", "rehabilitation center",
                               "surgery center", "cancer center", "dialysis center", "medical group"])


def _rare_name(p: Word) -> bool:
    """Before a head that is no department's: a rare English word, or a long word English never writes even when the
    broad clinical lexicon holds it ("QUILLON PHARMACY")."""
    return rare_english(p) or (_long_unknown(p) and not p.zipf)


def rare_english(p: Word) -> bool:
    """A rare English word (Zipf under 3.5) of four letters or more that no clinical list marks as clinical and that
    misspells nothing: before a facility's head it names the place ("Marigold Hospice", "Riverbend Urgent Care"; not
    "outside hospital", "local hospice", "psychiatric hospital")."""
    return 0 < p.zipf < 35 and not p.med and p.clin < 2 and not p.typo and len(p.low) >= 4 \
        and p.low not in W.FACILITY_SERVICE_WORDS and p.low not in W.STOP and not p.low.endswith(_ADJECTIVE_ENDINGS)


_ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ary", "ory", "ous", "ing", "ed")


def _long_unknown(p: Word) -> bool:
    """ "QUELLMARK", "AMBERLY": a rare word too long for ICU shorthand, that no clinical list holds; or a word no
    English list holds built like a place's name ("HILLCREST", "oakwood", "BROOKSIDE": ``toponymic``)."""
    return (p.namelike or p.weak or p.first) and p.clin < 2 and len(p.low) >= 6 and (p.zipf < 25 or toponymic(p))


# the endings of English place names ("Hillcrest", "Oakwood", "Riverview", "Brookfield", "Glendale"); not "-side",
# "-ton" or "-port", which end as many drugs, glycosides and English words ("bedside", "demeton", "passport")
_TOPONYM_ENDINGS = ("crest", "wood", "view", "brook", "field", "dale", "ridge", "haven", "vale", "ville", "ford",
                    "shire", "bury", "borough", "worth", "stead", "hurst", "land", "mont", "glen")


def toponymic(p: Word) -> bool:
    """A word no English list holds that ends as English place names do: the first word of a facility's name
    ("Hillcrest Nursing Home", "OAKWOOD MANOR") even where letter case tells nothing."""
    return p.namelike and p.clin < 2 and len(p.low) >= 6 and p.low.endswith(_TOPONYM_ENDINGS) \
        and p.low not in lexicon().common_words


def _named_facility(words: list[Word], strict: bool, mode: str, lx: Lexicon, rare: bool = False,
                    opens: bool = False) -> bool:
    """Whether the words before a head name a particular place. A head such as "Hospital" takes any specific
    word but a service's ("Heart Failure Clinic", "Wound Care Center" are departments); a head such as "Center",
    "Group" or "Imaging" takes only a proper name ("Northgate Imaging", not "Support Group")."""
    if any(_proper(t, lx) for t in words) if mode == "mixed" else any(_named(t, lx) for t in words):
        return True
    if any(0 < t.rank <= 5_000 and t.clin < 2 and t.low not in _FACILITY_WORDS and t.low not in W.STOP
           and ((mode == "mixed" and t.cap and not t.word.isupper() and (t.zipf <= 52 or (strict and not opens)))
                or (strict and mode != "mixed" and t.zipf <= 52 and word_evidence(t, mode) >= 0.0)) for t in words):
        # "Brown Medical Center", "Long Rehabilitation Center" (not opening a sentence: "Long hospital course"),
        # "Brown Imaging" (not "Call Center"); "BROWN MEDICAL CENTER" (not "LONG HOSPITAL STAY")
        return True
    if rare and mode != "mixed" and any(rare_english(t) for t in words):
        return True  # "MARIGOLD HOSPICE", "riverbend urgent care": a rare English word names the place
    return strict and not all(t.clin or t.low in W.FACILITY_SERVICE_WORDS for t in words)
_SAINT_GAP = re.compile(r"\.?[ \t]{1,2}")


def _named_before(tk: Tokens, k: int, lx: Lexicon) -> bool:
    """Where letter case tells nothing, a town or a name no English or clinical list holds right before token ``k``
    ("BROCKWATER DIALYSIS", "miami dialysis"; not "post dialysis", "peritoneal dialysis")."""
    if tk.mode == "mixed" or k == 0 or not tk.joined(k - 1, SPACE_GAP):
        return False
    p = tk.words[k - 1]
    return not p.clin and p.low not in W.STOP and (p.low in lx.cities or p.low in W.PLACE_SUFFIXES or (
        p.low not in lx.common_words and (p.strong or _long_unknown(p) or toponymic(p))))


def _facility_word(p: Word, mode: str, lx: Lexicon, strict: bool = True, rare: bool = False) -> bool:
    """A word that may name a facility before its head noun: capitalised in mixed-case text; where case tells
    nothing, a word no English list knows, a city, or one of the words hospitals are named with ("needs rehab",
    "prior medical center" are English)."""
    named = p.low in W.FACILITY_GENERIC or p.low in W.FACILITY_NAME_WORDS or p.low in lx.cities or p.low in _SAINTS \
        or p.low in W.FACILITY_SERVICE_WORDS or (not strict and _long_unknown(p)) or (rare and _rare_name(p)) \
        or p.low in W.PLACE_SUFFIXES  # "TARROW CREEK KIDNEY CARE": a town's last word (a name must still come first)
    if mode == "mixed":
        return p.cap or p.low in W.FACILITY_GENERIC
    if named:
        return True
    if not (p.namelike or p.weak):
        return False
    # a word no English or clinical list knows; or one that reads more as a name than as a word, even when English
    # or the clinical lexicon has it ("SAINT PENNY REHABILITATION CENTER", "levy rehab center"; not "pain clinic",
    # "ANTICOAGULATION CLINIC")
    return (p.namelike and p.low not in lx.common_words and not p.clin) or toponymic(p) or word_evidence(p, mode) >= 0.0


def partner_after(tk: Tokens, j: int) -> int:
    """ "evaluated by Cedar Rehab and Pellworth": the end of a second place right after a facility found at
    ``[…, j)`` and "and" or "or", named by one or two words that read as a proper name (a name, a town, a word no
    list holds; capitalised in mixed-case text), up to a clause's end; ``j`` if there is none."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    if j + 1 >= n or lows[j] not in ("and", "or", "&") or not tk.joined(j - 1, SPACE_GAP) \
            or not tk.joined(j, SPACE_GAP):
        return j
    e = j + 1
    while e < n and e - j <= 2 and (e == j + 1 or tk.joined(e - 1, SPACE_GAP)):
        w = words[e]
        if w.med or w.clin == 2 or w.low in W.STOP or _generic(w.low) or not (w.cap or tk.mode != "mixed") \
                or not (w.namelike or w.strong or w.low in lexicon().cities or _long_unknown(w)):
            break
        e += 1
    ends_clause = e >= n or _CLAUSE_AFTER.match(tk.gaps[e - 1]) is not None
    return e if e > j + 1 and ends_clause else j


_CLAUSE_END = re.compile(r"[.,;:)!?\n]")


def town_after(tk: Tokens, j: int) -> int:
    """ "Halvorsen Pharmacy, Ostby", "DUNMORE REHAB, KELLAM NH": the end of one or two words after a facility found at
    ``[…, j)`` and a comma that name its town (a town, a name or a word no English or clinical list holds;
    capitalised in mixed-case text), closing a clause or before a state; ``j`` if there are none."""
    words, n = tk.words, len(tk.lows)
    if j >= n or tk.gaps[j - 1] not in (", ", ","):
        return j
    first = j + (tk.lows[j] in W.PLACE_PREFIXES and j + 1 < n and tk.joined(j, SPACE_GAP)
                 and (words[j].cap or tk.mode != "mixed"))  # "…, Port Villeton"
    e, cities = first, lexicon().cities
    while e < n and e - first < 2 and (e == first or tk.joined(e - 1, SPACE_GAP)):
        w = words[e]
        if w.med or w.clin == 2 or w.low in W.STOP or w.low in W.NOT_PLACES or w.low in W.CREDENTIALS \
                or w.low in W.TITLES or w.word in W.STATE_ABBREVIATIONS or _generic(w.low) \
                or w.low in _ROOM_WORDS or w.low in _UNIT_WORDS or not (w.cap or tk.mode != "mixed") \
                or not (w.low in cities or w.strong or (w.namelike and not w.clin) or (w.weak and w.zipf < 45)):
            break
        e += 1
    closes = e >= n or _CLAUSE_END.search(tk.gaps[e - 1]) is not None or _state_after(tk, e)
    return e if e > first and closes else j


_UNIT_WORDS = frozenset(["apt", "apartment", "ste", "rm", "bldg", "lot", "trlr", "spc", "fl", "dept", "pmb"])
_CLAUSE_AFTER = re.compile(r"[ \t]*(?:[.,;:)!?]|\n|\Z)")


def _service_and(tk: Tokens, i: int) -> bool:
    """ "Elmwood Nursing and Rehabilitation Center": "and" (token ``i - 1``) between two of a facility's service
    words inside its name."""
    return tk.lows[i - 1] in ("and", "&") and i > 1 and tk.lows[i] in W.FACILITY_SERVICE_WORDS \
        and tk.lows[i - 2] in W.FACILITY_SERVICE_WORDS


def _english_opening(tk: Tokens, m: int, lx: Lexicon) -> bool:
    """In mixed-case text, token ``m`` starts a sentence or a line and is an English word that is no name, town or
    word hospitals are named with ("Attends", "Called", "Patient")."""
    p = tk.words[m]
    return tk.mode == "mixed" and (m == 0 or _SENTENCE_END.search(tk.gaps[m - 1]) is not None) \
        and (p.low in _IMPERATIVES or (p.low in lx.common_words and not p.strong and p.low not in _FACILITY_WORDS
                                       and p.low not in lx.cities and p.low not in _SAINTS))


# verbs that open an instruction, never a place's first word there, though some are towns too ("Call Tresh Poison
# Center", "Contact Kellam Dermatology")
_IMPERATIVES = frozenset(["call", "contact", "notify", "page", "ask", "see", "phone", "fax", "email"])


def facilities(tk: Tokens, lx: Lexicon, addressed: list[bool]) -> Iterator[tuple[int, int]]:
    """ "Mercy Hospital", "St. Mary's Medical Center": name words before a facility head noun; and a saint's
    name in the possessive on its own ("transferred from St. Elizabeth's"), which is how hospitals are called; and
    the proper words after a head and "of" ("Medical Center of Tarrowburgh", "the Hospital of Saint Aldric"). None
    over a token of ``addressed`` (a street address: "Upper Mill Turnpike Unit 4")."""
    spans = [(i, _firm_suffix(tk, _for_tail(tk, _of_tail(tk, j, lx)))) for i, j in _facilities(tk, lx)]
    spans = [(i, department_after(tk, i, j)) for i, j in spans if not _form_title(tk, i, j)]  # (branch places8)
    spans = opened_places(tk, lx, spans)  # (branch places9: "Mount Quenby Vision Center", "at Mount Quenby.")
    spans += _head_of_place(tk, lx, spans)
    spans += _congregations(tk)
    spans += _dash_acronyms(tk, lx)
    spans += [(j, e) for i, j in spans if (e := short_form_after(tk, i, j)) > j]
    spans += [(j, j + 1) for i, j in spans if acronym_after(tk, i, j)]
    spans += [(j + 1, e) for _, j in spans if (e := town_in_after(tk, j)) > j]
    spans += [(j, j + 1) for _, j in spans if _town_in_brackets(tk, j)]
    return (span for span in spans if not any(addressed[span[0] : span[1]]))


_DASHES = frozenset(["-", "–", "—", "--"])  # (the dashes a letterhead writes)


def short_form_after(tk: Tokens, i: int, j: int) -> int:
    """ "Nordby-Ravens Coumadin Clinic - NRCC", "St. Kaspa Coumadin Clinic - St. Kaspa": the end of the short form a
    place found at ``[i, j)`` is given after a dash, closing its line: capitals (letters where case tells nothing)
    that start as the place's first word does, or the place's first words again. It names the place wherever it is
    used again (the propagation of place words); ``j`` if there is none."""
    n = len(tk.lows)
    if j >= n or tk.gaps[j - 1].strip(" \t") not in _DASHES or " " not in tk.gaps[j - 1]:
        return j
    e = j
    while e < n and e - j < 3 and "\n" not in tk.gaps[e - 1] and (e == j or _SAINT_GAP.fullmatch(tk.gaps[e - 1])):
        e += 1
    if e < n and "\n" not in tk.gaps[e - 1]:
        return j  # the short form closes the line
    if e - j < j - i and tk.lows[j:e] == tk.lows[i : i + e - j] and any(len(w) > 2 for w in tk.lows[j:e]):
        return e  # the place's first words again ("hartley coumadin clinic - hartley")
    w = tk.words[j]
    if e == j + 1 and 2 <= len(w.low) <= 6 and w.low.isalpha() and (w.word.isupper() or tk.mode != "mixed") \
            and w.low[0] == tk.lows[i][0] and not w.clin and w.low not in lexicon().common_words \
            and w.word.upper() not in W.STATE_ABBREVIATIONS:
        return e
    return j


_LETTERHEAD_GAPS = SPACE_GAP | {" & ", ". ", " + "}


def _dash_acronyms(tk: Tokens, lx: Lexicon) -> list[tuple[int, int]]:
    """ "Ravel Dermatology Medical Surgical - RDMS": a line of up to seven capitalised words, one a proper name and one
    a clinical or facility word, then a dash and their initials closing the line (capitals no English or shorthand
    list holds; hyphenated words give a letter each part): a facility's letterhead and its short form."""
    out = []
    n = len(tk.lows)
    # the gaps that are a dash between blanks, asked once per distinct gap; the walk over the gaps then runs in C
    dashes = {g for g in set(tk.gaps) if g.strip(" \t") in _DASHES and " " in g}
    for d in compress(count(1), map(dashes.__contains__, tk.gaps)) if dashes else ():
        if d >= n or (d + 1 < n and "\n" not in tk.gaps[d]):
            continue
        i = d - 1
        while i > 0 and d - i < 7 and "\n" not in tk.gaps[i - 1] and tk.joined(i - 1, _LETTERHEAD_GAPS):
            i -= 1
        short = tk.words[d]
        if (i > 0 and "\n" not in tk.gaps[i - 1]) or d - i < 2 or not 2 <= len(short.low) <= 6 \
                or not short.low.isalpha() or not (short.word.isupper() or tk.mode != "mixed") \
                or short.low in lx.shorthand or short.low in lx.common_words or short.clin == 2 or short.med:
            continue
        words = [w for w in tk.words[i : d] if w.low not in _ACRONYM_SKIPS]
        letters = "".join(part[0] for w in words for part in w.low.split("-") if part)
        if letters == short.low and all(w.cap or tk.mode != "mixed" for w in words) \
                and any(_proper(w, lx) and not w.clin for w in words) \
                and any(w.clin == 2 or w.low in _FACILITY_WORDS for w in words):  # (a person's name and initials: none)
            out += [(i, d), (d, d + 1)]
    return out


def _congregations(tk: Tokens) -> list[tuple[int, int]]:
    """ "Congregation Beth Ostby", "CONGREGATION B'NAI KELLAM": a congregation's name after the word, up to three
    proper words (capitalised in mixed-case text; where case tells nothing, a name or a word no English list
    holds)."""
    out = []
    lows, n = tk.lows, len(tk.lows)
    for k in compress(count(), map("congregation".__eq__, lows)):
        if (tk.mode == "mixed" and not tk.words[k].cap) or k + 1 >= n or not tk.joined(k, SPACE_GAP):
            continue
        e = k + 1
        while e < n and e - k <= 3 and (e == k + 1 or tk.joined(e - 1, SPACE_GAP)) and _congregation_word(tk, e):
            e += 1
        if e > k + 1:
            out.append((k, e))
    return out


def _congregation_word(tk: Tokens, e: int) -> bool:
    w = tk.words[e]
    if w.low in W.STOP or w.med or w.clin == 2:
        return False
    if tk.mode == "mixed":
        return w.cap
    return w.namelike or w.strong or w.low in _CONGREGATION_WORDS or w.low not in lexicon().common_words


_CONGREGATION_WORDS = frozenset(["beth", "beit", "b'nai", "bnai", "b'nei", "ahavath", "shaarei", "shaare", "kehilath",
                                 "adath", "anshe", "agudas", "emanu-el", "emanuel", "israel", "shalom", "sinai"])


def town_in_after(tk: Tokens, j: int) -> int:
    """ "works at Lane Hardware in Tulsa.", "Kettleby District Court in Port Quenby, NM": the end of one or two words
    after a facility or an employer found at ``[…, j)`` and "in" that name its town (``_town_word``), closing a clause
    or before a state; ``j`` if there are none (not "Mercy Hospital in March", "… in Spanish")."""
    n = len(tk.lows)
    if j + 1 >= n or tk.lows[j] != "in" or not tk.joined(j - 1, SPACE_GAP) or not tk.joined(j, SPACE_GAP):
        return j
    first = j + 1 + (tk.lows[j + 1] in W.PLACE_PREFIXES and j + 2 < n and tk.joined(j + 1, SPACE_GAP)
                     and (tk.words[j + 1].cap or tk.mode != "mixed"))  # "… in Port Quenby"
    e = first
    while e < n and e - first < 2 and (e == first or tk.joined(e - 1, SPACE_GAP)) and _town_word(tk, e):
        e += 1
    closes = e >= n or _CLAUSE_END.search(tk.gaps[e - 1]) is not None or _state_after(tk, e) \
        or (tk.joined(e - 1, SPACE_GAP) and tk.lows[e] in _AFTER_TOWN)  # "in Ostby for a week"
    if e == first or not closes or " ".join(tk.lows[j + 1 : e]) in W.NOT_PLACES:
        return j
    return e


def _town_in_brackets(tk: Tokens, j: int) -> bool:
    """ "Rookhaven Apothecary (Fennick)": one word in brackets right after a place found at ``[…, j)`` that may name
    a town (``_town_word``; not "(ED)", "(Spanish)", "(MA)")."""
    return j < len(tk.lows) and tk.gaps[j - 1].strip(" \t") == "(" and tk.gaps[j].startswith(")") \
        and _town_word(tk, j) and not (tk.words[j].word.isupper() and tk.mode == "mixed")


_AFTER_TOWN = frozenset(["for", "since", "until", "and", "where", "last", "this", "on", "since"])


def _town_word(tk: Tokens, e: int) -> bool:
    """A word that may name a town after a facility: a town, a name or a word no English or clinical list holds
    (capitalised in mixed-case text); never a month, a language, a credential or a kind of place."""
    w = tk.words[e]
    if w.med or w.clin == 2 or w.low in W.STOP or w.low in W.NOT_PLACES or w.low in W.CREDENTIALS \
            or w.low in W.TITLES or w.low in _MONTHS or w.low in W.LANGUAGES or w.word in W.STATE_ABBREVIATIONS \
            or _generic(w.low) or not (w.cap or tk.mode != "mixed"):
        return False
    return w.low in lexicon().cities or w.strong or (w.namelike and not w.clin) or (w.weak and w.zipf < 45) \
        or (w.namelike and w.typo and w.clin == 1 and tk.mode == "mixed")  # (capitalised: "in Fennick", no fennel)


_ACRONYM_SKIPS = frozenset(["of", "the", "and", "&", "at", "for", "on"])


def acronym_after(tk: Tokens, i: int, j: int) -> bool:
    """ "Marrowgate Valley Health System (MVHS)", "Saint Ilse's Hospital (SIH)": the short form a place found at
    ``[i, j)`` is given in brackets right after it, its letters the initials of the place's words (with or without
    "of", "the", "and"), two to six letters, in capitals in mixed-case text. It names the place wherever it is used
    again (the propagation of place words)."""
    if j >= len(tk.lows) or j - i < 2 or tk.gaps[j - 1].strip(" \t") != "(" or not tk.gaps[j].startswith(")"):
        return False
    w = tk.words[j]
    if not (2 <= len(w.low) <= 6 and w.low.isalpha() and (w.word.isupper() or tk.mode != "mixed")):
        return False
    lows = tk.lows[i:j]
    return w.low in ("".join(x[0] for x in lows), "".join(x[0] for x in lows if x not in _ACRONYM_SKIPS))


def _of_word(w: Word, mode: str, lx: Lexicon) -> bool:
    """A word that names the place after a head and "of": capitalised in mixed-case text; where case tells
    nothing, a town, a name, a saint, or a word no English list holds."""
    if w.med or w.clin == 2 or w.low in W.STOP or w.low in W.FACILITY_SERVICE_WORDS:
        return False
    if mode == "mixed":
        return w.cap and not (w.word.isupper() and len(w.word) <= 4)
    return w.low in lx.cities or w.low in _SAINTS or w.strong or _long_unknown(w) or _town_shaped(w, mode)


def _of_tail(tk: Tokens, j: int, lx: Lexicon) -> int:
    """The end of a facility found at ``[…, j)`` grown over "of" and up to three proper words ("Medical Center of
    Tarrowburgh", "University of Calloway"; not "Hospital of choice")."""
    lows, n = tk.lows, len(tk.lows)
    if j + 1 >= n or lows[j] != "of" or not tk.joined(j - 1, SPACE_GAP) or not tk.joined(j, SPACE_GAP):
        return j
    e = j + 1 + (lows[j + 1] == "the" and j + 2 < n)
    start = e
    while e < n and e - start < 3 and (e == start or tk.joined(e - 1, SPACE_GAP)) \
            and (_of_word(tk.words[e], tk.mode, lx) or (e > start and lows[e - 1] in _SAINTS)):
        e += 1
    return e if e > start else j


_FIRM_FORMS = frozenset(["inc", "llc", "llp", "pllc", "ltd", "corp", "incorporated"])


def _firm_suffix(tk: Tokens, j: int) -> int:
    """The end of a place found at ``[…, j)`` grown over a firm's legal form after a comma ("Orsley Heating &
    Cooling, Inc."; capitalised in mixed-case text; never "CO" or "PA", which are states too), or over "HR"."""
    n = len(tk.lows)
    if j < n and tk.gaps[j - 1] in (", ", ",") and tk.lows[j] in _FIRM_FORMS \
            and (tk.words[j].cap or tk.mode != "mixed"):
        return j + 1
    if j < n and tk.words[j].word == "HR" and tk.joined(j - 1, SPACE_GAP) \
            and (j + 1 >= n or _CLAUSE_END.search(tk.gaps[j]) is not None):
        return j + 1  # "cc: Vellum Logistics HR": its office of human resources, closing a clause
    return j


# heads after which "for" and a kind of care go on naming the place: "Dunmore Center for Sleep Medicine", "Kellam
# Institute for Digestive Health" (branch orgs6)
_FOR_HEADS = frozenset(["center", "centre", "institute", "clinic", "program", "foundation", "alliance", "coalition"])


def _for_tail(tk: Tokens, j: int) -> int:
    """The end of a facility found at ``[…, j)`` whose head takes "for" grown over "for" and up to four words of care
    (capitalised in mixed-case text, a facility's service words where case tells nothing; "and", "&" between), up
    to a clause's end ("Dunmore Center for Sleep Medicine"; not "Kellam Clinic for a recheck")."""
    lows, n = tk.lows, len(tk.lows)
    if j + 1 >= n or lows[j] != "for" or lows[j - 1] not in _FOR_HEADS or not tk.joined(j - 1, SPACE_GAP) \
            or not tk.joined(j, SPACE_GAP):
        return j
    e = j + 1
    while e < n and e - j <= 4 and (e == j + 1 or tk.joined(e - 1, SPACE_GAP) or tk.gaps[e - 1].strip() == "&"):
        w = tk.words[e]
        care = w.low in W.FACILITY_SERVICE_WORDS or w.low in _CARE_WORDS
        if (lows[e] == "and" and e > j + 1) or (care and (w.cap or tk.mode != "mixed")) \
                or (tk.mode == "mixed" and w.cap and not w.word.isupper() and w.low not in W.STOP):
            e += 1
            continue
        break
    while e > j + 1 and lows[e - 1] == "and":
        e -= 1
    closes = e >= n or _CLAUSE_END.search(tk.gaps[e - 1]) is not None
    # where case tells nothing, only a field of medicine ends it ("DUNMORE CENTER FOR SLEEP MEDICINE"; not "KELLAM
    # CLINIC FOR PAIN.", a reason for the visit)
    named = lows[e - 1] in _FIELD_ENDINGS or (tk.mode == "mixed" and e - j > 2)  # ("Kellam Clinic for Pain.")
    named = named or (lows[e - 1] == "management" and lows[j - 1] in _FOR_HEADS - {"clinic"})  # (branch places9)
    return e if e > j + 1 and closes and named else j


_FIELD_ENDINGS = frozenset(["medicine", "health", "research", "excellence", "disorders", "studies"])
_CARE_WORDS = frozenset(["research", "education", "recovery", "addiction", "wellness", "aging", "independence",
                         "living", "women", "children", "families", "youth", "veterans", "disabilities", "autism",
                         "blind", "deaf", "hope", "healing", "life"])


def _head_of_place(tk: Tokens, lx: Lexicon, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "the Hospital of Saint Aldric", "the Medical Center of Tarrowburgh": a strict head that no name precedes,
    then "of" and the place's proper words."""
    out = []
    covered = {k for i, j in found for k in range(i, j)}
    for k in compress(count(), map(_OF_HEADS_BY_FIRST.__contains__, tk.lows)):
        if k in covered:
            continue
        for head in _OF_HEADS_BY_FIRST[tk.lows[k]]:
            m = len(head)
            if tk.lows[k : k + m] != head or " ".join(head) not in _OF_HEADS:
                continue
            if tk.mode == "mixed" and not all(w.cap for w in tk.words[k : k + m]):
                break  # "the hospital of her choice"
            e = _of_tail(tk, k + m, lx)
            if e > k + m:
                out.append((k, e))
            break
    return out


def _english_before_plain_head(tk: Tokens, i: int, k: int, head: list[str], lx: Lexicon) -> bool:
    """Where letter case tells nothing, an English word among ``[i, k)`` before a head that is a plain English word
    ("HOUSE FIRE", "city police"; not "KOVACSVILLE FIRE"); and "General" that is no head: lowercase in mixed-case
    text, or before a word ("Boston general surgery consulted", "Tarrowburgh General Hospital": the next head's)."""
    if tk.mode == "mixed" and head[0] in _CAPITAL_HEADS and not tk.words[k].cap:
        return True  # "Grief counseling offered": in mixed-case text these heads are capitalised
    if " ".join(head) in _ORGS6_HEADS and not _proper_among(tk, i, k, lx, len(head) > 1):
        return True  # "Call Physical Therapy", "Unintentional Weight Loss": a business's head needs a proper name
    end = k + len(head)
    if head[-1] in _SHORT_SCHOOLS and end < len(tk.lows) and tk.joined(end - 1, SPACE_GAP) \
            and tk.lows[end] not in W.STOP:
        return True  # "Attends Kellam High as a junior", not "Roe High risk": a school named short ends its phrase
    if head in (["general"], ["regional"]):
        nxt = k + 1
        return (tk.mode == "mixed" and not tk.words[k].cap) or (
            nxt < len(tk.lows) and tk.joined(k, SPACE_GAP) and tk.lows[nxt] not in W.STOP)
    return tk.mode != "mixed" and " ".join(head) in _PLAIN_WORD_HEADS and not _town_pair(tk, i) \
        and any(t.low in lx.common_words and not t.strong for t in tk.words[i:k])  # ("COBBLE SPRINGS PARK")


_ORGS6_HEADS = frozenset(" ".join(p for p in h.split() if p not in drop)
                         for h in _INDUSTRY_HEADS + _ORG_SERVICE_HEADS + _PLACES7_HEADS + _PLACES9_HEADS  # (places9)
                         for drop in ({"&"}, {"&", "and"}))  # (as written, and as "&" writes them: "Tool & Die")


# (a business's head of two words or more names a place after any word that is no clinical or service word, as a
# hospital's does, once ``_proper_among`` found a name before it: "DABO & SONS FUNERAL HOME")
_LONG_ORGS6_HEADS = frozenset(h for h in _ORGS6_HEADS if " " in h)


def _proper_among(tk: Tokens, i: int, k: int, lx: Lexicon, long_head: bool) -> bool:
    """Among tokens ``[i, k)``, a word that reads as a proper name (``_proper`` in mixed-case text, ``_named`` where
    case tells nothing; before a head of two words or more also a short word no list holds: "DABO & SONS FUNERAL
    HOME") and opens no sentence as an English word ("Tolliver Sawmill"; not "Call Physical Therapy")."""
    def test(w: Word, lx: Lexicon) -> bool:
        return (_proper if tk.mode == "mixed" else _named)(w, lx) or (
            long_head and w.namelike and not w.clin and len(w.low) >= 4) or _capital_compound(w, tk.mode)

    return any((test(w, lx) and not _english_opening(tk, m, lx) and not w.eponym and w.clin < 2
                and w.low not in _ORGS6_ONE_WORD and (  # ("a Dairy Farm": a head's word names nothing)
                    w.strong or w.namelike or w.zipf < 45 or w.low not in lx.common_words))  # ("Call", a town too)
               or _surname_and(tk, m)
               for m, w in zip(range(i, k), tk.words[i:k], strict=True))  # (nor "Foley Supply", "Holter Processing")


def _capital_compound(w: Word, mode: str) -> bool:
    """In mixed-case text, a compound of capitalised parts no list holds as a whole: "Mid-Valley", "Nordby-Ravens"."""
    parts = w.word.split("-")
    return mode == "mixed" and len(parts) == 2 and not w.clin and not w.med \
        and all(len(p) >= 3 and p.isalpha() and p[0].isupper() and not p[1:].isupper() for p in parts)


def _surname_and(tk: Tokens, m: int) -> bool:
    """A surname of the census before "&" and another surname or "Sons" ("Hill & Sons Funeral Home", "Rice & Moss
    Title"), capitalised in mixed-case text, whatever English says of the word."""
    w = tk.words[m]
    if m + 1 >= len(tk.lows) or tk.gaps[m].strip(" \t") != "&" or not (w.cap or tk.mode != "mixed"):
        return False
    nxt = tk.words[m + 1]
    return w.rank > 0 and w.clin < 2 and not w.eponym and not w.med \
        and (nxt.low in ("sons", "daughters", "son") or (nxt.rank > 0 and nxt.clin < 2 and not nxt.med))


def _town_pair(tk: Tokens, m: int) -> bool:
    """Where letter case tells nothing, an English word at token ``m`` before a town's last word ("anvil springs
    medical pavilion", "CEDAR FALLS IMAGING"): a town's name, which names the facility after it."""
    if tk.mode == "mixed" or m + 1 >= len(tk.lows) or tk.lows[m + 1] not in W.PLACE_SUFFIXES \
            or not tk.joined(m, SPACE_GAP):
        return False
    w = tk.words[m]
    return w.clin < 2 and w.zipf < 50 and not w.med and w.low not in W.STOP and len(w.low) >= 3 and w.low.isalpha() \
        and w.low not in _FACILITY_WORDS and w.low not in W.PLACE_SUFFIXES


_POSSESSIVE = ("'s", "’s")


def _head_here(tk: Tokens, k: int, head: list[str]) -> bool:
    """The words from token ``k`` are ``head``, its last maybe in the possessive ("Kellam Medical Center's ED"),
    with "&" between two of them where the head is written so ("Tool & Die"; not "Tool Die")."""
    lows, m = tk.lows, len(head)
    if k + m > len(lows):
        return False
    amp = _AMPERSAND_AFTER.get(tuple(head))
    if amp is not None and (k + amp < 0 or tk.gaps[k + amp].strip(" \t") != "&"):
        return False
    if lows[k : k + m] == head:
        return True
    last = lows[k + m - 1]
    return last.endswith(_POSSESSIVE) and last[:-2] == head[-1] and lows[k : k + m - 1] == head[:-1]


def _facilities(tk: Tokens, lx: Lexicon) -> Iterator[tuple[int, int]]:
    words, lows = tk.words, tk.lows
    n = len(words)
    for k in compress(range(n - 1), map(_SAINTS.__contains__, lows)):
        nxt = words[k + 1]
        if (nxt.cap or tk.mode != "mixed") and nxt.low.endswith(("'s", "’s")) and _SAINT_GAP.fullmatch(tk.gaps[k]) \
                and (k + 2 >= n or lows[k + 2] not in _NOT_FACILITY_AFTER_SAINT) \
                and not (tk.joined(k + 1, SPACE_GAP) and _head_at(tk, k + 2)):  # ("Saint Ilse's. Labs drawn")
            yield k, k + 2
    for k in compress(count(), map(_HEADS_BY_FIRST.__contains__, lows)):
        heads = _HEADS_BY_FIRST[lows[k]]
        for head in heads:
            m = len(head)
            if k + m > n or not _head_here(tk, k, head):
                continue
            strict = " ".join(head) in _STRICT_HEADS or " ".join(head) in _LONG_ORGS6_HEADS
            rare = strict and " ".join(head) not in _DEPARTMENT_HEADS  # "MARIGOLD HOSPICE", not "LIPID CLINIC"
            if head[0] in _CAPITALISED_HEADS and (tk.mode != "mixed" or not words[k].cap) \
                    and not (head[0] in _NAMED_BEFORE_HEADS.get(tk.mode, ()) and _named_before(tk, k, lx)):
                # ("PATIENT: ROE, ANA   UNIT NO."; branch places8: "CASSOW RX" in capitals only, not "steroid rx")
                break  # "apheresis unit", "STERNAL INC", "post dialysis weight": clinical words unless capitalised
            i = k
            while i > 0 and k - i < 4:
                p = words[i - 1]
                # "General", "Community", "Regional" are clinical words too, yet name a hospital before its head
                if tk.gaps[i - 1].strip(" .\t") not in _AND_GAPS or (p.med and p.low not in _FACILITY_WORDS):
                    break
                if _SENTENCE_STOP.match(tk.gaps[i - 1]) and len(p.word) > 2 and p.low not in _SAINTS:
                    break  # "... DC'd. Cardiology": a sentence ends; "St. Mary's", "Mt. Sinai" go on
                if p.low in W.STOP and p.low != "of" and not _service_and(tk, i):
                    break
                if not _facility_word(p, tk.mode, lx, strict, rare) and not (i > 1 and lows[i - 2] in _SAINTS) \
                        and not (i < k and _town_pair(tk, i - 1)):
                    break  # any word after "Saint" names one: "saint malva rehabilitation center"
                if i < k and _english_opening(tk, i - 1, lx):
                    break  # "Attends Westbrook High School": the capital of a sentence's first word says nothing
                i -= 1
            while i < k and lows[i] in ("of", "the"):
                i += 1
            specific = [t for t in words[i:k] if t.low not in W.FACILITY_GENERIC]
            if i < k and not _english_before_plain_head(tk, i, k, head, lx) \
                    and (specific or (strict and any(t.cap for t in words[i:k]))) \
                    and (any(lows[x] in _SAINTS and not tk.gaps[x - 1][-1:].isdigit() for x in range(max(i, 1), k))
                         or _town_pair(tk, i)
                         or _named_facility(specific or words[i:k], strict, tk.mode, lx, rare,
                                            _english_opening(tk, i, lx))):
                yield i, k + m
            break




# words that move a patient between facilities, and the prepositions that then name one
_MOVE_WORDS = frozenset(
    [
        "transfer", "transferred", "transfered", "tranfered", "transfering", "transferring", "xfer", "xferred",
        "tx", "tx'd", "txd", "trans", "admitted", "admit", "adm", "sent", "taken", "brought", "referred",
        "arrived", "presented", "followed", "went", "go", "going", "return", "returned", "returning", "medflight",
        "flown", "accepted", "readmitted", "received", "came", "rec'd", "recd",
        # where care happens: "seen at Northgate", "follow-up at Pennick", "hospitalized at Ashbury"
        "seen", "follow", "followup", "follow-up", "visit", "visited", "treated", "hospitalized", "hospitalised",
        "discharged", "delivered", "evaluated", "scheduled", "appointment", "appt", "enrolled", "placed",
    ]
)
_MOVE_PREPOSITIONS = frozenset(["to", "from", "at"])
_FIELD_COLONS = frozenset([": ", ":  ", ":\t"])
_INITIALS_BEFORE = _MOVE_PREPOSITIONS | {"by", "the", "on"}  # "W/U BY GBMC", "FROM THE GBMC", "ON QUARTERMAIN 2"
_AT_WORDS = frozenset(["at", "@"])
# words that name a ward or a kind of place rather than a particular one
_GENERIC_PLACES = frozenset(
    [
        "floor", "unit", "home", "hospital", "hosp", "rehab", "icu", "ccu", "micu", "sicu", "csru", "ticu", "nicu",
        "picu", "or", "er", "ed", "ew", "cath", "lab", "osh", "the", "a", "an", "his", "her", "their", "this",
        "outside", "another", "other", "same", "room", "bed", "chair", "ward", "stepdown", "tele", "nursing",
        "snf", "ltac", "facility", "vna", "pacu", "ir", "ct", "mri", "us", "echo", "morgue", "hospice",
        "sdu", "ldrp", "bmt",  # (branch places7: more of a hospital's units)
        "wic", "snap", "tanf", "ssi", "ssdi", "liheap", "chip", "hud", "fmla",  # (branch places8: programmes)
    ]
)


def _generic(low: str) -> bool:
    """A kind of place, not a particular one: "floor", "rehab", and any intensive or intermediate care unit."""
    return low in _GENERIC_PLACES or (low.endswith("cu") and len(low) <= 7)


def _abbreviation(w: Word, mode: str = "mixed", in_lexicon: bool = False, shorthand: bool = False) -> bool:
    """ "GH", "GBMC", "VAMC": a hospital's initials, written in capitals (or in a lowercase note, as the rest),
    that no clinical list knows; with ``in_lexicon``, also those only the clinical lexicon holds ("ACH", "CRH"
    are hormones there); with ``shorthand`` (right after a move word and "to"/"from"), even ICU shorthand ("tx to
    PMH": no one is transferred to a past medical history)."""
    return (
        2 <= len(w.word) <= 5
        and not _generic(w.low)
        and w.low not in lexicon().common_words
        and (w.word.isupper() or mode == "lower")
        and w.word.isalpha()
        and (not w.clin or (in_lexicon and (w.clin == 1 or shorthand)))
        and w.low not in W.STOP
        and w.low not in W.CREDENTIALS
        and w.low not in _GENERIC_PLACES
        and w.word not in W.STATE_ABBREVIATIONS
    )


def _unknown_place_word(w: Word, mode: str) -> bool:
    return w.namelike and not w.clin and not _generic(w.low) and (mode != "mixed" or w.cap)


_WARD_NUMBER = re.compile(r"[ \t]{1,2}\d{1,2}\b")


# words that name hospitals and are hardly used otherwise in a note
_HOSPITAL_NAMES = frozenset(
    ["harbor", "sinai", "mercy", "adventist", "baptist", "methodist", "presbyterian", "lutheran", "episcopal",
     "shriners", "deaconess", "samaritan"]
)
# words after which the next capitalised, unknown or all-capitals words name an employer: "works for Vista Health",
# "CEO of IBM", "his business Genentech"
_EMPLOYER_CUES = (("works", "for"), ("works", "at"), ("worked", "for"), ("worked", "at"), ("employed", "by"),
                  ("works", "with"), ("job", "at"), ("job", "with"), ("employed", "with"), ("volunteers", "at"),
                  ("teaches", "at"), ("working", "at"), ("working", "for"), ("employee", "of"), ("owns", "the"),
                  ("employed", "at"), ("ceo", "of"), ("president", "of"), ("owner", "of"), ("his", "business"),
                  ("her", "business"), ("retired", "from"))


# head nouns that end an organisation's name ("kowalski logistics", "ACME CORP"), in any case
_ORG_HEADS = frozenset(
    ["inc", "llc", "ltd", "corp", "corporation", "company", "co", "group", "associates", "partners", "industries",
     "enterprises", "holdings", "services", "solutions", "systems", "technologies", "labs", "laboratories",
     "logistics", "construction", "builders", "contractors", "manufacturing", "foods", "farms", "dairy", "bakery",
     "motors", "trucking", "transport", "shipping", "freight", "insurance", "bank", "plumbing", "electric",
     "roofing", "landscaping", "lumber", "steel", "hardware", "printing", "textiles", "software", "consulting",
     "realty", "mills", "mining", "energy", "airlines", "railroad"]
)
_EMPLOYER_LABEL = re.compile(r"[ \t]*:[ \t]*")  # "Employer: Kowalski Logistics"
_FIELD_LABEL = re.compile(r"[ \t]*:")  # the next field's label ("City: Kellam  State: VT")


def employers(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """An employer or organisation after "works for", "employed by", "CEO of", "his business" or a form's
    "Employer:": up to three words that are capitalised in mixed-case text, or that no English or clinical list
    knows, or capitals (IBM), and the head noun that ends it ("Logistics", "Inc")."""
    lows, n = tk.lows, len(tk.lows)
    for k in compress(count(), map(_EMPLOYER_SECOND.__contains__, lows)):
        if k + 1 >= n:
            continue
        label = lows[k] in _PLACE_LABELS
        if label:
            if _label_first(tk, k) < 0:
                continue
        elif not _employer_cue(tk, k) or not tk.joined(k, SPACE_GAP):
            continue
        i = j = _employer_start(tk, k, label)
        # a form's field runs to the end of its line ("Pharmacy: Dunmore Drug & Surgical Supply")
        while j < n and _employer_grows(tk, i, j, label, taken):
            j += 1
        if j > i and not (label and lows[i] in W.FORM_VALUES) and not (i > k + 1 and _generic(lows[i])) \
                and not (lows[k] in _PLAIN_LABELS and (_generic(lows[i]) or lows[i] in lexicon().common_words)):
            yield i, j  # (not "Town: unknown", "Employer: self", "Patient location: Home")
            e = town_in_after(tk, j)
            if e > j and not any(taken[j + 1 : e]):
                yield j + 1, e  # "works at Lane Hardware in Tulsa"
    yield from _partnerships(tk, taken)
    yield from _acronym_places(tk, taken)
    yield from service_initials(tk, taken)  # (branch places8: "Follow-up: QKMC forensic clinic")
    yield from places9_spans(tk, taken)  # (branch places9: "near Halloway", "at QRAAI", "Orrinvale Regional Level II")
    yield from places10_spans(tk, taken)  # (branch places10: letterheads, ships, events, trailheads)


def _employer_grows(tk: Tokens, i: int, j: int, label: bool, taken: list[bool]) -> bool:
    """Whether an employer's name that starts at token ``i`` goes on over token ``j``: up to three words after a
    cue (a fourth only as a head: "Quest Ready Mix Concrete"), five in a form's field; joined by blanks or "&"."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    if j - i >= (5 if label else 4) or (not label and (taken[j] or (j - i == 3 and lows[j] not in _HEAD_WORDS))):
        return False
    if j > i and _FIELD_LABEL.match(tk.gaps[j]):
        return False  # (a field grows over a head; "  State:")
    if not (j == i or tk.joined(j - 1, SPACE_GAP) or tk.gaps[j - 1].strip() == "&"):
        return False
    return _org_word(words[j], tk.mode) or (j > i and (lows[j] in _ORG_HEADS or lows[j] in _HEAD_WORDS)) \
        or _before_org_head(tk, j) \
        or (label and j > i and lows[j] in _LINKS and j + 1 < n and _org_word(words[j + 1], tk.mode)) \
        or (label and j > i and lows[j] in W.PLACE_SUFFIXES) \
        or (label and _field_town_word(tk, j))  # "Municipality: HARLOW BRIDGE"


_FIRM_CUES = frozenset(["at", "to", "from", "with", "by", "cc"])
_FIRM_SUFFIXES = frozenset(["llp", "llc", "pc", "pllc", "pa", "associates", "attorneys", "law"])


def _partnerships(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "next counseling at Pollard & Vance", "letter to Hartley, Moss & Greer LLP": a firm named by surnames joined
    by "&" (or by "and" before a firm's suffix) after "at", "to", "from", "with", "by" (branch orgs6)."""
    lows, n = tk.lows, len(tk.lows)
    for k in compress(count(), map(_FIRM_CUES.__contains__, lows[:-2])):
        i = k + 1
        if taken[i] or not (tk.joined(k, SPACE_GAP) or tk.gaps[k] in _FIELD_COLONS) or not _firm_word(tk, i):
            continue
        j, amp = i + 1, False
        while j < n and j - i < 4 and not taken[j]:
            gap = tk.gaps[j - 1].strip(" \t")
            if gap in ("&", ",") and _firm_word(tk, j):
                amp = amp or gap == "&"
            elif lows[j] == "and" and j + 1 < n and tk.joined(j, SPACE_GAP) and _firm_word(tk, j + 1) \
                    and tk.joined(j - 1, SPACE_GAP):
                j += 1
                amp = amp or (j + 1 < n and lows[j + 1] in _FIRM_SUFFIXES)
            else:
                break
            j += 1
        if amp and j < n and lows[j] in _FIRM_SUFFIXES and tk.gaps[j - 1].strip(" \t,") == "" and not taken[j]:
            j += 1
        if amp:
            yield i, j


def _firm_word(tk: Tokens, j: int) -> bool:
    """A surname in a firm's name: capitalised in mixed-case text, where case tells nothing a dictionary name; never
    a stop word, a relative, a title or clinical shorthand."""
    w = tk.words[j]
    if w.low in W.STOP or w.clin == 2 or w.med or len(w.low) < 3 or w.low in W.RELATIVES or w.low in W.TITLES:
        return False
    if tk.mode == "mixed":
        return w.cap and not w.word.isupper() and (w.strong or w.weak or w.namelike)
    # in capitals also a word no list holds; in a lowercase note, where misspellings abound, only a name
    return w.strong or (tk.mode == "caps" and w.namelike and not w.clin and len(w.low) >= 4
                        and w.low not in lexicon().common_words)


_AUTHORIZE = frozenset(["authorize", "authorizes", "authorise", "authorises", "authorized", "authorised"])
_DISCLOSE = frozenset(["release", "disclose", "obtain", "share", "send", "exchange", "use", "furnish", "provide"])
# a place's parts and services after its initials: "follow-up at BMAC satellite", "the RCTI garage", "QMHC
# TRANSFUSION SERVICE" on a letterhead
_INITIALS_PLACE_NOUNS = frozenset(["satellite", "garage", "campus", "annex", "branch", "parking", "lobby", "pavilion",
                                   "tower", "wing"])
_LETTERHEAD_NOUNS = frozenset(["service", "services", "department", "dept", "laboratory", "laboratories", "clinic",
                               "center", "centre", "pharmacy", "division", "program", "institute", "radiology",
                               "pathology", "imaging", "transfusion", "blood", "foundation", "outpatient"])


def _acronym_places(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """A facility's initials (2 to 5 capitals no English or clinical list holds) where only a place stands:
    "I authorize QMH to release", "at the RCTI garage", "QMHC TRANSFUSION SERVICE" opening a letterhead's line in
    capitals (branch orgs6)."""
    lows, n, words = tk.lows, len(tk.lows), tk.words
    for k in _initials_cued(tk):
        if k >= n or taken[k] or not 2 <= len(lows[k]) <= 5:
            continue
        after = k + 1 < n and tk.joined(k, SPACE_GAP)
        if ((k > 0 and lows[k - 1] in _AUTHORIZE and tk.joined(k - 1, SPACE_GAP) and after and lows[k + 1] == "to"
                and k + 2 < n and lows[k + 2] in _DISCLOSE)
                or (after and lows[k + 1] in _INITIALS_PLACE_NOUNS and k > 0 and lows[k - 1] in _NOUN_CUES)
                or _places7_initials(tk, k)) and _initials(words[k], tk.mode, rare=_online_or(tk, k)):
            yield k, k + 1


def _places7_initials(tk: Tokens, k: int) -> bool:
    return _letterhead_initials(tk, k) or _department_initials(tk, k) or _online_or(tk, k)


# a hospital's departments that its initials come before: "(SKMH ED)", "from QRH ICU" (branch places7)
_DEPARTMENTS = frozenset(["ed", "er", "icu", "micu", "sicu", "ccu", "cvicu", "nicu", "picu", "pacu", "ob", "l&d"])


def _online_or(tk: Tokens, k: int) -> bool:
    """Initials after "at" offered against a web address: "Follow-up at STM or https://…", "at QRH or online"."""
    lows = tk.lows
    return k > 0 and k + 2 < len(lows) and lows[k - 1] == "at" and lows[k + 1] == "or" \
        and tk.joined(k - 1, SPACE_GAP) and tk.joined(k, SPACE_GAP) and lows[k + 2] in _ONLINE


_ONLINE = frozenset(["https", "http", "www", "online"])


def _department_initials(tk: Tokens, k: int) -> bool:
    """Three to five capitals before a department's letters, in brackets of their own or after a preposition of
    moving ("Dr. Quell (SKMH ED)", "transferred from QRH ICU"; not "CT ED", "to ICU")."""
    n = len(tk.lows)
    if k + 1 >= n or tk.lows[k + 1] not in _DEPARTMENTS or not tk.joined(k, SPACE_GAP) or len(tk.lows[k]) < 3 \
            or not tk.words[k + 1].word.isupper() or k == 0:
        return False
    if tk.gaps[k - 1].endswith("(") and tk.gaps[k + 1].startswith(")"):
        return True
    return tk.lows[k - 1] in _INITIALS_BEFORE and tk.joined(k - 1, SPACE_GAP)


_NOUN_CUES = frozenset(["at", "the", "to", "from"])


def _initials_cued(tk: Tokens) -> list[int]:
    """The tokens where one of ``_acronym_places``' cues may stand, in order: after a verb of authorising, before a
    place's part, opening a line of a text with a letterhead's noun. Each cue's words are first asked of the whole
    text at once, so most texts skip the walk over their words."""
    lows, found = tk.lows, set[int]()
    if not _AUTHORIZE.isdisjoint(tk.present):
        found.update(j + 1 for j, low in enumerate(lows) if low in _AUTHORIZE)
    if not _INITIALS_PLACE_NOUNS.isdisjoint(tk.present):
        found.update(j - 1 for j, low in enumerate(lows) if low in _INITIALS_PLACE_NOUNS and j)
    if "or" in tk.present and "at" in tk.present:
        found.update(j + 1 for j, low in enumerate(lows) if low == "at")
    if not _DEPARTMENTS.isdisjoint(tk.present):
        found.update(j - 1 for j, low in enumerate(lows) if low in _DEPARTMENTS and j)
    if tk.mode != "lower" and not _LETTERHEAD_NOUNS.isdisjoint(tk.present):
        found.add(0)
        found.update(j + 1 for j, gap in enumerate(tk.gaps) if "\n" in gap)
    return sorted(found)


def _initials(w: Word, mode: str, rare: bool = False) -> bool:
    """Initials that may name a facility: 2 to 5 capitals (or letters in a lowercase note) no English, clinical,
    shorthand, credential or state list holds (``rare``: that the clinical lexicon holds only as a rare word)."""
    lx = lexicon()
    return 2 <= len(w.word) <= 5 and w.word.isalpha() and (w.word.isupper() or mode == "lower") \
        and w.clin < 1 + rare \
        and not w.med and w.low not in lx.common_words and w.low not in lx.shorthand and w.low not in W.CREDENTIALS \
        and w.low not in W.STOP and w.word.upper() not in W.STATE_ABBREVIATIONS and not _generic(w.low)


def _letterhead_initials(tk: Tokens, k: int) -> bool:
    """Initials opening a line in capitals, a service noun of a facility within the next three words of that line,
    and the line at most six words long ("QMHC TRANSFUSION SERVICE", "BMAC DEPARTMENT OF RADIOLOGY")."""
    if tk.mode == "lower" or (k > 0 and "\n" not in tk.gaps[k - 1]) or not tk.joined(k, SPACE_GAP):
        return False
    e = k + 1
    while e < len(tk.lows) and "\n" not in tk.gaps[e - 1]:
        e += 1
    line = tk.words[k:e]
    return 2 <= len(line) <= 6 and all(w.word.isupper() for w in line) \
        and any(w.low in _LETTERHEAD_NOUNS for w in line[1:4])


# what may stand between a work verb and "at" or "for" (branch orgs6): "works nights at", "working first shift at",
# "missing shifts at", "picks up weekend shifts at"
_WORK_VERBS = frozenset(["works", "working", "worked", "work", "employed", "missing", "missed", "picks", "picked",
                         "picking", "pulls", "pulling", "covers", "covering"])
_SHIFT_WORDS = frozenset(["nights", "days", "weekends", "evenings", "overnights", "overnight", "mornings",
                          "afternoons", "first", "second", "third", "night", "day", "evening", "weekend", "graveyard",
                          "swing", "shift", "shifts", "full-time", "part-time", "fulltime", "parttime", "overtime",
                          "doubles", "double", "seasonally", "currently", "still", "now", "up", "extra", "per",
                          "diem", "early", "late", "long", "hours"])


def _employer_cue(tk: Tokens, k: int) -> bool:
    """ "works for", "employed by", "CEO of" before token ``k``; or a work verb, up to three words of shift or time
    between, and "at" or "for" ("works nights at", "working first shift at", "missing shifts at")."""
    lows = tk.lows
    if k == 0:
        return False
    if (lows[k - 1], lows[k]) in _EMPLOYER_CUES:
        return True
    if lows[k] not in ("at", "for", "by"):
        return False
    m = k - 1
    while m > 0 and k - m <= 3 and lows[m] in _SHIFT_WORDS and tk.joined(m - 1, SPACE_GAP):
        m -= 1
    job = _job_before(tk, k)
    # where letter case tells nothing, the name then opens with a word English does not write ("works weekends
    # for cash" names nobody)
    return ((m < k - 1 and lows[m] in _WORK_VERBS and lows[k] != "by") or job) and (tk.mode == "mixed" or (
        k + 1 < len(lows) and lows[k + 1] not in lexicon().common_words))


# trades and jobs before "at" or "for" that name the employer after them: "cashier at", "driver for"
_JOBS = frozenset(["cashier", "clerk", "mechanic", "machinist", "welder", "laborer", "labourer", "custodian",
                   "janitor", "cook", "chef", "server", "waitress", "waiter", "bartender", "dishwasher", "driver",
                   "trucker", "foreman", "supervisor", "manager", "teacher", "secretary", "receptionist",
                   "accountant", "bookkeeper", "electrician", "plumber", "carpenter", "roofer", "painter", "mason",
                   "lineman", "operator", "stocker", "loader", "packer", "butcher", "baker", "landscaper",
                   "salesman", "saleswoman", "salesperson", "teller", "dispatcher", "guard", "housekeeper",
                   "caregiver", "groundskeeper", "miner", "logger", "millwright", "assembler", "inspector",
                   "paralegal", "attorney", "engineer", "programmer", "analyst", "librarian", "barber", "stylist",
                   "hairdresser", "veterinarian", "pharmacist", "intern", "apprentice", "volunteer"])


def _job_before(tk: Tokens, k: int) -> bool:
    """A trade right before "at" or "for" (token ``k``), or a work verb and "as" with a trade up to three words
    before it ("cashier at", "works as a night clerk at", "employed as a welder by")."""
    lows = tk.lows
    if lows[k] not in ("at", "for", "by") or not tk.joined(k - 1, SPACE_GAP) or lows[k - 1] not in _JOBS:
        return False
    for m in range(k - 2, max(-1, k - 6), -1):
        if not tk.joined(m, SPACE_GAP):
            break
        if lows[m] == "as":
            return True
    return lows[k] != "by" and tk.words[k - 1].clin < 2  # ("cashier at" alone; "employed as a welder by")


# labels whose value is as often clinical as a place: their value must open with a word that reads as a name
_NAME_LABELS = frozenset(["placement", "site"])


def _named_value(w: Word) -> bool:
    """A word no English or clinical list holds, or a name or a town of the dictionaries English does not write,
    never an eponym ("Placement: Pinecrest", "Site: Halvorsen Pavilion"; not "Site: Deltoid", "Placement: Foley")."""
    return not w.clin and not w.eponym and not w.med and w.low not in lexicon().common_words \
        and (w.namelike or w.strong or w.low in lexicon().cities)


def _employer_start(tk: Tokens, k: int, label: bool) -> int:
    """Where an employer's name starts after its cue at token ``k``: past "the" when a word that reads as a name
    follows it ("works at the Garthby Walmart"; not "worked for the freight company")."""
    if label or tk.lows[k + 1] != "the" or k + 2 >= len(tk.lows) or not _org_word(tk.words[k + 2], tk.mode):
        return k + 1
    return k + 2


def _label_first(tk: Tokens, k: int) -> int:
    """The first token of a form's place label that ends at token ``k`` and a colon ("Place of birth:", "Birth
    place:", "Incident location:", "Town/City:"), opening a line, a column or a field; -1 if it is none (not "Date
    of birth:")."""
    lows, low = tk.lows, tk.lows[k]
    first = k - 2 if low == "birth" else k - 1 if low in ("location", "place") else k
    if first < 0 or (low == "birth" and (lows[k - 1] != "of" or lows[first] not in _BIRTHPLACE)) \
            or (low == "location" and lows[first] not in _LOCATION_KINDS) \
            or (low == "place" and lows[first] != "birth"):
        return -1
    if not _EMPLOYER_LABEL.fullmatch(tk.gaps[k]) or (low in _NAME_LABELS and not _named_value(tk.words[k + 1])):
        return -1  # ("Placement: PICC right basilic", "Site: RUE", "Site: Left deltoid")
    if first > 0 and not _LABEL_START.search(tk.gaps[first - 1]) \
            and not (tk.gaps[first - 1] == "/" and lows[first - 1] in _PLACE_LABELS):  # ("Town/City:")
        return -1
    return first


def _field_town_word(tk: Tokens, j: int) -> bool:
    """In a form's place field, a town of the dictionaries or a town's prefix before another word ("CITY: MEMPHIS",
    "City: New Tarrowburgh"), capitalised in mixed-case text."""
    w = tk.words[j]
    if not (w.cap or tk.mode != "mixed") or w.low in W.STOP or w.low in W.NOT_PLACES:
        return False
    return w.low in lexicon().cities or (w.low in W.PLACE_PREFIXES and j + 1 < len(tk.lows)
                                         and tk.joined(j, SPACE_GAP) and tk.words[j + 1].namelike)


def _before_org_head(tk: Tokens, j: int) -> bool:
    """ "works for FRANK MOTORS": any word that is no stop word or ICU shorthand, right before a firm's head noun."""
    w = tk.words[j]
    return j + 1 < len(tk.lows) and tk.lows[j + 1] in _ORG_HEADS and tk.joined(j, SPACE_GAP) \
        and w.low not in W.STOP and w.clin < 2 and not w.med and (w.cap or tk.mode != "mixed")


def _org_word(w: Word, mode: str) -> bool:
    if w.low in W.STOP or w.clin == 2 or w.low in W.NOT_PLACES:
        return False
    if mode == "mixed":  # capitalised ("Home Depot"), but not a shouted word ("WORKS AT HOME")
        return (w.cap and not (w.word.isupper() and (w.low in lexicon().common_words or _generic(w.low)))) or (
            w.namelike and not w.clin)
    # a short word in capitals is an acronym here (IBM) unless it is ICU shorthand, a word English writes often
    # ("HOME", "SELF") or a generic place word: the broad clinical lexicon holds acronyms too
    # a surname that starts a firm's name ("BOWERS LABORATORIES") unless English writes it often ("HOME")
    # a rare word the broad clinical lexicon holds, too long for shorthand ("works for medtronic")
    return (w.namelike and not w.clin) or (w.weak and w.clin < 2 and w.zipf < 45) or (
        2 <= len(w.word) <= 4 and w.clin != 2 and not _generic(w.low) and (not w.clin or w.zipf < 40)) or (
        w.namelike and _long_unknown(w))


# a form's fields that name an employer, a school or a facility: "Employer: ...", "Pharmacy: ...", "School: ..."
_PLACE_LABELS = frozenset(["employer", "company", "organization", "organisation", "workplace", "school",
                           "facility", "hospital", "pharmacy", "practice", "agency",
                           # an address's fields on lines of their own: "City: Wexley", "Town: Dunmoor"
                           "city", "town", "hometown", "birthplace", "birth", "church", "parish", "congregation",
                           "location",
                           # more of a form's place fields (branch places4): "Municipality: ...", "County: ...",
                           # "Village: ...", "Neighborhood: ...", "Home health agency: ..."
                           "municipality", "county", "village", "township", "borough", "neighborhood",
                           "neighbourhood", "supplier", "vendor", "dme", "lab", "laboratory", "clinic", "shelter",
                           "university", "college", "workplace", "residence", "hospice", "snf", "rehab",
                           "destination",  # "Discharge destination: Ostby" (never "... : Home")
                           "place", "home", "lives", "born", "origin",  # "Birth place:", "Born: Kellam, VT"
                           "placement", "site"])  # (branch places5: "Placement: Pinecrest", only a name)
# labels whose value is often a generic place or an English word: "Home: lives alone", "Patient location: Home"
_PLAIN_LABELS = frozenset(["location", "destination", "home", "lives", "born", "origin"])
_BIRTHPLACE = frozenset(["place", "city", "town"])
# the kinds of a form's "... location:" field that hold a place: "Incident location: Kovacsville"
_LOCATION_KINDS = frozenset(["incident", "pickup", "patient", "scene", "home", "dispatch", "accident", "injury"])
_LABEL_START = re.compile(r"(?:^|\n|\||[ \t]{2,})[ \t]*(?:[A-Za-z]+[ \t]+)?$")  # a field starts a line or a column
_LINKS = frozenset(["of", "and", "the", "for"])  # "University of Calloway", "Brannock and Tilley"
_HEAD_WORDS = frozenset(h for h in W.FACILITY_HEADS + W.NAMED_HEADS + _MORE_HEADS if " " not in h) | (
    W.FACILITY_GENERIC - {"the", "of", "and"}) | _ORGS6_ONE_WORD  # "Orrindale General", "Kessling Memorial Hospital"
_EMPLOYER_SECOND = frozenset([second for _, second in _EMPLOYER_CUES] + list(_PLACE_LABELS) + ["at"])


_WARD_HEADS = frozenset(["ward", "wing", "pod", "tower", "pavilion", "building", "bldg"])
_NUMBER_BETWEEN = re.compile(r"[ \t]{1,2}\d{1,2}[ \t]{1,2}")


def _named_ward(tk: Tokens, i: int) -> bool:
    """ "the Leach 12 ward", "BLACK 7 WING": a ward named after a person, whatever English says of the word, when its
    number and a ward's head noun follow. The name is the PHI, not the number (a floor, like "7 West")."""
    w = tk.words[i]
    return (
        i + 1 < len(tk.lows)
        and tk.lows[i + 1] in _WARD_HEADS
        and _NUMBER_BETWEEN.fullmatch(tk.gaps[i]) is not None
        and (w.cap or tk.mode != "mixed")
        and (w.weak or w.namelike or w.eponym)  # "the Graves 12 ward": not Graves' disease before a number
        and (w.clin < 2 or w.eponym)
        and not _generic(w.low)
    )


def _ward(tk: Tokens, i: int) -> bool:
    """ "to Quartermain 2", "transfer to quartermain 3": a word no English, clinical or name list knows, before a
    ward or floor number; or any name before its number and "ward" (``_named_ward``)."""
    w = tk.words[i]
    if _named_ward(tk, i):
        return True
    return (
        _WARD_NUMBER.match(tk.gaps[i]) is not None
        and len(w.low) > 3
        and w.low.isalpha()
        and not w.clin
        and not _generic(w.low)
        and w.low not in lexicon().common_words
        and w.low not in W.STOP  # "on Friday 12/16"
        and not w.first
    )


def _hospital_initials(w: Word, mode: str, in_lexicon: bool = False, shorthand: bool = False) -> bool:
    """Initials in the shape of a hospital's ("GH", "MGH", "GBMC", "VAMC": ... Hospital, ... Medical Center) after
    "to", "from" or "at"."""
    return _abbreviation(w, mode, in_lexicon, shorthand) and len(w.word) <= 5 and w.low.endswith(("h", "mc", "hc"))


_SENTENCE_END = re.compile(r"[.;!?]\s|\n")


def _moved_before(tk: Tokens, k: int) -> bool:
    """A move word ("transferred", "sent") up to three words before token ``k``, in the same sentence ("labs sent.
    lungs clear to auscultation" moves nobody)."""
    return _cue_before(tk, k, _MOVE_WORDS, 3, _SENTENCE_END)


def moved_to(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "transferred to GH", "admitted to Quartermain 3", "sent from Kernan", "at GH": a facility or a ward that
    no dictionary holds, named where a patient is moved (or where they are "at", for capitalised initials)."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    for k in compress(count(), map(_INITIALS_BEFORE.__contains__, lows)):
        i = k + 1
        if i < n and lows[i] == "the":
            i += 1
        if i >= n or taken[i] or not (tk.joined(k, SPACE_GAP) or (
                tk.gaps[k] in _FIELD_COLONS and lows[k] in _MOVE_PREPOSITIONS and _moved_before(tk, k))):
            continue  # (a form's field: "Transferred from: Pellsbury General", "Discharged to: ...")
        if lows[k] not in _MOVE_PREPOSITIONS:
            if _ward(tk, i) or (lows[k] != "on" and _hospital_initials(words[i], tk.mode) and not words[i].weak):
                yield i, i + 1
            continue
        moved = _moved_before(tk, k)
        if lows[i] in ("st", "saint") and moved and i + 1 < n and (words[i + 1].namelike or words[i + 1].weak):
            yield i, i + 2  # "to go to St. Mary on Tuesday"
            continue
        if not _facility_after(tk, k, i, moved):
            continue
        j = _capitalised_place(tk, i) if moved else i
        if j == i:
            j = i + 1
            while j < n and j - i < 3 and not taken[j] and tk.joined(j - 1, SPACE_GAP) and (
                _unknown_place_word(words[j], tk.mode) or lows[j] in _PLACE_HEADS
            ):
                j += 1
        yield i, j
    yield from _moved_without_preposition(tk, taken)


def _facility_after(tk: Tokens, k: int, i: int, moved: bool) -> bool:
    """Whether token ``i``, after the preposition at ``k`` ("to", "from", "at"), names a facility or a ward
    (``moved``: a move word stands before the preposition)."""
    lows, w = tk.lows, tk.words[i]
    named = w.low in _HOSPITAL_NAMES and (w.cap or tk.mode != "mixed")  # "go to Harbor", "at harbor"
    return (
        _ward(tk, i)
        or (moved and (_abbreviation(w, tk.mode) or _unknown_place_word(w, tk.mode) or named))
        or (moved and _hospital_initials(w, tk.mode, in_lexicon=True))  # "tx to ACH", "transferred from CRH"
        or (k > 0 and lows[k] != "at" and _moved_right_before(tk, k) and len(w.word) > 2
            and _hospital_initials(w, tk.mode, in_lexicon=True, shorthand=True))  # "tx to PMH"
        or (lows[k] in ("at", "from") and named)  # "Surgeon from Harbor"
        or (lows[k] in _AT_WORDS and _abbreviation(w, tk.mode) and len(w.word) <= 4)
        or (_hospital_initials(w, tk.mode) and not w.weak)
        # "CAME OVER FROM WHITESTONE": a rare word the broad clinical lexicon holds, too long for shorthand
        or (moved and lows[k] != "at" and w.namelike and _long_unknown(w) and not _generic(w.low)
            and (w.cap or tk.mode == "caps"))  # (in a lowercase note as often a misspelling of a clinical word)
        or (moved and _capitalised_place(tk, i) > i)
    )


_PARTICLES = frozenset(["over", "back", "up", "down", "out", "in", "here", "directly", "straight"])


def _moved_right_before(tk: Tokens, k: int) -> bool:
    """A move word right before the preposition at ``k``, or before a particle there ("tx to", "came over from")."""
    lows = tk.lows
    return lows[k - 1] in _MOVE_WORDS or (k > 1 and lows[k - 1] in _PARTICLES and lows[k - 2] in _MOVE_WORDS)


def _capitalised_place(tk: Tokens, i: int) -> int:
    """In mixed-case text, the end of two or three capitalised words from token ``i`` that hold a name and no
    clinical, generic or stop word ("transferred from Good Sam"; not "to Cardiac Surgery", "to Step Down"); ``i``
    if there are none."""
    if tk.mode != "mixed":
        return i
    j, n, named = i, len(tk.lows), False
    while j < n and j - i < 3 and (j == i or tk.joined(j - 1, SPACE_GAP)):
        w = tk.words[j]
        if not w.cap or w.word.isupper() or w.med or w.clin == 2 or _generic(w.low) or w.low in W.STOP:
            break
        named = named or w.strong or w.namelike or (w.weak and w.low not in lexicon().common_words) \
            or w.low in _NAME_NOT_SERVICE  # "from Shady Pines" (not "to the Heart Failure Clinic")
        j += 1
    return j if j - i >= 2 and named else i


def _room_number(gap: str) -> bool:
    """The text between two words is a room number and blanks: " 412 " (a letter after the number is a token)."""
    number = gap.strip(" \t")
    return 0 < len(number) <= 4 and number.isdigit() and gap[:1] in " \t" and gap[-1:] in " \t"
_LEAVE_WORDS = frozenset(["leave", "leaving", "leaves"])


def _moved_without_preposition(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "TRANSFER BRENNERTON 4" (a ward right after a move word), "transferred to 412 vellacourt" (a building after
    a room number), "would have to leave BRH" (a hospital's initials after "leave")."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    for k in compress(count(), map(_MOVE_OR_LEAVE.__contains__, lows[:-1])):
        i = k + 1
        if taken[i]:
            continue
        if lows[k] in _LEAVE_WORDS:
            found = tk.joined(k, SPACE_GAP) and _hospital_initials(words[i], tk.mode) and not words[i].weak
        elif lows[k] in _MOVE_PREPOSITIONS:  # (a ward right after "to" is moved_to's)
            found = _room_number(tk.gaps[k]) and _moved_before(tk, k) \
                and _unknown_place_word(words[i], tk.mode) and len(lows[i]) > 3
        else:  # "received oxycodonne 2tabs": a dose, not a ward
            found = tk.joined(k, SPACE_GAP) and _ward(tk, i) and not _named_ward(tk, i) \
                and (i + 1 >= n or not tk.gaps[i][-1:].isdigit())
        if found:
            yield i, i + 1


_MOVE_OR_LEAVE = _MOVE_WORDS | _LEAVE_WORDS | _MOVE_PREPOSITIONS


_GENERAL_SERVICES = frozenset(["surgery", "surgical", "medicine", "anesthesia", "anaesthesia", "practice",
                               "practitioner", "pediatrics", "paediatrics", "appearance", "condition", "care"])


def hospital_suffix(tk: Tokens, j: int) -> int:
    """The end of a place found at ``[i, j)`` grown over "General" or "Memorial" that name its hospital ("came from
    Bayside General", "BAYSIDE MEMORIAL"), unless a clinical noun follows ("Boston general surgery")."""
    lows, n = tk.lows, len(tk.lows)
    if j < n and lows[j] in ("general", "memorial", "regional") and tk.joined(j - 1, SPACE_GAP) and (
        j + 1 >= n or not tk.joined(j, SPACE_GAP) or lows[j + 1] in _PLACE_HEADS
        or (tk.words[j + 1].clin < 2 and not tk.words[j + 1].med and lows[j + 1] not in _GENERAL_SERVICES)
    ):
        return j + 1
    return j


_PLACE_HEADS = frozenset(["hosp", "hospital", "general", "memorial", "regional", "campus", "va", "vamc", "medical",
                          "center"])


_COMPASS = frozenset(["north", "south", "east", "west", "eastern", "western", "northern", "southern", "upper", "lower",
                      "northeast", "northwest", "southeast", "southwest"])
# what follows "the" and a compass word to name a part of a region: "the South Shore", "the North End"; in text
# where letter case tells nothing only "shore" ("the west side", "the lower end" are a bed's and a tube's)
_REGION_HEADS = frozenset(["shore", "side", "end"])
_CAPE_CUES = frozenset(["on", "to", "from", "in", "at", "near", "the", "of"])


def regions(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """Parts of a region smaller than a state that no dictionary lists: "from the North Shore", "lives on the
    South Shore", "the Upper West Side"; and a cape ("Cape Ann", "summer home on Cape Cod")."""
    words, lows, n, mixed = tk.words, tk.lows, len(tk.lows), tk.mode == "mixed"
    for k in compress(count(1), map(_COMPASS.__contains__, lows[1:-1])):
        j = k + 1 + (lows[k + 1] in _COMPASS and k + 2 < n)  # "the Upper West Side"
        head = lows[j]
        if lows[k - 1] != "the" or any(taken[k : j + 1]) or not all(tk.joined(x, SPACE_GAP) for x in range(k - 1, j)):
            continue
        capitalised = mixed and all(w.cap for w in words[k : j + 1])
        if (head == "shore" and not mixed) or (head in _REGION_HEADS and capitalised):
            yield k, j + 1
    yield from _counties(tk, taken)
    for k in compress(count(1), map("cape".__eq__, lows[1:-1])):
        nxt = words[k + 1]
        if taken[k] or taken[k + 1] or not tk.joined(k, SPACE_GAP) or nxt.med or nxt.low in W.STOP:
            continue
        if (mixed and words[k].cap and nxt.cap and not nxt.word.isupper()) or (
                not mixed and lows[k - 1] in _CAPE_CUES and nxt.clin < 2):
            yield k, k + 2


_COUNTY_WORDS = frozenset(["county", "parish", "borough"])


def _county_word(w: Word, mode: str, lx: Lexicon) -> bool:
    """A word that may name a county before "County": capitalised in mixed-case text; where case tells nothing, a
    county, a town, a name, or a word no English list holds; never a stop word or clinical shorthand."""
    if w.low in W.STOP or w.clin == 2 or w.med or len(w.low) < 3 or w.low in _COUNTY_WORDS \
            or w.low in _COUNTY_TITLES:  # (branch places8: "Asst. County Attorney")
        return False
    if mode == "mixed":
        return w.cap and not (w.word.isupper() and len(w.word) <= 4)
    return w.low in lx.counties or w.low in lx.cities or ((w.namelike or w.weak) and w.low not in lx.common_words)


def _english_opener(tk: Tokens, i: int, lx: Lexicon) -> bool:
    """Token ``i`` is an English word (no county's or town's name) opening a sentence or a line, or a stop word:
    its capital says nothing ("Per county policy")."""
    w = tk.words[i]
    if w.low in W.STOP:
        return True
    opens = i == 0 or _SENTENCE_END.search(tk.gaps[i - 1]) is not None
    return opens and w.low in lx.common_words and w.low not in lx.counties and w.low not in lx.cities


def _counties(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """ "Resident of Dunmore County", "rural Harlow County", "Saint Landry Parish": one or two words that name a
    county before "County", "Parish" or "Borough", whether or not a dictionary holds them (before the name layer,
    which would read "Dunmore" as a surname); never "the county", "per county policy", "County Hospital"'s head."""
    words, lows, lx = tk.words, tk.lows, lexicon()
    for k in compress(count(1), map(_COUNTY_WORDS.__contains__, lows[1:])):
        if taken[k] or not tk.joined(k - 1, SPACE_GAP) or not _county_word(words[k - 1], tk.mode, lx) \
                or (tk.mode == "mixed" and not words[k].cap) or _english_opener(tk, k - 1, lx):
            continue
        i = k - 1
        if i > 0 and tk.joined(i - 1, SPACE_GAP) and (_county_word(words[i - 1], tk.mode, lx)
                                                      or lows[i - 1] in ("st", "saint")) \
                and not _english_opener(tk, i - 1, lx):
            i -= 1
        i = county_start(tk, i)  # (branch places8: "Probate Court of South Dunwick County")
        if not any(taken[i : k + 1]):
            yield i, k + 1


# a travel history's cue ("Travel history: ...", "Recent travel: ...", "traveled to ...", "trips to ...")
_TRAVEL_CUES = frozenset(["travel", "travels", "traveled", "travelled", "traveling", "travelling", "trip", "trips",
                          "visited", "vacationed", "toured", "itinerary"])
_TRAVEL_AFTER = frozenset(["history", "hx", "to", "in", "through"])


def travel_lists(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "Travel history: Dunholt, Kellam and Wexley", "traveled to Ostby, Maine and Pellham": each town of a travel
    list, up to six, one to three words each that read as a place's name (capitalised in mixed-case text; a town, a
    name or a word no English or clinical list holds); a country or a state in the list is passed over, untagged."""
    lows, n = tk.lows, len(tk.lows)
    for k in compress(count(), map(_TRAVEL_CUES.__contains__, lows)):
        i = k + 1
        while i < n and i - k <= 2 and lows[i] in _TRAVEL_AFTER and tk.joined(i - 1, SPACE_GAP):
            i += 1
        field = lows[i - 1] not in ("to", "in", "through")
        if i >= n or (field and ":" not in tk.gaps[i - 1]) or (not field and not tk.joined(i - 1, SPACE_GAP)):
            continue  # "Travel history: ..." (a field) or "traveled to ..." (a preposition)
        for _ in range(6):
            j = _taken_end(tk, i, taken) if taken[i] else _travel_item_end(tk, i, taken, lx)
            if j == i:
                break
            if not taken[i] and not all(tk.words[x].low in W.NOT_PLACES for x in range(i, j)):
                yield i, j  # (an item another layer found already stays in the list: "Harrowgate, East Ostby")
            i = _next_item(tk, j)
            if i < 0:
                break


def _travel_item_end(tk: Tokens, i: int, taken: list[bool], lx: Lexicon) -> int:
    """The end of one to three words from token ``i`` that read as a place's name, a compass word or a prefix first
    ("East Refikville", "Port Miranton"); ``i`` if there are none."""
    n = len(tk.lows)
    first = i + (tk.lows[i] in W.PLACE_PREFIXES and i + 1 < n and tk.joined(i, SPACE_GAP)
                 and (tk.words[i].cap or tk.mode != "mixed"))
    j = first
    while j < n and j - i < 3 and not taken[j] and _travel_word(tk, j, lx) and (j == i or tk.joined(j - 1, SPACE_GAP)):
        j += 1
    return j if j > first else i


def _next_item(tk: Tokens, j: int) -> int:
    """Where the next item of a list starts after an item that ends before token ``j`` (", ", " and ", ", and ",
    "; ", " or "); -1 if the list ends there."""
    n = len(tk.lows)
    if j >= n:
        return -1
    gap = tk.gaps[j - 1]
    if tk.lows[j] in ("and", "or") and gap.strip(" \t") in ("", ",") and j + 1 < n and tk.joined(j, SPACE_GAP):
        return j + 1
    return j if gap.strip(" \t") in (",", ";", "/") and "\n" not in gap else -1


def _travel_word(tk: Tokens, j: int, lx: Lexicon) -> bool:
    w = tk.words[j]
    if w.low in W.STOP or w.med or w.clin == 2 or not (w.cap or tk.mode != "mixed") or w.low in _GENERIC_PLACES:
        return False
    return w.low in W.NOT_PLACES or w.low in lx.cities or w.strong or (w.namelike and not w.clin) \
        or (w.weak and w.zipf < 45) or (tk.mode == "mixed" and w.low not in lx.common_words)


# ---- (branch places8) a county's compass word, a department after a facility's dash, initials before a service,
# grid house numbers, car models, and office titles before "County"

def county_start(tk: Tokens, i: int) -> int:
    """Where a county named after a court's "of" starts: its compass word with it ("Probate Court of South Dunwick
    County": "South Dunwick County"). The court's kind, "Court" and "of" stay outside: the county is the geographic
    subdivision Safe Harbor removes, and the court's kind tells a reader what the document is (the conventions of
    the late test parts: a court's county is the LOCATION)."""
    if i > 2 and tk.lows[i - 1] in _COMPASS and tk.joined(i - 1, SPACE_GAP) and tk.lows[i - 2] == "of":
        return i - 1
    return i


# an office's title before "County" is no county: "Asst. County Attorney", "Deputy County Clerk"
_COUNTY_TITLES = frozenset(["asst", "assistant", "deputy", "acting", "chief", "interim", "associate", "assoc",
                            "former", "senior", "sr", "elected", "first", "dept", "department"])

# a department after a facility and a dash: "Kellam Medical Center - Behavioral Unit", "Ostby Health - Forensic
# Nursing" (the place's part: the whole is the place)
_DEPARTMENT_WORDS = frozenset(["unit", "nursing", "forensic", "forensics", "pediatrics", "paediatrics", "department",
                               "dept", "services", "service", "clinic", "program", "division", "behavioral",
                               "behavioural", "psychiatry", "psychiatric", "emergency", "medicine", "surgery",
                               "radiology", "imaging", "laboratory", "lab", "pharmacy", "rehabilitation", "rehab",
                               "oncology", "cardiology", "neurology", "orthopedics", "obstetrics", "gynecology",
                               "women's", "children's", "health", "care", "center", "centre", "outpatient",
                               "inpatient", "campus", "annex", "wing", "pavilion", "east", "west", "north", "south",
                               "main", "mental", "urgent", "family", "adult", "pediatric", "ed", "er", "icu"])
_DEPARTMENT_GAPS = frozenset([" - ", " – ", " — ", " -- "])
_DEPARTMENT_STOPS = frozenset(["for", "on", "in", "at", "to", "with", "and", "by", "since", "from", "via", "per",
                               "today", "yesterday", "tonight", "this", "last", "next"])


def department_after(tk: Tokens, i: int, j: int) -> int:
    """The end of a department named after the facility at tokens ``[i, j)`` and a dash between blanks, closing its
    clause or before a preposition ("Kellam Medical Center - Behavioral Unit for evaluation"); ``j`` if none (never a
    letterhead's short form: "Kellam Coumadin Clinic - KCC")."""
    n = len(tk.lows)
    if j >= n or tk.gaps[j - 1] not in _DEPARTMENT_GAPS:
        return j
    e = j
    while e < n and e - j < 3 and (e == j or tk.joined(e - 1, SPACE_GAP)):
        w = tk.words[e]
        if not (w.low in _DEPARTMENT_WORDS or (w.med and w.low not in W.STOP and len(w.low) > 3)) \
                or (tk.mode == "mixed" and not w.cap) or (w.word.isupper() and tk.mode == "mixed" and len(w.low) > 3
                                                          and w.low not in _DEPARTMENT_WORDS):
            break
        e += 1
    if e == j or (e < n and not any(c in tk.gaps[e - 1] for c in ".,;:)!?\n")
                  and not (tk.joined(e - 1, SPACE_GAP) and tk.lows[e] in _DEPARTMENT_STOPS)):
        return j
    return e


# one or two letters a scan misreads ("forenslc", "cllnic", "Condltion"): each word's misreadings, to the word
_OCR_LETTERS = {"i": "l1", "l": "i1", "e": "c", "c": "e", "o": "0", "s": "5"}


def _misread(words: list[str]) -> dict[str, str]:
    """Every spelling of each of ``words`` with one or two letters a scan confuses (``_OCR_LETTERS``), to the word."""
    out: dict[str, str] = {}
    for word in words:
        at = [k for k, ch in enumerate(word) if ch in _OCR_LETTERS]
        for x, a in enumerate(at):
            for ra in _OCR_LETTERS[word[a]]:
                one = word[:a] + ra + word[a + 1 :]
                out.setdefault(one, word)
                for b in at[x + 1 :]:
                    for rb in _OCR_LETTERS[word[b]]:
                        out.setdefault(one[:b] + rb + one[b + 1 :], word)
    for word in words:
        out[word] = word
    return out


# a service a town's or a hospital's initials come before: "Follow-up: QKMC forensic clinic", "(wmph triage rn)"
_SERVICE_READINGS = _misread(["clinic", "forensic", "triage", "urgent"]) | {"ed": "ed", "er": "er", "lab": "lab"}
_SERVICE_NOUNS = frozenset(_SERVICE_READINGS)
_SERVICE_PHRASES = (("forensic", "clinic"), ("forensic", "nursing"), ("urgent", "care"), ("triage",), ("clinic",),
                    ("ed",), ("er",), ("lab",))
# a specialty's letters before its triage or clinic are no place's initials ("OBGYN triage", "PEDS ED")
_SPECIALTY_LETTERS = frozenset(["obgyn", "obgy", "gyn", "peds", "psych", "ortho", "neuro", "onc", "heme", "uro",
                                "derm", "mfm", "gyne", "endo", "nephro", "rheum", "pulm", "cardio", "ophtho", "optho",
                                "surg", "trauma", "burn", "vasc", "hepat", "gastro", "vets", "adult"])
_SERVICE_CUES = frozenset(["at", "to", "from", "by", "with", "the", "in", "via"])
_SERVICE_COMPASS = frozenset(["east", "west", "north", "south", "upper", "lower", "new", "port", "fort", "mount",
                              "lake"])


def _service_phrase(tk: Tokens, k: int) -> bool:
    lows = [_SERVICE_READINGS.get(low, low) for low in tk.lows[k : k + 2]]
    for phrase in _SERVICE_PHRASES:
        m = len(phrase)
        if tuple(lows[:m]) == phrase and all(tk.joined(x, SPACE_GAP) for x in range(k, k + m - 1)):
            return True
    return False


def service_initials(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """A town's or a hospital's initials, or a town's one or two words, before a service ("forensic clinic",
    "triage", "ED", "lab"), after a field's colon, an opening bracket or a place's preposition: "Follow-up: QKMC
    forensic clinic", "(wmph triage rn)", "Follow-up: East Dunwick forensic clinic" (the words, not the service)."""
    lows, words = tk.lows, tk.words
    if _SERVICE_NOUNS.isdisjoint(tk.present):
        return
    lx = lexicon()
    for k in compress(count(1), map(_SERVICE_NOUNS.__contains__, lows[1:])):
        if not tk.joined(k - 1, SPACE_GAP) or not _service_phrase(tk, k) \
                or taken[k - 1]:
            continue
        w = words[k - 1]
        if 3 <= len(w.low) <= 5 and w.low.isalpha() and w.low not in _SPECIALTY_LETTERS and (_initials(w, tk.mode) or (
                tk.mode == "mixed" and w.word.islower() and tk.gaps[k - 2 if k > 1 else 0].endswith("(") and k > 1
                and not w.clin and not w.med and w.low not in lx.common_words and w.low not in lx.shorthand
                and not any(c in "aeiouy" for c in w.low))):
            i = k - 1  # ("QKMC", "wmph": no vowel, so no word)
        elif _SERVICE_READINGS[lows[k]] in ("clinic", "forensic") and _service_town_word(w, tk.mode, lx):
            i = k - 1
            if i > 0 and (lows[i - 1] in _SERVICE_COMPASS or lows[i - 1] in _SAINTS) \
                    and (tk.joined(i - 1, SPACE_GAP) or (lows[i - 1] in _SAINTS and tk.gaps[i - 1] == ". ")) \
                    and (tk.mode != "mixed" or words[i - 1].cap):
                i -= 1
            if i == k - 1 and _SERVICE_READINGS[lows[k]] == "clinic":
                continue  # ("Dunwick clinic" alone says too little; "East Dunwick clinic", "Dunwick forensic clinic")
        else:
            continue
        before = tk.gaps[i - 1] if i > 0 else "\n"
        cued = before.rstrip(" \t").endswith((":", "(", "\n")) or (
            i > 0 and lows[i - 1] in _SERVICE_CUES and tk.joined(i - 1, SPACE_GAP))
        if cued and not any(taken[i:k]):
            yield i, k


def _service_town_word(w: Word, mode: str, lx: Lexicon) -> bool:
    """A word that may name a town before "forensic clinic": capitalised in mixed-case text, no stop, clinical or
    English word; where case tells nothing a word no English or clinical list holds, or a town."""
    if w.low in W.STOP or w.med or w.clin == 2 or len(w.low) < 3 or not w.low.isalpha():
        return False
    if mode == "mixed":
        return w.cap and not w.word.isupper() and (w.low not in lx.common_words or w.low in lx.cities)
    return w.low in lx.cities or (w.low not in lx.common_words and (w.namelike or w.weak or w.strong))


# a Wisconsin-style grid house number: "W177N2685 Tarrow Pass", "N56W1234 Kellam Rd", "w855n9215 north ostby spur rear"
_GRID_PAIRS = frozenset([("n", "w"), ("n", "e"), ("s", "w"), ("s", "e"), ("w", "n"), ("w", "s"), ("e", "n"),
                         ("e", "s")])
_GRID_FIRST = re.compile(r"\d{1,4}")
_GRID_SECOND = re.compile(r"\d{2,5}[ \t]{1,2}")


def grid_house_numbers(text: str, tk: Tokens, taken: list[bool], lx: Lexicon,
                       grid_at: list[int]) -> Iterator[tuple[int, int, PhiType]]:
    """An address whose house number is a Wisconsin grid's ("W177N2685"): the number, up to four street words to a
    street suffix (or to the clause's end), and a unit after it ("Rear", "Upper", "Fl 2", "Rm 252", "Unit 160G"),
    whatever their letter case; then its town and ZIP code (``grid_at``: the tokens that are a compass letter)."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    for k in grid_at:
        if k + 2 >= n or (lows[k], lows[k + 1]) not in _GRID_PAIRS or _GRID_FIRST.fullmatch(gaps[k]) is None \
                or _GRID_SECOND.fullmatch(gaps[k + 1]) is None or (k > 0 and gaps[k - 1][-1:].isalnum()) \
                or any(taken[k : k + 2]):
            continue
        e = k + 2
        suffix = -1
        while e < n and e - k - 2 < 5:
            w = tk.words[e]
            street = w.low in _street_forms() or w.low in lx.street_suffixes
            if not (street and e > k + 2) and ((w.low in W.STOP and w.low not in _DIRECTIONS) or w.med):
                break
            e += 1
            if street and e - k - 2 > 1:
                suffix = e
                break
            if not tk.joined(e - 1, SPACE_GAP):
                break
        if suffix < 0:
            if e - k - 2 < 1 or e - k - 2 > 3 or (e < n and not _GOES_ON.match(text, tk.ends[e - 1])):
                continue
            suffix = e
        end = tk.ends[suffix - 1]
        unit = _UNIT_AFTER.match(text, end) or _UNIT_WORD_AFTER.match(text, end)
        if unit is None:
            unit = re.compile(r"[ \t]{1,2}(?i:rear|upper|lower|front|bsmt)\b").match(text, end)
        if unit is not None:
            end = unit.end()
        after = bisect_left(tk.starts, end)
        taken[k:after] = [True] * (after - k)
        yield tk.starts[k], end, PhiType.ADDRESS
        yield from _town_and_zip(text, tk, after, end, taken, lx, need_zip=False)


# car makers: the model after a maker is no town and the maker no name ("2020 Hyundai Tucson", "a Kia Soul")
_CAR_MAKERS = frozenset(["hyundai", "kia", "ford", "chevy", "chevrolet", "toyota", "honda", "nissan", "dodge",
                         "jeep", "gmc", "buick", "cadillac", "chrysler", "lincoln", "mazda", "subaru", "volkswagen",
                         "vw", "audi", "bmw", "mercedes", "lexus", "acura", "infiniti", "mitsubishi", "volvo",
                         "tesla", "ram", "pontiac", "saturn", "mercury", "oldsmobile", "plymouth", "isuzu", "suzuki",
                         "genesis", "porsche", "mini", "fiat", "harley", "yamaha", "kawasaki"])
_CAR_BEFORE = frozenset(["a", "an", "his", "her", "their", "my", "the", "our", "silver", "black", "white", "red",
                         "blue", "gray", "grey", "green", "old", "new", "used", "rented", "rental"])
_CAR_AFTER = frozenset(["truck", "pickup", "suv", "van", "sedan", "minivan", "coupe", "hatchback", "wagon", "car"])
_YEAR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)[ \t]{1,2}\Z")


def vehicle_models(tk: Tokens, taken: list[bool]) -> None:
    """Marks in ``taken`` a car's maker and its model's word ("2020 Hyundai Tucson", "a Kia Soul", "Ford Ranger
    pickup"): after a model year, an article or a colour, or before a vehicle's noun."""
    lows, n = tk.lows, len(tk.lows)
    if _CAR_MAKERS.isdisjoint(tk.present):
        return
    for k in compress(range(n - 1), map(_CAR_MAKERS.__contains__, lows)):
        if not tk.joined(k, SPACE_GAP):
            continue
        model = tk.words[k + 1]
        if model.low in W.STOP or (tk.mode == "mixed" and not (model.cap or model.word[:1].isdigit())):
            continue
        before = tk.gaps[k - 1] if k > 0 else ""
        cued = _YEAR.search(before) is not None or (k > 0 and lows[k - 1] in _CAR_BEFORE and before == " ") \
            or (k + 2 < n and lows[k + 2] in _CAR_AFTER and tk.joined(k + 1, SPACE_GAP))
        if cued:
            taken[k : k + 2] = [True, True]


# what a form's title says after "Health": "Employee's Serious Health Condition" is no facility
_HEALTH_TOPICS = frozenset(_misread(["condition", "conditions", "status", "history", "issues", "issue", "problem",
                                     "problems", "concerns", "concern", "questionnaire", "screening", "risk", "risks",
                                     "literacy"]))


def _form_title(tk: Tokens, i: int, j: int) -> bool:
    """The facility ending at token ``j`` ends in "Health" and a form's topic follows ("... Health Condition"), or
    it is a service's name misread by a scan and its head ("forenslc clinic")."""
    if j - i == 2 and tk.lows[i] in _SERVICE_READINGS and tk.lows[i] not in ("clinic", "ed", "er", "lab"):
        return True
    return 0 < j < len(tk.lows) and tk.lows[j - 1] == "health" and tk.lows[j] in _HEALTH_TOPICS \
        and tk.joined(j - 1, SPACE_GAP)


# a town named with "of" after a street: "12 Elm St, Falls of Wexmoor, AZ", "Isle of Pellam"
_OF_TOWN_HEADS = frozenset(["falls", "isle", "city", "town", "village", "lake", "mount", "port", "borough", "valley",
                            "township", "hills", "heights", "springs", "forks", "mouth", "head"])


def _town_of_end(tk: Tokens, i: int, taken: list[bool] | None, lx: Lexicon) -> int:
    """The end of a town "<head> of <name>" from token ``i`` (one or two name words); ``i`` if none. In mixed-case
    text its words are capitalised, or a state follows it ("lives at 8 Elm St, falls of wexmoor, az")."""
    words, n = tk.words, len(tk.lows)
    if words[i].low not in _OF_TOWN_HEADS or not tk.joined(i, SPACE_GAP) or not tk.joined(i + 1, SPACE_GAP):
        return i
    j = i + 2
    while j < n and j - i < 4 and (j == i + 2 or tk.joined(j - 1, SPACE_GAP)):
        w = words[j]
        if w.low in W.STOP or w.med or w.clin == 2 or w.word in W.STATE_ABBREVIATIONS \
                or not (w.namelike or w.weak or w.strong or w.low in lx.cities or w.low not in lx.common_words):
            break
        j += 1
    if j == i + 2 or (taken and any(taken[i:j])):
        return i
    if tk.mode == "mixed" and not all(w.cap for w in words[i:j] if w.low != "of"):
        state = j < n and tk.gaps[j - 1].strip(" \t") == "," and tk.lows[j] in _STATE_ABBREVIATIONS_LOW
        if not state:
            return i
    return j


# ---- (branch places9) a mountain's, a lake's or a fort's word before a place's name

# the words that open a town's or a facility's name before a proper word: "Mount Quenby Vision Center", "LAKE ORRIN
# DERMATOLOGIC SURGERY", "fort halloway apothecary", "Mt. Vessel Hearing Center"
_PLACE_OPENERS = frozenset(["mount", "mt", "lake", "fort", "ft"])
_OPENER_GAPS = frozenset([" ", ". ", "."])
# where a name opened so stands alone after a preposition: "Next counseling 20 June at Mount Quenby."
_OPENER_CUES = frozenset(["at", "to", "from", "in", "near", "outside"])


def _opener(tk: Tokens, k: int) -> bool:
    """Token ``k`` is "Mount", "Lake", "Fort" (or "Mt.", "Ft.") joined to the next word, capitalised in mixed-case
    text; the next word is no stop word, number or heading."""
    if k + 1 >= len(tk.lows) or tk.lows[k] not in _PLACE_OPENERS:
        return False
    gap = tk.gaps[k]
    if gap not in _OPENER_GAPS or (gap != " " and tk.lows[k] not in ("mt", "ft")):
        return False
    w, nxt = tk.words[k], tk.words[k + 1]
    if tk.mode == "mixed" and not (w.cap and nxt.cap):
        return False
    return nxt.low not in W.STOP and nxt.low.isalpha() and len(nxt.low) >= 3 and nxt.low not in _FACILITY_WORDS \
        and nxt.low not in _PLACE_OPENERS


def _opened_head_end(tk: Tokens, k: int) -> int:
    """The end of a facility's head one or two words after the opener at ``k`` ("Mount Vessel Hearing Center"); ``k``
    if none. Where case tells nothing, no head that is a plain English word or a clinical word unless capitalised."""
    lows = tk.lows
    for h in (k + 2, k + 3):
        if h >= len(lows) or not tk.joined(h - 1, SPACE_GAP):
            return k
        for head in _HEADS_BY_FIRST.get(lows[h], ()):
            if not _head_here(tk, h, head):
                continue
            if tk.mode == "mixed" and not tk.words[h].cap:
                break
            if tk.mode != "mixed" and (head[0] in _CAPITALISED_HEADS or " ".join(head) in _PLAIN_WORD_HEADS):
                break
            return h + len(head)
        if h == k + 2 and (tk.words[h].med or tk.words[h].low in W.STOP or tk.words[h].clin == 2
                           or not tk.joined(h - 1, SPACE_GAP)):
            return k
    return k


def _opened_alone(tk: Tokens, k: int, lx: Lexicon) -> bool:
    """ "at Mount Quenby.": the opener at ``k`` and one proper word after a preposition, closing a clause; the word no
    English or clinical list holds, or a name or a town (capitalised in mixed-case text)."""
    if k == 0 or tk.lows[k - 1] not in _OPENER_CUES or not tk.joined(k - 1, SPACE_GAP):
        return False
    w = tk.words[k + 1]
    if w.med or w.clin or (w.low in lx.common_words and not (w.strong or w.low in lx.cities)):
        return False
    return k + 2 >= len(tk.lows) or _CLAUSE_END.search(tk.gaps[k + 1]) is not None


def opened_places(tk: Tokens, lx: Lexicon, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with a facility's opener ("Mount", "Lake", "Fort") before its first word joined to it, and the
    places an opener names: one or two words and a head after it ("MOUNT VESSEL HEARING CENTER"), or one proper word
    alone after a preposition ("at Mount Quenby.")."""
    if _PLACE_OPENERS.isdisjoint(tk.present):
        return spans
    by_start = {i: x for x, (i, _) in enumerate(spans)}
    out = list(spans)
    for k in compress(count(), map(_PLACE_OPENERS.__contains__, tk.lows)):
        if not _opener(tk, k) or any(i <= k < j for i, j in spans):
            continue
        if k + 1 in by_start:
            x = by_start[k + 1]
            out[x] = (k, out[x][1])
        elif (e := _opened_head_end(tk, k)) > k:
            out.append((k, _for_tail(tk, e)))
        elif _opened_alone(tk, k, lx):
            out.append((k, k + 2))
    return out


# ---- (branch places9) towns after "near" and "outside", initials and compound names after "at", "<name> Regional"
# before a unit, and initials opening a document's letterhead

_NEAR_CUES = frozenset(["near", "outside"])
# the words of a kind of care after "Center for" where case tells nothing ("BRENHOLT CENTER FOR WEIGHT MANAGEMENT")
_CARE_WORDS = _CARE_WORDS | {"weight", "management"}
_NAME_OPENERS = _PLACE_OPENERS | _SAINTS
# what may follow a town after "near" in the same clause: "found near Halloway by EMS"
_NEAR_AFTER = frozenset(["by", "on", "at", "when", "while", "after", "around", "and", "where", "with"])
# where case tells nothing, only a preposition of where it happened ("FOUND NEAR TARROWBY BY EMS"; not "NEAR DUNMORE
# WHILE HIKING", where such a word may as well be a misspelt word)
_NEAR_AFTER_PLAIN = frozenset(["by", "on", "at"])


def _near_town_word(w: Word, mode: str, lx: Lexicon, opened: bool) -> bool:
    """A word that may name a town after "near" or "outside": no stop, clinical, generic or common English word
    (unless a town or a strong name), capitalised in mixed-case text; after an opener ("Saint", "Mount") any word
    that is no stop word."""
    if w.low in W.STOP or not w.low.replace("-", "").isalpha() or len(w.low) < 3 or w.low in W.NOT_PLACES \
            or w.low in W.CREDENTIALS or w.low in W.TITLES or _generic(w.low) or w.low in lx.shorthand:
        return False
    if mode == "mixed" and not w.cap:
        return False
    if opened:
        return not w.med
    if w.med or w.clin or w.eponym:
        return False
    return w.low in lx.cities or (w.low not in lx.common_words and (w.namelike or w.strong or w.weak))


def _near_towns(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "found near Halloway by EMS", "lives outside Tarrowby", "NEAR SAINT ORRIN, MILE MARKER 114": an opener and
    one word, or one or two town words, after "near", "outside" or "outside of", ending a clause (or before "by",
    "on", "at" ...)."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    for c in compress(count(), map(_NEAR_CUES.__contains__, lows)):
        i = c + 1 + (c + 2 < n and lows[c] == "outside" and lows[c + 1] == "of" and tk.joined(c + 1, SPACE_GAP))
        if i >= n or not tk.joined(c, SPACE_GAP) or taken[i]:
            continue
        j = i
        opened = lows[i] in _NAME_OPENERS and i + 1 < n and (words[i].cap or tk.mode != "mixed") \
            and (tk.joined(i, SPACE_GAP) or (lows[i] in _ABBREVIATED_PREFIXES and tk.gaps[i] == ". "))
        if opened:
            j += 1
        start = j
        while j < n and j - start < (1 if opened else 2) and not taken[j] \
                and (j == start or tk.joined(j - 1, SPACE_GAP)) and _near_town_word(words[j], tk.mode, lx, opened):
            j += 1
        if j == start:
            continue
        ends = j >= n or _CLAUSE_END.search(tk.gaps[j - 1]) is not None \
            or (tk.joined(j - 1, SPACE_GAP) and lows[j] in (_NEAR_AFTER if tk.mode == "mixed" else _NEAR_AFTER_PLAIN))
        if ends:
            yield i, j


def _clause_ends_after(tk: Tokens, k: int) -> bool:
    return k + 1 >= len(tk.lows) or _CLAUSE_END.search(tk.gaps[k]) is not None


def _at_names(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """After "at", closing a clause: a programme's initials of four or five capitals ("Shots Mon/Wed at QRAAI", not
    in a lowercase note, where such a word is as often a misspelling), and a compound of two proper words ("Suture
    removal in 1 week at Quenby-Halloway"; never "at Step-Down", "at follow-up")."""
    if "at" not in tk.present:
        return
    words, n = tk.words, len(tk.lows)
    for k in compress(count(1), map("at".__eq__, tk.lows[:-1])):
        w = words[k]
        if not (4 <= len(w.low) <= 5 or "-" in w.low):
            continue  # (the cheap test first: neither the initials nor the compound below can be this word)
        if taken[k] or not tk.joined(k - 1, SPACE_GAP) or not _clause_ends_after(tk, k):
            continue
        if 4 <= len(w.low) <= 5 and _initials(w, tk.mode) \
                and (tk.mode != "lower" or not any(ch in "aeiouy" for ch in w.low)):  # ("qzkmp": no vowel, no word)
            yield k, k + 1
            continue
        parts = w.low.split("-")
        if len(parts) != 2 or w.med or w.clin or (tk.mode == "mixed" and not _capital_compound(w, tk.mode)):
            continue
        if all(len(p) >= 4 and p.isalpha() and p not in lx.common_words and p not in lx.shorthand
               and p not in W.STOP for p in parts) and k < n:
            yield k, k + 1


# what follows a hospital named "<name> Regional": its unit ("back-transfer to Orrinvale Regional Level II nursery")
_REGIONAL_UNITS = frozenset(_misread(["level", "nursery", "nicu", "scn", "icu", "ed", "er", "special", "newborn",
                                      "birthing", "maternity", "labor", "trauma", "ccu", "picu"])) | {"leve"}
# (a scan's "Leve1 II", "Nurscry": the digit is no part of a token)


def _regional_units(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """ "<name> Regional" before a unit of the hospital ("Orrinvale Regional Level II nursery", "KELLAM REGIONAL
    NICU"): the name and "Regional" (capitalised in mixed-case text), not the unit."""
    lows, words = tk.lows, tk.words
    if "regional" not in tk.present:
        return
    for k in compress(count(1), map("regional".__eq__, lows[1:-1])):
        if lows[k + 1] not in _REGIONAL_UNITS or not tk.joined(k - 1, SPACE_GAP) or not tk.joined(k, SPACE_GAP) \
                or taken[k - 1] or taken[k]:
            continue
        p = words[k - 1]
        if tk.mode == "mixed" and not (words[k].cap and p.cap):
            continue
        if p.low in W.STOP or p.med or p.clin == 2 or _generic(p.low):
            continue
        if (_proper(p, lx) if tk.mode == "mixed" else (_named(p, lx) or toponymic(p))) or p.low in lx.cities:
            yield k - 1, k + 1


# the words of a document's title in its letterhead's line: "yhqm spiritual care - chaplain progress note"
_TITLE_WORDS = frozenset(["note", "notes", "progress", "consult", "consultation", "assessment", "visit", "report",
                          "summary", "evaluation", "fitting", "letter", "record", "documentation", "encounter",
                          "intake", "referral"])
_TITLE_GAPS = (" - ", " | ", " – ", " — ", " -- ")


def _letterhead_opening(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """Initials that open a document's first line, one to three words (a department) then " - " or " | " and a
    document's title on that line ("yhqm spiritual care - chaplain progress note", "QRH Spiritual Care | Chaplain
    Visit Note"): a hospital's letters (in a lowercase line, four or five letters no list holds)."""
    n = len(tk.lows)
    if n < 4 or taken[0]:
        return
    w = tk.words[0]
    if not 3 <= len(w.low) <= 5:
        return
    lx = lexicon()
    lowered = w.word.islower() and not w.med and not w.clin and w.low not in lx.common_words \
        and w.low not in lx.shorthand and not w.typo and w.low.isalpha() and len(w.low) >= 4
    if not (_initials(w, tk.mode) or lowered):
        return
    e = 1
    while e < n and e <= 3 and tk.gaps[e - 1] == " ":
        e += 1
    if e >= n or e == 1 or tk.gaps[e - 1] not in _TITLE_GAPS:
        return
    m = e
    while m < n and (m == e or "\n" not in tk.gaps[m - 1]):
        if tk.lows[m] in _TITLE_WORDS:
            yield 0, 1
            return
        m += 1


def places9_spans(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """The places branch places9 reads (each gated by a word the text must hold)."""
    lx = lexicon()
    if not _NEAR_CUES.isdisjoint(tk.present):
        yield from _near_towns(tk, taken, lx)
    yield from _at_names(tk, taken, lx)
    yield from _regional_units(tk, taken, lx)
    yield from _letterhead_opening(tk, taken)
    if not _DOCTOR_TITLES.isdisjoint(tk.present):
        yield from _doctor_towns(tk, taken, lx)


# ---- (branch places9) a town after a physician's name in a form's answer: "PCP: Dr. Tarrow, Kellam",
# "under a physician's care? y - dr. tarrow, lake dunmere" (not "Dr. Tarrow, cardiology", "Dr. Roe, Jane")
_DOCTOR_TITLES = frozenset(["dr", "doctor"])


def _field_before(tk: Tokens, k: int) -> bool:
    """A form's label (a colon or a question mark) before token ``k`` on its line."""
    for m in range(k - 1, max(-1, k - 12), -1):
        gap = tk.gaps[m]
        if ":" in gap or "?" in gap:
            return True
        if "\n" in gap:
            return False
    return k < 12  # (the text's first line: no gap before its first token)


def _doctor_towns(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    for k in compress(count(), map(_DOCTOR_TITLES.__contains__, lows)):
        i = k + 2
        if i >= n or tk.gaps[k] not in (". ", " ") or tk.gaps[k + 1] not in (", ", ",") or taken[i]:
            continue
        # (a form's answer may be written in lowercase in a mixed-case note: a word no English list holds then)
        lower = tk.mode == "mixed" and words[i].word.islower()
        opened = lows[i] in _NAME_OPENERS and i + 1 < n and tk.joined(i, SPACE_GAP) \
            and (words[i].cap or tk.mode != "mixed" or lower)
        j = i + opened
        w = words[j]
        if not _near_town_word(w, "lower" if lower else tk.mode, lx, opened) or (w.first and w.low not in lx.cities) \
                or w.low in _STATE_ABBREVIATIONS_LOW or w.low in lx.shorthand:
            continue
        j += 1
        end = j >= n or "\n" in tk.gaps[j - 1] or tk.gaps[j - 1].strip(" \t") in (";", ".", "|")
        if end and _field_before(tk, k):
            yield i, j


# ---- (branch places10) letterheads of a clinic's kind, ships, towns that name an event, travel and trailheads

# the heads of a letterhead's organisation on a document's first lines: "Tellwick Dermatology & Laser | Treatment
# Record", "DUNVALE VETERANS EVALUATION SERVICES | ...", "Carrick C&P Clinic", "West Carrick Hyperbaric Medicine"
_LETTERHEAD_HEADS = (("aesthetics",), ("dermatology", "laser"), ("evaluation", "services"), ("c", "p", "clinic"),
                     ("hyperbaric", "medicine"), ("med", "spa"), ("medical", "spa"), ("laser", "center"),
                     ("laser", "clinic"), ("laser", "centre"), ("aesthetic", "center"), ("skin", "and", "laser"))
_LETTERHEAD_LAST = frozenset(h[-1] for h in _LETTERHEAD_HEADS)
_LETTERHEAD_NAME_GAPS = frozenset([" ", "&", " & ", "-"])
_LETTERHEAD_OPENERS = _PLACE_OPENERS | _SAINTS | _COMPASS | {"old", "new", "port"}


def _letterhead10_line(tk: Tokens, i: int, lx: Lexicon) -> int:
    """The end of a clinic's name that fills the line from token ``i`` to its end or to " | " / " - " (a title
    after); ``i`` if none. The name ends with a letterhead's head and holds a proper word before it."""
    n, lows = len(tk.lows), tk.lows
    e = i
    while e < n and e - i < 7 and tk.gaps[e] in _LETTERHEAD_NAME_GAPS:
        e += 1
    if e >= n or lows[e] not in _LETTERHEAD_LAST:
        return i
    gap = tk.gaps[e]
    if not (gap in _TITLE_GAPS or "\n" in gap or e + 1 >= n):
        return i
    for head in _LETTERHEAD_HEADS:
        h = e + 1 - len(head)
        if h <= i or tuple(lows[h : e + 1]) != head:
            continue
        name = tk.words[i:h]
        if any(_near_town_word(w, tk.mode, lx, False) or (w.low in lx.cities and not w.med) for w in name) \
                and all(w.low in _LETTERHEAD_OPENERS or not (w.med or w.clin == 2) for w in name):
            return e + 1
    return i


def _letterheads10(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    """A clinic's name (a proper word and a head: "Aesthetics", "Dermatology & Laser", "Hyperbaric Medicine") that
    opens one of a document's first three lines, before " | " or " - " and a title, or alone on its line."""
    if _LETTERHEAD_LAST.isdisjoint(tk.present):
        return
    i, line, n = 0, 0, len(tk.lows)
    while i < n and line < 3:
        if (e := _letterhead10_line(tk, i, lx)) > i and not all(taken[i:e]):
            yield i, e  # (over a name found in part: "Tellwick Dermatology" of "... & Laser")
        while i < n and "\n" not in tk.gaps[i]:
            i += 1
        i += 1
        line += 1


# ships: a proper word and a ship's word after "aboard (the)", "MV", "MS", or before "(IMO ...)"
_SHIP_WORDS = frozenset(["princess", "voyager", "star", "spirit", "explorer", "majesty", "serenade", "navigator",
                         "odyssey", "jewel", "legend", "splendor", "splendour", "harmony", "enchantment", "horizon",
                         "pearl", "queen", "empress", "glory", "grandeur", "radiance", "adventurer", "mariner",
                         "discovery", "voyageur", "allure", "oasis", "symphony", "wonder", "breeze", "dawn"])
_SHIP_CUES = frozenset(["aboard", "mv", "ms", "imo"])
_P10_THE = frozenset(["the", "thc"])  # (a scan's "thc")


def _ship_name(tk: Tokens, i: int, lx: Lexicon) -> int:
    """The end of a ship's name from token ``i``: one or two proper words and a ship's word; ``i`` if none."""
    n, words = len(tk.lows), tk.words
    for e in (i + 1, i + 2):
        if e >= n or not tk.joined(e - 1, SPACE_GAP) or tk.lows[e] not in _SHIP_WORDS:
            continue
        if tk.mode == "mixed" and not all(w.cap for w in words[i : e + 1]):
            continue
        if all(_near_town_word(w, tk.mode, lx, False) for w in words[i:e]):
            return e + 1
    return i


def _ships(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    lows, n = tk.lows, len(tk.lows)
    for k in compress(count(), map(_SHIP_CUES.__contains__, lows)):
        if lows[k] == "imo":
            if k >= 2 and tk.gaps[k - 1] in (" (", "(", " ( ") and lows[k - 1] in _SHIP_WORDS:
                for i in (k - 2, k - 3):
                    if i >= 0 and not taken[i] and _ship_name(tk, i, lx) == k:
                        yield i, k
                        break
            continue
        if lows[k] in ("mv", "ms") and tk.mode == "mixed" and tk.words[k].word not in ("MV", "MS", "M.V", "M.S"):
            continue
        i = k + 1
        if i < n and lows[k] == "aboard" and lows[i] in _P10_THE and tk.joined(k, SPACE_GAP):
            i += 1
        if i < n and tk.joined(i - 1, SPACE_GAP) and not taken[i] and (e := _ship_name(tk, i, lx)) > i:
            yield i, e


# events a town names: "Carrickton Turkey Trot", "at the Fort Brasmere Half Marathon" (the town, not the event)
_EVENT_HEADS = (("turkey", "trot"), ("half", "marathon"), ("marathon",), ("triathlon",), ("fun", "run"), ("k",),
                ("ultramarathon",), ("duathlon",))
_EVENT_FIRST = frozenset(h[0] for h in _EVENT_HEADS)
_KM_GAP = re.compile(r" \d{1,3}$")  # "Carrickton 10K": the digits are no token


def _events(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    lows, words = tk.lows, tk.words
    for h in compress(count(), map(_EVENT_FIRST.__contains__, lows)):
        if h == 0 or not any(tuple(lows[h : h + len(e)]) == e for e in _EVENT_HEADS):
            continue
        if lows[h] == "k":
            if not _KM_GAP.search(tk.gaps[h - 1]):
                continue
        elif not tk.joined(h - 1, SPACE_GAP):
            continue
        if tk.mode == "mixed" and not (words[h].cap or lows[h] == "k"):
            continue
        for i in (h - 1, h - 2):
            if i < 0 or taken[i] or (i < h - 1 and not tk.joined(i, SPACE_GAP)):
                break
            opened = i < h - 1 and lows[i] in _LETTERHEAD_OPENERS and (words[i].cap or tk.mode != "mixed")
            if i < h - 1 and not opened:
                break
            if not _near_town_word(words[h - 1], tk.mode, lx, opened):
                break
            first = i == 0 or ("\n" in tk.gaps[i - 1] and "\n" not in "".join(tk.gaps[:i - 1]))
            at = i >= 1 and tk.joined(i - 1, SPACE_GAP) and (
                lows[i - 1] == "at" or (lows[i - 1] in _P10_THE and i >= 2 and lows[i - 2] == "at"))
            if first or at:
                yield i, h
                break


# towns in travel and rescue: "disembarked at Tellwickport", "drove him from OLD DUNVALE", "port of call Brasmere";
# a proper word (and "Creek", "Gap" ...) before "Trailhead"; "found near Carrick Lake"
_TRAVEL10_CUES = (("disembarked", "at"), ("embarked", "at"), ("drove", "him", "from"), ("drove", "her", "from"),
                ("drove", "them", "from"), ("port", "of", "call"), ("ports", "of", "call"))
_TRAVEL_LAST = frozenset(c[-1] for c in _TRAVEL10_CUES)
_TRAVEL_GATE = frozenset(["disembarked", "embarked", "drove", "call"])
_GEO_WORDS = frozenset(["creek", "gap", "ridge", "lake", "peak", "falls", "canyon", "notch", "hollow", "pass",
                        "summit", "mountain", "knob", "bluff"])


def _travel_towns(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    for c in compress(count(), map(_TRAVEL_LAST.__contains__, lows)):
        cue = next((t for t in _TRAVEL10_CUES if c + 1 >= len(t) and tuple(lows[c + 1 - len(t) : c + 1]) == t
                    and all(tk.joined(m, SPACE_GAP) for m in range(c + 1 - len(t), c))), None)
        if cue is None or c + 1 >= n or not (tk.joined(c, SPACE_GAP) or tk.gaps[c] in (": ", ", ")):
            continue
        i = c + 1
        opened = lows[i] in _LETTERHEAD_OPENERS and i + 1 < n and tk.joined(i, SPACE_GAP) \
            and (words[i].cap or tk.mode != "mixed")
        j = start = i + opened
        while j < n and j - start < (1 if opened else 2) and not taken[j] \
                and (j == start or tk.joined(j - 1, SPACE_GAP)) and _near_town_word(words[j], tk.mode, lx, opened):
            j += 1
        if j > start and not taken[i]:
            yield i, j


def _trailheads(tk: Tokens, taken: list[bool], lx: Lexicon) -> Iterator[tuple[int, int]]:
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    if "trailhead" in tk.present:
        for k in compress(count(), map("trailhead".__eq__, lows)):
            i = k - 1
            if i >= 1 and lows[i] in _GEO_WORDS and tk.joined(i - 1, SPACE_GAP) and tk.joined(i, SPACE_GAP):
                i -= 1
            elif i < 0 or not tk.joined(i, SPACE_GAP):
                continue
            if not all(taken[i : k + 1]) and _near_town_word(words[i], tk.mode, lx, False):
                yield i, k + 1  # (over "<name> Gap" found already)
    if "near" in tk.present and not _GEO_WORDS.isdisjoint(tk.present):
        for k in compress(count(), map("near".__eq__, lows)):
            if k + 2 >= n or lows[k + 2] not in _GEO_WORDS or taken[k + 1] \
                    or not (tk.joined(k, SPACE_GAP) and tk.joined(k + 1, SPACE_GAP)):
                continue
            if tk.mode == "mixed" and not words[k + 2].cap:
                continue
            if _near_town_word(words[k + 1], tk.mode, lx, False) and _clause_ends_after(tk, k + 2):
                yield k + 1, k + 3


# a scan's misreadings of the cue words above ("Dlsembarked", "Serenadc"), to
# the word; none that is itself an English or clinical word
_P10_CUE_WORDS = ["aboard", "disembarked", "embarked", "drove", "trailhead", "marathon", "triathlon", "turkey",
                  "trot", "aesthetics", "dermatology", "laser", "hyperbaric", "medicine", "evaluation", "services",
                  "clinic", "explorer", "serenade", "navigator", "voyager", "princess", "majesty", "spirit", "creek"]
_P10_MISREAD: dict[str, str] = {}


def _p10_misread() -> dict[str, str]:
    if not _P10_MISREAD:
        lx = lexicon()
        _P10_MISREAD.update({k: v for k, v in _misread(_P10_CUE_WORDS).items() if k != v and k not in
                             lx.common_words and k not in lx.clinical and k not in lx.shorthand and k not in W.STOP})
    return _P10_MISREAD


def places10_spans(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """The places branch places10 reads (each gated by a word the text must hold); a scan's misread cue words read
    as the words."""
    lx = lexicon()
    misread = _p10_misread()
    if not tk.present.isdisjoint(misread):
        lows = [misread.get(w, w) for w in tk.lows]
        tk = dataclasses.replace(tk, lows=lows, present=frozenset(lows))
    yield from _letterheads10(tk, taken, lx)
    if not _SHIP_CUES.isdisjoint(tk.present):
        yield from _ships(tk, taken, lx)
    if not _EVENT_FIRST.isdisjoint(tk.present):
        yield from _events(tk, taken, lx)
    if not _TRAVEL_GATE.isdisjoint(tk.present):
        yield from _travel_towns(tk, taken, lx)
    yield from _trailheads(tk, taken, lx)
