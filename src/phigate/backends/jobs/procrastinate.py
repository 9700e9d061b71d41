"""``JobQueue`` on procrastinate (PostgreSQL). Jobs are deferred with procrastinate's own SQL function on the
caller's connection, inside its transaction: a state change and the job for the next stage are one commit.
Workers are procrastinate workers (``JobWorker``) on the same database; a job's lock is its document, so two
jobs of one document never run at once, and its queueing lock keeps one waiting job per stage and document."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import procrastinate
from procrastinate.schema import SchemaManager
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from phigate.errors import ConfigError, ServiceUnavailable

log = logging.getLogger("phigate.jobs")

QUEUE = "pipeline"
HOUSEKEEPING = "housekeeping"
TASK_PREFIX = "phigate.stage."
PERIODIC_PREFIX = "phigate.periodic."
_SCHEMA_LOCK = 0x7068_6967  # pg_advisory_xact_lock key: two processes starting at once apply the schema once

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, :priority, :lock, :queueing_lock,"
    " CAST(:args AS jsonb), CASE WHEN :delay > 0 THEN now() + make_interval(secs => :delay) END)"
    "::procrastinate_job_to_defer_v1])")
_PENDING = text(
    "SELECT task_name FROM procrastinate_jobs WHERE queue_name = :queue AND lock = :lock"
    " AND status IN ('todo', 'doing') ORDER BY id")
_WITH_JOBS = text(
    "SELECT DISTINCT lock FROM procrastinate_jobs WHERE queue_name = :queue AND lock = ANY(:locks)"
    " AND status IN ('todo', 'doing')")
_PRESENT = text("SELECT to_regtype('procrastinate_job_to_defer_v1')")


class ProcrastinateJobQueue:
    """Defers pipeline jobs in the caller's transaction. ``engine`` must be PostgreSQL with procrastinate's
    schema applied (``apply_schema``); the constructor refuses anything else (fail at start-up)."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ConfigError("the procrastinate job queue needs PostgreSQL")
        try:
            with engine.connect() as conn:
                present = conn.execute(_PRESENT).scalar()
        except SQLAlchemyError as exc:
            raise ServiceUnavailable("the job queue's database cannot be reached") from exc
        if present is None:
            raise ConfigError("procrastinate's schema is missing: apply it first (ProcrastinateJobQueue.apply_schema)")

    @staticmethod
    def apply_schema(engine: Engine) -> None:
        """Create procrastinate's tables, types and functions once (a no-op when they exist)."""
        if engine.dialect.name != "postgresql":
            raise ConfigError("the procrastinate job queue needs PostgreSQL")
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            if conn.execute(_PRESENT).scalar() is None:
                # psycopg's own cursor, without parameters: the schema's '%' signs are not placeholders
                conn.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]

    def defer(self, transaction: Connection, stage: str, document_id: str, tenant: str, *,
              delay: float = 0.0, priority: int = 0) -> None:
        args = json.dumps({"document_id": document_id, "tenant": tenant})  # ids only: no PHI in a job
        try:
            with transaction.begin_nested():  # a duplicate must not abort the caller's transaction
                transaction.execute(_DEFER, {"queue": QUEUE, "task": TASK_PREFIX + stage, "lock": document_id,
                                             "queueing_lock": f"{stage}:{document_id}", "args": args,
                                             "delay": max(0.0, float(delay)), "priority": priority})
        except IntegrityError:
            return  # this stage already has a job waiting for this document
        except SQLAlchemyError as exc:
            raise ServiceUnavailable("the job could not be deferred") from exc

    def pending(self, transaction: Connection, document_id: str) -> list[str]:
        rows = transaction.execute(_PENDING, {"queue": QUEUE, "lock": document_id}).scalars()
        return [str(name).removeprefix(TASK_PREFIX) for name in rows]

    def with_jobs(self, transaction: Connection, document_ids: Sequence[str]) -> set[str]:
        if not document_ids:
            return set()
        rows = transaction.execute(_WITH_JOBS, {"queue": QUEUE, "locks": list(document_ids)}).scalars()
        return {str(lock) for lock in rows}


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """How a ``phigate worker`` runs (the ``[jobs]`` settings, handed over as plain values)."""

    concurrency: int = 2
    periodic_seconds: int = 15
    heartbeat_seconds: float = 10.0
    stalled_worker_seconds: float = 30.0
    shutdown_grace_seconds: float = 60.0


class JobWorker:
    """A procrastinate worker: ``stages`` maps a stage name to ``(document_id, tenant) -> None``; ``periodic``
    maps a name to a housekeeping callable run every ``periodic_seconds`` by one worker of the fleet (the
    periodic deferrer's defers are unique per tick). A job whose worker went silent (SIGKILL, a lost machine) is
    put back in the queue by the ``stalled-jobs`` periodic task once the worker missed its heartbeats."""

    def __init__(self, conninfo: str, stages: Mapping[str, Callable[[str, str], None]],
                 periodic: Mapping[str, Callable[[], object]], options: WorkerOptions) -> None:
        self._options = options
        self.app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))
        for stage, run in stages.items():
            self.app.task(name=TASK_PREFIX + stage, queue=QUEUE, pass_context=False)(run)
        self._periodic = dict(periodic)
        cron = f"*/{options.periodic_seconds} * * * * *"
        for name, job in self._periodic.items():
            task = self.app.task(name=PERIODIC_PREFIX + name, queue=HOUSEKEEPING, pass_context=False,
                                 queueing_lock=PERIODIC_PREFIX + name)(_each_tick(name, job))
            self.app.periodic(cron=cron, periodic_id=name)(task)
        stalled = self.app.task(name=PERIODIC_PREFIX + "stalled-jobs", queue=HOUSEKEEPING, pass_context=False,
                                queueing_lock=PERIODIC_PREFIX + "stalled-jobs")(self._retry_stalled)
        self.app.periodic(cron=cron, periodic_id="stalled-jobs")(stalled)

    async def _retry_stalled(self, timestamp: int) -> None:
        del timestamp
        jobs = await self.app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=self._options.stalled_worker_seconds)
        for job in jobs:
            log.warning("job %s of a silent worker is retried", job.id)
            await self.app.job_manager.retry_job(job)

    def housekeeping_once(self) -> None:
        """Run every periodic job once, here (``phigate worker --once``)."""
        for name, job in self._periodic.items():
            _guarded(name, job)

    def run(self, *, queues: Sequence[str] | None = None, once: bool = False,
            install_signal_handlers: bool = True) -> None:
        """Work until SIGTERM/SIGINT (running jobs get ``shutdown_grace_seconds`` to finish, then are aborted
        and retried elsewhere), or with ``once`` until the queues are empty."""
        o = self._options
        try:
            self.app.run_worker(
                # draining (``once``) runs one job at a time: a second slot finding nothing due would end the run
                # while the first job is about to defer the next stage's
                queues=list(queues) if queues else [QUEUE, HOUSEKEEPING], concurrency=1 if once else o.concurrency,
                wait=not once,
                shutdown_graceful_timeout=o.shutdown_grace_seconds, update_heartbeat_interval=o.heartbeat_seconds,
                stalled_worker_timeout=o.stalled_worker_seconds, install_signal_handlers=install_signal_handlers,
                listen_notify=True, delete_jobs="successful")
        except (procrastinate.exceptions.ConnectorException, OSError) as exc:
            raise ServiceUnavailable("the job queue's database cannot be reached") from exc


def _each_tick(name: str, job: Callable[[], object]) -> Callable[[int], None]:
    def run(timestamp: int) -> None:
        del timestamp  # the tick the periodic deferrer scheduled: housekeeping looks at the clock itself
        _guarded(name, job)

    run.__name__ = getattr(job, "__name__", "housekeeping")
    return run


def _guarded(name: str, job: Callable[[], object]) -> None:
    try:
        job()
    except Exception as exc:  # one failing chore must not keep the others from running
        log.warning("housekeeping %s failed: %s", name, getattr(exc, "code", type(exc).__name__))


def conninfo(database_url: str) -> str:
    """libpq's connection string from SQLAlchemy's URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or not scheme.startswith("postgresql"):
        raise ConfigError("the procrastinate job queue needs a postgresql:// database URL")
    return "postgresql://" + rest


__all__ = ["HOUSEKEEPING", "QUEUE", "JobWorker", "ProcrastinateJobQueue", "WorkerOptions", "conninfo"]
