"""The HTTP API: an app factory over the services the registry built (no import-time singletons)."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from phigate import __version__
from phigate.api import (
    _ai,
    _audit_routes,
    _break_glass,
    _docs,
    _documents,
    _errors,
    _labels,
    _oauth,
    _oidc,
    _openapi,
    _people,
    _quarantine_routes,
    _reidentification,
    _routes,
    _tus,
)
from phigate.api._context import RequestContextMiddleware
from phigate.api._deps import Services
from phigate.api._middleware import EdgeMiddleware, Metrics
from phigate.api._release_worker import release_worker
from phigate.api._slow_clients import SlowClientGuard
from phigate.api._source_limit import SourceLimitMiddleware
from phigate.config import Settings
from phigate.errors import Error
from phigate.services.accounts import operator_metrics_token

log = logging.getLogger("phigate.api")

__all__ = ["Services", "SlowClientGuard", "create_app"]


def create_app(settings: Settings, services: Services) -> FastAPI:
    """The ASGI app. ``services`` comes from ``phigate.registry.build(settings)``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        background = [asyncio.create_task(_flush_denials(services, settings.edge.denial_audit_window_seconds)),
                      asyncio.create_task(_return_freed_memory(15.0))]
        if settings.jobs.backend == "threads":  # else `phigate worker` runs recovery and housekeeping
            await run_in_threadpool(services.intake.recover)
            background += [
                asyncio.create_task(_housekeeping(services, min(settings.intake.purge_interval_seconds,
                                                                settings.intake.claim_lease_seconds))),
                asyncio.create_task(release_worker(services, settings.release))]
        try:
            yield
        finally:
            for t in background:
                t.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await t
            if getattr(services, "ai", None) is not None:
                await services.ai.aclose()  # type: ignore[attr-defined]  # the upstreams' connection pools
            if getattr(services, "denials", None) is not None:
                await run_in_threadpool(services.denials.flush, force=True)  # type: ignore[attr-defined]

    app = FastAPI(title="phigate", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None)
    metrics = Metrics()
    app.state.services = services
    app.state.metrics = metrics
    app.state.metrics_token = operator_metrics_token(settings.data_dir)
    app.state.read_timeout = settings.intake.read_timeout_seconds
    app.state.max_upload_bytes = settings.intake.max_upload_bytes
    _errors.install(app)
    # first: routing tries each route in turn, and the AI gateway's calls are the ones that count their
    # milliseconds (matching past every other router first took ~55 us a call); its paths overlap no other's
    app.include_router(_ai.router)
    app.include_router(_oauth.router)
    app.include_router(_people.router)
    app.include_router(_oidc.router)
    app.include_router(_routes.router)
    app.include_router(_tus.options_router)
    app.include_router(_tus.router)
    app.include_router(_documents.router)
    app.include_router(_quarantine_routes.router)
    app.include_router(_audit_routes.router)
    app.include_router(_break_glass.router)
    app.include_router(_reidentification.router)
    app.include_router(_labels.router)
    _docs.install(app)
    _openapi.install(app, max_upload_bytes=settings.intake.max_upload_bytes)
    app.add_middleware(SourceLimitMiddleware, throttle=getattr(services, "throttle", None))
    app.add_middleware(EdgeMiddleware, hsts_max_age=settings.server.hsts_max_age, metrics=metrics,
                       body_timeout=settings.edge.body_timeout_seconds)
    app.add_middleware(RequestContextMiddleware, trusted_proxies=settings.server.trusted_proxies)  # outermost
    return app


async def _housekeeping(services: Services, interval: float) -> None:
    """Purge abandoned uploads after their expiry, and move documents a restart left mid-pipeline."""
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(services.intake.purge_expired)
        except Error as exc:
            log.warning("purging expired uploads failed: %s", exc.code)


async def _flush_denials(services: Services, window: float) -> None:
    """Write the counts of repeated denials as their windows close."""
    denials = getattr(services, "denials", None)
    while denials is not None:
        await asyncio.sleep(window / 2)
        await run_in_threadpool(denials.flush)


async def _return_freed_memory(interval: float) -> None:
    """Give the heap that closed connections freed back to the system (glibc keeps it otherwise, so a burst of
    slow clients would leave the process at its peak size for good)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return
    while True:
        await asyncio.sleep(interval)
        trim(0)
