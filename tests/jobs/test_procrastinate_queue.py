"""The procrastinate job queue (issue 16, item 1, first part): a job is deferred inside the caller's
transaction, so it exists exactly when the state change it belongs to was committed; jobs carry ids only; one
waiting job per stage and document; a procrastinate worker runs them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from phigate.backends import db
from phigate.errors import ConfigError

procrastinate = pytest.importorskip("procrastinate")

from phigate.backends.jobs.procrastinate import (  # noqa: E402
    QUEUE,
    JobWorker,
    ProcrastinateJobQueue,
    WorkerOptions,
    conninfo,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    e = db.make_engine(pg_url)
    db.migrate(e)
    yield e
    e.dispose()


@pytest.fixture
def queue(engine: Engine) -> ProcrastinateJobQueue:
    ProcrastinateJobQueue.apply_schema(engine)
    ProcrastinateJobQueue.apply_schema(engine)  # idempotent
    return ProcrastinateJobQueue(engine)


def _jobs(engine: Engine) -> list[tuple[str, str, dict[str, str]]]:
    with engine.connect() as conn:
        return [(r.task_name, r.status, r.args) for r in conn.execute(
            text("SELECT task_name, status, args FROM procrastinate_jobs ORDER BY id"))]


def test_a_job_commits_with_its_transaction_and_rolls_back_with_it(engine: Engine,
                                                                   queue: ProcrastinateJobQueue) -> None:
    with engine.begin() as tx:
        queue.defer(tx, "scan", "doc_kept", "t1")
    with pytest.raises(RuntimeError), engine.begin() as tx:
        queue.defer(tx, "scan", "doc_lost", "t1")
        raise RuntimeError("the state change failed after the job was deferred")
    assert _jobs(engine) == [("phigate.stage.scan", "todo", {"document_id": "doc_kept", "tenant": "t1"})]


def test_one_waiting_job_per_stage_and_document(engine: Engine, queue: ProcrastinateJobQueue) -> None:
    with engine.begin() as tx:
        queue.defer(tx, "scan", "doc_1", "t1")
        queue.defer(tx, "scan", "doc_1", "t1")  # a duplicate leaves the transaction usable
        queue.defer(tx, "extract", "doc_1", "t1")
        assert queue.pending(tx, "doc_1") == ["scan", "extract"]
    assert len(_jobs(engine)) == 2


def test_a_procrastinate_worker_runs_the_jobs(engine: Engine, queue: ProcrastinateJobQueue, pg_url: str) -> None:
    ran: list[tuple[str, str, str]] = []
    with engine.begin() as tx:
        queue.defer(tx, "scan", "doc_a", "t1")
        queue.defer(tx, "extract", "doc_b", "t2")
    worker = JobWorker(conninfo(pg_url), {
        "scan": lambda document_id, tenant: ran.append(("scan", document_id, tenant)),
        "extract": lambda document_id, tenant: ran.append(("extract", document_id, tenant)),
    }, {}, WorkerOptions())
    worker.run(queues=[QUEUE], once=True, install_signal_handlers=False)
    assert sorted(ran) == [("extract", "doc_b", "t2"), ("scan", "doc_a", "t1")]
    assert [j for j in _jobs(engine) if j[0].startswith("phigate.stage.")] == []  # successful jobs are deleted


def test_a_delayed_job_waits_and_the_sweep_sees_it(engine: Engine, queue: ProcrastinateJobQueue, pg_url: str) -> None:
    ran: list[str] = []
    with engine.begin() as tx:
        queue.defer(tx, "scan", "doc_later", "t1", delay=3600)
        assert queue.with_jobs(tx, ["doc_later", "doc_none"]) == {"doc_later"}
    JobWorker(conninfo(pg_url), {"scan": lambda document_id, tenant: ran.append(document_id)}, {},
              WorkerOptions()).run(queues=[QUEUE], once=True, install_signal_handlers=False)
    assert ran == []
    assert [status for task, status, _ in _jobs(engine) if task.startswith("phigate.stage.")] == ["todo"]


def test_sqlite_is_refused() -> None:
    e = db.make_engine("sqlite+pysqlite:///:memory:")
    try:
        with pytest.raises(ConfigError):
            ProcrastinateJobQueue(e)
    finally:
        e.dispose()
