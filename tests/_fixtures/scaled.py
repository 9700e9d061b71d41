"""The multi-process set-up (``scripts/scale.sh``: N API processes, M ``phigate worker`` processes on procrastinate,
one PostgreSQL) driven from Python for the chaos test, the chaos benchmark and the load benchmark: start and stop
it, mint a token, upload by signed PUT or tus through any API process, SIGKILL processes at random, and check what
became of every acknowledged upload. Nothing here is a mock: every process is the real ``phigate`` executable."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from phigate.fsck import REPAIRABLE

ROOT = Path(__file__).resolve().parents[2]
SCALE = ROOT / "scripts" / "scale.sh"
TENANT = "clinic"
TUS_PATCH = {"Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream"}
TERMINAL = frozenset({"stored", "needs_review", "infected", "unscannable", "failed", "purged", "erased"})
# short timings so that recovery after a SIGKILL takes seconds: heartbeats, the silence after which a worker's
# jobs are retried, the housekeeping tick, the pipeline's lease and the upload claims' lease
FAST_RECOVERY = {"PHIGATE_JOBS__HEARTBEAT_SECONDS": "1", "PHIGATE_JOBS__STALLED_WORKER_SECONDS": "4",
                 "PHIGATE_JOBS__PERIODIC_SECONDS": "2", "PHIGATE_PIPELINE__LEASE_SECONDS": "5",
                 "PHIGATE_INTAKE__CLAIM_LEASE_SECONDS": "2", "PHIGATE_PIPELINE__OCR": "false"}


def phigate_bin() -> str:
    return os.environ.get("PHIGATE_BIN") or shutil.which("phigate", path=str(Path(sys.executable).parent)) or "phigate"


@dataclass
class Scaled:
    data_dir: Path
    env: dict[str, str]
    api_ports: list[int]
    workers: int
    _token: str = ""
    _token_at: float = float("-inf")  # monotonic() counts from boot: 0.0 would look fresh for 10 minutes after it
    _client: tuple[str, str] = ("", "")
    kills: list[str] = field(default_factory=list)

    # -- processes -------------------------------------------------------------------------------------------------

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    def url(self, i: int) -> str:
        return f"https://127.0.0.1:{self.api_ports[i % len(self.api_ports)]}"

    def child(self, name: str) -> int:
        return int((self.run_dir / f"{name}.child").read_text())

    def kill(self, name: str) -> None:
        """SIGKILL the process ``name`` (its supervisor restarts it)."""
        try:
            os.kill(self.child(name), signal.SIGKILL)
        except ProcessLookupError:
            return  # between a death and its restart
        self.kills.append(name)

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([phigate_bin(), *args, "--data-dir", str(self.data_dir)], env=self.env, text=True,
                              capture_output=True, timeout=timeout, check=False)

    def add_workers(self, workers: int, *, threads: int = 1, timeout: float = 300) -> None:
        """Start ``workers`` more ``phigate worker`` processes (not supervised) and wait until each is healthy."""
        done = subprocess.run(["bash", str(SCALE), "add-workers", "--data-dir", str(self.data_dir), "--database-url",
                               self.env["PHIGATE_DATABASE__URL"], "--workers", str(workers), "--threads",
                               str(threads)], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"scale.sh add-workers failed: {done.stderr}")
        self.workers += workers

    def stop(self) -> None:
        subprocess.run(["bash", str(SCALE), "stop", "--data-dir", str(self.data_dir)], env=self.env,
                       capture_output=True, timeout=120, check=False)

    # -- API -------------------------------------------------------------------------------------------------------

    def token_with(self, scopes: tuple[str, ...]) -> str:
        """A token of a new service account of the tenant with ``scopes``."""
        args = ["accounts", "add-service", f"scoped-{len(scopes)}-{time.monotonic_ns()}", "--tenant", TENANT, "--json"]
        for scope in scopes:
            args += ["--scope", scope]
        made = self.cli(*args)
        if made.returncode != 0:
            raise RuntimeError(f"phigate accounts add-service failed: {made.stderr}")
        creds = json.loads(made.stdout)
        with self.client() as c:
            r = c.post(self.url(0) + "/v1/auth/token", data={"grant_type": "client_credentials",
                                                              "client_id": creds["client_id"],
                                                              "client_secret": creds["client_secret"]})
        r.raise_for_status()
        return str(r.json()["access_token"])

    def client(self) -> httpx.Client:
        # the set-up's self-signed certificate for 127.0.0.1, trusted alone
        return httpx.Client(verify=ssl.create_default_context(cafile=str(self.data_dir / "tls" / "cert.pem")),
                            timeout=30)

    def token(self, c: httpx.Client) -> str:
        if time.monotonic() - self._token_at > 600:  # tokens live 15 minutes
            for i in range(len(self.api_ports)):
                try:
                    r = c.post(self.url(i) + "/v1/auth/token", data={
                        "grant_type": "client_credentials", "client_id": self._client[0],
                        "client_secret": self._client[1]})
                except httpx.TransportError:
                    continue
                if r.status_code == 200:
                    self._token, self._token_at = str(r.json()["access_token"]), time.monotonic()
                    break
        return self._token

    def upload(self, c: httpx.Client, data: bytes, media_type: str, via: str, start: int) -> str | None:
        """One upload through API process ``start`` (the next one if that one is down); the upload id once the
        server acknowledged the last byte, or None if it never did (the client would retry)."""
        headers = {"Authorization": f"Bearer {self.token(c)}"}
        for attempt in range(len(self.api_ports) * 2):
            base = self.url(start + attempt)
            try:
                r = c.post(base + "/v1/uploads", headers=headers,
                           json={"filename": "note.hl7", "media_type": media_type, "size": len(data)})
                if r.status_code != 201:
                    continue
                body = r.json()
                if via == "put":
                    done = c.put(body["put_url"], content=data)
                    if done.status_code in (200, 201):
                        return str(body["upload_id"])
                else:
                    done = c.patch(body["tus_url"], content=data,
                                   headers={**headers, **TUS_PATCH, "Upload-Offset": "0"})
                    if done.status_code == 204 and done.headers.get("Upload-Offset") == str(len(data)):
                        return str(body["upload_id"])
            except httpx.TransportError:
                time.sleep(0.2)  # that process is down (killed): the next one
        return None

    def states(self, c: httpx.Client, ids: list[str]) -> dict[str, str | None]:
        """Each upload's document state (None: no document)."""
        out: dict[str, str | None] = {}
        for n, upload_id in enumerate(ids):
            for attempt in range(len(self.api_ports) * 3):
                try:
                    r = c.get(self.url(n + attempt) + f"/v1/uploads/{upload_id}",
                              headers={"Authorization": f"Bearer {self.token(c)}"})
                except httpx.TransportError:
                    time.sleep(0.3)
                    continue
                out[upload_id] = r.json().get("state") if r.status_code == 200 else None
                break
        return out

    def settle(self, c: httpx.Client, ids: list[str], timeout: float, *, stall: float | None = None,
               report: Callable[[str], None] | None = None) -> dict[str, str | None]:
        """Poll until every upload's document is in a terminal state; the last states. Gives up after ``timeout``
        seconds, or (``stall``) once no document has reached a terminal state for that long: a slow machine
        keeps going, a stuck pipeline ends the wait. ``report``: a progress line per poll."""
        t0 = time.monotonic()
        deadline, last_progress = t0 + timeout, t0
        pending = list(ids)
        last: dict[str, str | None] = {}
        while True:
            last.update(self.states(c, pending))
            still = [i for i in pending if last.get(i) not in TERMINAL]
            now = time.monotonic()
            if len(still) < len(pending):
                last_progress = now
            pending = still
            if report is not None:
                report(f"settle: {len(ids) - len(pending)} of {len(ids)} terminal after {now - t0:.0f} s")
            if not pending or now > deadline or (stall is not None and now - last_progress > stall):
                return last
            time.sleep(min(10.0, 1.0 + len(pending) / 100))  # polling a thousand uploads is load of its own


def start(data_dir: Path, database_url: str, *, api: int, workers: int, threads: int = 2, respawn: bool = True,
          env: dict[str, str] | None = None) -> Scaled:
    """``scripts/scale.sh start``: ``api`` API processes on consecutive free ports, ``workers`` workers."""
    from tests._fixtures.services import free_port

    base_port = free_port(api)
    base = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")}
    full = {**base, **(env or {}), "PHIGATE_DATABASE__URL": database_url, "PHIGATE_JOBS__BACKEND": "procrastinate",
            "PHIGATE_DATA_DIR": str(data_dir), "PHIGATE_BIN": phigate_bin()}
    args = ["bash", str(SCALE), "start", "--data-dir", str(data_dir), "--database-url", database_url, "--api",
            str(api), "--workers", str(workers), "--threads", str(threads), "--base-port", str(base_port)]
    done = subprocess.run([*args, *(["--respawn"] if respawn else [])], env=full, capture_output=True, text=True,
                          timeout=300, check=False)
    scaled = Scaled(data_dir, full, [base_port + i for i in range(api)], workers)
    if done.returncode != 0:
        scaled.stop()
        logs = "\n".join(p.name + ": " + p.read_text()[-1500:] for p in sorted(scaled.run_dir.glob("*.log")))
        raise RuntimeError(f"scale.sh start failed: {done.stderr}\n{logs}")
    for cmd in (["tenants", "add", TENANT],
                ["accounts", "add-service", "chaos", "--tenant", TENANT, "--scope", "uploads:create",
                 "--scope", "uploads:read", "--json"]):
        r = scaled.cli(*cmd)
        if r.returncode != 0:
            scaled.stop()
            raise RuntimeError(f"phigate {cmd[0]} failed: {r.stderr}")
    creds = json.loads(r.stdout)
    scaled._client = (creds["client_id"], creds["client_secret"])
    return scaled


@dataclass(frozen=True)
class AfterCrash:
    """What the checks after a chaos round found, every process stopped."""

    verified: bool  # phigate audit verify
    leftovers: dict[str, int]  # fsck's findings by kind (older-than 0: nothing writes any more)
    repaired_clean: bool  # fsck --repair, then fsck again: clean
    report: str  # the commands' output when something failed (ids and counts, never content)

    @property
    def ok(self) -> bool:
        """The audit log verifies, every leftover is of a kind a crash leaves (a temp file, an upload's part, a
        quarantine object without its document, an upload whose bytes arrived) and repairing them leaves a
        clean store: no missing blob, no damaged log."""
        return self.verified and self.repaired_clean and set(self.leftovers) <= REPAIRABLE_LEFTOVERS


REPAIRABLE_LEFTOVERS = frozenset(kind.value for kind in REPAIRABLE)  # fsck's own list of what a crash leaves


def check_after_crash(scaled: Scaled) -> AfterCrash:
    """``phigate audit verify``, then ``phigate fsck``: what SIGKILLs left is reported, repaired, and gone."""
    verify = scaled.cli("audit", "verify")
    found = scaled.cli("fsck", "--json", "--older-than", "0")
    findings = json.loads(found.stdout)["findings"] if found.stdout.strip() else [{"kind": "no report"}]
    leftovers: dict[str, int] = {}
    for f in findings:
        leftovers[f["kind"]] = leftovers.get(f["kind"], 0) + 1
    repair = scaled.cli("fsck", "--repair", "--older-than", "0")
    again = scaled.cli("fsck", "--older-than", "0")
    failed = [(name, done) for name, done in (("audit verify", verify), ("fsck --repair", repair),
                                              ("fsck after repair", again)) if done.returncode != 0]
    report = "\n".join(f"phigate {name} ({done.returncode}): {(done.stdout + done.stderr)[-3000:]}"
                       for name, done in failed)
    if findings:  # each finding: its kind, upload id and why (ids only), to tell which crash left it
        report += "\nfsck found: " + "; ".join(f"{f.get('kind')} {f.get('object')} ({f.get('detail')})"
                                               for f in findings[:20])
    return AfterCrash(verify.returncode == 0, leftovers, again.returncode == 0, report)


def upload_all(scaled: Scaled, payloads: Iterator[tuple[bytes, str, str]], *, threads: int = 4,
               kills: dict[int, str] | None = None,
               report: Callable[[str], None] | None = None) -> tuple[list[str], int]:
    """Upload every ``(data, media_type, via)`` from ``threads`` clients; the acknowledged ids and how many
    uploads were never acknowledged (their client would retry). ``kills``: upload number -> the process to
    SIGKILL when that upload starts (``worker-?`` a random worker), so the kills land mid-flight on a machine of
    any speed. ``report``: a progress line every 100 uploads started."""
    from concurrent.futures import ThreadPoolExecutor

    items = list(payloads)
    rng = random.Random(16)

    def one(n: int) -> str | None:
        victim = (kills or {}).get(n)
        if report is not None and n % 100 == 0:
            report(f"uploads: {n} of {len(items)} started, kills so far {len(scaled.kills)}")
        if victim is not None:
            with contextlib.suppress(OSError, ValueError):  # between a death and its restart: no pid this time
                scaled.kill(victim.replace("?", str(rng.randrange(scaled.workers))))
        data, media_type, via = items[n]
        with scaled.client() as c:
            return scaled.upload(c, data, media_type, via, n)

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, range(len(items))))
    acked = [r for r in results if r is not None]
    return acked, len(results) - len(acked)


@contextlib.contextmanager
def moto_s3(workdir: Path) -> Iterator[dict[str, str]]:
    """A moto_server process and an Object Lock bucket on it: the ``PHIGATE_STORAGE__*`` and AWS variables that
    put every blob of the set-up in that S3 store."""
    import boto3

    from tests._fixtures.services import free_port, moto_server_command, wait_for

    port = free_port()
    log = workdir / "moto.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(moto_server_command(port), stdout=out, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    try:
        def ready() -> bool:
            try:
                return httpx.get(endpoint + "/moto-api/", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(ready, timeout=30, what="moto_server")
        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing",
                          region_name="us-east-1")
        s3.create_bucket(Bucket="phigate-chaos", ObjectLockEnabledForBucket=True)
        yield {**creds, "PHIGATE_STORAGE__BACKEND": "s3", "PHIGATE_STORAGE__S3_BUCKET": "phigate-chaos",
               "PHIGATE_STORAGE__S3_ENDPOINT_URL": endpoint}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
