"""Feeding a request body into the service while it streams: batched into ~1 MiB pieces handed to a worker
thread (hashing, encryption and disk writes release the event loop), with a stall timeout per read so a
trickling client cannot hold a session forever."""

from __future__ import annotations

import asyncio

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from phigate.api._middleware import Metrics
from phigate.errors import RequestTimeout
from phigate.services.intake import IncomingBytes, UploadStatus

BATCH = 1024 * 1024


async def pump(request: Request, incoming: IncomingBytes, *, read_timeout: float, metrics: Metrics) -> UploadStatus:
    """Stream the body into ``incoming`` and finish it; on any failure (including a disconnect) abort it, so
    nothing half-written is ever kept."""
    buf = bytearray()
    total = 0
    chunks = request.stream().__aiter__()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(chunks.__anext__(), timeout=read_timeout)
            except StopAsyncIteration:
                break
            except TimeoutError as exc:
                raise RequestTimeout("the request body stalled; nothing was kept") from exc
            buf += chunk
            total += len(chunk)
            if len(buf) >= BATCH:
                data = bytes(buf)
                buf.clear()
                await run_in_threadpool(incoming.write, data)
        if buf:
            await run_in_threadpool(incoming.write, bytes(buf))
        status = await run_in_threadpool(incoming.finish)
    except BaseException as exc:
        await asyncio.shield(run_in_threadpool(incoming.abort, exc))
        metrics.uploads.labels("failed").inc()
        raise
    metrics.uploads.labels("complete" if status.state else "partial").inc()
    metrics.upload_bytes.inc(total)
    return status
