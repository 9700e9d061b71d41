"""The quarantine gate in the test process, built as the registry builds it (``registry.build_gate``)."""

from __future__ import annotations

from collections.abc import Iterable

from phigate.config import ScanSettings, Settings
from phigate.models import ScanTarget, Verdict
from phigate.ports import Scanner
from phigate.registry import build_gate

__all__ = ["build_gate", "scan_document"]


def scan_document(chunks: Iterable[bytes], declared_media_type: str, settings: Settings | ScanSettings, *,
                  tenant: str | None = None, gate: Scanner | None = None) -> Verdict:
    """Judge one document's chunks; pass ``gate`` to reuse one across documents."""
    if gate is None:
        gate = build_gate(settings.scan if isinstance(settings, Settings) else settings)
    return gate.scan(chunks, ScanTarget(declared_media_type, tenant))
