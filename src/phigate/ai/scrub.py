"""The output scrub: every answer is checked before it leaves. Original PHI values of the referenced documents
are masked (``[NAME]``), new PHI the engine finds is masked, and surrogates are mapped back to the originals only
for a caller allowed the full view. Streamed answers pass through ``StreamScrub``, which holds back a short tail
so that a value split across chunks is still caught whole."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from phigate.phi import analyze

_MIN_VALUE = 2  # a one-letter value (an initial) would match everywhere
_BREAK = re.compile(r"[.!?\n]\s|\n")
_WORD = re.compile(r"[A-Z][a-z]+")  # a single capitalised word
_WORDS = re.compile(r"\w+")
_FIRST_WORD = re.compile(r"^\w+")  # a value's first word, when it begins with one


class Replacer:
    """Whole-word matching of many known values at once (longest first): case-insensitive, except a single
    capitalised word (``Smith``, matched as ``Smith`` or ``SMITH``), so a name that is also a word (``May``,
    ``Will``) does not mask the word. Only the values a text contains are compiled into its pattern (a plain
    substring test first), so a long list costs little on a text that holds few of them."""

    __slots__ = ("_exact", "_loose", "_map", "longest")
    # A value matches only as whole words, so a value that begins with a word character can match only where the
    # text has that value's first word (``\w+``) as a word of its own: one pass over the text collects its words,
    # and a value whose first word is not among them is passed over without a substring search of its own. (4 KB
    # prompt, 143 values: 208 -> ~70 us, and a two-letter value found inside longer words no longer costs a
    # regular-expression pass.)

    def __init__(self, mapping: Mapping[str, str]) -> None:
        values = sorted((v for v in mapping if len(v.strip()) >= _MIN_VALUE), key=len, reverse=True)
        self._map: dict[str, str] = {}
        self._loose: list[tuple[str, str]] = []  # (its first word or "", the value), casefolded
        self._exact: list[str] = []
        for v in values:
            if _WORD.fullmatch(v):
                self._exact.extend((v, v.upper()))
                self._map.setdefault(v, mapping[v])
                self._map.setdefault(v.upper(), mapping[v])
            else:
                folded = v.casefold()
                first = _FIRST_WORD.match(folded)
                self._loose.append((first.group() if first else "", folded))
                self._map.setdefault(folded, mapping[v])
        self.longest = max((len(v) for v in values), default=0)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of every known value in ``text``."""
        folded = text.casefold()
        words, folded_words = set(_WORDS.findall(text)), set(_WORDS.findall(folded))
        pattern = _pattern(tuple(v for first, v in self._loose if (first in folded_words if first else v in folded)
                                 and v in folded), tuple(v for v in self._exact if v in words))
        if pattern is None:
            return []
        out = []
        for m in pattern.finditer(text):
            found = m.group()
            out.append((m.start(), m.end(), self._map.get(found) or self._map.get(found.casefold(), found)))
        return out

    def sub(self, text: str) -> str:
        return _splice(text, self.spans(text))


@functools.lru_cache(maxsize=1024)
def _pattern(loose: tuple[str, ...], exact: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = [f"(?i:{'|'.join(re.escape(v) for v in loose)})"] if loose else []
    parts += [re.escape(v) for v in exact]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None


@dataclass(frozen=True, slots=True)
class Scrubbed:
    text: str
    masked: int  # original values and new PHI masked
    revealed: int  # surrogates mapped back to originals


class OutputScrub:
    """``originals``: each original PHI value of the call's documents -> its mask (``[NAME]``). ``surrogates``:
    each surrogate sent upstream -> its original, applied only when ``reveal`` (the caller's full view).
    ``engine``: also mask PHI the engine finds in the answer that is not a known surrogate."""

    def __init__(self, originals: Mapping[str, str], surrogates: Mapping[str, str], *, reveal: bool,
                 engine: bool = True) -> None:
        self._originals = Replacer(originals)
        self._surrogates = Replacer(surrogates)
        self._reveal, self._engine = reveal, engine
        self.longest = max(self._originals.longest, self._surrogates.longest)

    def scrub(self, text: str) -> Scrubbed:
        known = self._surrogates.spans(text)
        if not self._reveal:  # a known surrogate stays as written (and is not taken for new PHI)
            known = [(s, e, text[s:e]) for s, e, _ in known]
        masked = [(s, e, r) for s, e, r in self._originals.spans(text) if not _overlaps(s, e, known)]
        taken = sorted(known + masked)
        if self._engine and text.strip():
            for span in analyze(text):
                if not _overlaps(span.start, span.end, taken):
                    masked.append((span.start, span.end, f"[{span.type}]"))
        revealed = sum(1 for s, e, r in known if text[s:e] != r)
        return Scrubbed(_splice(text, sorted(known + masked)), len(masked), revealed)

    def stream(self, holdback: int = 64) -> StreamScrub:
        return StreamScrub(self, holdback)

    def unsafe_cut(self, text: str, cut: int) -> int:
        """The largest position <= ``cut`` at which no known value (original or surrogate) is split."""
        for replacer in (self._originals, self._surrogates):
            for s, e, _ in replacer.spans(text):
                if s < cut < e:
                    cut = s
        return cut


class StreamScrub:
    """Scrubs a streamed answer on the fly: text is released up to a sentence or word break at least
    ``holdback`` characters (and the longest known value) before the end of what has arrived, never inside a
    known value, so a name split across chunks is caught whole."""

    def __init__(self, scrub: OutputScrub, holdback: int) -> None:
        self._scrub, self._pending = scrub, ""
        self._holdback = max(holdback, scrub.longest + 1)
        self.masked = self.revealed = 0

    def feed(self, chunk: str) -> str:
        self._pending += chunk
        limit = len(self._pending) - self._holdback
        if limit <= 0:
            return ""
        head = self._pending[:limit]
        breaks = [m.end() for m in _BREAK.finditer(head)]
        cut = breaks[-1] if breaks else head.rfind(" ") + 1
        cut = self._scrub.unsafe_cut(self._pending, cut)
        if cut <= 0:
            return ""
        return self._release(cut)

    def flush(self) -> str:
        return self._release(len(self._pending))

    def _release(self, cut: int) -> str:
        segment, self._pending = self._pending[:cut], self._pending[cut:]
        out = self._scrub.scrub(segment)
        self.masked += out.masked
        self.revealed += out.revealed
        return out.text


def _overlaps(start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(s < end and start < e for s, e, _ in spans)


def _splice(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for s, e, r in spans:
        if s < at:
            continue
        out.append(text[at:s])
        out.append(r)
        at = e
    out.append(text[at:])
    return "".join(out)
