"""Exports: RFC 5424 over TLS to a real rsyslogd, OCSF and FHIR R4 shapes, incremental cursors, and an
export running while appends go on."""

from __future__ import annotations

import json
import threading

import pytest

from phigate.audit import SqlAuditLog
from phigate.audit.export import SyslogTlsSink, export_events, read_cursor, to_fhir, to_ocsf, to_syslog
from phigate.audit.queries import EventFilter, query_events
from phigate.errors import AuditError, InputError
from phigate.models import ActorKind, AuditAction, AuditEvent, AuditOutcome, PurposeOfUse
from tests._fixtures.rsyslog import Rsyslog
from tests._fixtures.services import wait_for


def fill(log: SqlAuditLog, n: int) -> None:
    for i in range(n):
        log.append(AuditEvent(actor_id=f"dr-{i}", actor_kind=ActorKind.USER,
                              action=[AuditAction.READ, AuditAction.SHARE, AuditAction.DELETE][i % 3],
                              resource_kind="document", resource_id=f"doc-{i}", tenant="acme",
                              purpose=PurposeOfUse.TREATMENT, source_addr="192.0.2.7",
                              outcome=AuditOutcome.DENIED if i == 1 else AuditOutcome.SUCCESS,
                              object_hash="cd" * 32), patient_ref="MRN-1")


@pytest.mark.parametrize("audit_db_url", ["sqlite"], indirect=True)
def test_syslog_over_tls_reaches_rsyslog_with_structured_data(audit_log: SqlAuditLog,
                                                               rsyslog_tls: Rsyslog) -> None:
    fill(audit_log, 5)
    sink = SyslogTlsSink(rsyslog_tls.host, rsyslog_tls.port, ca_file=rsyslog_tls.ca_file,
                         server_name="localhost")
    assert export_events(audit_log, sink, "syslog", cursor="siem") == 5
    wait_for(lambda: rsyslog_tls.output.exists() and len(rsyslog_tls.output.read_text().splitlines()) == 5,
             timeout=10, what="rsyslog output")
    lines = rsyslog_tls.output.read_text().splitlines()
    assert lines[0].startswith("110 ") and "phigate AUDIT [phigate@32473 " in lines[0]
    assert 'seq="0"' in lines[0] and 'resource_id="doc-0"' in lines[0]
    assert lines[1].startswith("109 ")  # the denied event is a notice
    assert "MRN" not in rsyslog_tls.output.read_text()
    assert read_cursor(audit_log, "siem") == 5


@pytest.mark.parametrize("audit_db_url", ["sqlite"], indirect=True)
def test_syslog_refuses_an_untrusted_server(audit_log: SqlAuditLog, rsyslog_tls: Rsyslog) -> None:
    fill(audit_log, 1)
    sink = SyslogTlsSink(rsyslog_tls.host, rsyslog_tls.port, server_name="localhost")  # system CAs only
    with pytest.raises(AuditError):
        export_events(audit_log, sink, "syslog", cursor="siem")
    assert read_cursor(audit_log, "siem") == 0  # the cursor did not move


def test_ocsf_and_fhir_shapes(audit_log: SqlAuditLog) -> None:
    fill(audit_log, 3)
    read, share, delete = query_events(audit_log, EventFilter())
    assert (to_ocsf(read)["class_uid"], to_ocsf(read)["activity_id"]) == (6005, 1)
    assert to_ocsf(delete)["type_uid"] == 600507
    assert to_ocsf(share)["class_uid"] == 6003 and to_ocsf(share)["status_id"] == 2
    fhir = to_fhir(read)
    assert fhir["resourceType"] == "AuditEvent" and fhir["action"] == "R" and fhir["outcome"] == "0"
    assert fhir["purposeOfEvent"][0]["coding"][0]["code"] == "TREAT"
    assert to_fhir(share)["outcome"] == "4" and "action" not in to_fhir(share)
    assert "MRN" not in json.dumps([to_fhir(read), to_ocsf(read)])


def test_syslog_escapes_structured_data() -> None:
    from phigate.audit._schema import parse_time
    from phigate.models import AuditRecord

    record = AuditRecord(seq=1, event=AuditEvent(actor_id="a", actor_kind=ActorKind.USER, action=AuditAction.READ,
                                                 resource_kind="document", policy_id='p"]\\x',
                                                 time=parse_time("2026-01-01T00:00:00.000000Z")),
                         leaf_hash=bytes(32), chain_hash=bytes(32))
    assert 'policy_id="p\\"\\]\\\\x"' in to_syslog(record, hostname="h o\nst")
    assert " host phigate - AUDIT " in to_syslog(record, hostname="h o\nst")


def test_incremental_export_while_appending(audit_log: SqlAuditLog) -> None:
    fill(audit_log, 20)
    got: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            audit_log.append(AuditEvent(actor_id="svc", actor_kind=ActorKind.SERVICE, action=AuditAction.SCAN,
                                        resource_kind="document", resource_id=f"n-{i}"))
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        for _ in range(5):
            export_events(audit_log, lambda lines: got.extend(json.loads(x)["seq"] for x in lines),
                          cursor="c1", batch=7)
    finally:
        stop.set()
        t.join()
    export_events(audit_log, lambda lines: got.extend(json.loads(x)["seq"] for x in lines), cursor="c1")
    assert got == list(range(audit_log.size))  # nothing lost, nothing twice


def test_export_rejects_bad_arguments(audit_log: SqlAuditLog) -> None:
    with pytest.raises(InputError):
        export_events(audit_log, lambda lines: None, "xml")
    with pytest.raises(InputError):
        export_events(audit_log, lambda lines: None, cursor="../x y")
