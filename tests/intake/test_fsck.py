"""``phigate fsck``: what crashes leave behind is found (report), and removed or completed with ``--repair``
(each repair audited); what needs a person (a missing original) is only reported."""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate import registry
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import StorageError
from phigate.models import ActorKind, BlobKey, Principal
from phigate.pipeline.receive import PARTS, part_key, quarantine_key
from phigate.services.intake import NewUpload
from tests._fixtures import samples
from tests._fixtures.accounts import enrol
from tests._fixtures.audit import detail_of, logged_events

ALICE = Principal("svc_alice", ActorKind.SERVICE, "t1", frozenset({"uploads:create"}))
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def runtime(data_dir: Path) -> Iterator[registry.Runtime]:
    rt = registry.build(Settings.load(data_dir=data_dir, pipeline={"workers": 0}))
    enrol(rt, ALICE)  # uploads work only while the account that made them is active
    yield rt
    rt.close()


def fsck(data_dir: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["fsck", "--json", "--data-dir", str(data_dir), *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def kinds(report: dict[str, object], repaired: bool | None = None) -> set[tuple[str, str | None]]:
    return {(f["kind"], f["object"]) for f in report["findings"]  # type: ignore[attr-defined]
            if repaired is None or f["repaired"] is repaired}


def _put(rt: registry.Runtime, data: bytes) -> str:
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))
    incoming = rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    incoming.write(data)
    incoming.finish()
    return ticket.upload_id


def _age(path: Path, seconds: float = 3600) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def _leftovers(rt: registry.Runtime, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """One of each thing a crash can leave, made the way the crash would have made it."""
    blobs = data_dir / "blobs" / "t1"
    done = _put(rt, samples.pdf(2000))
    rt.vault.put(part_key("t1", done, 0), [b"%PDF- a part the completion did not discard"])
    rt.vault.put(quarantine_key("t1", "doc_interrupted"), [b"%PDF- an ingest that died before its record"])
    _age(blobs / "quarantine" / "doc_interrupted")
    (blobs / "quarantine" / ".tmp-0123abcd").write_bytes(b"ciphertext of a write that never committed")
    _age(blobs / "quarantine" / ".tmp-0123abcd")
    lost = _put(rt, samples.pdf(3000))
    rt.vault.store.delete(quarantine_key("t1", lost))
    data = samples.pdf(5000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))

    def crash(upload_id: str) -> None:
        raise KeyboardInterrupt  # died after the last byte was recorded, before the document was

    monkeypatch.setattr(rt.intake, "complete_tus", crash)
    patch = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, len(data), None)
    patch.write(data)
    with pytest.raises(KeyboardInterrupt):
        patch.finish()
    monkeypatch.undo()
    return {"done": done, "lost": lost, "unfinished": ticket.upload_id}


def _recorded_not_run(rt: registry.Runtime, monkeypatch: pytest.MonkeyPatch) -> str:
    """A one-part tus upload whose document was recorded by a process that died before anything ran its stages
    (as a worker's job would): the document waits in ``received`` with its part."""
    data = samples.pdf(5000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    monkeypatch.setattr(rt.intake._runner, "advance", lambda document_id: None)
    patch = rt.intake.begin_patch(ALICE, ticket.upload_id, 0, len(data), None)
    patch.write(data)
    patch.finish()
    monkeypatch.undo()
    return ticket.upload_id


def test_parts_a_killed_completion_left_go_with_the_documents_first_stage(
        runtime: registry.Runtime, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGKILL between recording a tus upload's document and deleting its parts left them behind (found by the
    full chaos run); the document's first stage, a durable job, deletes them, so fsck finds nothing after."""
    upload_id = _recorded_not_run(runtime, monkeypatch)
    part = part_key("t1", upload_id, 0)
    assert runtime.vault.store.exists(part)
    # the document waits in `received`: its parts are not orphans (its first stage will delete them)
    assert not {k for k in kinds(fsck(data_dir, "--older-than", "0")[1]) if k[0] == "orphan_part"}

    runtime.intake.recover()  # what a restarted worker does: the document's stages run
    assert not runtime.vault.store.exists(part)
    assert runtime.intake.status(ALICE, upload_id).state != "received"
    assert not {k for k in kinds(fsck(data_dir, "--older-than", "0")[1]) if k[0] == "orphan_part"}


def test_a_store_that_fails_while_the_parts_go_holds_the_document_back(
        runtime: registry.Runtime, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first stage does not move a document on while its parts could not be deleted (a store outage): it
    fails and runs again later, so no part is left behind a document that went on (the stage used to swallow
    the store's error)."""
    upload_id = _recorded_not_run(runtime, monkeypatch)
    part = part_key("t1", upload_id, 0)
    store_delete = runtime.vault.store.delete

    def outage(key: BlobKey) -> None:
        if key.namespace == PARTS:
            raise StorageError("the blob store is unreachable")
        store_delete(key)

    monkeypatch.setattr(runtime.vault.store, "delete", outage)
    runtime.intake.recover()
    assert runtime.vault.store.exists(part)
    assert runtime.intake.status(ALICE, upload_id).state == "received"  # held back, to be retried

    monkeypatch.undo()  # the store is back: the retry deletes the part and the document goes on
    runtime.intake.recover()
    assert not runtime.vault.store.exists(part)
    assert runtime.intake.status(ALICE, upload_id).state != "received"
    assert not {k for k in kinds(fsck(data_dir, "--older-than", "0")[1]) if k[0] == "orphan_part"}


def test_an_expired_upload_takes_the_original_a_killed_put_sealed_with_it(data_dir: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A signed PUT whose process died after sealing the body and before recording the document: once its claim
    lapsed and its upload expired, housekeeping deletes the sealed original with it, so fsck has nothing left."""
    settings = Settings.load(data_dir=data_dir, pipeline={"workers": 0}, intake={"claim_lease_seconds": 1})
    rt = registry.build(settings)
    enrol(rt, ALICE)
    data = samples.pdf(3000)
    ticket = rt.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies: nothing after the seal runs

    monkeypatch.setattr(rt.intake, "_record_document", killed)
    incoming = rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    incoming.write(data)
    with pytest.raises(KeyboardInterrupt):
        incoming.finish()
    rt.close()
    restarted = registry.build(settings)
    try:
        original = quarantine_key("t1", ticket.upload_id)
        assert restarted.vault.store.exists(original)
        time.sleep(1.2)  # the dead writer's claim lapses
        assert restarted.intake.purge_expired(now=time.time() + 86_400) == 1
        assert not restarted.vault.store.exists(original)
    finally:
        restarted.close()
    assert not kinds(fsck(data_dir, "--older-than", "0")[1])


def test_a_completed_tus_upload_keeps_no_part(runtime: registry.Runtime) -> None:
    data = samples.pdf(5000)
    ticket = runtime.intake.create_upload(ALICE, NewUpload("n.pdf", "application/pdf", len(data)))
    for chunk_start, chunk in ((0, data[:2000]), (2000, data[2000:])):  # two parts
        patch = runtime.intake.begin_patch(ALICE, ticket.upload_id, chunk_start, len(chunk), None)
        patch.write(chunk)
        patch.finish()
    assert runtime.intake.status(ALICE, ticket.upload_id).status == "complete"
    assert not list(runtime.vault.store.list("t1", PARTS))


def test_fsck_reports_then_repairs_and_audits(runtime: registry.Runtime, data_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _leftovers(runtime, data_dir, monkeypatch)
    expected = {("temp_file", "t1/quarantine/.tmp-0123abcd"), ("orphan_part", f"{ids['done']}.0"),
                ("orphan_quarantine", "doc_interrupted"), ("unfinished_upload", ids["unfinished"]),
                ("missing_blob", ids["lost"])}
    code, report = fsck(data_dir)
    assert code == 1 and kinds(report) == expected and not kinds(report, repaired=True)
    assert (data_dir / "blobs" / "t1" / "quarantine" / ".tmp-0123abcd").exists()  # a check deletes nothing

    code, report = fsck(data_dir, "--repair")
    assert code == 1  # the missing original needs a person
    assert kinds(report, repaired=False) == {("missing_blob", ids["lost"])}
    assert kinds(report, repaired=True) == expected - {("missing_blob", ids["lost"])}
    assert not (data_dir / "blobs" / "t1" / "quarantine" / ".tmp-0123abcd").exists()
    assert not runtime.vault.store.exists(part_key("t1", ids["done"], 0))
    assert not runtime.vault.store.exists(quarantine_key("t1", "doc_interrupted"))
    status = runtime.intake.status(ALICE, ids["unfinished"])
    assert status.status == "complete" and status.state == "scanning"
    repairs = {detail_of(e).get("finding") for e in logged_events(data_dir, {}) if
               detail_of(e).get("op") == "fsck.repair"}
    assert repairs == {"temp_file", "orphan_part", "orphan_quarantine", "unfinished_upload"}

    code, report = fsck(data_dir)
    assert kinds(report) == {("missing_blob", ids["lost"])}


def test_fresh_writes_are_left_alone(runtime: registry.Runtime, data_dir: Path) -> None:
    """A live writer may be about to record what it just wrote: within the grace period nothing is touched."""
    _put(runtime, samples.pdf(1000))
    runtime.vault.put(quarantine_key("t1", "doc_being_ingested"), [b"%PDF- in flight"])
    (data_dir / "blobs" / "t1" / "quarantine" / ".tmp-feed").write_bytes(b"in flight")
    code, report = fsck(data_dir, "--repair")
    assert code == 0 and report["findings"] == []
    assert runtime.vault.store.exists(quarantine_key("t1", "doc_being_ingested"))
    code, report = fsck(data_dir, "--older-than", "0")
    assert code == 1 and {k for k, _ in kinds(report)} == {"orphan_quarantine", "temp_file"}


def test_a_clean_store_is_clean(runtime: registry.Runtime, data_dir: Path) -> None:
    _put(runtime, samples.pdf(1000))
    result = runner.invoke(app, ["fsck", "--data-dir", str(data_dir)])
    assert result.exit_code == 0 and result.output.startswith("clean (checked ")


def test_the_start_up_check_reports_and_deletes_nothing(runtime: registry.Runtime, data_dir: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    from phigate.fsck import check_at_start

    _put(runtime, samples.pdf(1000))
    runtime.vault.put(quarantine_key("t1", "doc_interrupted"), [b"%PDF- an ingest that died"])
    with caplog.at_level("WARNING", logger="phigate.fsck"):
        check_at_start(registry.fsck(runtime, grace=0))
    assert "fsck: 1 orphan_quarantine; run `phigate fsck`" in caplog.text
    assert runtime.vault.store.exists(quarantine_key("t1", "doc_interrupted"))


@pytest.mark.parametrize("name", ["../outside/.tmp-x", "/etc/.tmp-x", "t1/quarantine/doc_1", "t1/../../.tmp-x",
                                  ".", ""])
def test_only_temporary_files_under_the_root_can_be_removed(tmp_path: Path, name: str) -> None:
    from phigate.backends.storage.filesystem import FilesystemStore
    from phigate.errors import InvalidKey

    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / ".tmp-x").write_bytes(b"x")
    store = FilesystemStore(tmp_path / "blobs")
    with pytest.raises(InvalidKey):
        store.remove_temporary(name)
    assert (tmp_path / "outside" / ".tmp-x").exists()
