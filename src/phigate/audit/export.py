"""Exports for SIEMs: JSON Lines, RFC 5424 syslog (sent over TLS, RFC 5425), OCSF and FHIR R4 AuditEvent.

Exports are incremental: a named cursor in ``audit_export_cursors`` remembers the next sequence number, and
moves only after the sink accepted a batch (at-least-once delivery; the sequence number lets a SIEM drop
duplicates). They read on their own connection and never take the writer's lock, so appends go on.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from phigate.audit import _schema as s
from phigate.audit._log import SqlAuditLog
from phigate.errors import AuditError, ConfigError, InputError
from phigate.models import AuditAction, AuditOutcome, AuditRecord

Formatter = Callable[[AuditRecord], str]
Sink = Callable[[list[str]], None]

SD_ID = "phigate@32473"  # 32473 is the IANA example enterprise number (RFC 5612); deployments may set their own
_OCSF_VERSION = "1.1.0"
_DATASTORE = {AuditAction.READ: 1, AuditAction.UPDATE: 2, AuditAction.CREATE: 6, AuditAction.DELETE: 7}
_API = {AuditAction.CREATE: 1, AuditAction.READ: 2, AuditAction.UPDATE: 3, AuditAction.DELETE: 4}
_FHIR_ACTION = {AuditAction.CREATE: "C", AuditAction.READ: "R", AuditAction.UPDATE: "U",
                AuditAction.DELETE: "D"}
_FHIR_OUTCOME = {AuditOutcome.SUCCESS: "0", AuditOutcome.DENIED: "4", AuditOutcome.FAILURE: "8"}
_FHIR_PURPOSE = {"treatment": "TREAT", "payment": "HPAYMT", "operations": "HOPERAT", "research": "HRESCH",
                 "public_health": "PUBHLTH", "patient_request": "PATRQT", "legal": "HLEGAL", "audit": "HOPERAT",
                 "system": "HOPERAT"}


def as_json(record: AuditRecord) -> dict[str, Any]:
    """The JSON Lines form: the entry fields, ``seq`` and the hashes (what ``verifier.py log`` reads)."""
    return {"seq": record.seq, **s.record_fields(record), "leaf_hash": record.leaf_hash.hex(),
            "chain_hash": record.chain_hash.hex()}


def to_jsonl(record: AuditRecord) -> str:
    return json.dumps(as_json(record), separators=(",", ":"), sort_keys=True)


def to_ocsf(record: AuditRecord) -> dict[str, Any]:
    """OCSF 1.1: Datastore Activity (6005) for document operations, API Activity (6003) for the rest."""
    e = record.event
    assert e.time is not None
    if e.action in _DATASTORE and e.resource_kind == "document":
        class_uid, activity_id, class_name = 6005, _DATASTORE[e.action], "Datastore Activity"
    else:
        class_uid, activity_id, class_name = 6003, _API.get(e.action, 99), "API Activity"
    failed = e.outcome is not AuditOutcome.SUCCESS
    return {
        "category_uid": 6, "category_name": "Application Activity", "class_uid": class_uid,
        "class_name": class_name, "activity_id": activity_id, "type_uid": class_uid * 100 + activity_id,
        "time": int(e.time.timestamp() * 1000), "severity_id": 3 if failed else 1,
        "status_id": 2 if failed else 1, "status": e.outcome.value,
        "metadata": {"version": _OCSF_VERSION, "uid": str(record.seq),
                     "product": {"name": "phigate", "vendor_name": "phigate"},
                     "tenant_uid": e.tenant, "correlation_uid": e.request_id},
        "actor": {"user": {"uid": e.actor_id, "type": e.actor_kind.value}},
        "src_endpoint": {"ip": e.source_addr} if e.source_addr else {},
        "api": {"operation": e.action.value, "request": {"uid": e.request_id}},
        "resources": [{"type": e.resource_kind, "uid": e.resource_id,
                       **({"data": {"sha256": e.object_hash}} if e.object_hash else {})}],
        "unmapped": {"purpose_of_use": None if e.purpose is None else e.purpose.value, "decision": e.decision,
                     "policy_id": e.policy_id, "patient_hash": e.patient_hash, "detail": e.detail,
                     "leaf_hash": record.leaf_hash.hex()},
    }


def to_fhir(record: AuditRecord) -> dict[str, Any]:
    """A FHIR R4 AuditEvent (validated with fhir.resources' R4B model, whose AuditEvent is R4's)."""
    from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent

    e = record.event
    assert e.time is not None
    rest = e.action in _FHIR_ACTION
    doc: dict[str, Any] = {
        "resourceType": "AuditEvent", "id": f"phigate-audit-{record.seq}",
        "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                 "code": "rest" if rest else "110100", "display": "RESTful Operation" if rest
                 else "Application Activity"},
        "subtype": [{"system": "urn:phigate:audit:action", "code": e.action.value}],
        "recorded": e.time.isoformat().replace("+00:00", "Z"),
        "outcome": _FHIR_OUTCOME[e.outcome],
        "agent": [{"type": {"coding": [{"system": "urn:phigate:actor-kind", "code": e.actor_kind.value}]},
                   "who": {"identifier": {"system": "urn:phigate:principal", "value": e.actor_id}},
                   "requestor": True,
                   **({"network": {"address": e.source_addr, "type": "2"}} if e.source_addr else {})}],
        "source": {"observer": {"display": "phigate"},
                   **({"site": e.tenant} if e.tenant else {})},
        "entity": [{"what": {"identifier": {"system": f"urn:phigate:{e.resource_kind}",
                                            "value": e.resource_id or "-"}},
                    "detail": [{"type": k, "valueString": v} for k, v in
                               (("object_hash", e.object_hash), ("patient_hash", e.patient_hash),
                                ("policy_id", e.policy_id), ("decision", e.decision),
                                ("request_id", e.request_id), ("detail", e.detail),
                                ("leaf_hash", record.leaf_hash.hex())) if v]}],
    }
    if rest:
        doc["action"] = _FHIR_ACTION[e.action]
    if e.purpose is not None:
        doc["purposeOfEvent"] = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                                              "code": _FHIR_PURPOSE[e.purpose.value]}]}]
    validated: dict[str, Any] = FhirAuditEvent.model_validate(doc).model_dump(mode="json", exclude_none=True)
    return validated


def to_syslog(record: AuditRecord, hostname: str | None = None) -> str:
    """One RFC 5424 message: facility 13 (log audit), severity info or notice; fields as STRUCTURED-DATA."""
    e = record.event
    assert e.time is not None
    pri = 13 * 8 + (6 if e.outcome is AuditOutcome.SUCCESS else 5)
    params = " ".join(f'{k}="{_sd_escape(v)}"' for k, v in as_json(record).items()
                      if v is not None and k not in ("time", "chain_hash"))
    ts = e.time.isoformat(timespec="microseconds").replace("+00:00", "Z")
    host = _header_token(hostname or socket.gethostname())
    return f"<{pri}>1 {ts} {host} phigate - AUDIT [{SD_ID} {params}] {e.action.value} {e.resource_kind}"


def checkpoint_to_syslog(doc: dict[str, Any], hostname: str | None = None) -> str:
    """One RFC 5424 message carrying a signed checkpoint (``checkpoint_document`` form) as compact JSON, for a
    syslog witness; ``audit verify --witness`` reads such lines back."""
    ts = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    host = _header_token(hostname or socket.gethostname())
    body = json.dumps(doc, separators=(",", ":"), sort_keys=True)
    return f'<110>1 {ts} {host} phigate - CHECKPOINT [{SD_ID} tree_size="{int(doc["tree_size"])}"] {body}'


def syslog_witness(address: str, *, ca_file: Path | None = None, server_name: str | None = None
                   ) -> Callable[[dict[str, Any]], None]:
    """The audit log's witness over syslog: each checkpoint, sent over TLS to ``HOST:PORT`` as it is signed."""
    sink = SyslogTlsSink(*syslog_address(address), ca_file=ca_file, server_name=server_name, timeout=5.0)

    def send(doc: dict[str, Any]) -> None:
        sink([checkpoint_to_syslog(doc)])

    return send


def syslog_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError("a syslog address must be HOST:PORT")
    return host, int(port)


def _sd_escape(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def _header_token(value: str) -> str:
    cleaned = "".join(c for c in value if 33 <= ord(c) <= 126)[:255]
    return cleaned or "-"


FORMATS: dict[str, Formatter] = {
    "jsonl": to_jsonl,
    "ocsf": lambda r: json.dumps(to_ocsf(r), separators=(",", ":")),
    "fhir": lambda r: json.dumps(to_fhir(r), separators=(",", ":")),
    "syslog": to_syslog,
}


def read_cursor(log: SqlAuditLog, name: str) -> int:
    value = log.db.cursor(name)
    return 0 if value is None else value


def export_events(log: SqlAuditLog, sink: Sink, fmt: str = "jsonl", *, cursor: str | None = None,
                  start: int | None = None, batch: int = 1000, limit: int | None = None) -> int:
    """Send events from the cursor's position (or ``start``) to ``sink`` in batches; return how many."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format; choose one of {', '.join(FORMATS)}")
    if cursor is not None and not s.TOKEN.fullmatch(cursor):
        raise InputError("cursor name must be an id")
    formatter = FORMATS[fmt]
    nxt = start if start is not None else (read_cursor(log, cursor) if cursor else 0)
    sent = 0
    for page in _pages(log, nxt, batch):
        records = page if limit is None else page[:limit - sent]
        if not records:
            break
        sink([formatter(r) for r in records])
        sent += len(records)
        nxt = records[-1].seq + 1
        if cursor is not None:
            log.db.save_cursor(cursor, nxt)
        if limit is not None and sent >= limit:
            break
    return sent


def _pages(log: SqlAuditLog, start: int, batch: int) -> Iterator[list[AuditRecord]]:
    for rows in log.db.rows(start, chunk=batch):
        yield [s.row_to_record(r) for r in rows]


class SyslogTlsSink:
    """Sends RFC 5424 messages over TCP with TLS (RFC 5425 octet-counted framing) to a syslog receiver.

    The server certificate is verified against ``ca_file`` (or the system's trust store) and its name.
    """

    def __init__(self, host: str, port: int, *, ca_file: Path | None = None, server_name: str | None = None,
                 timeout: float = 10.0) -> None:
        try:
            self._ctx = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError("the syslog CA file cannot be read") from exc
        self._ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        self._addr = (host, port)
        self._name = server_name or host
        self._timeout = timeout

    def __call__(self, messages: list[str]) -> None:
        frames = b"".join(b"%d %s" % (len(m.encode()), m.encode()) for m in messages)
        try:
            with socket.create_connection(self._addr, timeout=self._timeout) as raw, \
                    self._ctx.wrap_socket(raw, server_hostname=self._name) as tls:
                tls.sendall(frames)
        except (OSError, ssl.SSLError) as exc:
            raise AuditError("the syslog receiver refused or is unreachable") from exc


def file_sink(path: Path) -> Sink:
    def write(lines: list[str]) -> None:
        with path.open("a", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)

    return write
