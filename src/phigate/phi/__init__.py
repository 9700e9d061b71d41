"""phigate.phi: find protected health information in text and de-identify it.

A library in its own right: it depends on nothing else in phigate but ``phigate.errors``.

>>> from phigate.phi import deidentify
>>> deidentify("Pt John Smith seen 7/22.").text
'Pt [NAME] seen [DATE].'
"""

from __future__ import annotations

from phigate.phi._engine import analyze, deidentify, deidentify_batch, deidentify_linked
from phigate.phi._stream import deidentify_stream
from phigate.phi._types import (
    MODES,
    SAFE_HARBOR_CATEGORIES,
    DeidContext,
    Deidentified,
    KnownPhi,
    KnownSpan,
    Linkage,
    LinkageEntry,
    Mode,
    PhiSpan,
    PhiType,
    Thresholds,
    phi_type,
)
from phigate.phi.recognizers import Recognizer

__all__ = [
    "MODES",
    "SAFE_HARBOR_CATEGORIES",
    "DeidContext",
    "Deidentified",
    "KnownPhi",
    "KnownSpan",
    "Linkage",
    "LinkageEntry",
    "Mode",
    "PhiSpan",
    "PhiType",
    "Recognizer",
    "Thresholds",
    "analyze",
    "deidentify",
    "deidentify_batch",
    "deidentify_linked",
    "deidentify_stream",
    "phi_type",
]
