"""The dictionaries the recognizers consult, loaded lazily from ``phigate/phi/data`` once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    first_names: dict[str, str]  # lowercase name -> "M", "F" or "U"
    last_names: dict[str, int]  # lowercase name -> census rank (1 = most frequent)
    common_words: frozenset[str]  # English words common enough that a name spelled like one needs context
    medical: frozenset[str]  # clinical vocabulary: never a name or a place without a title
    eponyms: frozenset[str]  # Parkinson, Foley: not a name when a clinical noun follows
    cities: frozenset[str]  # lowercase city names, multi-word ones joined by single spaces
    city_first_words: frozenset[str]  # first word of every multi-word city, to start n-gram look-ups cheaply
    place_starts: frozenset[str]  # every word a city or county look-up may start on
    city_pairs: frozenset[str]  # the first two words of every multi-word city ("san antonio", "baton rouge")
    counties: frozenset[str]
    zip_codes: frozenset[str]
    clinical: frozenset[str]  # drug names, clinical and rarer English words: weak evidence against a name
    shorthand: frozenset[str]  # ICU and nursing shorthand (the same script): strong evidence against a name
    zipf: dict[str, int]  # how common a word is in English: wordfreq's Zipf value times ten (absent: rarer than 1)
    # USPS Publication 28 street suffixes, every form lowercased -> whether it is the primary name ("run": True,
    # "xing": False)
    street_suffixes: dict[str, bool]


def _lines(name: str) -> list[str]:
    raw = resources.files("phigate.phi").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    if "#" not in raw:  # the large lists have no comments: drop the blank lines without a Python loop
        return list(filter(None, raw.splitlines()))
    return [ln for ln in raw.splitlines() if ln and not ln.startswith("#")]


@functools.cache
def lexicon() -> Lexicon:
    """Load every dictionary, once per process (about 0.25 cpu-s: some 600,000 words and their sets)."""
    first = dict(zip(*_columns("first_names.tsv"), strict=True))
    surnames = _lines("last_names.txt")
    last = dict(zip(surnames, range(1, len(surnames) + 1), strict=True))
    medical = frozenset(w for ln in _lines("medical_terms.txt") for w in ln.split())
    cities = frozenset(_lines("cities.txt"))
    multi_word = [c.split(" ", 2) for c in cities if " " in c]
    first_words = frozenset(words[0] for words in multi_word)
    words, zipf = _columns("zipf.tsv")
    return Lexicon(
        first_names=first,
        last_names=last,
        common_words=frozenset(_lines("common_words.txt")),
        medical=medical,
        eponyms=frozenset(w for ln in _lines("eponyms.txt") for w in ln.split()),
        cities=cities,
        city_first_words=first_words,
        place_starts=cities | first_words | {"county"},
        city_pairs=frozenset(f"{words[0]} {words[1]}" for words in multi_word),
        counties=frozenset(_lines("counties.txt")),
        zip_codes=frozenset(_lines("zip_codes.txt")),
        clinical=frozenset(_lines("clinical.txt")),
        shorthand=frozenset(_lines("icu_shorthand.txt")),
        zipf=dict(zip(words, map(int, zipf), strict=True)),
        street_suffixes=_street_suffixes(),
    )


def _street_suffixes() -> dict[str, bool]:
    rows = [line.lower().split() for line in _lines("street_suffixes.txt")]
    forms = {form: False for row in rows for form in row[1:]}
    return forms | {row[0]: True for row in rows}  # "park" is a primary name, and an abbreviation of "parks"


def _columns(name: str) -> tuple[list[str], list[str]]:
    """A two-column file (word, tab, value) as its words and its values, split in C: one ``split`` of the whole file
    rather than one per line (the zipf list has 85,000 lines, and this is start-up time of every command)."""
    lines = _lines(name)
    fields = "\t".join(lines).split("\t")
    if len(fields) != 2 * len(lines):
        raise ValueError(f"{name}: every line must be a word, a tab and a value")
    return fields[0::2], fields[1::2]
