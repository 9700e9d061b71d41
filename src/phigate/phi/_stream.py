"""De-identification of text too large to hold at once, in overlapping windows.

Each window is analysed with some already-emitted text before it (left context, for "Dr." just before a cut)
and some text after the commit point (right overlap), so an identifier that straddles a window boundary is
found whole: the commit point moves past any span that crosses it and never falls inside a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from phigate.errors import PhiError
from phigate.phi import recognizers
from phigate.phi._engine import span_hasher
from phigate.phi._types import DeidContext, KnownPhi, PhiSpan
from phigate.phi.transforms import Transformer, apply

LEFT_CONTEXT = 256


def _commit_point(buffer: str, target: int) -> int:
    """The last whitespace at or before ``target`` (or ``target`` if a line has no space for a long way)."""
    floor = max(0, target - 4096)
    for i in range(target, floor, -1):
        if buffer[i - 1].isspace():
            return i
    return target


def deidentify_stream(
    chunks: Iterable[str],
    mode: str = "tag",
    context: DeidContext | None = None,
    *,
    known: Iterable[KnownPhi] = (),
    window: int = 1 << 20,
    overlap: int = 8192,
) -> Iterator[tuple[str, list[PhiSpan]]]:
    """Yield ``(transformed piece, spans with offsets into the whole input)`` for a stream of text chunks."""
    if window < 1024 or overlap < 256 or overlap >= window:
        raise PhiError("window must be at least 1024 characters and larger than the overlap (>= 256)")
    context = context or DeidContext()
    known = tuple(known)
    if not all(isinstance(k, KnownPhi) for k in known):
        raise PhiError("deidentify_stream takes KnownPhi values only: located spans need the whole text")
    transformer = Transformer(mode, context)
    text_hash = span_hasher(context.secret)
    buffer, left, base = "", "", 0
    chunk_iter = iter(chunks)
    done = False
    while not done or buffer:
        while not done and len(buffer) < window + overlap:
            try:
                piece = next(chunk_iter)
            except StopIteration:
                done = True
                break
            if not isinstance(piece, str):
                raise PhiError("stream chunks must be str")
            buffer += piece
        if not buffer:
            break
        view = left + buffer
        commit = len(buffer) if done else _commit_point(buffer, len(buffer) - overlap)
        spans: list[PhiSpan] = []
        with recognizers.collector_paused():
            for view_start, view_end, typ, layer in recognizers.find_all(view, known, thresholds=context.thresholds):
                if view_end <= len(left) or (layer == "clinician" and not context.include_clinicians):
                    continue
                s, e = max(view_start - len(left), 0), view_end - len(left)
                if s >= commit:
                    break
                commit = max(commit, e)
                spans.append(PhiSpan(base + s, base + e, typ, text_hash(buffer[s:e]), layer))
            piece = apply(buffer[:commit], [(sp.start - base, sp.end - base, sp.type) for sp in spans], transformer)
        yield piece, spans
        left = buffer[max(0, commit - LEFT_CONTEXT) : commit]
        buffer = buffer[commit:]
        base += commit
