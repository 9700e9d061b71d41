"""The recognizers: validated patterns, dictionaries with context, and values the caller already knows.

``find_all`` runs every layer and resolves overlaps into a sorted list of disjoint candidates.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from phigate.errors import PhiError
from phigate.phi._types import KnownPhi, KnownSpan, PhiType, Thresholds, phi_type
from phigate.phi.recognizers import _hl7, _names, _scorer, _structured, _topics
from phigate.phi.recognizers._ocr import ocr_digits, ocr_letters
from phigate.phi.recognizers._tokens import case_mode
from phigate.phi.recognizers._words import STOP

Candidate = tuple[int, int, PhiType, str]  # start, end, type, layer
_PRIORITY = {"known": 4, "field": 4, "rule": 3, "context": 3, "clinician": 2, "dictionary": 2, "plugin": 1}


@runtime_checkable
class Recognizer(Protocol):
    """A pluggable extra layer (for example an NER model shipped as a package): text in, candidates out."""

    def find(self, text: str) -> Iterable[Candidate]: ...


def _known(text: str, known: Iterable[KnownPhi | KnownSpan]) -> Iterator[Candidate]:
    """Spans the caller located, as they are, then every occurrence of every known value anywhere in the text."""
    values: dict[str, PhiType] = {}
    for k in known:
        if isinstance(k, KnownPhi):
            value, typ = k.value.strip(), k.type
        else:
            if not (isinstance(k.start, int) and isinstance(k.end, int) and 0 <= k.start <= k.end <= len(text)):
                raise PhiError("a known PHI span lies outside the text it was given with")
            typ = phi_type(k.category)
            if k.end > k.start:
                yield k.start, k.end, typ, "known"
            value = text[k.start : k.end].strip()
        if len(value) >= 2:
            values.setdefault(value.lower(), typ)
        if typ is PhiType.NAME:  # "DOE^JANE^Q" or "Jane Doe": each part of a name is PHI on its own
            for part in re.split(r"[\s^,]+", value):
                if len(part) >= 3 and part.lower() not in STOP:
                    values.setdefault(part.lower(), typ)
    if not values:
        return
    ordered = sorted(values, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)", re.IGNORECASE)
    for m in pattern.finditer(text):
        yield m.start(), m.end(), values[m.group().lower()], "known"


def _rank(c: Candidate) -> tuple[int, int, int]:
    return (-_PRIORITY.get(c[3], 0), c[0] - c[1], c[0])


def _resolve_cluster(cluster: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for cand in sorted(cluster, key=_rank):
        start, end = cand[0], cand[1]
        for k in kept:
            if start < k[1] and k[0] < end:
                break  # overlaps a span already kept
        else:
            kept.append(cand)
    kept.sort()
    return kept


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Disjoint spans: the more trusted layer wins an overlap, then the longer span, then the earlier one.

    Greedy in that order, run separately on each group of mutually overlapping candidates (the choices in one
    group cannot affect another), so the cost stays linear in the number of candidates.
    """
    ordered = sorted(c for c in candidates if c[1] > c[0])
    out: list[Candidate] = []
    cluster: list[Candidate] = []
    reach = -1
    for cand in ordered:
        if cluster and cand[0] >= reach:
            out.extend(cluster if len(cluster) == 1 else _resolve_cluster(cluster))
            cluster = []
        cluster.append(cand)
        reach = max(reach, cand[1]) if len(cluster) > 1 else cand[1]
    if cluster:
        out.extend(cluster if len(cluster) == 1 else _resolve_cluster(cluster))
    return out


class collector_paused:  # noqa: N801 - used as a context manager, like contextlib's lower-case ones
    """Analysis allocates a tuple per candidate and span and holds them all at once, none in a reference cycle;
    the cyclic garbage collector would re-scan them many times over to no avail.

    A class rather than a generator-based context manager: it is entered once per analysed text."""

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()


# where a text may change its letter case: a blank line, or a marker line with no lowercase letter and no space
# ("START_OF_RECORD=12||||3||||", "==========")
_CASE_BOUNDARY = re.compile(r"\n[ \t]*\n|\n[^\sa-z]{8,}(?=\r?\n|$)")
_MIN_CASE_REGION = 160  # characters: a shorter piece (a heading) takes the case of the piece before it


def case_regions(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` each written in one letter case (ALL CAPS, lowercase or mixed), in order.

    A file of many notes may hold a lowercase nursing note after a mixed-case one: each is read with the rules
    for its own case. A text in one case throughout is one region.
    """
    if len(text) < 2 * _MIN_CASE_REGION or _CASE_BOUNDARY.search(text) is None:
        return [(0, len(text))]
    cuts = [m.end() for m in _CASE_BOUNDARY.finditer(text)]
    regions: list[tuple[int, int, str]] = []
    start = 0
    for end in [*cuts, len(text)]:
        if end <= start:
            continue
        mode = case_mode(text[start:end]) if end - start >= _MIN_CASE_REGION else ""
        if regions and (not mode or regions[-1][2] == mode):
            regions[-1] = (regions[-1][0], end, regions[-1][2])
        elif regions and not regions[-1][2]:
            regions[-1] = (regions[-1][0], end, mode)
        else:
            regions.append((start, end, mode))
        start = end
    return [(a, b) for a, b, _ in regions]


def find_all(
    text: str,
    known: Iterable[KnownPhi | KnownSpan] = (),
    extra: Iterable[Recognizer] = (),
    thresholds: Thresholds | None = None,
) -> list[Candidate]:
    """Every layer over ``text``, overlaps resolved. The names, places and facilities layer reads each case region
    (see ``case_regions``) on its own, and a name found in one is looked for again only there; the patterns, the
    HL7 fields, plug-ins and the values the caller knows do not depend on letter case and run on the whole text.
    Names and places are decided at ``thresholds`` (the defaults for ``None``)."""
    with _scorer.thresholds_of(thresholds):
        return _find_all(text, known, extra)


def _find_all(text: str, known: Iterable[KnownPhi | KnownSpan], extra: Iterable[Recognizer]) -> list[Candidate]:
    digits = ocr_digits(text)
    cands: list[Candidate] = list(_topics.placed(digits, _structured.find(digits)))
    cands.extend(_hl7.find(text))
    cands.extend(_known(text, known))
    for rec in extra:
        cands.extend((s, e, t, "plugin") for s, e, t, _ in rec.find(text))
    text = ocr_letters(text)  # the names layer reads "WHITF1ELD" as "WHITFIELD"; offsets are unchanged
    regions = case_regions(text)
    parts = [(a, text[a:b] if len(regions) > 1 else text) for a, b in regions]
    tokens = [_names.tokenize(part) for _, part in parts]
    for (a, part), toks in zip(parts, tokens, strict=True):
        cands.extend(_shift(list(_names.find(part, toks)), a))
    return _propagated(resolve(cands), [(a, part, toks) for (a, part), toks in zip(parts, tokens, strict=True)])


def _propagated(found: list[Candidate], parts: list[tuple[int, str, _names.Tokens]]) -> list[Candidate]:
    """``found`` and, in each part, every other occurrence of a name found there."""
    more: list[Candidate] = []
    k = 0  # ``found`` is sorted and the parts are in order: one sweep hands each part its own spans
    for a, part, toks in parts:
        if len(parts) == 1:
            inside = found
        else:
            b = a + len(part)
            while k < len(found) and found[k][0] < a:
                k += 1
            first = k
            while k < len(found) and found[k][0] < b:
                k += 1
            inside = _shift([c for c in found[first:k] if c[1] <= b], -a)
        more.extend(_shift(list(_names.propagate(part, toks, inside)), a))
    return resolve(found + more) if more else found


def _shift(cands: list[Candidate], by: int) -> list[Candidate]:
    return cands if not by else [(s + by, e + by, t, layer) for s, e, t, layer in cands]
