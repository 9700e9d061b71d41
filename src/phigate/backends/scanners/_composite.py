"""The quarantine gate's one decision: every configured scanner judges the same bytes, and the document is
``clean`` only when every one of them said clean and the tenant policy turned no remaining finding into a
rejection. A scanner that raises is a scanner that did not say clean."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence

from phigate.errors import ConfigError
from phigate.models import FindingAction, ScannerInfo, ScanReason, ScanTarget, Verdict, VerdictKind
from phigate.ports import ScanLimits, Scanner

from ._embedded import MAX_DEPTH, Budget, Payload, PayloadRefused
from ._findings import ADJUSTABLE_CODES, read_bounded, unscannable
from ._unpack import unpack
from ._validators import SCANNER as VALIDATORS

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
    """Runs the scanners in order over one in-memory copy of the document (capped at ``max_document_bytes``),
    then over every payload decoded from it (``_embedded``), to ``MAX_DEPTH`` levels: the same scanners judge
    an attachment as the document that carries it, and their findings count for the document.

    Once a finding makes the document ``infected`` under the tenant's policy, the remaining scanners are not
    run: nothing they say can make it clean, and a bomb the validators refused must not reach an engine that
    would spend seconds inflating it. A document already rejected is not unpacked. The verdict lists the
    scanners that ran.
    """

    name = SCANNER

    def __init__(self, scanners: Sequence[Scanner], policy: FindingPolicy, limits: ScanLimits) -> None:
        self._scanners = tuple(scanners)
        self._max = limits.max_document_bytes
        self._policy = policy
        self._limits = limits

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
        run = _Run(target.tenant, Budget(self._limits))
        self._judge(Payload(data, target.declared_media_type, "the document"), run, depth=0)
        reasons = list(dict.fromkeys(run.reasons))
        rejected = tuple(r for r in reasons if self._policy.action(r, target.tenant) is FindingAction.REJECT)
        flagged = tuple(r for r in reasons if r not in rejected)
        return Verdict.from_reasons(rejected, flags=flagged, scanners=tuple(dict.fromkeys(run.infos)),
                                    timings=tuple(run.timings.items()))

    def _judge(self, item: Payload, run: _Run, depth: int) -> None:
        """Judge one document or payload with every scanner that applies, then its own payloads."""
        found: list[ScanReason] = []
        for scanner in self._scanners:
            if item.media_type is None and scanner.name == VALIDATORS:
                continue  # an opaque payload has no declared structure to validate: signature engines only
            t0 = time.perf_counter()
            try:
                verdict = scanner.scan((item.data,), ScanTarget(item.media_type or _OPAQUE, run.tenant))
            except Exception:  # a scanner that fails did not say clean: fail closed
                found.append(unscannable("scanner.error", scanner.name, "the scanner failed"))
                run.infos.append(ScannerInfo(scanner.name, "failed"))
            else:
                found.extend(verdict.reasons)
                run.infos.extend(verdict.scanners)
            run.timings[scanner.name] = run.timings.get(scanner.name, 0.0) + time.perf_counter() - t0
            if self._settled(found, run.tenant):
                break  # already infected under this policy: later (slower) engines cannot change the verdict
        run.reasons.extend(found if depth == 0 else [_inside(r, item.origin) for r in found])
        if item.media_type is None or self._rejected(run.reasons, run.tenant):
            return
        try:
            payloads = list(unpack(item.data, item.media_type, run.budget))
        except PayloadRefused as refused:
            run.reasons.append(_inside(refused.reason, item.origin) if depth else refused.reason)
            return
        if payloads and depth >= MAX_DEPTH:
            run.reasons.append(unscannable("embedded.too_deep", "phigate-embedded",
                                           f"payloads nested deeper than {MAX_DEPTH} levels"))
            return
        for payload in payloads:
            self._judge(payload, run, depth + 1)
            if self._settled(run.reasons, run.tenant):
                return

    def _settled(self, reasons: list[ScanReason], tenant: str | None) -> bool:
        return any(r.outcome is VerdictKind.INFECTED and self._policy.action(r, tenant) is FindingAction.REJECT
                   for r in reasons)

    def _rejected(self, reasons: list[ScanReason], tenant: str | None) -> bool:
        return any(self._policy.action(r, tenant) is FindingAction.REJECT for r in reasons)


_OPAQUE = "application/octet-stream"


@dataclasses.dataclass
class _Run:
    """What one scan gathers across the document and its payloads."""

    tenant: str | None
    budget: Budget
    reasons: list[ScanReason] = dataclasses.field(default_factory=list)
    infos: list[ScannerInfo] = dataclasses.field(default_factory=list)
    timings: dict[str, float] = dataclasses.field(default_factory=dict)


def _inside(reason: ScanReason, origin: str) -> ScanReason:
    detail = f"in {origin}" + (f": {reason.detail}" if reason.detail else "")
    return dataclasses.replace(reason, detail=detail)
