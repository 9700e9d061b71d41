"""``phigate worker``: run the pipeline's jobs and the periodic housekeeping (``[jobs] backend =
"procrastinate"``), any number of them on any number of machines against one PostgreSQL and one blob store."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from phigate.cli._common import DEFAULT_DATA_DIR, DataDirOption, JsonOption, settings_for


def worker(
    data_dir: DataDirOption = DEFAULT_DATA_DIR,
    concurrency: Annotated[int | None, typer.Option(min=1, max=64, help="Jobs run at once (default: [jobs] "
                                                    "concurrency).")] = None,
    queue: Annotated[list[str] | None, typer.Option("--queue", help="Only these queues ('pipeline', "
                                                    "'housekeeping'; repeat the option). Default: both.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run the housekeeping once, then every job that is due, "
                                       "and exit when none is left.")] = False,
    health_file: Annotated[Path | None, typer.Option("--health-file", help="Touch this file every [jobs] "
                                                     "heartbeat_seconds while the database answers (a container "
                                                     "or scripts/scale.sh health check reads its age).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Run pipeline jobs (scan, extract, analyse, store: one stage of one document per job, each in a sandboxed
    child) and the periodic housekeeping (expired uploads, the infected-document purge, webhook deliveries, jobs
    of lost workers). SIGTERM or Ctrl-C stops it after the running jobs finish ([jobs]
    shutdown_grace_seconds); a job of a worker that was killed runs again elsewhere. --json: the start-up notice
    (standard error) as a JSON object ({"worker": [queues], "once"})."""
    import json

    from phigate import registry

    runtime = registry.build(settings_for(data_dir))
    stop = threading.Event()
    try:
        job_worker = registry.job_worker(runtime, concurrency=concurrency)
        if health_file is not None:
            threading.Thread(target=_keep_touching, args=(runtime, health_file, stop), name="health-file",
                             daemon=True).start()
        queues = queue or ["pipeline", "housekeeping"]
        typer.echo(json.dumps({"worker": queues, "once": once}) if json_out else
                   f"phigate: worker on {', '.join(queues)}{' (until the queues are empty)' if once else ''}",
                   err=True)
        if once:
            job_worker.housekeeping_once()
        job_worker.run(queues=queue, once=once)
    finally:
        stop.set()
        runtime.close()


def _keep_touching(runtime: Any, path: Path, stop: threading.Event) -> None:
    """The liveness file: touched now and every heartbeat while the database answers, so its age tells a health
    check whether this worker still works (a worker that cannot reach PostgreSQL runs no job)."""
    from phigate.errors import Error

    while True:
        try:
            runtime.checks["database"]()
            path.touch()
        except (Error, OSError):
            pass  # the file ages: the health check reports this worker
        if stop.wait(runtime.settings.jobs.heartbeat_seconds):
            return
