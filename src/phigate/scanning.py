"""The quarantine gate as one call: build the configured scanners once (failing at start-up if one cannot
load), then judge documents with ``scan_document``. The intake pipeline's scanning stage calls this; it is the
only place outside the registry that knows which scanner backends exist."""

from __future__ import annotations

from collections.abc import Iterable

from phigate.backends.scanners import (
    BUILTIN_RULES,
    ClamdScanner,
    CompositeScanner,
    FindingPolicy,
    StructuralValidator,
    YaraScanner,
)
from phigate.config import ScanSettings, Settings
from phigate.models import ScanTarget, Verdict
from phigate.ports import Scanner


def build_gate(settings: ScanSettings) -> CompositeScanner:
    """The validators (always), then YARA and clamd if configured. Raises ScannerUnavailable when a
    configured scanner cannot load or answer: a configured scanner is never silently skipped."""
    scanners: list[Scanner] = [StructuralValidator(settings.limits)]
    if "yara" in settings.scanners:
        dirs = ([BUILTIN_RULES] if settings.yara_builtin_rules else []) + list(settings.yara_rules_dirs)
        scanners.append(YaraScanner(dirs, settings.limits, timeout=settings.yara_timeout))
    if "clamd" in settings.scanners:
        scanners.append(ClamdScanner(socket_path=settings.clamd_socket, host=settings.clamd_host,
                                     port=settings.clamd_port, timeout=settings.clamd_timeout,
                                     max_stream_bytes=settings.clamd_max_stream_bytes))
    policy = FindingPolicy(settings.policy, settings.tenant_policies)
    return CompositeScanner(scanners, policy, settings.limits)


def scan_document(chunks: Iterable[bytes], declared_media_type: str, settings: Settings | ScanSettings, *,
                  tenant: str | None = None, gate: Scanner | None = None) -> Verdict:
    """Judge one document's plaintext chunks (decrypted in memory by the caller). Pass ``gate`` (from
    ``build_gate``) to reuse scanners across documents; without it, one is built for this call."""
    if gate is None:
        gate = build_gate(settings.scan if isinstance(settings, Settings) else settings)
    return gate.scan(chunks, ScanTarget(declared_media_type, tenant))
