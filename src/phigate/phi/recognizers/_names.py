"""Names, places and facilities: dictionaries steered by context, on word tokens, whatever the letter case.

Capitalisation is a hint only in mixed-case text; ALL-CAPS and all-lowercase notes rely on the dictionaries
and the context words (titles, "pt", relatives, "lives in", credentials after a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress, count

from phigate.phi._types import PhiType
from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._places import city_at, city_before_state, facilities, places, unknown_places
from phigate.phi.recognizers._tokens import SEEDABLE, SPACE_GAP, Tok, Tokens, gap, tokenize

__all__ = ["Tokens", "find", "propagate", "tokenize"]

_TRIGGER_GAP = re.compile(r"[ \t:,]{1,4}|[ \t]\w{1,3}[ \t]|,?[ \t]*\r?\n[ \t]*")  # a sign-off may end its line
# "Erkki is a 95 year old woman": a name introduced by its age
_AGE_AFTER = re.compile(r"[ \t]{1,2}(?:is|was)[ \t]{1,2}an?[ \t]{1,2}\d{1,3}[ \t-]{0,2}(?:years?|yrs?|y/?o|yo)\b", re.I)
# "I, Daiga Claesson, consent": a signer introducing themself
_SIGNER_GAP = ", "


_CONTEXT_WORDS = W.TITLES | W.NAME_TRIGGERS | {"i"}  # a name's context starts with one of these


def _context(toks: list[Tok], i: int, text: str) -> str:
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


def _credential_after(toks: list[Tok], i: int, text: str) -> bool:
    n = i + 1
    return (
        n < len(toks)
        and toks[n].low in W.CREDENTIALS
        and text[toks[i].end : toks[n].start] in (", ", " ", ",")
    )


def _names(text: str, toks: list[Tok], mode: str) -> Iterator[tuple[int, int, bool]]:
    """Yield token index ranges ``[i, j)`` that are person names."""
    n = len(toks)
    floor = 0  # the first token after the last name found, which a later name may not reach back past
    # only a token that is a name, name-like or capitalised can start one (selected without a Python loop)
    for candidate in compress(range(n), map(SEEDABLE, toks)):
        if candidate < floor:
            continue
        i = candidate
        t = toks[i]
        ctx = (
            _context(toks, i, text)
            if i and (toks[i - 1].low in _CONTEXT_WORDS or (i > 1 and toks[i - 2].low in W.NAME_TRIGGERS))
            else ""
        )
        place_ctx = i > 0 and toks[i - 1].low in W.CITY_TRIGGERS and city_at(toks, i)
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
                and gap(text, t, toks[i + 1], SPACE_GAP)
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
                and gap(text, t, toks[i + 1])
            )
        )
        if not seed:
            continue
        j = i + 1
        while j < n and j - i < 4 and gap(text, toks[j - 1], toks[j]):
            nxt = toks[j]
            between = text[toks[j - 1].end : nxt.start]
            comma = "," in between
            if "." in between and len(toks[j - 1].low) > 1:
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
            and gap(text, toks[i - 1], t, SPACE_GAP)
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
                and gap(text, toks[i - 1], toks[i], SPACE_GAP)
            ):
                i -= 1
        # a lone initial is not a name, nor "Vermont" or "Self" alone in a name's place
        alone = toks[i].low if j - i == 1 else ""
        if not (len(alone) == 1 or alone in W.NOT_PLACES or alone in W.FORM_VALUES):
            clinician = (ctx == "title" and toks[i - 1].low in W.CLINICIAN_TITLES) or (
                j < n and toks[j].low in W.CREDENTIALS and gap(text, toks[j - 1], toks[j])
            )
            yield i, j, clinician
        floor = j


def find(text: str, tokens: Tokens | None = None) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, layer)`` for names, places and facilities."""
    lx = lexicon()
    tokens = tokens or tokenize(text)
    toks, lows, mode = tokens.words, tokens.lows, tokens.mode
    taken = [False] * len(toks)
    for i, j in facilities(text, toks, lows, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j in city_before_state(text, toks, lows, taken, lx):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "context"
    for i, j, clinician in _names(text, toks, mode):
        if any(taken[i:j]):
            continue
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.NAME, "clinician" if clinician else "dictionary"
    for i, j in places(text, toks, lows, taken, lx, mode):
        taken[i:j] = [True] * (j - i)
        yield toks[i].start, toks[j - 1].end, PhiType.LOCATION, "dictionary"
    for i, j in unknown_places(text, toks, lows, taken, mode):
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

