"""A fresh ``phigate serve`` of its own (so its log holds only what these tests did): a client that hangs up
mid-upload is a logged client abort, not a 500 with a traceback; an oversized JSON body is a 413 that a client
sending the whole body first still reads; the database files are 0600; the first-run admin secret never reaches
standard output."""

from __future__ import annotations

import json
import stat
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from tests._fixtures import samples
from tests._fixtures.server import IntakeServer, own_server

fresh_server = own_server("edge")


def _hang_up_mid_put(server: IntakeServer) -> str:
    data = samples.pdf(300_000)
    with server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a.pdf", "media_type": "application/pdf", "size": len(data)},
                   headers=server.auth(server.token()))
    assert r.status_code == 201
    url = urllib.parse.urlsplit(r.json()["put_url"])
    with server.raw() as s:
        s.sendall(f"PUT {url.path}?{url.query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:150_000])
        time.sleep(0.3)
    return str(r.json()["upload_id"])


def test_client_abort_is_no_server_error(fresh_server: IntakeServer) -> None:
    _hang_up_mid_put(fresh_server)
    deadline = time.monotonic() + 10
    while "client aborted" not in fresh_server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = fresh_server.log.read_text()
    assert "client aborted" in log, log
    assert "Traceback" not in log and "unexpected failure" not in log, log
    with fresh_server.client() as c:
        metrics = c.get("/metrics", headers=fresh_server.metrics_auth())
    put_500 = [line for line in metrics.text.splitlines()
               if line.startswith("phigate_http_requests_total") and "/v1/put/" in line and 'status="500"' in line]
    assert put_500 == []


def test_oversized_chunked_json_is_413(fresh_server: IntakeServer) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"filename": "'
        for _ in range(32):
            yield b"x" * 65_536
        yield b'"}'

    with fresh_server.client() as c:
        r = c.post("/v1/uploads", content=body(), headers={**fresh_server.auth(fresh_server.token()),
                                                          "Content-Type": "application/json"})
        assert r.status_code == 413, r.text
        assert r.json()["error"]["code"] == "payload_too_large"
        small = c.post("/v1/uploads", content=iter([b'{"filename": "a.pdf", "media_type": "application/pdf", ',
                                                    b'"size": 10}']),
                       headers={**fresh_server.auth(fresh_server.token()), "Content-Type": "application/json"})
        assert small.status_code == 201, small.text


def test_an_oversized_json_body_sent_whole_still_gets_its_413(fresh_server: IntakeServer) -> None:
    """A client that writes its whole body before reading (requests, http.client) reads the 413: the server drops
    the rest of a refused body up to 1 MiB instead of closing while the client still sends (a broken pipe or a
    TLS EOF before)."""
    body = json.dumps({"filename": "x" * 900_000}).encode()
    head = (f"POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {fresh_server.token()}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with fresh_server.raw() as s:
        s.sendall(head + body)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    status, _, rest = answer.partition(b"\r\n")
    assert status.startswith(b"HTTP/1.1 413"), answer[:200]
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["error"]["code"] == "payload_too_large"


def test_database_files_are_private(fresh_server: IntakeServer) -> None:
    files = [p for p in fresh_server.data_dir.glob("*.db*")]
    assert {p.name for p in files} >= {"phigate.db", "phigate.audit.db"}
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name


def test_first_run_secret_is_a_private_file_not_stdout(fresh_server: IntakeServer) -> None:
    stdout = (fresh_server.log.parent / f"server-{fresh_server.base_url.rsplit(':', 1)[1]}.out").read_text()
    assert fresh_server.admin_secret not in stdout
    assert fresh_server.admin_secret not in fresh_server.log.read_text()
    creds = fresh_server.data_dir / "admin-credentials.json"
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    assert json.loads(creds.read_text())["client_secret"] == fresh_server.admin_secret
    assert isinstance(fresh_server.data_dir, Path)


def test_request_log_has_ids_and_templates_only(fresh_server: IntakeServer) -> None:
    cid, secret = fresh_server.add_account("t1", ("uploads:create", "uploads:read"))
    token = fresh_server.token_for(cid, secret)
    with fresh_server.client() as c:
        r = c.get("/v1/uploads/up_Jane_Doe_MRI", headers={**fresh_server.auth(token), "X-Request-ID": "req-42.a_b"})
        assert r.status_code == 404 and r.headers["x-request-id"] == "req-42.a_b"
        forged = c.get("/healthz", headers={"X-Request-ID": "MRN 123 fake=line"})
        generated = forged.headers["x-request-id"]
        assert len(generated) == 32 and "MRN" not in generated
        c.put("/v1/put/up_x?exp=1&sig=secret-sig", content=b"x")
    deadline = time.monotonic() + 5
    while "req-42.a_b" not in fresh_server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = fresh_server.log.read_text()
    line = next(x for x in log.splitlines() if "request_id=req-42.a_b" in x)
    assert "method=GET route=/v1/uploads/{upload_id} status=404" in line and f"principal={cid}" in line
    assert f"request_id={generated}" in log
    for secret_or_phi in ("Jane_Doe", "MRN", "fake=line", "secret-sig", token):
        assert secret_or_phi not in log
