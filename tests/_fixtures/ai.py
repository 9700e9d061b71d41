"""The AI gateway under test: a local OpenAI-compatible upstream that records every byte it receives (the vendor's
side, the one fake), phigate itself served by uvicorn on a free port, and the official ``openai`` client pointed
at it. Documents arrive the way an app sends them: an upload with ``ai_consent``, then the whole pipeline."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from typer.testing import CliRunner

from phigate import registry
from phigate.api import create_app
from phigate.config import Settings
from phigate.models import ActorKind, DocumentState, Principal
from phigate.services.intake import NewUpload
from tests._fixtures.accounts import enrol
from tests._fixtures.audit import engine_of
from tests._fixtures.services import free_port
from tests._fixtures.tenants import register

UPLOADER = Principal("svc_ai_uploader", ActorKind.SERVICE, "t1", frozenset({"uploads:create"}))


def as_words(values: tuple[str, ...], text: str) -> list[str]:
    """The values that stand in ``text`` as words of their own. A surrogate may hold an original's letters inside
    a longer word by chance (a town drawn for "Springfield" may be "Smithburg" in a note about John Smith; the
    secret, and so the draw, is new in every run): that reveals nothing, and a substring test would fail at random."""
    return [v for v in values if re.search(rf"(?<![A-Za-z0-9]){re.escape(v)}(?![A-Za-z0-9])", text)]


def stands_in(text: str, value: str) -> bool:
    """``value`` stands whole in ``text``, not inside a longer word or number. The surrogate view draws its names,
    towns and date shifts under a key that differs each run, so a surrogate may contain an original by chance
    ("Smithburg" holds "Smith", "3/28/18" holds "8/18"): only a whole value there is a leak."""
    return re.search(rf"(?<![A-Za-z0-9/]){re.escape(value)}(?![A-Za-z0-9/])", text) is not None


def _default_reply(body: dict[str, Any]) -> str:
    """What the fake model answers: it quotes the documents it was given (so surrogates come back)."""
    system = next((m["content"] for m in body.get("messages", []) if m.get("role") == "system"), "")
    return "Summary: " + " ".join(str(system).split()[-40:])


@dataclass
class Upstream:
    """An OpenAI-compatible server on 127.0.0.1 recording each request body as received."""

    received: list[bytes] = field(default_factory=list)
    reply: Callable[[dict[str, Any]], str] = _default_reply
    chunk_size: int = 7
    status: int = 200
    fail_times: int = 0  # answer 500 this many times first
    usage: tuple[int, int] = (50, 20)
    port: int = 0
    _server: uvicorn.Server | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def everything(self) -> str:
        return b"\n".join(self.received).decode("utf-8", "replace")

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(b) for b in self.received]

    async def _chat(self, request: Request) -> Response:
        raw = await request.body()
        self.received.append(raw)
        if self.fail_times > 0:
            self.fail_times -= 1
            return JSONResponse({"error": {"message": "boom"}}, status_code=500)
        if self.status != 200:
            return JSONResponse({"error": {"message": "refused"}}, status_code=self.status)
        body = json.loads(raw)
        text = self.reply(body)
        usage = {"prompt_tokens": self.usage[0], "completion_tokens": self.usage[1],
                 "total_tokens": sum(self.usage)}
        if body.get("stream"):
            return StreamingResponse(self._chunks(body, text, usage), media_type="text/event-stream")
        return JSONResponse({"id": "chatcmpl-up", "object": "chat.completion", "created": int(time.time()),
                             "model": body["model"], "usage": usage, "choices": [
                                 {"index": 0, "finish_reason": "stop",
                                  "message": {"role": "assistant", "content": text}}]})

    async def _chunks(self, body: dict[str, Any], text: str, usage: dict[str, int]) -> Any:
        def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
            chunk = {"id": "chatcmpl-up", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        yield event({"role": "assistant", "content": ""})
        for i in range(0, len(text), self.chunk_size):
            yield event({"content": text[i:i + self.chunk_size]})
            await asyncio.sleep(0)
        yield event({}, "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            yield b"data: " + json.dumps({"id": "chatcmpl-up", "object": "chat.completion.chunk", "created": 1,
                                          "model": body["model"], "choices": [], "usage": usage}).encode() + b"\n\n"
        yield b"data: [DONE]\n\n"

    async def _embeddings(self, request: Request) -> Response:
        raw = await request.body()
        self.received.append(raw)
        body = json.loads(raw)
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        return JSONResponse({"object": "list", "model": body["model"], "usage": {"prompt_tokens": 8,
                                                                                 "total_tokens": 8},
                             "data": [{"object": "embedding", "index": i, "embedding": [0.1, 0.2, float(len(t))]}
                                      for i, t in enumerate(inputs)]})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"]),
                                 Route("/v1/embeddings", self._embeddings, methods=["POST"])])


@contextlib.contextmanager
def serve(app: Any) -> Iterator[int]:
    """``app`` on 127.0.0.1 (plain HTTP) in a thread, for the length of the block."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           lifespan="on", backlog=1024))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Gateway:
    rt: registry.Runtime
    settings: Settings
    upstream: Upstream
    base_url: str
    clients: list[openai.OpenAI] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def cli(self, *args: str) -> Any:
        from phigate.cli import app

        result = CliRunner().invoke(app, [*args, "--data-dir", str(self.data_dir)])
        return result

    def token(self, tenant: str = "t1", scopes: tuple[str, ...] = ("ai:invoke",)) -> str:
        register(self.data_dir, tenant)
        issued = self.rt.accounts.add(f"ai-{'-'.join(s.replace(':', '') for s in scopes)}", tenant, set(scopes))
        return self.rt.auth.issue_token(issued.client_id, issued.client_secret).token

    def client(self, tenant: str = "t1", scopes: tuple[str, ...] = ("ai:invoke",), **kw: Any) -> openai.OpenAI:
        client = openai.OpenAI(base_url=self.base_url, api_key=self.token(tenant, scopes), max_retries=0, **kw)
        self.clients.append(client)
        return client

    def upload(self, data: bytes, media_type: str = "text/plain", *, ai_consent: bool = True,
               tenant: str = "t1") -> str:
        """A document uploaded by an app (signed PUT) and run through every stage to ``stored``."""
        who = Principal(f"svc_ai_uploader_{tenant}", ActorKind.SERVICE, tenant, frozenset({"uploads:create"}))
        register(self.data_dir, tenant)
        enrol(self.rt, who)
        ticket = self.rt.intake.create_upload(who, NewUpload("synthetic.txt", media_type, len(data),
                                                             ai_consent=ai_consent))
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))
        incoming = self.rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
        incoming.write(data)
        incoming.finish()
        assert self.rt.documents is not None
        view = self.rt.documents.advance(ticket.upload_id)
        assert view.record.state is DocumentState.STORED, view.record.reasons
        return ticket.upload_id

    def add_model(self, name: str = "clinical", *, phi: bool = True, baa: bool = True, risk: str = "low",
                  kind: str = "chat", expires: str = "2099-12-31") -> None:
        tuple_ = ["--vendor", "acme", "--service", "api", "--upstream-model", f"up-{name}", "--region", "us-east",
                  "--retention", "zero"]
        flags = ["--phi-allowed" if phi else "--no-phi", "--risk", risk, "--kind", kind]
        r = self.cli("models", "add", name, *tuple_, "--base-url", self.upstream.base_url, *flags)
        assert r.exit_code == 0, r.output
        if baa:
            r = self.cli("models", "baa-add", f"baa-{name}", *tuple_, "--effective", "2020-01-01",
                         "--expires", expires)
            assert r.exit_code == 0, r.output

    def audit_details(self, op: str) -> list[str]:
        """The detail fields of the audit events named ``op`` (oldest first), with the event's own ``decision``
        column (the policy decision's effect) appended as ``decision=...`` when it has one."""
        import sqlalchemy as sa

        with engine_of(self.rt.audit.log).connect() as conn:
            rows = conn.execute(sa.text("SELECT detail, decision FROM audit_events ORDER BY seq")).all()
        return [f"{d} decision={decision}" if decision else d for d, decision in rows
                if d and d.startswith(f"op={op}")]


@contextlib.contextmanager
def running_gateway(data_dir: Path, **ai: object) -> Iterator[Gateway]:
    """phigate over ``data_dir`` with ``[ai]`` settings ``ai``, and a fresh recording upstream."""
    upstream = Upstream()
    settings = Settings.load(data_dir=data_dir, server={"port": 9443}, pipeline={"workers": 0},
                             sandbox={"enabled": False}, ai={"switch_refresh_seconds": 0.5, **ai})
    rt = registry.build(settings)
    try:
        with serve(upstream.app()) as up_port:
            upstream.port = up_port
            with serve(create_app(settings, rt)) as port:
                gw = Gateway(rt, settings, upstream, f"http://127.0.0.1:{port}/v1")
                try:
                    yield gw
                finally:
                    for client in gw.clients:
                        client.close()
    finally:
        rt.close()


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    with running_gateway(tmp_path / "data") as gw:
        yield gw
