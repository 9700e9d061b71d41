"""The pipeline on procrastinate (issue 16, item 1): every state change defers the next stage's job in its own
transaction, ``phigate worker`` runs them (one stage of one document per job), a failing stage follows the retry
rules and ends ``failed``, a document whose job was lost is found by the sweep, and the API side never runs a
stage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from phigate import registry
from phigate.cli import app
from phigate.config import Settings
from phigate.errors import ConfigError
from phigate.models import DocumentRecord, DocumentState, Reason
from phigate.pipeline.runner import Outcome, Runner, Stage
from phigate.services.intake import transition_audit
from tests._fixtures import hostile
from tests._fixtures.audit import detail_of, logged_events, unwritable_log
from tests._fixtures.pipeline import EXAMPLES
from tests._fixtures.release import ALICE, BOB, put

pytest.importorskip("procrastinate")
pytestmark = pytest.mark.postgres

HL7 = (EXAMPLES / "adt-a01.hl7").read_bytes()
FAST_RETRIES = {"max_attempts": 3, "retry_backoff_seconds": 0.01, "retry_backoff_max_seconds": 0.02}


@pytest.fixture
def settings(pg_url: str, tmp_path: Path) -> Settings:
    return Settings.load(data_dir=tmp_path / "data", database={"url": pg_url}, pipeline=FAST_RETRIES,
                         jobs={"backend": "procrastinate", "periodic_seconds": 1})


@pytest.fixture
def runtime(settings: Settings) -> Iterator[registry.Runtime]:
    rt = registry.build(settings)
    yield rt
    rt.close()


def _env(settings: Settings) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    return {**base, "PHIGATE_DATABASE__URL": settings.database_url, "PHIGATE_JOBS__BACKEND": "procrastinate",
            "PHIGATE_PIPELINE__MAX_ATTEMPTS": "3", "PHIGATE_PIPELINE__RETRY_BACKOFF_SECONDS": "0.01"}


def _jobs(rt: registry.Runtime) -> list[tuple[str, str, str, Any]]:
    with rt.engine.connect() as conn:
        return [(r.task_name, r.status, r.lock, r.args) for r in conn.execute(sa.text(
            "SELECT task_name, status, lock, args FROM procrastinate_jobs WHERE queue_name = 'pipeline'"
            " ORDER BY id"))]


def _state(rt: registry.Runtime, doc_id: str) -> DocumentState:
    doc = rt.intake.records.document(doc_id, "t1")
    assert doc is not None
    return doc.state


def _ingest(rt: registry.Runtime) -> str:
    assert rt.documents is not None
    return rt.documents.ingest("t1", [HL7], "application/hl7-v2").record.id


def _drain(rt: registry.Runtime, done: Callable[[], bool], rounds: int = 40) -> None:
    """``phigate worker --once`` in this process until ``done`` (a retry's job is due after its back-off)."""
    for _ in range(rounds):
        registry.job_worker(rt).run(once=True, install_signal_handlers=False)
        if done():
            return
        time.sleep(0.05)
    pytest.fail("the jobs did not get there")


def test_a_new_document_gets_its_job_in_the_same_transaction_and_nothing_runs_here(
        runtime: registry.Runtime) -> None:
    doc_id = _ingest(runtime)
    assert _state(runtime, doc_id) is DocumentState.RECEIVED  # this process parsed nothing
    assert _jobs(runtime) == [("phigate.stage.receive", "todo", doc_id, {"document_id": doc_id, "tenant": "t1"})]
    assert runtime.intake.records.redefer_orphans() == 0  # it has its job


def test_phigate_worker_once_takes_a_document_through_every_stage(runtime: registry.Runtime,
                                                                  settings: Settings) -> None:
    doc_id = _ingest(runtime)
    result = CliRunner().invoke(app, ["worker", "--once", "--data-dir", str(settings.data_dir)], env=_env(settings))
    assert result.exit_code == 0, result.output
    assert _state(runtime, doc_id) is DocumentState.STORED
    assert _jobs(runtime) == []  # each stage's job ran once and was deleted
    stages = [t[2] for t in runtime.intake.records.transitions(doc_id)]
    assert stages == ["ingest", "receive", "queue-scan", "scan", "extract", "analyse", "store"]
    events = [detail_of(e) for e in logged_events(settings.data_dir, _env(settings))
              if detail_of(e).get("op") == "document.transition"]
    assert [e["stage"] for e in events] == stages[1:]


def test_a_backlog_drains_document_by_document(runtime: registry.Runtime) -> None:
    """A later stage's job goes before an earlier one's: one worker carries the first document to the end before
    it starts the second, instead of running every document's first stage, then every second stage."""
    first, second = _ingest(runtime), _ingest(runtime)
    registry.job_worker(runtime, concurrency=1).run(once=True, install_signal_handlers=False)
    with runtime.engine.connect() as conn:
        order = conn.execute(sa.text("SELECT document_id FROM document_transitions WHERE stage <> 'ingest'"
                                     " ORDER BY id")).scalars().all()
    assert order == [first] * 6 + [second] * 6, order


def test_a_failing_stage_is_retried_by_jobs_and_ends_failed(runtime: registry.Runtime, settings: Settings) -> None:
    poisoned, healthy = _ingest(runtime), _ingest(runtime)
    calls: list[str] = []

    class Poisoned:
        def __init__(self, inner: Stage) -> None:
            self.name, self.source, self._inner = inner.name, inner.source, inner

        def run(self, document: DocumentRecord) -> Outcome:
            calls.append(document.id)
            if document.id == poisoned:
                raise KeyError("a bug met by one document")
            return self._inner.run(document)

    assert runtime.pipeline is not None
    runtime.pipeline = Runner(runtime.intake.records,
                              [Poisoned(s) if s.name == "extract" else s for s in runtime.pipeline.stages],
                              on_transition=transition_audit(runtime.audit), retry=registry.retry_policy(settings),
                              deferred=True)
    _drain(runtime, lambda: _state(runtime, poisoned) is DocumentState.FAILED)
    assert _state(runtime, healthy) is DocumentState.STORED
    assert calls.count(poisoned) == 3  # max_attempts jobs, then none
    failed = runtime.intake.records.document(poisoned, "t1")
    assert failed is not None and failed.reasons == (
        Reason("pipeline.unexpected_error", "KeyError in the extract stage, 3 attempts"),)
    assert [j for j in _jobs(runtime) if j[1] == "todo"] == []


def test_the_sweep_redefers_a_lost_job_and_a_leased_document_waits(runtime: registry.Runtime) -> None:
    doc_id = _ingest(runtime)
    with runtime.engine.begin() as conn:  # as if the job had failed on an outage and was given up
        conn.execute(sa.text("DELETE FROM procrastinate_jobs"))
    assert runtime.intake.records.redefer_orphans() == 1
    assert [j[0] for j in _jobs(runtime)] == ["phigate.stage.receive"]
    # a worker that was lost mid-job still holds the lease: the job (here run by hand, its queued twin taken
    # away) comes back later instead of running
    with runtime.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM procrastinate_jobs"))
    assert runtime.intake.records.lease(doc_id, "lost-worker", lease_seconds=60)
    runtime.runner.run_job(doc_id, "receive")
    assert _state(runtime, doc_id) is DocumentState.RECEIVED
    with runtime.engine.connect() as conn:
        later = conn.execute(sa.text("SELECT task_name, scheduled_at > now() FROM procrastinate_jobs"
                                     " WHERE status = 'todo'")).all()
    assert [tuple(r) for r in later] == [("phigate.stage.receive", True)]


class _Crash(BaseException):
    """The process dies: nothing after this point runs (not even ``except Exception`` handlers)."""


def _unscannable(rt: registry.Runtime) -> str:
    doc_id = put(rt, hostile.encrypted_pdf(), "application/pdf")
    _drain(rt, lambda: _state(rt, doc_id) is DocumentState.UNSCANNABLE)
    assert rt.quarantine is not None
    rt.quarantine.request_release(ALICE, doc_id, "clinically_required", "synthetic justification")
    return doc_id


def test_a_release_approval_commits_with_its_job(runtime: registry.Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    doc_id = _unscannable(runtime)
    assert [j for j in _jobs(runtime) if j[2] == doc_id] == []  # unscannable: no stage starts from there

    def crash(self: Runner, document_id: str) -> DocumentRecord:
        raise _Crash  # the process dies right after the approval's commit

    monkeypatch.setattr(Runner, "advance", crash)
    assert runtime.quarantine is not None
    with pytest.raises(_Crash):
        runtime.quarantine.approve_release(BOB, doc_id)
    monkeypatch.undo()
    assert _state(runtime, doc_id) is DocumentState.CLEAN
    # the job of the stage that starts from clean was deferred inside the approval's transaction
    assert [j for j in _jobs(runtime) if j[2] == doc_id] == [
        ("phigate.stage.extract", "todo", doc_id, {"document_id": doc_id, "tenant": "t1"})]
    assert runtime.intake.records.redefer_orphans() == 0  # nothing for the sweep to repair
    _drain(runtime, lambda: _state(runtime, doc_id) is not DocumentState.CLEAN)
    assert _state(runtime, doc_id) in {DocumentState.NEEDS_REVIEW, DocumentState.STORED}


def test_a_rolled_back_approval_leaves_no_job(runtime: registry.Runtime) -> None:
    from phigate.errors import AuditError

    doc_id = _unscannable(runtime)
    assert runtime.quarantine is not None
    with unwritable_log(runtime.settings), pytest.raises(AuditError):  # the audit write fails: all rolls back
        runtime.quarantine.approve_release(BOB, doc_id)
    assert _state(runtime, doc_id) is DocumentState.UNSCANNABLE
    assert [j for j in _jobs(runtime) if j[2] == doc_id] == []
    assert runtime.quarantine.release_request(BOB, doc_id).status == "pending"


def test_procrastinate_needs_postgresql(tmp_path: Path) -> None:
    settings = Settings.load(data_dir=tmp_path / "data", jobs={"backend": "procrastinate"})
    with pytest.raises(ConfigError, match="needs PostgreSQL"):
        registry.build(settings)


def test_phigate_worker_refuses_the_threads_backend(runtime: registry.Runtime, settings: Settings) -> None:
    env = {**_env(settings), "PHIGATE_JOBS__BACKEND": "threads"}
    result = CliRunner().invoke(app, ["worker", "--once", "--data-dir", str(settings.data_dir)], env=env)
    assert isinstance(result.exception, ConfigError)
    assert "jobs.backend = 'procrastinate'" in result.exception.diagnostics()


@pytest.mark.slow
def test_phigate_worker_reports_health_and_stops_on_sigterm(runtime: registry.Runtime, settings: Settings,
                                                            tmp_path: Path) -> None:
    health = tmp_path / "worker.alive"
    exe = Path(sys.executable).with_name("phigate")
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(exe), "worker", "--data-dir", str(settings.data_dir), "--health-file",
                                 str(health)], env={**_env(settings), "PHIGATE_JOBS__HEARTBEAT_SECONDS": "0.5"},
                                stdout=subprocess.DEVNULL, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while not health.exists():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        doc_id = _ingest(runtime)  # the running worker picks the job up
        while _state(runtime, doc_id) is not DocumentState.STORED:
            assert time.monotonic() < deadline, "the worker did not run the jobs"
            time.sleep(0.2)
        first = health.stat().st_mtime
        time.sleep(1.5)
        assert health.stat().st_mtime > first  # touched every heartbeat
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
