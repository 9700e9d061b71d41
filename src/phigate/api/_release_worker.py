"""The background work of ``phigate serve`` for the release workflow: webhook deliveries from the outbox, and
the purge of infected documents whose forensic period is over. Both survive restarts (state is in the DB)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from starlette.concurrency import run_in_threadpool

from phigate.config import ReleaseSettings
from phigate.errors import Error

log = logging.getLogger("phigate.api")


async def release_worker(services: Any, settings: ReleaseSettings) -> None:
    dispatcher = getattr(services, "webhooks", None)
    quarantine = getattr(services, "quarantine", None)
    next_purge = 0.0
    while True:
        try:
            if dispatcher is not None:
                await run_in_threadpool(dispatcher.run_once)
            if quarantine is not None and time.monotonic() >= next_purge:
                next_purge = time.monotonic() + settings.purge_interval_seconds
                await run_in_threadpool(quarantine.purge_due)
        except Error as exc:
            log.warning("release worker pass failed: %s", exc.code)
        except Exception as exc:  # keep the worker alive; the next pass retries from the database
            log.warning("release worker pass failed: %s", type(exc).__name__)
        await asyncio.sleep(settings.webhook_poll_seconds)
