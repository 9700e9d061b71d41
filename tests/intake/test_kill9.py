"""kill -9 during 150 concurrent uploads (signed PUT and tus) against a real ``phigate serve``, then a restart:
no acknowledged upload is lost, every upload whose bytes all arrived becomes a document, every other upload can
be finished by retrying (the same signed URL, the tus resume), and what the killed writes left (temp files,
parts of completed uploads) is all ``phigate fsck`` finds: after ``--repair`` it is clean."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from typer.testing import CliRunner

from phigate.cli import app
from tests._fixtures import samples
from tests._fixtures.server import IntakeServer, start_server, stop_server

N = 150
TUS = {"Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream"}
LEASE = 2


@dataclass
class Upload:
    upload_id: str
    kind: str  # "put" or "tus"
    data: bytes
    put_path: str
    acked: bool = False  # the server answered the upload's last request with success


def _create(server: IntakeServer, token: str) -> list[Upload]:
    uploads = []
    with server.client() as c:
        for i in range(N):
            data = samples.pdf(40_000 + 997 * i)
            r = c.post("/v1/uploads", json={"filename": "x.pdf", "media_type": "application/pdf",
                                            "size": len(data), "sha256": samples.sha256(data)},
                       headers=server.auth(token))
            assert r.status_code == 201, r.text
            t = r.json()
            put = urllib.parse.urlsplit(t["put_url"])
            uploads.append(Upload(t["upload_id"], "put" if i % 2 else "tus", data, f"{put.path}?{put.query}"))
    return uploads


def _slowly(data: bytes, pieces: int = 4) -> Iterator[bytes]:
    step = -(-len(data) // pieces)
    for lo in range(0, len(data), step):
        time.sleep(0.02)
        yield data[lo:lo + step]


def _send(server: IntakeServer, token: str, u: Upload) -> None:
    """One client's upload; a dead server shows as a transport error, which leaves it unacknowledged."""
    try:
        with server.client() as c:
            if u.kind == "put":
                u.acked = c.put(u.put_path, content=_slowly(u.data)).status_code in (200, 201)
                return
            half = len(u.data) // 2
            for lo, hi in ((0, half), (half, len(u.data))):
                r = c.patch(f"/v1/tus/{u.upload_id}", content=_slowly(u.data[lo:hi], 2),
                            headers={**TUS, "Upload-Offset": str(lo), **server.auth(token)})
                if r.status_code != 204:
                    return
            u.acked = True
    except httpx.HTTPError:
        return


def _status(c: httpx.Client, server: IntakeServer, token: str, u: Upload) -> dict[str, object]:
    r = c.get(f"/v1/uploads/{u.upload_id}", headers=server.auth(token))
    assert r.status_code == 200, r.text
    return dict(r.json())


def _retry(server: IntakeServer, token: str, u: Upload, deadline: float) -> None:
    """What a client does after the crash: the same signed URL again, or a tus resume from the server's offset."""
    with server.client() as c:
        while time.monotonic() < deadline:
            s = _status(c, server, token, u)
            if s["state"] is not None:
                return
            if u.kind == "put":
                code = c.put(u.put_path, content=u.data).status_code
            else:
                offset = int(s["received"])  # type: ignore[call-overload]
                code = c.patch(f"/v1/tus/{u.upload_id}", content=u.data[offset:],
                               headers={**TUS, "Upload-Offset": str(offset), **server.auth(token)}).status_code
            if code in (200, 201, 204):
                continue
            if code == 410:  # finished meanwhile (its document is being registered): a 410 is right only then
                time.sleep(0.3)
                assert _status(c, server, token, u)["state"] is not None, "410 for an upload that is not finished"
                return
            assert code == 409, code  # a dead writer's claim, until its lease lapses
            time.sleep(0.3)
    raise AssertionError(f"upload {u.upload_id} could not be finished after the restart")


def _fsck(server: IntakeServer, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["fsck", "--json", "--data-dir", str(server.data_dir), *args], env=server.env)
    assert result.exit_code in (0, 1), result.output
    return dict(json.loads(result.output))


def test_kill_9_during_150_uploads_loses_nothing(tmp_path: Path) -> None:
    env = {"PHIGATE_INTAKE__SESSIONS_PER_CLIENT": "1000", "PHIGATE_INTAKE__CLAIM_LEASE_SECONDS": str(LEASE),
           "PHIGATE_INTAKE__PURGE_INTERVAL_SECONDS": "1", "PHIGATE_INTAKE__READ_TIMEOUT_SECONDS": "5"}
    server = start_server(tmp_path / "data", env)
    restarted: IntakeServer | None = None
    try:
        token = server.token("t1")
        uploads = _create(server, token)
        def kill_mid_way() -> None:  # SIGKILL while uploads stream, once some are acknowledged
            deadline = time.monotonic() + 20
            while sum(u.acked for u in uploads) < N // 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.proc.kill()

        killer = threading.Thread(target=kill_mid_way)
        killer.start()
        with ThreadPoolExecutor(24) as pool:
            list(pool.map(lambda u: _send(server, token, u), uploads))
        killer.join()
        server.proc.wait()
        acked = [u for u in uploads if u.acked]
        assert 0 < len(acked) < N, "the kill should land mid-way"

        restarted = start_server(server.data_dir, env, port=int(server.base_url.rsplit(":", 1)[1]),
                                 admin=(server.admin_id, server.admin_secret))
        with restarted.client() as c:
            lost = [u.upload_id for u in acked if _status(c, restarted, token, u)["state"] is None]
            assert lost == []  # every acknowledged upload is a document
            arrived = [u for u in uploads if u.kind == "tus" and
                       _status(c, restarted, token, u)["received"] == len(u.data)]
            deadline = time.monotonic() + 4 * LEASE + 10
            while time.monotonic() < deadline:  # a dead completion's claim lapses; housekeeping completes it
                pending = [u.upload_id for u in arrived if _status(c, restarted, token, u)["state"] is None]
                if not pending:
                    break
                time.sleep(0.5)
            assert pending == []  # every upload whose bytes all arrived is a document

        deadline = time.monotonic() + 30
        server_b = restarted
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda u: _retry(server_b, token, u, deadline), [u for u in uploads if not u.acked]))
        with restarted.client() as c:
            assert all(_status(c, restarted, token, u)["state"] is not None for u in uploads)

        leftovers = _fsck(restarted, "--older-than", "0")  # what the killed writes left, however young
        kinds = [f["kind"] for f in leftovers["findings"]]  # type: ignore[attr-defined]
        assert set(kinds) <= {"temp_file", "orphan_part"}  # garbage only: nothing lost, nothing unfinished
        _fsck(restarted, "--older-than", "0", "--repair")
        assert _fsck(restarted, "--older-than", "0")["clean"] is True
        print(f"kill -9: {len(acked)}/{N} acknowledged before the kill, 0 lost; {len(arrived)} tus uploads had "
              f"every byte; {N - len(acked)} finished by retrying; fsck repaired {len(kinds)} leftovers "
              f"({', '.join(sorted(set(kinds))) or 'none'})")
    finally:
        for s in (server, restarted):
            if s is not None and s.proc.poll() is None:
                stop_server(s.proc)
