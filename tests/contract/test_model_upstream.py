"""``ModelUpstream`` against a local OpenAI-compatible server: answers, streams and embeddings in the wire
format; retries of a sick server before the first byte; no retry of a refusal; the circuit breaker."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from phigate.backends.upstream.openai_compat import OpenAICompatUpstream
from phigate.errors import UpstreamCircuitOpen, UpstreamError
from phigate.ports import ModelUpstream
from tests._fixtures.ai import Upstream, serve

BODY: dict[str, Any] = {"model": "up-1", "messages": [{"role": "user", "content": "hello"}]}


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    up = Upstream(reply=lambda body: "Hello from the model, in pieces.")
    with serve(up.app()) as port:
        up.port = port
        yield up


def _run(upstream: Upstream, fn: Any, **kw: Any) -> Any:
    async def go() -> Any:
        adapter: ModelUpstream = OpenAICompatUpstream(upstream.base_url, "sk-test", backoff=0.01, **kw)
        try:
            return await fn(adapter)
        finally:
            await adapter.aclose()

    return asyncio.run(go())


def test_chat_stream_and_embeddings_in_the_wire_format(upstream: Upstream) -> None:
    answer = _run(upstream, lambda a: a.chat(BODY))
    assert answer["choices"][0]["message"]["content"] == "Hello from the model, in pieces."

    async def collect(a: ModelUpstream) -> list[dict[str, Any]]:
        return [chunk async for chunk in a.chat_stream(BODY)]

    chunks = _run(upstream, collect)
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks) == "Hello from the model, in pieces."
    vectors = _run(upstream, lambda a: a.embeddings({"model": "e", "input": ["a", "bb"]}))
    assert [d["index"] for d in vectors["data"]] == [0, 1]


def test_a_sick_server_is_retried_and_a_refusal_is_not(upstream: Upstream) -> None:
    upstream.fail_times = 2
    assert _run(upstream, lambda a: a.chat(BODY), retries=2)["choices"]
    assert len(upstream.received) == 3
    upstream.received.clear()
    upstream.status = 400
    with pytest.raises(UpstreamError, match="400"):
        _run(upstream, lambda a: a.chat(BODY), retries=2)
    assert len(upstream.received) == 1


def test_the_circuit_opens_after_failures_in_a_row_and_refuses_at_once(upstream: Upstream) -> None:
    upstream.fail_times = 100

    async def hammer(a: ModelUpstream) -> list[str]:
        codes = []
        for _ in range(4):
            try:
                await a.chat(BODY)
            except UpstreamError as exc:
                codes.append(exc.code)
        return codes

    codes = _run(upstream, hammer, retries=0, failure_threshold=2, open_seconds=60)
    assert codes == ["upstream_unavailable", "upstream_unavailable", UpstreamCircuitOpen.code,
                     UpstreamCircuitOpen.code]
    assert len(upstream.received) == 2  # the open circuit sent nothing


def test_a_server_that_is_not_there_is_an_upstream_error() -> None:
    async def go() -> None:
        adapter = OpenAICompatUpstream("http://127.0.0.1:9/v1", retries=1, backoff=0.01, connect_timeout=0.5)
        try:
            await adapter.chat(BODY)
        finally:
            await adapter.aclose()

    with pytest.raises(UpstreamError):
        asyncio.run(go())
