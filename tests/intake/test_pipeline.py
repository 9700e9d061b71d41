"""The state machine and crash recovery through the Python API (``registry.build`` + ``IntakeService``), on
SQLite and PostgreSQL."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from phigate import registry
from phigate._sealed_fields import open_fields
from phigate.config import Settings
from phigate.errors import AuditError, Conflict, Gone, RateLimited
from phigate.models import ActorKind, DocumentRecord, DocumentState, Principal, Reason
from phigate.pipeline.runner import Outcome
from phigate.services.intake import UPLOAD_META, NewUpload
from tests._fixtures import samples
from tests._fixtures.accounts import enrol

ALICE = Principal("svc_alice", ActorKind.SERVICE, "t1", frozenset({"uploads:create"}))
BOB = Principal("svc_bob", ActorKind.SERVICE, "t1", frozenset({"uploads:create"}))


def _build(tmp_path: Path, db_url: str, **intake: object) -> registry.Runtime:
    settings = Settings.load(data_dir=tmp_path / "data", database={"url": db_url}, intake=intake,
                             server={"port": 9443})
    rt = registry.build(settings)
    enrol(rt, ALICE, BOB)
    return rt


@pytest.fixture
def runtime(tmp_path: Path, db_url: str) -> Iterator[registry.Runtime]:
    rt = _build(tmp_path, db_url)
    yield rt
    rt.close()


def _put(rt: registry.Runtime, data: bytes, **kw: object) -> str:
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data), **kw))  # type: ignore[arg-type]
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))
    incoming = rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    incoming.write(data)
    incoming.finish()
    return ticket.upload_id


def test_transitions_are_recorded_and_idempotent(runtime: registry.Runtime) -> None:
    upload_id = _put(runtime, samples.pdf(100))
    records = runtime.intake.records
    doc = records.document(upload_id, "t1")
    assert doc is not None and doc.state is DocumentState.SCANNING
    assert records.transitions(upload_id) == [(None, "received", "upload"), ("received", "quarantined", "receive"),
                                              ("quarantined", "scanning", "queue-scan")]
    # re-running a stage that already ran changes nothing
    assert records.transition(upload_id, DocumentState.RECEIVED, DocumentState.QUARANTINED, "receive") is False
    assert runtime.runner.advance(upload_id).state is DocumentState.SCANNING
    assert len(records.transitions(upload_id)) == 3
    assert records.document(upload_id, "t2") is None  # tenant-scoped


def test_crash_between_upload_and_stages_resumes(tmp_path: Path, db_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _build(tmp_path, db_url)
    monkeypatch.setattr(rt.runner, "advance", lambda document_id: rt.intake.records.document(document_id, None))
    upload_id = _put(rt, samples.pdf(100))
    doc = rt.intake.records.document(upload_id, "t1")
    assert doc is not None and doc.state is DocumentState.RECEIVED
    rt.close()
    restarted = _build(tmp_path, db_url)  # a new process: recover() runs at start-up
    restarted.intake.recover()
    doc = restarted.intake.records.document(upload_id, "t1")
    assert doc is not None and doc.state is DocumentState.SCANNING
    restarted.close()


def test_crash_after_last_tus_byte_completes_on_restart(tmp_path: Path, db_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _build(tmp_path, db_url)
    data = samples.pdf(30_000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data),
                                                      sha256=samples.sha256(data)))
    first = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, 10_000, None)
    first.write(data[:10_000])
    assert first.finish().received == 10_000

    def crash(upload_id: str) -> None:
        raise KeyboardInterrupt  # the process dies after the last part is recorded

    monkeypatch.setattr(rt.intake, "complete_tus", crash)
    second = rt.intake.begin_patch(ALICE, ticket.upload_id, 10_000, len(data) - 10_000, None)
    second.write(data[10_000:])
    with pytest.raises(KeyboardInterrupt):
        second.finish()
    rt.close()
    restarted = _build(tmp_path, db_url)
    restarted.intake.recover()
    status = restarted.intake.status(ALICE, ticket.upload_id)
    assert status.status == "complete" and status.state == "scanning"
    assert b"".join(restarted.vault.open(_quarantine(ticket.upload_id))) == data
    restarted.close()


def test_a_crash_while_completing_a_tus_upload_still_gives_a_document(tmp_path: Path, db_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The process died holding the completion's claim: once the claim's lease lapses, housekeeping completes
    the upload (even past the session's expiry) instead of expiring it and discarding its bytes."""
    rt = _build(tmp_path, db_url, claim_lease_seconds=1)
    data = samples.pdf(30_000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))

    def crash(upload_id: str) -> None:
        rt.intake.records.claim(upload_id)  # complete_tus took its claim ...
        raise KeyboardInterrupt  # ... and the process died

    monkeypatch.setattr(rt.intake, "complete_tus", crash)
    last = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, len(data), None)
    last.write(data)
    with pytest.raises(KeyboardInterrupt):
        last.finish()
    rt.close()
    restarted = _build(tmp_path, db_url, claim_lease_seconds=1)
    try:
        restarted.intake.recover()  # start-up: the claim may not have lapsed yet
        time.sleep(1.2)
        restarted.intake.purge_expired(now=time.time() + 3600)  # housekeeping, after the session's expiry
        status = restarted.intake.status(ALICE, ticket.upload_id)
        assert status.status == "complete" and status.state == "scanning"
        assert b"".join(restarted.vault.open(_quarantine(ticket.upload_id))) == data
    finally:
        restarted.close()


def test_a_put_whose_server_died_can_be_retried_with_the_same_url(tmp_path: Path, db_url: str) -> None:
    """A crash mid-body does not spend the signed URL: 409 while the dead writer's lease runs, then it works. The
    second process is up before the first dies (as behind a load balancer), so however slowly it started under
    load, the lease is still running when it is first asked."""
    rt = _build(tmp_path, db_url, claim_lease_seconds=4)
    data = samples.pdf(30_000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))
    dead = rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    dead.write(data[:10_000])
    other = _build(tmp_path, db_url, claim_lease_seconds=4)
    try:
        rt.close()  # the process dies mid-body: nothing is released
        with pytest.raises(Conflict):
            other.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
        time.sleep(4.2)
        incoming = other.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
        incoming.write(data)
        assert incoming.finish().state == "scanning"
        with pytest.raises(Gone):  # spent once it succeeded
            other.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    finally:
        other.close()
        dead._receiver.abort()  # the dead process's open temp file (its claim is long gone: nothing recorded)


def test_a_live_writer_keeps_its_claim_however_slow_the_client(tmp_path: Path, db_url: str) -> None:
    rt = _build(tmp_path, db_url, claim_lease_seconds=1)
    data = samples.pdf(30_000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    try:
        slow = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, len(data), None)
        slow.write(data[:100])
        time.sleep(1.5)  # longer than the lease, no byte arrived: the process renews the claim
        with pytest.raises(Conflict):
            rt.intake.begin_patch(ALICE, ticket.upload_id, 0, len(data), None)
        slow.write(data[100:])
        assert slow.finish().state == "scanning"
    finally:
        rt.close()


def _quarantine(upload_id: str):  # type: ignore[no-untyped-def]
    from phigate.pipeline.receive import quarantine_key

    return quarantine_key("t1", upload_id)


def test_abandoned_partial_uploads_are_purged(tmp_path: Path, db_url: str) -> None:
    rt = _build(tmp_path, db_url, session_ttl_seconds=2)
    data = samples.pdf(30_000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    part = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, 10_000, None)
    part.write(data[:10_000])
    part.finish()
    parts_dir = tmp_path / "data" / "blobs" / "t1" / "upload-parts"
    assert list(parts_dir.glob(f"{ticket.upload_id}.*"))
    assert rt.intake.purge_expired(now=time.time()) == 0
    assert rt.intake.purge_expired(now=time.time() + 5) == 1
    assert not list(parts_dir.glob(f"{ticket.upload_id}.*"))
    assert rt.intake.status(ALICE, ticket.upload_id).status == "expired"
    with pytest.raises(Gone):
        rt.intake.begin_patch(ALICE, ticket.upload_id, 10_000, 100, None)
    rt.close()


def test_phi_fields_are_sealed_in_the_database(runtime: registry.Runtime) -> None:
    ticket = runtime.intake.create_upload(ALICE, NewUpload("Jane_Synthetic.pdf", "application/pdf", 10,
                                                           patient_ref="MRN-000-SYN"))
    with runtime.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT sealed_meta FROM upload_sessions WHERE id = :i"),
                           {"i": ticket.upload_id}).scalar_one()
    assert b"Jane" not in bytes(raw) and b"MRN-000" not in bytes(raw)
    fields = open_fields(runtime.keys, "t1", UPLOAD_META, ticket.upload_id, bytes(raw))
    assert fields == {"filename": "Jane_Synthetic.pdf", "patient_ref": "MRN-000-SYN"}


def test_rate_limit_mechanism(tmp_path: Path, db_url: str) -> None:
    rt = _build(tmp_path, db_url, sessions_per_client=3, rate_window_seconds=3600)
    for _ in range(3):
        rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", 10))
    with pytest.raises(RateLimited):
        rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", 10))
    bob = BOB
    rt.intake.create_upload(bob, NewUpload("n.pdf", "application/pdf", 10))
    rt.close()


def test_second_writer_is_refused(runtime: registry.Runtime) -> None:
    data = samples.pdf(20_000)
    ticket = runtime.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    first = runtime.intake.begin_patch(ALICE, ticket.upload_id, 0, 10_000, None)
    with pytest.raises(Conflict):
        runtime.intake.begin_patch(ALICE, ticket.upload_id, 0, 10_000, None)
    first.write(data[:10_000])
    first.finish()


def test_audit_failure_keeps_nothing(runtime: registry.Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*a: object, **k: object) -> None:
        raise AuditError()

    monkeypatch.setattr(runtime.audit, "record", broken)
    with pytest.raises(AuditError):
        runtime.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", 10))
    with runtime.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM upload_sessions")).scalar_one() == 0


class _FakeVerdictStage:
    """A stand-in for the scanner branch's stage, to prove the entry point (scanning -> clean)."""

    name = "scan"
    source = DocumentState.SCANNING

    def run(self, document: DocumentRecord) -> Outcome:
        return Outcome(DocumentState.CLEAN, "clean", (Reason("no_findings"),))


def test_scan_stage_plugs_in_after_scanning(tmp_path: Path, db_url: str) -> None:
    settings = Settings.load(data_dir=tmp_path / "data", database={"url": db_url})
    rt = registry.build(settings, extra_stages=(_FakeVerdictStage(),))
    enrol(rt, ALICE)
    upload_id = _put(rt, samples.pdf(100))
    status = rt.intake.status(ALICE, upload_id)
    assert (status.state, status.verdict, status.reasons) == ("clean", "clean", (Reason("no_findings"),))
    assert rt.readiness()["scanner"] == "ok"
    rt.close()
