"""Fixtures for the release workflow and webhooks: a runtime whose pipeline scans with the real gate, a helper
that uploads through the signed PUT, and a real HTTP receiver on 127.0.0.1 that answers with scripted statuses."""

from __future__ import annotations

import http.server
import ssl
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from phigate import registry
from phigate.config import Settings
from phigate.models import ActorKind, DocumentRecord, DocumentState, Principal
from phigate.pipeline.runner import Outcome
from phigate.services.intake import NewUpload
from phigate.services.quarantine import gate_judge
from tests._fixtures.accounts import enrol
from tests._fixtures.scanning import build_gate

UPLOADER = Principal("svc_uploader", ActorKind.SERVICE, "t1", frozenset({"uploads:create"}))
# the operators of the service-level tests are service accounts, as ``phigate quarantine`` acts; a person's release
# needs a recent second factor (step-up), tested through the API in tests/people/test_access_policy_http.py
ALICE = Principal("op_alice", ActorKind.SERVICE, "t1", frozenset({"quarantine:admin"}))
BOB = Principal("op_bob", ActorKind.SERVICE, "t1", frozenset({"quarantine:admin"}))
MALLORY = Principal("op_mallory", ActorKind.SERVICE, "t2", frozenset({"quarantine:admin"}))


class GateStage:
    """scanning -> clean | infected | unscannable with the real configured gate (validators + YARA)."""

    name = "scan"
    source = DocumentState.SCANNING

    def __init__(self, settings: Settings, vault: object) -> None:
        self._settings, self._vault = settings, vault
        self._gate = build_gate(settings.scan)

    def run(self, document: DocumentRecord) -> Outcome:
        return gate_judge(self._vault, self._gate)(document)  # type: ignore[arg-type]


def build_runtime(data_dir: Path, db_url: str, *, scan: bool = True, **release: object) -> registry.Runtime:
    settings = Settings.load(data_dir=data_dir, database={"url": db_url}, server={"port": 9443}, release=release)
    if not scan:
        return registry.build(settings)
    probe = registry.build_vault(settings)
    return registry.build(settings, extra_stages=(GateStage(settings, probe),))


def put(rt: registry.Runtime, data: bytes, media_type: str, who: Principal = UPLOADER,
        filename: str = "Jane_Synthetic_MRI.pdf") -> str:
    enrol(rt, who)
    ticket = rt.intake.create_upload(who, NewUpload(filename, media_type, len(data), patient_ref="MRN-SYN-1"))
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(ticket.put_url).query))
    incoming = rt.intake.begin_put(ticket.upload_id, q["exp"], q["sig"], len(data))
    incoming.write(data)
    incoming.finish()
    return ticket.upload_id


@dataclass
class Receiver:
    """A webhook receiver: answers each POST with the next scripted status (then 200), records what came."""

    statuses: list[int] = field(default_factory=list)
    received: list[tuple[bytes, dict[str, str], int]] = field(default_factory=list)
    port: int = 0
    tls: tuple[Path, Path] | None = None  # (certificate, key): serve HTTPS
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{'localhost' if self.tls else '127.0.0.1'}:{self.port}/hook"

    def delivered(self) -> list[bytes]:
        return [body for body, _, status in self.received if status == 200]

    def start(self) -> None:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.received.append((body, dict(self.headers.items()), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        if self.tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(str(self.tls[0]), str(self.tls[1]))
            self._server.socket = ctx.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.start()
    yield r
    r.stop()


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[Receiver]:
    """An HTTPS receiver with a self-signed certificate for localhost (``cert.pem`` is its CA)."""
    from phigate.cli._devcert import ensure_dev_certificate

    r = Receiver(tls=ensure_dev_certificate(tmp_path / "receiver-tls"))
    r.start()
    yield r
    r.stop()
