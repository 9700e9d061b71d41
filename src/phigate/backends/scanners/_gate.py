"""The quarantine gate built from plain values: the validators (always), then YARA and clamd when named. The
registry turns the settings into a ``GateSpec``; the sandbox's children receive the spec (it pickles) and build
their own gate from it, importing only the scanner adapters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from phigate.ports import ScanLimits, Scanner

from ._clamd import ClamdScanner
from ._composite import CompositeScanner, FindingPolicy
from ._validators import StructuralValidator
from ._yara import YaraScanner


@dataclass(frozen=True, slots=True)
class ClamdSpec:
    socket_path: Path | None
    host: str
    port: int
    timeout: float
    max_stream_bytes: int


@dataclass(frozen=True, slots=True)
class GateSpec:
    limits: ScanLimits
    yara_dirs: Sequence[Path] | None = None  # None: no YARA
    yara_timeout: int = 10
    clamd: ClamdSpec | None = None  # None: no clamd
    policy: Mapping[str, str] = field(default_factory=dict)
    tenant_policies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def build_gate(spec: GateSpec) -> CompositeScanner:
    """Raises ScannerUnavailable when a named scanner cannot load or answer: a configured scanner is never
    silently skipped."""
    scanners: list[Scanner] = [StructuralValidator(spec.limits)]
    if spec.yara_dirs is not None:
        scanners.append(YaraScanner(list(spec.yara_dirs), spec.limits, timeout=spec.yara_timeout))
    if spec.clamd is not None:
        c = spec.clamd
        scanners.append(ClamdScanner(socket_path=c.socket_path, host=c.host, port=c.port, timeout=c.timeout,
                                     max_stream_bytes=c.max_stream_bytes))
    return CompositeScanner(scanners, FindingPolicy(spec.policy, spec.tenant_policies), spec.limits)
