"""analyze and deidentify: recognizers, then one transform, then the attestation."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Sequence

from phigate.errors import PhiError
from phigate.phi import attestation, recognizers
from phigate.phi._types import (
    MODES,
    DeidContext,
    Deidentified,
    Found,
    KnownPhi,
    KnownSpan,
    Linkage,
    PhiSpan,
    SpanHasher,
    Thresholds,
)
from phigate.phi.recognizers import Recognizer
from phigate.phi.transforms import Transformer, apply

MAX_TEXT_CHARS = 64 * 1024 * 1024  # beyond this, use deidentify_stream
_DEFAULT_CONTEXT = DeidContext()


@functools.cache
def _process_hasher() -> SpanHasher:
    """Without a caller's secret, span hashes use a random per-process key: comparable within the process only."""
    return SpanHasher(os.urandom(32))


def span_hasher(secret: bytes) -> SpanHasher:
    """The span hasher for a caller's secret, or the process's own (keyed once: keying costs more than a text's
    few spans)."""
    return SpanHasher(secret) if secret else _process_hasher()


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise PhiError("the text to analyse must be a str")
    if len(text) > MAX_TEXT_CHARS:
        raise PhiError(f"the text is longer than {MAX_TEXT_CHARS} characters: use deidentify_stream")
    return text


def _found(
    text: str,
    known: Iterable[KnownPhi | KnownSpan],
    secret: bytes,
    include_clinicians: bool,
    extra: Iterable[Recognizer],
    thresholds: Thresholds | None,
) -> list[Found]:
    """Every PHI span in ``text`` as a tuple: start, end, type, keyed hash of its text, layer."""
    text = _check_text(text)
    text_hash = span_hasher(secret)
    with recognizers.collector_paused():
        return [
            (start, end, typ, text_hash(text[start:end]), layer)
            for start, end, typ, layer in recognizers.find_all(text, known, extra, thresholds)
            if include_clinicians or layer != "clinician"
        ]


def analyze(
    text: str,
    *,
    known: Iterable[KnownPhi | KnownSpan] = (),
    secret: bytes = b"",
    include_clinicians: bool = True,
    extra: Iterable[Recognizer] = (),
    thresholds: Thresholds | None = None,
) -> list[PhiSpan]:
    """Every PHI span in ``text``, sorted and disjoint.

    ``known`` is PHI the caller already holds: ``KnownPhi`` values (each occurrence anywhere is PHI) or located
    spans such as ``phigate.models.StructuredField`` (offsets into ``text`` and a category string like
    ``"name"``; the span is PHI as given and its value is PHI wherever else it appears). ``thresholds`` are the
    scores names and places must reach (``Thresholds``: the defaults, which favour recall, for ``None``).
    """
    if thresholds is not None and not isinstance(thresholds, Thresholds):
        raise PhiError("thresholds must be a phigate.phi.Thresholds")
    return [PhiSpan(*f) for f in _found(text, known, secret, include_clinicians, extra, thresholds)]


def deidentify(
    text: str,
    mode: str = "tag",
    context: DeidContext | None = None,
    *,
    known: Iterable[KnownPhi | KnownSpan] = (),
    spans: Sequence[PhiSpan] | None = None,
    extra: Iterable[Recognizer] = (),
) -> Deidentified:
    """De-identify ``text`` under ``mode``; ``spans`` (from ``analyze``) skips a second analysis."""
    return deidentify_linked(text, mode, context, known=known, spans=spans, extra=extra)[0]


def deidentify_linked(
    text: str,
    mode: str = "tag",
    context: DeidContext | None = None,
    *,
    known: Iterable[KnownPhi | KnownSpan] = (),
    spans: Sequence[PhiSpan] | None = None,
    extra: Iterable[Recognizer] = (),
) -> tuple[Deidentified, Linkage]:
    """``deidentify``, and apart from it the ``Linkage``: each original value and what replaced it (PHI; for the
    caller that keeps the way back, sealed, while only the ``Deidentified`` goes on)."""
    if mode not in MODES:
        raise PhiError(f"unknown mode; choose one of {', '.join(MODES)}")
    context = context or _DEFAULT_CONTEXT
    transformer = Transformer(mode, context)
    if spans is None:
        found = _found(text, known, context.secret, context.include_clinicians, extra, context.thresholds)
    else:
        _check_text(text)
        found = [(s.start, s.end, s.type, s.text_hash, s.source) for s in spans]
    result = Deidentified.pending(
        text=apply(text, found, transformer),
        mode=mode,
        found=tuple(found),
        input_sha256=attestation.sha256_hex(text),
        created_at=attestation.utc_now_iso(),
        thresholds=context.thresholds,
    )
    return result, Linkage(transformer.linkage())


def deidentify_batch(
    texts: Iterable[str],
    mode: str = "tag",
    context: DeidContext | None = None,
    *,
    known: Iterable[KnownPhi | KnownSpan] = (),
) -> Iterator[Deidentified]:
    """De-identify many texts of one patient (one context): surrogates stay consistent across them."""
    known = tuple(known)
    for text in texts:
        yield deidentify(text, mode, context, known=known)
