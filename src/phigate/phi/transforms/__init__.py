"""The transforms, each a named operator applied to the spans the recognizers found."""

from __future__ import annotations

from collections.abc import Iterable

from phigate.errors import PhiError
from phigate.phi import safe_harbor
from phigate.phi._types import DeidContext, LinkageEntry, PhiType
from phigate.phi.transforms import _dates, _surrogate
from phigate.phi.transforms._keys import derive

KEYED_MODES = frozenset({"surrogate", "date-shift", "pseudonym"})


def transform_name(mode: str, typ: PhiType) -> str:
    """What the attestation says was done to one type under one mode."""
    if mode == "safe-harbor":
        return safe_harbor.TRANSFORM_NAMES.get(typ, "tag")
    if mode == "date-shift":
        return "date-shift" if typ is PhiType.DATE else "tag"
    return mode


def _mask(value: str) -> str:
    return "".join("*" if not ch.isspace() else ch for ch in value)


class Transformer:
    """Applies one mode to many values, remembering each original's replacement (the linkage)."""

    def __init__(self, mode: str, context: DeidContext) -> None:
        if mode in KEYED_MODES and not context.secret:
            raise PhiError(f"mode {mode!r} needs a secret (at least 16 bytes) in the DeidContext")
        self.mode = mode
        self.context = context
        # two HMACs per text, and only surrogate and date-shift modes read them
        keyed = mode in ("surrogate", "date-shift") and bool(context.secret)
        self._patient_key = (
            derive(context.secret, "surrogate", context.tenant, context.patient_ref) if keyed else b""
        )
        self._shift = (
            _dates.offset_days(context.secret, context.tenant, context.patient_ref, context.preserve_weekday)
            if keyed
            else 0
        )
        self._linkage: dict[tuple[PhiType, str], str] = {}

    def replace(self, value: str, typ: PhiType) -> str:
        mode = self.mode
        if mode == "tag":
            return f"[{typ}]"
        if mode == "redact":
            return "[REDACTED]"
        if mode == "mask":
            return _mask(value)
        if mode == "safe-harbor":
            return safe_harbor.generalise(value, typ)
        if mode == "date-shift" and typ is not PhiType.DATE:
            return f"[{typ}]"
        known = self._linkage.get((typ, value))
        if known is not None:
            return known
        if mode == "pseudonym":
            norm = " ".join(value.lower().split())
            token = derive(self.context.secret, "pseudonym", self.context.tenant, str(typ), norm).hex()[:10]
            out = f"[{typ}-{token}]"
        elif typ is PhiType.DATE:
            out = _dates.shift(value, self._shift) or f"[{typ}]"
        else:
            out = _surrogate.surrogate(value, typ, self._patient_key)
        self._linkage[(typ, value)] = out
        return out

    def linkage(self) -> tuple[LinkageEntry, ...]:
        return tuple(LinkageEntry(t, o, r) for (t, o), r in self._linkage.items())


def apply(
    text: str,
    spans: Iterable[tuple[int, int, PhiType] | tuple[int, int, PhiType, str, str]],
    transformer: Transformer,
) -> str:
    """Replace each span (sorted, disjoint; start, end and type first) in ``text``."""
    parts: list[str] = []
    pos = 0
    replace = transformer.replace
    for span in spans:
        start, end = span[0], span[1]
        parts.append(text[pos:start])
        parts.append(replace(text[start:end], span[2]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
