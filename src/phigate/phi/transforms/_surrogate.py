"""Realistic, consistent fakes: the same original gives the same surrogate for one patient of one tenant.

Each surrogate is chosen by a keyed HMAC of (secret, tenant, patient, type, normalised original), keeps the
original's shape (letter case, digit layout, name gender where known, length class) and never equals it.
"""

from __future__ import annotations

import functools
import re

from phigate.phi._types import PhiType
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._words import FACILITY_HEADS
from phigate.phi.safe_harbor import AGE_IN_WORDS
from phigate.phi.transforms._keys import derive, pick

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _ordinal(n: int) -> str:
    """ "91st", "92nd", "93rd", "97th" (and "111th", "112th", "113th")."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@functools.cache
def _pools() -> dict[str, tuple[str, ...]]:
    lx = lexicon()
    first = {
        g: tuple(n for n, gg in lx.first_names.items() if gg == g and len(n) > 2 and n not in lx.common_words)
        for g in ("M", "F", "U")
    }
    last = tuple(n for n, r in lx.last_names.items() if r <= 3000 and len(n) > 2 and n not in lx.common_words)
    cities = tuple(sorted(c for c in lx.cities if " " not in c and len(c) > 4 and c not in lx.common_words))[
        ::7
    ]
    zips = tuple(sorted(lx.zip_codes))
    return {
        "first_M": first["M"],
        "first_F": first["F"],
        "first_U": first["U"] or first["F"],
        "last": last,
        "city": cities,
        "zip": zips,
    }


def _like_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template.islower():
        return word.lower()
    return word.capitalize()


def _choose(pool: tuple[str, ...], seed: bytes, original: str) -> str:
    target = len(original)
    for salt in range(12):
        cand = pool[pick(seed, len(pool), salt)]
        if cand != original.lower() and (abs(len(cand) - target) <= 2 or salt >= 8):
            return cand
    return pool[pick(seed, len(pool), 99)]


def _digits_like(value: str, seed: bytes) -> str:
    """Replace every digit and letter, keep separators: format-preserving and never the original."""
    for salt in range(8):
        out = []
        stream = derive(seed, "digits", str(salt))
        for i, ch in enumerate(value):
            b = stream[i % len(stream)] ^ (i // len(stream))
            if ch.isdigit():
                out.append(str(b % 10))
            elif ch.isalpha() and ch.isascii():
                letter = _LETTERS[b % len(_LETTERS)]
                out.append(letter if ch.isupper() else letter.lower())
            else:
                out.append(ch)
        result = "".join(out)
        if result != value:
            return result
    return "0" * len(value)


def _name(value: str, key: bytes) -> str:
    pools = _pools()
    lx = lexicon()

    def one(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if len(word) == 1:
            return _like_case(word, _LETTERS[pick(derive(key, "initial", low), len(_LETTERS))])
        seed = derive(key, "name", low)
        gender = lx.first_names.get(low)
        pool = pools[f"first_{gender}"] if gender and low not in lx.last_names else pools["last"]
        if gender and low in lx.last_names and lx.last_names[low] > 2000:
            pool = pools[f"first_{gender}"]
        return _like_case(word, _choose(pool, seed, word))

    return _TOKEN.sub(one, value)


def _location(value: str, key: bytes) -> str:
    low = value.lower()
    head = next((h for h in FACILITY_HEADS if low.endswith(h)), None)
    if head is not None or low.endswith(" county"):
        suffix = value[len(value) - len(head) :] if head else value[-len(" county") :]
        stem = value[: len(value) - len(suffix)]
        return _name(stem, derive(key, "facility")) + suffix if stem.strip() else value
    seed = derive(key, "city", " ".join(low.split()))
    city = _choose(_pools()["city"], seed, value)
    return (
        _like_case(value.split(maxsplit=1)[0], city) if value.isupper() or value.islower() else city.title()
    )


# the words of an address that say what it is, not where: a unit's label
_UNIT_WORDS = frozenset(["apt", "unit", "suite", "ste", "fl", "floor", "rm", "room", "bldg", "lot", "spc", "space",
                         "trailer", "rear", "upper", "lower"])


def _street_type_at(words: list[str], i: int) -> bool:
    """Whether word ``i`` is the street's type: a USPS street suffix that ends the street, before the end, a comma, a
    unit's label or its number ("Elm Street", "Old Mill Road", "Oak St Apt 4", "Quarry Ter, Flaviuton": not "Mill"
    before "Road", and never a town after the comma)."""
    w = words[i]
    if w.rstrip(",.").lower() not in lexicon().street_suffixes:
        return False
    if i == len(words) - 1 or w.endswith(","):
        return True
    nxt = words[i + 1].lower().rstrip(",.")
    return nxt in _UNIT_WORDS or nxt.startswith("#") or any(c.isdigit() for c in nxt)


def _address(value: str, key: bytes) -> str:
    """Every word of an address but its street type and a unit's label is replaced: the street's name, and a town
    written inside the address after a comma ("3372 East Quarry Ter, Flaviuton": the town kept its name in surrogate
    output while the engine had found it)."""
    words = value.split(" ")
    out = []
    for i, w in enumerate(words):
        bare = w.rstrip(",.")
        if any(c.isdigit() for c in w):
            out.append(_digits_like(w, derive(key, "addr-num", w)))
        elif (
            (len(words) == 1 or not _street_type_at(words, i))
            and bare.isalpha()
            and len(bare) > 1
            and bare.lower() not in _UNIT_WORDS
        ):
            out.append(_like_case(bare, _choose(_pools()["last"], derive(key, "street", bare.lower()), bare))
                       + w[len(bare):])
        else:
            out.append(w)
    return " ".join(out)


def surrogate(value: str, typ: PhiType, key: bytes) -> str:
    """A realistic replacement for ``value``; ``key`` is already bound to the secret, tenant and patient."""
    key = derive(key, str(typ))
    if typ is PhiType.NAME:
        return _name(value, key)
    if typ is PhiType.LOCATION:
        return _location(value, key)
    if typ is PhiType.ADDRESS:
        return _address(value, key)
    if typ is PhiType.ZIP:
        pool = _pools()["zip"]
        z = pool[pick(derive(key, value[:5]), len(pool))]
        z = z if z != value[:5] else pool[pick(derive(key, value[:5]), len(pool), 1)]
        return z + (_digits_like(value[5:], derive(key, value)) if len(value) > 5 else "")
    if typ is PhiType.EMAIL:
        seed = derive(key, value.lower())
        pools = _pools()
        return f"{_choose(pools['first_U'], seed, '')}.{_choose(pools['last'], seed, '')}@example.org"
    if typ is PhiType.URL:
        return "https://example.org/" + derive(key, value).hex()[:12]
    if typ is PhiType.IP:
        d = derive(key, value)
        if ":" in value:
            return f"2001:db8::{d[0]:x}{d[1]:02x}"
        return f"192.0.2.{1 + d[0] % 254}"
    if typ is PhiType.AGE:
        m = re.search(r"\d+", value) or AGE_IN_WORDS.search(value)  # "aged ninety one" -> "aged 97"
        if m is None:  # an age no pattern reads is replaced whole: nothing of it is kept
            return str(90 + pick(derive(key, value.lower()), 15))
        new = 90 + pick(derive(key, m.group().lower()), 15)
        new = new if str(new) != m.group() else new + 1
        ordinal = re.search(r"(?i)(?:th|first|second|third)$", m.group()) is not None  # "ninetieth" -> "97th"
        return value[: m.start()] + (_ordinal(new) if ordinal else str(new)) + value[m.end() :]
    return _digits_like(value, derive(key, value))
