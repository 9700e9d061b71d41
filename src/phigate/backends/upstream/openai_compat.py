"""``ModelUpstream`` for any OpenAI-compatible server (OpenAI, Azure OpenAI, vLLM, Ollama, a LiteLLM proxy) over
httpx: a timeout on every call, retries of what failed before any answer byte (connection errors, 429, 5xx) with
exponential backoff, and a circuit breaker that refuses calls at once for ``open_seconds`` after
``failure_threshold`` failures in a row. Vendor and transport errors become ``UpstreamError`` (no body, no
prompt in the message)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from phigate.errors import UpstreamCircuitOpen, UpstreamError

_RETRYABLE = frozenset({408, 409, 429, 500, 502, 503, 504})


class CircuitBreaker:
    """Closed until ``failure_threshold`` failures in a row; then open (refusing at once) for ``open_seconds``;
    then one call is let through, and its success closes it again."""

    def __init__(self, failure_threshold: int, open_seconds: float) -> None:
        self._threshold, self._open_seconds = failure_threshold, open_seconds
        self._failures, self._opened_at = 0, 0.0
        self._lock = threading.Lock()

    def check(self) -> None:
        with self._lock:
            if self._failures >= self._threshold and time.monotonic() - self._opened_at < self._open_seconds:
                raise UpstreamCircuitOpen()

    def success(self) -> None:
        with self._lock:
            self._failures = 0

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self._threshold:
                self._opened_at = time.monotonic()


class OpenAICompatUpstream:
    def __init__(self, base_url: str, api_key: str | None = None, *, timeout: float = 60.0,
                 connect_timeout: float = 5.0, retries: int = 2, backoff: float = 0.2, failure_threshold: int = 5,
                 open_seconds: float = 30.0, max_connections: int = 512) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/", headers=headers,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections))
        self._retries, self._backoff = retries, backoff
        self.breaker = CircuitBreaker(failure_threshold, open_seconds)

    async def chat(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._post("chat/completions", {**body, "stream": False})

    async def embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._post("embeddings", body)

    async def chat_stream(self, body: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        response = await self._send("chat/completions", {**body, "stream": True}, stream=True)
        try:
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                yield _json(data)
        except httpx.HTTPError as exc:
            self.breaker.failure()
            raise UpstreamError("the model server broke off the answer") from exc
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self._send(path, body, stream=False)
        return _json(response.text)

    async def _send(self, path: str, body: dict[str, Any], *, stream: bool) -> httpx.Response:
        self.breaker.check()
        attempt = 0
        while True:
            try:
                response = await self._client.send(self._client.build_request("POST", path, json=body),
                                                   stream=stream)
            except httpx.HTTPError as exc:
                failure = UpstreamError("the model server did not answer")
                failure.__cause__ = exc
            else:
                if response.status_code < 400:
                    self.breaker.success()
                    return response
                await response.aclose()
                failure = UpstreamError(f"the model server answered {response.status_code}")
                if response.status_code not in _RETRYABLE:
                    raise failure  # a refusal of this request, not a sick server: no retry, no breaker
            self.breaker.failure()
            if attempt >= self._retries:
                raise failure
            self.breaker.check()
            await asyncio.sleep(self._backoff * 2**attempt)
            attempt += 1


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UpstreamError("the model server sent malformed JSON") from exc
    if not isinstance(value, dict):
        raise UpstreamError("the model server sent malformed JSON")
    return value
