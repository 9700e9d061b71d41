"""The quarantine gate's one decision: every configured scanner judges the same bytes, and the document is
``clean`` only when every one of them said clean and the tenant policy turned no remaining finding into a
rejection. A scanner that raises is a scanner that did not say clean."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence

from phigate.errors import ConfigError
from phigate.models import FindingAction, ScannerInfo, ScanReason, ScanTarget, Verdict, VerdictKind
from phigate.ports import Scanner

from ._findings import ADJUSTABLE_CODES, read_bounded, unscannable

SCANNER = "phigate"
# Findings allowed through with a flag unless a policy says otherwise. Everything else is rejected by default.
DEFAULT_ACTIONS: Mapping[str, FindingAction] = {"yara.flag": FindingAction.FLAG}


class FindingPolicy:
    """Per finding code, reject or allow-with-flag: the defaults, then the global policy, then the tenant's.
    Only adjustable findings can be flagged; malware signatures, limits and scanner failures always reject."""

    def __init__(self, default: Mapping[str, str] | None = None,
                 tenants: Mapping[str, Mapping[str, str]] | None = None) -> None:
        """ConfigError (at start-up) when a policy names a code no policy may adjust: a malware signature, a
        limit, a failure, or a typo; failing loudly beats a setting that silently does nothing."""
        for policy in (default or {}, *(tenants or {}).values()):
            fixed = sorted(set(policy) - ADJUSTABLE_CODES)
            if fixed:
                raise ConfigError(
                    f"scan policy names finding codes no policy may adjust: {', '.join(fixed)}. Malware "
                    "signatures, limits and scanner failures always reject; adjustable content findings: "
                    f"{', '.join(sorted(ADJUSTABLE_CODES))}")
        self._default = {**DEFAULT_ACTIONS, **{k: FindingAction(v) for k, v in (default or {}).items()}}
        self._tenants = {t: {k: FindingAction(v) for k, v in p.items()} for t, p in (tenants or {}).items()}

    def action(self, reason: ScanReason, tenant: str | None) -> FindingAction:
        if not reason.adjustable:
            return FindingAction.REJECT
        tenant_policy = self._tenants.get(tenant, {}) if tenant is not None else {}
        return tenant_policy.get(reason.code, self._default.get(reason.code, FindingAction.REJECT))


class CompositeScanner:
    """Runs the scanners in order over one in-memory copy of the document (capped at ``max_document_bytes``).

    Once a finding makes the document ``infected`` under the tenant's policy, the remaining scanners are not
    run: nothing they say can make it clean, and a bomb the validators refused must not reach an engine that
    would spend seconds inflating it. The verdict lists the scanners that ran.
    """

    name = SCANNER

    def __init__(self, scanners: Sequence[Scanner], max_document_bytes: int, policy: FindingPolicy) -> None:
        self._scanners = tuple(scanners)
        self._max = max_document_bytes
        self._policy = policy

    @property
    def scanners(self) -> tuple[Scanner, ...]:
        return self._scanners

    def info(self) -> ScannerInfo:
        return ScannerInfo(SCANNER, "composite", ", ".join(s.name for s in self._scanners))

    def check(self) -> None:
        for scanner in self._scanners:
            scanner.check()

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        started = time.perf_counter()
        data = read_bounded(chunks, self._max)
        if data is None:
            reason = unscannable("too_large", SCANNER, f"above the {self._max}-byte document limit")
            return Verdict.from_reasons((reason,), scanners=tuple(s.info() for s in self._scanners),
                                        timings=((SCANNER, time.perf_counter() - started),))
        reasons: list[ScanReason] = []
        infos: list[ScannerInfo] = []
        timings: list[tuple[str, float]] = []
        for scanner in self._scanners:
            t0 = time.perf_counter()
            try:
                verdict = scanner.scan((data,), target)
            except Exception:  # a scanner that fails did not say clean: fail closed
                reasons.append(unscannable("scanner.error", scanner.name, "the scanner failed"))
                infos.append(ScannerInfo(scanner.name, "failed"))
                timings.append((scanner.name, time.perf_counter() - t0))
                continue
            reasons.extend(verdict.reasons)
            infos.extend(verdict.scanners)
            timings.append((scanner.name, time.perf_counter() - t0))
            if self._settled(reasons, target.tenant):
                break  # already infected under this policy: later (slower) engines cannot change the verdict
        rejected = tuple(r for r in reasons if self._policy.action(r, target.tenant) is FindingAction.REJECT)
        flagged = tuple(r for r in reasons if r not in rejected)
        return Verdict.from_reasons(rejected, flags=flagged, scanners=tuple(infos), timings=tuple(timings))

    def _settled(self, reasons: list[ScanReason], tenant: str | None) -> bool:
        return any(r.outcome is VerdictKind.INFECTED and self._policy.action(r, tenant) is FindingAction.REJECT
                   for r in reasons)
