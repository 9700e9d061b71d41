"""The attestation: a JSON record, for a privacy officer, of how one text was de-identified.

It names the method, the engine and rule-pack versions, and for each of the 18 Safe Harbor categories how many
identifiers were found and which transform was applied, with SHA-256 hashes of the input and the output so the
record can be checked against the documents. It holds no PHI.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections.abc import Iterable, Sequence
from typing import Any

from phigate.phi._types import CATEGORY_OF, DEFAULT_THRESHOLDS, SAFE_HARBOR_CATEGORIES, PhiSpan, PhiType, Thresholds
from phigate.phi.safe_harbor import rule_pack
from phigate.phi.transforms import transform_name

SCHEMA = "phigate.deid.attestation/1"
ENGINE = "phigate.phi"
ENGINE_VERSION = "1.0.0"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _transforms(mode: str) -> tuple[tuple[str, str, tuple[PhiType, ...], dict[str, str]], ...]:
    """Per category: letter, title, types and what ``mode`` does to each type (fixed for a mode; copied out)."""
    return tuple(
        (letter, title, types, {str(t): transform_name(mode, t) for t in types})
        for letter, title, types in SAFE_HARBOR_CATEGORIES
    )


def utc_now_iso() -> str:
    """The current second in ISO 8601, formatted once per second however many texts are attested in it."""
    second = int(time.time())
    if _NOW[0] != second:
        _NOW[:] = [second, dt.datetime.fromtimestamp(second, dt.UTC).isoformat()]
    return str(_NOW[1])


_NOW: list[Any] = [0, ""]


# every type in the order of the categories: the order of each category's "by_type" keys
_TYPE_ORDER = {t: i for i, t in enumerate(t for _, _, types in SAFE_HARBOR_CATEGORIES for t in types)}


def _counts_by_category(types: Iterable[PhiType]) -> dict[str, dict[str, int]]:
    """Category letter -> {type: count}, for the categories with at least one span (one pass over the types)."""
    counts: dict[PhiType, int] = {}
    for typ in types:
        counts[typ] = counts.get(typ, 0) + 1
    found: dict[str, dict[str, int]] = {}
    for typ in sorted(counts, key=_TYPE_ORDER.__getitem__):
        found.setdefault(CATEGORY_OF[typ], {})[typ.value] = counts[typ]
    return found


def attest(
    input_text: str, output_text: str, spans: Sequence[PhiSpan], mode: str, now: dt.datetime | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[str, Any]:
    return record_of(
        sha256_hex(input_text),
        output_text,
        [s.type for s in spans],
        mode,
        now.isoformat(timespec="seconds") if now else utc_now_iso(),
        thresholds,
    )


def record_of(
    input_sha256: str, output_text: str, types: Sequence[PhiType], mode: str, created_at: str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> dict[str, Any]:
    """The record for a text whose SHA-256 is ``input_sha256``, ``types`` being its spans' types in order, names and
    places decided at ``thresholds``."""
    rules = rule_pack()
    found = _counts_by_category(types)
    categories = {
        letter: {
            "identifier": title,
            "count": sum(found[letter].values()) if letter in found else 0,
            "by_type": found.get(letter, {}),
            "transform": transforms.copy(),
        }
        for letter, title, _, transforms in _transforms(mode)
    }
    return {
        "schema": SCHEMA,
        "method": "HIPAA Safe Harbor, 45 CFR 164.514(b)(2)"
        if mode == "safe-harbor"
        else f"transform: {mode}",
        "engine": {"name": ENGINE, "version": ENGINE_VERSION},
        "rule_pack": {"name": rules.name, "version": rules.version, "sha256": rules.sha256},
        "decision_thresholds": thresholds.to_dict(),
        "mode": mode,
        "categories": categories,
        "total": len(types),
        "input_sha256": input_sha256,
        "output_sha256": sha256_hex(output_text),
        "created_at": created_at,
        "note": "Automated detection; Safe Harbor also requires no actual knowledge that the rest could identify "
        "the individual (45 CFR 164.514(b)(2)(ii)).",
    }


def covers_all_categories(record: dict[str, Any]) -> bool:
    return sorted(record.get("categories", {})) == sorted(set(CATEGORY_OF.values()) | {"Q"})
