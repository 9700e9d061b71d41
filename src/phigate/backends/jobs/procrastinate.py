"""``JobQueue`` on procrastinate (PostgreSQL). Jobs are deferred with procrastinate's own SQL function on the
caller's connection, inside its transaction: a state change and the job for the next stage are one commit.
Workers are procrastinate workers (``app()``) on the same database; a job's lock is its document, so two
jobs of one document never run at once, and its queueing lock keeps one waiting job per stage and document."""

from __future__ import annotations

import json
from typing import Any

import procrastinate
from procrastinate.schema import SchemaManager
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from phigate.errors import ConfigError, ServiceUnavailable

QUEUE = "pipeline"
TASK_PREFIX = "phigate.stage."

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :queueing_lock, CAST(:args AS jsonb),"
    " NULL)::procrastinate_job_to_defer_v1])")
_PENDING = text(
    "SELECT task_name FROM procrastinate_jobs WHERE queue_name = :queue AND lock = :lock"
    " AND status IN ('todo', 'doing') ORDER BY id")


class ProcrastinateJobQueue:
    """Defers pipeline jobs in the caller's transaction. ``engine`` must be PostgreSQL with procrastinate's
    schema applied (``apply_schema``); the constructor refuses anything else (fail at start-up)."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ConfigError("the procrastinate job queue needs PostgreSQL")
        try:
            with engine.connect() as conn:
                present = conn.execute(text("SELECT to_regtype('procrastinate_job_to_defer_v1')")).scalar()
        except SQLAlchemyError as exc:
            raise ServiceUnavailable("the job queue's database cannot be reached") from exc
        if present is None:
            raise ConfigError("procrastinate's schema is missing: apply it first (ProcrastinateJobQueue.apply_schema)")

    @staticmethod
    def apply_schema(engine: Engine) -> None:
        """Create procrastinate's tables, types and functions once (a no-op when they exist)."""
        with engine.begin() as conn:
            if conn.execute(text("SELECT to_regtype('procrastinate_job_to_defer_v1')")).scalar() is None:
                # psycopg's own cursor, without parameters: the schema's '%' signs are not placeholders
                conn.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]

    def defer(self, transaction: Connection, stage: str, document_id: str, tenant: str) -> None:
        args = json.dumps({"document_id": document_id, "tenant": tenant})  # ids only: no PHI in a job
        try:
            with transaction.begin_nested():  # a duplicate must not abort the caller's transaction
                transaction.execute(_DEFER, {"queue": QUEUE, "task": TASK_PREFIX + stage, "lock": document_id,
                                             "queueing_lock": f"{stage}:{document_id}", "args": args})
        except IntegrityError:
            return  # this stage already has a job waiting for this document
        except SQLAlchemyError as exc:
            raise ServiceUnavailable("the job could not be deferred") from exc

    def pending(self, transaction: Connection, document_id: str) -> list[str]:
        rows = transaction.execute(_PENDING, {"queue": QUEUE, "lock": document_id}).scalars()
        return [str(name).removeprefix(TASK_PREFIX) for name in rows]


def worker_app(conninfo: str, stages: dict[str, Any]) -> procrastinate.App:
    """A procrastinate app whose tasks run the pipeline stages: ``stages`` maps a stage name to a callable
    ``(document_id, tenant) -> None``. Run it with ``app.run_worker(queues=[QUEUE])``."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))
    for stage, run in stages.items():
        app.task(name=TASK_PREFIX + stage, queue=QUEUE, pass_context=False)(run)
    return app
