"""The HTTP API: an app factory over the services the registry built (no import-time singletons)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from phigate.api import _audit_routes, _documents, _errors, _quarantine_routes, _routes, _tus
from phigate.api._deps import Services
from phigate.api._middleware import EdgeMiddleware, Metrics
from phigate.api._release_worker import release_worker
from phigate.config import Settings
from phigate.errors import Error

log = logging.getLogger("phigate.api")

__all__ = ["Services", "create_app"]


def create_app(settings: Settings, services: Services) -> FastAPI:
    """The ASGI app. ``services`` comes from ``phigate.registry.build(settings)``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(services.intake.recover)
        task = asyncio.create_task(_housekeeping(services, min(settings.intake.purge_interval_seconds,
                                                               settings.intake.claim_lease_seconds)))
        release = asyncio.create_task(release_worker(services, settings.release))
        try:
            yield
        finally:
            for t in (task, release):
                t.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await t

    app = FastAPI(title="phigate", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    metrics = Metrics()
    app.state.services = services
    app.state.metrics = metrics
    app.state.read_timeout = settings.intake.read_timeout_seconds
    app.state.max_upload_bytes = settings.intake.max_upload_bytes
    _errors.install(app)
    app.include_router(_routes.router)
    app.include_router(_tus.options_router)
    app.include_router(_tus.router)
    app.include_router(_documents.router)
    app.include_router(_quarantine_routes.router)
    app.include_router(_audit_routes.router)
    app.add_middleware(EdgeMiddleware, hsts_max_age=settings.server.hsts_max_age, metrics=metrics)
    return app


async def _housekeeping(services: Services, interval: float) -> None:
    """Purge abandoned uploads after their expiry, and move documents a restart left mid-pipeline."""
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(services.intake.purge_expired)
        except Error as exc:
            log.warning("purging expired uploads failed: %s", exc.code)
