"""A real ``phigate serve`` (uvicorn, TLS 1.3) in a subprocess on a free port, once per database backend
(SQLite and PostgreSQL), stopped by its PID; plus helpers to mint accounts and tokens against it."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import ssl
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tests._fixtures.services import create_pg_database, drop_pg_database, free_port, wait_for
from tests._fixtures.tenants import register

RATE_LIMIT = 150
READ_TIMEOUT = 2.0


@dataclass
class IntakeServer:
    base_url: str
    cert: Path
    data_dir: Path
    env: dict[str, str]
    admin_id: str
    admin_secret: str
    proc: subprocess.Popen[bytes]
    log: Path
    _tokens: dict[tuple[str, str, tuple[str, ...]], str] = field(default_factory=dict)

    def client(self, **kw: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, verify=self.ssl_context(), timeout=30, **kw)  # type: ignore[arg-type]

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    @contextlib.contextmanager
    def raw(self, timeout: float = 10) -> Iterator[ssl.SSLSocket]:
        """A bare TLS connection to the server, for requests no well-behaved client would send."""
        port = int(self.base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock, \
                self.ssl_context().wrap_socket(sock, server_hostname="127.0.0.1") as tls:
            yield tls

    def add_account(self, tenant: str, scopes: tuple[str, ...] = ("uploads:create",)) -> tuple[str, str]:
        from phigate.cli import app

        register(self.data_dir, tenant, self.env)
        args = ["accounts", "add-service", f"test-{uuid.uuid4().hex[:6]}", "--tenant", tenant, "--json",
                "--data-dir", str(self.data_dir)]
        for s in scopes:
            args += ["--scope", s]
        result = CliRunner().invoke(app, args, env=self.env)
        assert result.exit_code == 0, result.output
        import json

        creds = json.loads(result.stdout)
        return creds["client_id"], creds["client_secret"]

    def token_for(self, client_id: str, secret: str) -> str:
        with self.client() as c:
            r = c.post("/v1/auth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                "client_secret": secret})
        assert r.status_code == 200, r.text
        return str(r.json()["access_token"])

    def token(self, tenant: str = "t1", scopes: tuple[str, ...] = ("uploads:create",), who: str = "") -> str:
        """A token of a fresh account per (tenant, scopes, who), cached for the session."""
        key = (tenant, who, scopes)
        if key not in self._tokens:
            self._tokens[key] = self.token_for(*self.add_account(tenant, scopes))
        return self._tokens[key]

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def metrics_auth(self) -> dict[str, str]:
        """The operator's metrics token (the 0600 file the first run created)."""
        return self.auth((self.data_dir / "keys" / "metrics.token").read_text().strip())


def start_server(data_dir: Path, env_extra: dict[str, str], *, port: int | None = None,
                 admin: tuple[str, str] | None = None) -> IntakeServer:
    """``phigate serve`` on ``port`` (default: a free one). ``admin``: a restart's known admin credentials (only
    the first run prints them)."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
           "PHIGATE_DATA_DIR": str(data_dir), "PHIGATE_PIPELINE__WORKERS": "0",
           # every test client is 127.0.0.1: per-source limits only where a test sets them (test_rate_limits.py)
           "PHIGATE_EDGE__SIGN_IN_FAILURES_PER_SOURCE": "10000/minute",
           "PHIGATE_EDGE__ANONYMOUS_REQUESTS_PER_SOURCE": "100000/minute", **env_extra}
    env.pop("PHIGATE_MASTER_KEY", None)
    log = data_dir.parent / f"server-{port}.log"
    out = data_dir.parent / f"server-{port}.out"
    with log.open("wb") as err, out.open("wb") as so:
        proc = subprocess.Popen([sys.executable, "-m", "phigate", "serve", "--data-dir", str(data_dir),
                                 "--host", "127.0.0.1", "--port", str(port)], stdout=so, stderr=err, env=env)
    cert = data_dir / "tls" / "cert.pem"
    base = f"https://127.0.0.1:{port}"

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"phigate serve exited: {log.read_text()[-3000:]}")
        if not cert.exists():
            return False
        try:
            ctx = ssl.create_default_context(cafile=str(cert))
            return httpx.get(base + "/healthz", verify=ctx, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(ready, timeout=60, what="phigate serve")
    except BaseException:
        stop_server(proc)
        raise
    if admin is None:
        creds = json.loads((data_dir / "admin-credentials.json").read_text())
        admin = creds["client_id"], creds["client_secret"]
    return IntakeServer(base, cert, data_dir, {k: v for k, v in env.items() if k.startswith("PHIGATE_")},
                        *admin, proc, log)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def own_server(name: str, env: dict[str, str] | None = None) -> Any:
    """A module-scoped fixture: a ``phigate serve`` of the test module's own, with ``env`` settings (its
    settings and its log are that module's alone)."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
        server = start_server(tmp_path_factory.mktemp(name) / "data", env or {})
        try:
            yield server
        finally:
            stop_server(server.proc)

    return fixture


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def intake_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    """``phigate serve`` on SQLite or PostgreSQL, with a small per-client session limit and read timeout."""
    root = tmp_path_factory.mktemp(f"server-{request.param}")
    env = {"PHIGATE_INTAKE__SESSIONS_PER_CLIENT": str(RATE_LIMIT),
           "PHIGATE_INTAKE__READ_TIMEOUT_SECONDS": str(READ_TIMEOUT)}
    pg_name = None
    if request.param == "postgres":
        pg_name, url = create_pg_database("phigate_srv")
        env["PHIGATE_DATABASE__URL"] = url
    server = start_server(root / "data", env)
    try:
        yield server
    finally:
        stop_server(server.proc)
        if pg_name:
            drop_pg_database(pg_name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test: SQLite (WAL) in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'phigate.db'}"
        return
    name, url = create_pg_database("phigate_srv")
    try:
        yield url
    finally:
        drop_pg_database(name)
