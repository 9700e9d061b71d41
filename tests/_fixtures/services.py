"""Real services for the tests: PostgreSQL databases, moto_server (S3 and KMS over HTTP), SoftHSM2 tokens."""

from __future__ import annotations

import atexit
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
_PRIVATE_PG: list[PrivatePostgres] = []  # started on first use, stopped when the test process exits


def free_port(count: int = 1) -> int:
    """The first of ``count`` consecutive ports that are free on 127.0.0.1 now. They are drawn below Linux's
    ephemeral range (32768-60999): a port the kernel hands out to client sockets, as binding to port 0 does, can
    be taken by any outgoing connection of a parallel test before the server under test binds it."""
    rng = random.SystemRandom()
    for _ in range(1000):
        first = rng.randrange(10_000, 32_000 - count)
        if all(_bindable(first + i) for i in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports found")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for(predicate: object, timeout: float = 15.0, what: str = "service") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not become ready within {timeout}s")


def moto_server_command(port: int) -> list[str]:
    """moto_server from this interpreter's moto (the pinned one), with the fix in ``moto_server.py``."""
    return [sys.executable, str(Path(__file__).with_name("moto_server.py")), "-H", "127.0.0.1", "-p", str(port)]


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real moto_server process on a free loopback port (S3 with Object Lock, KMS)."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(moto_server_command(port), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url + "/moto-api/", timeout=1):
                return True
        except OSError:
            return proc.poll() is not None and _raise(f"moto_server exited: {log.read_text()[-2000:]}")

    try:
        wait_for(ready, what="moto_server")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _raise(msg: str) -> bool:
    raise RuntimeError(msg)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials for moto (never real AWS)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


class PrivatePostgres:
    """A PostgreSQL cluster of the tests' own (Debian's server binaries): initdb into a temporary directory, trust
    authentication on loopback only, a free port. As root it runs as the ``postgres`` system user, since the
    server refuses to run as root. Nothing is assumed about a PostgreSQL the machine may already run."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not bins:
            raise RuntimeError("PostgreSQL's server is not installed: run scripts/install-system-deps.sh "
                               "(or set PHIGATE_TEST_PG_URL to a server of your own)")
        self._bin = bins[-1].parent
        self.root = Path(tempfile.mkdtemp(prefix="phigate-pg-"))
        self.port = free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.root / "server.log"), "-w", "start")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self._as, str(self._bin / tool), *args], capture_output=True, text=True,
                              check=False, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr[-2000:]}")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def pg_admin_url() -> str:
    """The PostgreSQL the tests use: ``PHIGATE_TEST_PG_URL`` if set, else a private cluster started on first use."""
    given = os.environ.get("PHIGATE_TEST_PG_URL")
    if given:
        return given
    if not _PRIVATE_PG:
        cluster = PrivatePostgres()
        _PRIVATE_PG.append(cluster)
        atexit.register(cluster.stop)
    return _PRIVATE_PG[0].url


def create_pg_database(prefix: str) -> tuple[str, str]:
    """A new, empty database: its name and its SQLAlchemy URL (psycopg 3)."""
    import psycopg

    admin_url = pg_admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {admin_url}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards. SQLAlchemy URL (psycopg 3)."""
    pytest.importorskip("psycopg")
    name, url = create_pg_database("phigate_test")
    try:
        yield url
    finally:
        drop_pg_database(name)


class SoftHsmToken:
    def __init__(self, conf: Path, label: str, pin: str, so_pin: str) -> None:
        self.conf, self.label, self.pin, self.so_pin = conf, label, pin, so_pin
        self.module = SOFTHSM_MODULE


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    """A freshly initialised SoftHSM2 token for the session. A PKCS#11 module is initialised once per process
    and sees only the tokens that existed then, so tests share this token and use their own tenant names.
    SOFTHSM2_CONF is set for the whole session (subprocesses inherit it)."""
    if not Path(SOFTHSM_MODULE).exists():
        pytest.fail("SoftHSM2 is not installed: run scripts/install-system-deps.sh")
    base = tmp_path_factory.mktemp("softhsm")
    tokens = base / "tokens"
    tokens.mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
                    "slots.removable = false\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    for label in ("phigate-test", "phigate-spare"):
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321",
                        "--pin", "123456"], check=True, capture_output=True)
    return SoftHsmToken(conf, "phigate-test", "123456", "87654321")
