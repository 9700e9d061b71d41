"""The RE2 scan in runs gives the matches of the one alternation it splits (speed work must change no decision).

The scan's alternatives are compiled as several automata over contiguous runs and merged in priority order
(``_structured._byte_spans``). The reference here is the straightforward form: one automaton for the whole
alternation, searched leftmost-first from the end of each match. Both must give the same spans on documents of every
template of the train part, on hits that tie at one start across runs, and on text longer than a search slice.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
import re2

from phigate.phi.recognizers import _structured as S
from tests.vectors.phi.corpus import generate


def _whole() -> Any:
    opts = re2.Options()
    opts.max_mem = 64 << 20
    return re2.compile(re.sub(r"\(\?P<\w+>", "(?:", S._pattern()), opts)._regexp


_WHOLE = _whole()


def _reference(data: bytes) -> Iterator[tuple[int, int]]:
    pos = 0
    while pos <= len(data):
        s, e = _WHOLE.Match(re2._re2.RE2.Anchor.UNANCHORED, data, pos, len(data))[0]
        if s < 0:
            return
        if e > s:
            yield s, e
        pos = e if e > s else e + 1


def _same(text: str) -> None:
    data = text.encode("utf-8", "replace")
    assert list(S._byte_spans(data)) == list(_reference(data))


def test_the_scan_is_split_into_runs() -> None:
    assert len(S._compiled()) > 1  # else this file tests nothing


@pytest.mark.parametrize("seed", [3, 7])
def test_runs_match_the_whole_alternation_on_the_train_part(seed: int) -> None:
    docs = generate(120, seed=seed, part="train")
    for doc in docs:
        _same(doc.text)


def test_runs_match_where_hits_of_several_runs_start_together() -> None:
    # a labelled identifier (an early run) and the bare identifier shapes (the last run) start on the same word;
    # a date and an age, an address and its ZIP code, a phone and an extension overlap
    text = ("MRN 44812093 Acct# 5521-0093 DOB 03/04/1931 (94) 94 y/o F seen 12/6; 88 Orrin Rd, Dunholt, ME 04011-2231 "
            "Phone: 207-555-0142 ext 22 Ext. 4471 VIN 1FTFW1ET5DFC10312 plate reads 4KTR19 on Christmas Eve '98 "
            "MI 92 #448812 448812 (MRN) 2001:db8::1 10.0.0.12 jane.roe@example.org www.example.org/a?b=1\n")
    _same(text)
    _same(text.upper())
    _same(text.lower())


def test_runs_match_across_search_slices() -> None:
    rng = random.Random(5)
    pieces = ["MRN 44812093 ", "12/06/2026 ", "lasix 40mg ", "207-555-0142 ", "a" * 40 + " ", "94 y/o ",
              "http://example.org/" + "x" * 1_500 + " ", "Dunholt, ME 04011 ", "é ", "\n"]
    text = "".join(rng.choice(pieces) for _ in range(3_000))
    assert len(text.encode()) > 3 * S._SLICE
    _same(text)
