"""Reading the audit log: the use cases behind ``/v1/audit/*`` and ``phigate audit``.

Two faces over one log:

- :class:`AuditReads` serves principals (the HTTP API). Each read is authorised once (``audit:read``; a tenant's
  auditor sees only their tenant) and is itself recorded as an ``audit.read`` event before the answer leaves: if
  that event cannot be written, the read fails. The patient reference is PHI: it is hashed with the log's key
  before it reaches the database and never recorded.
- :class:`AuditConsole` serves the operator at the data directory (the CLI). It works on a damaged log too, so an
  operator can still verify, tail and export it; it records nothing (a damaged log refuses appends, and the
  operator's shell is not an API caller).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phigate.audit import AuditTrail, SqlAuditLog, checkpoint_document
from phigate.audit import export as _export
from phigate.audit.queries import (
    AUDITOR_SCOPE,
    EventFilter,
    get_consistency,
    get_proof,
    list_checkpoints,
    newest_start,
    query_events,
)
from phigate.audit.verifier import VerificationError, load_public_key
from phigate.errors import Forbidden, InputError
from phigate.models import AuditAction, AuditRecord, Principal
from phigate.services._authz import authorize

EXPORT_FORMATS: tuple[str, ...] = tuple(_export.FORMATS)
PAGE = 1000

__all__ = ["EXPORT_FORMATS", "AuditConsole", "AuditReads", "EventFilter", "EventPage", "Finding", "Verification",
           "as_json", "event_filter"]


def as_json(record: AuditRecord) -> dict[str, Any]:
    """An event as ``GET /v1/audit/events`` answers it (no PHI: patient references are keyed hashes)."""
    return _export.as_json(record)


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[AuditRecord]
    next_after: int | None  # pass as ``after`` to continue; None at the end


class AuditReads:
    """The principals' reads of the log (HTTP API)."""

    def __init__(self, trail: AuditTrail) -> None:
        self._trail = trail

    def events(self, principal: Principal, flt: EventFilter, *, limit: int = 100) -> EventPage:
        """Events matching every filter, oldest first; a tenant's auditor is held to their tenant."""
        authorize(principal, AUDITOR_SCOPE)
        found = query_events(self._trail.log, flt, limit=limit, principal=principal)
        self._record(principal, "events", patient="yes" if flt.patient_ref else None, count=len(found))
        return EventPage(found, found[-1].seq if len(found) == limit else None)

    def checkpoints(self, principal: Principal, *, limit: int = 100) -> list[dict[str, Any]]:
        """The newest signed checkpoints. They count every tenant's events, so only phigate's administrators
        (not bound to a tenant, or holding ``admin``) list them."""
        authorize(principal, AUDITOR_SCOPE)
        if principal.tenant is not None and not principal.has("admin"):
            raise Forbidden("checkpoints cover every tenant's events: listing them needs the admin scope")
        found = list_checkpoints(self._trail.log, limit=limit, principal=principal)
        self._record(principal, "checkpoints", count=len(found))
        return found

    def proof(self, principal: Principal, seq: int, *, tree_size: int | None = None) -> dict[str, Any]:
        """Event ``seq``, its RFC 9162 inclusion path and the signed checkpoint it leads to; another tenant's
        event is a 404 for a tenant's auditor."""
        authorize(principal, AUDITOR_SCOPE)
        found = get_proof(self._trail.log, seq, tree_size=tree_size, principal=principal)
        self._record(principal, "proof", seq=seq, tree_size=found["tree_size"])
        return found

    def _record(self, principal: Principal, what: str, **details: str | int | None) -> None:
        self._trail.record("audit.read", actor=principal.id, tenant=principal.tenant,
                           outcome="success", actor_kind=principal.kind, query=what, **details)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    seq: int | None
    tree_size: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    events: int
    checkpoints: int
    findings: list[Finding]


class AuditConsole:
    """The operator's reads of the log at the data directory (CLI); they work on a damaged log too."""

    def __init__(self, log: SqlAuditLog, witness_files: tuple[Path, ...] = ()) -> None:
        self._log = log
        self._witness_files = witness_files

    def verify(self, *, public_key_pem: bytes | None = None, witness: tuple[Path, ...] = ()) -> Verification:
        """Recompute every hash, MAC, tree node and checkpoint, and compare with the witnesses' copies."""
        key = None
        if public_key_pem is not None:
            try:
                key = load_public_key(public_key_pem)
            except VerificationError as exc:
                raise InputError("the public key file cannot be read as an Ed25519 key") from exc
        report = self._log.verify(key, [*self._witness_files, *witness])
        return Verification(report.ok, report.events, report.checkpoints,
                            [Finding(f.kind, f.seq, f.tree_size, f.detail) for f in report.findings])

    def tail(self, lines: int) -> list[AuditRecord]:
        """The newest ``lines`` events, oldest first."""
        return query_events(self._log, EventFilter(after_seq=newest_start(self._log, lines) - 1), limit=lines)

    def patient(self, tenant: str, reference: str) -> Iterator[AuditRecord]:
        """Every recorded access to one patient's documents (the accounting of disclosures), oldest first."""
        after = -1
        while True:
            page = query_events(self._log, EventFilter(tenant=tenant, patient_ref=reference, after_seq=after),
                                limit=PAGE)
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].seq

    def export(self, fmt: str, *, output: Path | None = None, syslog: str | None = None,
               ca_file: Path | None = None, server_name: str | None = None, cursor: str | None = None,
               start: int | None = None, lines: Callable[[list[str]], None] | None = None) -> int:
        """Export events as ``fmt`` to ``output`` (appended), to a syslog server over TLS, or else to ``lines``
        (the caller's writer, e.g. the CLI's standard output); ``cursor`` resumes from and advances a named
        position. Returns how many were exported."""
        sink: _export.Sink
        if syslog:
            sink = _export.SyslogTlsSink(*_export.syslog_address(syslog), ca_file=ca_file, server_name=server_name)
            fmt = "syslog"
        elif output is not None:
            sink = _export.file_sink(output)
        elif lines is not None:
            sink = lines
        else:
            raise InputError("an export needs a destination: a file, a syslog server or a writer")
        return _export.export_events(self._log, sink, fmt, cursor=cursor, start=start)

    def checkpoint(self) -> dict[str, Any]:
        """Sign a checkpoint now (the document ``GET /v1/audit/checkpoints`` lists)."""
        return checkpoint_document(self._log.checkpoint())

    def proof(self, seq: int, *, tree_size: int | None = None) -> dict[str, Any]:
        return get_proof(self._log, seq, tree_size=tree_size)

    def consistency(self, old_size: int, new_size: int) -> dict[str, Any]:
        return get_consistency(self._log, old_size, new_size)

    def public_key_pem(self) -> str:
        return self._log.keys.public_pem().decode()


def event_filter(*, tenant: str | None = None, actor: str | None = None, resource_kind: str | None = None,
                 resource: str | None = None, action: AuditAction | str | None = None, since: dt.datetime | None = None,
                 until: dt.datetime | None = None, patient_ref: str | None = None,
                 after: int | None = None) -> EventFilter:
    """The filter of an events query from the edge's parameters (empty strings count as absent)."""
    return EventFilter(tenant=tenant, actor_id=actor, resource_kind=resource_kind, resource_id=resource,
                       action=AuditAction(action) if action else None, since=since, until=until,
                       patient_ref=patient_ref or None, after_seq=after)
