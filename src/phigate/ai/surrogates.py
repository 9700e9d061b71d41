"""The surrogate round trip: the vendor receives each PHI value of the referenced documents replaced by a
consistent surrogate (same tenant and patient, same surrogate: ``phigate.phi``'s surrogate mode keyed by the
tenant's secret and the patient reference). ``SurrogateSet`` holds both directions for one call: the caller's own
messages are passed through ``hide`` (an original typed by the caller becomes its surrogate too), and the answer
is mapped back by the output scrub only for a caller allowed the full view."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from phigate.ai.scrub import OutputScrub, Replacer
from phigate.phi import Linkage, PhiType


@dataclass(frozen=True)
class SurrogateSet:
    """Originals -> surrogates and back, over the linkages of one call's documents. PHI: never logged."""

    forward: dict[str, str] = field(default_factory=dict, repr=False)  # original -> surrogate
    back: dict[str, str] = field(default_factory=dict, repr=False)  # surrogate -> original
    masks: dict[str, str] = field(default_factory=dict, repr=False)  # original -> "[TYPE]"

    @classmethod
    def of(cls, linkages: Iterable[Linkage], masks: Iterable[tuple[str, str]] = ()) -> SurrogateSet:
        forward: dict[str, str] = {}
        back: dict[str, str] = {}
        ambiguous: set[str] = set()
        tags = dict(masks)
        for linkage in linkages:
            for e in linkage:
                pairs = [(e.original, e.replacement)]
                if e.type is PhiType.NAME:  # "Zoe A. Quintero": "Zoe" and "Quintero" alone are hers too
                    pairs += _name_parts(e.original, e.replacement)
                for original, surrogate in pairs:
                    forward.setdefault(original, surrogate)
                    tags.setdefault(original, f"[{e.type}]")
                    if back.setdefault(surrogate.casefold(), original) != original:
                        ambiguous.add(surrogate.casefold())  # two originals, one surrogate: never guess
        return cls(forward, {s: o for s, o in back.items() if s not in ambiguous}, tags)

    def hide(self, text: str) -> str:
        """``text`` with each original value replaced by its surrogate (the caller's own messages)."""
        return self._hider.sub(text) if self.forward else text

    def mask(self, text: str) -> str:
        """``text`` with each original value replaced by its tag (``[NAME]``)."""
        return self._masker.sub(text) if self.masks else text

    def output_scrub(self, *, reveal: bool, engine: bool = True) -> OutputScrub:
        key = (reveal, engine)
        if key not in self._scrubs:
            self._scrubs[key] = OutputScrub(self.masks, self.back, reveal=reveal, engine=engine)
        return self._scrubs[key]

    # matchers compiled once per set (a set is kept with its documents between calls)
    @functools.cached_property
    def _hider(self) -> Replacer:
        return Replacer(self.forward)

    @functools.cached_property
    def _masker(self) -> Replacer:
        return Replacer(self.masks)

    @functools.cached_property
    def _scrubs(self) -> dict[tuple[bool, bool], OutputScrub]:
        return {}


_PART = re.compile(r"[A-Z][a-z]{2,}")


def _name_parts(original: str, surrogate: str) -> list[tuple[str, str]]:
    """The given and family names of a full name paired with the surrogate's (first with first, last with
    last; all in order when both have as many parts)."""
    ours, theirs = _PART.findall(original), _PART.findall(surrogate)
    if len(ours) < 2 or len(theirs) < 2:
        return []
    if len(ours) == len(theirs):
        return list(zip(ours, theirs, strict=True))
    return [(ours[0], theirs[0]), (ours[-1], theirs[-1])]
