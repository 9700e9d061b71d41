from __future__ import annotations

from phigate.backends.scanners import StructuralValidator
from phigate.config import ScanLimits
from phigate.models import ScanTarget, Verdict


def validate(data: bytes, media_type: str, **limits: int) -> Verdict:
    return StructuralValidator(ScanLimits(**limits)).scan([data], ScanTarget(media_type))


def codes(verdict: Verdict) -> set[str]:
    return {r.code for r in verdict.reasons}
